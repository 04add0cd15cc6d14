"""The bundled offline base layer: files present and sane, outlines and configs built right."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from components.explore import basemap

REPO = Path(__file__).resolve().parents[2]
PLOTLY_LAYERS = {"coastlines", "countries", "land", "ocean", "lakes", "rivers", "subunits"}
SIMFEROPOL = (34.10, 44.95)  # lon, lat
KYIV = (30.52, 50.45)


def _decode_topojson(topo: dict) -> tuple[list[list[list[float]]], dict]:
    """Quantized arcs -> absolute [lon, lat] arcs, plus the objects (enough for point-in-polygon)."""
    scale, shift = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([x * scale[0] + shift[0], y * scale[1] + shift[1]])
        arcs.append(points)
    return arcs, topo["objects"]


def _ring(arcs: list, indexes: list[int]) -> list[list[float]]:
    points: list[list[float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _inside(point: tuple[float, float], ring: list) -> bool:
    x, y = point
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            hit = not hit
    return hit


def _in_polygons(point: tuple[float, float], polygons: list[list[list]]) -> bool:
    """Even-odd over each polygon's rings, so holes count as outside."""
    return any(sum(_inside(point, ring) for ring in polygon) % 2 == 1 for polygon in polygons)


def _topo_country_polygons(topo: dict, iso3: str) -> list[list[list]]:
    arcs, objects = _decode_topojson(topo)
    geometry = next(g for g in objects["countries"]["geometries"] if g.get("id") == iso3)
    parts = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    return [[_ring(arcs, ring) for ring in polygon] for polygon in parts]


def _feature_polygons(feature: dict) -> list[list[list]]:
    geometry = feature["geometry"]
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


@pytest.fixture(scope="module")
def world_110m() -> dict:
    return json.loads((basemap.topojson_dir() / "world_110m.json").read_text(encoding="utf-8"))


def test_topojson_files_plotly_requests_are_bundled() -> None:
    # plotly.js asks for <topojsonURL><scope with '-' for ' '>_<resolution>m.json
    for scope in ("world", "europe"):
        for resolution in (110, 50):
            assert basemap.has_topojson(scope, resolution), (scope, resolution)
    assert not basemap.has_topojson("atlantis", 110)
    assert not basemap.has_topojson(None, 110)  # type: ignore[arg-type]
    assert basemap.topojson_dir() == REPO / "static" / "topojson"


@pytest.mark.parametrize("name", ["world_110m", "world_50m", "europe_110m", "europe_50m"])
def test_topojson_has_every_layer_plotly_draws(name: str) -> None:
    topo = json.loads((basemap.topojson_dir() / f"{name}.json").read_text(encoding="utf-8"))
    assert topo["type"] == "Topology"
    assert set(topo["objects"]) >= PLOTLY_LAYERS
    ids = {g.get("id") for g in topo["objects"]["countries"]["geometries"]}
    assert {"UKR", "RUS", "POL"} <= ids
    # plotly places `locations` at properties.ct: every country needs one
    assert all(len(g["properties"]["ct"]) == 2 for g in topo["objects"]["countries"]["geometries"])


def test_world_topojson_draws_crimea_as_ukraine(world_110m: dict) -> None:
    ukraine = _topo_country_polygons(world_110m, "UKR")
    russia = _topo_country_polygons(world_110m, "RUS")
    assert _in_polygons(KYIV, ukraine)
    assert _in_polygons(SIMFEROPOL, ukraine)
    assert not _in_polygons(SIMFEROPOL, russia)


def test_committed_files_stay_small() -> None:
    assert (basemap.DATA_DIR / "ukraine_admin1.geojson").stat().st_size < 300_000
    assert (basemap.DATA_DIR / "neighbour_admin1.geojson").stat().st_size < 400_000
    assert (basemap.topojson_dir() / "world_110m.json").stat().st_size < 400_000


