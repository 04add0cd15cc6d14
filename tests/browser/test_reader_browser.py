"""Compare and Articles in a real browser: hostile article text stays inert, and the pages look right.

The XSS probe runs its own server on a temporary corpus holding one hostile article; nothing it
contains may execute (no dialog), load (no request to evil.example) or turn into markup (no <img>,
no javascript: link), and its literal text must be readable on both pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import open_app, settled_count, shot, start_streamlit, stop_streamlit

PROBES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![](http://evil.example/x.png)",
]
TITLE_PROBE = "Kop <img src=x onerror=alert(2)> en ![](http://evil.example/t.png)"
PROBE_ARTICLE = (
    f"{TITLE_PROBE}\n"  # a title line: the title shows up in the picker, the table and the metadata
    " date 2022-11 Oekraïense troepen zijn Cherson binnengetrokken. Een lezer stuurde "
    f"{PROBES[0]} en ook {PROBES[1]} naar de redactie in Kyiv.\n\n"
    f"Meer informatie over de situatie in Mykolajiv staat op {PROBES[2]} volgens de krant.\n\n"
    f"Een foto uit Odesa: {PROBES[3]} werd gisteren gedeeld.\n\n"
    f"{PROBES[3]}\n"
)
OTHER_ARTICLE = (
    " date 2022-11 Het Oekraïense leger heeft vrijdag Cherson heroverd. In Kyiv werd het nieuws met "
    "vreugde ontvangen. De Russische troepen trokken zich terug over de Dnjepr.\n"
)
HOSTILE_DOM = """() => ({
    imgs: document.querySelectorAll('img[src="x"], img[src*="evil.example"]').length,
    jsLinks: document.querySelectorAll('a[href^="javascript:"], a[href*="evil.example"]').length,
    scripts: [...document.querySelectorAll('script')].filter(s => s.textContent.includes('alert(1)')).length,
    handlers: document.querySelectorAll('[onerror], [onclick], [onload]').length,
})"""


@pytest.fixture(scope="module")
def probe_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A dashboard on a temporary corpus: the hostile article plus one ordinary article."""
    corpus = tmp_path_factory.mktemp("xss_corpus")
    (corpus / "000_probe.txt").write_text(PROBE_ARTICLE, encoding="utf-8")
    (corpus / "001_other.txt").write_text(OTHER_ARTICLE, encoding="utf-8")
    cache = tmp_path_factory.mktemp("xss_cache")
    url, proc = start_streamlit(["--corpus", str(corpus), "--cache", str(cache)])
    try:
        yield url
    finally:
        stop_streamlit(proc)


def _watch(page) -> tuple[list[str], list[str]]:
    """Record dialogs (alert/confirm/prompt) and every request URL the page makes."""
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    return dialogs, requests


def _assert_inert(page, dialogs: list[str], requests: list[str]) -> None:
    page.wait_for_timeout(800)  # give any injected handler (onerror) the chance to fire
    assert dialogs == []
    assert [u for u in requests if "evil.example" in u] == []
    assert page.blocked_hosts == []  # nothing, hostile or not, tried to leave the machine
    assert page.evaluate(HOSTILE_DOM) == {"imgs": 0, "jsLinks": 0, "scripts": 0, "handlers": 0}


def _show_boilerplate(page, label: str) -> None:
    """Turn the boilerplate toggle on, so probes the data layer classed as boilerplate are shown too."""
    page.get_by_text(label, exact=True).click()
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')


def test_xss_probe_is_inert_text_in_the_reader(page, probe_server):
    dialogs, requests = _watch(page)
    open_app(page, probe_server)  # the entry page first: it registers st.navigation
    # Articles now lists newest first: the other article has a day, so the probe is opened by its link.
    open_app(page, probe_server, "articles", "?article=000_probe")
    article_id = parse_qs(urlsplit(page.url).query).get("article", [""])[0]
    assert "probe" in article_id
    _show_boilerplate(page, "Show original with boilerplate")
    text = page.locator(".na-article").inner_text()
    for probe in PROBES:
        assert probe in text
    assert page.locator(".na-article mark.na-mention").count() >= 3  # highlighting survived escaping
    assert page.locator(".na-meta .na-title").inner_text() == TITLE_PROBE
    _assert_inert(page, dialogs, requests)


def test_xss_probe_is_inert_text_in_compare(page, probe_server):
    dialogs, requests = _watch(page)
    open_app(page, probe_server)
    open_app(page, probe_server, "compare")
    assert settled_count(page.locator(".na-article"), 2) == 2
    picker = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Articles to compare")
    assert TITLE_PROBE in picker.inner_text()
    _show_boilerplate(page, "Show boilerplate")
    text = "\n".join(page.locator(".na-article").all_inner_texts())
    for probe in PROBES:
        assert probe in text
    _assert_inert(page, dialogs, requests)


def _tall_shot(page, name: str) -> Path:
    """Streamlit scrolls inside its main block, so grow the viewport to fit the content, then shoot."""
    height = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
        " return m ? m.scrollHeight : document.body.scrollHeight; }"
    )
    page.set_viewport_size({"width": 1440, "height": max(1000, min(int(height) + 40, 4000))})
    page.wait_for_timeout(700)
    return shot(page, name, docs=True)


def test_compare_seeds_round_trip_and_screenshot(page, streamlit_server):
    open_app(page, streamlit_server)
    ids = ["000_a58eedbe23edabad", "001_461017412f6bb48b", "002_ba24c0d186162b79", "003_87a6f7e23c8be67f"]
    open_app(page, streamlit_server, "compare", "?compare=" + ",".join(ids))
    assert parse_qs(urlsplit(page.url).query)["compare"] == [",".join(ids)]
    assert settled_count(page.locator(".na-article"), 4) == 4
    assert page.locator(".na-article mark.na-mention").count() > 20
    kherson = page.locator(".na-chips .na-chip", has_text="Kherson")
    assert kherson.count() >= 1  # shared by all four
    assert page.blocked_hosts == []
    target = _tall_shot(page, "compare")
    assert target.stat().st_size > 50_000


def test_articles_reader_screenshot(page, streamlit_server):
    open_app(page, streamlit_server)
    open_app(page, streamlit_server, "articles", "?article=002_ba24c0d186162b79")
    assert settled_count(page.locator(".na-article"), 1) == 1
    title = page.locator(".na-article mark.na-mention").first.get_attribute("title")
    assert title and "·" in title  # resolved name · kind
    assert page.locator(".na-post").count() >= 1  # the embedded tweets, shown apart
    assert page.blocked_hosts == []
    target = _tall_shot(page, "articles")
    assert target.stat().st_size > 50_000
