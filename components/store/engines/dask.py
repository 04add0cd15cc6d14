"""Scale-out on Dask distributed: the same shard function, on a cluster's workers.

Without a scheduler address a `LocalCluster` starts with one single-threaded worker process per core,
bound to 127.0.0.1 and without a dashboard port. With `tcp://HOST:PORT` the build runs on that cluster:
its workers must see the corpus, the cache folder and the gazetteer index folder at the same paths as
this machine (shared storage) and run the same version of this package. A worker plugin loads the
gazetteer once per worker process when it joins; tasks carry only a `ShardJob` (paths and names).
Install with the `dask` extra: `pip install 'news-atlas[dask]'`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Iterator

from distributed import Client, LocalCluster, as_completed
from distributed.diagnostics.plugin import WorkerPlugin

from components.places.gazetteer_index import load_gazetteer
from components.store.building import Progress
from components.store.engines.base import ShardJob, ShardResult, collect, run_shard
from components.store.engines.local import cpu_count

log = logging.getLogger(__name__)


class GazetteerPlugin(WorkerPlugin):
    """Loads the gazetteer into the worker process's cache as it joins, off the worker's event loop."""

    name = "news-atlas-gazetteer"

    def __init__(self, gazetteer_dir: str):
        self.gazetteer_dir = gazetteer_dir

    async def setup(self, worker) -> None:  # noqa: ANN001 - distributed.Worker
        await asyncio.get_running_loop().run_in_executor(None, load_gazetteer, self.gazetteer_dir)


class DaskEngine:
    """Runs the shards on a Dask cluster: `scheduler` ('tcp://HOST:PORT') or a LocalCluster.

    Used as a context manager it keeps its client (and LocalCluster) open across builds; otherwise each
    `run` connects, or starts a cluster, for that build only."""

    def __init__(self, scheduler: str | None = None, workers: int | None = None):
        self.scheduler = scheduler
        self.workers = max(1, workers or cpu_count())
        self._stack: contextlib.ExitStack | None = None
        self._client: Client | None = None
        self._plugins: set[str] = set()

    def __enter__(self) -> DaskEngine:
        self._stack = contextlib.ExitStack()
        self._client = self._stack.enter_context(self._connect())
        return self

    def __exit__(self, *exc: object) -> None:
        stack, self._stack, self._client = self._stack, None, None
        self._plugins.clear()
        if stack is not None:
            stack.close()

    @contextlib.contextmanager
    def _connect(self) -> Iterator[Client]:
        """A client of the given scheduler, or of a LocalCluster that lives as long as the client."""
        if self.scheduler:
            with Client(self.scheduler) as client:
                yield client
            return
        with (
            LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,  # the analysis holds the GIL: one process per core
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client

    def run(self, jobs: list[ShardJob], progress: Progress | None = None) -> list[ShardResult]:
        if any(j.geocoder and j.files for j in jobs):
            raise ValueError("the online geocoder runs in one process; build with --engine local")
        if not jobs:
            return []
        if self._client is not None:
            return self._submit(self._client, jobs, progress)
        with self:
            return self._submit(self._client, jobs, progress)

    def _submit(self, client: Client, jobs: list[ShardJob], progress: Progress | None) -> list[ShardResult]:
        busy = [j for j in jobs if j.files]
        if busy and busy[0].gazetteer_dir not in self._plugins:
            client.register_plugin(GazetteerPlugin(busy[0].gazetteer_dir))  # also for workers joining later
            self._plugins.add(busy[0].gazetteer_dir)
        total = sum(len(j.files) for j in jobs)
        build_id = uuid.uuid4().hex[:8]
        order = sorted(jobs, key=lambda j: -len(j.files))  # the largest shards first
        futures = [
            client.submit(run_shard, job, key=f"news-atlas-shard-{build_id}-{job.shard:02d}", pure=False)
            for job in order
        ]
        return collect((fut.result() for fut in as_completed(futures)), total, progress)
