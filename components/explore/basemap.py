"""The bundled offline base layer: world topojson for plotly geo plus admin-1 outlines and label points.

plotly.js fetches its country shapes from a CDN unless the chart config points ``topojsonURL`` at a
copy we serve ourselves (Streamlit static serving: ``<app dir>/static/`` -> ``app/static/``). The
oblast outlines are drawn as one Scattergeo line trace, so nothing here needs the network.
Pure data: no streamlit, no plotly import.
Sources and licences: ``components/places/data/naturalearth/README.md``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

DATA_DIR = Path(__file__).resolve().parents[1] / "places" / "data" / "naturalearth"
STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
TOPOJSON_SUBDIR = "topojson"
# Where Streamlit serves <app dir>/static/topojson/, relative to the page URL. Pages are one segment
# deep ('/', '/atlas/', '/atlas/map'), so the browser resolves it to <base path>/app/static/topojson/.
RELATIVE_TOPOJSON_URL = "app/static/topojson/"
# The WebGL map's country layer: GeoJSON decoded from world_110m.json (`write_world_geojson`), served
# like the topojson so the figure carries a URL instead of ~650 kB of shapes on every rerun.
WORLD_GEOJSON = "geojson/world_110m_countries.geojson"
RELATIVE_WORLD_GEOJSON_URL = f"app/static/{WORLD_GEOJSON}"

Outlines = Literal["ukraine", "neighbours", "all"]
_OUTLINE_FILES = {"ukraine": ("ukraine_admin1.geojson",), "neighbours": ("neighbour_admin1.geojson",)}


def topojson_dir() -> Path:
    """Folder holding plotly's <scope>_<resolution>m.json files (served as app/static/topojson/)."""
    return STATIC_DIR / TOPOJSON_SUBDIR


def topojson_url(base_url_path: str = "", *, absolute: bool = False) -> str:
    """URL of the served topojson folder; relative by default so a reverse proxy prefix still works.

    ``base_url_path`` is Streamlit's ``server.baseUrlPath`` (e.g. "atlas"); it only matters for the
    absolute form, because the relative form inherits the prefix from the page URL.
    """
    if not absolute:
        return RELATIVE_TOPOJSON_URL
    prefix = "/".join(part for part in str(base_url_path or "").split("/") if part)
    return f"/{prefix}/{RELATIVE_TOPOJSON_URL}" if prefix else f"/{RELATIVE_TOPOJSON_URL}"


def geo_config(base_url: str | None = None, **extra: Any) -> dict[str, Any]:
    """plotly.js config for ``st.plotly_chart(fig, config=...)`` that keeps geo maps offline."""
    url = base_url or RELATIVE_TOPOJSON_URL
    return {"topojsonURL": url if url.endswith("/") else url + "/", **extra}


def has_topojson(scope: str = "world", resolution: int = 110) -> bool:
    """True when the file plotly will request for this geo scope/resolution is bundled."""
    return (topojson_dir() / f"{str(scope).replace(' ', '-')}_{resolution}m.json").is_file()


@lru_cache(maxsize=4)
def _geojson_text(name: str) -> str:
    try:
        return (DATA_DIR / name).read_text(encoding="utf-8")
    except OSError:
        return '{"type": "FeatureCollection", "features": []}'


def _collection(name: str) -> dict[str, Any]:
    """A fresh dict each call: callers (plotly figures) may mutate it, the cache must stay clean."""
    try:
        data = json.loads(_geojson_text(name))
    except ValueError:
        return {"type": "FeatureCollection", "features": []}
    return data if isinstance(data, dict) and isinstance(data.get("features"), list) else {"features": []}


def oblast_outlines() -> dict[str, Any]:
    """Ukraine's 27 admin-1 units (24 oblasts, Crimea, Kyiv and Sevastopol cities) as GeoJSON.

    Feature ``id`` is the ISO 3166-2 code, so it also works as a choropleth ``geojson`` with
    ``featureidkey="id"``. Properties: iso_3166_2, iso_a2, name_en/nl/de/uk, type_en, label_lat/lon.
    """
    return _collection("ukraine_admin1.geojson")


def _rings(geometry: dict[str, Any]) -> list[Any]:
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if not isinstance(coords, list):
        return []
    if kind == "Polygon":
        return coords
    if kind == "MultiPolygon":
        return [ring for polygon in coords if isinstance(polygon, list) for ring in polygon]
    if kind == "LineString":
        return [coords]
    if kind == "MultiLineString":
        return coords
    return []


def _lonlat(point: Any) -> tuple[float, float] | None:
    try:
        return float(point[0]), float(point[1])
    except (TypeError, ValueError, IndexError, KeyError):
        return None


