"""Boilerplate that only shows across documents: a line repeated verbatim by many articles of one outlet
(a footer, a newsletter plug, an embed notice in the site's own words).

Within one document the parser already catches repeats; across documents the decision needs the whole
corpus, so it runs when the corpus is loaded. Lines are grouped by outlet (or by folder when the outlet
is unknown), so the same quotation carried by several *different* outlets stays in their texts — that is
news, not boilerplate. The first pass is vectorised (split, hash, count); only articles that hold a
repeated line are walked line by line to get offsets.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from components.corpus.boilerplate import merge_spans, strip_spans

MIN_CHARS = 20
MAX_CHARS = 300
MIN_DOCS = 3
MIN_SHARE = 0.001  # in a large group a line must recur in at least this share of its articles


def _group_keys(articles: pd.DataFrame) -> pd.Series:
    folder = articles["file"].astype("string").str.rpartition("/")[0].fillna("")
    return articles["outlet"].astype("string").fillna("folder:" + folder)


BATCH = 20_000  # articles split into lines at a time: bounds the memory of the scan


def _arrow(series: pd.Series) -> pa.Array:
    """A string column as an Arrow array (zero-copy for pandas' Arrow-backed strings)."""
    arr = (
        pa.array(series.array) if isinstance(series.dtype, pd.StringDtype) else pa.array(series, pa.string())
    )
    return arr.cast(pa.large_string())


def _chunked(series: pd.Series) -> pa.ChunkedArray | pa.Array:
    """Like `_arrow`, but chunks stay chunks: text mapped from files is scanned without a copy in memory."""
    if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow":
        return series.array.__arrow_array__().cast(pa.large_string())
    return _arrow(series)


def _hashes(lines: list[str] | np.ndarray) -> np.ndarray:
    return pd.util.hash_array(np.asarray(lines, dtype=object), categorize=False)


def _lines(texts: pa.Array | pa.ChunkedArray, group_codes: np.ndarray, offset: int) -> pa.Table:
    """(group code, 64-bit line hash, article row) for the lines of a batch long enough to matter.
    Hashes instead of the lines themselves: counting never holds the corpus's distinct lines."""
    if isinstance(texts, pa.ChunkedArray):  # a batch of a mapped column: only this batch is copied
        texts = texts.combine_chunks()
    split = pc.split_pattern(texts, "\n")
    parent = pc.list_parent_indices(split)
    lines = pc.utf8_trim_whitespace(pc.list_flatten(split))
    length = pc.utf8_length(lines)
    keep = pc.and_(pc.greater_equal(length, MIN_CHARS), pc.less_equal(length, MAX_CHARS))
    lines, parent = lines.filter(keep), parent.filter(keep).to_numpy()
    return pa.table(
        {
            "group": group_codes[offset + parent],
            "hash": _hashes(lines.to_numpy(zero_copy_only=False)),
            "art": parent + offset,
        }
    )


def repeated_line_spans(articles: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    """{article_id: [(start, end), ...]} of lines that recur verbatim across articles of one group."""
    if articles.empty:
        return {}
    group_codes, group_names = pd.factorize(_group_keys(articles))
    group_codes = group_codes.astype(np.int32)
    texts = _chunked(articles["text"])
    n = len(texts)
    # Batches hold disjoint articles, so per-batch distinct-article counts simply add up.
    parts = []
    for lo in range(0, n, BATCH):
        t = _lines(texts.slice(lo, BATCH), group_codes, lo)
        if t.num_rows:
            parts.append(t.group_by(["group", "hash"]).aggregate([("art", "count_distinct")]))
    if not parts:
        return {}
    counts = pa.concat_tables(parts).group_by(["group", "hash"]).aggregate([("art_count_distinct", "sum")])
    group_size = np.bincount(group_codes, minlength=len(group_names))
    need = np.maximum(MIN_DOCS, np.ceil(group_size[counts["group"].to_numpy()] * MIN_SHARE))
    repeated = counts.filter(pa.array(counts["art_count_distinct_sum"].to_numpy() >= need))
    if not repeated.num_rows:
        return {}
    keys = repeated.select(["group", "hash"])
    hit_rows: set[int] = set()
    for lo in range(0, n, BATCH):
        t = _lines(texts.slice(lo, BATCH), group_codes, lo)
        hit_rows.update(t.join(keys, ["group", "hash"], join_type="inner")["art"].to_pylist())
    wanted = set(zip(repeated["group"].to_pylist(), repeated["hash"].to_pylist(), strict=True))
    known = _chunked(articles["boilerplate"])
    ids = articles["article_id"]
    out: dict[str, list[tuple[int, int]]] = {}
    for row in sorted(hit_rows):
        spans, pos, group = [], 0, int(group_codes[row])
        covered = [(s, e) for s, e, *_ in json.loads(known[row].as_py() or "[]")]
        lines = texts[row].as_py().split("\n")
        for line, h in zip(lines, _hashes([ln.strip() for ln in lines]), strict=True):
            end = pos + len(line)
            # lines the parser already removed (a consent notice, a teaser) need no second mark
            if (group, int(h)) in wanted and not any(s <= pos and end <= e for s, e in covered):
                spans.append((pos, end))
            pos = end + 1
        if spans:
            out[str(ids.iat[row])] = spans
    return out


def apply(articles: pd.DataFrame, mentions: pd.DataFrame, spans: dict[str, list[tuple[int, int]]]):
    """Mark the spans as boilerplate: extend `boilerplate`, rebuild `body`, drop mentions inside them."""
    if not spans:
        return articles, mentions
    rows = np.flatnonzero(articles["article_id"].isin(spans.keys()).to_numpy())
    texts, boiler = _arrow(articles["text"]), _arrow(articles["boilerplate"])
    ids = articles["article_id"]
    new_boiler, new_body = [], []
    for i in rows:
        old = [tuple(s) for s in json.loads(boiler[i].as_py() or "[]")]
        merged = merge_spans(old + [(s, e, "repeated-across") for s, e in spans[ids.iat[i]]])
        new_boiler.append(json.dumps([list(s) for s in merged], ensure_ascii=False))
        new_body.append(strip_spans(texts[i].as_py(), merged))
    # Only the changed cells are replaced, in Arrow: no Python copy of every article's text.
    mask = np.zeros(len(articles), dtype=bool)
    mask[rows] = True
    mask_arr = pa.array(mask)

    def replaced(column: str, values: list[str]) -> pd.Series:
        arr = pc.replace_with_mask(_arrow(articles[column]), mask_arr, pa.array(values, pa.large_string()))
        return pd.Series(pd.arrays.ArrowStringArray(arr), index=articles.index, name=column)

    articles = articles.assign(
        boilerplate=replaced("boilerplate", new_boiler), body=replaced("body", new_body)
    )
    inside = np.zeros(len(mentions), dtype=bool)
    if len(mentions):
        aids, starts = mentions["article_id"].to_numpy(), mentions["start"].to_numpy()
        for k in np.flatnonzero(mentions["article_id"].isin(spans.keys()).to_numpy()):
            inside[k] = any(s <= starts[k] < e for s, e in spans[aids[k]])
    if not inside.any():
        return articles, mentions
    return articles, mentions[~inside].reset_index(drop=True)
