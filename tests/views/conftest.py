"""Fixtures of the page tests: a corpus holding one hostile article (XSS probes in title and text)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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


MESSY = Path(__file__).resolve().parents[1] / "fixtures" / "messy_corpus"


@pytest.fixture(scope="module")
def messy(tmp_path_factory) -> Iterator[Corpus]:
    """tests/fixtures/messy_corpus: nl/en/de as txt, HTML, JSONL and CSV; undated articles, broken rows,
    and village names no gazetteer knows (het dorp Klisjtsjiivka, the village of Qwertyville ...)."""
    corpus = load_or_build(MESSY, tmp_path_factory.mktemp("messy-cache"))
    use_corpus(corpus, key="messy-apptest")
    yield corpus
    use_corpus(None)
