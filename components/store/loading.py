"""Load a built cache back as tables, and the entry point the dashboard calls: build if needed, then load.

Loading also does the two corpus-wide steps a per-file build cannot: article ids made unique across
files, and lines repeated across one outlet's articles marked as boilerplate (cached per cache state).
"""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from components.corpus import repeated_lines as shared_lines
from components.corpus.readers import scan_corpus_report
from components.files import atomic_write_text
from components.store import generations as gens
from components.store import loaded_state
from components.store import mapped_text as mapped
from components.store.building import Progress, build
from components.store.cache_keys import pipeline_version
from components.store.parts import ORDER, read_parts
from components.store.paths import default_cache_dir
from components.store.schema import ARTICLE_COLUMNS, MENTION_COLUMNS, Corpus, conform
from components.store.shards import CacheStore, Snapshot
from components.store.worker import build_in_worker

REPEATED_LINES = "repeated-lines.json"


def load(cache_dir: str | Path) -> Corpus:
    """Read the live generation of a built cache into tables, making article ids unique corpus-wide.
    A damaged shard is skipped (its files listed in the errors, `stale_reason` set), never fatal.
    A generation loaded before is mapped from the files that load saved (`loaded_state`)."""
    with gens.reading(Path(cache_dir)) as gen:
        saved = loaded_state.try_open(gen)
    if saved is not None:
        return saved
    with CacheStore(Path(cache_dir)).snapshot() as snap:
        corpus = load_snapshot(snap)
    return corpus


def load_snapshot(snap: Snapshot) -> Corpus:
    """The generation's tables, saved for the next load of this generation when nothing was damaged."""
    corpus, files = _load_tables(snap)
    # Saved as flat columns even when not for later loads (a private folder): one-chunk columns take fast.
    keep = files.persistent and not snap.damaged and snap.folder is not None
    with contextlib.suppress(OSError):
        stamp = loaded_state.generation_stamp(snap.folder) if keep else None
        loaded_state.save(files.folder, corpus, stamp)
        saved = loaded_state.open_saved(files.folder, stamp)
        if saved is not None:
            for name in (mapped.TEXT_FILE, mapped.NUMBERS_FILE):  # now inside the saved tables
                (files.folder / name).unlink(missing_ok=True)
            if keep:
                loaded_state.publish(files.folder, snap.folder)
            elif files.persistent:  # a damaged generation's load is not kept: mapped, its files can go
                shutil.rmtree(files.folder, ignore_errors=True)
            saved.stale_reason, saved.hold = corpus.stale_reason, files.hold
            return saved
    return corpus


def _load_tables(snap: Snapshot) -> tuple[mapped.MappedCorpus, mapped.MappedFiles]:
    """The generation's tables. Long text and per-mention numbers are memory-mapped (`mapped_text`):
    in memory stay the short per-article columns and the mentions' repeated strings as categoricals."""
    short = [c for c in ARTICLE_COLUMNS if c not in mapped.ARTICLE_TEXT]
    arts, art_shards = read_parts(snap, "articles", short, order_column=True)
    arts = arts.sort_values(["file", "row"], kind="stable", na_position="last").reset_index(drop=True)
    order = arts.pop(ORDER).to_numpy(dtype=np.int64)
    errors = snap.read_table("errors")
    arts, extra_errors, remap = _unique_ids(arts)
    # Mentions and posts carry their source file only in the shards; it is needed only to re-point
    # them at a renamed duplicate, and costs ~25 bytes per mention otherwise.
    in_memory = [c for c in MENTION_COLUMNS if c not in mapped.MENTION_MAPPED] + ["start"]
    mentions, mention_shards = read_parts(snap, "mentions", in_memory + (["file"] if remap else []))
    posts = snap.read_table("posts", keep_file=bool(remap))
    if remap:
        mentions = _remap_ids(mentions, remap).drop(columns="file")
        posts = _remap_ids(posts, remap).drop(columns="file")
    files = mapped.mapped_files(snap)
    text, spans, search = mapped.article_text(
        snap,
        files,
        art_shards,
        arts[["article_id", "file", "outlet", "title"]],
        order,
        _cached_repeated_lines(snap),
        lambda frame: _repeated_lines(snap, frame),
    )
    kept = _outside(mentions, spans)
    if kept is not None:
        mentions = mentions[kept].reset_index(drop=True)
    numbers = mapped.mention_columns(snap, files, mention_shards, kept)
    arts = arts.assign(**{c: mapped.as_series(text[c]) for c in mapped.ARTICLE_TEXT})[list(ARTICLE_COLUMNS)]
    mentions = mentions.drop(columns="start").assign(
        **{c: mapped.as_series(numbers[c]) for c in mapped.MENTION_MAPPED}
    )[list(MENTION_COLUMNS)]
    places = snap.read_table("places").drop_duplicates("place_id").sort_values("name").reset_index(drop=True)
    extra_errors += _skipped_and_damaged(snap)
    if extra_errors:
        errors = pd.concat([errors, conform("errors", extra_errors)], ignore_index=True)
    stale = None
    if snap.damaged:
        stale = (
            f"{len(snap.damaged)} damaged cache file(s) skipped ({', '.join(sorted(snap.damaged))}); "
            "their articles are missing until the next build repairs them"
        )
    corpus = mapped.MappedCorpus(
        articles=arts,
        mentions=mentions,
        places=places,
        posts=posts,
        errors=errors.sort_values("file", kind="stable").reset_index(drop=True),
        stale_reason=stale,
        search=search,
        hold=files.hold,
    )
    return corpus, files


