"""Resolution with no home region, one mechanism at a time, in Dutch, English and German (sentences
written for these tests, none from the development set)."""

from __future__ import annotations

import pytest
from placehelpers import names, places

from components.places.wordstats import is_name


def kinds(text: str, gazetteer) -> list[tuple[str, str]]:
    return [(s, k) for s, _n, k in places(text, gazetteer)]


# --- Which capitalised words are names: a lexicon that knows case -----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Het water stond hoog in Zwolle, Roermond en Helmond.", ["Zwolle", "Roermond", "Helmond"]),
        ("Flights from Dallas to Houston were cancelled.", ["Dallas", "Houston"]),
        ("Der Zug von Berlin nach Dortmund fiel aus.", ["Berlin", "Dortmund"]),
        ("Gisteren reden er geen treinen tussen Vlissingen en Den Haag.", ["Vlissingen", "The Hague"]),
    ],
)
def test_frequent_place_names_are_names(gazetteer, text, expected):
    assert names(text, gazetteer) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Die Schuld liegt bei der Regierung, sagte der Minister.",
        "Echt waar, zei de burgemeester, het was een zware nacht.",
        "Spa en sauna zijn sinds maandag gesloten.",
    ],
)
def test_ordinary_words_stay_words(gazetteer, text):
    assert names(text, gazetteer) == []


def test_the_lexicon_keeps_case(gazetteer):
    table = gazetteer.word_zipf
    assert is_name(table, "Zwolle", "nl") and is_name(table, "Berlin", "de")
    assert not is_name(table, "Schuld", "de") and not is_name(table, "Echt", "nl")
    assert not is_name(table, "zwolle", "nl")  # lower case is never a name


# --- Admin-unit cues decide the kind -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Im Landkreis Görlitz wurde am Sonntag gewählt.", "Landkreis Görlitz"),
        ("Voters in Maricopa County queued for hours.", "Maricopa County"),
        ("In de gemeente Enschede sloten de scholen.", "gemeente Enschede"),
    ],
)
def test_second_level_cue_names_a_unit_not_the_town(gazetteer, text, surface):
    assert (surface, "region") in kinds(text, gazetteer)


def test_second_level_unit_is_placed_at_its_namesake_town(gazetteer):
    [(surface, name, kind)] = places("Im Landkreis Görlitz wurde gewählt.", gazetteer)
    assert kind == "region" and "Görlitz" in name


# --- The article's own geography: containment, demonyms, datelines -------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "De Canadese stad London kreeg de meeste sneeuw.",
        "The Canadian city of London had the most snow.",
        "Die kanadische Stadt London meldete den meisten Schnee.",
        "Snow fell on London, Canada, for the third day.",
    ],
)
def test_demonym_or_country_next_to_a_name_places_it(gazetteer, text):
    found = [p for p in places(text, gazetteer) if "London" in p[0]]
    assert len(found) == 1
    rows = [r for r in range(len(gazetteer)) if gazetteer.names[r] == found[0][1]]
    assert any(gazetteer.countries[r] == "CA" for r in rows)


def test_without_containment_the_big_namesake_wins(gazetteer):
    [(surface, name, kind)] = places("Snow fell on London for the third day.", gazetteer)
    assert (surface, name, kind) == ("London", "London", "city")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TBILISI, Georgia — Protesters gathered again.", [("TBILISI", "city"), ("Georgia", "country")]),
        ("KYIV (Reuters) - Air raid sirens sounded.", [("KYIV", "city")]),
        ("WASHINGTON — De Amerikaanse regering zweeg.", [("WASHINGTON", "city")]),
    ],
)
def test_all_capitals_datelines(gazetteer, text, expected):
    assert kinds(text, gazetteer) == expected


def test_a_list_is_not_containment(gazetteer):
    text = "Lviv, Kyiv and Kharkiv were hit overnight."
    assert kinds(text, gazetteer) == [("Lviv", "city"), ("Kyiv", "city"), ("Kharkiv", "city")]


# --- Forms: compounds, hyphenations, possessives ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("De treinen op de lijn Zwolle-Enschede reden niet.", ["Zwolle", "Enschede"]),
        ("Die US-Regierung schwieg dazu.", ["United States"]),
        ("Peru's president visited Cusco's old town.", ["Peru", "Cusco"]),
        ("Jean-Claude Juncker sprak in Brussel.", ["Brussels"]),
    ],
)
def test_compounds_and_possessives(gazetteer, text, expected):
    assert names(text, gazetteer) == expected


def test_dotted_abbreviations_name_their_country(gazetteer):
    text = "Officials in the U.S. and the U.K. agreed, a spokesman said in London on Monday."
    assert [s for s, _n, _k in places(text, gazetteer)] == ["U.S.", "U.K.", "London"]
    assert names(text, gazetteer) == ["United States", "United Kingdom", "London"]
    assert names("He said u.s. was not meant here, nor A.B.C. anything.", gazetteer) == []


def test_a_cue_glued_to_a_name(gazetteer):
    [(surface, name, kind)] = places("Zware gevechten in de Donbasregio.", gazetteer)
    assert (surface, kind) == ("Donbasregio", "region") and "Donbas" in name
