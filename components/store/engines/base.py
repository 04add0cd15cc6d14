"""The unit of a build: one shard rewritten from its unchanged rows plus its changed files' rows.

A `ShardJob` names everything a worker needs as plain strings (paths, not data), so it pickles in a few
hundred bytes and can travel in a Dask task graph; the gazetteer never travels, each worker process loads
it once (`load_gazetteer` is cached per process). The worker reads the shard's old rows from the live
generation (held open by the parent for the whole build) and writes the new shard into the generation
being built: only a `ShardResult` (counts, the files' manifest entries, the shards' hashes) comes back,
never the rows, so the parent's memory stays flat and readers never see a half-written cache.
"""

from __future__ import annotations

import logging
import resource
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pyarrow as pa

from components.places.gazetteer_index import load_gazetteer
from components.places.geocoders import get_geocoder
from components.store.building import Progress, process_shard, without_files
from components.store.paths import cache_root
from components.store.shards import (
    SHARDED,
    FileEntry,
    GenerationWriter,
    Snapshot,
    arrow_schema,
    shard_key,
    write_shard_file,
)

if TYPE_CHECKING:
    from components.places.gazetteer import Gazetteer
    from components.places.geocoders import OnlineGeocoder
    from components.store.building import BuildPlan

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ShardJob:
    """One shard to rewrite; absolute paths, so a worker with another working directory finds them."""

    shard: int
    files: tuple[tuple[str, str], ...]  # (name in the corpus, absolute path) of the files to analyse
    dropped: frozenset[str]  # files whose old rows leave this shard (changed or removed)
    base: str | None  # the live generation holding the shard's old rows; None: start empty (new, damaged)
    target: str  # the generation being built, where the new shard is written
    gazetteer_dir: str  # the folder holding the pickled gazetteer index
    geocoder: str | None = None  # an online geocoder: runs in one process only (rate limit, one cache)


@dataclass(frozen=True)
class ShardResult:
    """What a worker reports back: counts, the entries of the files as read, the written shards' hashes."""

    shard: int
    files: int
    errors: int
    last: str  # the last file analysed, for the progress bar
    seconds: float
    peak_mb: float  # the worker process's peak RSS so far (shared gazetteer pages included)
    entries: dict[str, FileEntry] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)  # shard key -> content hash, for the manifest


class Engine(Protocol):
    """Runs `run_shard` over jobs and reports completed files to `progress(done, total, name)`."""

    def run(self, jobs: list[ShardJob], progress: Progress | None = None) -> list[ShardResult]: ...


def shard_jobs(plan: BuildPlan, writer: GenerationWriter, geocoder: str | None = None) -> list[ShardJob]:
    """The plan's shards as jobs, in shard order: read from the writer's base, written to its generation."""
    dropped: dict[int, set[str]] = {shard: set(names) for shard, names in plan.shards.items()}
    for name in plan.removed:
        dropped.setdefault(plan.manifest.files[name].shard, set()).add(name)
    live = writer.base.folder
    base = None if plan.rebuilt_all or live is None else str(Path(live).resolve())
    target = str(Path(writer.gen).resolve())
    gaz = str(cache_root())
    return [
        ShardJob(
            shard=shard,
            files=tuple((name, str(Path(plan.changed[name]).resolve())) for name in names),
            dropped=frozenset(dropped.get(shard, ())),
            base=None if shard in plan.damaged else base,
            target=target,
            gazetteer_dir=gaz,
            geocoder=geocoder,
        )
        for shard, names in plan.shards.items()
    ]


def run_shard(
    job: ShardJob,
    geo: OnlineGeocoder | None = None,
    on_file: Callable[[str], None] | None = None,
) -> ShardResult:
    """Rewrite one shard: its old rows less those of changed and removed files, plus the changed files'
    rows. The same function on every engine, so every engine writes the same bytes."""
    t0 = time.perf_counter()
    g: Gazetteer | None = load_gazetteer(job.gazetteer_dir) if job.files else None
    old = Snapshot(Path(job.base)) if job.base else None
    result = process_shard({name: Path(path) for name, path in job.files}, g, geo, on_file)
    hashes = {}
    for table in SHARDED:
        kept = old.read_shard_arrow(table, job.shard) if old else arrow_schema(table).empty_table()
        kept = without_files(kept, job.dropped)
        new = result.rows.get(table)
        data = (
            pa.concat_tables([kept, pa.Table.from_pylist(new, schema=arrow_schema(table))]) if new else kept
        )
        hashes[shard_key(table, job.shard)] = write_shard_file(Path(job.target), table, job.shard, data)
    return ShardResult(
        shard=job.shard,
        files=len(job.files),
        errors=result.errors,
        last=job.files[-1][0] if job.files else "",
        seconds=time.perf_counter() - t0,
        peak_mb=peak_rss_mb(),
        entries=result.entries,
        hashes=hashes,
    )


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB (ru_maxrss is KB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def collect(
    completed: Iterable[ShardResult], total: int, progress: Progress | None = None
) -> list[ShardResult]:
    """Results as shards finish (any engine's completion order), reported to `progress` as files done;
    returned in shard order."""
    results: list[ShardResult] = []
    done = 0
    for res in completed:
        results.append(res)
        done += res.files
        if progress and res.files:
            progress(done, total, res.last)
    return sorted(results, key=lambda r: r.shard)


class SerialEngine:
    """Every shard in this process, one after the other: the library default, and the only engine for an
    online geocoder (one rate limiter and one geocoder cache for the whole build)."""

    def run(self, jobs: list[ShardJob], progress: Progress | None = None) -> list[ShardResult]:
        total = sum(len(j.files) for j in jobs)
        names = {j.geocoder for j in jobs if j.files} - {None}
        geo = get_geocoder(names.pop(), cache_root()) if names else None
        done = 0

        def on_file(name: str) -> None:
            nonlocal done
            done += 1
            if progress:
                progress(done, total, name)

        results = [run_shard(job, geo, on_file) for job in jobs]
        if geo is not None:
            geo.save()
        return results
