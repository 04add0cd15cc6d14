"""The Articles page's table: one row per article with its place counts (no Streamlit here).

Computed once per corpus, aligned with `corpus.articles` row positions, so a filtered view is just
`table.iloc[view.positions]` — no per-filter groupby over all mentions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

TABLE_COLUMNS = [
    "article_id",
    "date",
    "title",
    "outlet",
    "language",
    "places",
    "mentions",
    "top_places",
    "file",
]
TOP_PLACES = 4


def article_table(articles: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Articles with: distinct resolved places, resolved mentions, and the most-mentioned place names."""
    table = articles[["article_id", "date", "title", "outlet", "language", "file"]].copy()
    table["title"] = table["title"].fillna(table["article_id"])
    resolved = mentions.loc[mentions["place_id"].notna(), ["article_id", "place_id", "name"]]
    if resolved.empty:
        table["places"] = 0
        table["mentions"] = 0
        table["top_places"] = ""
        return table.reset_index(drop=True)[TABLE_COLUMNS]
    per_place = resolved.groupby(["article_id", "place_id"], sort=False).agg(
        n=("name", "size"), name=("name", "first")
    )
    per_place = per_place.reset_index().sort_values(
        ["article_id", "n", "name"], ascending=[True, False, True]
    )
    places = per_place.groupby("article_id", sort=False)["place_id"].size()
    total = per_place.groupby("article_id", sort=False)["n"].sum()
    top = (
        per_place.groupby("article_id", sort=False)
        .head(TOP_PLACES)
        .assign(name=lambda f: f["name"].fillna(f["place_id"]).astype(str))
        .groupby("article_id", sort=False)["name"]
        .agg(", ".join)
    )
    ids = table["article_id"]
    table["places"] = ids.map(places).fillna(0).astype("int64")
    table["mentions"] = ids.map(total).fillna(0).astype("int64")
    table["top_places"] = ids.map(top).fillna("").astype("string")
    return table.reset_index(drop=True)[TABLE_COLUMNS]


def newest_first(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows by date, newest first, undated last; ties keep their order (what a news reader expects)."""
    date = rows["date"].astype("string")
    keyed = rows.assign(
        _undated=date.isna().to_numpy(), _date=date.fillna("").to_numpy(), _pos=np.arange(len(rows))
    )
    keyed = keyed.sort_values(["_undated", "_date", "_pos"], ascending=[True, False, True], kind="stable")
    return keyed.drop(columns=["_undated", "_date", "_pos"]).reset_index(drop=True)