def test_oblast_outlines_cover_ukraine_with_names_and_labels() -> None:
    features = basemap.oblast_outlines()["features"]
    codes = [f["properties"]["iso_3166_2"] for f in features]
    assert 25 <= len(features) <= 27
    assert len(set(codes)) == len(codes)
    assert all(code.startswith("UA-") for code in codes)
    assert {"UA-43", "UA-40", "UA-30", "UA-32", "UA-14", "UA-65"} <= set(codes)  # Crimea, Sevastopol, Kyiv x2
    for feature in features:
        props = feature["properties"]
        assert feature["id"] == props["iso_3166_2"]
        assert props["iso_a2"] == "UA"
        assert props["name_en"] and props["name_nl"] and props["name_de"], props
        label = (props["label_lon"], props["label_lat"])
        assert 22 <= label[0] <= 41 and 44 <= label[1] <= 53, props
        assert _in_polygons(label, _feature_polygons(feature)), props["iso_3166_2"]
    names = {f["properties"]["iso_3166_2"]: f["properties"]["name_en"] for f in features}
    assert names["UA-30"] != names["UA-32"]  # Kyiv city vs Kyiv Oblast


def test_each_oblast_contains_its_capital() -> None:
    by_code = {f["id"]: f for f in basemap.oblast_outlines()["features"]}
    for code, city in {"UA-63": (36.23, 49.99), "UA-46": (24.03, 49.84), "UA-43": SIMFEROPOL}.items():
        assert _in_polygons(city, _feature_polygons(by_code[code])), code


def test_outlines_are_fresh_dicts() -> None:
    first = basemap.oblast_outlines()
    first["features"].clear()
    assert basemap.oblast_outlines()["features"]


def test_outline_lines_separates_rings_with_none() -> None:
    geojson = basemap.oblast_outlines()
    rings = sum(
        len(poly) for f in geojson["features"] for poly in _feature_polygons(f)
    )  # one None after every ring
    lons, lats = basemap.outline_lines(geojson)
    assert len(lons) == len(lats)
    assert lons.count(None) == rings == lats.count(None)
    assert lons[-1] is None
    assert all(22 <= x <= 41 for x in lons if x is not None)


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {"features": None},
        {"features": "nope"},
        {"features": ["x", 3, {"geometry": "y"}]},
        {"features": [None, {}, {"geometry": None}, {"geometry": {"type": "Point", "coordinates": [1, 2]}}]},
        {
            "features": [
                {"geometry": {"type": "Polygon", "coordinates": [[[1, 2], "x", [3], [1, "a"], None]]}}
            ]
        },
        {"features": [{"geometry": {"type": "MultiPolygon", "coordinates": [None, [7], [[None]]]}}]},
    ],
)
def test_outline_lines_tolerates_bad_geojson(bad: dict) -> None:
    assert basemap.outline_lines(None) == ([], [])  # type: ignore[arg-type]
    lons, lats = basemap.outline_lines(bad)
    assert len(lons) == len(lats)
    assert all(x is None or isinstance(x, float) for x in lons)


def test_outline_lines_draws_multipolygons_and_lines() -> None:
    geojson = {
        "features": [
            {
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [[[[0, 0], [1, 0], [0, 1], [0, 0]]], [[[5, 5], [6, 5], [5, 5]]]],
                }
            },
            {"geometry": {"type": "LineString", "coordinates": [[7, 7], [8, 8]]}},
        ]
    }
    lons, lats = basemap.outline_lines(geojson)
    assert lons == [0.0, 1.0, 0.0, 0.0, None, 5.0, 6.0, 5.0, None, 7.0, 8.0, None]
    assert lats[:5] == [0.0, 0.0, 1.0, 0.0, None]


def test_outline_trace_is_a_scattergeo_line_trace() -> None:
    ukraine = basemap.outline_trace("ukraine")
    everything = basemap.outline_trace("all", color="red", width=2)
    assert ukraine["type"] == "scattergeo" and ukraine["mode"] == "lines"
    assert ukraine["hoverinfo"] == "skip"
    assert len(everything["lon"]) > len(ukraine["lon"]) > 1000
    assert everything["line"] == {"color": "red", "width": 2}
    assert basemap.outline_trace("atlantis")["lon"] == []  # type: ignore[arg-type]


def test_outline_trace_is_accepted_by_plotly() -> None:
    go = pytest.importorskip("plotly.graph_objects")
    fig = go.Figure()
    fig.add_trace(basemap.outline_trace("ukraine"))
    assert fig.data[0].type == "scattergeo"


def test_label_points_follow_language_with_english_fallback() -> None:
    nl = {p["code"]: p for p in basemap.label_points(lang="nl")}
    xx = {p["code"]: p for p in basemap.label_points(lang="xx")}
    assert nl["UA-63"]["name"] == "Charkov"
    assert xx["UA-63"]["name"] == "Kharkiv"
    assert len(basemap.label_points("neighbours")) > 100


