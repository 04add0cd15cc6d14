"""Overview / Timeline / Map / Places in real Chromium, with every non-loopback request blocked.

Screenshots go to artifacts/screenshots/ (and docs/screenshots/ for the README); a blank page or map
is a failure, so the tests also check that charts and map points were actually drawn.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import REPO, open_app, shot, start_streamlit, stop_streamlit, wait_idle

PAGES = [  # (url path, title, what must be drawn)
    ("", "Overview", ".js-plotly-plot .barlayer .point"),
    ("timeline", "Timeline", ".js-plotly-plot .barlayer .point"),
    ("map", "Map", ".js-plotly-plot .scattergeo path.point"),
    ("places", "Places", '[data-testid="stDataFrame"]'),
]


def summary(page) -> str:
    return page.inner_text(".news-atlas-view").strip()


@pytest.mark.parametrize(("path", "title", "drawn"), PAGES, ids=[p[1] for p in PAGES])
def test_every_page_renders_offline(page, streamlit_server, path, title, drawn):
    open_app(page, streamlit_server, path)
    page.wait_for_selector(drawn, timeout=20_000)
    assert page.get_by_role("heading", name=title).count() >= 1
    assert page.query_selector('[data-testid="stException"]') is None
    assert re.fullmatch(r"\d+ articles?", summary(page)), summary(page)
    page.wait_for_timeout(500)  # let plotly finish its transitions before the picture
    shot(page, f"{title.lower()}", docs=True)
    assert page.blocked_hosts == [], f"rendering tried to reach the internet: {page.blocked_urls}"


def test_map_draws_points_over_the_bundled_base_layer(page, streamlit_server):
    topojson: list[tuple[int, str]] = []
    page.on("response", lambda r: topojson.append((r.status, r.url)) if "topojson" in r.url else None)
    open_app(page, streamlit_server, "map")
    page.wait_for_selector(".scattergeo path.point", timeout=20_000)
    assert page.locator(".geo .layer.land path, .geo .land").count() >= 1  # base layer drawn
    assert page.locator(".geo .layer.countries path, .geo .countries").count() >= 1
    points = page.locator(".scattergeo path.point").count()
    assert points >= 10, points  # the seeds mention ~20 places with coordinates
    biggest = max(page.locator(".scattergeo path.point").all(), key=lambda p: p.bounding_box()["width"])
    biggest.hover(force=True)
    page.wait_for_selector(".hoverlayer .hovertext", timeout=10_000)
    hover = page.locator(".hoverlayer .hovertext").first.text_content() or ""
    assert "mentions in" in hover and "written as:" in hover, hover  # name, kind, count, forms
    assert "Cherson" in hover or "Oekraïne" in hover, hover  # a Dutch form of the biggest place
    assert topojson and all(status == 200 for status, _ in topojson)
    assert all(url.startswith(streamlit_server) for _, url in topojson)
    assert page.blocked_hosts == []


def test_link_opens_exactly_the_september_kharkiv_article(page, streamlit_server):
    open_app(page, streamlit_server, "map", "?month=2022-09&place=Kharkiv")
    assert summary(page) == "1 article · 2022-09 · Kharkiv"
    page.wait_for_selector(".news-atlas-article", timeout=20_000)
    articles = page.locator(".news-atlas-article")
    assert articles.count() == 1
    card = articles.first.inner_text()
    assert "004_49427d75354bfe23" in card  # the seed whose date header is 2022-09
    assert page.locator(".news-atlas-article mark").count() >= 1  # the sentence with the mention
    assert "month=2022-09" in page.url and "place=Kharkiv" in page.url
    page.wait_for_selector(".scattergeo path.point", timeout=20_000)
    page.set_viewport_size({"width": 1440, "height": 1250})  # tall enough to show the article card
    page.wait_for_timeout(800)
    shot(page, "map-kharkiv-september", docs=True)
    assert page.blocked_hosts == []


def test_filters_survive_a_page_switch_and_are_shared(page, streamlit_server):
    open_app(page, streamlit_server, "", "?place=kherson")  # case-insensitive
    assert summary(page).endswith("· Kherson")
    assert "place=Kherson" in page.url
    page.get_by_role("link", name="Places").first.click()
    page.wait_for_url(re.compile(r"/places"))
    wait_idle(page)
    assert summary(page).endswith("· Kherson")
    assert "place=Kherson" in page.url  # the filter is written back after the switch
    share = page.locator('[data-testid="stSidebar"] a', has_text="Share this view")
    assert share.get_attribute("href").endswith("places?place=Kherson")


def test_bad_link_shows_notices_and_never_breaks(page, streamlit_server):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    query = "?month=1999-01&place=Atlantis%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&place=Kyiv&q=%3Cscript%3E"
    open_app(page, streamlit_server, "timeline", query)
    notices = page.locator(".news-atlas-notice")
    assert notices.count() == 1  # one notice summarises every problem of the link (issue 9 case 12)
    text = " ".join(notices.all_inner_texts())
    assert "Atlantis" in text and "1999-01" in text, text
    assert page.query_selector('[data-testid="stException"]') is None
    assert summary(page).startswith("0 articles")  # the text filter '<script>' matches nothing
    assert "Kyiv" in summary(page)
    assert "<img" in text  # the hostile place name is shown as text...
    assert page.locator('img[src="x"]').count() == 0 and dialogs == []  # ...never as markup


def test_clicking_a_map_point_filters_by_that_place(page, streamlit_server):
    open_app(page, streamlit_server, "map")
    page.wait_for_selector(".scattergeo path.point", timeout=20_000)
    biggest = max(page.locator(".scattergeo path.point").all(), key=lambda p: p.bounding_box()["width"])
    box = biggest.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector(".news-atlas-article", timeout=20_000)
    wait_idle(page)
    assert "place=" in page.url
    assert page.locator(".news-atlas-article").count() >= 1
    assert re.search(r"· \S", summary(page))


def test_clicking_a_month_bar_filters_by_that_month(page, streamlit_server):
    open_app(page, streamlit_server, "timeline")
    bars = page.locator(".js-plotly-plot .barlayer .point")
    page.wait_for_selector(".js-plotly-plot .barlayer .point", timeout=20_000)
    september = bars.first  # months are in order: 2022-09 is the first bar with articles
    box = september.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(r"month=2022-09"), timeout=20_000)
    wait_idle(page)
    assert summary(page) == "1 article · 2022-09"


LISTED_PAGES = sorted((REPO / "app_pages").glob("*.py"))


def test_deep_link_as_the_first_request_of_a_fresh_server(page):
    """A fresh server starts in Streamlit's legacy pages-folder mode; the entry script must still run."""
    url, proc = start_streamlit()
    try:
        open_app(page, url, "map", "?month=2022-09&place=Kharkiv")
        assert summary(page) == "1 article · 2022-09 · Kharkiv"
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        assert "Filters" in sidebar and "Share this view" in sidebar
        links = page.locator('[data-testid="stSidebarNav"] a')
        # our st.navigation (every listed page; the hidden /overview alias has no link), not the legacy one
        assert links.count() == len(LISTED_PAGES) == 8
        assert "Overview" in links.first.inner_text()
    finally:
        stop_streamlit(proc)
