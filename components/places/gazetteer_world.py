"""Build steps for the world tables (``data/world/``, read by `world_sources`): admin-1 units of every
country, physical features, territories and former countries, abbreviations, and the tie from each
city to the admin-1 unit that holds it.

They run inside `gazetteer_build.build_gazetteer`, between the curated supplement (whose oblasts and
rivers win: a world row the supplement already has only lends it its names) and the GeoNames cities.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import numpy as np

from components.places.cues import strip_cues
from components.places.gazetteer import BASEMAP_DIR, KIND_CLASS, SETTLEMENT_KINDS, Gazetteer, read_data_csv
from components.places.gazetteer_build import (
    GazetteerBuilder,
    importance_of,
    index_curated_name,
)
from components.places.geo import haversine_km
from components.places.names import exact_key, skeletons
from components.places.world_sources import (
    WorldPlace,
    abbreviation_rows,
    admin1_rows,
    physical_rows,
    territory_rows,
)

_SAME_REGION_KM = 200  # a world admin-1 unit this close to a same-named supplement region is that region
_SAME_FEATURE_KM = 1500  # rivers and seas: reference points may sit far apart on the same feature
_REGION_WEIGHT = 1_000_000  # the prior weight (population column) regions have always had
_VOTE_SAMPLE = 60  # cities per (country, admin1 code) consulted to find its admin-1 row
_VOTE_SHARE = 0.5
_ORPHAN_KM = 80
_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")
# Words that name a part of a country, not a place, in the corpus languages.
_POSITION_WORDS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "centre",
        "center",
        "middle",
        "capital",
        "federal",
        "national",
        "coast",
        "upper",
        "lower",
        "noord",
        "zuid",
        "oost",
        "centraal",
        "midden",
        "nord",
        "süd",
        "ost",
        "mitte",
        "zentral",
        # compass nouns: "im Norden des Landes", "in het noorden" (Hong Kong's "North District" is "Norden")
        "norden",
        "süden",
        "osten",
        "westen",
        "noorden",
        "zuiden",
        "oosten",
    ]
)
_GERMAN_WORD_ZIPF10 = 49
_UNVETTED_WEIGHT = 10_000
_ORDINARY_ZIPF10 = 45  # zipf 4.5 (x10, as wordstats stores it): "national", "central", "paris", "north"
_NAMESAKE_KM = 100  # label points of a unit and its same-named city (Île-de-France "Paris Region": 45 km)
_CITY_STATE_POPULATION = 1_000_000


def add_admin1(b: GazetteerBuilder, supplement_regions: list[int], cue_words: set[str]) -> None:
    """Admin-1 units of every country and the ISO regions above them; findable by ISO code
    (``by_code``), by GeoNames admin1 code (``region_of``) and linked upwards (``parent_of``)."""
    g = b.g
    legacy = defaultdict(list)  # names the project's Natural Earth extract had (Ukraine's neighbours)
    for r in read_data_csv(BASEMAP_DIR / "admin_names.csv"):
        if r["level"] == "1":
            legacy[r["code"]] += [r["name_en"], r["name_nl"], r["name_de"]]
    parents: list[tuple[int, str]] = []
    types: dict[int, str] = {}
    for p in admin1_rows():
        names = usable_forms(b, p, legacy.get(p.id, ()))
        cores = {n: _core_name(b, n, names, cue_words) for n in names}
        dup = _matching_region(g, supplement_regions, p, names)
        if dup is not None:
            for n in names:
                b.index_name(dup, cores[n] or n, general=True, core=True)
            _lend(g, dup, p)
            i = dup
        else:
            i = _add_world_row(b, p, "iso" if p.kind == "admin_region" else "ne", p.gn_admin1, _REGION_WEIGHT)
            for n in names:
                if cores[n]:
                    b.index_name(i, cores[n], general=True, core=True)
                if cores[n] != n:  # "Oblast Kiev", "Provinz Hatay": unambiguous full names
                    b.index_name(i, n, general=True, core=False)
        b.admin_keys[i].update(exact_key(c) for c in cores.values() if c)
        g.by_code.setdefault(p.id, i)
        types[i] = p.extra.get("type_en", "")
        if p.gn_admin1 and p.country:
            g.region_of.setdefault((p.country, p.gn_admin1), i)
        if p.parent:
            parents.append((i, p.parent))
    for i, parent in parents:
        j = g.by_code.get(parent)
        if j is not None and j != i:
            g.parent_of[i] = j
    _adopt_orphans(g, types)


def _adopt_orphans(g: Gazetteer, types: dict[int, str]) -> None:
    """An admin-1 unit ISO lists without a region (Paris, FR-75) although units of its type in its
    country have one takes the region whose point is nearest, if it is close: it lies inside it.
    Units of another type (Brussels-Capital beside the Belgian provinces) are regions themselves."""
    regions: dict[str, list[int]] = defaultdict(list)
    for i, kind in enumerate(g.kinds):
        if kind == "admin_region" and g.countries[i]:
            regions[g.countries[i]].append(i)
    parented = {(g.countries[i], types.get(i, "")) for i in g.parent_of}
    for i, kind in enumerate(g.kinds):
        if kind != "admin1" or i in g.parent_of or not regions.get(g.countries[i]):
            continue
        if (g.countries[i], types.get(i, "")) not in parented:
            continue
        km, j = min(
            (haversine_km(g.lats[i], g.lons[i], g.lats[j], g.lons[j]), j) for j in regions[g.countries[i]]
        )
        if km <= _ORPHAN_KM and j != i:
            g.parent_of[i] = j


def usable_forms(b: GazetteerBuilder, p: WorldPlace, extra: tuple[str, ...] | list[str] = ()) -> list[str]:
    """A world row's forms without the one-word ones that are ordinary words and not its own name in
    nl/en/de: translated aliases ("White" for Alba, "Beautiful", "City" for London) and names made of a
    position word ("North", "Central", "Capital")."""
    main = {_QUALIFIER.sub("", n) for lang in ("en", "nl", "de") for n in p.names.get(lang, ())}
    out = []
    for n in dict.fromkeys((*p.forms(), *extra)):
        if not n:
            continue
        if " " not in n and (n.lower() in _POSITION_WORDS or (n not in main and _ordinary(b, n))):
            continue
        out.append(n)
    return out


def _ordinary(b: GazetteerBuilder, word: str) -> bool:
    return (
        max((words.get(word.lower(), 0) for words in b.g.word_zipf.values()), default=0) >= _ORDINARY_ZIPF10
    )


def _german_word(b: GazetteerBuilder, name: str) -> bool:
    """Whether a one-word name folds to a frequent German word ("Nahe"/"Nähe", "Sieg", "Aller", "Oder"):
    German capitalises nouns, so such a row is not treated as vetted (`Gazetteer.curated`) and the
    resolver weighs it like any other name that is also a word."""
    key = exact_key(name)
    if _dutch_name(b, key):
        return False
    return any(z >= _GERMAN_WORD_ZIPF10 for w, z in _german_keys(b).get(key, ()))


def _dutch_name(b: GazetteerBuilder, key: str) -> bool:
    """Dutch capitalises names only: a word Dutch writes often and only as a name ("Europa") is a name in
    German too, however often German (which capitalises every noun) writes it. "Oder", "Seine", "Aller"
    are rare or ordinary words in Dutch."""
    words = b.g.word_zipf
    return key in words.get("proper:nl", {}) and words.get("nl", {}).get(key, 0) >= _ORDINARY_ZIPF10


def _german_keys(b: GazetteerBuilder) -> dict[str, list[tuple[str, int]]]:
    if b.german_words is None:
        b.german_words = defaultdict(list)
        for w, z in b.g.word_zipf.get("de", {}).items():
            if z >= _GERMAN_WORD_ZIPF10:
                b.german_words[exact_key(w)].append((w, z))
    return b.german_words


def _core_name(b: GazetteerBuilder, name: str, names: list[str], cue_words: set[str]) -> str:
    """A name without its cue words ("Provinz Hatay" -> "Hatay"), or "" when what is left is an ordinary
    word the row is not otherwise called ("National Capital District" -> "National", "Paris Region")."""
    core = strip_cues(name, cue_words)
    if core == name or not core or " " in core or core in names:
        return core
    return "" if _ordinary(b, core) or core.lower() in _POSITION_WORDS else core


def _add_world_row(
    b: GazetteerBuilder, p: WorldPlace, prefix: str, admin1: str, weight: int, curated: bool = True
) -> int:
    return b.add(
        f"{prefix}:{p.id}",
        p.name,
        p.kind,
        p.lat,
        p.lon,
        p.country,
        admin1,
        weight,
        p.source,
        curated,
        importance=importance_of(p.kind, p.importance),
        licence=p.licence,
    )


def _lend(g: Gazetteer, i: int, p: WorldPlace) -> None:
    """Row i (a curated row) takes a world row's names: record the source and keep the higher rank."""
    g.sources[i] += f"; names: {p.source}"
    g.licences[i] = f"{g.licences[i]}; names: {p.licence}" if g.licences[i] else p.licence
    g.importance[i] = max(g.importance[i], importance_of(p.kind, p.importance))


