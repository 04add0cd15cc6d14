"""The Articles page under Streamlit's AppTest, on the seed corpus and on a hostile article."""

from __future__ import annotations

import pytest

from tests.views.page_helpers import (
    PROBES,
    articles_html,
    assert_only_escaped,
    open_page,
    visible_text,
)

KHERSON = ["000_a58eedbe23edabad", "001_461017412f6bb48b", "002_ba24c0d186162b79", "003_87a6f7e23c8be67f"]
KHARKIV = "004_49427d75354bfe23"


def test_articles_page_reads_the_linked_article_with_posts_apart(seeds):
    at = open_page("articles", article=KHERSON[2])
    assert at.query_params["article"] == KHERSON[2]
    (body,) = articles_html(at)
    assert 'class="na-mention"' in body and 'title="Kherson' in body
    assert any('class="na-post"' in h.value for h in at.html)  # the embedded tweets
    assert len(at.dataframe) >= 1


def test_articles_default_is_the_first_filtered_article(seeds):
    at = open_page("articles")
    assert at.query_params["article"] == seeds.articles["article_id"].iat[0]


def test_boilerplate_toggle_changes_what_is_shown(seeds):
    at = open_page("articles", article=KHERSON[2])
    hidden = visible_text(articles_html(at)[0])
    assert 'class="na-boilerplate"' not in articles_html(at)[0]
    at.toggle(key="reader_show_boilerplate").set_value(True).run()
    shown_markup = articles_html(at)[0]
    shown = visible_text(shown_markup)
    assert 'class="na-boilerplate"' in shown_markup
    assert "Cookie-instellingen" not in hidden and "Cookie-instellingen" in shown
    assert len(shown) > len(hidden)


@pytest.mark.parametrize("show_boilerplate", [False, True])
def test_xss_probe_renders_as_text_in_the_reader(probe_corpus, show_boilerplate):
    _, probe_id = probe_corpus
    at = open_page("articles", article=probe_id)
    if show_boilerplate:
        at.toggle(key="reader_show_boilerplate").set_value(True).run()
    (body,) = articles_html(at)
    for probe in PROBES:
        assert probe in visible_text(body)
    meta = next(h.value for h in at.html if 'class="na-meta"' in h.value)
    assert f"Kop {PROBES[1]} {PROBES[3]}" in visible_text(meta)
    assert_only_escaped(at)
