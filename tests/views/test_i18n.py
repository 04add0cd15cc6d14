"""Interface language: catalogue, fallback and the choice between URL parameter and browser."""

from components.views.i18n import catalogue, choose_language, translate


def test_dutch_catalogue_translates_and_english_is_the_source():
    assert translate("Map", "nl") == "Kaart"
    assert translate("Map", "en") == "Map"
    assert "Map" in catalogue("nl") and catalogue("en") == {}


def test_missing_strings_fall_back_to_english():
    assert translate("A sentence nobody translated", "nl") == "A sentence nobody translated"


def test_url_parameter_beats_browser_and_unknown_languages_fall_back():
    assert choose_language("en", "nl-BE") == "en"
    assert choose_language(None, "nl-BE") == "nl"
    assert choose_language(None, "nl_NL") == "nl"
    assert choose_language("fr", "de-DE") == "en"
    assert choose_language(None, None) == "en"
    assert choose_language("NL", "en-US") == "nl"
