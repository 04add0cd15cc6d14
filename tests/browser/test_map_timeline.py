"""The Map and the Timeline in real Chromium with every non-loopback request blocked: what a user sees.

Clicking the Kherson bubble selects Kherson; no marker hides under a bigger one; every place is inside
the default extent; the legend stays readable in the dark theme; `view=` is in the URL; the charts and
the map download as PNG/SVG offline; playback animates; greyed months and heat strip on the Timeline;
/overview opens the Overview. Screenshots: artifacts/screenshots/ (docs/screenshots/ with
NEWS_ATLAS_UPDATE_DOCS=1, from a synthetic 20k-article corpus).
"""

from __future__ import annotations

import math

import pytest

from tests.browser.conftest import (
    block_internet,
    open_app,
    settled_count,
    shot,
    start_streamlit,
    stop_streamlit,
    wait_idle,
)

POINTS = ".js-plotly-plot .scattergeo path.point"
KHERSON = (32.61458, 46.63695)  # lon, lat
# Markers in document order (later = drawn on top), with their screen centre and radius.
MARKERS_JS = """() => [...document.querySelectorAll('.js-plotly-plot .scattergeo path.point')].map((p, i) => {
    const r = p.getBoundingClientRect();
    return {lon: p.__data__.lonlat[0], lat: p.__data__.lonlat[1], size: p.__data__.ms, order: i,
            x: r.x + r.width / 2, y: r.y + r.height / 2, r: r.width / 2};
})"""
GD_JS = (
    "(title) => [...document.querySelectorAll('.js-plotly-plot')]"
    ".find(g => g._fullLayout && g._fullLayout.title && g._fullLayout.title.text.includes(title))"
)


def wait_chart(page, title: str) -> None:
    """Wait until the chart with this title is drawn (the script can go idle before plotly renders)."""
    page.wait_for_function(f"(t) => !!({GD_JS})(t)", arg=title, timeout=30_000)


def open_map(page, base: str, query: str = "") -> list[dict]:
    open_app(page, base, "map", query)
    page.wait_for_selector(POINTS, timeout=30_000)
    page.wait_for_timeout(600)  # plotly settles its layout
    return page.evaluate(MARKERS_JS)


def clear_spot(target: dict, markers: list[dict]) -> tuple[float, float]:
    """A point inside `target`, half-way out from its centre, as far as possible from every other marker."""
    others = [m for m in markers if m is not target]
    best, spot = -1e9, (target["x"], target["y"])
    for step in range(24):
        angle = step * math.pi / 12
        x = target["x"] + 0.5 * target["r"] * math.cos(angle)
        y = target["y"] + 0.5 * target["r"] * math.sin(angle)
        clearance = min(math.dist((x, y), (m["x"], m["y"])) - m["r"] for m in others)
        if clearance > best:
            best, spot = clearance, (x, y)
    assert best > 3, best
    return spot


def test_overview_is_served_at_slash_overview(page, streamlit_server):
    open_app(page, streamlit_server, "overview")
    page.wait_for_selector(".js-plotly-plot .barlayer .point", timeout=30_000)
    assert "Overview" in page.inner_text("h1")
    assert "Page not found" not in page.inner_text("body")
    assert page.blocked_hosts == []


def test_clicking_the_kherson_bubble_selects_kherson(page, streamlit_server):
    markers = open_map(page, streamlit_server)
    near = [m for m in markers if abs(m["lon"] - KHERSON[0]) < 0.05 and abs(m["lat"] - KHERSON[1]) < 0.05]
    assert not [m for m in near if abs(m["lon"] - 32.620328) < 1e-4]  # the coordinate point is merged
    kherson = max(near, key=lambda m: m["size"])
    assert (kherson["lon"], kherson["lat"]) == pytest.approx(KHERSON)
    # A user clicks the part of the bubble where no other marker is drawn. plotly picks the marker nearest
    # the cursor relative to its radius, so the stacked coordinate point (radius 2 px, 0.2 px from the
    # centre) used to win anywhere near the centre.
    x, y = clear_spot(kherson, markers)
    page.mouse.move(x, y)
    page.wait_for_selector(".hoverlayer .hovertext", timeout=10_000)
    hover = page.locator(".hoverlayer .hovertext").first.text_content() or ""
    assert hover.startswith("Kherson · city"), hover
    page.mouse.click(x, y)
    page.wait_for_function("() => location.search.includes('place=Kherson')", timeout=30_000)
    wait_idle(page)
    page.get_by_text("Articles mentioning Kherson").wait_for(timeout=30_000)
    assert settled_count(page.locator(".news-atlas-article"), 3) >= 1
    assert page.blocked_hosts == []


def test_no_marker_hides_under_a_bigger_one_and_all_are_in_view(page, streamlit_server):
    markers = open_map(page, streamlit_server)
    box = page.locator(".js-plotly-plot .geo .bg rect").first.bounding_box()
    overlapping = 0
    for a in markers:
        assert box["x"] < a["x"] < box["x"] + box["width"] and box["y"] < a["y"] < box["y"] + box["height"], a
        for b in markers:
            if (
                a["size"] > b["size"]
                and (a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2 < (a["r"] + b["r"]) ** 2
            ):
                overlapping += 1
                assert b["order"] > a["order"], (a, b)  # the smaller one is drawn later, on top
    assert overlapping >= 3  # Kherson and its square, Moscow and the Kremlin, Kyiv and Kyiv Oblast...
    lats = [m["lat"] for m in markers]
    assert max(lats) > 58 and min(m["lon"] for m in markers) < 6.2  # Russia's point and Geneva are in


def test_dark_theme_legend_is_readable(browser, streamlit_server):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, color_scheme="dark")
    page = context.new_page()
    page.blocked_hosts = block_internet(page)
    try:
        open_map(page, streamlit_server)
        app_bg = page.evaluate("() => getComputedStyle(document.querySelector('.stApp')).backgroundColor")
        assert sum(int(v) for v in app_bg[app_bg.index("(") + 1 : -1].split(",")[:3]) < 200, app_bg  # dark
        fills = page.evaluate(
            "() => [...document.querySelectorAll('.legend text')].map(t => getComputedStyle(t).fill)"
        )
        box = page.evaluate("() => getComputedStyle(document.querySelector('.legend rect.bg')).fill")
        assert fills and set(fills) == {"rgb(31, 41, 55)"} and box == "rgb(255, 255, 255)", (fills, box)
        shot(page, "map-dark")
        assert page.blocked_hosts == []
    finally:
        context.close()


