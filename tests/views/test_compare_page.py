"""The Compare page under Streamlit's AppTest, on the seed corpus and on a hostile article."""

from __future__ import annotations

from tests.views.page_helpers import (
    PROBES,
    articles_html,
    assert_only_escaped,
    open_page,
    visible_text,
)

KHERSON = ["000_a58eedbe23edabad", "001_461017412f6bb48b", "002_ba24c0d186162b79", "003_87a6f7e23c8be67f"]
KHARKIV = "004_49427d75354bfe23"


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


def test_share_link_follows_the_comparison_in_the_same_run(seeds):
    """The sidebar link is drawn after the page ran: removing an article updates it at once."""
    at = open_page("compare", compare=",".join(KHERSON[:3]))
    assert f"compare={KHERSON[0]}%2C{KHERSON[1]}%2C{KHERSON[2]}" in at.code[0].value
    at.multiselect(key="compare_ids").set_value(KHERSON[:2]).run()
    link = at.code[0].value
    assert f"compare={KHERSON[0]}%2C{KHERSON[1]}" in link and KHERSON[2] not in link


def test_xss_probe_renders_as_text_in_compare(probe_corpus):
    _, probe_id = probe_corpus
    at = open_page("compare")
    assert probe_id in at.multiselect(key="compare_ids").value
    text = visible_text("".join(articles_html(at)))
    for probe in PROBES:
        assert probe in text
    assert_only_escaped(at)
