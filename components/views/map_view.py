"""The map: every resolved place of the view over the bundled (offline) base layer, in three layers.

  * Points: one marker per place, sized by mentions (area), coloured by kind, labels on the
    most-mentioned; coordinate "points" merged into their town and big drawn before small, so no
    place hides another (components.explore.map_points);
  * Clusters: mentions summed per grid cell, legible with thousands of places;
  * Playback: one frame per month with a slider and a play button (plotly animation frames).
Selecting points (click, box or lasso) sets the place filter; the articles mentioning the selected
places are listed below (map_articles). The extent and the layer are URL parameters (`view=`,
`layer=`), so a shared link opens the same map. The base layer comes from components.explore.basemap:
plotly.js fetches its topojson from our own static folder (config topojsonURL), so the map draws offline.
"""

from __future__ import annotations

import html
import math
from functools import lru_cache, partial

import numpy as np
import pandas as pd
import streamlit as st

from components.explore import basemap, map_points
from components.explore.filtered_view import FilteredView
from components.views.charts import image_config, image_format_picker, select_place
from components.views.i18n import _, number
from components.views.map_articles import (  # noqa: F401 - re-exported for callers of the old module
    Snippet,
    articles_for_places,
    render_place_articles,
    sentence_snippets,
    snippet_html,
)
from components.views.map_style import CLUSTER_SCALE, KIND_PALETTE, LABEL_TEXT, kind_colour, legend
from components.views.map_webgl import WEBGL_MIN_PLACES, webgl_figure
from components.views.rollup_view import level_choice, located_rows, select_region
from components.views.theme import FONT

MAX_POINT_PX = 46
MAP_HEIGHT = 620
MAP_ASPECT = 1.45  # width / height of the map in the wide layout
MAX_POINTS = 5000  # more places: the Points layer draws the most-mentioned, Clusters draws all
N_LABELS = 12
PARAM_VIEW, PARAM_LAYER, PARAM_RENDERER = "view", "layer", "renderer"
EXTENTS: dict[str, map_points.Extent | None] = {
    "data": None,  # fitted to every located place
    "ukraine": ((44.0, 52.6), (21.5, 40.5)),
    "europe": ((34.0, 66.0), (-12.0, 48.0)),
    "world": ((-58.0, 80.0), (-170.0, 180.0)),
}
EXTENT_LABELS = {"data": "Where the mentions are", "ukraine": "Ukraine", "europe": "Europe", "world": "World"}
LAYERS = {"points": "Points", "clusters": "Clusters", "playback": "Playback"}


