"""`?story=` under AppTest: every page shows only the story's articles; the sidebar shows it with an ✕."""

from __future__ import annotations

import pytest

from components.stories import group_stories, story_of_article
from tests.views.page_helpers import n_articles, notices, open_page, summary

KHERSON_SEED = "000_a58eedbe23edabad"


@pytest.fixture(scope="module")
def sid(seeds) -> str:
    return story_of_article(group_stories(seeds))[KHERSON_SEED]


@pytest.mark.parametrize("page", ["overview", "timeline", "map", "places", "articles"])
def test_every_page_honours_the_story(seeds, sid, page):
    at = open_page(page, story=sid)
    assert n_articles(at) == 4, summary(at)
    assert "story “" in summary(at)
    assert at.query_params["story"] == [sid] or at.query_params["story"] == sid
    assert any("news-atlas-story" in h.value for h in at.html)  # the active story in the sidebar


def test_the_x_removes_the_story_and_its_parameter(seeds, sid):
    at = open_page("map", story=sid, month="2022-11")
    assert n_articles(at) == 4
    at.button(key="filter_story_remove").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert n_articles(at) == 4  # the month filter stays: the four November articles
    assert "story" not in at.query_params and not any("news-atlas-story" in h.value for h in at.html)
    at = open_page("map", story=sid)
    at.button(key="filter_story_remove").click().run()
    assert n_articles(at) == 5


def test_clear_filters_also_clears_the_story(seeds, sid):
    at = open_page("timeline", story=sid)
    next(b for b in at.button if b.label.endswith("Clear filters")).click().run()
    assert n_articles(at) == 5 and "story" not in at.query_params


def test_unknown_story_shows_nothing_and_a_notice(seeds):
    at = open_page("map", story="s-0123456789ab")
    assert n_articles(at) == 0
    assert any("s-0123456789ab" in n for n in notices(at))


def test_stories_page_links_carry_the_story(seeds, sid):
    at = open_page("stories", story=sid, month="2022-11")
    links = [p for p in at.get("page_link")]
    targets = {p.proto.page: p.proto.query_string for p in links if "of this story" in p.proto.label}
    assert len(targets) == 3, [p.proto for p in links]
    for query in targets.values():
        assert f"story={sid}" in query and "month=2022-11" in query