def test_geo_config_points_plotly_at_the_served_folder() -> None:
    assert basemap.geo_config() == {"topojsonURL": "app/static/topojson/"}
    assert basemap.geo_config("/atlas/app/static/topojson")["topojsonURL"] == "/atlas/app/static/topojson/"
    assert basemap.geo_config(scrollZoom=False)["scrollZoom"] is False


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("", "/app/static/topojson/"),
        ("atlas", "/atlas/app/static/topojson/"),
        ("/a/b/", "/a/b/app/static/topojson/"),
    ],
)
def test_absolute_topojson_url(base: str, expected: str) -> None:
    assert basemap.topojson_url(base, absolute=True) == expected
    assert basemap.topojson_url(base) == "app/static/topojson/"


def test_admin_names_csv() -> None:
    with (basemap.DATA_DIR / "admin_names.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == [
            "level", "iso_a2", "code", "name_en", "name_nl", "name_de", "label_lat", "label_lon", "source",
        ]  # fmt: skip
        rows = list(reader)
    countries = {"UA", "RU", "BY", "MD", "PL", "RO", "SK", "HU"}
    assert {r["iso_a2"] for r in rows if r["level"] == "0"} == countries
    assert {r["iso_a2"] for r in rows if r["level"] == "1"} == countries
    for row in rows:
        assert row["name_en"] and row["source"], row
        assert -90 <= float(row["label_lat"]) <= 90 and -180 <= float(row["label_lon"]) <= 180
    ukraine = next(r for r in rows if r["level"] == "0" and r["code"] == "UA")
    assert (ukraine["name_nl"], ukraine["name_de"]) == ("Oekraïne", "Ukraine")
    crimea = next(r for r in rows if r["code"] == "UA-43")
    assert crimea["iso_a2"] == "UA"


def test_country_points_csv() -> None:
    with (basemap.DATA_DIR / "country_points.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    codes = [r["iso_a2"] for r in rows]
    assert len(rows) > 200 and len(set(codes)) == len(codes)
    assert all(len(code) == 2 and code.isupper() for code in codes)
    points = {r["iso_a2"]: (float(r["label_lon"]), float(r["label_lat"])) for r in rows}
    assert 22 < points["UA"][0] < 41 and 44 < points["UA"][1] < 53
    assert 3 < points["NL"][0] < 8 and 50 < points["NL"][1] < 54


def test_missing_data_files_do_not_raise(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(basemap, "DATA_DIR", tmp_path)
    basemap._geojson_text.cache_clear()
    try:
        assert basemap.oblast_outlines()["features"] == []
        assert basemap.outline_trace()["lon"] == []
    finally:
        basemap._geojson_text.cache_clear()


def test_served_world_geojson_matches_the_bundled_topojson() -> None:
    """The WebGL map's country layer (static/geojson) is the decoded world_110m topojson, up to date."""
    import json

    served = json.loads((basemap.STATIC_DIR / basemap.WORLD_GEOJSON).read_text(encoding="utf-8"))
    assert served == json.loads(json.dumps(basemap.world_geojson(110)["countries"]))
    assert len(served["features"]) > 150


def test_rings_crossing_the_antimeridian_are_unwrapped() -> None:
    """No edge of a country ring jumps across the map (Russia and Fiji cross ±180°)."""
    countries = basemap.world_geojson(110)["countries"]
    worst = 0.0
    for feature in countries["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                lons = [p[0] for p in ring]
                worst = max([worst, *(abs(b - a) for a, b in zip(lons, lons[1:], strict=False))])
    assert worst < 180, worst


def test_topojson_decoding_restores_coordinates() -> None:
    arcs = basemap._decoded_arcs({"transform": {"scale": [0.5, 0.25], "translate": [-10, 20]},
                                  "arcs": [[[0, 0], [2, 4], [2, -4]], [[0, 0], [4, 0]]]})  # fmt: skip
    assert arcs == [[[-10.0, 20.0], [-9.0, 21.0], [-8.0, 20.0]], [[-10.0, 20.0], [-8.0, 20.0]]]
    # ~1 is arc 1 reversed; the shared end point is kept once
    assert basemap._ring(arcs, [0, ~1]) == [[-10.0, 20.0], [-9.0, 21.0], [-8.0, 20.0], [-10.0, 20.0]]
