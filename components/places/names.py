"""Name keys for gazetteer lookup: an exact key and a transliteration skeleton.

The exact key folds case, diacritics and punctuation ("Zaporižžja" == "zaporizzja", "Sint-Petersburg"
== "sint petersburg"). The skeleton goes further and folds the ways Dutch, German and English
transliterate Cyrillic — Cherson/Kherson, Charkiw/Kharkiv, Izjoem/Izyum/Izium, Tsjernihiv/Chernihiv/
Tschernihiw, Donezk/Donetsk, Mykolajiv/Mykolaiv — so spelling variants nobody listed are still found.
Because English reads "ch" as in "Chernihiv" and Dutch/German as in "Cherson", a name has two skeletons.
"""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

_PUNCT = re.compile(r"[\s\-‐‑‒–—_/.,'’`ʼ\"()]+")

# Applied in order to an exact key with spaces removed. Sibilants collapse to "s", semivowels vanish.
_RULES_BEFORE_CH: list[tuple[str, str]] = [
    ("schtsch", "s"),
    ("sjtsj", "s"),
    ("shch", "s"),
    ("tsch", "s"),
    ("tsj", "s"),
    ("tch", "s"),
    ("cz", "s"),
    ("sch", "s"),
    ("sj", "s"),
    ("sh", "s"),
    ("sz", "s"),
    ("zh", "s"),
    ("zj", "s"),
    ("kh", "k"),
    ("ck", "k"),
]
_RULES_AFTER_CH: list[tuple[str, str]] = [
    ("oe", "u"),
    ("ou", "u"),
    ("ts", "s"),
    ("tz", "s"),
    ("z", "s"),
    ("c", "s"),
    ("w", "v"),
    ("ph", "f"),
    ("g", "h"),
    ("q", "k"),
    ("x", "ks"),
]
_SEMIVOWEL_I = re.compile(r"i(?=[aeou])")
_SEMIVOWEL = re.compile(r"[jy]")
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def exact_key(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key: 'Sint-Petersburg' -> 'sint petersburg'."""
    return _PUNCT.sub(" ", unidecode(name).lower()).strip()


@lru_cache(maxsize=200_000)
def skeletons(name: str) -> tuple[str, ...]:
    """Transliteration-insensitive keys (one per reading of 'ch'); empty for very short names."""
    base = exact_key(name).replace(" ", "")
    if len(base) < 4:
        return ()
    for a, b in _RULES_BEFORE_CH:
        base = base.replace(a, b)
    out = []
    for ch in ("k", "s"):  # Dutch/German "Cherson" vs English "Chernihiv"
        s = base.replace("ch", ch)
        for a, b in _RULES_AFTER_CH:
            s = s.replace(a, b)
        s = _SEMIVOWEL.sub("", _SEMIVOWEL_I.sub("", s))
        s = _DOUBLE.sub(r"\1", s)
        if s not in out:
            out.append(s)
    return tuple(out)
