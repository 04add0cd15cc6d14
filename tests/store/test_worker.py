"""The build in a child process: progress relayed, and `needs_build` tells when one is due."""

from __future__ import annotations


def test_build_in_a_worker_process_reports_progress(corpus, tmp_path):
    from components.store import load_or_build, needs_build

    seen = []
    assert needs_build(corpus, tmp_path / "c")
    c = load_or_build(
        corpus, tmp_path / "c", progress=lambda d, t, n: seen.append((d, t)), separate_process=True
    )
    assert len(c.articles) == 5 and seen[-1] == (5, 5)
    assert not needs_build(corpus, tmp_path / "c")
    (corpus / "a0.txt").write_text(" date 2022-03 Nieuw over Charkiv.\n", encoding="utf-8")
    assert needs_build(corpus, tmp_path / "c")
