"""Find the passages two articles share: near-identical sentences and the same quotes.

Outlets copy agency copy and quote the same officials, so two articles about one event often share
sentences that differ only in punctuation or a word, or a quote embedded in different sentences.
Each text is cut into units (sentences and quotations), every unit of one text is scored against
every unit of the other with rapidfuzz, and pairs above a threshold are aligned one-to-one.
Offsets index the original text, like every offset in the data layer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
from rapidfuzz import fuzz, process, utils

from components.corpus.sentences import sentence_spans
from components.explore.highlight import parse_boilerplate

DEFAULT_THRESHOLD = 85.0
# Containment (one unit inside a longer one) is scored with partial_ratio, which rates any shared
# stock phrase ("het ministerie van Defensie") highly, so it needs a near-exact match of a long unit.
CONTAINMENT_THRESHOLD = 95.0
CONTAINMENT_MIN_WORDS = 8
MIN_WORDS = 5  # shorter units ("Cherson is bevrijd.") match by chance too easily
MIN_QUOTE_WORDS = 3
MAX_UNITS = 3000  # per text: bounds the score matrix for very long inputs

# Opening → closing quotation marks (Dutch „…”, English “…”, ‘…’, German „…“, straight "…", ’…’).
QUOTE_PAIRS: dict[str, str] = {"„": '”“"', "“": '”"', "‘": "’", '"': '"', "’": "’", "«": "»", "»": "«"}

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Unit:
    """A sentence or a quotation of one text, with its offsets into that text."""

    start: int
    end: int
    text: str
    kind: str  # sentence | quote


@dataclass(frozen=True)
class SharedPassage:
    """One aligned pair: a unit of text A and its counterpart in text B."""

    a_start: int
    a_end: int
    a_text: str
    b_start: int
    b_end: int
    b_text: str
    score: float  # 0-100
    kind: str  # sentence | quote (quote when either side is a quotation)
    method: str  # which scorer decided: ratio | partial


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so it holds no leading/trailing whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[Unit]:
    """Sentences of `text` (the data layer's splitter, so snippets and passages cut alike)."""
    return [Unit(s, e, text[s:e], "sentence") for s, e in sentence_spans(text)]


def mask_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with the given spans blanked out (newlines kept), so offsets stay valid.

    Used to keep boilerplate (cookie notices repeated on every page of an outlet) out of matching.
    """
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(len(chars), end)):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _is_apostrophe(text: str, i: int) -> bool:
    """A ’ or ' between two letters (z’n, foto’s, don't) is an apostrophe, not a quotation mark."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isalnum() and after.isalnum()


def find_quotes(text: str, max_length: int = 1200) -> list[Unit]:
    """Quotations in `text`: „…”, “…”, ‘…’, "…", ’…’ and «…», without their marks, not nested."""
    quotes: list[Unit] = []
    i = 0
    n = len(text)
    while i < n:
        opener = text[i]
        closers = QUOTE_PAIRS.get(opener)
        if closers is None or _is_apostrophe(text, i) or (i + 1 < n and text[i + 1].isspace()):
            i += 1
            continue
        if opener in "’\"'" and i > 0 and text[i - 1].isalnum():
            i += 1  # a closing mark or apostrophe, not an opening one
            continue
        j = i + 1
        found = -1
        while j < n and j - i <= max_length:
            if text[j] in closers and not _is_apostrophe(text, j):
                found = j
                break
            if text[j] == "\n" and j + 1 < n and text[j + 1] == "\n":
                break  # quotes do not run across paragraphs
            j += 1
        if found < 0:
            i += 1
            continue
        s, e = _trimmed(text, i + 1, found)
        if s < e and len(_WORD.findall(text[s:e])) >= MIN_QUOTE_WORDS:
            quotes.append(Unit(s, e, text[s:e], "quote"))
        i = found + 1
    return quotes


def text_units(text: str) -> list[Unit]:
    """Sentences (at least MIN_WORDS words) and quotations of a text, in text order."""
    sentences = [u for u in split_sentences(text) if len(_WORD.findall(u.text)) >= MIN_WORDS]
    units = sorted([*sentences, *find_quotes(text)], key=lambda u: (u.start, u.end))
    return units[:MAX_UNITS]


