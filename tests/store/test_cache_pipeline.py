"""The cache: incremental by content hash, rebuilt when stale or damaged, ids and offsets consistent."""

from __future__ import annotations

import json
import os

import pytest

from components.store.pipeline import build, corpus_fingerprint, load
from components.store.shards import MANIFEST, CacheStore


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    for i, city in enumerate(["Charkiv", "Cherson", "Odessa", "Lviv"]):
        (root / f"a{i}.txt").write_text(
            f" date 2022-0{i + 3} Aanvallen op {city}, meldt de gouverneur.\n", encoding="utf-8"
        )
    (root / "sub" / "deep.md").write_text(
        "# Titel over Kiev\nRaketten op Kiev en Dnipro.\n", encoding="utf-8"
    )
    return root


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


def test_fingerprint_changes_with_the_corpus(corpus):
    before = corpus_fingerprint(corpus)
    assert corpus_fingerprint(corpus) == before
    (corpus / "a0.txt").write_text(" date 2022-03 Iets anders over Charkiv.\n", encoding="utf-8")
    assert corpus_fingerprint(corpus) != before


def test_markdown_heading_is_the_title_and_nested_files_are_found(corpus, tmp_path):
    build(corpus, tmp_path / "c")
    arts = load(tmp_path / "c").articles.set_index("article_id")
    assert arts.loc["sub/deep", "title"] == "Titel over Kiev"
    assert arts.loc["sub/deep", "title_source"] == "line"
    assert arts.loc["sub/deep", "date_source"] == "none"


def test_unchanged_cache_is_not_written(corpus, tmp_path):
    """A cache on a read-only volume still loads when nothing changed."""
    build(corpus, tmp_path / "c")
    manifest = tmp_path / "c" / MANIFEST
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
    from components.store import pipeline

    build(corpus, tmp_path / "c")
    monkeypatch.setattr(pipeline, "tree_fingerprint", lambda packages: "other-code")
    assert build(corpus, tmp_path / "c").rebuilt_all


def test_cache_key_covers_every_file_of_the_analysis_packages(tmp_path, monkeypatch):
    """Adding a module, editing a data file or moving one changes the key: no hand-kept list to go stale."""
    import shutil

    from components import fingerprint

    copy = tmp_path / "components"
    shutil.copytree(fingerprint.PACKAGE_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprint, "PACKAGE_ROOT", copy)

    def key() -> str:
        fingerprint.tree_fingerprint.cache_clear()
        return fingerprint.tree_fingerprint(fingerprint.ANALYSIS_PACKAGES)

    seen = {key()}
    (copy / "places" / "new_rule.py").write_text("X = 1\n")
    seen.add(key())
    role_words = copy / "places" / "data" / "role_words.txt"
    role_words.write_text(role_words.read_text() + "\nminister\n")
    seen.add(key())
    (copy / "corpus" / "dates.py").rename(copy / "store" / "dates.py")
    seen.add(key())
    (copy / "views" / "theme_probe.py").write_text("Y = 2\n")  # views/ never changes what a build writes
    assert len(seen) == 4 and key() in seen
    fingerprint.tree_fingerprint.cache_clear()


def test_loaded_mentions_use_categoricals_for_repeated_text(corpus, tmp_path):
    build(corpus, tmp_path / "c")
    m = load(tmp_path / "c").mentions
    assert str(m["name"].dtype) == "category" and str(m["article_id"].dtype) == "category"
    assert "Kharkiv" in set(m["name"]) and (m["article_id"] == "a0").any()


def test_loaded_tables_have_the_schema_dtypes(corpus, tmp_path):
    from components.store.schema import empty

    build(corpus, tmp_path / "c")
    c = load(tmp_path / "c")
    for name in ("articles", "posts", "places", "errors"):
        assert c.table(name).dtypes.astype(str).to_dict() == empty(name).dtypes.astype(str).to_dict(), name
    assert c.articles["date"].isna().sum() == 1  # sub/deep.md has no date: <NA>, not NaN or ""


def test_build_in_a_worker_process_reports_progress(corpus, tmp_path):
    from components.store.pipeline import load_or_build, needs_build

    seen = []
    assert needs_build(corpus, tmp_path / "c")
    c = load_or_build(
        corpus, tmp_path / "c", progress=lambda d, t, n: seen.append((d, t)), separate_process=True
    )
    assert len(c.articles) == 5 and seen[-1] == (5, 5)
    assert not needs_build(corpus, tmp_path / "c")
    (corpus / "a0.txt").write_text(" date 2022-03 Nieuw over Charkiv.\n", encoding="utf-8")
    assert needs_build(corpus, tmp_path / "c")
