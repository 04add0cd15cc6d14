"""A shared, filtered link opened through nginx under /atlas/ shows the filtered view and the map.

Runs the app the way the Docker image does (deploy/start.sh, server.baseUrlPath=atlas) behind a real
nginx rendered from deploy/nginx/*.template on 127.0.0.1, then opens the link in Chromium with every
non-loopback request aborted. The WebSocket has to pass nginx's Upgrade handling, and the map's
topojson has to come from <prefix>/app/static/, or nothing of this renders.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from deploy.local_stack import Stack, find_nginx, local_stack, log_tail

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "artifacts" / "screenshots"
PREFIX = "/atlas"
SHARED_LINK = "map?month=2022-09&place=Kharkiv"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAP_POINTS = "() => document.querySelectorAll('.js-plotly-plot .scattergeo path.point').length"
COUNTRY_PATHS = (
    "() => [...document.querySelectorAll('.js-plotly-plot .geolayer .layer.countries path,"
    " .js-plotly-plot .geolayer .layer.land path')].filter(p => (p.getAttribute('d') || '').length > 1000)"
    ".length"
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(find_nginx() is None, reason="nginx is not installed (apt-get install nginx)"),
]


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The seed dashboard behind nginx at http://127.0.0.1:<port>/atlas/."""
    cache = tmp_path_factory.mktemp("proxy-cache")
    with local_stack(REPO / "seeds", cache=cache, prefix=PREFIX) as stack:
        yield stack


def wait_idle(page, timeout_s: float = 90, settle_ms: int = 600) -> None:
    """Until the script has finished and stayed finished (the sidebar may rerun once on a link)."""
    deadline = time.monotonic() + timeout_s
    while True:
        page.wait_for_selector(IDLE, timeout=max(1000, (deadline - time.monotonic()) * 1000))
        page.wait_for_timeout(settle_ms)
        if page.query_selector(IDLE) is not None or time.monotonic() > deadline:
            return


def test_shared_filtered_link_through_nginx(page, proxied: Stack):
    sockets: list[str] = []
    topojson: list[tuple[str, int]] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.on("response", lambda r: r.url.endswith(".json") and topojson.append((r.url, r.status)))

    link = proxied.url + SHARED_LINK
    try:
        page.goto(link, wait_until="domcontentloaded")
        wait_idle(page)
        # The filtered view: the page's one-line summary names the month and the place.
        summary = page.locator(".news-atlas-view").first.inner_text(timeout=30_000)
        assert "2022-09" in summary and "Kharkiv" in summary, summary
        # The map: points of the filtered places on a basemap drawn from the bundled topojson.
        page.wait_for_function(f"{MAP_POINTS} > 0", timeout=30_000)
        page.wait_for_function(f"{COUNTRY_PATHS} > 0", timeout=30_000)
    except Exception:
        print(log_tail(proxied.runtime_dir / "app.log"))
        print(log_tail(proxied.runtime_dir / "nginx" / "error.log"))
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "proxy-shared-link-FAILED.png"), full_page=True)
        raise
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "proxy-shared-link.png"))

    proxy_origin = urlsplit(proxied.url).netloc
    assert sockets and all(urlsplit(u).netloc == proxy_origin for u in sockets), sockets
    assert any(urlsplit(u).path == f"{PREFIX}/_stcore/stream" for u in sockets), sockets
    assert topojson and all(status == 200 for _, status in topojson), topojson
    assert all(urlsplit(u).path.startswith(f"{PREFIX}/app/static/") for u, _ in topojson), topojson
    assert page.blocked_hosts == []

    # The link stays a shareable link: still under the prefix, on the map, with the filters.
    final = urlsplit(page.url)
    assert final.netloc == proxy_origin and final.path == f"{PREFIX}/map", page.url
    params = parse_qs(final.query)
    assert params.get("month", [""])[0].startswith("2022-09") and params.get("place") == ["Kharkiv"], page.url
    # ...and the link the sidebar offers for sharing points through the proxy too.
    offered = page.locator('[data-testid="stSidebar"] [data-testid="stCode"]').first.inner_text()
    assert offered.strip().startswith(proxied.url + "map?"), offered


def test_bare_prefix_redirects_to_the_app(page, proxied: Stack):
    """https://host/atlas (no slash) is what people type; it must land on the app, not a 404."""
    page.goto(proxied.url.rstrip("/"), wait_until="domcontentloaded")
    wait_idle(page)
    assert urlsplit(page.url).path == f"{PREFIX}/", page.url
    # The frontend can report notRunning for a few seconds before the first run starts (seen through
    # nginx under load), so wait for the page's summary line before checking it.
    page.locator(".news-atlas-view").first.wait_for(state="visible", timeout=30_000)
    assert page.locator(".news-atlas-view").first.is_visible()
