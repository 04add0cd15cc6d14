"""Interface language: catalogue, fallback and the choice between URL parameter and browser."""

import re
from pathlib import Path

import pytest

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


_REPO = Path(__file__).resolve().parents[2]
# Every module that draws interface text: the dashboard, its pages and all of components/views.
OWNED = sorted(
    ["dashboard.py"]
    + [str(p.relative_to(_REPO)) for p in (_REPO / "app_pages").glob("*.py")]
    + [str(p.relative_to(_REPO)) for p in (_REPO / "components" / "views").glob("*.py")]
)


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


def test_view_summary_and_map_caption_speak_dutch(seeds):
    import re

    from tests.views.page_helpers import open_page, summary

    at = open_page("map", ui="nl", level="region")
    assert summary(at).startswith("5 artikelen")
    assert any(re.match(r"\d+ regio's · \d+ vermeldingen · ", c.value) for c in at.caption)
    at = open_page("map", ui="nl", level="country")
    assert any(" landen · " in c.value and "vermeldingen" in c.value for c in at.caption)
    at = open_page("map", level="region")
    assert summary(at).startswith("5 articles")
    assert any(" regions · " in c.value and " places" not in c.value for c in at.caption)
    at = open_page("map", level="country")
    assert any(" countries · " in c.value for c in at.caption)


def test_one_article_is_singular_in_both_languages(seeds):
    from tests.views.page_helpers import open_page, summary

    assert summary(open_page("articles", ui="nl", month="2022-09")).startswith("1 artikel ·")
    assert summary(open_page("articles", month="2022-09")).startswith("1 article ·")


def test_most_mentioned_column_names_places_in_the_interface_language(seeds):
    from tests.views.page_helpers import open_page

    dutch = " ".join(open_page("articles", ui="nl").dataframe[0].value["top_places"])
    english = " ".join(open_page("articles").dataframe[0].value["top_places"])
    assert "Cherson" in dutch and "Oekraïne" in dutch and "Kherson" not in dutch
    assert "Kherson" in english and "Ukraine" in english and "Cherson" not in english


@pytest.mark.parametrize("level", ["place", "region", "country"])
def test_places_kinds_are_in_the_interface_language(seeds, level):
    from tests.views.page_helpers import open_page

    params = {} if level == "place" else {"level": level}
    dutch = set(open_page("places", ui="nl", **params).dataframe[0].value["kind"].dropna())
    english = set(open_page("places", **params).dataframe[0].value["kind"].dropna())
    assert english and dutch
    assert dutch == {translate(k, "nl") for k in english} and not dutch & {"city", "region", "country"}


def test_map_controls_share_one_wrapping_row_so_dutch_labels_are_not_cut(seeds):
    from tests.views.page_helpers import open_page

    at = open_page("map", ui="nl")
    assert not at.columns  # fixed-width columns clipped "Wereld" and "Afspelen per maand"
    labels = [o for control in at.get("button_group") for o in control.options]
    assert {"Wereld", "Afspelen per maand"} <= {getattr(o, "content", o) for o in labels}


def test_stories_key_places_are_in_the_interface_language(seeds):
    from tests.views.page_helpers import open_page

    dutch = open_page("stories", ui="nl").dataframe[0].value["Belangrijkste plaatsen"].iat[0]
    english = open_page("stories").dataframe[0].value["Key places"].iat[0]
    assert dutch.startswith("Cherson") and english.startswith("Kherson")
    assert len(dutch.split(", ")) == len(english.split(", "))


def _chips(at) -> str:
    """The chip lists of a page (chip text is followed by its ×count or the closing tag)."""
    return " ".join(h.value for h in at.html if 'class="na-chips"' in h.value)


def test_compare_and_reader_chips_name_places_in_the_interface_language(seeds):
    from tests.views.page_helpers import open_page

    for page in ("compare", "articles"):
        dutch, english = _chips(open_page(page, ui="nl")), _chips(open_page(page))
        chip = r">{}(?: <span|</span>)".format  # the whole chip text, not "Kherson (point ...)"
        assert re.search(chip("Cherson"), dutch) and not re.search(chip("Kherson"), dutch), page
        assert re.search(chip("Kherson"), english) and not re.search(chip("Cherson"), english), page
        assert "× in artikel 1" in dutch and "stad · " in dutch and "× in article" not in dutch, page


def test_overview_top_places_in_the_interface_language_and_a_click_still_filters_by_canonical_name(seeds):
    from tests.views.page_helpers import open_page
    from tests.views.test_map_apptest import figure

    def bars(at) -> dict:
        (bar,) = [f["data"][0] for i in range(len(at.get("plotly_chart"))) for f in [figure(at, i)]
                  if f["data"][0].get("orientation") == "h"]  # fmt: skip
        return bar

    dutch, english = bars(open_page("overview", ui="nl")), bars(open_page("overview"))
    assert "Cherson" in dutch["y"] and "Kherson" not in dutch["y"] and "Kherson" in english["y"]
    assert [c[0] for c in dutch["customdata"]] == [c[0] for c in english["customdata"]]
    assert "Kherson" in [c[0] for c in dutch["customdata"]]
    assert {c[1] for c in dutch["customdata"]} & {"stad", "land"}


def test_timeline_counts_have_whole_ticks_and_dutch_days_have_no_english_month_names(messy):
    from components.views.charts import count_axis
    from tests.views.page_helpers import open_page
    from tests.views.test_map_apptest import figure

    assert count_axis([0, 2, 1])["dtick"] == 1 and "dtick" not in count_axis([0, 40])
    assert count_axis([]) == count_axis([float("nan")]) == count_axis([0])

    def is_bar(f: dict) -> bool:
        return f["data"][0]["type"] == "bar"

    for ui, fmt in (("nl", "%d-%m-%Y"), ("en", "%d %b %Y")):
        at = open_page("timeline", ui=ui)
        figs = [figure(at, i) for i in range(len(at.get("plotly_chart")))]
        days = [
            f for f in figs if f["layout"]["xaxis"].get("type") == "date" and f["data"][0]["type"] == "bar"
        ]
        assert days and days[0]["layout"]["xaxis"]["tickformat"] == fmt
        assert days[0]["layout"]["yaxis"]["dtick"] == 1


def test_places_rollup_caption_names_regions_or_countries_singular_for_one(messy):
    from tests.views.page_helpers import open_page

    captions = [c.value for c in open_page("places", ui="nl", level="country").caption]
    assert any(re.match(r"1 land · \d+ geplaatste vermeldingen", c) for c in captions), captions
    captions = [c.value for c in open_page("places", level="region").caption]
    assert any(re.match(r"\d+ regions · \d+ resolved mentions", c) for c in captions), captions


def test_every_gazetteer_kind_has_a_dutch_name():
    """Kinds reach the legend and tables as data (`_(kind)`), so no source scan sees them."""
    from components.places.gazetteer import KIND_CLASS

    untranslated = sorted(k for k in KIND_CLASS if k not in catalogue("nl"))
    assert untranslated == []
