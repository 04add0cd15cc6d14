"""Overview / Timeline / Map / Places under Streamlit's AppTest: every page renders, on any corpus.

Expected counts are computed straight from the corpus tables (pandas), not through
components.explore, so a filtering bug cannot hide behind itself.
"""

from __future__ import annotations

import pytest

from components.store.schema import Corpus
from components.views.app_state import use_corpus
from tests.views.page_helpers import (
    MY_PAGES,
    REPO,
    SEEDS,
    open_page,
    summary,
)


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
