"""Sentence spans as offsets into the original text, for context snippets and passage matching."""

from __future__ import annotations

import re
from collections.abc import Iterator

# A sentence ends at . ! ? … (plus closing quotes) followed by space and an opening capital/quote/digit,
# or at a line break. Common abbreviations are protected by requiring the previous token to be > 2 chars
# or not in the abbreviation list.
_END = re.compile(r"[.!?…]+[\"'”’»)]*(?=\s+[\"'„“‘«(\[]?[A-ZÀ-ÖØ-Þ0-9])|\n+")
_ABBREV = {
    "mr",
    "mrs",
    "dr",
    "st",
    "nr",
    "no",
    "vs",
    "bv",
    "dhr",
    "mevr",
    "ca",
    "e.g",
    "i.e",
    "z.b",
    "u.a",
    "prof",
    "gen",
    "lt",
    "col",
    "sgt",
    "jr",
    "sr",
    "inc",
    "co",
    "corp",
    "jan",
    "feb",
    "aug",
    "sept",
    "okt",
    "oct",
    "nov",
    "dec",
    "dez",
}


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split text into (start, end) spans of non-blank sentences."""
    return list(iter_sentence_spans(text))


def iter_sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """The spans of `sentence_spans` one at a time, for a caller that needs only the first few."""
    start = 0
    for m in _END.finditer(text):
        if m.group().startswith(".") and _is_abbreviation(text, m.start()):
            continue
        yield from _span(text, start, m.end())
        start = m.end()
    yield from _span(text, start, len(text))


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([\w.]+)$", text[max(0, dot - 12) : dot])
    return bool(word) and word.group(1).lower() in _ABBREV


def _span(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The non-blank part of text[start:end] as a span, if there is one."""
    seg = text[start:end]
    lead = len(seg) - len(seg.lstrip())
    trail = len(seg.rstrip())
    return ((start + lead, start + trail),) if trail > lead else ()
