"""Place names nothing could place, mention by mention with their sentences, for the Data issues page.

The bad inputs themselves (file, row, reason) are the errors table as `components.store.issues` shapes it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

UNPLACED_COLUMNS = ["name", "article_id", "title", "sentence"]
_SENTENCE_MAX = 300


def unplaced_mentions(
    articles: pd.DataFrame, mentions: pd.DataFrame, article_ids: Iterable[str] | None = None
) -> pd.DataFrame:
    """Every mention nothing could place: the name as written, its article and the sentence around it."""
    unplaced = mentions[mentions["place_id"].isna()]
    if article_ids is not None:
        unplaced = unplaced[unplaced["article_id"].isin(list(article_ids))]
    if unplaced.empty:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in UNPLACED_COLUMNS})
    arts = articles.drop_duplicates("article_id").set_index("article_id")
    texts = arts["text"].astype(object).to_dict()
    titles = arts["title"].astype(object).to_dict()
    records = []
    for m in unplaced[["article_id", "surface", "start", "end", "sentence_start", "sentence_end"]].to_dict(
        "records"
    ):
        aid = str(m["article_id"])
        text = texts.get(aid)
        text = text if isinstance(text, str) else ""
        lo = m["sentence_start"] if not pd.isna(m["sentence_start"]) else m["start"]
        hi = m["sentence_end"] if not pd.isna(m["sentence_end"]) else m["end"]
        sentence = " ".join(text[int(lo) : int(hi)].split()) if not (pd.isna(lo) or pd.isna(hi)) else ""
        if len(sentence) > _SENTENCE_MAX:
            sentence = sentence[: _SENTENCE_MAX - 1] + "…"
        title = titles.get(aid)
        records.append({
            "name": str(m["surface"]),
            "article_id": aid,
            "title": title if isinstance(title, str) else aid,
            "sentence": sentence,
        })  # fmt: skip
    return pd.DataFrame.from_records(records, columns=UNPLACED_COLUMNS).astype("string")


def unplaced_counts(unplaced: pd.DataFrame) -> pd.DataFrame:
    """Unplaced names with how often and in how many articles they occur, most frequent first."""
    if unplaced.empty:
        return pd.DataFrame({"name": pd.Series(dtype="string"), "mentions": [], "articles": []})
    grouped = unplaced.groupby("name", sort=False).agg(
        mentions=("article_id", "size"), articles=("article_id", "nunique")
    )
    grouped = grouped.reset_index().sort_values(["mentions", "name"], ascending=[False, True])
    return grouped.reset_index(drop=True)
