"""The filtered view: article counts and aggregates under each filter."""

from __future__ import annotations

import pytest

from components.explore.corpus_index import CorpusIndex
from components.explore.filter_params import FilterState, parse_params
from components.explore.filtered_view import apply
from components.store.schema import Corpus
from tests.explore.sample_corpus import SHARED_INDEX


@pytest.fixture(scope="module")
def index() -> CorpusIndex:
    return SHARED_INDEX


def ids(index: CorpusIndex, state: FilterState) -> list[str]:
    return apply(index, state).article_ids


def test_no_filter_keeps_everything(index):
    view = apply(index, FilterState())
    assert view.n_articles == 5
    assert index.months == ["2022-09", "2022-10", "2022-11"]
    assert view.month_counts().tolist() == [1, 1, 2]
    assert view.n_undated == 1


def test_each_filter_changes_counts(index):
    assert ids(index, FilterState(months=("2022-11", "2022-11"))) == ["a2", "a3"]
    assert ids(index, FilterState(months=("2022-09", "2022-10"))) == ["a1", "a4"]
    assert ids(index, FilterState(places=("Kherson",))) == ["a2", "a3"]
    assert ids(index, FilterState(places=("Kherson", "Kharkiv"))) == ["a1", "a2", "a3"]
    assert ids(index, FilterState(languages=("en",))) == ["a3", "a5"]
    assert ids(index, FilterState(outlets=("nos.nl",))) == ["a1", "a2"]
    assert ids(index, FilterState(query="KYIV")) == ["a3"]
    assert ids(index, FilterState(query="charkow")) == ["a4"]  # title or body, any case
    assert ids(index, FilterState(months=("2022-11", "2022-11"), places=("Kyiv",))) == ["a3"]


def test_place_counts_follow_the_filter(index):
    stats = apply(index, FilterState(months=("2022-11", "2022-11"))).place_stats().set_index("name")
    assert stats.loc["Kherson", "mentions"] == 3
    assert stats.loc["Kherson", "articles"] == 2
    assert stats.loc["Kyiv", "mentions"] == 1
    assert "Kharkiv" not in stats.index
    everything = apply(index, FilterState()).place_stats()
    assert everything["name"].tolist()[0] == "Kherson"  # most mentioned first
    assert "Atlantis" not in set(everything["name"])  # unresolved mentions are not places


def test_surface_forms_and_days(index):
    view = apply(index, FilterState())
    kherson = index.place_code["gn:1"]
    assert view.surface_forms([kherson])[kherson] == [("Cherson", 2), ("Kherson", 1)]
    only_en = apply(index, FilterState(languages=("en",)))
    assert only_en.surface_forms([kherson])[kherson] == [("Kherson", 1)]
    # a2 and a4 have only a month: they must not appear as days
    assert view.day_counts().to_dict() == {"2022-09-10": 1, "2022-11-11": 1}


def test_place_month_matrix(index):
    matrix = apply(index, FilterState()).place_month_matrix(top=4)
    assert list(matrix.index)[0] == "Kherson"
    assert matrix.loc["Kherson"].tolist() == [0, 0, 3]
    assert matrix.loc["Kyiv"].tolist() == [1, 0, 1]
    assert matrix.loc["Ukraine"].tolist() == [0, 0, 1]  # a5's mention is undated


def test_mentions_of_place_inside_view(index):
    view = apply(index, FilterState(languages=("nl",)))
    rows = view.mentions_of(["gn:1"])
    assert rows["article_id"].tolist() == ["a2", "a2"]
    assert set(rows["surface"]) == {"Cherson"}


def test_empty_corpus_does_not_break():
    index = CorpusIndex(Corpus())
    view = apply(index, FilterState(query="x"))
    assert view.n_articles == 0 and view.place_stats().empty and view.month_counts().empty
    state, notices = parse_params({"month": "2022-09", "place": "Kyiv"}, index)
    assert state == FilterState() and len(notices) == 2


@pytest.mark.parametrize("limit", [1, 2, 25])
def test_mentions_in_first_articles_match_the_plain_grouping(seed_corpus, limit):
    """The code-level shortcut gives the rows of the first `limit` articles of the plain path, in order."""
    seed_index = CorpusIndex(seed_corpus)
    columns = ["article_id", "start", "end"]
    for state in (FilterState(), FilterState(months=("2022-11", "2022-11"))):
        view = apply(seed_index, state)
        kherson = [seed_index.place_ids[c] for c in seed_index.codes_for_names(("Kherson",))]
        for place_ids in (kherson, sorted(seed_index.place_ids)):
            plain = view.mentions_of(place_ids, columns=columns)
            assert plain["article_id"].nunique() > 1  # more articles than the smallest limit
            first = list(dict.fromkeys(plain["article_id"]))[:limit]
            expected = plain[plain["article_id"].isin(first)].reset_index(drop=True)
            rows, total = view.mentions_in_first_articles(place_ids, columns, limit)
            assert total == plain["article_id"].nunique()
            assert rows.to_dict("list") == expected.to_dict("list")
