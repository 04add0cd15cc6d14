"""The Articles page table (components.explore.article_table)."""

from __future__ import annotations

from components.explore.article_table import TABLE_COLUMNS, article_table
from components.store.schema import conform, empty


def _mention(article_id: str, place_id: str | None, name: str | None) -> dict:
    return {"article_id": article_id, "start": 0, "end": 1, "place_id": place_id, "name": name,
            "lat": 0.0, "lon": 0.0, "score": 1.0}  # fmt: skip


ARTICLES = conform(
    "articles",
    [
        {"article_id": "b", "title": "Second", "date": "2022-11", "outlet": "nrc", "language": "nl"},
        {"article_id": "a", "title": None, "date": "2022-09", "language": "nl"},
        {"article_id": "c", "title": "No places"},
    ],
)


def test_counts_and_top_places_align_with_article_rows():
    mentions = conform(
        "mentions",
        [
            _mention("a", "gn:1", "Kherson"),
            _mention("a", "gn:1", "Kherson"),
            _mention("a", "cc:UA", "Ukraine"),
            _mention("a", None, None),
            _mention("b", "gn:2", "Kyiv"),
            _mention("zz", "gn:3", "Not in corpus"),
        ],
    )
    table = article_table(ARTICLES, mentions)
    assert list(table.columns) == TABLE_COLUMNS
    assert table["article_id"].tolist() == ["b", "a", "c"]  # corpus order kept
    assert table["places"].tolist() == [1, 2, 0]
    assert table["mentions"].tolist() == [1, 3, 0]
    assert table["top_places"].tolist() == ["Kyiv", "Kherson, Ukraine", ""]
    assert table.loc[1, "title"] == "a"  # untitled: shows its id


def test_no_mentions():
    table = article_table(ARTICLES, empty("mentions"))
    assert table["places"].tolist() == [0, 0, 0] and table["top_places"].tolist() == ["", "", ""]
