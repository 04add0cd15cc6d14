"""The `story=` filter in the data layer: parsing, canonical links, the article mask, the summary."""

from __future__ import annotations

import pytest

from components.explore.corpus_index import CorpusIndex
from components.explore.filter_params import (
    FilterState,
    StoryFilter,
    describe,
    parse_params,
    query_string,
    to_params,
)
from components.stories import group_stories, story_of_article
from components.stories.stories import find_story

KHERSON_SEED = "000_a58eedbe23edabad"
KHARKIV_SEED = "004_49427d75354bfe23"


@pytest.fixture(scope="module")
def seeded(seed_corpus):
    stories = group_stories(seed_corpus)
    index = CorpusIndex(seed_corpus)

    def lookup(story_id: str) -> StoryFilter | None:
        s = find_story(stories, story_id)
        return None if s is None else StoryFilter(s.story_id, s.title, s.article_ids)

    return stories, index, lookup


def test_a_story_link_keeps_only_its_articles_and_their_mentions(seeded):
    stories, index, lookup = seeded
    sid = story_of_article(stories)[KHERSON_SEED]
    state, notices = parse_params({"story": sid}, index, lookup)
    assert notices == [] and state.story is not None and state.story.story_id == sid
    view = index.view(state)
    members = set(find_story(stories, sid).article_ids)
    assert set(view.article_ids) == members and len(members) == 4
    assert KHARKIV_SEED not in view.article_ids
    assert set(view.mentions(["article_id"])["article_id"]) <= members
    names = set(view.place_stats()["name"])
    assert "Kherson" in names and "Kharkiv" not in names


def test_story_combines_with_the_other_filters(seeded):
    stories, index, lookup = seeded
    sid = story_of_article(stories)[KHERSON_SEED]
    state, _ = parse_params({"story": sid, "month": "2022-09"}, index, lookup)
    assert index.view(state).n_articles == 0  # the story is from November
    searched, _ = parse_params({"story": sid, "q": "Bilozerka"}, index, lookup)
    assert index.view(searched).article_ids == [KHERSON_SEED]
    everywhere, _ = parse_params({"q": "Bilozerka"}, index, lookup)
    assert index.view(everywhere).n_articles >= 1


def test_unknown_story_keeps_nothing_and_says_so(seeded):
    _stories, index, lookup = seeded
    state, notices = parse_params({"story": "s-000000000000"}, index, lookup)
    assert state.story == StoryFilter("s-000000000000") and not state.is_empty
    assert index.view(state).n_articles == 0
    assert len(notices) == 1 and "s-000000000000" in notices[0]
    # without a lookup (no stories available) an id is unknown too, never the whole corpus
    state, notices = parse_params({"story": ["s-1", "s-2"]}, index)
    assert state.story == StoryFilter("s-1") and index.view(state).n_articles == 0 and len(notices) == 2


def test_story_garbage_is_cleaned_and_blank_is_no_filter(seeded):
    _stories, index, lookup = seeded
    state, notices = parse_params({"story": "  "}, index, lookup)
    assert state.story is None and notices == [] and state.is_empty
    state, _ = parse_params({"story": "s-\x00" + "x" * 500}, index, lookup)
    assert state.story is not None and len(state.story.story_id) <= 40 and "\x00" not in state.story.story_id


def test_story_round_trips_through_the_link_and_is_compared_by_id(seeded):
    stories, index, lookup = seeded
    sid = story_of_article(stories)[KHERSON_SEED]
    state = FilterState(months=("2022-11", "2022-11"), story=lookup(sid))
    assert to_params(state)["story"] == [sid]
    assert query_string(state) == f"?month=2022-11&story={sid}"
    again, notices = parse_params(to_params(state), index, lookup)
    assert notices == [] and again == state and hash(again) == hash(state)
    assert StoryFilter(sid) == lookup(sid)  # equal by id: memoised views stay valid
    view = index.view(state)
    assert describe(view).startswith("4 articles · 2022-11 · story “")
    assert find_story(stories, sid).title[:20] in describe(view)


def test_group_stories_is_deterministic(seed_corpus):
    first = group_stories(seed_corpus)
    again = group_stories(seed_corpus)
    assert [s.story_id for s in first] == [s.story_id for s in again] and first == again
