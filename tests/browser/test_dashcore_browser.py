"""The first things a newcomer hits, in Chromium with the network blocked: every page on a messy corpus,
share links that follow the page, Places rows that lead somewhere, Dutch, a phone, the keyboard, and
the progress bar of a first build.

`wait_idle` can return a little before st.html/st.dataframe blocks are in the DOM, so each test waits
for the elements it asserts on.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from tests.browser.conftest import (
    open_app,
    settled_count,
    shot,
    start_streamlit,
    stop_streamlit,
    wait_idle,
)

MESSY = Path(__file__).resolve().parents[1] / "fixtures" / "messy_corpus"
PAGES = {  # url path → what must be drawn before the page counts as shown
    "": ".js-plotly-plot",
    "timeline": ".js-plotly-plot",
    "map": ".js-plotly-plot",
    "compare": ".na-article",
    "articles": ".na-article",
    "places": '[data-testid="stDataFrame"]',
    "issues": '[data-testid="stDataFrame"]',
}
KHERSON = ["000_a58eedbe23edabad", "001_461017412f6bb48b", "002_ba24c0d186162b79", "003_87a6f7e23c8be67f"]
KHARKIV = "004_49427d75354bfe23"


@pytest.fixture(scope="module")
def messy_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    cache = tmp_path_factory.mktemp("messy_cache")
    url, proc = start_streamlit(["--corpus", str(MESSY), "--cache", str(cache)])
    try:
        yield url
    finally:
        stop_streamlit(proc)


def _no_error(page) -> None:
    assert page.query_selector('[data-testid="stException"]') is None
    assert "This app has encountered an error" not in page.inner_text("body")


def _share_link(page) -> str:
    """The query of the sidebar's share link, once it is drawn."""
    link = page.locator('[data-testid="stSidebar"] a', has_text="Share this view")
    link.wait_for(timeout=20_000)
    return unquote(link.get_attribute("href") or "")


@pytest.mark.parametrize("path", list(PAGES), ids=[p or "overview" for p in PAGES])
def test_every_page_renders_on_the_messy_corpus(page, messy_server, path):
    open_app(page, messy_server, path)
    page.locator(PAGES[path]).first.wait_for(timeout=30_000)
    _share_link(page)  # the sidebar's last element: the whole script output is on screen
    page.wait_for_timeout(800)
    _no_error(page)
    shot(page, f"messy-{path or 'overview'}")
    assert page.blocked_hosts == []


def test_unplaced_village_article_opens_in_articles_and_compare(page, messy_server):
    open_app(page, messy_server, "articles", "?article=nl_klisjtsjiivka")
    assert settled_count(page.locator(".na-article"), 1) == 1
    assert page.locator('.na-article mark[data-kind="unresolved"]').count() >= 1
    _no_error(page)
    open_app(page, messy_server, "compare", "?compare=nl_klisjtsjiivka,en_page")
    assert settled_count(page.locator(".na-article"), 2) == 2
    _no_error(page)
    shot(page, "messy-compare-unplaced")


def test_data_issues_page_lists_bad_rows(page, messy_server):
    open_app(page, messy_server, "issues")
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=20_000)
    assert settled_count(page.locator('[data-testid="stMetricValue"]'), 3) == 3
    metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert metrics[:2] == ["4", "9"], metrics
    _share_link(page)
    issues_link = page.get_by_role("link", name="4 bad inputs · 9 unplaced")
    assert issues_link.count() >= 1, page.locator('[data-testid="stSidebar"]').inner_text()
    shot(page, "data-issues", docs=True)