def _matching_region(g: Gazetteer, rows: list[int], p: WorldPlace, names: list[str]) -> int | None:
    """The supplement region that is this unit: same GeoNames admin1 code, else near and same-named."""
    for i in rows:
        if p.gn_admin1 and g.countries[i] == p.country and g.admin1[i] == p.gn_admin1:
            return i
    keys = {k for n in names for k in skeletons(n)}
    for i in rows:
        if g.countries[i] != p.country or haversine_km(p.lat, p.lon, g.lats[i], g.lons[i]) > _SAME_REGION_KM:
            continue
        if keys & set(skeletons(g.names[i].replace("Oblast", "").replace("Krai", ""))) or not keys:
            return i
    return None


def add_physical(b: GazetteerBuilder, cue_words: set[str]) -> None:
    """Rivers, lakes, seas, straits, mountains, islands and natural regions (curated world table)."""
    for p in physical_rows():
        _add_feature(b, p, cue_words)


def add_territories(b: GazetteerBuilder, cue_words: set[str]) -> None:
    """Territories (Gaza Strip, West Bank, Golan Heights ...) and former countries (Soviet Union ...)."""
    for p in territory_rows():
        _add_feature(b, p, cue_words)


def _add_feature(b: GazetteerBuilder, p: WorldPlace, cue_words: set[str]) -> None:
    names = tuple(usable_forms(b, p))
    i = _same_curated_feature(b, p, names)
    if i is None:
        # Prior weight like the supplement's: 100 k for the rest, ~300 k well known, 1 M world-famous.
        # An unvetted name ("Nahe", "Sieg") gets the prior weight of a small town: it must earn its place.
        vetted = not any(_german_word(b, n) for n in names if " " not in n)
        weight = int(10 ** (4.5 + 1.67 * p.importance)) if vetted else _UNVETTED_WEIGHT
        i = _add_world_row(b, p, "wd", "", weight, curated=vetted)
        if not vetted:  # no importance bonus either: the resolver's prior falls back to that small weight
            b.g.importance[i] = 0.0
            for n in names:  # and only as written: "an der Nahe" is the river, "in der Nähe" is not
                if " " not in n:
                    b.g.case_forms[(exact_key(n), i)] = (n, n.upper())
        b.g.by_code[p.id] = i
        for n in names:
            if _core_name(b, n, list(names), cue_words) or not strip_cues(n, cue_words):
                index_curated_name(b, i, n, p.kind, cue_words)
            else:  # "North Sea" names the sea; "North" alone names nothing
                b.index_name(i, n, general=True, core=False)
        return
    _lend(b.g, i, p)
    b.g.by_code.setdefault(p.id, i)
    cls = KIND_CLASS.get(b.g.kinds[i], "other")
    for n in names:
        key = exact_key(n)
        if not b.has_name(i, key) and i in b.core_rows(cls, key):
            continue  # the supplement knows this bare name only with a cue ("river Don"): keep it so
        index_curated_name(b, i, n, b.g.kinds[i], cue_words)


