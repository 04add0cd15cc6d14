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