def outline_lines(geojson: dict[str, Any]) -> tuple[list[float | None], list[float | None]]:
    """Every ring of every feature as one (lons, lats) pair with None between rings.

    One Scattergeo trace with gaps draws hundreds of borders far faster than a trace per feature.
    """
    lons: list[float | None] = []
    lats: list[float | None] = []
    features = geojson.get("features") if isinstance(geojson, dict) else None
    for feature in features if isinstance(features, list) else []:
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        for ring in _rings(geometry if isinstance(geometry, dict) else {}):
            points = [pair for pair in map(_lonlat, ring if isinstance(ring, list | tuple) else []) if pair]
            if not points:
                continue
            lons.extend(lon for lon, _ in points)
            lats.extend(lat for _, lat in points)
            lons.append(None)
            lats.append(None)
    return lons, lats


def _outline_collections(which: Outlines) -> list[dict[str, Any]]:
    if which == "all":
        names = _OUTLINE_FILES["ukraine"] + _OUTLINE_FILES["neighbours"]
    else:
        names = _OUTLINE_FILES.get(which, ())
    return [_collection(name) for name in names]


def outline_trace(
    which: Outlines = "ukraine",
    *,
    color: str = "rgba(90,90,90,0.7)",
    width: float = 0.8,
    name: str = "regions",
) -> dict[str, Any]:
    """A Scattergeo line trace (as a dict: ``fig.add_trace(outline_trace())``) of admin-1 borders."""
    lons: list[float | None] = []
    lats: list[float | None] = []
    for collection in _outline_collections(which):
        more_lons, more_lats = outline_lines(collection)
        lons.extend(more_lons)
        lats.extend(more_lats)
    return {
        "type": "scattergeo",
        "mode": "lines",
        "lon": lons,
        "lat": lats,
        "line": {"color": color, "width": width},
        "hoverinfo": "skip",
        "showlegend": False,
        "name": name,
    }


def label_points(which: Outlines = "ukraine", lang: str = "en") -> list[dict[str, Any]]:
    """One label point per admin-1 unit: {code, name, lat, lon}; name falls back to English."""
    points = []
    for collection in _outline_collections(which):
        for feature in collection.get("features") or []:
            props = feature.get("properties") if isinstance(feature, dict) else None
            point = (
                _lonlat((props.get("label_lon"), props.get("label_lat"))) if isinstance(props, dict) else None
            )
            if point is None:
                continue
            points.append(
                {
                    "code": props.get("iso_3166_2", ""),
                    "name": props.get(f"name_{lang}") or props.get("name_en", ""),
                    "lat": point[1],
                    "lon": point[0],
                }
            )
    return points


def _decoded_arcs(topo: dict[str, Any]) -> list[list[list[float]]]:
    """A topojson file's arcs as lon/lat lists (quantized, delta-encoded in the file)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([round(x * sx + tx, 4), round(y * sy + ty, 4)])
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[list[float]]], indexes: list[int]) -> list[list[float]]:
    """One ring from arc indexes (~i: arc i reversed); arcs share their end points, kept once. A ring that
    crosses the antimeridian (Russia, Fiji) jumps by ~360° there: its longitudes are unwrapped so the
    WebGL map does not draw a line across the world (MapLibre accepts longitudes beyond ±180)."""
    ring: list[list[float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points if not ring else points[1:])
    shift = 0.0
    for k in range(1, len(ring)):
        step = ring[k][0] + shift - ring[k - 1][0]
        if abs(step) > 180:
            shift -= 360.0 * round(step / 360.0)
        ring[k] = [round(ring[k][0] + shift, 4), ring[k][1]]
    return ring


@lru_cache(maxsize=2)
def _world_layers_text(resolution: int) -> str:
    path = topojson_dir() / f"world_{resolution}m.json"
    try:
        topo = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return json.dumps(
            {name: {"type": "FeatureCollection", "features": []} for name in ("land", "countries")}
        )
    arcs = _decoded_arcs(topo)
    out = {}
    for name in ("land", "countries"):
        features = []
        for geom in topo["objects"][name]["geometries"]:
            polygons = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
            coords = [[_ring(arcs, ring) for ring in polygon] for polygon in polygons]
            features.append({"type": "Feature", "properties": {},
                             "geometry": {"type": "MultiPolygon", "coordinates": coords}})  # fmt: skip
        out[name] = {"type": "FeatureCollection", "features": features}
    return json.dumps(out)


def world_geojson(resolution: int = 50) -> dict[str, dict[str, Any]]:
    """Land and country shapes as GeoJSON ({"land": ..., "countries": ...}) decoded from the bundled
    plotly topojson: the WebGL map's base layers, drawn from data held in the page (no tile server).
    A fresh dict each call (plotly may mutate figures)."""
    return json.loads(_world_layers_text(resolution))


def write_world_geojson() -> Path:
    """(Re)write static/geojson/world_110m_countries.geojson from the bundled topojson; run it after
    updating static/topojson (tests/explore/test_basemap.py checks the two agree)."""
    target = STATIC_DIR / WORLD_GEOJSON
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(world_geojson(110)["countries"], separators=(",", ":")), encoding="utf-8")
    return target