def _same_curated_feature(b: GazetteerBuilder, p: WorldPlace, names: tuple[str, ...]) -> int | None:
    """A supplement row of the same kind class sharing a name (the Dnipro, the Black Sea)."""
    g, cls = b.g, KIND_CLASS.get(p.kind, "other")
    for n in names:
        for i in b.rows_named(exact_key(n)):
            same = g.ids[i].startswith("sup:") and KIND_CLASS.get(g.kinds[i], "other") == cls
            if same and haversine_km(p.lat, p.lon, g.lats[i], g.lons[i]) <= _SAME_FEATURE_KM:
                return i
    return None


def link_city_regions(b: GazetteerBuilder) -> None:
    """Tie the GeoNames admin1 codes no admin-1 row carries (France's regions, England, Italy's regions:
    GeoNames files cities one level above Natural Earth's units) to a row, by the units nearest to a
    sample of their cities, counted at the top of each unit's parent chain."""
    g = b.g
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, kind in enumerate(g.kinds):
        if kind in SETTLEMENT_KINDS and g.admin1[i] and (g.countries[i], g.admin1[i]) not in g.region_of:
            groups[(g.countries[i], g.admin1[i])].append(i)
    units: dict[str, list[int]] = defaultdict(list)
    for i, kind in enumerate(g.kinds):
        if kind == "admin1" and g.countries[i]:
            units[g.countries[i]].append(i)
    lats, lons = np.array(g.lats), np.array(g.lons)
    for (country, code), rows in groups.items():
        cand = units.get(country)
        if not cand:
            continue
        sample = sorted(rows, key=lambda r: -g.population[r])[:_VOTE_SAMPLE]
        cand_arr = np.array(cand)
        dlat = lats[sample][:, None] - lats[cand_arr][None, :]
        dlon = (lons[sample][:, None] - lons[cand_arr][None, :]) * np.cos(np.radians(lats[sample]))[:, None]
        nearest = cand_arr[np.argmin(dlat**2 + dlon**2, axis=1)]
        votes = Counter(_top(g, int(r)) for r in nearest)
        best, n = votes.most_common(1)[0]
        if n >= _VOTE_SHARE * len(sample):
            g.region_of[(country, code)] = best
    _code_admin_rows(g)


