"""Build a corpus into the cache incrementally: PLAN what changed, then APPLY it shard by shard.

The plan compares the corpus listing with the manifest (size and mtime as a fast pre-check, then the
content hash) and names the files to process, the files gone and the shards to rewrite; it reads but
never writes. Applying it analyses only the changed files, rewrites only their shards and records the
result in the manifest, so an unchanged corpus costs one directory walk.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from components.corpus.readers import CorpusFile, scan_corpus
from components.store.cache_keys import pipeline_version
from components.store.paths import default_cache_dir
from components.store.shards import CacheStore, FileEntry, Manifest, shard_of

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

    def summary(self) -> str:
        return (
            f"{self.files} files: {self.processed} processed, {self.reused} unchanged, "
            f"{self.removed} removed; "
            f"{self.errors} errors; {self.seconds:.2f} s"
        )


@dataclass
class BuildPlan:
    """What a build will do, decided before any file is analysed."""

    manifest: Manifest  # the cache's manifest as found (empty when everything is rebuilt)
    rebuilt_all: bool  # no usable cache: clear it and process every file
    files: int  # files in the corpus
    changed: dict[str, Path] = field(default_factory=dict)  # name -> path: to (re-)process
    removed: list[str] = field(default_factory=list)  # in the manifest, gone from the corpus
    entries: dict[str, FileEntry] = field(default_factory=dict)  # the manifest after the build
    shards: dict[int, list[str]] = field(default_factory=dict)  # shard to rewrite -> its changed files

    @property
    def dropped(self) -> set[str]:
        """Files whose old rows leave their shards."""
        return set(self.changed) | set(self.removed)

    @property
    def writes_manifest(self) -> bool:
        """Nothing changed, nothing written: a read-only cache (a mounted volume) still loads."""
        return bool(self.changed or self.removed or self.rebuilt_all or self.entries != self.manifest.files)


def plan_build(root: Path, store: CacheStore, version: str) -> BuildPlan:
    """Compare the corpus with the manifest: which files are new, changed or removed, which shards change."""
    manifest = store.read_manifest(version)
    rebuilt_all = manifest is None or not store.verify()
    if manifest is None or rebuilt_all:
        manifest = Manifest(version)
    files = scan_corpus(root)
    names = {f.name for f in files}
    plan = BuildPlan(manifest, rebuilt_all, len(names))
    for f in files:
        _plan_file(plan, f)
    plan.removed = [name for name in manifest.files if name not in names]
    by_shard: dict[int, list[str]] = defaultdict(list)
    for name in plan.changed:
        by_shard[shard_of(name)].append(name)
    for name in plan.removed:
        by_shard.setdefault(manifest.files[name].shard, [])
    plan.shards = {shard: sorted(by_shard[shard]) for shard in sorted(by_shard)}
    return plan


def _plan_file(plan: BuildPlan, f: CorpusFile) -> None:
    """Keep the file's entry if size and mtime (or else the content hash) are unchanged; else process it."""
    old = plan.manifest.files.get(f.name)
    if old and old.size == f.size and old.mtime_ns == f.mtime_ns:
        plan.entries[f.name] = old
        return
    path = Path(f.path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        digest = f"unreadable:{exc}"
    else:
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    if old and old.hash == digest:
        plan.entries[f.name] = FileEntry(f.size, f.mtime_ns, digest, old.shard)
        return
    plan.changed[f.name] = path  # read again when its shard is processed: memory stays flat
    plan.entries[f.name] = FileEntry(f.size, f.mtime_ns, digest, shard_of(f.name))


def apply_plan(
    plan: BuildPlan,
    store: CacheStore,
    *,
    geocoder: str | None = None,
    progress: Progress | None = None,
    engine: Engine | None = None,
) -> int:
    """Rewrite the changed shards on `engine` (default: in this process), then write the manifest;
    returns the error rows written."""
    from components.store.engines import SerialEngine, shard_jobs  # the engines import this module

    if plan.rebuilt_all:
        store.clear()
    results = (engine or SerialEngine()).run(shard_jobs(plan, store, geocoder), progress)
    if plan.writes_manifest:
        plan.manifest.files = plan.entries
        store.write_manifest(plan.manifest)
    return sum(r.errors for r in results)


def build(
    corpus_dir: str | Path,
    cache_dir: str | Path | None = None,
    *,
    geocoder: str | None = None,
    progress: Progress | None = None,
    engine: Engine | None = None,
) -> BuildStats:
    """Bring the cache up to date with the corpus; returns what was done."""
    t0 = time.perf_counter()
    root = Path(corpus_dir)
    if not root.exists():
        raise FileNotFoundError(f"corpus folder not found: {root}")
    store = CacheStore(Path(cache_dir) if cache_dir else default_cache_dir(root))
    plan = plan_build(root, store, pipeline_version(geocoder))
    errors = apply_plan(plan, store, geocoder=geocoder, progress=progress, engine=engine)
    return BuildStats(
        files=plan.files,
        processed=len(plan.changed),
        reused=plan.files - len(plan.changed),
        removed=len(plan.removed),
        errors=errors,
        rebuilt_all=plan.rebuilt_all,
        seconds=time.perf_counter() - t0,
    )


def article_id(file: str, row: int | None, explicit: str | None) -> str:
    if explicit:
        return str(explicit)
    stem = file.rsplit(".", 1)[0] if "." in file.rsplit("/", 1)[-1] else file
    return stem if row is None else f"{stem}#{row}"
