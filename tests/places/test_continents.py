"""Continents: a name Dutch writes only as a name is a name in German too, and a continent is placed at
GeoNames' continent point (sentences written for this test, none from the development set)."""

from __future__ import annotations

import pytest
from placehelpers import places

from components.places.geo import haversine_km


@pytest.mark.parametrize(
    "text",
    [
        "Die Gaspreise in Europa stiegen im Winter erneut, meldete die Behörde.",
        "Seit Jahren exportiert die Firma ihre Maschinen nach Europa und Asien.",
    ],
)
def test_europa_is_found_in_german(gazetteer, text):
    assert ("Europa", "Europe", "region") in places(text, gazetteer)


def test_german_words_named_like_rivers_stay_unvetted(gazetteer):
    # "oder" and "seine" are German words: the rivers keep the weight of a small town, not a curated one
    for name in ("Oder", "Seine"):
        rows = [r for r in gazetteer.rows_for(name) if gazetteer.ids[r].startswith("wd:river")]
        assert rows and not any(gazetteer.curated[r] for r in rows)


def test_continent_point_is_the_geonames_one(gazetteer):
    (r,) = [r for r in gazetteer.rows_for("Europe") if gazetteer.kinds[r] == "region"]
    assert haversine_km(gazetteer.lats[r], gazetteer.lons[r], 48.69096, 9.14062) < 5
    assert gazetteer.curated[r]


@pytest.mark.parametrize(
    "text",
    [
        "Die Städte Europas meldeten am Montag neue Rekordwerte.",
        "Die Regierungen Afrikas verlangten in Berlin mehr Unterstützung.",
    ],
)
def test_a_continent_genitive_is_found_in_german(gazetteer, text):
    assert text.split()[2] in [s for s, _n, _k in places(text, gazetteer)]


def test_names_dutch_writes_as_names_are_no_german_nouns(gazetteer):
    from components.places.wordstats import is_name

    table = gazetteer.word_zipf
    assert is_name(table, "Europa", "de") and is_name(table, "Afrika", "de")
    assert not is_name(table, "Schuld", "de") and not is_name(table, "Sieg", "de")
