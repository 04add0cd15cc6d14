"""Timeline data: gaps for empty months, greyed (not zeroed) months outside the filter, the place pick by
peak monthly share, colours that do not move with the filters."""

from __future__ import annotations

import numpy as np
import pytest

from components.explore.corpus_index import CorpusIndex
from components.explore.filter_params import FilterState
from components.explore.timeline_data import (
    month_frame,
    name_month_matrix,
    pick_places,
    place_colour,
    place_month_counts,
)
from tests.explore.mini_corpus import mini_corpus

PLACES = {
    "gn:1": ("Kherson", "city", 46.64, 32.61, "UA"),
    "gn:2": ("Kharkiv", "city", 49.99, 36.23, "UA"),
    "gn:3": ("Kyiv", "city", 50.45, 30.52, "UA"),
    "gn:4": ("Lviv", "city", 49.84, 24.03, "UA"),
}
# Kherson 11, Kyiv 9, Lviv 8 mentions over the year; Kharkiv only 4, all in September (its story).
# October has no article at all.
ARTICLES = [
    ("a1", "2022-08", ["gn:1"] * 4 + ["gn:3"] * 3 + ["gn:4"] * 3),
    ("a2", "2022-09", ["gn:2"] * 4 + ["gn:1", "gn:3"]),
    ("a3", "2022-11", ["gn:1"] * 6 + ["gn:3"] * 3 + ["gn:4"] * 3),
    ("a4", "2022-11", ["gn:3"] * 2 + ["gn:4"] * 2),
]
SEPT = ("2022-09", "2022-09")


@pytest.fixture(scope="module")
def index() -> CorpusIndex:
    return CorpusIndex(mini_corpus(PLACES, ARTICLES))


def test_month_frame_marks_gaps_and_the_filtered_range(index):
    frame = month_frame(index.view(FilterState()))
    assert frame.months == ["2022-08", "2022-09", "2022-10", "2022-11"]
    assert frame.has_articles.tolist() == [True, True, False, True]
    assert frame.in_range.all()
    sept = month_frame(index.view(FilterState(months=SEPT)))
    assert sept.in_range.tolist() == [False, True, False, False]
    assert sept.articles.tolist() == [1, 1, 0, 2]  # months outside the filter keep their real counts


def test_matrix_keeps_counts_outside_the_month_filter(index):
    matrix = name_month_matrix(index.view(FilterState(months=("2022-11", "2022-11"))), ["Kharkiv", "Kyiv"])
    assert matrix.loc["Kharkiv"].tolist() == [0, 4, 0, 0]
    assert matrix.loc["Kyiv"].tolist() == [3, 1, 0, 5]


def test_place_month_counts_respect_the_other_filters(index):
    view = index.view(FilterState(places=("Kharkiv",)))  # only a2
    counts = place_month_counts(view, np.array([index.place_code["gn:1"], index.place_code["gn:2"]]))
    assert counts.tolist() == [[0, 1, 0, 0], [0, 4, 0, 0]]


def test_pick_by_peak_share_finds_the_short_story(index):
    view = index.view(FilterState())
    by_total = view.place_stats(limit=2)["name"].tolist()
    assert "Kharkiv" not in by_total  # what the old top-N lines showed
    assert pick_places(view, 2) == ["Kherson", "Kharkiv"]
    assert pick_places(view, 4) == ["Kherson", "Kyiv", "Kharkiv", "Lviv"]


def test_colours_do_not_move_with_the_filters(index):
    states = [
        FilterState(),
        FilterState(months=SEPT),
        FilterState(places=("Lviv",)),
        FilterState(query="Kyiv"),
    ]
    for name in ["Kherson", "Kharkiv", "Kyiv", "Lviv"]:
        colours = {place_colour(index.view(s), name) for s in states}
        assert len(colours) == 1, name
    assert (
        len({place_colour(index.view(FilterState()), n) for n in ["Kherson", "Kharkiv", "Kyiv", "Lviv"]}) == 4
    )
