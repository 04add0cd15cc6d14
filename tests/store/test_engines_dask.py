"""The Dask engine (a LocalCluster here) writes the same cache as the local build, also incrementally."""

from __future__ import annotations

import subprocess
import sys

import pytest

from components.store import build
from tests.store.engine_helpers import REPO, assert_same_tables, mixed_corpus, sorted_tables

pytest.importorskip("distributed")

from components.store.engines import LocalEngine  # noqa: E402
from components.store.engines.dask import DaskEngine  # noqa: E402

pytestmark = pytest.mark.slow


def test_dask_build_equals_local_build_and_rebuilds_incrementally(tmp_path):
    corpus = mixed_corpus(tmp_path / "corpus", 2000)
    with DaskEngine(workers=2) as dask:  # one LocalCluster for every build below
        _check_builds(corpus, tmp_path, dask)


def _check_builds(corpus, tmp_path, dask: DaskEngine) -> None:
    seen: list[int] = []
    stats = build(corpus, tmp_path / "dask", engine=dask, progress=lambda d, _t, _n: seen.append(d))
    assert stats.processed == stats.files == 2006 and seen[-1] == 2006
    build(corpus, tmp_path / "local", engine=LocalEngine(2))
    assert_same_tables(tmp_path / "local", tmp_path / "dask")
    assert len(sorted_tables(tmp_path / "dask")["articles"]) == 2005

    # a change rebuilt on Dask matches the same change rebuilt locally, and then the other way round
    victim = sorted((corpus / "synthetic").rglob("*.txt"))[100]
    victim.write_text(" date 2022-11 Explosies in Charkiv en Soemy.\n", encoding="utf-8")
    assert build(corpus, tmp_path / "dask", engine=dask).processed == 1
    assert build(corpus, tmp_path / "local").processed == 1
    assert_same_tables(tmp_path / "local", tmp_path / "dask")
    (corpus / "new.txt").write_text(" date 2022-12 Stroomuitval in Odessa.\n", encoding="utf-8")
    assert build(corpus, tmp_path / "dask", engine=LocalEngine(2)).processed == 1
    assert build(corpus, tmp_path / "local", engine=dask).processed == 1
    assert_same_tables(tmp_path / "local", tmp_path / "dask")


def test_dask_refuses_an_online_geocoder(corpus, tmp_path):
    with pytest.raises(ValueError, match="geocoder"):
        build(corpus, tmp_path / "c", geocoder="nominatim", engine=DaskEngine(workers=1))


def test_cli_builds_on_a_running_scheduler(corpus, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, processes=True
    ) as cluster:
        out = subprocess.run(
            [sys.executable, "-m", "components", "build", str(corpus), "--cache", str(tmp_path / "c")]
            + ["--engine", "dask", "--scheduler", cluster.scheduler_address],
            capture_output=True,
            text=True,
            cwd=REPO,
        )
    assert out.returncode == 0 and "5 processed" in out.stderr, out.stderr
    build(corpus, tmp_path / "local")
    assert_same_tables(tmp_path / "local", tmp_path / "c")
