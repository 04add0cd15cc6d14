"""The Stories page under AppTest: the seeds' Kherson story, selecting it, `?story=`, opening Compare."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components.stories import group_stories, story_of_article
from components.stories.planted import planted_corpus
from components.views.app_state import use_corpus
from tests.views.page_helpers import REPO

KHERSON_SEEDS = {
    "000_a58eedbe23edabad",
    "001_461017412f6bb48b",
    "002_ba24c0d186162b79",
    "003_87a6f7e23c8be67f",
}


def _open(**params: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("app_pages/stories.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _kherson_story_id(corpus) -> str:
    return story_of_article(group_stories(corpus))["000_a58eedbe23edabad"]


def test_stories_page_lists_the_kherson_story(seeds):
    at = _open()
    table = at.dataframe[0].value
    assert len(table) == 1  # the Kharkiv article alone is no story
    row = table.iloc[0]
    assert row["Articles"] == 4 and row["Dates"] == "2022-11" and row["Key places"].startswith("Kherson")
    assert at.title[0].value.endswith("Stories")


def test_story_param_selects_and_compare_opens_its_articles(seeds):
    sid = _kherson_story_id(seeds)
    at = _open(story=sid)
    assert any("Who reported first" in m.value for m in at.markdown)
    reports = at.dataframe[1].value
    assert set(reports["Article"]) == KHERSON_SEEDS
    at.button(key="open_compare").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value.endswith("Compare")
    assert set(str(at.query_params["compare"]).split(",")) == KHERSON_SEEDS


def test_unknown_story_param_warns(seeds):
    at = _open(story="s-000000000000")
    assert any("s-000000000000" in w.value for w in at.warning)


def test_filters_narrow_the_stories(seeds):
    at = _open(month="2022-09")
    assert any("No story in these filters" in i.value for i in at.info)


def test_dutch_interface(seeds):
    at = _open(ui="nl")
    assert "Verhaal" in at.dataframe[0].value.columns


@pytest.fixture
def planted():
    p = planted_corpus(300, seed=2)
    use_corpus(p.corpus, key="planted-stories-apptest")
    yield p
    use_corpus(None)


def test_planted_corpus_stories_and_travelled_quotes(planted):
    stories = group_stories(planted.corpus)
    at = _open()
    table = at.dataframe[0].value
    assert len(table) == len(stories)
    # Pick the largest multi-outlet story through ?story= and check its travelled passages render.
    best = max(stories, key=lambda s: (len(s.outlets), s.size, s.story_id))
    at = _open(story=best.story_id)
    assert any("travelled" in m.value for m in at.markdown)
