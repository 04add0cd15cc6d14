"""Readers for the world gazetteer tables in ``data/world/``: one typed row per place or abbreviation.

Pure functions over committed CSV files (no network, no gazetteer logic), so the index build can consume
them as it likes. Sources and licences are per row; ``data/world/README.md`` describes every file.

* :func:`admin1_rows` — first-level units of every country (Natural Earth 10m admin-1) and the ISO 3166-2
  regions above them where Natural Earth's admin-1 is a lower level (Île-de-France, Wallonia, England).
* :func:`physical_rows` — rivers, lakes, seas, straits and canals, mountains, islands, natural regions.
* :func:`territory_rows` — territories (Gaza Strip, West Bank, Golan Heights ...) and former countries.
* :func:`abbreviation_rows` — VS, U.S., NRW, NSW, DDR ... with case and context requirements, plus the
  US state postal codes from the admin-1 table.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

WORLD_DIR = Path(__file__).resolve().parent / "data" / "world"
LANGS = ("en", "nl", "de")
_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")
_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class WorldPlace:
    """One place from a world table.

    ``names`` maps "en"/"nl"/"de" to that language's name and "alt" to other forms (local names,
    variants, other languages); a trailing "(…)" in a name is a display qualifier, see :meth:`forms`.
    ``gn_admin1`` is the GeoNames admin1 code as used in cities500's ``admin1code`` (set only for
    admin-1 rows that GeoNames files at its first level), so cities can be placed inside the unit.
    """

    id: str
    kind: str
    name: str
    names: Mapping[str, tuple[str, ...]]
    lat: float
    lon: float
    country: str
    countries: tuple[str, ...]
    iso_3166_2: str
    parent: str
    gn_admin1: str
    importance: float
    population: int | None
    source: str
    licence: str
    extra: Mapping[str, str] = field(default_factory=lambda: _EMPTY)

    def forms(self) -> tuple[str, ...]:
        """Every distinct surface form, display qualifiers stripped ("Hawaï (eiland)" -> "Hawaï")."""
        seen = dict.fromkeys(_QUALIFIER.sub("", n) for group in self.names.values() for n in group)
        return tuple(n for n in seen if n)


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """An abbreviation and the place it stands for.

    ``target_kind``: "country" (ISO alpha-2), "admin1" (id in :func:`admin1_rows`), "world" (id in
    :func:`physical_rows` / :func:`territory_rows`) or "geonames" (cities500 geonameid).
    ``context``: "any", or "after_city" when the form is only a place right after "City," ("Paris, TX").
    """

    abbreviation: str
    langs: tuple[str, ...]
    target_kind: str
    target_id: str
    target_name: str
    case_sensitive: bool
    context: str
    note: str
    source: str
    licence: str


def _read(name: str) -> list[dict[str, str]]:
    with (WORLD_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(value: str) -> tuple[str, ...]:
    return tuple(p for p in (s.strip() for s in value.split("|")) if p)


def _names(row: Mapping[str, str]) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType(
        {**{lang: _split(row[f"name_{lang}"]) for lang in LANGS}, "alt": _split(row.get("aliases", ""))}
    )


def _gn_admin1(row: Mapping[str, str]) -> str:
    """ "DE.07" -> "07" when GeoNames files the unit at its first level (cities500's admin1code)."""
    code = row.get("gn_a1_code", "")
    if row.get("gn_level") != "1" or "." not in code:
        return ""
    return code.split(".", 1)[1]


_ADMIN_EXTRA = ("type_local", "type_en", "abbrev", "postal", "wikidata", "woe_id", "gn_id", "gn_a1_code")


@lru_cache(maxsize=1)
def admin1_rows() -> tuple[WorldPlace, ...]:
    """Admin-1 units of every country (kind "admin1") and ISO parent regions (kind "admin_region")."""
    out = []
    for row in _read("admin1.csv"):
        out.append(
            WorldPlace(
                id=row["id"],
                kind=row["kind"],
                name=row["name_en"],
                names=_names(row),
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                country=row["country"],
                countries=(row["country"],) if row["country"] else (),
                iso_3166_2=row["iso_3166_2"],
                parent=row["parent"],
                gn_admin1=_gn_admin1(row),
                importance=float(row["importance"]),
                population=None,
                source=row["source"],
                licence=row["licence"],
                extra=MappingProxyType({k: row[k] for k in _ADMIN_EXTRA if row.get(k)}),
            )
        )
    return tuple(out)


def _curated(name: str) -> tuple[WorldPlace, ...]:
    out = []
    for row in _read(name):
        countries = _split(row["country"])
        out.append(
            WorldPlace(
                id=row["id"],
                kind=row["kind"],
                name=row["name_en"],
                names=_names(row),
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                country=countries[0] if countries else "",
                countries=countries,
                iso_3166_2="",
                parent="",
                gn_admin1="",
                importance=float(row["importance"]),
                population=None,
                source=row["source"],
                licence=row["licence"],
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def physical_rows() -> tuple[WorldPlace, ...]:
    """Kinds: river, lake, sea (oceans, seas, gulfs, bays), strait (straits and ship canals),
    mountains (ranges and named peaks/volcanoes), island (islands and archipelagos), region (natural and
    cultural regions, peninsulas, deserts, continents)."""
    return _curated("physical.csv")


@lru_cache(maxsize=1)
def territory_rows() -> tuple[WorldPlace, ...]:
    """Kinds: territory (disputed, occupied or dependent areas), former_country."""
    return _curated("territories.csv")


def world_rows() -> Iterator[WorldPlace]:
    """Every place row of every world table."""
    yield from admin1_rows()
    yield from physical_rows()
    yield from territory_rows()


@lru_cache(maxsize=1)
def abbreviation_rows() -> tuple[Abbreviation, ...]:
    """Curated abbreviations, then US state postal codes ("TX") usable only as "City, TX"."""
    out = [
        Abbreviation(
            abbreviation=row["abbreviation"],
            langs=_split(row["langs"]),
            target_kind=row["target_kind"],
            target_id=row["target_id"],
            target_name=row["target_name"],
            case_sensitive=row["case_sensitive"] == "true",
            context=row["context"],
            note=row["note"],
            source=row["source"],
            licence=row["licence"],
        )
        for row in _read("abbreviations.csv")
    ]
    curated = {(a.abbreviation, a.target_id) for a in out}
    for place in admin1_rows():
        postal = place.extra.get("postal", "")
        us_state = place.country == "US" and place.kind == "admin1" and len(postal) == 2
        if us_state and (postal, place.id) not in curated:
            out.append(
                Abbreviation(
                    abbreviation=postal,
                    langs=("en", "nl", "de"),
                    target_kind="admin1",
                    target_id=place.id,
                    target_name=place.name,
                    case_sensitive=True,
                    context="after_city",
                    note="US postal code (many are also words: IN, OR, ME, OK, HI)",
                    source=place.source,
                    licence=place.licence,
                )
            )
    return tuple(out)
