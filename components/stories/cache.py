"""Stories computed once per state of a corpus cache and kept next to it (like the repeated-lines file).

The build itself is untouched: the file's key is the cache's manifest (which changes whenever the build
changes anything) plus a hash of this package's code, so new grouping code never serves old stories.
A read-only or missing cache folder still works: the stories are then just recomputed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

from components.files import atomic_write_text
from components.fingerprint import tree_fingerprint
from components.store.schema import Corpus
from components.store.shards import MANIFEST
from components.stories.stories import Story, group_stories

PREFIX = "stories-"


def cache_key(folder: Path) -> str | None:
    """The key of the cache's current state and of the grouping code (None without a manifest)."""
    manifest = folder / MANIFEST
    try:
        state = manifest.read_bytes()
    except OSError:
        return None
    h = hashlib.blake2b(state, digest_size=12)
    h.update(tree_fingerprint(("stories",)).encode())
    return h.hexdigest()


def stories_for(corpus: Corpus, cache_dir: str | Path | None = None) -> list[Story]:
    """The corpus's stories, read from `cache_dir` when computed before for its current state."""
    folder = Path(cache_dir) if cache_dir else None
    key = cache_key(folder) if folder else None
    if folder is None or key is None:
        return group_stories(corpus)
    path = folder / f"{PREFIX}{key}.json"
    if path.exists():
        with contextlib.suppress(OSError, ValueError, TypeError):
            return [Story.from_dict(d) for d in json.loads(path.read_text(encoding="utf-8"))]
    stories = group_stories(corpus)
    with contextlib.suppress(OSError):  # a read-only cache still loads; it just recomputes
        for old in folder.glob(f"{PREFIX}*.json"):
            old.unlink()
        atomic_write_text(path, json.dumps([s.to_dict() for s in stories], ensure_ascii=False))
    return stories
