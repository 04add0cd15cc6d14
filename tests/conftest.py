"""Shared fixtures: the seed corpus built once per session into a temporary cache."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture(scope="session")
def gazetteer():
    from components.gazetteer import load_gazetteer
    from components.pipeline import cache_root

    return load_gazetteer(str(cache_root()))


@pytest.fixture(scope="session")
def seed_cache(tmp_path_factory) -> Path:
    from components.pipeline import build

    folder = tmp_path_factory.mktemp("seed-cache")
    build(SEEDS, folder)
    return folder


@pytest.fixture(scope="session")
def seed_corpus(seed_cache):
    from components.pipeline import load

    return load(seed_cache)
