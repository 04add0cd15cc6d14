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


OWNED = [
    "dashboard.py",
    "app_pages/articles.py",
    "app_pages/compare.py",
    "app_pages/places.py",
    "app_pages/data_issues.py",
    "components/views/app_state.py",
    "components/views/filters.py",
    "components/views/article_view.py",
    "components/views/articles_page.py",
    "components/views/compare_page.py",
    "components/views/places_view.py",
    "components/views/data_issues_page.py",
]


def _msgids(path):
    """Every literal string passed to _() in a module (implicit concatenation joined by the parser)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "_"
            and node.args
        ):
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                yield arg.value


def test_every_interface_string_of_these_pages_has_dutch():
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    dutch = catalogue("nl")
    found = {m for f in OWNED for m in _msgids(repo / f)}
    assert len(found) > 80
    missing = sorted(found - dutch.keys())
    assert missing == [], missing


def test_dutch_keeps_the_format_fields():
    import re

    for msgid, msgstr in catalogue("nl").items():
        assert set(re.findall(r"{\w+}", msgid)) == set(re.findall(r"{\w+}", msgstr)), msgid
