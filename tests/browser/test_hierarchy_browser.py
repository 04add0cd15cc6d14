"""In Chromium with every non-loopback request blocked: the WebGL map draws 50,000 places (points on
the GPU, base layers from the page, no tile server); the region filter and roll-up on the Map; place
names and reader labels in Dutch. Screenshots: artifacts/screenshots/ (docs/ with NEWS_ATLAS_UPDATE_DOCS=1).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.conftest import REPO, _free_port, _wait_healthy, open_app, shot, stop_streamlit

APP = Path(__file__).parent / "apps" / "webgl_many_places.py"
CITY_BLUE = (0x00, 0x72, 0xB2)  # KIND_COLOURS["city"]
# The maplibre map inside plotly's scattermap subplot, and the features it drew on screen.
RENDERED_JS = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    const map = gd && gd._fullLayout.map && gd._fullLayout.map._subplot && gd._fullLayout.map._subplot.map;
    if (!map || !map.loaded()) return -1;
    return map.queryRenderedFeatures().filter(f => f.layer.type === 'circle').length;
}"""
COUNTRIES_JS = RENDERED_JS.replace("'circle'", "'fill'")


@pytest.fixture(scope="module")
def many_places_server():
    port = _free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true",
        "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    (REPO / "artifacts").mkdir(exist_ok=True)
    log = open(REPO / "artifacts" / f"streamlit-webgl-{port}.log", "w")  # noqa: SIM115 - closed on stop
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    proc.log = log  # type: ignore[attr-defined]
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        stop_streamlit(proc)


def _blue_pixels(png: bytes) -> int:
    import numpy as np
    from PIL import Image

    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)
    return int((np.abs(rgb - np.array(CITY_BLUE)).max(axis=2) < 40).sum())


def test_webgl_map_draws_50k_places_offline(page, many_places_server):
    open_app(page, many_places_server)
    page.wait_for_selector(".js-plotly-plot canvas", timeout=60_000)
    page.wait_for_function(f"({RENDERED_JS})() > 0", timeout=60_000)
    page.wait_for_timeout(800)
    drawn = page.evaluate(RENDERED_JS)
    assert drawn > 10_000, drawn  # points rendered by maplibre (one feature per visible point)
    assert page.evaluate(COUNTRIES_JS) > 20  # and the base layer under them
    caption = page.get_by_text("places · figure built in").inner_text()
    assert caption.startswith("50000 places")
    chart = page.locator(".js-plotly-plot").first
    assert _blue_pixels(chart.screenshot()) > 2_000  # city markers visible on screen
    shot(page, "map-webgl-50k", docs=True)
    assert page.blocked_hosts == []


def test_seed_map_with_webgl_renderer_draws_offline(page, streamlit_server):
    open_app(page, streamlit_server, "map", "?renderer=webgl")
    # 22 located places (the coordinate point merged into Kherson); maplibre may report fewer while it
    # is still placing them, so wait for the count rather than read it once.
    page.wait_for_function(f"({RENDERED_JS})() >= 20", timeout=60_000)
    # the country layer came from the dashboard's own static route (app/static/geojson/...)
    page.wait_for_function(f"({COUNTRIES_JS})() >= 20", timeout=30_000)
    assert page.blocked_hosts == []
    shot(page, "map-webgl-seeds")


def test_region_rollup_and_filter_on_the_map(page, streamlit_server):
    open_app(page, streamlit_server, "map", "?level=region&region=Kherson%20Oblast")
    page.wait_for_selector(".js-plotly-plot .scattergeo path.point", timeout=30_000)
    page.wait_for_timeout(600)
    names = page.evaluate(
        "() => document.querySelector('.js-plotly-plot').data"
        ".find(t => t.name === 'places').customdata.map(c => c[0])"
    )
    assert "Kherson Oblast" in names and all(n != "Kherson" for n in names)
    summary = page.locator(".news-atlas-view").first.inner_text()
    assert summary.endswith("Kherson Oblast")
    assert "level=region" in page.url and (
        "region=Kherson+Oblast" in page.url or "region=Kherson%20Oblast" in page.url
    )
    shot(page, "map-regions", docs=True)
    assert page.blocked_hosts == []


def test_dutch_map_and_reader(page, streamlit_server):
    open_app(page, streamlit_server, "map", "?ui=nl")
    page.wait_for_selector(".js-plotly-plot .scattergeo path.point", timeout=30_000)
    page.wait_for_timeout(600)
    labels = page.evaluate(
        "() => document.querySelector('.js-plotly-plot').data.find(t => t.mode === 'text').text"
    )
    assert "Cherson" in labels and "Kherson" not in labels
    shot(page, "map-nl", docs=True)
    open_app(page, streamlit_server, "articles", "?ui=nl")
    meta = page.locator(".na-meta").first
    meta.wait_for(timeout=30_000)
    text = meta.inner_text()
    assert "Datum" in text and "Medium" in text and "Outlet" not in text
    assert page.blocked_hosts == []
