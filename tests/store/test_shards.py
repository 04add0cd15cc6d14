"""Shards and manifest: a corrupt, truncated or foreign cache is rebuilt; writes leave no temporary files."""

from __future__ import annotations

import json

from components.store import build, load
from components.store.shards import CacheStore


def test_corrupt_manifest_is_rebuilt(corpus, tmp_path):
    build(corpus, tmp_path / "c")
    (CacheStore(tmp_path / "c").manifest_path()).write_text("{not json", encoding="utf-8")
    stats = build(corpus, tmp_path / "c")
    assert stats.rebuilt_all and stats.processed == 5
    assert len(load(tmp_path / "c").articles) == 5


def test_truncated_shard_is_rebuilt(corpus, tmp_path):
    build(corpus, tmp_path / "c")
    shard = next(
        (CacheStore(tmp_path / "c").manifest_path().parent / "tables" / "articles").glob("part-*.parquet")
    )
    shard.write_bytes(shard.read_bytes()[:40])
    assert not CacheStore(tmp_path / "c").verify()
    stats = build(corpus, tmp_path / "c")
    # Only the damaged shard is rebuilt (issue 9), from every file it held; the rest is reused.
    assert not stats.rebuilt_all and stats.repaired_shards and 1 <= stats.processed < 5
    assert CacheStore(tmp_path / "c").verify()
    assert len(load(tmp_path / "c").articles) == 5


def test_other_pipeline_version_is_rebuilt(corpus, tmp_path):
    build(corpus, tmp_path / "c")
    path = CacheStore(tmp_path / "c").manifest_path()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["version"] = "p0-old"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert build(corpus, tmp_path / "c").rebuilt_all


def test_no_temporary_files_are_left(corpus, tmp_path):
    build(corpus, tmp_path / "c")
    assert not list((tmp_path / "c").rglob("*.tmp"))