def _merc(lat: float) -> float:
    lat = max(-85.0, min(85.0, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _unmerc(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def widen_to_aspect(
    lat_range: tuple[float, float], lon_range: tuple[float, float], ratio: float = MAP_ASPECT
) -> map_points.Extent:
    """Grow the lon or lat range so the Mercator box has the chart's width/height ratio (no slivers)."""
    y_lo, y_hi = _merc(lat_range[0]), _merc(lat_range[1])
    x_span = math.radians(lon_range[1] - lon_range[0])
    if x_span < ratio * (y_hi - y_lo):
        centre, half = sum(lon_range) / 2, math.degrees(ratio * (y_hi - y_lo)) / 2
        half = min(half, 180.0)
        return lat_range, (max(-180.0, centre - half), min(180.0, centre + half))
    centre, half = (y_lo + y_hi) / 2, x_span / ratio / 2
    return (_unmerc(centre - half), _unmerc(centre + half)), lon_range


def map_extent(located: pd.DataFrame, extent: str) -> map_points.Extent:
    """The lat/lon box to show: a named region, or every located place, widened to the chart's shape."""
    return widen_to_aspect(*(EXTENTS.get(extent) or map_points.fit_extent(located)))


@lru_cache(maxsize=1)
def _outlines() -> dict:
    """The oblast borders as numpy arrays (NaN breaks the lines): validating ~7,000 coordinates held in
    Python lists costs ~20 ms per figure, numpy arrays almost nothing."""
    trace = basemap.outline_trace("ukraine", color="rgba(100,116,139,0.55)")
    return {
        **trace,
        "lon": np.array([np.nan if v is None else v for v in trace["lon"]], dtype=float),
        "lat": np.array([np.nan if v is None else v for v in trace["lat"]], dtype=float),
    }


def _forms_text(forms: list[tuple[str, int]], merged: list[str], nearby: str) -> str:
    """The written forms for the hover, plus the coordinate points folded in (`nearby`: translated once)."""
    text = ", ".join(f"{html.escape(f)} ({n})" for f, n in forms) or "—"
    if merged:
        text += "<br>" + nearby.format(names=html.escape(", ".join(merged[:4])))
    return text


def points_traces(view: FilteredView, shown: pd.DataFrame, extent: map_points.Extent) -> list[dict]:
    """One marker trace, biggest first (small drawn on top), plus empty per-kind traces for the legend."""
    codes = shown["code"].tolist()
    forms = view.surface_forms(codes, top=6) if len(codes) <= MAX_POINTS else {}
    biggest = max(int(shown["mentions"].max()) if len(shown) else 1, 1)
    selected = shown["selected"].to_numpy(dtype=bool)
    nearby = _("with coordinates nearby: {names}")
    if "label" not in shown:
        shown = shown.assign(label=shown["name"])
    custom = [
        [str(r.name), html.escape(str(r.label)), html.escape(str(r.kind)), int(r.mentions), int(r.articles),
         _forms_text(forms.get(int(r.code), []), list(r.merged), nearby), html.escape(str(r.country or ""))]
        for r in shown.itertuples(index=False)
    ]  # fmt: skip
    markers = {
        "type": "scattergeo", "mode": "markers", "name": "places", "showlegend": False,
        "lat": shown["lat"].to_numpy(dtype=float), "lon": shown["lon"].to_numpy(dtype=float),
        "customdata": custom,
        "marker": {"size": shown["mentions"].to_numpy(), "sizemode": "area", "sizemin": 4,
                   "sizeref": 2.0 * biggest / (MAX_POINT_PX**2),
                   "color": [kind_colour(k) for k in shown["kind"]], "opacity": 0.8,
                   "line": {"width": np.where(selected, 3, 0.8).tolist(),
                            "color": np.where(selected, "#111827", "white").tolist()}},
        "hovertemplate": ("<b>%{customdata[1]}</b> · %{customdata[2]} %{customdata[6]}<br>"
                          "%{customdata[3]} " + _("mentions in") + " %{customdata[4]} " + _("articles") +
                          "<br>" + _("written as") + ": %{customdata[5]}<extra></extra>"),
    }  # fmt: skip
    kinds = set(shown["kind"].astype("string").str.lower())
    keys = [k for k in KIND_PALETTE if k in kinds] + sorted(kinds - set(KIND_PALETTE))
    legend_items = [
        {"type": "scattergeo", "mode": "markers", "lat": [None], "lon": [None], "name": html.escape(_(k)),
         "marker": {"size": 10, "color": kind_colour(k)}, "hoverinfo": "skip"}
        for k in keys
    ]  # fmt: skip
    span = (extent[0][1] - extent[0][0], extent[1][1] - extent[1][0])
    labels = map_points.label_rows(shown, N_LABELS, min_sep=(span[0] * 0.035, span[1] * 0.09))
    text = {
        "type": "scattergeo", "mode": "text", "showlegend": False, "hoverinfo": "skip",
        "lat": labels["lat"].to_numpy(dtype=float), "lon": labels["lon"].to_numpy(dtype=float),
        "text": [html.escape(str(n)) for n in labels["label"]], "textposition": "top right",
        "textfont": {"family": FONT, "size": 12, "color": LABEL_TEXT},
    }  # fmt: skip
    return [markers, text, *legend_items]


def cluster_traces(located: pd.DataFrame, extent: map_points.Extent) -> list[dict]:
    """Mentions per grid cell: circle area and colour = mentions; the hover names the biggest place."""
    cells = map_points.density_cells(located, map_points.cell_size(extent))
    biggest = max(int(cells["mentions"].max()) if len(cells) else 1, 1)
    custom = [[str(t), html.escape(str(t)), int(m), int(p)] for t, m, p in
              zip(cells["top"], cells["mentions"], cells["places"], strict=True)]  # fmt: skip
    return [{
        "type": "scattergeo", "mode": "markers", "name": "clusters", "showlegend": False,
        "lat": cells["lat"].to_numpy(dtype=float), "lon": cells["lon"].to_numpy(dtype=float),
        "customdata": custom,
        "marker": {"size": cells["mentions"].to_numpy(), "sizemode": "area", "sizemin": 5,
                   "sizeref": 2.0 * biggest / (MAX_POINT_PX**2), "opacity": 0.85,
                   "color": np.log10(cells["mentions"].to_numpy(dtype=float) + 1),
                   "colorscale": CLUSTER_SCALE, "reversescale": True,
                   "line": {"width": 0.6, "color": "white"},
                   "colorbar": {"title": {"text": "log₁₀ " + _("mentions")}, "thickness": 12, "len": 0.5}},
        "hovertemplate": ("%{customdata[2]} " + _("mentions") + ", %{customdata[3]} " + _("places") +
                          "<br>" + _("most mentioned") + ": <b>%{customdata[1]}</b><extra></extra>"),
    }]  # fmt: skip


def geo_layout(extent: map_points.Extent, uirevision: str) -> dict:
    """The base map (land, borders, rivers) and the view box; the legend is dark on light in any theme."""
    lat_range, lon_range = extent
    geo = {
        "resolution": 50, "showcountries": True, "countrycolor": "#94a3b8", "showland": True,
        "landcolor": "#f3f1ea", "showocean": True, "oceancolor": "#dbe7f3", "showlakes": True,
        "lakecolor": "#dbe7f3", "showrivers": True, "rivercolor": "#b6cde6", "showcoastlines": True,
        "coastlinecolor": "#94a3b8", "projection": {"type": "mercator"}, "bgcolor": "rgba(0,0,0,0)",
        "lataxis": {"range": list(lat_range)}, "lonaxis": {"range": list(lon_range)},
    }  # fmt: skip
    return {
        "height": MAP_HEIGHT, "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "font": {"family": FONT},
        "legend": legend(_("kind")), "clickmode": "event+select", "dragmode": "pan",
        "uirevision": uirevision, "geo": geo,
    }  # fmt: skip


def map_figure(
    view: FilteredView,
    located: pd.DataFrame,
    extent_name: str = "data",
    layer: str = "points",
    level: str = "place",
) -> dict:
    """The whole figure as a plain dict (st.plotly_chart validates it once; graph_objects cost more
    than the filtering). `located` = place_stats rows with coordinates."""
    extent = map_extent(located, extent_name)
    data = [dict(_outlines())]  # a copy: plotly pops keys while validating, sessions share the cache
    if layer == "clusters":  # cells sum everything: no merging needed
        return {
            "data": data + cluster_traces(located, extent),
            "layout": geo_layout(extent, f"{extent_name}-clu"),
        }
    if level == "place":
        located = map_points.merge_points(located)
    elif "merged" not in located:  # regions and countries: no coordinate points to fold in
        located = located.assign(merged=[[] for _ in range(len(located))])
    merged = map_points.draw_order(located)
    if layer == "points" and use_webgl(len(merged)):
        return webgl_figure(merged, extent, f"{extent_name}-gl", MAP_HEIGHT)
    if layer == "playback":
        from components.views.map_playback import playback_figure

        return playback_figure(view, merged.head(MAX_POINTS), data, geo_layout(extent, f"{extent_name}-play"))
    else:
        data += points_traces(view, merged.head(MAX_POINTS), extent)
    return {"data": data, "layout": geo_layout(extent, f"{extent_name}-{layer}")}


def use_webgl(n_places: int) -> bool:
    """WebGL for many places (the SVG map caps itself at MAX_POINTS); `renderer=webgl|svg` forces one."""
    forced = str(st.query_params.get(PARAM_RENDERER, "")).strip().lower()
    if forced in ("webgl", "svg"):
        return forced == "webgl"
    return n_places > WEBGL_MIN_PLACES


def _url_choice(param: str, options: dict[str, object], default: str) -> str:
    value = str(st.query_params.get(param, default)).strip().lower()
    return value if value in options else default


def _sync_url(param: str, value: str, default: str) -> None:
    """Keep the choice in the URL (so the share link carries it); the default stays out of it."""
    if value != default:
        if st.query_params.get(param) != value:
            st.query_params[param] = value
    elif param in st.query_params:
        del st.query_params[param]


def _store_choice(key: str, param: str, default: str) -> None:
    """on_change: write the choice to the URL before the script (and the sidebar's share link) runs."""
    _sync_url(param, st.session_state.get(key) or default, default)


def map_controls(n_places: int) -> tuple[str, str, str]:
    """Extent, layer and image-format pickers; extent and layer come from `view=` / `layer=` and are
    written back to the URL. (The roll-up level is chosen above them: rollup_view.level_choice.)"""
    default_layer = "points"  # many places are drawn with WebGL (map_webgl), all of them
    if "map_extent" not in st.session_state:
        st.session_state["map_extent"] = _url_choice(PARAM_VIEW, EXTENTS, "data")
    if "map_layer" not in st.session_state:
        st.session_state["map_layer"] = _url_choice(PARAM_LAYER, LAYERS, default_layer)
    # One wrapping row, each control as wide as its labels: fixed columns cut the longer Dutch
    # labels off ("Wereld", "Afspelen per maand").
    row = st.container(horizontal=True, wrap=True, gap="medium")
    extent = row.segmented_control(
        _("Extent"), list(EXTENTS), key="map_extent", format_func=lambda k: _(EXTENT_LABELS[k]),
        label_visibility="collapsed", on_change=_store_choice, args=("map_extent", PARAM_VIEW, "data"),
    ) or "data"  # fmt: skip
    layer = row.segmented_control(
        _("Layer"), list(LAYERS), key="map_layer", format_func=lambda k: _(LAYERS[k]),
        label_visibility="collapsed", on_change=_store_choice, args=("map_layer", PARAM_LAYER, default_layer),
    ) or default_layer  # fmt: skip
    _sync_url(PARAM_VIEW, extent, "data")
    _sync_url(PARAM_LAYER, layer, default_layer)
    image = image_format_picker(row, "map_image_format")
    return extent, layer, image


def map_caption(level: str, n: int, mentions: int) -> str:
    """The count line under the controls, naming what the dots are at this roll-up level."""
    fields = {"n": number(n), "mentions": number(mentions)}
    if level == "region":
        return _("{n} regions · {mentions} mentions · size = mentions, colour = kind", **fields)
    if level == "country":
        return _("{n} countries · {mentions} mentions · size = mentions, colour = kind", **fields)
    return _("{n} places · {mentions} mentions · size = mentions, colour = kind", **fields)


def render_map(view: FilteredView) -> None:
    level = level_choice(st.container(), "map_level")
    located = located_rows(view, level)
    extent, layer, image = map_controls(len(located))
    st.caption(map_caption(level, len(located), int(located["mentions"].sum())))
    if located.empty:
        st.info(_("No place with coordinates is mentioned in the articles in view."))
        return
    if layer == "points" and len(located) > MAX_POINTS and not use_webgl(len(located)):
        st.caption(
            _("Showing the {n} most-mentioned places; the Clusters layer shows all.", n=f"{MAX_POINTS:,}")
        )
    config = image_config(image, "news-atlas-map", basemap.geo_config(scrollZoom=True, displaylogo=False))
    st.plotly_chart(
        map_figure(view, located, extent, layer, level), key="map_chart",
        on_select=partial(select_region if level == "region" else select_place, "map_chart"),
        selection_mode=("points", "box", "lasso"),
        config=config,
    )  # fmt: skip
    if layer == "clusters":
        st.caption(_("Clicking a cluster selects its most-mentioned place."))
    render_place_articles(view)
