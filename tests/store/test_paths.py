"""Cache folders: one per corpus, under a root the environment can move."""

from __future__ import annotations

from components.store import cache_root, default_cache_dir
from components.store.paths import REPO_ROOT


def test_cache_root_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("NEWS_ATLAS_CACHE", raising=False)
    assert cache_root() == REPO_ROOT / "cache"
    monkeypatch.setenv("NEWS_ATLAS_CACHE", str(tmp_path))
    assert cache_root() == tmp_path


def test_two_corpora_with_one_name_never_share_a_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWS_ATLAS_CACHE", str(tmp_path / "cache"))
    one, other = tmp_path / "a" / "news", tmp_path / "b" / "news"
    assert default_cache_dir(one).parent == tmp_path / "cache"
    assert default_cache_dir(one).name.startswith("news-")
    assert default_cache_dir(one) != default_cache_dir(other)
    assert default_cache_dir(one) == default_cache_dir(tmp_path / "a" / "x" / ".." / "news")
