"""Sampled word n-gram hashes of many texts at once: the within-language evidence of grouping.

Per text, a Python loop over its words and a dozen small numpy calls cost more than the hashing
itself; here the words of a few thousand texts are factorised together (C hash tables), each distinct
word is hashed once, and the n-gram hashes of the whole chunk come from one rolling pass. The values
are those of hashing text by text (crc32 per word, the same rolling mix): a hash is stable across
runs, machines and chunkings, so grouping stays deterministic.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

import numpy as np
import pandas as pd

SHINGLE_WORDS = 4  # word n-grams shared within a language: reworded copy still shares many of these
SHINGLE_SAMPLE = 6  # keep the n-grams whose hash is 0 mod this: a stable sample, ~1/6 of them
COMMON_SHINGLE_DF = 50  # an n-gram in more articles is stock phrasing ("said in a statement"), not a story
CHUNK_TEXTS = 4000  # texts per pass: bounds the memory of the word lists (~250 words a text)

# ASCII non-letters become spaces and bytes.split() yields the words: far faster than a regex. UTF-8
# letters (ï, ß) are multi-byte and kept; the common non-ASCII quotation marks are removed first.
_NOT_LETTER = bytes(c if chr(c).isalpha() or c >= 0x80 else 0x20 for c in range(256))
_QUOTE_MARKS = tuple(q.encode() for q in "„“”‘’«»–—…")


def _words(text: str) -> list[bytes]:
    raw = text.lower().encode()
    for mark in _QUOTE_MARKS:
        if mark in raw:
            raw = raw.replace(mark, b" ")
    return raw.translate(_NOT_LETTER).split()


def _mix(acc: np.ndarray) -> np.ndarray:
    acc ^= acc >> np.uint64(29)
    acc *= np.uint64(0xBF58476D1CE4E5B9)
    acc ^= acc >> np.uint64(32)
    return acc


def _chunk(texts: list[str], word_hash: dict[bytes, int]) -> list[np.ndarray]:
    """Sorted unique sampled n-gram hashes of each text of one chunk."""
    words: list[bytes] = []
    lengths = np.zeros(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        w = _words(text)
        words.extend(w)
        lengths[i] = len(w)
    if len(words) < SHINGLE_WORDS:
        return [np.zeros(0, dtype=np.uint64) for _ in texts]
    codes, uniques = pd.factorize(pd.Series(words, dtype=object), sort=False)
    table = np.fromiter(
        (word_hash.get(u) or word_hash.setdefault(u, zlib.crc32(u) | 1) for u in uniques),
        dtype=np.uint64,
        count=len(uniques),
    )
    h = table[codes]
    n = len(h) - SHINGLE_WORDS + 1
    acc = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE_WORDS):
        acc = acc * np.uint64(1_000_003) + h[k : k + n]
    acc = _mix(acc)
    ends = np.cumsum(lengths)
    doc = np.repeat(np.arange(len(texts)), lengths)[:n]
    keep = (np.arange(n) + SHINGLE_WORDS <= ends[doc]) & (acc % np.uint64(SHINGLE_SAMPLE) == 0)
    doc, acc = doc[keep], acc[keep]
    order = np.lexsort((acc, doc))
    doc, acc = doc[order], acc[order]
    first = np.ones(len(doc), dtype=bool)
    first[1:] = (doc[1:] != doc[:-1]) | (acc[1:] != acc[:-1])
    doc, acc = doc[first], acc[first]
    return np.split(acc, np.searchsorted(doc, np.arange(1, len(texts))))


def text_shingles(texts: Iterable[str]) -> list[np.ndarray]:
    """Each text's sampled n-gram hashes (sorted, unique uint64), for texts of any number."""
    texts = list(texts)
    word_hash: dict[bytes, int] = {}
    out: list[np.ndarray] = []
    for start in range(0, len(texts), CHUNK_TEXTS):
        out.extend(_chunk(texts[start : start + CHUNK_TEXTS], word_hash))
    return out


def drop_common(shingles: list[np.ndarray]) -> list[frozenset[int]]:
    """Shingle sets without the n-grams found in more than COMMON_SHINGLE_DF texts."""
    if not shingles:
        return []
    flat = np.concatenate(shingles)
    _values, inverse, counts = np.unique(flat, return_inverse=True, return_counts=True)
    rare = counts[inverse] <= COMMON_SHINGLE_DF  # one pass over all texts, not one isin per text
    if not rare.all():
        doc = np.repeat(np.arange(len(shingles)), [len(s) for s in shingles])[rare]
        shingles = np.split(flat[rare], np.searchsorted(doc, np.arange(1, len(shingles))))
    return [frozenset(s.tolist()) for s in shingles]
