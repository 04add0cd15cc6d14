"""One compiled pass over an article for where gazetteer names can start: an Aho-Corasick pre-filter.

The candidate finder looks names up token by token (`candidates`); most capitalised words name no place,
and each of them used to cost several key foldings and dictionary look-ups (the name runs, a genitive, a
glued cue, the pieces of a hyphenated word). `KeyScanner` runs one automaton (pyahocorasick) over a folded
copy of the text and returns the offsets at which some exact key of the gazetteer may start; a look-up
at any other offset is known to be empty and is skipped. Python still confirms every hit, so what is
found is exactly what the token-by-token path finds: the scan can only say "no".

Why it is exact. Both the keys and the text are folded character by character the same way: a letter
becomes its `unidecode` transliteration, lower-cased, with anything but a-z turned into a space; any
other character becomes a space; runs of spaces become one. `exact_key` is `unidecode` (character-wise)
+ lower + punctuation to a space, so the fold of a key is the fold of any span that has that key. A
span the finder looks up starts at a token or a hyphenated piece, after a non-letter, so in the folded
text a space precedes it: the automaton's words are " " + the first `PREFIX` characters of a folded
key, matched at word starts only. A letter whose fold does not begin with a-z (rare: "ʼ", letters
`unidecode` drops) cannot be placed exactly, so the scan never rules out a span starting with one.
"""

from __future__ import annotations

import re
import weakref
from functools import lru_cache
from typing import TYPE_CHECKING

import ahocorasick
import numpy as np
from unidecode import unidecode

from components.places.gazetteer import lookup
from components.places.names import exact_key

if TYPE_CHECKING:
    from components.places.gazetteer import Gazetteer

PREFIX = 8  # folded characters of a key kept in the automaton: 35 MB and 0.13 s to unpickle, few misses
_NOT_AZ = re.compile(r"[^a-z]+")
_LETTER = re.compile(r"[^\W\d_]")  # a letter as `tokens.TOKEN` sees one
_SPACES = re.compile(" {2,}")


def fold_key(key: str) -> str:
    """A gazetteer key folded like the text: a-z words separated by single spaces."""
    return _NOT_AZ.sub(" ", key).strip()


class _Fold(dict):
    """str.translate table, filled on first sight of a character: its folded form (see the module doc)."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        folded = _NOT_AZ.sub(" ", unidecode(c).lower()) if _LETTER.match(c) else " "
        self[code] = folded
        return folded


class _Lengths(dict):
    """str.translate table: each character -> chr(length of its fold), to map folded offsets back."""

    def __missing__(self, code: int) -> str:
        out = chr(len(_FOLD[code]))
        self[code] = out
        return out


_FOLD = _Fold()
_LENGTHS = _Lengths()


@lru_cache(maxsize=4096)
def unplaceable(c: str) -> bool:
    """A letter whose fold does not start with a-z: the scan cannot tell where its names start."""
    folded = _FOLD[ord(c)]
    return not folded or not ("a" <= folded[0] <= "z")


def fold_text(text: str) -> tuple[str, np.ndarray]:
    """The text folded, between two spaces, and for each folded character the offset in `text` of the
    character it comes from (the leading space: -1)."""
    folded = " " + text.translate(_FOLD) + " "
    if len(folded) == len(text) + 2:  # every character folds to one: offsets shift by the leading space
        origin = np.arange(-1, len(text) + 1, dtype=np.int64)
    else:
        lengths = np.frombuffer(text.translate(_LENGTHS).encode("latin-1"), dtype=np.uint8)
        lengths = np.concatenate(([1], lengths, [1]))
        origin = np.repeat(np.arange(-1, len(text) + 1, dtype=np.int64), lengths)
    if "  " not in folded:
        return folded, origin
    raw = np.frombuffer(folded.encode("ascii"), dtype=np.uint8)
    keep = np.ones(len(raw), dtype=bool)
    keep[1:] = ~((raw[1:] == 32) & (raw[:-1] == 32))
    return _SPACES.sub(" ", folded), origin[keep]


class KeyScanner:
    """Where exact keys of one gazetteer may start in a text (a superset; never misses one)."""

    def __init__(self, automaton: ahocorasick.Automaton):
        self.automaton = automaton

    @classmethod
    def build(cls, g: Gazetteer) -> KeyScanner:
        """From the exact index plus the keys of case-exact forms ("U.S." is looked up as written)."""
        keys = set(g.exact) | {exact_key(s) for s in g.case_exact}
        automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
        for k in keys:
            folded = fold_key(k)
            if folded:  # a short key as a whole word, a long one by its beginning
                automaton.add_word(f" {folded} " if len(folded) <= PREFIX else " " + folded[:PREFIX])
        automaton.make_automaton()
        return cls(automaton)

    def starts(self, text: str) -> frozenset[int]:
        """Offsets in text at which the fold of some key begins."""
        folded, origin = fold_text(text)
        firsts = [end - length + 2 for end, length in self.automaton.iter(folded)]
        return frozenset(origin[np.array(firsts, dtype=np.int64)].tolist()) if firsts else frozenset()


class KeyStarts:
    """The scan of one text: `may_start(pos)` is False only where no exact key can start."""

    __slots__ = ("text", "found")

    def __init__(self, text: str, found: frozenset[int]):
        self.text = text
        self.found = found

    def may_start(self, pos: int) -> bool:
        return pos in self.found or unplaceable(self.text[pos])

    def lookup(self, g: Gazetteer, pos: int, surface: str) -> tuple[int, ...]:
        """`lookup(g.exact, exact_key(surface))` for a surface starting at pos, skipped when the scan
        rules it out."""
        return lookup(g.exact, exact_key(surface)) if self.may_start(pos) else ()


_SCANNERS: dict[int, tuple[weakref.ref, KeyScanner]] = {}


def attach_scanner(g: Gazetteer, scanner: KeyScanner) -> None:
    """Use scanner for g (the index loader attaches the pickled one)."""
    _SCANNERS[id(g)] = (weakref.ref(g), scanner)


def scanner_for(g: Gazetteer) -> KeyScanner:
    """g's scanner: the attached one, else built now (a gazetteer made in a test, or a fresh build)."""
    held = _SCANNERS.get(id(g))
    if held is not None and held[0]() is g:
        return held[1]
    scanner = KeyScanner.build(g)
    attach_scanner(g, scanner)
    return scanner


def scan(text: str, g: Gazetteer) -> KeyStarts:
    return KeyStarts(text, scanner_for(g).starts(text))
