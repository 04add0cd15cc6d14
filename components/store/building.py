"""Build a corpus into the cache incrementally: PLAN what changed, then APPLY it shard by shard.

The plan compares the corpus listing with the manifest (size and mtime as a fast pre-check, then the
content hash) and names the files to process, the files gone and the shards to rewrite; it reads but
never writes. Applying it analyses only the changed files, rewrites only their shards and records the
result in the manifest, so an unchanged corpus costs one directory walk.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from components.corpus.readers import CorpusFile, ReadError, read_file, scan_corpus_report
from components.store.article_rows import analyze_source
from components.store.cache_keys import pipeline_version
from components.store.generations import CacheReadOnly, is_read_only_error
from components.store.paths import default_cache_dir
from components.store.shards import (
    N_SHARDS,
    CacheStore,
    FileEntry,
    GenerationWriter,
    Manifest,
    Snapshot,
    digest,
    shard_of,
)

if TYPE_CHECKING:
    from components.store.engines import Engine

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


@dataclass
class BuildStats:
    files: int = 0
    processed: int = 0
    reused: int = 0
    removed: int = 0
    articles: int = 0
    errors: int = 0
    rebuilt_all: bool = False
    seconds: float = 0.0
    repaired_shards: list[int] = field(default_factory=list)  # damaged shards found and rebuilt
    stale_reason: str | None = None  # set when the cache could not be updated (read-only)

    def summary(self) -> str:
        repaired = (
            f"; {len(self.repaired_shards)} damaged cache shards rebuilt" if self.repaired_shards else ""
        )
        stale = "; cache NOT updated (see the warning)" if self.stale_reason else ""
        return (
            f"{self.files} files: {self.processed} processed, {self.reused} unchanged, "
            f"{self.removed} removed; "
            f"{self.errors} errors{repaired}; {self.seconds:.2f} s{stale}"
        )


@dataclass
class BuildPlan:
    """What a build will do, decided before any file is analysed."""

    manifest: Manifest  # the cache's manifest as found (empty when everything is rebuilt)
    rebuilt_all: bool  # no usable cache: process every file
    files: int  # files in the corpus
    changed: dict[str, Path] = field(default_factory=dict)  # name -> path: to (re-)process
    removed: list[str] = field(default_factory=list)  # in the manifest, gone from the corpus
    entries: dict[str, FileEntry] = field(default_factory=dict)  # the manifest after the build
    shards: dict[int, list[str]] = field(default_factory=dict)  # shard to rewrite -> its changed files
    damaged: set[int] = field(default_factory=set)  # shards whose cached bytes are lost: rebuilt whole
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name, reason) the scan left out

    @property
    def dropped(self) -> set[str]:
        """Files whose old rows leave their shards."""
        return set(self.changed) | set(self.removed)

    @property
    def writes_manifest(self) -> bool:
        """Nothing changed, nothing written: a read-only cache (a mounted volume) still loads."""
        return bool(
            self.changed
            or self.removed
            or self.rebuilt_all
            or self.damaged
            or self.entries != self.manifest.files
            or self.skipped != self.manifest.skipped
        )


def plan_build(
    root: Path,
    store: CacheStore,
    version: str,
    follow_symlinks: bool | None = None,
    base: Snapshot | None = None,
) -> BuildPlan:
    """Compare the corpus with the manifest: which files are new, changed or removed, which shards change
    (a damaged shard is rebuilt from all its files). `base`: the live generation, if already held."""
    with contextlib.nullcontext(base) if base is not None else store.snapshot() as snap:
        manifest = snap.manifest if snap.manifest and snap.manifest.version == version else None
        damaged = snap.damaged_shards() if manifest else set()
    rebuilt_all = manifest is None
    manifest = manifest or Manifest(version)
    scan = scan_corpus_report(root, follow_symlinks)
    plan = BuildPlan(manifest, rebuilt_all, len(scan.files), damaged=damaged)
    plan.skipped = [(s.name, s.reason) for s in scan.skipped]
    for f in scan.files:
        _plan_file(plan, f)
    names = {f.name for f in scan.files}
    plan.removed = [name for name in manifest.files if name not in names]
    by_shard: dict[int, list[str]] = defaultdict(list)
    for name in plan.changed:
        by_shard[shard_of(name)].append(name)
    for name in plan.removed:
        by_shard.setdefault(manifest.files[name].shard, [])
    for shard in damaged:
        by_shard.setdefault(shard, [])
    plan.shards = {shard: sorted(by_shard[shard]) for shard in sorted(by_shard)}
    return plan


def _plan_file(plan: BuildPlan, f: CorpusFile) -> None:
    """Keep the file's entry if size and mtime (or else the content hash) are unchanged; else process it.
    Every file of a damaged shard is processed again."""
    old = plan.manifest.files.get(f.name)
    if old and old.shard in plan.damaged:
        plan.changed[f.name] = Path(f.path)
        plan.entries[f.name] = old
        return
    if old and old.size == f.size and old.mtime_ns == f.mtime_ns:
        plan.entries[f.name] = old
        return
    path = Path(f.path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        hashed = f"unreadable:{exc}"
    else:
        hashed = digest(data)
    if old and old.hash == hashed:
        plan.entries[f.name] = FileEntry(f.size, f.mtime_ns, hashed, old.shard)
        return
    plan.changed[f.name] = path  # read again (once) when its shard is processed: memory stays flat
    plan.entries[f.name] = FileEntry(f.size, f.mtime_ns, hashed, shard_of(f.name))


@dataclass
class ShardResult:
    """What processing one shard's files produced: rows per table, and each file's entry as read."""

    rows: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    entries: dict[str, FileEntry] = field(default_factory=dict)
    errors: int = 0


def process_shard(
    files: dict[str, Path], g, geocoder=None, on_file: Callable[[str], None] | None = None
) -> ShardResult:
    """Analyse one shard's changed files (name -> path) into table rows. Pure with respect to the cache:
    the unit of work a parallel engine can run anywhere."""
    out = ShardResult()
    for name, path in files.items():
        entry, errors = _process_file(path, name, g, out.rows, geocoder)
        out.entries[name] = entry
        out.errors += errors
        if on_file:
            on_file(name)
    return out


def apply_plan(
    plan: BuildPlan,
    writer: GenerationWriter,
    *,
    geocoder: str | None = None,
    progress: Progress | None = None,
    engine: Engine | None = None,
) -> int:
    """Rewrite the planned shards into a new generation on `engine` (default: in this process), link the
    unchanged shards, commit the manifest; returns the error rows written."""
    from components.store.engines import SerialEngine, shard_jobs  # the engines import this module

    if not plan.rebuilt_all:
        for shard in range(N_SHARDS):
            if shard not in plan.shards:
                writer.keep_shard(shard)
    errors = 0
    for result in (engine or SerialEngine()).run(shard_jobs(plan, writer, geocoder), progress):
        plan.entries.update(result.entries)
        writer.shards.update(result.hashes)
        errors += result.errors
    plan.manifest.files = plan.entries
    plan.manifest.skipped = plan.skipped
    writer.commit(plan.manifest)
    return errors


def build(
    corpus_dir: str | Path,
    cache_dir: str | Path | None = None,
    *,
    geocoder: str | None = None,
    progress: Progress | None = None,
    follow_symlinks: bool | None = None,
    engine: Engine | None = None,
) -> BuildStats:
    """Bring the cache up to date with the corpus; returns what was done. Never raises for a damaged
    cache (it is repaired) or a read-only one (`stale_reason` says the last good cache is served)."""
    t0 = time.perf_counter()
    root = Path(corpus_dir)
    if not root.exists():
        raise FileNotFoundError(f"corpus folder not found: {root}")
    store = CacheStore(Path(cache_dir) if cache_dir else default_cache_dir(root))
    version = pipeline_version(geocoder)
    stats = BuildStats()
    try:
        with store.writing() as writer:  # one build at a time: a second one waits, then finds little to do
            plan = plan_build(root, store, version, follow_symlinks, base=writer.base)
            if plan.writes_manifest:
                stats.errors = apply_plan(plan, writer, geocoder=geocoder, progress=progress, engine=engine)
    except OSError as exc:  # CacheReadOnly is one: the folder or its lock cannot be written
        if not (isinstance(exc, CacheReadOnly) or is_read_only_error(exc)):
            raise
        plan = plan_build(root, store, version, follow_symlinks)
        if plan.writes_manifest:
            stats.stale_reason = (
                f"cache {store.folder} cannot be updated ({exc.strerror or exc}); the corpus changed, "
                "serving the last good cache"
            )
    if stats.stale_reason:  # info: the CLI prints it as its one warning line, the dashboard as a notice
        log.info("%s", stats.stale_reason)
    if plan.damaged and not stats.stale_reason:
        log.warning("rebuilt %d damaged cache shard(s): %s", len(plan.damaged), sorted(plan.damaged))
    stats.files, stats.processed = plan.files, len(plan.changed)
    stats.reused, stats.removed = plan.files - len(plan.changed), len(plan.removed)
    stats.rebuilt_all, stats.repaired_shards = plan.rebuilt_all, sorted(plan.damaged)
    stats.seconds = time.perf_counter() - t0
    return stats


def article_id(file: str, row: int | None, explicit: str | None) -> str:
    if explicit:
        return str(explicit)
    stem = file.rsplit(".", 1)[0] if "." in file.rsplit("/", 1)[-1] else file
    return stem if row is None else f"{stem}#{row}"


def without_files(table: pa.Table, files: set[str] | frozenset[str]) -> pa.Table:
    """The table less the rows of `files` (changed or removed files leave their shards)."""
    if not files or not table.num_rows:
        return table
    return table.filter(pc.invert(pc.is_in(table["file"], value_set=pa.array(sorted(files), pa.string()))))


def _read_once(path: Path, name: str) -> tuple[bytes | None, FileEntry]:
    """The file's bytes with the entry describing exactly those bytes (size, mtime and hash of one read),
    so a file replaced while the build runs is never recorded with another version's analysis."""
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            data = fh.read()
    except OSError as exc:
        return None, FileEntry(0, 0, f"unreadable:{exc}", shard_of(name))
    return data, FileEntry(len(data), st.st_mtime_ns, digest(data), shard_of(name))


