"""Prove the geo map renders with no internet: Streamlit + plotly geo + bundled topojson, network cut.

For each variant it writes a tiny two-page Streamlit app into a temp dir (``static/topojson`` copied
from this repo, ``[server] enableStaticServing = true``), runs ``streamlit run`` on 127.0.0.1, opens
it in Debian's headless Chromium via Playwright with every non-loopback request aborted (and logged),
checks the DOM (country paths drawn, outline trace drawn, topojson answered 200) and screenshots it.

    python scripts/check_offline_map.py                       # all variants, PNGs into /work/notes
    python scripts/check_offline_map.py --only atlas-relative --out /tmp/shots

Variants: ``root-relative`` (page /, topojsonURL "app/static/topojson/"), ``atlas-relative`` and
``atlas-absolute`` (server.baseUrlPath=atlas, pages /atlas/ and /atlas/map), ``atlas-noslash``
(/atlas without the trailing slash), ``atlas-pageslash`` (/atlas/map/), ``world-110m`` (whole
world, 110m file), and the control ``cdn-default`` (no topojsonURL: plotly asks cdn.plot.ly,
which is blocked, so nothing is drawn, not even the points).
Exit status 0 when every variant behaved as expected. Never run by CI.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}

APP = """
import sys
sys.path.insert(0, {repo!r})
import plotly.graph_objects as go
import streamlit as st
from components.explore import basemap

TOPOJSON_URL = {topojson_url!r}  # None: plotly's default (the CDN)
RESOLUTION = {resolution!r}
OUTLINES = {outlines!r}
ZOOM = {zoom!r}

CITIES = {{"Kyiv": (50.45, 30.52), "Kharkiv": (49.99, 36.23), "Odesa": (46.48, 30.72),
          "Lviv": (49.84, 24.03), "Mariupol": (47.10, 37.55), "Kherson": (46.64, 32.62)}}


def draw() -> None:
    fig = go.Figure()
    fig.add_trace(basemap.outline_trace(OUTLINES))
    fig.add_trace(go.Scattergeo(lon=[v[1] for v in CITIES.values()], lat=[v[0] for v in CITIES.values()],
                                text=list(CITIES), mode="markers+text", textposition="top center",
                                marker=dict(size=10, color="crimson"), name="places"))
    fig.update_geos(resolution=RESOLUTION, showcountries=True, countrycolor="#555", showland=True,
                    landcolor="#f2efe6", showocean=True, oceancolor="#dbe9f6", showlakes=True)
    if ZOOM:
        fig.update_geos(lataxis_range=[43, 54], lonaxis_range=[20, 42], projection_type="mercator")
    fig.update_layout(height=560, margin=dict(l=0, r=0, t=0, b=0), showlegend=False)
    config = basemap.geo_config(TOPOJSON_URL) if TOPOJSON_URL else {{}}
    st.plotly_chart(fig, config=config)


def home() -> None:
    st.title("Offline map check")
    draw()


def map_page() -> None:
    st.title("Offline map check: second page")
    draw()


