"""Place overlap between compared articles (components.explore.compare)."""

from __future__ import annotations

import pandas as pd
import pytest

from components.explore.compare import (
    MAX_COMPARE,
    article_place_counts,
    default_compare_ids,
    format_compare_param,
    parse_compare_param,
    place_overlap,
)
from components.store.schema import conform, empty


def _mentions(rows: list[tuple[str, str | None, str]]) -> pd.DataFrame:
    """(article_id, place_id, name) rows; kind/country derived so labels can be checked."""
    return conform(
        "mentions",
        [
            {
                "article_id": a,
                "start": 0,
                "end": 1,
                "place_id": p,
                "name": n,
                "kind": "country" if n in {"Ukraine", "Russia"} else "city",
                "country": "UA",
                "lat": 0.0,
                "lon": 0.0,
                "score": 1.0,
            }
            for a, p, n in rows
        ],
    )


MENTIONS = _mentions(
    [
        ("a", "gn:1", "Kherson"),
        ("a", "gn:1", "Kherson"),
        ("b", "gn:1", "Kherson"),
        ("c", "gn:1", "Kherson"),
        ("a", "cc:UA", "Ukraine"),
        ("b", "cc:UA", "Ukraine"),
        ("a", "gn:2", "Bilozerka"),
        ("c", "gn:3", "Mykolaiv"),
        ("b", None, "unresolved"),
        ("z", "gn:9", "Elsewhere"),
    ]
)


def test_two_articles_shared_and_exclusive_places():
    overlap = place_overlap(MENTIONS, ["a", "b"])
    assert overlap.shared_by_all["name"].tolist() == ["Kherson", "Ukraine"]
    assert overlap.shared_by_all["a"].tolist() == [2, 1]
    assert overlap.only_in("a")["name"].tolist() == ["Bilozerka"]
    assert overlap.only_in("b").empty  # its unresolved mention is not a place
    assert overlap.shared_by_some.empty
    assert "Elsewhere" not in overlap.counts["name"].tolist()


def test_three_articles_have_places_shared_by_some():
    overlap = place_overlap(MENTIONS, ["a", "b", "c"])
    assert overlap.shared_by_all["name"].tolist() == ["Kherson"]
    assert overlap.shared_by_some["name"].tolist() == ["Ukraine"]
    assert overlap.only_in("c")["name"].tolist() == ["Mykolaiv"]
    assert overlap.only_in("not-compared").empty


def test_no_mentions_or_no_articles_is_empty_not_an_error():
    assert place_overlap(empty("mentions"), ["a", "b"]).shared_by_all.empty
    assert place_overlap(MENTIONS, []).counts.empty
    assert place_overlap(MENTIONS, ["x", "y"]).only_in("x").empty


KNOWN = ["000_a", "001_b", "002_c", "003_d", "004_e", "odd,name"]


@pytest.mark.parametrize(
    ("value", "ids", "dropped"),
    [
        (None, [], 0),
        ("", [], 0),
        ("000_a,001_b", ["000_a", "001_b"], 0),
        (" 000_a , 001_b ,, 000_a", ["000_a", "001_b"], 0),
        (["000_a", "002_c,003_d"], ["000_a", "002_c", "003_d"], 0),
        ("000_a,<script>alert(1)</script>,nope", ["000_a"], 2),
        ("odd,name", ["odd,name"], 0),
        ("000_a,001_b,002_c,003_d,004_e", ["000_a", "001_b", "002_c", "003_d"], 1),
        ("x" * 100_000, [], 1),
    ],
)
def test_parse_compare_param(value, ids, dropped):
    assert parse_compare_param(value, KNOWN) == (ids, dropped)
    assert len(ids) <= MAX_COMPARE


def test_format_round_trips_through_parse():
    ids = ["002_c", "000_a", "003_d"]
    assert parse_compare_param(format_compare_param(ids), KNOWN) == (ids, 0)


def _articles(rows: list[tuple[str, str | None]]) -> pd.DataFrame:
    return conform("articles", [{"article_id": a, "month": m} for a, m in rows])


def test_default_pick_is_busiest_month_and_its_most_covered_place():
    articles = _articles([("a", "2022-11"), ("b", "2022-11"), ("c", "2022-11"), ("z", "2022-09")])
    mentions = _mentions(
        [("a", "gn:1", "Kherson"), ("b", "gn:1", "Kherson"), ("b", "gn:2", "Kyiv"), ("z", "gn:1", "Kherson")]
    )
    assert default_compare_ids(articles, mentions) == ["a", "b"]
    assert default_compare_ids(articles, mentions, limit=1) == ["a", "b"]  # never fewer than two


def test_default_pick_without_months_or_mentions():
    articles = _articles([("b", None), ("a", None), ("c", None)])
    assert default_compare_ids(articles, empty("mentions")) == ["a", "b", "c"]
    assert default_compare_ids(empty("articles"), empty("mentions")) == []
    assert default_compare_ids(_articles([("only", "2022-01")]), empty("mentions")) == ["only"]


def test_article_place_counts_most_mentioned_first_resolved_only():
    counts = article_place_counts(MENTIONS[MENTIONS["article_id"] == "a"], "a")
    assert counts["name"].tolist() == ["Kherson", "Bilozerka", "Ukraine"]  # by count, then name
    assert counts["n"].tolist() == [2, 1, 1] and counts["a"].tolist() == [2, 1, 1]
    b = article_place_counts(MENTIONS[MENTIONS["article_id"] == "b"], "b")
    assert "unresolved" not in set(b["name"])
