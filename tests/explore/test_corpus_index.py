"""The corpus index: positions, month range and the public lookups the views and the URL parser use."""

from __future__ import annotations

from tests.explore.sample_corpus import SHARED_INDEX


def test_position_of_article_ids() -> None:
    index = SHARED_INDEX
    assert [index.position_of(a) for a in index.article_ids] == list(range(index.n_articles))
    assert index.position_of("no-such-article") is None


def test_language_and_outlet_lookup_ignore_case_and_spaces() -> None:
    index = SHARED_INDEX
    assert index.language_named(" EN ") == "en"
    assert index.outlet_named("BBC.co.uk") == "bbc.co.uk"
    assert index.outlet_named("nos .nl") is None
    assert index.language_named("xx") is None


def test_place_name_accepts_names_and_ids() -> None:
    index = SHARED_INDEX
    assert index.place_name("kharkiv") == "Kharkiv"
    assert index.place_name("gn:1") == "Kherson"
    assert index.place_name("Atlantis") is None
