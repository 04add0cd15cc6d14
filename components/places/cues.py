"""Cue words ("regio", "river", "Gebiet", "kerncentrale"): one table, read by the gazetteer build and the
candidate finder alike, from components/places/data/cue_words.csv.

A cue before or after a name says which kind of place it is; the build strips cues from listed names so
that "Kherson Oblast" is also found as "Kherson". Admin-unit cues carry a level: "admin1" (state,
provincie, Bundesland, governorate, oblast) or "admin2" (county, gemeente, Landkreis, Kreis, district,
raion), which decides what a cued name means when the gazetteer has no unit of that name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from components.places.gazetteer import DATA_DIR, KIND_CLASS, read_data_csv
from components.places.tokens import TOKEN

_STRIPPED_ARTICLES = frozenset({"de", "het", "the", "die", "der", "das", "des", "van", "of", "von"})


def load_cue_words() -> list[dict[str, str]]:
    return read_data_csv(DATA_DIR / "cue_words.csv")


def single_word_cues() -> set[str]:
    """Lower-cased one-word cues: the ones a listed name may start or end with."""
    return {c["cue"].lower() for c in load_cue_words() if " " not in c["cue"]}


def strip_cues(name: str, cues: set[str]) -> str:
    """'regio Cherson' -> 'Cherson'; 'Kherson Oblast' -> 'Kherson'; 'schiereiland de Krim' -> 'Krim'."""
    words = name.split()
    while words and (words[0].lower() in cues or words[0].lower() in _STRIPPED_ARTICLES):
        words = words[1:]
    while words and (words[-1].lower() in cues or words[-1].lower() in _STRIPPED_ARTICLES):
        words = words[:-1]
    return " ".join(words)


@dataclass(frozen=True)
class CueTable:
    before: dict[tuple[str, ...], str]  # lower-cased cue words -> kind class
    after: dict[tuple[str, ...], str]
    plural: frozenset[tuple[str, ...]]
    suffix: dict[str, str]  # compound suffixes: "plein" -> square
    max_len: int
    vocab: frozenset[str]  # every word of a before-cue
    after_first: frozenset[str]  # first words of after-cues
    level: dict[tuple[str, ...], str]  # admin cues: "admin1" (state, provincie, Bundesland) or "admin2"


@lru_cache(maxsize=1)
def cue_table() -> CueTable:
    """Cue words keyed by their tokens as the text tokenizer sees them ("regio's" -> ("regio", "s"))."""
    before: dict[tuple[str, ...], str] = {}
    after: dict[tuple[str, ...], str] = {}
    suffix: dict[str, str] = {}
    raw: dict[tuple[str, ...], str] = {}
    level: dict[tuple[str, ...], str] = {}
    for row in load_cue_words():
        cue = row["cue"].strip().lower().replace("’", "'")
        words = tuple(TOKEN.findall(cue))
        if not words:
            continue
        kind = KIND_CLASS.get(row["kind"].strip(), row["kind"].strip())
        pos = (row.get("position") or "before").strip()
        if pos == "suffix":
            suffix[words[-1]] = kind
            continue
        raw[words] = cue
        if (row.get("level") or "").strip():
            level[words] = row["level"].strip()
        if pos in ("before", "both"):
            before.setdefault(words, kind)
        if pos in ("after", "both"):
            after.setdefault(words, kind)
    singular = set(raw.values())
    plural = frozenset(w for w, cue in raw.items() if _is_plural(cue, singular))
    return CueTable(
        before,
        after,
        plural,
        suffix,
        max((len(w) for w in raw), default=1),
        frozenset(w for key in before for w in key),
        frozenset(key[0] for key in after),
        level,
    )


def _is_plural(cue: str, singular: set[str]) -> bool:
    """'regio's', 'regions', 'oblasten', 'Gebiete', 'provincies' are plurals of a listed cue; so is a
    phrase with one of them ('regions such as', 'provinces of', 'den Provinzen')."""
    if " " in cue:
        return any(_is_plural(word, singular) for word in cue.split())
    for ending in ("'s", "s", "es", "en", "e", "n"):
        if cue.endswith(ending) and cue[: -len(ending)] in singular - {cue}:
            return True
    return cue.endswith("ies") and cue[:-3] + "ie" in singular
