"""Containment written next to a name: which places the text itself says a name lies in.

"Paris, Texas", "TBILISI, Georgia —", "Schuld im Landkreis Ahrweiler", "Belgorod (Rusland)" put a name
inside the next one; "de Russische stad Belgorod", "the American state of Michigan", "im US-Bundesstaat
Texas" put it inside the country of a demonym (components/places/data/demonyms.csv). A link counts only
when some reading of the inner name does lie in some reading of the outer one, so a plain list
("Lviv, Kyiv, Kharkiv") links nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from components.places.candidates import Candidate
from components.places.gazetteer import DATA_DIR, KIND_CLASS, SETTLEMENT_KINDS, Gazetteer, read_data_csv
from components.places.geo import haversine_km
from components.places.tokens import Token

# Between an inner name and its container: a comma, an opening bracket, or "in (de)", "im", "bei".
_INNER_OUTER_GAP = re.compile(
    r"^(?:\s*,\s*|\s*\(\s*|\s+(?:in|im|bei|bij|near|nahe)\s+(?:(?:de|het|the|der|dem|den)\s+)?)$",
    re.IGNORECASE,
)
_LIST_NEXT = re.compile(r"^\s*(?:,|\s+(?:en|and|und|or|oder))\s+(\w)", re.IGNORECASE)
_LIST_JOIN = re.compile(r"\s*,\s*|\s+(?:en|and|und)\s+", re.IGNORECASE)
_ADJECTIVE_ENDINGS = ("en", "er", "es", "em", "e")  # Russische, russischen, russischer; Amerikaanse
NEAR_SEAT_KM = 30  # a town this close to the town a unit is named after lies in that unit


@dataclass(frozen=True)
class Link:
    """Rows a mention lies in (`outer`) and rows of mentions it holds (`inner`), with a label."""

    outer: tuple[int, ...] = ()
    outer_label: str = ""
    inner: tuple[int, ...] = ()


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Lower-cased demonym stems (nl/en/de) -> ISO country code."""
    out: dict[str, str] = {}
    for row in read_data_csv(DATA_DIR / "demonyms.csv"):
        for lang in ("nl", "en", "de"):
            for form in (row.get(lang) or "").split(";"):
                if form.strip():
                    out.setdefault(form.strip().lower(), row["country"].strip())
    return out


def demonym_country(word: str) -> str | None:
    """ISO code of the country a demonym adjective names: 'Russische', 'amerikanischen', 'US'."""
    table = demonyms()
    low = word.lower()
    if low in table:
        return table[low]
    for end in _ADJECTIVE_ENDINGS:
        if low.endswith(end) and low[: -len(end)] in table:
            return table[low[: -len(end)]]
    return None


def contains(g: Gazetteer, outer: int, inner: int) -> bool:
    """Does place `outer` (country, admin unit, or a town standing for the unit named after it) hold
    place `inner`? By country and admin-1 codes; a town only holds what lies near it."""
    if outer == inner or g.countries[outer] != g.countries[inner] or not g.countries[inner]:
        return False
    kind = g.kinds[outer]
    if kind == "country":
        return g.kinds[inner] != "country"
    if kind in SETTLEMENT_KINDS:
        return haversine_km(g.lats[outer], g.lons[outer], g.lats[inner], g.lons[inner]) < NEAR_SEAT_KM
    if KIND_CLASS.get(kind) != "region":
        return False
    unit = g.region_of.get((g.countries[inner], g.admin1[inner]))
    if unit == outer or (g.admin1[outer] and g.admin1[outer] == g.admin1[inner]):
        return True
    parents = getattr(g, "parent_of", None) or {}
    return unit is not None and parents.get(unit) == outer


def find_links(g: Gazetteer, text: str, cands: list[Candidate], toks: list[Token]) -> list[Link]:
    """One Link per candidate (empty where the text says nothing about containment)."""
    outer: list[tuple[tuple[int, ...], str]] = [((), "")] * len(cands)
    inner: list[tuple[int, ...]] = [()] * len(cands)
    for k, c in enumerate(cands):
        country = _demonym_before(text, c, toks)
        row = g.by_id.get(f"cc:{country}") if country else None
        if row is not None and any(contains(g, row, r) for r in c.rows):
            outer[k] = ((row,), g.names[row])
            continue
        if k + 1 < len(cands) and _inner_outer(text, cands, k):
            nxt = cands[k + 1]
            holders = tuple(y for y in _holder_rows(g, nxt) if any(contains(g, y, r) for r in c.rows))
            if holders:
                outer[k] = (holders, text[nxt.name_start : nxt.name_end])
                inner[k + 1] = c.rows
    return [Link(o, label, i) for (o, label), i in zip(outer, inner, strict=True)]


def _holder_rows(g: Gazetteer, c: Candidate) -> list[int]:
    """Readings of a mention that can hold a place: countries and regions; towns only when a
    second-level cue names a unit after them ("im Landkreis Ahrweiler")."""
    from components.places.scoring import cue_level  # scoring imports candidates; keep this light

    seat = c.cue == "region" and cue_level(c.cue_word) == "admin2"
    return [
        r
        for r in c.rows
        if KIND_CLASS.get(g.kinds[r]) in ("country", "region") or (seat and g.kinds[r] in SETTLEMENT_KINDS)
    ]


def _inner_outer(text: str, cands: list[Candidate], k: int) -> bool:
    """Is cands[k+1] written as the container of cands[k], not as the next item of a list?"""
    a, b = cands[k], cands[k + 1]
    gap = text[a.end : b.start]
    if not _INNER_OUTER_GAP.match(gap):
        return False
    if "," in gap:
        nxt = _LIST_NEXT.match(text[b.end : b.end + 40])
        if nxt and nxt.group(1).isupper():
            return False  # "Lviv, Kyiv, Kharkiv": a list
        if k > 0 and _LIST_JOIN.fullmatch(text[cands[k - 1].end : a.start]):
            return False
    return True


def _demonym_before(text: str, c: Candidate, toks: list[Token]) -> str | None:
    """The country of a demonym right before the mention or its cue: "de Russische stad Belgorod",
    "het Russische Belgorod", "im US-Bundesstaat Texas"."""
    if c.cue_word and "-" in c.cue_word:
        country = demonym_country(c.cue_word.split("-")[0])
        if country:
            return country
    before = text[max(0, c.start - 40) : c.start].rstrip()
    words = re.findall(r"[^\W\d_]+(?:[-.][^\W\d_]+)*\.?", before)
    if not words:
        return None
    return demonym_country(words[-1].rstrip("."))
