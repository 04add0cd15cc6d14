"""Overview / Timeline / Map / Places under Streamlit's AppTest: rendering, filters and query parameters.

Expected counts are computed straight from the corpus tables (pandas), not through
components.explore (filtered_view, filter_params), so a filtering bug cannot hide behind itself.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.store.schema import Corpus
from components.views.app_state import use_corpus

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
MY_PAGES = ["overview", "timeline", "map", "places"]
TAG = re.compile(r"<[^>]*>")


def open_page(page: str = "overview", **params: str | list[str]) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "overview":
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def summary(at: AppTest) -> str:
    found = [h.value for h in at.html if "news-atlas-view" in h.value]
    assert len(found) == 1, found
    return html.unescape(TAG.sub("", found[0])).strip()


def notices(at: AppTest) -> list[str]:
    return [html.unescape(TAG.sub("", h.value)) for h in at.html if "news-atlas-notice" in h.value]


def n_articles(at: AppTest) -> int:
    return int(summary(at).split(" ")[0].replace(",", ""))


def articles_mentioning(corpus: Corpus, name: str) -> set[str]:
    m = corpus.mentions
    return set(m.loc[m["name"].str.lower() == name.lower(), "article_id"])


# ---- rendering -----------------------------------------------------------------------------------


@pytest.mark.parametrize("page", MY_PAGES)
def test_page_renders_on_the_seeds(seeds, page):
    at = open_page(page)
    assert summary(at) == f"{len(seeds.articles)} articles"
    assert at.title[0].value.endswith(page.capitalize())
    if page == "overview":
        metrics = {m.label: m.value for m in at.metric}
        assert metrics["Articles"] == str(len(seeds.articles))
        assert metrics["Months"] == str(seeds.articles["month"].nunique())
        assert metrics["Places"] == str(seeds.mentions["place_id"].nunique())
    if page == "places":
        table = at.dataframe[0].value
        assert len(table) == seeds.mentions["place_id"].nunique()
        kherson = table.set_index("name").loc["Kherson"]
        m = seeds.mentions[seeds.mentions["name"] == "Kherson"]
        assert kherson["mentions"] == len(m) and kherson["articles"] == m["article_id"].nunique()
        assert "Cherson" in kherson["forms"]
        assert {b.label for b in at.get("download_button")} == {"Download CSV", "Download GeoJSON"}


def test_every_listed_page_is_reachable(seeds):
    at = open_page()
    for page in ["timeline", "map", "compare", "articles", "places"]:
        if (REPO / "pages" / f"{page}.py").exists():
            at.switch_page(f"app_pages/{page}.py").run()
            assert not at.exception, (page, [e.value for e in at.exception])


def test_empty_corpus_renders_every_page():
    use_corpus(Corpus(), key="empty-core-apptest")
    try:
        for page in MY_PAGES:
            at = open_page(page, place="Kyiv")
            assert summary(at) == "0 articles"
            assert any("corpus is empty" in i.value for i in at.info)
    finally:
        use_corpus(None)


def test_loads_the_corpus_folder_through_the_data_layer(seed_cache, monkeypatch):
    use_corpus(None)
    monkeypatch.setenv("NEWS_ATLAS_CORPUS", str(SEEDS))
    monkeypatch.setenv("NEWS_ATLAS_CACHE_DIR", str(seed_cache))
    at = open_page("overview")
    assert summary(at) == "5 articles"


def test_builds_a_missing_cache_then_shows_it(tmp_path, monkeypatch):
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "sept.txt").write_bytes((SEEDS / "004_49427d75354bfe23.txt").read_bytes())
    use_corpus(None)
    monkeypatch.setenv("NEWS_ATLAS_CORPUS", str(corpus_dir))
    monkeypatch.setenv("NEWS_ATLAS_CACHE_DIR", str(tmp_path / "cache"))
    at = open_page("places", place="Kharkiv")
    assert summary(at) == "1 article · Kharkiv"
    assert (tmp_path / "cache").exists()


def test_missing_corpus_folder_is_a_message_not_a_crash(tmp_path, monkeypatch):
    use_corpus(None)
    monkeypatch.setenv("NEWS_ATLAS_CORPUS", str(tmp_path / "nowhere"))
    monkeypatch.setenv("NEWS_ATLAS_CACHE_DIR", str(tmp_path / "cache"))
    at = open_page("overview")
    assert any("Could not load the corpus" in e.value for e in at.error)


# ---- filters -------------------------------------------------------------------------------------


def test_month_filter_changes_the_counts(seeds):
    at = open_page("overview")
    at.select_slider(key="filter_month").set_value(("2022-11", "2022-11")).run()
    expected = int((seeds.articles["month"] == "2022-11").sum())
    assert n_articles(at) == expected == 4
    assert {m.label: m.value for m in at.metric}["Articles"] == str(expected)
    assert at.query_params == {"month": "2022-11"}


def test_place_filter_changes_the_counts(seeds):
    at = open_page("timeline")
    at.multiselect(key="filter_place").set_value(["Kherson"]).run()
    assert n_articles(at) == len(articles_mentioning(seeds, "Kherson"))
    at.multiselect(key="filter_place").set_value(["Kherson", "Kharkiv Oblast"]).run()
    expected = articles_mentioning(seeds, "Kherson") | articles_mentioning(seeds, "Kharkiv Oblast")
    assert n_articles(at) == len(expected) == 5
    assert at.query_params == {"place": ["Kherson", "Kharkiv Oblast"]}


def test_text_search_changes_the_counts(seeds):
    at = open_page("places")
    at.text_input(key="filter_q").input("Izjoem").run()
    text = seeds.articles["title"].fillna("") + "\n" + seeds.articles["body"].fillna("")
    assert n_articles(at) == int(text.str.lower().str.contains("izjoem", regex=False).sum()) == 1
    assert list(at.dataframe[0].value["name"])  # the places of that one article
    at.button[0].click().run()  # "Clear filters"
    assert n_articles(at) == len(seeds.articles) and at.query_params == {}


def test_language_and_outlet_filters_where_known():
    from tests.explore.sample_corpus import make_corpus

    corpus = make_corpus()
    use_corpus(corpus, key="languages-core-apptest")
    try:
        at = open_page("overview")
        at.multiselect(key="filter_lang").set_value(["en"]).run()
        assert n_articles(at) == int((corpus.articles["language"] == "en").sum())
        at.multiselect(key="filter_outlet").set_value(["bbc.co.uk"]).run()
        both = (corpus.articles["language"] == "en") & (corpus.articles["outlet"] == "bbc.co.uk")
        assert n_articles(at) == int(both.sum())
        assert at.query_params == {"lang": "en", "outlet": "bbc.co.uk"}
    finally:
        use_corpus(None)


# ---- query parameters ----------------------------------------------------------------------------


@pytest.mark.parametrize("page", MY_PAGES)
def test_link_reproduces_the_view(seeds, page):
    at = open_page(page, month="2022-09", place="kharkiv")
    assert summary(at) == "1 article · 2022-09 · Kharkiv"
    assert at.query_params == {"month": "2022-09", "place": "Kharkiv"}  # canonical spelling
    assert notices(at) == []
    share = [m.value for m in at.sidebar.markdown if "Share this view" in m.value][0]
    path = "" if page == "overview" else page
    assert f"({path or './'}?month=2022-09&place=Kharkiv)" in share


def test_query_params_round_trip(seeds):
    at = open_page("overview")
    at.select_slider(key="filter_month").set_value(("2022-09", "2022-10")).run()
    at.multiselect(key="filter_place").set_value(["Kyiv", "Russia"]).run()
    at.text_input(key="filter_q").input("Kremlin").run()
    params, seen = dict(at.query_params), summary(at)
    again = open_page("map", **params)
    assert summary(again) == seen
    assert dict(again.query_params) == params


def test_filters_survive_a_page_switch(seeds):
    at = open_page("overview", place="Crimea")
    at.switch_page("app_pages/map.py").run()
    assert summary(at) == "1 article · Crimea"
    assert at.query_params == {"place": "Crimea"}


@pytest.mark.parametrize(
    ("params", "expected_notice"),
    [
        ({"place": "Atlantis"}, "Unknown place “Atlantis”"),
        ({"month": "2031-01"}, "outside the corpus"),
        ({"month": "garbage"}, "not a YYYY-MM month"),
        ({"month": ["2022-11", "2022-09", "2022-10"]}, "More than two months"),
        ({"lang": "xx"}, "Unknown language"),
        ({"place": "<img src=x onerror=alert(1)>"}, "Unknown place"),
    ],
)
def test_bad_links_are_dropped_with_a_visible_notice(seeds, params, expected_notice):
    at = open_page("timeline", **params)
    shown = notices(at)
    assert any(expected_notice in n for n in shown), shown
    assert not any("<img" in h.value for h in at.html)  # quoted URL text is escaped, never markup
    assert "month" not in at.query_params or params.get("month") == ["2022-11", "2022-09", "2022-10"]


def test_notices_go_away_after_a_filter_change(seeds):
    at = open_page("overview", place=["Atlantis", "Kyiv"])
    assert len(notices(at)) == 1 and summary(at).endswith("· Kyiv")
    at.multiselect(key="filter_place").set_value([]).run()
    assert notices(at) == []


# ---- view helpers (no AppTest needed) --------------------------------------------------------------


def test_sentence_snippets_mark_mentions_and_survive_bad_offsets():
    from components.views.map_view import sentence_snippets, snippet_html

    text = "Eerste zin. In <b>Cherson</b> en\nCherson vieren ze. Laatste."
    a = text.index("Cherson")
    b = text.index("Cherson", a + 1)
    s, e = text.index("In"), text.index("Laatste") - 1
    spans = [(a, a + 7, s, e), (b, b + 7, s, e), (50, 999, s, e), (None, 3, s, e), (a, a + 7, None, None)]
    snippets = sentence_snippets(text, spans)
    assert [p for p, marked in snippets[0].pieces if marked] == ["Cherson", "Cherson"]
    markup = snippet_html(snippets[0])
    assert "&lt;b&gt;" in markup and "<b>" not in markup  # corpus text stays text
    assert markup.count("<mark") == 2
    assert markup.startswith("In &lt;b&gt;<mark") and " en <mark" in markup  # spacing survives
    assert len(snippets) == 2  # the mention without a sentence gets a window around it


def test_map_extent_matches_the_chart_shape():
    from components.views.map_view import MAP_ASPECT, _merc, widen_to_aspect

    (lat_lo, lat_hi), (lon_lo, lon_hi) = widen_to_aspect((44.0, 57.0), (30.0, 38.0))
    import math

    ratio = math.radians(lon_hi - lon_lo) / (_merc(lat_hi) - _merc(lat_lo))
    assert abs(ratio - MAP_ASPECT) < 1e-6 and (lat_lo, lat_hi) == (44.0, 57.0)
    (lat_lo, lat_hi), lon = widen_to_aspect((48.0, 49.0), (0.0, 60.0))
    assert lon == (0.0, 60.0) and lat_lo < 48.0 and lat_hi > 49.0


def test_rejected_alternatives_and_geojson():
    import json

    from components.explore.corpus_index import CorpusIndex
    from components.explore.filter_params import FilterState
    from components.views.places_view import places_table, rejected_alternatives, to_geojson
    from tests.explore.sample_corpus import make_corpus

    corpus = make_corpus()
    corpus.mentions.loc[0, "candidates"] = "{not json"
    index = CorpusIndex(corpus)
    rejected = rejected_alternatives(index)
    kherson = index.place_code["gn:1"]
    assert rejected[kherson] == "Decoy (town, RU) ×3"
    table = places_table(index.view(FilterState()), rejected)
    geo = json.loads(to_geojson(table))
    assert len(geo["features"]) == len(table) == 5
    first = geo["features"][0]
    assert first["geometry"]["coordinates"] == [32.61, 46.64] and first["properties"]["name"] == "Kherson"


def test_corpus_source_from_cli_and_env(tmp_path):
    from components.views.app_state import DEFAULT_CORPUS, corpus_source

    assert corpus_source([], {}).corpus_dir == DEFAULT_CORPUS
    src = corpus_source(["--corpus", str(tmp_path), "--synthetic", "12"], {"NEWS_ATLAS_CORPUS": "/x"})
    assert src.corpus_dir == tmp_path and src.synthetic == 12
    env = {"NEWS_ATLAS_CORPUS": str(tmp_path), "NEWS_ATLAS_CACHE_DIR": "/c", "NEWS_ATLAS_SYNTHETIC": "nope"}
    src = corpus_source(["--synthetic", "x"], env)  # a malformed flag is ignored, not fatal
    assert src.corpus_dir == tmp_path and src.cache_dir == Path("/c") and src.synthetic is None
