"""Shared by the engine tests: a mixed corpus (the seeds plus synthetic articles) and table comparison."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from components.store import load
from components.store.schema import Corpus
from components.store.synthetic import write_corpus

REPO = Path(__file__).resolve().parents[2]
TABLES = ("articles", "mentions", "places", "posts", "errors")


def mixed_corpus(root: Path, n: int) -> Path:
    """The seeds, n synthetic articles and one unreadable file (an error row), under root."""
    shutil.copytree(REPO / "seeds", root / "seeds")
    write_corpus(root / "synthetic", n, seed=7)
    (root / "broken.txt").write_bytes(b"\xff\xfe\x00\x00" + bytes(range(256)) * 4)
    return root


def sorted_tables(cache: Path) -> dict[str, pd.DataFrame]:
    """Every table of a cache in a canonical row order: equal caches give equal frames."""
    corpus: Corpus = load(cache)
    out = {}
    for name in TABLES:
        frame = corpus.table(name)
        cols = list(frame.columns)
        out[name] = frame.astype(str).sort_values(cols).reset_index(drop=True)
    return out


def assert_same_tables(a: Path, b: Path) -> None:
    ta, tb = sorted_tables(a), sorted_tables(b)
    for name in TABLES:
        pd.testing.assert_frame_equal(ta[name], tb[name], obj=name)
