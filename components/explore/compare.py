"""Compare logic without Streamlit: which articles to compare, and which places they share.

The Compare page keeps its selection in the URL (`?compare=id1,id2`) so a copied link reproduces
the view; parsing that parameter must accept anything a user can paste without raising.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

PLACE_KEY_COLUMNS = ["place_id", "name", "kind", "country"]
MAX_COMPARE = 4
MAX_PARAM_CHARS = 4000


def parse_compare_param(value: str | Sequence[str] | None, known_ids: Iterable[str]) -> tuple[list[str], int]:
    """Article ids from `?compare=` (comma-separated and/or repeated), kept if known, in order.

    Returns (ids, dropped): at most MAX_COMPARE distinct known ids, and how many given ids were
    unknown or beyond the limit, so the page can say so without echoing the URL's text.
    """
    if value is None:
        return [], 0
    raw = [value] if isinstance(value, str) else [str(v) for v in value]
    known = set(known_ids)
    ids: list[str] = []
    dropped = 0
    for chunk in raw:
        chunk = chunk[:MAX_PARAM_CHARS]
        # An id may itself contain a comma (a file name): prefer the whole chunk when it is known.
        parts = [chunk] if chunk.strip() in known else chunk.split(",")
        for part in (p.strip() for p in parts):
            if not part or part in ids:
                continue
            if part in known and len(ids) < MAX_COMPARE:
                ids.append(part)
            else:
                dropped += 1
    return ids, dropped


def format_compare_param(ids: Sequence[str]) -> str:
    return ",".join(ids)


def default_compare_ids(
    articles: pd.DataFrame, mentions: pd.DataFrame, limit: int = MAX_COMPARE
) -> list[str]:
    """A natural first comparison: articles of the busiest month that mention its most-covered place.

    On the seed corpus this picks the four Kherson articles of November 2022. Falls back to the
    first articles when there are no months or places.
    """
    if articles.empty:
        return []
    ids = articles["article_id"].astype("string")
    months = articles["month"].astype("string")
    if months.notna().any():
        busiest = months.value_counts(sort=True).index[0]
        pool = ids[months == busiest].tolist()
    else:
        pool = ids.dropna().tolist()
    resolved = mentions[mentions["article_id"].isin(pool) & mentions["place_id"].notna()]
    if not resolved.empty:
        reach = resolved.drop_duplicates(["article_id", "place_id"])["place_id"].value_counts(sort=True)
        top = reach.index[0]
        having = set(resolved.loc[resolved["place_id"] == top, "article_id"])
        pool = [a for a in pool if a in having]
    chosen = sorted(pool)[:limit]
    if len(chosen) < 2:  # always offer a comparison when the corpus allows one
        rest = [a for a in ids.dropna().tolist() if a not in chosen]
        chosen += rest[: max(0, 2 - len(chosen))]
    return chosen


@dataclass(frozen=True)
class PlaceOverlap:
    """Per-place mention counts for the compared articles, split into shared and exclusive places."""

    counts: pd.DataFrame  # one row per place: place_id, name, kind, country, <article ids...>, n_articles
    article_ids: tuple[str, ...]

    @property
    def shared_by_all(self) -> pd.DataFrame:
        return self.counts[self.counts["n_articles"] == len(self.article_ids)]

    @property
    def shared_by_some(self) -> pd.DataFrame:
        """Places in more than one but not all articles (only possible with three or more)."""
        n = self.counts["n_articles"]
        return self.counts[(n > 1) & (n < len(self.article_ids))]

    def only_in(self, article_id: str) -> pd.DataFrame:
        """Places that this article mentions and none of the others does."""
        if article_id not in self.counts.columns:
            return self.counts.iloc[0:0]
        return self.counts[(self.counts["n_articles"] == 1) & (self.counts[article_id] > 0)]


def place_overlap(mentions: pd.DataFrame, article_ids: Sequence[str]) -> PlaceOverlap:
    """Count resolved mentions per place and article; unresolved mentions (no place_id) are left out."""
    ids = tuple(dict.fromkeys(str(a) for a in article_ids))
    columns = [*PLACE_KEY_COLUMNS, *ids, "n_articles"]
    needed = {"article_id", *PLACE_KEY_COLUMNS}
    if mentions is None or mentions.empty or not ids or not needed <= set(mentions.columns):
        return PlaceOverlap(pd.DataFrame(columns=columns), ids)
    rows = mentions[mentions["article_id"].isin(ids) & mentions["place_id"].notna()]
    if rows.empty:
        return PlaceOverlap(pd.DataFrame(columns=columns), ids)
    # One label per place: its most frequent name/kind/country (they should agree anyway).
    labels = (
        rows.groupby("place_id", sort=False)[["name", "kind", "country"]]
        .agg(lambda s: s.mode(dropna=True).iloc[0] if s.notna().any() else pd.NA)
        .reset_index()
    )
    table = pd.crosstab(rows["place_id"], rows["article_id"]).reindex(columns=list(ids), fill_value=0)
    table.columns = [str(c) for c in table.columns]
    table = table.reset_index()
    table["n_articles"] = (table[list(ids)] > 0).sum(axis=1)
    counts = labels.merge(table, on="place_id", how="right")
    counts["_total"] = counts[list(ids)].sum(axis=1)
    counts = counts.sort_values(
        ["n_articles", "_total", "name"], ascending=[False, False, True], kind="stable"
    )
    return PlaceOverlap(counts.drop(columns="_total").reset_index(drop=True)[columns], ids)


def article_place_counts(mentions: pd.DataFrame, article_id: str) -> pd.DataFrame:
    """Resolved places of one article with their mention count, most-mentioned first.

    The count is also in a column named after the article, the shape `place_overlap` gives, so the
    same place chips show one article or several.
    """
    resolved = mentions[mentions["place_id"].notna()]
    counts = (
        resolved.groupby("place_id", sort=False)
        .agg(name=("name", "first"), kind=("kind", "first"), n=("name", "size"))
        .reset_index()
        .sort_values(["n", "name"], ascending=[False, True])
    )
    counts[article_id] = counts["n"]
    return counts
