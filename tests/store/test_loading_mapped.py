"""Loading with long text mapped from the generation: the same rows as reading every shard into memory,
the same rows again from a saved load, and a reader keeps its generation's rows across a rebuild."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from components.corpus import repeated_lines as shared_lines
from components.explore.corpus_index import CorpusIndex
from components.explore.filter_params import FilterState
from components.store import build, load
from components.store.generations import current_generation
from components.store.loaded_state import MARKER, saved_folder
from components.store.mapped_text import FOLDER, MappedCorpus
from components.store.schema import TABLES, conform
from components.store.synthetic_cache import synthetic_cache


def in_memory(cache: Path) -> dict[str, pd.DataFrame]:
    """Every shard read whole into pandas, the repeated lines applied: what loading did before mapping."""
    gen = current_generation(cache)
    tables = {}
    for table in TABLES:
        parts = [pq.read_table(p) for p in sorted((gen / "tables" / table).glob("*.parquet"))]
        frame = pa.concat_tables(parts, promote_options="default").to_pandas() if parts else None
        tables[table] = conform(table, frame if frame is not None else [])
    arts = tables["articles"].sort_values(["file", "row"], kind="stable").reset_index(drop=True)
    spans = shared_lines.repeated_line_spans(arts)
    tables["articles"], tables["mentions"] = shared_lines.apply(arts, tables["mentions"], spans)
    return tables


def values(frame: pd.DataFrame, sort: list[str] | None = None) -> list[list]:
    frame = frame.astype(object).where(frame.notna(), None)
    if sort:
        frame = frame.sort_values(sort, kind="stable")
    return frame.values.tolist()


def assert_same_rows(cache: Path, corpus) -> None:
    ref = in_memory(cache)
    assert values(corpus.articles) == values(ref["articles"])
    key = ["article_id", "start", "end", "place_id"]
    assert values(corpus.mentions, key) == values(ref["mentions"], key)
    assert values(corpus.posts, ["article_id", "index"]) == values(ref["posts"], ["article_id", "index"])


@pytest.fixture(scope="module")
def small_synthetic(tmp_path_factory) -> Path:
    return synthetic_cache(tmp_path_factory.mktemp("syn") / "cache", 400, seed=3)


def _copy(cache: Path, tmp_path: Path) -> Path:
    out = tmp_path / "copy"
    shutil.copytree(cache, out)
    for gen in out.glob("gen-*"):  # every copy starts as a generation never loaded
        shutil.rmtree(gen / FOLDER, ignore_errors=True)
        (gen / "repeated-lines.json").unlink(missing_ok=True)
    return out


@pytest.mark.parametrize("which", ["seeds", "synthetic"])
def test_first_and_saved_loads_give_the_rows_of_an_in_memory_read(
    which, seed_cache, small_synthetic, tmp_path
):
    cache = _copy(seed_cache if which == "seeds" else small_synthetic, tmp_path)
    first = load(cache)
    assert (saved_folder(current_generation(cache)) / MARKER).exists()
    assert_same_rows(cache, first)
    saved = load(cache)
    assert isinstance(saved, MappedCorpus) and saved.search is not None
    assert_same_rows(cache, saved)
    assert saved.articles.dtypes.astype(str).to_dict() == first.articles.dtypes.astype(str).to_dict()
    assert str(saved.mentions["article_id"].dtype) == "category"


def test_the_index_answers_alike_on_mapped_and_in_memory_tables(small_synthetic, tmp_path):
    cache = _copy(small_synthetic, tmp_path)
    load(cache)
    mapped_index = CorpusIndex(load(cache))
    ref = in_memory(cache)
    memory_index = CorpusIndex(MappedCorpus(**ref))  # no mapped search text: builds its own buffer
    for query in ("kyiv", "charkiw", "oekraïne", "rivier de dnjepr", "no such words"):
        assert (mapped_index.search(query) == memory_index.search(query)).all(), query
    assert mapped_index.search("kyiv").any()
    state = FilterState(places=tuple(mapped_index.place_names[:2]))
    a, b = mapped_index.view(state), memory_index.view(state)
    assert a.positions.tolist() == b.positions.tolist()
    assert values(a.place_stats()) == values(b.place_stats())
    codes = list(range(mapped_index.n_places))
    assert a.surface_forms(codes) == b.surface_forms(codes)
    cols = ["article_id", "start", "end", "sentence_start", "reason"]
    assert values(a.mentions(cols)) == values(b.mentions(cols))


def test_a_reader_keeps_reading_its_generation_after_a_rebuild_removes_it(corpus, tmp_path):
    cache = tmp_path / "c"
    build(corpus, cache)
    load(cache)  # saves the generation's mapped tables
    old = load(cache)  # maps them
    old_gen = current_generation(cache)
    before = old.articles.set_index("article_id")["text"].to_dict()
    (corpus / "a0.txt").write_text(" date 2022-05 Nieuwe aanvallen op Mykolajiv vandaag.\n", encoding="utf-8")
    build(corpus, cache)
    assert current_generation(cache) != old_gen and not old_gen.exists()  # nobody held its lock
    assert old.articles.set_index("article_id")["text"].to_dict() == before
    assert "Charkiv" in old.articles["text"].iloc[0] and old.articles["body"].str.len().gt(0).all()
    assert old.mentions["start"].tolist() and CorpusIndex(old).search("charkiv").any()
    new = load(cache)
    assert "Mykolajiv" in new.articles.set_index("article_id").at["a0", "text"]
    assert not CorpusIndex(new).search("charkiv")[new.articles["article_id"] == "a0"].any()


def test_a_load_with_a_damaged_shard_is_not_saved(corpus, tmp_path):
    cache = tmp_path / "c"
    build(corpus, cache)
    gen = current_generation(cache)
    shard = next((gen / "tables" / "places").glob("*.parquet"))
    shard.write_bytes(b"not parquet")
    damaged = load(cache)
    assert damaged.stale_reason and len(damaged.articles) == 5
    assert damaged.articles["text"].str.len().gt(0).all()
    assert not (saved_folder(gen) / MARKER).exists() and not list((gen / FOLDER).glob("*/" + MARKER))
