"""The WebGL map for many places: plotly ``scattermap`` (MapLibre GL) over base layers held in the page.

Why: an SVG ``scattergeo`` trace draws one DOM path per place; past a few thousand places panning and
hovering stall, so the Points layer capped itself at the most-mentioned 5,000. ``scattermap`` draws
every place on the GPU. No tile server and no style URL: the map style is an inline MapLibre style (a
water-coloured background) and the countries come from the bundled topojson as GeoJSON layers
(components.explore.basemap.world_geojson), so the map draws with the network blocked. MapLibre text
needs glyph files from a font server, so this map has no text labels (hover names every place); the
SVG map, used below `WEBGL_MIN_PLACES`, keeps its labels.
"""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd

from components.explore import basemap, map_points
from components.views.i18n import _
from components.views.map_style import kind_colour, legend
from components.views.theme import FONT

WEBGL_MIN_PLACES = 5000  # more places than this: WebGL (the SVG map's point cap)
MAX_MARKER_PX = 40
WATER, LAND, BORDER = "#dbe7f3", "#f3f1ea", "#94a3b8"
TILE_PX = 512
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def esc(text: str) -> str:
    """html.escape in one str.translate (a third of its cost, which counts at 50k names)."""
    return text.translate(_HTML)


# MapLibre's world width at zoom 0
# The inline style: a background only, so MapLibre fetches nothing (no sources, sprites or glyphs).
OFFLINE_STYLE = {
    "version": 8,
    "name": "news-atlas-offline",
    "sources": {},
    "layers": [{"id": "water", "type": "background", "paint": {"background-color": WATER}}],
}


def zoom_for(extent: map_points.Extent, width_px: int = 900, height_px: int = 620) -> tuple[dict, float]:
    """Centre and zoom that fit the lat/lon box into a map of the given pixel size (Web Mercator)."""
    (lat_lo, lat_hi), (lon_lo, lon_hi) = extent

    def merc(lat: float) -> float:
        lat = max(-85.0, min(85.0, lat))
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_span = max(lon_hi - lon_lo, 1e-3)
    y_span = max(merc(lat_hi) - merc(lat_lo), 1e-4)
    z_lon = math.log2(width_px * 360.0 / (TILE_PX * lon_span))
    z_lat = math.log2(height_px * 2 * math.pi / (TILE_PX * y_span))
    y_mid = (merc(lat_lo) + merc(lat_hi)) / 2
    centre = {"lat": math.degrees(2 * math.atan(math.exp(y_mid)) - math.pi / 2), "lon": (lon_lo + lon_hi) / 2}
    return centre, max(0.0, min(z_lon, z_lat))


def webgl_traces(shown: pd.DataFrame) -> list[dict]:
    """One scattermap marker trace for every place (biggest first, so small ones are drawn on top),
    plus one empty trace per kind for the legend."""
    biggest = max(int(shown["mentions"].max()) if len(shown) else 1, 1)
    selected = shown["selected"].to_numpy(dtype=bool) if "selected" in shown else np.zeros(len(shown), bool)
    names = shown["name"].astype(str).tolist()
    labels = [esc(v) for v in (shown["label"].astype(str).tolist() if "label" in shown else names)]
    kinds = shown["kind"].astype("string").fillna("").tolist()
    countries = shown["country"].astype("string").fillna("").tolist()
    mentions = shown["mentions"].astype(int).tolist()
    escaped = {v: esc(v) for v in set(kinds) | set(countries)}  # few distinct values
    in_articles = " " + _("mentions in") + " "
    articles = " " + _("articles")
    # One string per point (a list per point for customdata cost ~0.2 s at 50k places, mostly GC).
    hover = [
        f"{escaped[k]} {escaped[c]}<br>{m}{in_articles}{a}{articles}"
        for k, c, m, a in zip(kinds, countries, mentions, shown["articles"].astype(int).tolist(), strict=True)
    ]
    colour_of = {k: kind_colour(k) for k in set(kinds)}
    markers = {
        "type": "scattermap", "mode": "markers", "name": "places", "showlegend": False,
        "lat": shown["lat"].to_numpy(dtype=float), "lon": shown["lon"].to_numpy(dtype=float),
        "customdata": names, "text": labels, "hovertext": hover,
        "marker": {"size": shown["mentions"].to_numpy(), "sizemode": "area", "sizemin": 3,
                   "sizeref": 2.0 * biggest / (MAX_MARKER_PX**2), "opacity": 0.8,
                   "color": [colour_of[k] for k in kinds]},
        "selected": {"marker": {"opacity": 1.0}},
        "hovertemplate": "<b>%{text}</b> · %{hovertext}<extra></extra>",
    }  # fmt: skip
    if selected.any():
        markers["selectedpoints"] = np.flatnonzero(selected).tolist()
    legend_kinds = list(dict.fromkeys(k.lower() for k in kinds))
    legend_items = [
        {"type": "scattermap", "mode": "markers", "lat": [None], "lon": [None],
         "name": html.escape(_(str(k))), "marker": {"size": 10, "color": kind_colour(k)}, "hoverinfo": "skip"}
        for k in legend_kinds
    ]  # fmt: skip
    return [markers, *legend_items]


def webgl_layout(extent: map_points.Extent, uirevision: str, height: int) -> dict:
    """The map box: offline style, country fill and borders from bundled GeoJSON, fitted to the extent."""
    countries = basemap.RELATIVE_WORLD_GEOJSON_URL  # served from static/, fetched by MapLibre once
    centre, zoom = zoom_for(extent, height_px=height)
    layers = [
        {"sourcetype": "geojson", "source": countries, "type": "fill", "color": LAND, "below": "traces"},
        {"sourcetype": "geojson", "source": countries, "type": "line", "color": BORDER,
         "line": {"width": 0.7}, "below": "traces"},
    ]  # fmt: skip
    return {
        "height": height, "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "font": {"family": FONT},
        "legend": legend(_("kind")), "clickmode": "event+select", "dragmode": "pan",
        "uirevision": uirevision,
        "map": {"style": OFFLINE_STYLE, "layers": layers, "center": centre, "zoom": zoom},
    }  # fmt: skip


def webgl_figure(shown: pd.DataFrame, extent: map_points.Extent, uirevision: str, height: int) -> dict:
    """The whole WebGL map as a plain dict."""
    return {"data": webgl_traces(shown), "layout": webgl_layout(extent, uirevision, height)}
