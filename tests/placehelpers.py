"""Run the whole place pipeline on one text, for tests written as sentences."""

from __future__ import annotations

from components.corpus.readers import Source
from components.store.article_rows import analyze_source


def places(text: str, gazetteer) -> list[tuple[str, str, str]]:
    """(surface, English name, kind) of every mention in text, in order."""
    res = analyze_source(Source("t.txt", None, text, "text"), gazetteer)
    return [(m["surface"], m["name"], m["kind"]) for m in res.mentions]


def names(text: str, gazetteer) -> list[str]:
    return [n for _, n, _ in places(text, gazetteer)]