def _error(name: str, row: int | None, reason: str) -> dict:
    """An errors-table row: file, row (None for a whole file), reason, and the combined readable line."""
    return {"file": name, "row": row, "reason": reason, "error": f"row {row}: {reason}" if row else reason}


def _process_file(
    path: Path, name: str, g, rows: dict[str, list[dict]], geocoder=None
) -> tuple[FileEntry, int]:
    """Analyze one file into table rows; every problem becomes an error row naming the file.
    Returns the file's entry (of the bytes analysed) and how many errors the file produced."""
    before = len(rows["errors"])
    data, entry = _read_once(path, name)
    if data is None:
        rows["errors"].append(_error(name, None, f"cannot be read: {entry.hash.removeprefix('unreadable:')}"))
        return entry, 1
    seen_ids: set[str] = set()
    for item in read_file(path, name, data):
        if isinstance(item, ReadError):
            rows["errors"].append(_error(name, item.row, item.error))
            continue
        try:
            res = analyze_source(item, g, geocoder)
        except Exception as exc:  # one broken article must never stop the others
            log.exception("failed to analyze %s", name)
            rows["errors"].append(_error(name, item.row, f"analysis failed: {exc!r}"))
            continue
        aid = article_id(name, item.row, res.explicit_id)
        if aid in seen_ids:
            reason = f"duplicate article id {aid!r} in the same file; loaded as {aid}#{item.row}"
            rows["errors"].append(_error(name, item.row, reason))
            aid = f"{aid}#{item.row}"
        seen_ids.add(aid)
        res.article["article_id"] = aid
        res.article["file"] = name
        rows["articles"].append(res.article)
        for m in res.mentions:
            m["article_id"] = aid
            m["file"] = name
        rows["mentions"].extend(res.mentions)
        for p in res.posts:
            p["article_id"] = aid
            p["file"] = name
        rows["posts"].extend(res.posts)
        for p in res.places.values():
            rows["places"].append({**p, "file": name})
        for w in res.warnings:
            rows["errors"].append(_error(name, item.row, w))
    return entry, len(rows["errors"]) - before
