"""Shared fixtures for browser tests: one Streamlit server on loopback, Debian Chromium via Playwright.

Every request to a host other than 127.0.0.1/localhost is aborted and recorded in
`page.blocked_hosts`, so a test can assert that rendering needed no internet at all.
The whole directory is skipped, with the reason, when /usr/bin/chromium or playwright is missing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("NEWS_ATLAS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
SCREENSHOTS = REPO / "artifacts" / "screenshots"
DOC_SCREENSHOTS = REPO / "docs" / "screenshots"

try:
    from playwright.sync_api import Browser, Page, Route, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None
    Browser = Page = Route = object  # type: ignore[misc,assignment]

if sync_playwright is None:
    SKIP_REASON = "playwright (python package) is not installed: pip install playwright"
elif not CHROMIUM.exists():
    SKIP_REASON = f"{CHROMIUM} is not installed (apt install chromium)"
else:
    SKIP_REASON = ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in tests/browser as `browser`, and skip them all, with the reason, if we cannot run."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if SKIP_REASON:
                item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {proc.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
            if resp.status == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"streamlit did not become healthy at {url} in {timeout:.0f}s")


def start_streamlit(
    args: list[str] | None = None, env: dict[str, str] | None = None
) -> tuple[str, subprocess.Popen]:
    """Start `streamlit run dashboard.py` on a free loopback port; returns (base_url, process)."""
    port = _free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(REPO / "dashboard.py"),
        "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        "--", *(args if args is not None else ["--corpus", str(REPO / "seeds")]),
    ]  # fmt: skip
    (REPO / "artifacts").mkdir(exist_ok=True)
    log = open(REPO / "artifacts" / f"streamlit-{port}.log", "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        cmd, cwd=REPO, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    proc.log = log  # type: ignore[attr-defined]
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
    except Exception:
        stop_streamlit(proc)
        raise
    return url, proc


def stop_streamlit(proc: subprocess.Popen) -> None:
    """Stop the server we started (its own process group only)."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
    with contextlib.suppress(Exception):
        proc.log.close()  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def streamlit_server() -> Iterator[str]:
    """Base URL of a dashboard serving the seed corpus."""
    (REPO / "artifacts").mkdir(exist_ok=True)
    url, proc = start_streamlit()
    try:
        yield url
    finally:
        stop_streamlit(proc)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def block_internet(page: Page) -> list[str]:
    """Abort every request to a non-loopback host; return the (live) list of hosts that were blocked.

    The full URLs are kept in `page.blocked_urls` for the failure message."""
    blocked: list[str] = []
    page.blocked_urls = []  # type: ignore[attr-defined]

    def handle(route: Route) -> None:
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOOPBACK:
            route.continue_()
        else:
            blocked.append(host or url[:60])
            page.blocked_urls.append(url)  # type: ignore[attr-defined]
            route.abort()

    page.route("**/*", handle)
    return blocked


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh 1440x1000 page with all non-loopback network blocked (see `page.blocked_hosts`)."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, service_workers="block")
    page = context.new_page()
    page.blocked_hosts = block_internet(page)  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        context.close()


def wait_idle(page: Page, timeout: float = 60_000, settle_ms: int = 600) -> None:
    """Wait until the script finished running (and stayed finished for `settle_ms`, to ride out reruns)."""
    idle = '[data-testid="stApp"][data-test-script-state="notRunning"]'
    deadline = time.monotonic() + timeout / 1000
    while True:
        page.wait_for_selector(idle, timeout=max(1000, (deadline - time.monotonic()) * 1000))
        page.wait_for_timeout(settle_ms)
        if page.query_selector(idle) is not None:
            return
        if time.monotonic() > deadline:
            raise TimeoutError("the app kept rerunning")


def open_app(page: Page, base_url: str, path: str = "", query: str = "") -> Page:
    """Open a page of the app (path like 'map', query like '?month=2022-09') and wait until it is idle."""
    url = f"{base_url}/{path.lstrip('/')}{query}"
    page.goto(url, wait_until="domcontentloaded")
    wait_idle(page)
    return page


def settled_count(locator, expected: int, timeout_ms: float = 30_000) -> int:
    """The locator's count once it reaches `expected`, else its count at the timeout.

    The script state turns `notRunning` a little before st.html blocks are in the DOM (measured ~150 ms
    on Compare on an idle machine, more under load), so a bare `count()` after `wait_idle` can see 0.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while (n := locator.count()) != expected and time.monotonic() < deadline:
        locator.page.wait_for_timeout(100)
    return n


def shot(page: Page, name: str, docs: bool = False) -> Path:
    """Full-page screenshot to artifacts/screenshots/<name>.png; README copies in docs/screenshots/ are
    refreshed only when NEWS_ATLAS_UPDATE_DOCS=1, so a test run never changes tracked files."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    if docs and os.environ.get("NEWS_ATLAS_UPDATE_DOCS") == "1":
        DOC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, DOC_SCREENSHOTS / f"{name}.png")
    return target


@pytest.fixture
def app(page: Page, streamlit_server: str):
    """`app(path, query)` opens that view of the seed dashboard and returns the idle page."""
    return lambda path="", query="": open_app(page, streamlit_server, path, query)
