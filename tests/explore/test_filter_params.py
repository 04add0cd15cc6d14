"""Query parameters: case-insensitive parsing that never raises, canonical links, round trips."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.explore.corpus_index import CorpusIndex
from components.explore.filter_params import FilterState, describe, parse_params, query_string, to_params
from components.explore.filtered_view import apply
from tests.explore.sample_corpus import SHARED_INDEX


@pytest.fixture(scope="module")
def index() -> CorpusIndex:
    return SHARED_INDEX


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
