"""Fixtures of the page tests: a corpus holding one hostile article (XSS probes in title and text)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from components.store import load_or_build
from components.store.schema import Corpus
from components.views.app_state import use_corpus
from tests.views.page_helpers import PROBES


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
