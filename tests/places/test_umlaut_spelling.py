"""An umlaut is part of a German word: a small place whose name is the same word without it is not
meant (sentences written for this test, none from the development set)."""

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
