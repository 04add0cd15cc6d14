"""City -> region -> country: roll-up counts, the region filter and names per interface language.

Expected numbers are computed from the tables with plain pandas, not by the code under test."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from components.explore import place_hierarchy as ph
from components.explore.corpus_index import CorpusIndex
from components.explore.filter_params import FilterState, describe, parse_params, to_params
from components.store.schema import Corpus, conform

# (place_id, name, kind, lat, lon, country, admin1_id, admin1_name, name_nl)
PLACES = [
    ("gn:1", "Houston", "city", 29.76, -95.36, "US", "ne:US-TX", "Texas", None),
    ("gn:2", "Austin", "city", 30.27, -97.74, "US", "ne:US-TX", "Texas", None),
    ("ne:US-TX", "Texas", "admin1", 31.13, -98.76, "US", "ne:US-TX", "Texas", "Texas"),
    ("gn:3", "Maastricht", "city", 50.85, 5.69, "NL", "ne:NL-LI", "Limburg", None),
    ("gn:4", "Hasselt", "city", 50.93, 5.34, "BE", "ne:BE-VLI", "Limburg", None),
    ("gn:5", "Kherson", "city", 46.64, 32.61, "UA", "sup:ua-oblast-kherson", "Kherson Oblast", "Cherson"),
    ("cc:UA", "Ukraine", "country", 49.0, 32.0, "UA", None, None, "Oekraïne"),
    ("sup:black-sea", "Black Sea", "sea", 43.0, 34.0, None, None, None, "Zwarte Zee"),
]
# article -> mentioned place ids (one mention each, repeated ids = repeated mentions)
ARTICLES = {
    "a1": ["gn:1", "gn:1", "gn:2"],
    "a2": ["ne:US-TX"],
    "a3": ["gn:3", "gn:5", "cc:UA"],
    "a4": ["gn:4", "sup:black-sea"],
    "a5": ["gn:5", "gn:5", "cc:UA"],
}


def _corpus() -> Corpus:
    cols = ["place_id", "name", "kind", "lat", "lon", "country", "admin1_id", "admin1_name", "name_nl"]
    places = pd.DataFrame(PLACES, columns=cols)
    by_id = places.set_index("place_id")
    arts = [
        {"article_id": a, "title": a, "month": "2022-11", "language": "en", "text": "", "body": ""}
        for a in ARTICLES
    ]
    mentions = [
        {"article_id": a, "start": i, "end": i + 1, "surface": by_id.at[p, "name"], "place_id": p,
         **{c: by_id.at[p, c] for c in ("name", "kind", "lat", "lon", "country")}}
        for a, pids in ARTICLES.items()
        for i, p in enumerate(pids)
    ]  # fmt: skip
    return Corpus(
        articles=conform("articles", arts),
        mentions=conform("mentions", mentions),
        places=conform("places", places),
    )


@pytest.fixture(scope="module")
def index() -> CorpusIndex:
    return CorpusIndex(_corpus())


def _expected_region_counts(corpus: Corpus) -> pd.DataFrame:
    m = corpus.mentions.merge(corpus.places[["place_id", "admin1_name"]], on="place_id")
    m = m[m["admin1_name"].notna()]
    return m.groupby("admin1_name").agg(mentions=("place_id", "size"), articles=("article_id", "nunique"))


def test_region_rollup_sums_mentions_and_counts_distinct_articles(index):
    table = ph.rollup(index.view(FilterState()), "region").set_index("name")
    expected = _expected_region_counts(index.corpus)
    # Limburg (NL) and Limburg (BE) are two regions that share a name: both rows are there.
    assert sorted(table.index) == sorted(["Texas", "Limburg", "Limburg", "Kherson Oblast"])
    assert int(table.loc["Texas", "mentions"]) == expected.loc["Texas", "mentions"] == 4
    assert int(table.loc["Texas", "articles"]) == expected.loc["Texas", "articles"] == 2
    assert int(table.loc["Kherson Oblast", "articles"]) == 2
    assert table.loc["Limburg", "mentions"].sum() == 2
    assert table["mentions"].is_monotonic_decreasing


def test_region_point_is_the_region_itself_when_mentioned_else_the_weighted_centre(index):
    table = ph.rollup(index.view(FilterState()), "region").set_index("key")
    assert table.loc["ne:US-TX", ["lat", "lon"]].tolist() == [31.13, -98.76]  # Texas is a mentioned place
    kherson = table.loc["sup:ua-oblast-kherson"]
    assert (kherson["lat"], kherson["lon"]) == pytest.approx((46.64, 32.61))


def test_country_rollup_uses_the_country_place_and_every_place_in_it(index):
    table = ph.rollup(index.view(FilterState()), "country", "nl").set_index("key")
    assert table.loc["UA", "name"] == "Ukraine" and table.loc["UA", "label"] == "Oekraïne"
    assert int(table.loc["UA", "mentions"]) == 5  # Kherson x3 + Ukraine x2
    assert int(table.loc["US", "articles"]) == 2
    assert "Black Sea" not in set(table["name"])  # a sea lies in no country


def test_rollup_follows_the_filter(index):
    view = index.view(FilterState(regions=("Texas",)))
    assert sorted(view.article_ids) == ["a1", "a2"]
    table = ph.rollup(view, "region")
    assert table["name"].tolist() == ["Texas"] and bool(table["selected"].iat[0])


@pytest.mark.parametrize(
    ("typed", "articles"),
    [
        ("texas", ["a1", "a2"]),
        ("Limburg", ["a3", "a4"]),
        ("KHERSON OBLAST", ["a3", "a5"]),
        ("ne:NL-LI", ["a3", "a4"]),  # an id is read as its region name, like place ids
    ],
)
def test_region_parameter_selects_articles_naming_any_place_inside(index, typed, articles):
    state, notices = parse_params({"region": [typed]}, index)
    assert notices == []
    assert sorted(index.view(state).article_ids) == articles
    assert to_params(state)["region"] == list(state.regions)


def test_unknown_region_is_dropped_with_a_notice(index):
    state, notices = parse_params({"region": ["Atlantis"]}, index)
    assert state.regions == () and state.is_empty
    assert notices == ["Unknown region “Atlantis” in the link was ignored."]


def test_region_is_part_of_the_summary(index):
    state, _ = parse_params({"region": ["texas"]}, index)
    assert describe(index.view(state)) == "2 articles · Texas"


def test_labels_fall_back_to_the_canonical_name(index):
    codes = [index.place_code[p] for p in ("gn:5", "gn:1", "sup:black-sea")]
    assert ph.place_labels(index, codes, "nl") == ["Cherson", "Houston", "Zwarte Zee"]
    assert ph.place_labels(index, codes, "en") == ["Kherson", "Houston", "Black Sea"]


def test_region_names_are_ordered_by_mentions(index):
    names = ph.region_names(index)
    assert names[0] == "Texas" and set(names) == {"Texas", "Limburg", "Kherson Oblast"}


def test_a_corpus_without_hierarchy_columns_rolls_up_to_nothing_but_countries(index):
    corpus = _corpus()
    corpus.places = corpus.places.drop(columns=["admin1_id", "admin1_name"])
    bare = CorpusIndex(corpus)
    assert ph.rollup(bare.view(FilterState()), "region").empty
    assert set(ph.rollup(bare.view(FilterState()), "country")["key"]) == {"US", "NL", "BE", "UA"}
    assert ph.region_place_codes(bare, ["Texas"]).size == 0


def test_seed_corpus_regions(seed_corpus):
    """On the real build: Kherson and the Kherson square lie in Kherson Oblast; Ukraine in none."""
    places = seed_corpus.places.set_index("place_id")
    assert places.at["gn:706448", "admin1_name"] == "Kherson Oblast"
    assert places.at["gn:706448", "name_nl"] == "Cherson"
    assert pd.isna(places.at["cc:UA", "admin1_id"]) and places.at["cc:UA", "name_nl"] == "Oekraïne"
    idx = CorpusIndex(seed_corpus)
    state, _ = parse_params({"region": ["Kherson Oblast"]}, idx)
    view = idx.view(state)
    in_region = places.index[places["admin1_name"] == "Kherson Oblast"]
    m = seed_corpus.mentions
    expected = sorted(m.loc[m["place_id"].isin(in_region), "article_id"].unique())
    assert sorted(view.article_ids) == expected and len(expected) == 4
    assert np.isin(
        ph.region_place_codes(idx, ["Kherson Oblast"]), [idx.place_code[p] for p in in_region]
    ).all()