def _outside(mentions: pd.DataFrame, spans: dict[str, list[tuple[int, int]]]) -> np.ndarray | None:
    """Mask of the mentions outside the repeated lines (None: all are), vectorised: a mention's start is
    looked up among its article's spans sorted by (article, start)."""
    if not spans or mentions.empty:
        return None
    ids = mentions["article_id"].astype("category")
    owners = list(spans)
    lengths = np.fromiter((len(spans[a]) for a in owners), dtype=np.int64, count=len(owners))
    code_of = pd.Index(ids.cat.categories.astype(str)).get_indexer(owners)
    flat = np.array([span for a in owners for span in spans[a]], dtype=np.int64).reshape(-1, 2)
    span_article = np.repeat(code_of, lengths)
    known = span_article >= 0
    if not known.any():
        return None
    big = np.int64(2**32)
    keys = span_article[known].astype(np.int64) * big + flat[known, 0]
    by_key = np.argsort(keys, kind="stable")
    keys, ends = keys[by_key], flat[known, 1][by_key]
    codes = ids.cat.codes.to_numpy(dtype=np.int64)
    start = mentions["start"].to_numpy(dtype=np.int64, na_value=-1)
    at = np.searchsorted(keys, codes * big + start, side="right") - 1
    hit = np.maximum(at, 0)
    inside = (at >= 0) & (codes >= 0) & (start >= 0) & (keys[hit] // big == codes) & (start < ends[hit])
    return ~inside if inside.any() else None


def _skipped_and_damaged(snap: Snapshot) -> list[dict]:
    """Error rows for the corpus entries the scan left out and the cache shards that could not be read."""
    out = [{"file": n, "reason": r, "error": r} for n, r in (snap.manifest.skipped if snap.manifest else [])]
    for key in sorted(snap.damaged):
        reason = "cache file damaged; its articles are missing until the next build repairs it"
        out.append({"file": f"(cache) {key}", "reason": reason, "error": reason})
    return out


def _cached_repeated_lines(snap: Snapshot) -> dict[str, list[tuple[int, int]]] | None:
    """The generation's repeated lines as an earlier load found them, None if not (yet) known."""
    if snap.folder is None:
        return None
    path = snap.folder / REPEATED_LINES
    if path.exists():
        with contextlib.suppress(OSError, ValueError):
            return {k: [tuple(s) for s in v] for k, v in json.loads(path.read_text(encoding="utf-8")).items()}
    return None


def _repeated_lines(snap: Snapshot, arts: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    """Lines repeated across one outlet's articles, computed once per generation of the cache."""
    cached = _cached_repeated_lines(snap)
    if cached is not None:
        return cached
    spans = shared_lines.repeated_line_spans(arts)
    if snap.folder is not None and not snap.damaged:  # a partial load must not be remembered as the answer
        with contextlib.suppress(OSError):  # a read-only cache still loads; it just recomputes
            atomic_write_text(snap.folder / REPEATED_LINES, json.dumps(spans))
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
                "reason": (
                    reason
                    := f"duplicate article id {old!r} (also used by {first_file[old]}); loaded as {new!r}"
                ),
                "error": reason,
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
    follow_symlinks: bool | None = None,
) -> Corpus:
    """Bring the cache up to date, then load it. With separate_process, the build runs in a worker
    process: a server keeps only the loaded tables (not the gazetteer index and the build's
    working memory) and its other sessions are not slowed by the build holding the GIL.
    A cache that cannot be updated still loads: `Corpus.stale_reason` says why it may be out of date."""
    folder = Path(cache_dir) if cache_dir else default_cache_dir(corpus_dir)
    stale = None
    if separate_process:
        if needs_build(corpus_dir, folder, geocoder=geocoder, follow_symlinks=follow_symlinks):
            stale = build_in_worker(
                corpus_dir, folder, geocoder=geocoder, progress=progress, follow_symlinks=follow_symlinks
            )
    else:
        stats = build(
            corpus_dir, folder, geocoder=geocoder, progress=progress, follow_symlinks=follow_symlinks
        )
        stale = stats.stale_reason
    corpus = load(folder)
    corpus.stale_reason = "; ".join(filter(None, [stale, corpus.stale_reason])) or None
    return corpus


def needs_build(
    corpus_dir: str | Path,
    cache_dir: str | Path,
    *,
    geocoder: str | None = None,
    follow_symlinks: bool | None = None,
) -> bool:
    """Would `build` do anything? (Manifest of this version, same files with the same sizes and mtimes,
    the same entries left out, every shard intact: hashed, unless a saved load of this generation
    verified them and no shard file's size or mtime has changed since.)"""
    with CacheStore(Path(cache_dir)).snapshot() as snap:
        manifest = snap.manifest
        if manifest is None or manifest.version != pipeline_version(geocoder):
            return True
        scan = scan_corpus_report(Path(corpus_dir), follow_symlinks)
        if len(scan.files) != len(manifest.files):
            return True
        if [(s.name, s.reason) for s in scan.skipped] != manifest.skipped:
            return True
        for f in scan.files:
            old = manifest.files.get(f.name)
            if old is None or old.size != f.size or old.mtime_ns != f.mtime_ns:
                return True
        if snap.folder is not None and loaded_state.verified(snap.folder):
            return False  # shards unchanged since a load verified every one of them
        return bool(snap.damaged_shards())
