"""The Compare and Articles pages under Streamlit's AppTest, on the seed corpus and on a hostile article."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.store import load_or_build
from components.store.schema import Corpus
from components.views.app_state import use_corpus

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
KHERSON = ["000_a58eedbe23edabad", "001_461017412f6bb48b", "002_ba24c0d186162b79", "003_87a6f7e23c8be67f"]
KHARKIV = "004_49427d75354bfe23"
PROBES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![](http://evil.example/x.png)",
]
TAG = re.compile(r"<[^>]*>")


def open_page(page: str, **params: str) -> AppTest:
    """Run the dashboard once (it registers the pages), then the page, with query parameters."""
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def articles_html(at: AppTest) -> list[str]:
    return [h.value for h in at.html if 'class="na-article"' in h.value]


def visible_text(markup: str) -> str:
    """Text of our markup, entities decoded (what a reader sees)."""
    import html

    return html.unescape(TAG.sub("", markup))


# --- Compare --------------------------------------------------------------------------------------


def test_compare_opens_on_the_kherson_articles_and_puts_them_in_the_url(seeds):
    at = open_page("compare")
    assert at.multiselect(key="compare_ids").value == KHERSON
    assert at.query_params["compare"] == ",".join(KHERSON)
    assert len(articles_html(at)) == 4
    shared = next(h.value for h in at.html if "Places in all 4 articles" in h.value)
    assert "Kherson" in visible_text(shared)


def test_compare_link_round_trips(seeds):
    at = open_page("compare", compare=f"{KHARKIV},{KHERSON[0]}")
    assert at.multiselect(key="compare_ids").value == [KHARKIV, KHERSON[0]]
    assert at.query_params["compare"] == f"{KHARKIV},{KHERSON[0]}"
    shown = "".join(h.value for h in at.html)
    assert KHARKIV in shown and KHERSON[0] in shown

    at.multiselect(key="compare_ids").set_value([KHERSON[1], KHERSON[2]]).run()
    assert at.query_params["compare"] == f"{KHERSON[1]},{KHERSON[2]}"
    # A new session opened with that URL shows the same comparison.
    again = open_page("compare", compare=at.query_params["compare"])
    assert again.multiselect(key="compare_ids").value == [KHERSON[1], KHERSON[2]]


def test_compare_bad_link_warns_without_echoing_it(seeds):
    at = open_page("compare", compare=f"{KHERSON[0]},<b>nope</b>")
    assert at.multiselect(key="compare_ids").value == [KHERSON[0]]
    assert [w.value for w in at.warning] and all("nope" not in w.value for w in at.warning)
    assert any("at least two" in i.value for i in at.info)


def test_compare_threshold_controls_the_passages(seeds):
    at = open_page("compare")
    assert any("No sentence or quote is shared" in i.value for i in at.info)  # seeds are paraphrases
    at.slider(key="compare_threshold").set_value(60).run()
    rows = [h.value for h in at.html if 'class="na-passages"' in h.value]
    assert rows and all(r.count('class="na-passage"') >= 1 for r in rows)


# --- Articles -------------------------------------------------------------------------------------


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


# --- hostile text ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def probe_corpus(tmp_path_factory) -> Iterator[tuple[Corpus, str]]:
    folder = tmp_path_factory.mktemp("probe-corpus")
    (folder / "000_probe.txt").write_text(
        f"Kop {PROBES[1]} {PROBES[3]}\n"  # a hostile title line
        " date 2022-11 Oekraïense troepen trokken Cherson binnen. "
        + " en ".join(PROBES)
        + " volgens de redactie in Kyiv.\n\nDe stad Mykolajiv werd ook genoemd.\n",
        encoding="utf-8",
    )
    (folder / "001_other.txt").write_text(
        " date 2022-11 Het Oekraïense leger heeft Cherson heroverd. In Kyiv werd dat gevierd.\n",
        encoding="utf-8",
    )
    corpus = load_or_build(folder, tmp_path_factory.mktemp("probe-cache"))
    probe_id = corpus.articles.loc[corpus.articles["file"].str.contains("probe"), "article_id"].iat[0]
    use_corpus(corpus, key="probe-apptest")
    yield corpus, probe_id
    use_corpus(None)


def _assert_only_escaped(at: AppTest) -> None:
    for element in at.html:
        assert "<script" not in element.value and "<img" not in element.value
        assert 'href="javascript:' not in element.value
    for element in [*at.markdown, *at.caption, *at.info, *at.warning, *at.title, *at.subheader]:
        assert "alert(1)" not in element.value and "evil.example" not in element.value


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
    _assert_only_escaped(at)


def test_xss_probe_renders_as_text_in_compare(probe_corpus):
    _, probe_id = probe_corpus
    at = open_page("compare")
    assert probe_id in at.multiselect(key="compare_ids").value
    text = visible_text("".join(articles_html(at)))
    for probe in PROBES:
        assert probe in text
    _assert_only_escaped(at)
