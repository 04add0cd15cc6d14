"""Cache keys: the corpus key follows its files, the code key every file of the analysis packages."""

from __future__ import annotations

from components.store.cache_keys import corpus_fingerprint


def test_fingerprint_changes_with_the_corpus(corpus):
    before = corpus_fingerprint(corpus)
    assert corpus_fingerprint(corpus) == before
    (corpus / "a0.txt").write_text(" date 2022-03 Iets anders over Charkiv.\n", encoding="utf-8")
    assert corpus_fingerprint(corpus) != before


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
