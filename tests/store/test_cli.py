"""`python -m components places --json` and `export` on the seeds, as a user would run them."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "components", *args], capture_output=True, text=True, cwd=REPO
    )


def test_places_json_shape(seed_cache):
    out = run("places", "seeds", "--json", "--cache", str(seed_cache))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) >= {"articles", "errors"} and data["errors"] == []
    assert len(data["articles"]) == 5
    for a in data["articles"]:
        assert {
            "id",
            "file",
            "title",
            "title_source",
            "date",
            "month",
            "date_source",
            "language",
            "mentions",
        } <= set(a)
        for m in a["mentions"]:
            assert {"start", "end", "surface", "place_id", "name", "kind", "lat", "lon", "country"} <= set(m)
            text = (REPO / "seeds" / a["file"]).read_text(encoding="utf-8")
            assert text[m["start"] : m["end"]] == m["surface"]
    months = {a["id"]: a["month"] for a in data["articles"]}
    assert months["004_49427d75354bfe23"] == "2022-09"


def test_export_csv_and_geojson(seed_cache, tmp_path):
    out = run("export", "seeds", "--format", "csv", "--cache", str(seed_cache))
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    kherson = next(r for r in rows if r["name"] == "Kherson")
    assert int(kherson["mentions"]) >= 10 and int(kherson["articles"]) == 4 and "Cherson" in kherson["forms"]
    target = tmp_path / "places.geojson"
    run("export", "seeds", "--format", "geojson", "--cache", str(seed_cache), "-o", str(target))
    gj = json.loads(target.read_text(encoding="utf-8"))
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == len(rows)
    f = next(f for f in gj["features"] if f["properties"]["name"] == "Kherson")
    assert f["geometry"]["coordinates"] == [float(kherson["lon"]), float(kherson["lat"])]


def test_missing_corpus_is_a_clear_error(tmp_path):
    out = run("build", str(tmp_path / "nope"))
    assert out.returncode == 2 and "corpus not found" in out.stderr


def test_data_layer_does_not_import_streamlit():
    code = (
        "import sys, components, components.store.building, components.store.loading,"
        " components.store.worker, components.__main__, components.store.export, components.store.synthetic;"
        "print('streamlit' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.stdout.strip() == "False", out.stderr
