"""German spelling: an umlaut is part of a word (a small place named the same word without it is not
meant), and names inflect (sentences written for these tests, none from the development set)."""

from __future__ import annotations

import pytest
from placehelpers import names


@pytest.mark.parametrize(
    "text",
    [
        "Nach dem Sturm waren die Strände auf Föhr gesperrt.",
        "Wegen des Hochwassers fuhren keine Fähren über die Elbe.",
    ],
)
def test_an_umlaut_word_is_not_the_place_without_it(gazetteer, text):
    assert not {"Strande", "Fahren"} & set(names(text, gazetteer))


def test_places_spelled_with_umlauts_are_still_found(gazetteer):
    text = "Die Bahn verband Lübeck, Göttingen, Düsseldorf, Meißen und München wieder."
    found = names(text, gazetteer)
    assert found[:3] == ["Lübeck", "Göttingen", "Düsseldorf"] and found[-1] == "Munich"
    assert len(found) == 5 and found[3].startswith("Mei")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Viele Pendler aus den Niederlanden arbeiten in Aachen.", "The Netherlands"),
        ("Die Grenze zu den Philippinen blieb am Sonntag geschlossen.", "Philippines"),
    ],
)
def test_a_plural_country_in_the_dative_is_found(gazetteer, text, expected):
    assert expected in names(text, gazetteer)


def test_a_dative_ending_does_not_make_a_river(gazetteer):
    # "Seinen" folds to the river Seine only through a dative ending, which only countries take here
    assert names("Mit seinen Kollegen fuhr er nach Köln.", gazetteer) == ["Köln"]
