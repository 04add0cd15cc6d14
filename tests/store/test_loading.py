"""Loading: tables in the schema's dtypes, repeated text as categoricals."""

from __future__ import annotations

from components.store import build, load


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
