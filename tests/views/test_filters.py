"""Sidebar filters and the URL under Streamlit's AppTest: counts follow filters, links reproduce views.

Expected counts are computed straight from the corpus tables (pandas), not through components.explore.
"""

from __future__ import annotations

import pytest

from components.views.app_state import use_corpus
from tests.views.page_helpers import (
    MY_PAGES,
    articles_mentioning,
    n_articles,
    notices,
    open_page,
    summary,
)


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
