"""Pure filter logic: counts under each filter, query-parameter parsing and round trips."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.explore.filtering import (
    CorpusIndex,
    FilterState,
    apply,
    describe,
    parse_params,
    query_string,
    to_params,
)
from components.store.schema import Corpus, conform

PLACES = {
    "gn:1": ("Kherson", "city", 46.64, 32.61, "UA"),
    "gn:2": ("Kharkiv", "city", 49.99, 36.23, "UA"),
    "gn:3": ("Kyiv", "city", 50.45, 30.52, "UA"),
    "cc:UA": ("Ukraine", "country", 49.0, 32.0, "UA"),
    "gn:4": ("Kharkiv Oblast", "region", 49.5, 36.6, "UA"),
}

# article_id, month, day, language, outlet, title, body, [(surface, place_id or None)]
ARTICLES = [
    (
        "a1",
        "2022-09",
        "2022-09-10",
        "nl",
        "nos.nl",
        "Charkiv",
        "Troepen in Charkiv en Kiev.",
        [("Charkiv", "gn:2"), ("Kiev", "gn:3")],
    ),
    (
        "a2",
        "2022-11",
        None,
        "nl",
        "nos.nl",
        "Cherson",
        "Cherson is vrij. Oekraïne viert in Cherson.",
        [("Cherson", "gn:1"), ("Oekraïne", "cc:UA"), ("Cherson", "gn:1")],
    ),
    (
        "a3",
        "2022-11",
        "2022-11-11",
        "en",
        "bbc.co.uk",
        "Kherson",
        "Kherson liberated, says Kyiv.",
        [("Kherson", "gn:1"), ("Kyiv", "gn:3")],
    ),
    (
        "a4",
        "2022-10",
        None,
        "de",
        None,
        "Charkow",
        "In der Region Charkow und in Atlantis.",
        [("Region Charkow", "gn:4"), ("Atlantis", None)],
    ),
    (
        "a5",
        None,
        None,
        "en",
        "bbc.co.uk",
        "Undated",
        "Nothing dated here, only Ukraine.",
        [("Ukraine", "cc:UA")],
    ),
]


def make_corpus() -> Corpus:
    """A five-article corpus whose every count is known by construction."""
    arts, ments = [], []
    for aid, month, day, lang, outlet, title, body, found in ARTICLES:
        text = f"{title}\n{body}"
        arts.append(
            {
                "article_id": aid,
                "file": f"{aid}.txt",
                "title": title,
                "month": month,
                "day": day,
                "date": day or month,
                "date_precision": "day" if day else ("month" if month else None),
                "language": lang,
                "outlet": outlet,
                "text": text,
                "body": body,
                "boilerplate": "[]",
            }
        )
        cursor = len(title) + 1
        for surface, pid in found:
            start = text.index(surface, cursor)
            cursor = start + len(surface)
            name, kind, lat, lon, cc = PLACES.get(pid, (None, None, None, None, None))
            ments.append(
                {
                    "article_id": aid,
                    "start": start,
                    "end": cursor,
                    "surface": surface,
                    "place_id": pid,
                    "name": name,
                    "kind": kind,
                    "lat": lat,
                    "lon": lon,
                    "country": cc,
                    "sentence_start": len(title) + 1,
                    "sentence_end": len(text),
                    "in_post": False,
                    "score": 1.0,
                    "reason": "test",
                    "candidates": json.dumps(
                        [
                            {
                                "place_id": "gn:99",
                                "name": "Decoy",
                                "kind": "town",
                                "country": "RU",
                                "score": 0.1,
                                "why": "test",
                            }
                        ]
                    ),
                }
            )
    places = [
        {"place_id": pid, "name": n, "kind": k, "lat": la, "lon": lo, "country": c, "source": "test"}
        for pid, (n, k, la, lo, c) in PLACES.items()
    ]
    return Corpus(
        articles=conform("articles", arts),
        mentions=conform("mentions", ments),
        places=conform("places", places),
    )


SHARED_INDEX = CorpusIndex(make_corpus())


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


def test_parse_params_is_case_insensitive_and_canonical(index):
    state, notices = parse_params({"month": "2022-09", "place": ["kharkiv", " KHERSON "]}, index)
    assert state == FilterState(months=("2022-09", "2022-09"), places=("Kharkiv", "Kherson"))
    assert notices == []
    state, _ = parse_params({"month": ["2022-11", "2022-09"], "lang": "EN", "outlet": "BBC.co.uk"}, index)
    # the corpus's full month range means "no month filter"
    assert state == FilterState(months=None, languages=("en",), outlets=("bbc.co.uk",))
    state, _ = parse_params({"month": "2022-09..2022-10", "place": "gn:1"}, index)
    assert state.months == ("2022-09", "2022-10") and state.places == ("Kherson",)


@pytest.mark.parametrize(
    ("params", "expected", "notice"),
    [
        ({"place": "Atlantis"}, FilterState(), "Unknown place"),
        ({"month": "2021-01"}, FilterState(), "outside the corpus"),
        ({"month": "garbage"}, FilterState(), "not a YYYY-MM"),
        ({"month": "2022-13"}, FilterState(), "not a YYYY-MM"),
        ({"month": ["2022-01", "2022-09"]}, FilterState(months=("2022-09", "2022-09")), "clipped"),
        ({"lang": "xx", "place": ["Kyiv", "Nowhere"]}, FilterState(places=("Kyiv",)), "Unknown"),
        ({"q": "a\x00b\nc"}, FilterState(query="a b c"), None),
    ],
)
def test_bad_params_are_dropped_with_a_notice(index, params, expected, notice):
    state, notices = parse_params(params, index)
    assert state == expected
    if notice:
        assert any(notice in n for n in notices), notices
    else:
        assert notices == []


def test_query_string_round_trip(index):
    state = FilterState(months=("2022-09", "2022-09"), places=("Kharkiv",))
    assert query_string(state) == "?month=2022-09&place=Kharkiv"
    assert query_string(FilterState()) == ""
    view = apply(index, state)
    assert describe(view) == "1 article · 2022-09 · Kharkiv"


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["month", "place", "lang", "outlet", "q", "x"]),
        st.lists(st.text(max_size=30), max_size=4),
    )
)
def test_any_params_parse_without_raising_and_round_trip(params):
    index = SHARED_INDEX
    state, _ = parse_params(params, index)
    again, notices = parse_params(to_params(state), index)
    assert again == state and notices == []
    assert apply(index, state).mask.dtype == np.bool_


def test_empty_corpus_does_not_break():
    index = CorpusIndex(Corpus())
    view = apply(index, FilterState(query="x"))
    assert view.n_articles == 0 and view.place_stats().empty and view.month_counts().empty
    state, notices = parse_params({"month": "2022-09", "place": "Kyiv"}, index)
    assert state == FilterState() and len(notices) == 2