def test_extent_is_in_the_url_and_survives_a_reload(page, streamlit_server):
    open_map(page, streamlit_server, "?view=europe")
    assert page.get_by_role("radio", name="Europe").get_attribute("aria-checked") == "true"
    page.get_by_role("radio", name="World").click()
    page.wait_for_function("() => location.search.includes('view=world')", timeout=30_000)
    wait_idle(page)
    assert "view=world" in page.locator('[data-testid="stSidebar"] code').inner_text()  # share link
    page.reload(wait_until="domcontentloaded")
    wait_idle(page)
    page.wait_for_selector(POINTS, timeout=30_000)
    assert page.get_by_role("radio", name="World").get_attribute("aria-checked") == "true"
    lon_range = page.evaluate("() => document.querySelector('.js-plotly-plot').layout.geo.lonaxis.range")
    assert lon_range[0] < -100 and lon_range[1] > 150


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_map_downloads_as_an_image_offline(page, streamlit_server, fmt, tmp_path):
    open_map(page, streamlit_server)
    if fmt == "svg":
        page.get_by_role("radio", name="Image: SVG").first.click()
        wait_idle(page)
        page.wait_for_selector(POINTS, timeout=30_000)
    page.locator(".js-plotly-plot").first.hover()
    with page.expect_download(timeout=30_000) as download:
        page.locator('.js-plotly-plot .modebar-btn[data-title^="Download plot"]').first.click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert target.name == f"news-atlas-map.{fmt}"
    head = target.read_bytes()[:200]
    assert head.startswith(b"\x89PNG") if fmt == "png" else b"<svg" in head
    assert target.stat().st_size > 20_000
    assert page.blocked_hosts == []


def test_playback_animates_the_months(page, streamlit_server):
    open_map(page, streamlit_server, "?layer=playback")
    current = page.locator(".js-plotly-plot .slider-container text").first
    assert (current.text_content() or "").endswith("2022-09")
    page.locator(".js-plotly-plot .updatemenu-button").first.click()
    page.wait_for_function(
        "() => document.querySelector('.slider-container text').textContent.endsWith('2022-11')",
        timeout=20_000,
    )
    assert page.locator(POINTS).count() >= 5  # November's places drawn
    assert page.blocked_hosts == []


def test_timeline_greys_months_outside_the_filter_and_leaves_gaps(page, streamlit_server):
    open_app(page, streamlit_server, "timeline", "?month=2022-09")
    page.wait_for_selector(".js-plotly-plot .heatmaplayer", timeout=30_000)
    wait_chart(page, "Articles per month")
    bars = page.evaluate(
        f"() => [...({GD_JS})('Articles per month').querySelectorAll('.barlayer .point path')]"
        ".map(p => [getComputedStyle(p).fill, p.getBBox().height])"
    )
    fills, heights = [f for f, _ in bars], [h for _, h in bars]
    assert fills == ["rgb(37, 99, 235)", "rgb(203, 213, 225)", "rgb(203, 213, 225)"]  # Sep in, Oct/Nov grey
    assert heights[0] > 0 and heights[2] > heights[0] and heights[1] == 0  # Nov greyed with its real count
    page.get_by_role("radio", name="Lines").click()
    wait_idle(page)
    wait_chart(page, "Attention per place (mentions per month)")
    lines = page.evaluate(
        f"() => ({GD_JS})('Attention per place (mentions per month)').data"
        ".filter(t => t.name).map(t => [t.name, t.y, t.line.color])"
    )
    assert lines and all(y[1] is None for _, y, _ in lines)  # October: a gap
    assert all(y[2] is None for _, y, _ in lines)  # November outside the filter: not in colour ...
    shot(page, "timeline-seeds")
    assert page.blocked_hosts == []


@pytest.fixture(scope="module")
def synthetic_server():
    url, proc = start_streamlit(["--synthetic", "20000"])
    try:
        yield url
    finally:
        stop_streamlit(proc)


def test_screenshots_at_20k_articles(page, synthetic_server):
    open_app(page, synthetic_server, "map")
    page.wait_for_selector(POINTS, timeout=60_000)
    assert page.locator(POINTS).count() >= 10  # the synthetic corpus names 19 places
    page.wait_for_timeout(800)
    shot(page, "map", docs=True)
    open_app(page, synthetic_server, "map", "?layer=clusters")
    page.wait_for_selector(POINTS, timeout=60_000)
    page.wait_for_timeout(800)
    shot(page, "map-clusters")
    page.set_viewport_size({"width": 1440, "height": 1900})  # the heat strip below the month charts
    open_app(page, synthetic_server, "timeline")
    wait_chart(page, "Attention per place (share of its busiest month)")
    rows = page.evaluate(
        f"() => ({GD_JS})('Attention per place (share of its busiest month)').data[0].y.length"
    )
    assert rows == 8
    page.wait_for_timeout(800)
    shot(page, "timeline", docs=True)
    assert page.blocked_hosts == []
