"""Stories computed once per state of a corpus cache and kept next to it (like the repeated-lines file).

The build itself is untouched: the file's key is the cache's manifest (which changes whenever the build
changes anything) plus a hash of this package's code, so new grouping code never serves old stories.
Beside it, the text evidence of every article (`text_memo`): after a rebuild only the changed
articles' texts are read again. A read-only or missing cache folder still works: the stories are then
just recomputed.
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
from components.stories.text_memo import TextMemo

PREFIX = "stories-"  # stories-<key>.json
MEMO_PREFIX = "stories-text-"  # stories-text-<code key>.parquet: the text evidence of every article


def code_key() -> str:
    """A hash of this package's code: new grouping code never reuses old stories or evidence."""
    return hashlib.blake2b(tree_fingerprint(("stories",)).encode(), digest_size=8).hexdigest()


def cache_key(folder: Path) -> str | None:
    """The key of the cache's current state and of the grouping code (None without a manifest)."""
    manifest = folder / MANIFEST
    try:
        state = manifest.read_bytes()
    except OSError:
        return None
    h = hashlib.blake2b(state, digest_size=12)
    h.update(code_key().encode())
    return h.hexdigest()


def _remove_others(folder: Path, pattern: str, keep: Path) -> None:
    """Remove older files of one kind (a read-only cache is left as it is)."""
    with contextlib.suppress(OSError):
        for old in folder.glob(pattern):
            if old != keep:
                old.unlink()


def stories_for(corpus: Corpus, cache_dir: str | Path | None = None) -> list[Story]:
    """The corpus's stories, read from `cache_dir` when computed before for its current state.

    Otherwise they are grouped, reusing the text evidence of every article whose text is unchanged
    (kept in the same folder), and stored for the next session or process.
    """
    folder = Path(cache_dir) if cache_dir else None
    key = cache_key(folder) if folder else None
    if folder is None or key is None:
        return group_stories(corpus)
    path = folder / f"{PREFIX}{key}.json"
    if path.exists():
        with contextlib.suppress(OSError, ValueError, TypeError):
            return [Story.from_dict(d) for d in json.loads(path.read_text(encoding="utf-8"))]
    memo_path = folder / f"{MEMO_PREFIX}{code_key()}.parquet"
    memo = TextMemo.load(memo_path)
    stories = group_stories(corpus, memo)
    if memo.computed or len(memo.known) != len(memo.used) or not memo_path.exists():
        _remove_others(folder, f"{MEMO_PREFIX}*.parquet", memo_path)
        memo.save(memo_path)
    _remove_others(folder, f"{PREFIX}*.json", path)
    with contextlib.suppress(OSError):  # a read-only cache still loads; it just recomputes
        atomic_write_text(path, json.dumps([s.to_dict() for s in stories], ensure_ascii=False))
    return stories
