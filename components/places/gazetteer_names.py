"""What the places table keeps of a gazetteer row beyond its record: the admin-1 unit that holds it and
its names in the interface languages, so the dashboard can roll mentions up and speak Dutch.

Read-only over a built Gazetteer (nothing here changes what is found or how it is resolved). Names come
from the sources that tag a language: CLDR (babel) for countries; the world tables' name_en/name_nl/
name_de for admin-1 units, ISO regions, physical features and territories (found through ``by_code``,
so a supplement oblast that took a world unit's names gets them too); the curated city aliases
(data/city_aliases.csv, which carry a language); and for a city named like the admin unit it gives its
name to (Kherson in Kherson Oblast: ``namesake_city``), the unit's names. GeoNames alternates have no
language tag, so other cities keep only their canonical name (the dashboard falls back to it).
"""

from __future__ import annotations

from functools import lru_cache

from components.places.gazetteer import DATA_DIR, Gazetteer, read_data_csv

LANGUAGES = ("nl", "en", "de")
NAME_COLUMNS = tuple(f"name_{lang}" for lang in LANGUAGES)
_WORLD_TABLES = ("admin1.csv", "physical.csv", "territories.csv")
_CACHE_ATTR = "_local_names"  # kept on the instance like its cached properties (a Gazetteer is unhashable)


@lru_cache(maxsize=1)
def _world_names() -> dict[str, dict[str, str]]:
    """World-table id -> {language: name} for the rows that carry names per language."""
    out: dict[str, dict[str, str]] = {}
    for table in _WORLD_TABLES:
        for r in read_data_csv(DATA_DIR / "world" / table):
            names = {lang: (r.get(f"name_{lang}") or "").strip() for lang in LANGUAGES}
            out[r["id"].strip()] = {lang: n for lang, n in names.items() if n}
    return out


def _with_unit_word(name: str, names: dict[str, str]) -> dict[str, str]:
    """Natural Earth names an oblast like its capital ("Kherson", "Cherson"); a row the gazetteer calls
    "... Oblast" keeps the word, as the press writes it ("Kherson Oblast", "oblast Cherson", "Oblast
    Cherson"), so the region and its city do not read the same."""
    if not name.endswith(" Oblast"):
        return names
    forms = {"en": "{} Oblast", "nl": "oblast {}", "de": "Oblast {}"}
    return {lang: n if "oblast" in n.lower() else forms[lang].format(n) for lang, n in names.items()}


def _country_names(iso: str) -> dict[str, str]:
    from babel import Locale

    out = {}
    for lang in LANGUAGES:
        name = Locale(lang).territories.get(iso)
        if name:
            out[lang] = name
    return out


def local_names(g: Gazetteer) -> dict[int, dict[str, str]]:
    """Row -> {language: name} for every row whose name is known per language (built once per gazetteer)."""
    known = g.__dict__.get(_CACHE_ATTR)
    if known is not None:
        return known
    known = {}
    world = _world_names()
    raw: dict[int, dict[str, str]] = {}  # the world tables' names as written, for namesake cities
    for code, row in g.by_code.items():
        if code in world and row not in known:
            raw[row] = world[code]
            known[row] = _with_unit_word(g.names[row], world[code])
    for row, kind in enumerate(g.kinds):
        if kind == "country" and g.ids[row].startswith("cc:"):
            known[row] = _country_names(g.ids[row][3:])
    for unit, city in g.namesake_city.items():
        unit_names = raw.get(unit, {})
        if city not in known and unit_names.get("en") == g.names[city]:
            known[city] = dict(unit_names)
    for r in read_data_csv(DATA_DIR / "city_aliases.csv"):
        city = g.by_id.get(f"gn:{r['geonameid'].strip()}")
        lang = (r.get("lang") or "").strip()
        if city is not None and lang in LANGUAGES:
            known.setdefault(city, {}).setdefault(lang, r["alias"].strip())
    g.__dict__[_CACHE_ATTR] = known
    return known


def place_details(g: Gazetteer, place_id: str) -> dict[str, str | None]:
    """admin1_id, admin1_name and name_nl/name_en/name_de of a place (None where not known): the columns
    the places table adds to the record. A place outside the gazetteer (a coordinate, an online answer)
    has none of them."""
    out: dict[str, str | None] = {"admin1_id": None, "admin1_name": None, **dict.fromkeys(NAME_COLUMNS)}
    row = g.by_id.get(place_id)
    if row is None:
        return out
    unit = g.admin1_row(row)
    if unit is not None:
        out["admin1_id"], out["admin1_name"] = g.ids[unit], g.names[unit]
    names = local_names(g).get(row, {})
    for lang in LANGUAGES:
        out[f"name_{lang}"] = names.get(lang)
    return out
