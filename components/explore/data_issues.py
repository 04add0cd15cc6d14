"""What the build could not use: bad input files/rows and place names nothing could place.

The errors table is read defensively: it always has `file` and an error text (`error`, or `reason`),
and may gain a `row` column; without one, a leading "row N:" in the error text gives the row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

BAD_INPUT_COLUMNS = ["file", "row", "reason"]
UNPLACED_COLUMNS = ["name", "article_id", "title", "sentence"]
_ROW_PREFIX = re.compile(r"^\s*row\s+(\d+)\s*:\s*", re.IGNORECASE)
_SENTENCE_MAX = 300


def bad_inputs(errors: pd.DataFrame | None) -> pd.DataFrame:
    """One row per bad input: file, row (<NA> for a whole file) and the reason, in file order."""
    if errors is None or errors.empty:
        dtypes = {"file": "string", "row": "Int64", "reason": "string"}
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})
    n = len(errors)
    files = _column(errors, ("file", "path"), n)
    reasons = _column(errors, ("error", "reason", "message"), n)
    rows = errors["row"] if "row" in errors.columns else pd.Series(pd.NA, index=errors.index)
    rows = pd.to_numeric(pd.Series(rows.to_numpy(dtype=object), dtype=object), errors="coerce")
    out_rows: list[object] = []
    out_reasons: list[str] = []
    for row, reason in zip(rows, reasons, strict=True):
        match = _ROW_PREFIX.match(reason)
        if match:
            reason = reason[match.end() :]
            if pd.isna(row):
                row = int(match.group(1))
        out_rows.append(pd.NA if pd.isna(row) else int(row))
        out_reasons.append(reason)
    frame = pd.DataFrame({
        "file": pd.array(files, dtype="string"),
        "row": pd.array(out_rows, dtype="Int64"),
        "reason": pd.array(out_reasons, dtype="string"),
    })  # fmt: skip
    return frame.sort_values(["file", "row"], na_position="first", kind="stable").reset_index(drop=True)


def _column(frame: pd.DataFrame, names: Iterable[str], n: int) -> list[str]:
    """The first present column of `names` as plain strings ('' where missing)."""
    for name in names:
        if name in frame.columns:
            return ["" if pd.isna(v) else str(v) for v in frame[name].to_numpy(dtype=object)]
    return [""] * n


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