def _normalise(text: str) -> str:
    return utils.default_process(text)


def _score_matrices(a: list[str], b: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Whole-unit similarity, and containment similarity (the shorter unit inside the longer).

    Containment only counts when the shorter unit has CONTAINMENT_MIN_WORDS words and matches at
    CONTAINMENT_THRESHOLD or better; otherwise it is 0 so it can never decide a pair.
    """
    whole = process.cdist(a, b, scorer=fuzz.token_sort_ratio, dtype=np.float32)
    part = process.cdist(a, b, scorer=fuzz.partial_ratio, dtype=np.float32)
    words_a = np.array([s.count(" ") + 1 for s in a], dtype=np.int32)[:, None]
    words_b = np.array([s.count(" ") + 1 for s in b], dtype=np.int32)[None, :]
    long_enough = np.minimum(words_a, words_b) >= CONTAINMENT_MIN_WORDS
    part = np.where(long_enough & (part >= CONTAINMENT_THRESHOLD), part, 0.0)
    return whole, part


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < t_end and t_start < end for t_start, t_end in taken)


def shared_passages(
    text_a: str | None, text_b: str | None, threshold: float = DEFAULT_THRESHOLD
) -> list[SharedPassage]:
    """Aligned near-identical passages of two texts, best-scoring first claimed, sorted by position in A.

    Each region of either text is used at most once, so a sentence and the quote inside it do not
    both pair up with the same counterpart.
    """
    units_a, units_b = text_units(text_a or ""), text_units(text_b or "")
    if not units_a or not units_b:
        return []
    norm_a = [_normalise(u.text) for u in units_a]
    norm_b = [_normalise(u.text) for u in units_b]
    whole, part = _score_matrices(norm_a, norm_b)
    best = np.maximum(whole, part)
    rows, cols = np.nonzero(best >= threshold)
    order = sorted(
        zip(rows.tolist(), cols.tolist(), strict=True),
        key=lambda rc: (-float(best[rc]), -(units_a[rc[0]].end - units_a[rc[0]].start)),
    )
    taken_a: list[tuple[int, int]] = []
    taken_b: list[tuple[int, int]] = []
    pairs: list[SharedPassage] = []
    for r, c in order:
        ua, ub = units_a[r], units_b[c]
        if not norm_a[r] or not norm_b[c]:
            continue
        if _overlaps(ua.start, ua.end, taken_a) or _overlaps(ub.start, ub.end, taken_b):
            continue
        taken_a.append((ua.start, ua.end))
        taken_b.append((ub.start, ub.end))
        kind = "quote" if "quote" in (ua.kind, ub.kind) else "sentence"
        method = "ratio" if whole[r, c] >= part[r, c] else "partial"
        pairs.append(
            SharedPassage(
                ua.start,
                ua.end,
                ua.text,
                ub.start,
                ub.end,
                ub.text,
                round(float(best[r, c]), 1),
                kind,
                method,
            )
        )
    return sorted(pairs, key=lambda p: (p.a_start, p.b_start))


SHAREABLE_BOILERPLATE = {"post"}  # boilerplate kinds that are content another article may share


def _noise_spans(text: str, boilerplate: str) -> list[tuple[int, int]]:
    """Boilerplate to keep out of matching; embedded posts stay (two outlets may embed one tweet)."""
    spans = parse_boilerplate(boilerplate, len(text))
    return [(s.start, s.end) for s in spans if s.label not in SHAREABLE_BOILERPLATE]


def article_passages(
    text_a: str, boiler_a: str, text_b: str, boiler_b: str, threshold: float
) -> list[SharedPassage]:
    """Shared passages of two articles, boilerplate masked out (cookie notices are not 'shared news')."""
    masked_a = mask_spans(text_a, _noise_spans(text_a, boiler_a))
    masked_b = mask_spans(text_b, _noise_spans(text_b, boiler_b))
    pairs = shared_passages(masked_a, masked_b, threshold=threshold)
    # Report the original text of each side (masking only blanks characters, offsets are unchanged).
    return [replace(p, a_text=text_a[p.a_start : p.a_end], b_text=text_b[p.b_start : p.b_end]) for p in pairs]
