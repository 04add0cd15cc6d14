"""The data the dashboard's Data issues view reads: errors with file/row/reason, and unplaced names."""

from __future__ import annotations

import pandas as pd

from components.store import build, load
from components.store.issues import UNPLACED_COLUMNS, bad_input, issue_counts, unplaced_names


def test_bad_input_and_unplaced_names(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "good.txt").write_text(
        " date 2022-11 Beschietingen in de regio Zwarkelburg en in de regio Zwarkelburg bij Kiev.\n",
        encoding="utf-8",
    )
    (root / "rows.jsonl").write_text(
        '{"text": "Raketten op Lviv."}\n{broken\n{"title": "x"}\n', encoding="utf-8"
    )
    (root / "empty.txt").write_bytes(b"")
    build(root, tmp_path / "c")
    corpus = load(tmp_path / "c")
    issues = bad_input(corpus)
    assert list(issues.columns) == ["file", "row", "reason"]
    rows = set(zip(issues["file"], [None if pd.isna(r) else int(r) for r in issues["row"]], strict=True))
    assert {("empty.txt", None), ("rows.jsonl", 2), ("rows.jsonl", 3)} <= rows
    assert (corpus.errors["error"].str.startswith("row 2: ")).any()  # the readable line keeps the row
    unplaced = unplaced_names(corpus)
    assert list(unplaced.columns) == UNPLACED_COLUMNS
    hit = unplaced[unplaced["surface"].str.contains("Zwarkelburg")]
    assert len(hit) == 1 and int(hit["mentions"].iloc[0]) == 2 and int(hit["articles"].iloc[0]) == 1
    assert hit["reason"].iloc[0] and hit["example_article_id"].iloc[0] == "good"
    counts = issue_counts(corpus)
    assert counts["bad_input"] == len(corpus.errors) and counts["unplaced_names"] == len(unplaced)
