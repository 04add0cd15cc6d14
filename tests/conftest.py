"""Shared fixtures: the seed corpus built once per session into a temporary cache."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture(scope="session")
def gazetteer():
    from components.places.gazetteer_index import load_gazetteer
    from components.store import cache_root

    return load_gazetteer(str(cache_root()))


@pytest.fixture(scope="session")
def seed_cache(tmp_path_factory) -> Path:
    from components.store import build

    folder = tmp_path_factory.mktemp("seed-cache")
    build(SEEDS, folder)
    return folder


@pytest.fixture(scope="session")
def seed_corpus(seed_cache):
    from components.store import load

    return load(seed_cache)


@pytest.fixture(scope="module")
def seeds(seed_cache):
    """The seed corpus, handed to the dashboard pages under AppTest (app_state.use_corpus)."""
    from components.store import load_or_build
    from components.views.app_state import use_corpus

    corpus = load_or_build(SEEDS, seed_cache)
    use_corpus(corpus, key="seeds-apptest")
    yield corpus
    use_corpus(None)
