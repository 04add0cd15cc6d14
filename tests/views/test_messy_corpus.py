"""Every page on a small messy corpus of our own (tests/fixtures/messy_corpus), under AppTest.

The corpus mixes nl/en/de, .txt/.html/.jsonl/.csv, undated articles, broken rows and mentions nothing
could place: the case that crashed Articles and Compare with a TypeError on the "unresolved" kind.
"""

from __future__ import annotations

import pytest

from tests.views.page_helpers import articles_html, notices, open_page, visible_text

PAGES = ["overview", "timeline", "map", "compare", "articles", "places", "data_issues"]
KLISJ = "nl_klisjtsjiivka"


def _unplaced_ids(corpus) -> set[str]:
    m = corpus.mentions
    return set(m.loc[m["place_id"].isna(), "article_id"].astype(str))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_messy_corpus(messy, page):
    at = open_page(page)  # open_page asserts there is no exception
    assert at.title, page


def test_articles_reads_an_article_with_an_unplaced_village(messy):
    assert KLISJ in _unplaced_ids(messy)
    at = open_page("articles", article=KLISJ)
    (body,) = articles_html(at)
    assert 'data-kind="unresolved"' in body and "Klisjtsjiivka" in visible_text(body)
    legend = "".join(h.value for h in at.html if "unresolved" in h.value and "na-article" not in h.value)
    assert "unresolved" in legend


def test_articles_default_row_has_an_unplaced_mention_and_renders(messy):
    at = open_page("articles", lang="nl")  # newest nl article: mixed#3, which names het dorp Klisjtsjiivka
    assert at.query_params["article"] == "mixed#3"
    assert "mixed#3" in _unplaced_ids(messy)
    assert len(articles_html(at)) == 1


def test_compare_with_unplaced_mentions_renders_both(messy):
    at = open_page("compare", compare=f"{KLISJ},en_page")
    assert len(articles_html(at)) == 2
    assert all('data-kind="unresolved"' in body for body in articles_html(at))


def test_compare_default_renders_on_the_messy_corpus(messy):
    at = open_page("compare")
    assert len(articles_html(at)) == len(at.multiselect(key="compare_ids").value) >= 2


def test_articles_list_is_newest_first_with_undated_last(messy):
    at = open_page("articles")
    dates = at.dataframe[0].value["date"].tolist()
    dated = [d for d in dates if isinstance(d, str)]
    assert dated == sorted(dated, reverse=True)
    assert dates[: len(dated)] == dated  # undated rows come after every dated one
    assert len(dates) == len(messy.articles)


def test_articles_export_is_the_filtered_list_as_csv(messy):
    at = open_page("articles", lang="de")
    (button,) = [b for b in at.get("download_button") if "CSV" in b.proto.label]
    assert "2 articles" in button.proto.label


def test_data_issues_lists_bad_rows_and_unplaced_names(messy):
    at = open_page("data_issues")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Bad inputs"] == str(len(messy.errors)) == "4"
    n_unplaced = int(messy.mentions["place_id"].isna().sum())
    assert metrics["Unplaced mentions"] == str(n_unplaced)
    bad = at.dataframe[0].value
    assert list(bad.columns) == ["file", "row", "reason"]
    assert set(zip(bad["file"], bad["row"], strict=True)) == {
        ("de_rows.jsonl", 3), ("de_rows.jsonl", 4), ("de_rows.jsonl", 5), ("mixed.csv", 4)
    }  # fmt: skip
    names = at.dataframe[1].value.set_index("name")
    assert (
        names.loc["dorp Klisjtsjiivka", "mentions"] == 3 and names.loc["dorp Klisjtsjiivka", "articles"] == 2
    )
    sentences = at.dataframe[2].value
    assert any("Qwertyville, which no map shows" in s for s in sentences["sentence"])


def test_sidebar_counts_the_data_issues(messy):
    at = open_page("overview")
    links = [p.proto.label for p in at.get("page_link")]
    assert any("4 bad inputs" in label and "9 unplaced" in label for label in links), links


def test_a_link_with_hundreds_of_bad_values_gives_one_notice(messy):
    at = open_page("overview", place=[f"Nowhere{i}" for i in range(300)])
    (shown,) = notices(at)
    assert "Nowhere0" in shown and "297 more" in shown
    assert "Nowhere299" not in shown


def test_a_reversed_month_range_is_read_the_right_way_round_with_a_notice(seeds):
    at = open_page("timeline", month="2022-11..2022-09")
    (shown,) = notices(at)
    assert "reversed" in shown and "2022-09 – 2022-11" in shown
