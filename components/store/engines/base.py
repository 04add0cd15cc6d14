"""The unit of a build: one shard rewritten from its unchanged rows plus its changed files' rows.

A `ShardJob` names everything a worker needs as plain strings (paths, not data), so it pickles in a few
hundred bytes and can travel in a Dask task graph; the gazetteer never travels, each worker process loads
it once (`load_gazetteer` is cached per process). The worker writes the shard itself: only a
`ShardResult` (counts) comes back, never the rows, so the parent's memory stays flat.
"""

from __future__ import annotations

import logging
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pyarrow as pa
import pyarrow.compute as pc

from components.corpus.readers import ReadError, read_file
from components.places.gazetteer_index import load_gazetteer
from components.places.geocoders import get_geocoder
from components.store.article_rows import analyze_source
from components.store.building import Progress, article_id
from components.store.paths import cache_root
from components.store.shards import SHARDED, CacheStore, arrow_schema

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
    cache: str  # the cache folder (CacheStore) the shard is read from and written to
    gazetteer_dir: str  # the folder holding the pickled gazetteer index
    geocoder: str | None = None  # an online geocoder: runs in one process only (rate limit, one cache)


@dataclass(frozen=True)
class ShardResult:
    """What a worker reports back: counts, never rows."""

    shard: int
    files: int
    errors: int
    last: str  # the last file analysed, for the progress bar
    seconds: float
    peak_mb: float  # the worker process's peak RSS so far (shared gazetteer pages included)


class Engine(Protocol):
    """Runs `run_shard` over jobs and reports completed files to `progress(done, total, name)`."""

    def run(self, jobs: list[ShardJob], progress: Progress | None = None) -> list[ShardResult]: ...


def shard_jobs(plan: BuildPlan, store: CacheStore, geocoder: str | None = None) -> list[ShardJob]:
    """The plan's shards as jobs, in shard order."""
    dropped: dict[int, set[str]] = defaultdict(set)
    for shard, names in plan.shards.items():
        dropped[shard].update(names)
    for name in plan.removed:
        dropped[plan.manifest.files[name].shard].add(name)
    folder = str(Path(store.folder).resolve())
    gaz = str(cache_root())
    return [
        ShardJob(
            shard=shard,
            files=tuple((name, str(Path(plan.changed[name]).resolve())) for name in names),
            dropped=frozenset(dropped[shard]),
            cache=folder,
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
    """Rewrite one shard: read it, drop the rows of changed and removed files, analyse the changed files,
    write it back. The same function on every engine, so every engine writes the same bytes."""
    t0 = time.perf_counter()
    store = CacheStore(Path(job.cache))
    g: Gazetteer | None = load_gazetteer(job.gazetteer_dir) if job.files else None
    frames = {t: _without(store.read_shard_arrow(t, job.shard), set(job.dropped)) for t in SHARDED}
    rows: dict[str, list[dict]] = defaultdict(list)
    errors = 0
    for name, path in job.files:
        errors += _process_file(Path(path), name, g, rows, geo)
        if on_file:
            on_file(name)
    _write_shard(store, job.shard, frames, rows)
    return ShardResult(
        shard=job.shard,
        files=len(job.files),
        errors=errors,
        last=job.files[-1][0] if job.files else "",
        seconds=time.perf_counter() - t0,
        peak_mb=peak_rss_mb(),
    )


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB (ru_maxrss is KB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


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


def _without(table: pa.Table, files: set[str]) -> pa.Table:
    if not files or not table.num_rows:
        return table
    return table.filter(pc.invert(pc.is_in(table["file"], value_set=pa.array(sorted(files), pa.string()))))


def _process_file(path: Path, name: str, g, rows: dict[str, list[dict]], geocoder=None) -> int:
    """Analyze one file into table rows; every problem becomes an error row naming the file.
    Returns how many errors the file produced."""
    before = len(rows["errors"])
    seen_ids: set[str] = set()
    for item in read_file(path, name):
        if isinstance(item, ReadError):
            rows["errors"].append({"file": name, "error": _located(item.file, name) + item.error})
            continue
        try:
            res = analyze_source(item, g, geocoder)
        except Exception as exc:  # one broken article must never stop the others
            log.exception("failed to analyze %s", name)
            where = f"{name}:{item.row}" if item.row is not None else name
            rows["errors"].append(
                {"file": name, "error": _located(where, name) + f"analysis failed: {exc!r}"}
            )
            continue
        aid = article_id(name, item.row, res.explicit_id)
        if aid in seen_ids:
            rows["errors"].append(
                {
                    "file": name,
                    "error": _located(f"{name}:{item.row}", name)
                    + f"duplicate article id {aid!r} in the same file; loaded as {aid}#{item.row}",
                }
            )
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
            where = f"{name}:{item.row}" if item.row else name
            rows["errors"].append({"file": name, "error": _located(where, name) + w})
    return len(rows["errors"]) - before


def _located(where: str, name: str) -> str:
    """Errors name the file in their own column; a row number goes into the message."""
    return f"row {where.rsplit(':', 1)[1]}: " if where != name and ":" in where else ""


def _write_shard(
    store: CacheStore, shard: int, old: dict[str, pa.Table], rows: dict[str, list[dict]]
) -> None:
    """Rewrite a shard: its unchanged rows plus the rows of the files just processed."""
    for table, kept in old.items():
        schema = arrow_schema(table)
        new = rows.get(table)
        data = pa.concat_tables([kept, pa.Table.from_pylist(new, schema=schema)]) if new else kept
        store.write_shard(table, shard, data)
