"""The world gazetteer in the built index: admin-1 units, physical features, territories, former
countries and abbreviations findable by their nl/en/de names, with kind, point, importance and parents."""

from __future__ import annotations

import math

import pytest

from components.places.gazetteer import KIND_CLASS


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(a))


# surface, kind, country, reference point, tolerance (km)
SPOT_CHECKS = [
    ("Texas", "admin1", "US", 31.3, -99.3, 250),
    ("Michigan", "admin1", "US", 44.3, -85.4, 300),
    ("Victoria", "admin1", "AU", -37.0, 144.5, 250),
    ("New South Wales", "admin1", "AU", -32.2, 147.0, 300),
    ("Rheinland-Pfalz", "admin1", "DE", 49.9, 7.4, 100),
    ("Nordrhein-Westfalen", "admin1", "DE", 51.5, 7.5, 100),
    ("NRW", "admin1", "DE", 51.5, 7.5, 100),
    ("Limburg", "admin1", "NL", 51.2, 5.9, 50),
    ("Limburg", "admin1", "BE", 51.0, 5.4, 50),
    ("Groningen", "admin1", "NL", 53.25, 6.7, 50),
    ("Wallonië", "admin_region", "BE", 50.3, 4.8, 100),
    ("Hatay", "admin1", "TR", 36.4, 36.2, 100),
    ("Aleppo", "admin1", "SY", 36.2, 37.5, 150),
    ("Maas", "river", "FR", 50.6, 5.6, 250),
    ("Ahr", "river", "DE", 50.5, 7.0, 40),
    ("Ourthe", "river", "BE", 50.4, 5.6, 40),
    ("Vesdre", "river", "BE", 50.6, 5.9, 40),
    ("Vesder", "river", "BE", 50.6, 5.9, 40),
    ("Eifel", "region", "DE", 50.3, 6.7, 60),
    ("Ardennen", "region", "BE", 50.2, 5.5, 100),
    ("Texel", "island", "NL", 53.08, 4.8, 20),
    ("Westjordanland", "territory", "PS", 31.9, 35.2, 60),
    ("Gazastrook", "territory", "PS", 31.4, 34.4, 30),
    ("Golanhoogvlakte", "territory", "SY", 33.0, 35.8, 50),
    ("Sovjet-Unie", "former_country", "RU", 55.75, 37.6, 2500),
    ("VS", "country", "US", 39.5, -98.0, 1000),
    ("VK", "country", "GB", 54.0, -2.0, 400),
    ("U.S.", "country", "US", 39.5, -98.0, 1000),
]


@pytest.mark.parametrize(("surface", "kind", "country", "lat", "lon", "tol"), SPOT_CHECKS)
def test_world_places_are_in_the_index(gazetteer, surface, kind, country, lat, lon, tol):
    g = gazetteer
    rows = [r for r in g.rows_for(surface) if g.kinds[r] == kind and g.countries[r] == country]
    assert rows, f"{surface}: no {kind} in {country} among {[g.ids[r] for r in g.rows_for(surface)]}"
    r = rows[0]
    assert km(lat, lon, g.lats[r], g.lons[r]) <= tol, (surface, g.lats[r], g.lons[r])
    assert KIND_CLASS[kind] in ("region", "river", "country")
    assert g.sources[r] and g.licences[r]


def best(g, surface: str) -> int:
    """The row a surface names when only the importance prior decides."""
    return max(g.rows_for(surface), key=lambda r: g.importance[r])


@pytest.mark.parametrize(
    ("surface", "place_id"),
    [
        ("Ahr", "wd:river-ahr"),  # not the Iranian city Ahar
        ("Texas", "ne:US-TX"),
        ("Victoria", "ne:AU-VIC"),  # the Australian state, not Victoria (Hong Kong)
        ("Colorado", "ne:US-CO"),  # the state before the river
        ("Ohio", "ne:US-OH"),
        ("Jordan", "cc:JO"),  # the country before the river
        ("Niger", "cc:NE"),
        ("Paris", "gn:2988507"),  # the city, not the département or the Paris Region
        ("Berlin", "gn:2950159"),  # city-states: the city before its Land
        ("Gazastrook", "wd:territory-gaza-strip"),
    ],
)
def test_importance_orders_same_named_places(gazetteer, surface, place_id):
    assert gazetteer.ids[best(gazetteer, surface)] == place_id