def test_articles_share_link_follows_the_row_click(page, streamlit_server):
    open_app(page, streamlit_server, "articles", f"?article={KHERSON[0]}")
    assert KHERSON[0] in _share_link(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for(timeout=20_000)
    box = grid.bounding_box()
    assert box is not None
    # Rows are newest first: the Kharkiv article (2022-09) is the last of five; click its row checkbox.
    page.mouse.click(box["x"] + 18, box["y"] + 35 * 5 + 18)
    wait_idle(page)
    page.wait_for_function(f"() => location.search.includes('{KHARKIV}')", timeout=20_000)
    assert parse_qs(urlsplit(page.url).query)["article"] == [KHARKIV]
    assert f"article={KHARKIV}" in _share_link(page)


def test_compare_share_link_follows_a_removal(page, streamlit_server):
    open_app(page, streamlit_server, "compare", "?compare=" + ",".join(KHERSON[:3]))
    assert settled_count(page.locator(".na-article"), 3) == 3
    picker = page.locator('[data-testid="stMain"] [data-testid="stMultiSelect"]').first
    picker.locator('[aria-label^="Remove"]').nth(2).click()
    wait_idle(page)
    assert settled_count(page.locator(".na-article"), 2) == 2
    link = _share_link(page)
    assert f"compare={KHERSON[0]},{KHERSON[1]}" in link and KHERSON[2] not in link


def test_places_row_leads_to_a_filter(page, streamlit_server):
    open_app(page, streamlit_server, "places")
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for(timeout=20_000)
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 18)  # the first row: the most-mentioned place
    wait_idle(page)
    button = page.get_by_role("button", name="Filter by this place")
    button.wait_for(timeout=20_000)
    assert page.get_by_role("link", name="Show on the map").count() == 1
    button.click()
    wait_idle(page)
    page.wait_for_function("() => location.search.includes('place=')", timeout=20_000)
    assert page.inner_text(".news-atlas-view").count("·") >= 1
    shot(page, "places-selected")


def test_dutch_interface(page, streamlit_server):
    open_app(page, streamlit_server, "articles", f"?article={KHERSON[1]}&ui=nl")
    page.get_by_role("heading", name="Artikelen").wait_for(timeout=20_000)
    assert page.get_by_text("Filters", exact=True).count() >= 1
    assert settled_count(page.locator(".na-article"), 1) == 1
    shot(page, "articles-nl", docs=True)


def test_phone_layout(browser, streamlit_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    page = context.new_page()
    try:
        for path, query, hook in [
            ("articles", f"?article={KHERSON[1]}", ".na-article"),
            ("compare", "?compare=" + ",".join(KHERSON[:2]), ".na-article"),
            ("", "", ".js-plotly-plot"),
        ]:
            open_app(page, streamlit_server, path, query)
            page.locator(hook).first.wait_for(timeout=20_000)
            page.wait_for_timeout(500)
            _no_error(page)
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 2, (path, overflow)  # nothing forces sideways scrolling
            page.screenshot(path=str(shot_path(f"phone-{path or 'overview'}")), full_page=False)
    finally:
        context.close()


def shot_path(name: str) -> Path:
    from tests.browser.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def test_keyboard_reaches_the_filters_and_the_table(page, streamlit_server):
    open_app(page, streamlit_server, "articles", f"?article={KHERSON[1]}")
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=20_000)
    reached: set[str] = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        reached.update(
            page.evaluate(
                """() => { const out = []; let e = document.activeElement;
                   for (; e; e = e.parentElement) { const t = e.getAttribute && e.getAttribute('data-testid');
                     if (t) out.push(t); } return out; }"""
            )
        )
    assert {"stSidebar", "stMultiSelect", "stTextInput"} <= reached, reached  # the sidebar filters
    assert "stDataFrame" in reached, reached  # the article table
    assert "stMain" in reached, reached


def test_first_build_shows_a_progress_bar_with_counts(page, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (MESSY / "nl_klisjtsjiivka.txt").read_text(encoding="utf-8")
    for i in range(400):
        (corpus / f"{i:04d}.txt").write_text(text.replace("Bachmoet", f"Bachmoet {i}"), encoding="utf-8")
    url, proc = start_streamlit(["--corpus", str(corpus), "--cache", str(tmp_path / "cache")])
    try:
        page.goto(url, wait_until="domcontentloaded")
        bar = page.locator('[data-testid="stProgress"]')
        bar.first.wait_for(timeout=30_000)
        texts: list[str] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and page.locator(".news-atlas-view").count() == 0:
            texts += bar.all_inner_texts()
            page.wait_for_timeout(100)
        counted = [t for t in texts if re.search(r"\d+/400 files", t)]
        assert counted, texts[:5]  # the bar showed counts while the cache was built
        wait_idle(page, timeout=120_000)
        page.locator(".news-atlas-view").wait_for(timeout=30_000)
        assert "400 articles" in page.inner_text(".news-atlas-view")
        shot(page, "first-build-done")
    finally:
        stop_streamlit(proc)
