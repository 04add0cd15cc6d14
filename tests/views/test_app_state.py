"""Where the dashboard takes its corpus from: command line, then environment, then seeds/."""

from __future__ import annotations

from pathlib import Path


def test_corpus_source_from_cli_and_env(tmp_path):
    from components.views.app_state import DEFAULT_CORPUS, corpus_source

    assert corpus_source([], {}).corpus_dir == DEFAULT_CORPUS
    src = corpus_source(["--corpus", str(tmp_path), "--synthetic", "12"], {"NEWS_ATLAS_CORPUS": "/x"})
    assert src.corpus_dir == tmp_path and src.synthetic == 12
    env = {"NEWS_ATLAS_CORPUS": str(tmp_path), "NEWS_ATLAS_CACHE_DIR": "/c", "NEWS_ATLAS_SYNTHETIC": "nope"}
    src = corpus_source(["--synthetic", "x"], env)  # a malformed flag is ignored, not fatal
    assert src.corpus_dir == tmp_path and src.cache_dir == Path("/c") and src.synthetic is None


def test_a_stale_cache_is_served_with_a_notice(seed_cache):
    """A cache that could not be updated (read-only, damaged) still shows its data, and says so."""
    import dataclasses

    from components.store import load
    from components.views.app_state import use_corpus
    from tests.views.page_helpers import open_page, summary

    corpus = dataclasses.replace(load(seed_cache), stale_reason="cache /c cannot be updated (read-only)")
    use_corpus(corpus, key="stale-apptest")
    try:
        at = open_page("map")
        assert summary(at).startswith("5 articles")
        warnings = [w.value for w in at.warning]
        assert any("may be out of date" in w and "read-only" in w for w in warnings), warnings
        at = open_page("map", ui="nl")
        assert any("mogelijk niet actueel" in w.value for w in at.warning)
    finally:
        use_corpus(None)
