"""`/map?story=…` in real Chromium with the network blocked: only the story's places are drawn."""

from __future__ import annotations

import pytest

from components.explore.corpus_index import CorpusIndex
from components.explore.filter_params import FilterState, StoryFilter
from components.stories import group_stories, story_of_article
from components.stories.stories import find_story
from tests.browser.conftest import open_app, shot

KHERSON_SEED = "000_a58eedbe23edabad"
# Canonical place names of the map's "places" trace (customdata[0]; [1] is the label in the interface
# language, e.g. "Dnieper" for Dnipro), once plotly has drawn it.
PLACES_JS = """() => {
    for (const gd of document.querySelectorAll('.js-plotly-plot')) {
        const t = (gd.data || []).find(d => d.name === 'places');
        if (t && t.customdata) return t.customdata.map(c => c[0]);
    }
    return null;
}"""


def drawn_places(page) -> set[str]:
    page.wait_for_function(f"() => ({PLACES_JS})() !== null", timeout=30_000)
    return set(page.evaluate(PLACES_JS))


@pytest.fixture(scope="module")
def story(seed_corpus) -> tuple[str, set[str], set[str]]:
    """The Kherson story's id, the located places of its articles, and those of the whole corpus."""
    found = find_story(group_stories(seed_corpus), story_of_article(group_stories(seed_corpus))[KHERSON_SEED])
    index = CorpusIndex(seed_corpus)

    def located(state: FilterState) -> set[str]:
        return set(index.view(state).place_stats().dropna(subset=["lat", "lon"])["name"])

    in_story = located(FilterState(story=StoryFilter(found.story_id, found.title, found.article_ids)))
    return found.story_id, in_story, located(FilterState())


def test_map_with_a_story_draws_only_its_places(page, streamlit_server, story):
    sid, in_story, everywhere = story
    assert "Kharkiv" in everywhere and "Kharkiv" not in in_story and "Kherson" in in_story
    open_app(page, streamlit_server, "map", f"?story={sid}")
    drawn = drawn_places(page)
    # co-located points of one place share a marker, so the drawn names are a subset of the story's
    assert {"Kherson", "Bilozerka"} <= drawn <= in_story
    assert len(drawn) >= len(in_story) - 2 and drawn.isdisjoint(everywhere - in_story)
    summary = page.inner_text(".news-atlas-view")
    assert summary.startswith("4 articles") and "story" in summary
    assert page.locator(".news-atlas-story").count() == 1  # the sidebar names the active story
    shot(page, "map-story")
    page.get_by_role("button", name="Remove story filter").click()
    page.wait_for_function("() => !location.search.includes('story=')", timeout=30_000)
    page.wait_for_function(
        "(n) => document.querySelector('.news-atlas-view')?.innerText.startsWith(n)", arg="5 articles"
    )
    assert "Kharkiv" in drawn_places(page)
    assert page.blocked_hosts == []
