"""Capitals, genitives that are words of their own, and place names inside club and storm names
(sentences written for these tests, none from the development set)."""

from __future__ import annotations

import pytest
from placehelpers import places

from components.corpus.readers import Source
from components.store.article_rows import analyze_source


def found(text: str, gazetteer) -> list[tuple[str, str, str]]:
    return places(text, gazetteer)


def placed(text: str, gazetteer) -> dict[str, tuple[str, str]]:
    """surface -> (kind, country) of the first mention of each surface."""
    res = analyze_source(Source("t.txt", None, text, "text"), gazetteer)
    out: dict[str, tuple[str, str]] = {}
    for m in res.mentions:
        out.setdefault(m["surface"], (m["kind"], m["country"]))
    return out


@pytest.mark.parametrize(
    ("text", "surface", "kind", "country"),
    [
        ("Diplomats in Kharkiv said Washington had not answered the request.", "Washington", "city", "US"),
        ("In Charkiw hieß es, Washington habe noch nicht geantwortet.", "Washington", "city", "US"),
        ("The talks moved from Mombasa to Nairobi on Tuesday.", "Nairobi", "city", "KE"),
        ("Delegates flew from Cairo to Addis Ababa for the summit.", "Addis Ababa", "city", "ET"),
    ],
)
def test_a_bare_capital_name_is_the_capital_not_a_unit(gazetteer, text, surface, kind, country):
    assert placed(text, gazetteer).get(surface) == (kind, country)


def test_a_cued_unit_named_like_a_capital_stays_the_unit(gazetteer):
    kinds = {
        s: k for s, _n, k in found("Wildfires spread in the state of Washington and in Oregon.", gazetteer)
    }
    assert kinds.get("state of Washington") == "admin1"


def test_a_state_named_like_an_old_name_of_a_capital_stays_the_state(gazetteer):
    # Hong Kong's GeoNames alternates include "Victoria": only a capital's own name counts.
    hits = found("Bushfires burned across Victoria and New South Wales this week.", gazetteer)
    assert ("Victoria", "admin1") in {(s, k) for s, _n, k in hits}


@pytest.mark.parametrize(
    "text",
    [
        "Sinds dinsdag is de dijk bij Kampen weer open, meldt het waterschap. De schade bleef beperkt.",
        "Im Norden des Landes blieb es trocken, meldete der Wetterdienst in Bonn.",
    ],
)
def test_words_that_look_like_place_names_are_words(gazetteer, text):
    surfaces = [s for s, _n, _k in found(text, gazetteer)]
    assert surfaces == [("Kampen" if "Kampen" in text else "Bonn")]


def test_a_real_genitive_is_still_a_place(gazetteer):
    assert ("Polens", "country") in {
        (s, k) for s, _n, k in found("Die Grenze Polens ist seit Montag wieder offen.", gazetteer)
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Borussia Dortmund verlor am Samstag in Bremen.", ["Bremen"]),
        ("Manchester United speelde gelijk in Eindhoven.", ["Eindhoven"]),
        ("Real Madrid signed a defender from Lyon.", ["Lyon"]),
        ("Hurrikan „Otis“ traf in der Nacht Acapulco.", ["Acapulco"]),
        ("Storm Ciarán brought gusts to Brest and Cherbourg.", ["Brest", "Cherbourg"]),
    ],
)
def test_a_place_name_inside_a_club_or_storm_name_is_no_mention(gazetteer, text, expected):
    assert [s for s, _n, _k in found(text, gazetteer)] == expected


def test_a_name_placed_by_written_containment_keeps_that_place_in_the_article(gazetteer):
    text = (
        "ATHENS, Georgia — A water main broke downtown on Monday, the city said.\n\n"
        "Crews in Athens worked through the night, and schools in Athens stayed closed."
    )
    hits = placed(text, gazetteer)
    assert hits["ATHENS"] == ("city", "US")
    assert hits["Georgia"] == ("admin1", "US")  # the container that holds that Athens
    assert hits["Athens"] == ("city", "US")


@pytest.mark.parametrize(
    ("text", "surface", "kind"),
    [
        ("Die Präsidentin Mexikos reiste am Montag nach Monterrey.", "Mexikos", "country"),
        ("Het leger van Mexiko patrouilleert langs de grens bij Tijuana.", "Mexiko", "country"),
        ("Tornadoes touched down across central Oklahoma and southern Kansas.", "Oklahoma", "admin1"),
    ],
)
def test_a_country_or_state_is_not_its_x_city(gazetteer, text, surface, kind):
    assert placed(text, gazetteer).get(surface, ("",))[0] == kind


def test_names_with_an_abbreviated_first_word_are_matched_whole(gazetteer):
    hits = placed("Flights from St. Louis to St. Petersburg, Florida, were cancelled on Sunday.", gazetteer)
    assert hits["St. Louis"] == ("city", "US")
    assert hits["St. Petersburg"] == ("city", "US")


def test_a_sentence_end_before_a_capitalised_word_joins_nothing():
    from components.places.tokens import adjacent, tokens_of

    text = "They met in Kyiv. Louis said so. St. Louis is far."
    toks = tokens_of(text)
    pairs = {(a.text, b.text) for a, b in zip(toks, toks[1:], strict=False) if adjacent(text, a, b)}
    assert ("Kyiv", "Louis") not in pairs and ("so", "St") not in pairs
    assert ("St", "Louis") in pairs


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Schwer getroffen sind die Provinzen Konya, Sivas und Van, meldete die Behörde.", "Sivas"),
        ("Unrest spread to regions such as Cusco and Arequipa, officials said.", "Arequipa"),
    ],
)
def test_a_plural_cue_before_a_list_makes_each_member_a_unit(gazetteer, text, surface):
    assert placed(text, gazetteer)[surface][0] == "admin1"


def test_a_unit_called_by_its_own_name_is_not_its_capital(gazetteer):
    # Antakya lists "Hatay" among its names; the province is called so. Hama the city is called so too.
    hits = placed("Rescuers reached Hatay late on Monday; in Syria, Hama was also hit.", gazetteer)
    assert hits["Hatay"] == ("admin1", "TR")
    assert hits["Hama"] == ("city", "SY")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Lage in Köln bleibt angespannt, sagte ein Sprecher der Stadt.", ["Köln"]),
        ("Der Rhein trat bei Bonn über die Ufer; viele Schulen blieben zu.", ["Rhein", "Bonn"]),
    ],
)
def test_german_nouns_after_an_article_are_no_villages(gazetteer, text, expected):
    assert [s for s, _n, _k in found(text, gazetteer)] == expected
