"""Where caches live: one folder per corpus under a cache root that the environment can move."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def cache_root() -> Path:
    """Where caches live: $NEWS_ATLAS_CACHE, else the project's cache/ folder."""
    return Path(os.environ.get("NEWS_ATLAS_CACHE") or REPO_ROOT / "cache")


def default_cache_dir(corpus_dir: str | Path) -> Path:
    """<cache root>/<corpus name>-<hash of its absolute path>, so two corpora never share a cache."""
    root = Path(corpus_dir).resolve()
    digest = hashlib.blake2b(str(root).encode(), digest_size=4).hexdigest()
    return cache_root() / f"{root.name or 'corpus'}-{digest}"
