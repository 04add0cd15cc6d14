"""Load a built cache back as tables, and the entry point the dashboard calls: build if needed, then load.

Loading also does the two corpus-wide steps a per-file build cannot: article ids made unique across
files, and lines repeated across one outlet's articles marked as boilerplate (cached per cache state).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

import pandas as pd

from components.corpus import repeated_lines as shared_lines
from components.corpus.readers import scan_corpus
from components.files import atomic_write_text
from components.store.building import Progress, build
from components.store.cache_keys import pipeline_version
from components.store.paths import default_cache_dir
from components.store.schema import Corpus, conform
from components.store.shards import CacheStore
from components.store.worker import build_in_worker


def load(cache_dir: str | Path) -> Corpus:
    """Read a built cache into tables, making article ids unique corpus-wide."""
    store = CacheStore(Path(cache_dir))
    arts = store.read_table("articles", sort_by=("file", "row"))
    errors = store.read_table("errors")
    arts, extra_errors, remap = _unique_ids(arts)
    # Mentions and posts carry their source file only in the shards; it is needed only to re-point
    # them at a renamed duplicate, and costs ~25 bytes per mention otherwise.
    mentions = store.read_table("mentions", keep_file=bool(remap))
    posts = store.read_table("posts", keep_file=bool(remap))
    if remap:
        mentions = _remap_ids(mentions, remap).drop(columns="file")
        posts = _remap_ids(posts, remap).drop(columns="file")
        errors = pd.concat([errors, conform("errors", extra_errors)], ignore_index=True)
    arts, mentions = shared_lines.apply(arts, mentions, _repeated_lines(store, arts))
    places = store.read_table("places").drop_duplicates("place_id").sort_values("name").reset_index(drop=True)
    return Corpus(
        articles=arts,
        mentions=mentions,
        places=places,
        posts=posts,
        errors=errors.sort_values("file", kind="stable").reset_index(drop=True),
    )


def _repeated_lines(store: CacheStore, arts: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    """Lines repeated across one outlet's articles, computed once per state of the cache."""
    manifest = store.folder / "manifest.json"
    key = hashlib.blake2b(manifest.read_bytes() if manifest.exists() else b"", digest_size=12).hexdigest()
    path = store.folder / f"repeated-lines-{key}.json"
    if path.exists():
        with contextlib.suppress(OSError, ValueError):
            return {k: [tuple(s) for s in v] for k, v in json.loads(path.read_text(encoding="utf-8")).items()}
    spans = shared_lines.repeated_line_spans(arts)
    with contextlib.suppress(OSError):  # a read-only cache still loads; it just recomputes
        for old in store.folder.glob("repeated-lines-*.json"):
            old.unlink()
        atomic_write_text(path, json.dumps(spans))
    return spans


def _unique_ids(arts: pd.DataFrame) -> tuple[pd.DataFrame, list[dict], dict[tuple[str, str], str]]:
    """Two files claiming one article id: the later one is loaded as 'id~2', and an error says so."""
    n = arts.groupby("article_id", sort=False).cumcount()
    dup = n > 0
    if not dup.any():
        return arts, [], {}
    first_file = arts.drop_duplicates("article_id").set_index("article_id")["file"]
    new_ids = arts["article_id"].where(~dup, arts["article_id"] + "~" + (n + 1).astype("string"))
    errors, remap = [], {}
    for i in arts.index[dup]:
        old, new, file = arts.at[i, "article_id"], new_ids.at[i], arts.at[i, "file"]
        remap[(old, file)] = new
        errors.append(
            {
                "file": file,
                "error": f"duplicate article id {old!r} (also used by {first_file[old]}); loaded as {new!r}",
            }
        )
    return arts.assign(article_id=new_ids), errors, remap


def _remap_ids(frame: pd.DataFrame, remap: dict[tuple[str, str], str]) -> pd.DataFrame:
    keys = list(zip(frame["article_id"], frame["file"], strict=True))
    return frame.assign(
        article_id=pd.Series([remap.get(k, k[0]) for k in keys], index=frame.index, dtype="string")
    )


def load_or_build(
    corpus_dir: str | Path,
    cache_dir: str | Path | None = None,
    *,
    geocoder: str | None = None,
    progress: Progress | None = None,
    separate_process: bool = False,
) -> Corpus:
    """Bring the cache up to date, then load it. With separate_process, the build runs in a worker
    process: a server keeps only the loaded tables (not the gazetteer index and the build's
    working memory) and its other sessions are not slowed by the build holding the GIL."""
    folder = Path(cache_dir) if cache_dir else default_cache_dir(corpus_dir)
    if separate_process:
        if needs_build(corpus_dir, folder, geocoder=geocoder):
            build_in_worker(corpus_dir, folder, geocoder=geocoder, progress=progress)
    else:
        build(corpus_dir, folder, geocoder=geocoder, progress=progress)
    return load(folder)


def needs_build(corpus_dir: str | Path, cache_dir: str | Path, *, geocoder: str | None = None) -> bool:
    """Would `build` do anything? (Manifest of this version, same files with the same sizes and mtimes.)"""
    store = CacheStore(Path(cache_dir))
    manifest = store.read_manifest(pipeline_version(geocoder))
    if manifest is None:
        return True
    files = scan_corpus(Path(corpus_dir))
    if len(files) != len(manifest.files):
        return True
    for f in files:
        old = manifest.files.get(f.name)
        if old is None or old.size != f.size or old.mtime_ns != f.mtime_ns:
            return True
    return not store.verify()
