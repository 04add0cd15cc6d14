"""Shards and manifest: a corrupt, truncated or foreign cache is rebuilt; writes leave no temporary files."""

from __future__ import annotations

import json

from components.store import build, load
from components.store.shards import MANIFEST, CacheStore


def test_corrupt_manifest_is_rebuilt(corpus, tmp_path):
    build(corpus, tmp_path / "c")
    (tmp_path / "c" / MANIFEST).write_text("{not json", encoding="utf-8")
    stats = build(corpus, tmp_path / "c")
    assert stats.rebuilt_all and stats.processed == 5
    assert len(load(tmp_path / "c").articles) == 5


def test_truncated_shard_is_rebuilt(corpus, tmp_path):
    build(corpus, tmp_path / "c")
    shard = next((tmp_path / "c" / "tables" / "articles").glob("part-*.parquet"))
    shard.write_bytes(shard.read_bytes()[:40])
    assert not CacheStore(tmp_path / "c").verify()
    stats = build(corpus, tmp_path / "c")
    assert stats.rebuilt_all
    assert len(load(tmp_path / "c").articles) == 5


def test_other_pipeline_version_is_rebuilt(corpus, tmp_path):
    build(corpus, tmp_path / "c")
    path = tmp_path / "c" / MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    data["version"] = "p0-old"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert build(corpus, tmp_path / "c").rebuilt_all


def test_no_temporary_files_are_left(corpus, tmp_path):
    build(corpus, tmp_path / "c")
    assert not list((tmp_path / "c").rglob("*.tmp"))
