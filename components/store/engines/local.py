"""Every core of this machine: the shards of a build in a pool of worker processes.

With the fork start method (Linux) the parent loads the gazetteer once before the pool starts and
freezes it out of the garbage collector (`gc.freeze`), so the workers share its pages copy-on-write
instead of each reading its own copy; elsewhere (spawn) each worker loads it once in its initialiser.
The largest shards go first so the last worker is not left alone with a big one.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor, as_completed

from components.places.gazetteer_index import load_gazetteer
from components.store.building import Progress
from components.store.engines.base import SerialEngine, ShardJob, ShardResult, collect, run_shard

log = logging.getLogger(__name__)


def cpu_count() -> int:
    """The cores this process may run on (its affinity mask, as a container or `taskset` limits it)."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13+
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _init_worker(gazetteer_dir: str) -> None:
    """Spawned workers load the gazetteer once; forked ones find it already in the inherited cache."""
    load_gazetteer(gazetteer_dir)


class LocalEngine:
    """A process pool of `workers` processes (default: one per core); one worker runs in-process."""

    def __init__(self, workers: int | None = None):
        self.workers = max(1, workers or cpu_count())

    def run(self, jobs: list[ShardJob], progress: Progress | None = None) -> list[ShardResult]:
        busy = [j for j in jobs if j.files]
        if any(j.geocoder for j in busy):
            if self.workers > 1:
                log.info("an online geocoder runs in one process: building with one worker")
            return SerialEngine().run(jobs, progress)
        n = min(self.workers, len(busy))
        if n <= 1:  # one shard to rewrite (one changed file): a pool would only add its start-up
            return SerialEngine().run(jobs, progress)
        return self._pool(jobs, n, progress)

    def _pool(self, jobs: list[ShardJob], n: int, progress: Progress | None) -> list[ShardResult]:
        total = sum(len(j.files) for j in jobs)
        gazetteer_dir = next(j.gazetteer_dir for j in jobs if j.files)
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        frozen = method == "fork"
        if frozen:
            load_gazetteer(gazetteer_dir)  # before forking: one copy, shared by every worker
            gc.freeze()
        try:
            with ProcessPoolExecutor(
                max_workers=n,
                mp_context=mp.get_context(method),
                initializer=_init_worker,
                initargs=(gazetteer_dir,),
            ) as pool:
                order = sorted(jobs, key=lambda j: -len(j.files))
                futures = [pool.submit(run_shard, job) for job in order]
                try:
                    return collect((fut.result() for fut in as_completed(futures)), total, progress)
                except BaseException:  # a failed shard (or Ctrl-C): start no others
                    for fut in futures:
                        fut.cancel()
                    raise
        finally:
            if frozen:
                gc.unfreeze()
