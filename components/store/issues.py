"""Data issues of a loaded corpus, shaped for a "Data issues" view: bad input and unplaced names.

`bad_input(corpus)` is the errors table (file, row, reason); `unplaced_names(corpus)` groups the mentions
that no place was found for by their surface text, most frequent first. Both are plain frames, so the
dashboard, the CLI and tests read them the same way.
"""

from __future__ import annotations

import pandas as pd

from components.store.schema import Corpus

UNPLACED_COLUMNS = ["surface", "mentions", "articles", "reason", "example_article_id"]


def bad_input(corpus: Corpus) -> pd.DataFrame:
    """Every bad input with its file, row (<NA> for a whole file) and reason, sorted by file and row."""
    errors = corpus.errors[["file", "row", "reason"]]
    return errors.sort_values(["file", "row"], kind="stable", na_position="first").reset_index(drop=True)


def unplaced_names(corpus: Corpus) -> pd.DataFrame:
    """Names found in the text that no place was found for: one row per surface text with how many
    mentions and articles use it, the (most common) reason, and one article to open."""
    m = corpus.mentions
    m = m[m["place_id"].isna()]
    if m.empty:
        return pd.DataFrame(
            {
                c: pd.Series(dtype="Int64" if c in ("mentions", "articles") else "string")
                for c in UNPLACED_COLUMNS
            }
        )
    frame = pd.DataFrame(
        {
            "surface": m["surface"].astype("string"),
            "article_id": m["article_id"].astype("string"),
            "reason": m["reason"].astype("string"),
        }
    )
    grouped = frame.groupby("surface", sort=False)
    out = pd.DataFrame(
        {
            "mentions": grouped.size().astype("Int64"),
            "articles": grouped["article_id"].nunique().astype("Int64"),
            "reason": grouped["reason"].agg(lambda r: r.mode().iloc[0] if r.notna().any() else pd.NA),
            "example_article_id": grouped["article_id"].first(),
        }
    ).reset_index()
    out = out.astype({"surface": "string", "reason": "string", "example_article_id": "string"})
    return out.sort_values(["mentions", "surface"], ascending=[False, True]).reset_index(drop=True)[
        UNPLACED_COLUMNS
    ]


def issue_counts(corpus: Corpus) -> dict[str, int]:
    """The counts a sidebar or overview shows: bad inputs, and distinct unplaced names."""
    unplaced = corpus.mentions["surface"][corpus.mentions["place_id"].isna()]
    return {"bad_input": len(corpus.errors), "unplaced_names": int(unplaced.nunique())}
