"""The build is incremental: plan by size, mtime and content hash, then process only what changed."""

from __future__ import annotations

import os

from components.store import build, load
from components.store.building import plan_build
from components.store.cache_keys import pipeline_version
from components.store.shards import CacheStore, shard_of


def test_second_build_does_no_work(corpus, tmp_path):
    first = build(corpus, tmp_path / "c")
    assert (first.processed, first.files) == (5, 5) and first.rebuilt_all
    second = build(corpus, tmp_path / "c")
    assert (second.processed, second.reused, second.rebuilt_all) == (0, 5, False)


def test_only_the_changed_or_added_file_is_processed(corpus, tmp_path):
    build(corpus, tmp_path / "c")
    (corpus / "a1.txt").write_text(" date 2022-11 Feest in Cherson en Mykolajiv.\n", encoding="utf-8")
    (corpus / "new.txt").write_text(" date 2022-12 Stroomuitval in Soemy.\n", encoding="utf-8")
    stats = build(corpus, tmp_path / "c")
    assert stats.processed == 2 and stats.reused == 4
    c = load(tmp_path / "c")
    assert len(c.articles) == 6
    a1 = c.mentions[c.mentions["article_id"] == "a1"]
    assert list(a1["name"]) == ["Kherson", "Mykolaiv"] or list(a1["name"]) == ["Kherson", "Mykolayiv"]
    assert c.articles.set_index("article_id").loc["a1", "month"] == "2022-11"


def test_touched_but_unchanged_file_is_not_reprocessed(corpus, tmp_path):
    build(corpus, tmp_path / "c")
    os.utime(corpus / "a0.txt", ns=(1, 1))
    assert build(corpus, tmp_path / "c").processed == 0


def test_removed_file_disappears(corpus, tmp_path):
    build(corpus, tmp_path / "c")
    (corpus / "a2.txt").unlink()
    stats = build(corpus, tmp_path / "c")
    c = load(tmp_path / "c")
    assert stats.removed == 1 and "a2" not in set(c.articles["article_id"])
    assert "a2" not in set(c.mentions["article_id"])


def test_markdown_heading_is_the_title_and_nested_files_are_found(corpus, tmp_path):
    build(corpus, tmp_path / "c")
    arts = load(tmp_path / "c").articles.set_index("article_id")
    assert arts.loc["sub/deep", "title"] == "Titel over Kiev"
    assert arts.loc["sub/deep", "title_source"] == "line"
    assert arts.loc["sub/deep", "date_source"] == "none"


def test_unchanged_cache_is_not_written(corpus, tmp_path):
    """A cache on a read-only volume still loads when nothing changed."""
    build(corpus, tmp_path / "c")
    manifest = CacheStore(tmp_path / "c").manifest_path()
    before = manifest.stat().st_mtime_ns
    for path in (tmp_path / "c").rglob("*"):
        path.chmod(0o555 if path.is_dir() else 0o444)
    (tmp_path / "c").chmod(0o555)
    try:
        assert build(corpus, tmp_path / "c").processed == 0
        assert manifest.stat().st_mtime_ns == before
        assert len(load(tmp_path / "c").articles) == 5
    finally:
        for path in [tmp_path / "c", *(tmp_path / "c").rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_changed_analysis_code_invalidates_the_cache(corpus, tmp_path, monkeypatch):
    from components.store import cache_keys

    build(corpus, tmp_path / "c")
    monkeypatch.setattr(cache_keys, "tree_fingerprint", lambda packages: "other-code")
    assert build(corpus, tmp_path / "c").rebuilt_all


def test_plan_names_the_changed_removed_files_and_their_shards_without_writing(corpus, tmp_path):
    build(corpus, tmp_path / "c")
    store = CacheStore(tmp_path / "c")
    (corpus / "a1.txt").write_text(" date 2022-11 Feest in Cherson.\n", encoding="utf-8")
    (corpus / "a2.txt").unlink()
    os.utime(corpus / "a0.txt", ns=(1, 1))  # touched, same bytes: kept by its content hash
    before = (CacheStore(tmp_path / "c").manifest_path()).read_bytes()
    plan = plan_build(corpus, store, pipeline_version(None))
    assert not plan.rebuilt_all and plan.files == 4
    assert list(plan.changed) == ["a1.txt"] and plan.removed == ["a2.txt"]
    assert plan.dropped == {"a1.txt", "a2.txt"}
    expected = {shard_of("a1.txt"): ["a1.txt"]}
    expected.setdefault(shard_of("a2.txt"), [])  # a removed file's shard is rewritten without it
    assert plan.shards == expected
    assert set(plan.entries) == {"a0.txt", "a1.txt", "a3.txt", "sub/deep.md"}
    assert plan.entries["a0.txt"].mtime_ns == 1 and plan.writes_manifest
    assert (CacheStore(tmp_path / "c").manifest_path()).read_bytes() == before  # planning only reads


def test_plan_of_an_unchanged_corpus_does_nothing(corpus, tmp_path):
    build(corpus, tmp_path / "c")
    plan = plan_build(corpus, CacheStore(tmp_path / "c"), pipeline_version(None))
    assert (plan.changed, plan.removed, plan.shards, plan.writes_manifest) == ({}, [], {}, False)


def test_plan_without_a_cache_processes_everything(corpus, tmp_path):
    plan = plan_build(corpus, CacheStore(tmp_path / "none"), pipeline_version(None))
    assert plan.rebuilt_all and len(plan.changed) == plan.files == 5
    assert sorted(n for names in plan.shards.values() for n in names) == sorted(plan.changed)