PAGES = [st.Page(home, title="Home", default=True), st.Page(map_page, title="Map", url_path="map")]
st.navigation(PAGES).run()
"""


@dataclass
class Variant:
    name: str
    base_path: str  # Streamlit server.baseUrlPath ("" for none)
    topojson_url: str | None
    pages: tuple[str, ...]  # paths to open, relative to the server root
    expect_countries: bool = True
    resolution: int = 50
    outlines: str = "all"
    zoom: bool = True


VARIANTS = [
    Variant("root-relative", "", "app/static/topojson/", ("/", "/map")),
    Variant("atlas-relative", "atlas", "app/static/topojson/", ("/atlas/", "/atlas/map")),
    Variant("atlas-absolute", "atlas", "/atlas/app/static/topojson/", ("/atlas/", "/atlas/map")),
    Variant("atlas-noslash", "atlas", "app/static/topojson/", ("/atlas",)),
    Variant("atlas-pageslash", "atlas", "app/static/topojson/", ("/atlas/map/",)),
    Variant("world-110m", "", "app/static/topojson/", ("/",), resolution=110, outlines="ukraine", zoom=False),
    Variant("cdn-default", "", None, ("/",), expect_countries=False),
]


@dataclass
class PageResult:
    url: str
    final_url: str = ""
    blocked: list[str] = field(default_factory=list)
    topojson: list[tuple[str, int]] = field(default_factory=list)
    country_paths: int = 0
    drawn_traces: int = 0
    console_errors: list[str] = field(default_factory=list)
    screenshot: str = ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _write_app(folder: Path, variant: Variant) -> Path:
    shutil.copytree(REPO / "static" / "topojson", folder / "static" / "topojson")
    (folder / ".streamlit").mkdir()
    repo_config = REPO / ".streamlit" / "config.toml"
    config = repo_config.read_text(encoding="utf-8") if repo_config.is_file() else ""
    if "enableStaticServing" not in config:
        config = "[server]\nenableStaticServing = true\n\n" + config.replace("[server]\n", "", 1)
    (folder / ".streamlit" / "config.toml").write_text(config, encoding="utf-8")
    app = folder / "app.py"
    source = APP.format(
        repo=str(REPO),
        topojson_url=variant.topojson_url,
        resolution=variant.resolution,
        outlines=variant.outlines,
        zoom=variant.zoom,
    )
    app.write_text(textwrap.dedent(source))
    return app


def _wait_healthy(root: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early ({proc.returncode})")
        try:
            with urllib.request.urlopen(f"{root}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError("streamlit did not become healthy")


def _visit(browser, url: str, shot: Path) -> PageResult:
    result = PageResult(url=url)
    context = browser.new_context(viewport={"width": 1100, "height": 820})
    page = context.new_page()

    def guard(route) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOOPBACK_HOSTS:
            route.continue_()
        else:
            result.blocked.append(route.request.url)
            route.abort("internetdisconnected")

    def on_response(response) -> None:
        if "topojson" in response.url or response.url.endswith(("_110m.json", "_50m.json")):
            result.topojson.append((response.url, response.status))

    context.route("**/*", guard)
    page.on("response", on_response)
    # Streamlit probes <page>/_stcore/health and host-config before the real base path: 404s there
    # are its normal deep-link behaviour, so only other failures are recorded.
    page.on(
        "response",
        lambda r: (
            r.status >= 400
            and "/_stcore/" not in r.url
            and result.console_errors.append(f"{r.status} {r.url}")
        ),
    )
    page.goto(url, wait_until="domcontentloaded")
    try:
        page.wait_for_selector(".js-plotly-plot .geolayer", timeout=30_000)
        page.wait_for_function(
            "() => document.querySelectorAll('.js-plotly-plot .scattergeo path, "
            ".js-plotly-plot .scattergeo .point').length > 0",
            timeout=20_000,
        )
        page.wait_for_timeout(2500)  # topojson fetch + redraw
    except Exception as exc:  # noqa: BLE001 - a failed wait is a finding, not a crash
        result.console_errors.append(f"wait failed: {exc.__class__.__name__}")
    result.final_url = page.url
    # plotly draws each base layer (land, countries, ...) as one long <path>; without topojson
    # the layer groups exist but their paths are empty.
    result.country_paths = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot .geolayer .layer.countries path,"
        " .js-plotly-plot .geolayer .layer.land path')]"
        ".filter(p => (p.getAttribute('d') || '').length > 1000).length"
    )
    result.drawn_traces = page.evaluate(
        "() => document.querySelectorAll('.js-plotly-plot .trace.scattergeo').length"
    )
    page.screenshot(path=str(shot), full_page=False)
    result.screenshot = str(shot)
    context.close()
    return result


def run_variant(variant: Variant, out_dir: Path) -> tuple[bool, list[PageResult]]:
    """Start streamlit for this variant, visit its pages, judge the outcome."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    results: list[PageResult] = []
    with tempfile.TemporaryDirectory(prefix="offline-map-") as tmp:
        app = _write_app(Path(tmp), variant)
        cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.address", "127.0.0.1"]
        cmd += [
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ]
        if variant.base_path:
            cmd += ["--server.baseUrlPath", variant.base_path]
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        proc = subprocess.Popen(cmd, cwd=tmp, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            root = f"http://127.0.0.1:{port}"
            _wait_healthy(root + (f"/{variant.base_path}" if variant.base_path else ""), proc)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    for i, path in enumerate(variant.pages):
                        shot = out_dir / f"basemap-{variant.name}-{i}.png"
                        results.append(_visit(browser, root + path, shot))
                finally:
                    browser.close()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    ok = all(_judge(variant, r) for r in results)
    return ok, results


def _judge(variant: Variant, r: PageResult) -> bool:
    fetched = any(status == 200 for _, status in r.topojson)
    if variant.expect_countries:
        return fetched and r.country_paths > 0 and r.drawn_traces >= 2
    return r.country_paths == 0 and any("cdn.plot.ly" in u for u in r.blocked)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render the geo map offline and screenshot it.")
    parser.add_argument("--out", type=Path, default=Path("/work/notes"), help="folder for the PNGs")
    parser.add_argument("--only", action="append", help="run only this variant (repeatable)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    chosen = [v for v in VARIANTS if not args.only or v.name in args.only]
    all_ok = True
    for variant in chosen:
        ok, results = run_variant(variant, args.out)
        all_ok &= ok
        print(f"{'OK ' if ok else 'BAD'} {variant.name} (expect countries: {variant.expect_countries})")
        for r in results:
            print(json.dumps(r.__dict__, indent=None)[:1500])
    return 0 if all_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