def link_namesake_cities(b: GazetteerBuilder) -> None:
    """Admin units named like a city inside them (Groningen, Hatay; Paris, Berlin, Moscow Oblast):
    ``namesake_city`` links the unit to the city, and a unit whose namesake is a city of a million or
    more ranks just below it, since news naming it bare means the city."""
    g = b.g
    for i, keys in b.admin_keys.items():
        best = None
        for key in keys:
            for r in b.rows_named(key):
                if g.kinds[r] not in SETTLEMENT_KINDS or g.countries[r] != g.countries[i]:
                    continue
                near = haversine_km(g.lats[i], g.lons[i], g.lats[r], g.lons[r]) <= _NAMESAKE_KM
                if near and (best is None or g.population[r] > g.population[best]):
                    best = r
        if best is None:
            continue
        g.namesake_city[i] = best
        if g.population[best] >= _CITY_STATE_POPULATION:
            g.importance[i] = min(g.importance[i], round(g.importance[best] - 0.01, 3))


def _code_admin_rows(g: Gazetteer) -> None:
    """Admin rows below GeoNames' first level (Belgian and French provinces) take the code of the
    region above them that GeoNames files their cities under, so every admin row has one."""
    code_of = {row: code for (_country, code), row in g.region_of.items()}
    for i, kind in enumerate(g.kinds):
        if kind in ("admin1", "admin_region") and not g.admin1[i]:
            r = i
            for _ in range(4):
                if r in code_of:
                    g.admin1[i] = code_of[r]
                    break
                r = g.parent_of.get(r)
                if r is None:
                    break


def _top(g: Gazetteer, r: int) -> int:
    for _ in range(4):
        up = g.parent_of.get(r)
        if up is None:
            break
        r = up
    return r


def add_abbreviations(b: GazetteerBuilder) -> None:
    """Abbreviations as names of their target rows. Case-exact forms are listed in ``case_exact`` and
    restricted by ``case_forms``; one whose lower case is an ordinary word ("CAR") stays out of the
    case-folding index. Forms valid only as "City, XX" go to ``after_city`` alone."""
    g = b.g
    common = set().union(*(set(words) for words in g.word_zipf.values())) if g.word_zipf else set()
    case_exact: dict[str, list[int]] = defaultdict(list)
    after_city: dict[str, list[int]] = defaultdict(list)
    for a in abbreviation_rows():
        t = _abbreviation_target(g, a.target_kind, a.target_id)
        if t is None:
            continue
        if a.context == "after_city":
            _add_unique(after_city[a.abbreviation], t)
            continue
        key = exact_key(a.abbreviation)
        if not a.case_sensitive:
            b.index_name(t, a.abbreviation, skeleton=False)
            continue
        _add_unique(case_exact[a.abbreviation], t)
        if not b.has_name(t, key):
            if len(a.abbreviation) >= 3 and a.abbreviation.lower() in common:
                continue  # "CAR": only through case_exact
            b.index_name(t, a.abbreviation, skeleton=False)
        if exact_key(g.names[t]) != key:  # case-exact also where another table listed it ("USA")
            g.case_forms[(key, t)] = (*g.case_forms.get((key, t), ()), a.abbreviation)
    g.case_exact = {k: v[0] if len(v) == 1 else tuple(v) for k, v in case_exact.items()}
    g.after_city = {k: v[0] if len(v) == 1 else tuple(v) for k, v in after_city.items()}


def _abbreviation_target(g: Gazetteer, kind: str, target: str) -> int | None:
    if kind == "country":
        return g.by_id.get(f"cc:{target}")
    if kind == "admin1":
        return g.by_code.get(target)
    if kind == "geonames":
        return g.by_id.get(f"gn:{target}")
    return g.by_code.get(target)


def _add_unique(lst: list[int], i: int) -> None:
    if i not in lst:
        lst.append(i)
