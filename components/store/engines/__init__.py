"""Build engines: who runs the shard function. `run_shard` is the unit of work; an engine maps it over the
shards a build plan rewrites.

`base` (the job, the shard function, the serial engine), `local` (a process pool on this machine, the CLI's
default with one worker per core), `dask` (Dask distributed: a LocalCluster or a running scheduler). Every
engine writes the same shards, so a cache built by one is rebuilt incrementally by any other.
"""

from __future__ import annotations

from components.store.engines.base import Engine, SerialEngine, ShardJob, ShardResult, run_shard, shard_jobs
from components.store.engines.local import LocalEngine, cpu_count

__all__ = [
    "Engine",
    "LocalEngine",
    "SerialEngine",
    "ShardJob",
    "ShardResult",
    "cpu_count",
    "make_engine",
    "run_shard",
    "shard_jobs",
]


def make_engine(name: str = "local", *, workers: int | None = None, scheduler: str | None = None) -> Engine:
    """The engine the CLI flags name: `local` (workers processes, default one per core) or `dask`."""
    if name == "local":
        if scheduler:
            raise ValueError("--scheduler needs --engine dask")
        return LocalEngine(workers)
    if name == "dask":
        from components.store.engines.dask import DaskEngine

        return DaskEngine(scheduler=scheduler, workers=workers)
    raise ValueError(f"unknown engine {name!r} (available: local, dask)")
