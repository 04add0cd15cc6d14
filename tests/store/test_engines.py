"""The local engine (a process pool) writes the same cache as the serial build, also incrementally."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

from components.store import build
from components.store.building import plan_build
from components.store.cache_keys import pipeline_version
from components.store.engines import LocalEngine, SerialEngine, cpu_count, make_engine, shard_jobs
from components.store.shards import CacheStore
from tests.store.engine_helpers import REPO, assert_same_tables, mixed_corpus, sorted_tables


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    return mixed_corpus(tmp_path_factory.mktemp("mixed"), 300)


@pytest.fixture(scope="module")
def serial_cache(mixed, tmp_path_factory):
    folder = tmp_path_factory.mktemp("serial")
    build(mixed, folder)
    return folder


def test_pool_build_equals_serial_build(mixed, serial_cache, tmp_path):
    seen: list[tuple[int, int]] = []
    stats = build(
        mixed, tmp_path / "pool", engine=LocalEngine(2), progress=lambda d, t, _n: seen.append((d, t))
    )
    assert stats.processed == stats.files == 306 and stats.errors >= 1
    assert_same_tables(serial_cache, tmp_path / "pool")
    tables = sorted_tables(tmp_path / "pool")
    assert len(tables["articles"]) == 305 and len(tables["mentions"]) > 3000  # not trivially equal
    done = [d for d, _t in seen]
    assert done == sorted(done) and seen[-1] == (306, 306)  # one bar for the whole build


def test_incremental_rebuild_after_pool_matches_a_fresh_build(mixed, tmp_path):
    corpus = mixed_corpus(tmp_path / "corpus", 120)
    build(corpus, tmp_path / "pool", engine=LocalEngine(2))
    victim = sorted((corpus / "synthetic").rglob("*.txt"))[5]
    victim.write_text(" date 2022-11 Explosies in Charkiv en Soemy.\n", encoding="utf-8")
    sorted((corpus / "synthetic").rglob("*.txt"))[9].unlink()
    (corpus / "new.txt").write_text(" date 2022-12 Stroomuitval in Odessa.\n", encoding="utf-8")
    again = build(corpus, tmp_path / "pool", engine=LocalEngine(2))
    assert (again.processed, again.removed, again.rebuilt_all) == (2, 1, False)
    serial = build(corpus, tmp_path / "serial")  # a fresh build of the edited corpus, in one process
    assert serial.rebuilt_all
    assert_same_tables(tmp_path / "serial", tmp_path / "pool")
    # and the other way round: a serial rebuild of a pool-built cache
    (corpus / "new.txt").write_text(" date 2022-12 Stroomuitval in Lviv.\n", encoding="utf-8")
    assert build(corpus, tmp_path / "pool").processed == 1
    build(corpus, tmp_path / "serial", engine=LocalEngine(2))
    assert_same_tables(tmp_path / "serial", tmp_path / "pool")


def test_jobs_carry_paths_not_data(mixed, tmp_path):
    store = CacheStore(tmp_path / "c")
    plan = plan_build(mixed, store, pipeline_version(None))
    with store.writing() as writer:  # jobs read the live generation and write the writer's new one
        jobs = shard_jobs(plan, writer)
    assert sum(len(j.files) for j in jobs) == 306
    assert all(p.startswith("/") for j in jobs for _name, p in j.files)
    assert max(len(pickle.dumps(j)) for j in jobs) < 5_000  # no gazetteer, no text inside a task


def test_removed_file_is_dropped_from_its_old_shard(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"a{i}.txt").write_text(f"Aanval op Charkiv nummer {i}.\n", encoding="utf-8")
    store = CacheStore(tmp_path / "c")
    build(corpus, store.folder)
    (corpus / "a1.txt").unlink()
    plan = plan_build(corpus, store, pipeline_version(None))
    with store.writing() as writer:
        [job] = shard_jobs(plan, writer)
    assert job.files == () and job.dropped == {"a1.txt"} and job.shard == plan.manifest.files["a1.txt"].shard


def test_an_online_geocoder_keeps_the_build_in_one_process(monkeypatch, corpus, tmp_path):
    calls = []
    monkeypatch.setattr(SerialEngine, "run", lambda self, jobs, progress=None: calls.append(jobs) or [])
    store = CacheStore(tmp_path / "c")
    with store.writing() as writer:
        jobs = shard_jobs(plan_build(corpus, store, pipeline_version("nominatim")), writer, "nominatim")
    assert len(jobs) > 1
    LocalEngine(2).run(jobs)
    assert calls == [jobs]


def test_engine_choice():
    assert LocalEngine().workers == cpu_count() >= 1
    assert make_engine("local", workers=3).workers == 3
    with pytest.raises(ValueError):
        make_engine("local", scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(ValueError):
        make_engine("spark")


def test_cli_workers_flag(corpus, tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "components", "build", str(corpus), *args],
            capture_output=True,
            text=True,
            cwd=REPO,
        )

    out = run("--cache", str(tmp_path / "c"), "--workers", "2")
    assert out.returncode == 0 and "5 processed" in out.stderr, out.stderr
    build(corpus, tmp_path / "serial")
    assert_same_tables(tmp_path / "serial", tmp_path / "c")
    out = run("--cache", str(tmp_path / "c"), "--scheduler", "tcp://127.0.0.1:1")
    assert out.returncode == 2 and "--engine dask" in out.stderr
