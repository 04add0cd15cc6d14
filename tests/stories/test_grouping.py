"""Story grouping: the seeds, planted stories (B-cubed), time windows, specificity, determinism."""

from __future__ import annotations

import pytest
from story_helpers import CHERSON, EN_TEXT, KHERSON, NL_TEXT, OEKRAINE, UKRAINE, make_corpus

from components.stories import articles_in_story, group_stories, story_of_article
from components.stories.grouping import story_id
from components.stories.planted import bcubed, planted_corpus

KHERSON_SEEDS = {
    "000_a58eedbe23edabad",
    "001_461017412f6bb48b",
    "002_ba24c0d186162b79",
    "003_87a6f7e23c8be67f",
}
KHARKIV_SEED = "004_49427d75354bfe23"


def test_seeds_the_four_kherson_articles_are_one_story(seed_corpus):
    stories = group_stories(seed_corpus)
    membership = story_of_article(stories)
    kherson = {membership.get(a) for a in KHERSON_SEEDS}
    assert len(kherson) == 1 and None not in kherson
    story = next(s for s in stories if s.story_id in kherson)
    assert set(story.article_ids) == KHERSON_SEEDS
    assert story.key_places[0] == "Kherson"
    assert (story.first_date, story.last_date) == ("2022-11", "2022-11")
    assert story.title in set(seed_corpus.articles["title"])
    # The Kharkiv article (September) is in no story or in another one, never with Kherson.
    assert membership.get(KHARKIV_SEED) not in kherson


def test_planted_stories_reach_bcubed_090():
    planted = planted_corpus(1500, seed=3)
    stories = group_stories(planted.corpus)
    precision, recall, f1 = bcubed(story_of_article(stories), planted.gold)
    assert f1 >= 0.90, (precision, recall, f1)
    assert all(s.size >= 2 for s in stories)
    assert len({lang for s in stories for lang in s.languages}) == 3
    assert any(len(s.languages) > 1 for s in stories)  # stories cross languages


def test_bcubed_extremes():
    gold = {"a": "1", "b": "1", "c": "2"}
    assert bcubed({"a": "x", "b": "x", "c": "y"}, gold) == (1.0, 1.0, 1.0)
    precision, recall, _ = bcubed({}, gold)  # every article alone
    assert precision == 1.0 and recall == pytest.approx((0.5 + 0.5 + 1) / 3)
    precision, recall, _ = bcubed({"a": "x", "b": "x", "c": "x"}, gold)
    assert recall == 1.0 and precision == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)


def _pair(
    date_a: str, date_b: str, places_a=(KHERSON, UKRAINE), places_b=(CHERSON, OEKRAINE), text_b=NL_TEXT
):
    return make_corpus(
        [
            {"id": "a", "date": date_a, "outlet": "bbc", "text": EN_TEXT, "places": list(places_a)},
            {
                "id": "b",
                "date": date_b,
                "outlet": "nos",
                "lang": "nl",
                "text": text_b,
                "places": list(places_b),
            },
        ]
    )


def test_one_event_in_two_languages_is_a_story():
    stories = group_stories(_pair("2022-11-11", "2022-11-12"))
    assert [s.article_ids for s in stories] == [("a", "b")]
    assert stories[0].languages == ("en", "nl") and stories[0].outlets == ("bbc", "nos")


def test_dates_must_be_close_by_their_precision():
    assert group_stories(_pair("2022-11-11", "2022-11")), "a month-only date matches any day of its month"
    assert not group_stories(_pair("2022-11-11", "2022-11-20")), "nine days apart: another event"
    assert not group_stories(_pair("2022-11-30", "2022-09")), "other month"
    assert group_stories(_pair("2022-11-30", "2022-12-01")), "across a month boundary"
    assert not group_stories(_pair("2022-11-11", "")), "an undated article is in no story"


def test_a_country_alone_does_not_make_a_story():
    text_b = NL_TEXT.replace("Cherson", "Charkiv")
    stories = group_stories(
        _pair(
            "2022-11-11", "2022-11-11", places_b=[("Charkiv", "t:Kharkiv", "city"), OEKRAINE], text_b=text_b
        )
    )
    assert stories == []


def test_grouping_is_deterministic_and_ids_come_from_members():
    planted = planted_corpus(400, seed=5)
    first = group_stories(planted.corpus)
    shuffled = planted.corpus
    shuffled.articles = shuffled.articles.sample(frac=1.0, random_state=1).reset_index(drop=True)
    shuffled.mentions = shuffled.mentions.sample(frac=1.0, random_state=2).reset_index(drop=True)
    assert group_stories(shuffled) == first
    for s in first:
        assert s.story_id == story_id(list(reversed(s.article_ids)))
    assert len({s.story_id for s in first}) == len(first)


def test_articles_in_story():
    stories = group_stories(_pair("2022-11-11", "2022-11-12"))
    assert articles_in_story(stories, stories[0].story_id) == ["a", "b"]
    assert articles_in_story(stories, "s-unknown") == []
    assert articles_in_story(stories, None) == []