def test_importance_scale(gazetteer):
    g = gazetteer
    imp = {pid: g.importance[g.by_id[pid]] for pid in ("cc:NL", "ne:US-TX", "gn:2759794", "gn:2747891")}
    # country > admin-1 > capital (Amsterdam) > big city (Rotterdam) > town
    town = min((r for r in g.rows_for("Wierden") if g.countries[r] == "NL"), key=lambda r: -g.population[r])
    assert imp["cc:NL"] > imp["ne:US-TX"] > imp["gn:2759794"] > imp["gn:2747891"] > g.importance[town]
    assert all(0.0 <= x <= 1.0 for x in g.importance)
    assert g.importance[g.by_id["wd:river-meuse"]] > g.importance[g.by_id["wd:river-ourthe"]]


@pytest.mark.parametrize(
    ("exonym", "geonameid"),
    [
        ("Den Haag", 2747373),
        ("Brussel", 2800866),
        ("Keulen", 2886242),
        ("Aken", 3247449),
        ("Luik", 2792413),
        ("Bergen", 2790869),  # Mons
        ("München", 2867714),
        ("Mailand", 3173435),
        ("Peking", 1816670),
        ("Lüttich", 2792413),
        ("Moskou", 524901),
    ],
)
def test_exonyms_of_big_cities(gazetteer, exonym, geonameid):
    assert gazetteer.by_id[f"gn:{geonameid}"] in gazetteer.rows_for(exonym)


def test_containment_ties_cities_to_their_admin1_unit(gazetteer):
    g = gazetteer
    texas = g.by_code["US-TX"]
    assert g.region_of[("US", "TX")] == texas
    paris_tx = [r for r in g.rows_for("Paris") if g.countries[r] == "US" and g.admin1[r] == "TX"]
    assert paris_tx and g.within(paris_tx[0], texas)
    paris_fr = g.by_id["gn:2988507"]
    assert not g.within(paris_fr, texas)
    assert g.within(paris_fr, g.by_id["cc:FR"]) and g.within(paris_fr, g.by_code["FR-IDF"])
    assert g.admin1_row(paris_fr) == g.by_code["FR-IDF"]  # GeoNames files French cities by region
    assert g.within(g.by_id["gn:2800866"], g.by_code["BE-BRU"])
    # a province lies in its region
    assert g.parent_of[g.by_code["BE-VLI"]] == g.by_code["BE-VLG"]
    assert g.within(g.by_code["BE-VLI"], g.by_code["BE-VLG"])
    assert not g.within(g.by_code["NL-LI"], g.by_code["BE-VLG"])


def test_every_row_has_country_admin1_source_and_licence(gazetteer):
    g = gazetteer
    n = len(g)
    assert len(g.importance) == len(g.licences) == len(g.admin1) == n
    assert all(g.sources[i] and g.licences[i] for i in range(n))
    admin = [i for i, k in enumerate(g.kinds) if k in ("admin1", "admin_region")]
    assert len(admin) > 4000
    assert sum(1 for i in admin if g.admin1[i]) / len(admin) > 0.85
    cities = [i for i, k in enumerate(g.kinds) if k in ("city", "town", "village")]
    assert sum(1 for i in cities if g.admin1_row(i) is not None) / len(cities) > 0.97


def test_abbreviations_respect_case_and_context(gazetteer):
    g = gazetteer
    us = g.by_id["cc:US"]
    assert us in g.rows_for("US") and us in g.rows_for("USA")
    assert us not in g.rows_for("us") and us not in g.rows_for("Usa")
    assert g.by_id["cc:CF"] in g.rows_for("CAR") and g.by_id["cc:CF"] not in g.rows_for("Car")
    # postal codes are places only as "Paris, TX": in after_city, in no other index
    assert g.after_city["TX"] == g.by_code["US-TX"]
    assert g.by_code["US-TX"] not in g.rows_for("TX")
    assert g.by_code["AU-VIC"] in (lambda v: (v,) if isinstance(v, int) else v)(g.after_city["VIC"])
    assert g.by_code["DE-NW"] in g.rows_for("NRW") and g.by_code["AU-NSW"] in g.rows_for("NSW")
    assert g.by_id["wd:former-country-soviet-union"] in g.rows_for("USSR")


@pytest.mark.parametrize("word", ["North", "Central", "National", "Capital", "City", "White", "Zuid"])
def test_position_words_and_translated_aliases_name_no_region(gazetteer, word):
    g = gazetteer
    assert not [g.ids[r] for r in g.rows_for(word) if KIND_CLASS.get(g.kinds[r]) == "region"]


def test_curated_exclusions_survive_the_world_tables(gazetteer):
    """The supplement lists the Don only with a cue; the world table's bare "Don" must not undo that."""
    g = gazetteer
    don = g.by_id["sup:river-don"]
    assert don in g.rows_for("Don River") and don not in g.rows_for("Don")
    assert g.by_code["river-don-russia"] == don  # the world row lent its names, not a duplicate
