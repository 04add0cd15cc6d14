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

from .boilerplate import merge_spans, strip_spans

MIN_CHARS = 20
MAX_CHARS = 300
MIN_DOCS = 3
MIN_SHARE = 0.001  # in a large group a line must recur in at least this share of its articles


def _group_keys(articles: pd.DataFrame) -> pd.Series:
    folder = articles["file"].astype("string").str.rpartition("/")[0].fillna("")
    return articles["outlet"].astype("string").fillna("folder:" + folder)


def repeated_line_spans(articles: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    """{article_id: [(start, end), ...]} of lines that recur verbatim across articles of one group."""
    if articles.empty:
        return {}
    groups = pa.array(_group_keys(articles).to_numpy(dtype=object), pa.string())
    split = pc.split_pattern(pa.array(articles["text"].to_numpy(dtype=object), pa.string()), "\n")
    parent = pc.list_parent_indices(split)
    lines = pc.utf8_trim_whitespace(pc.list_flatten(split))
    length = pc.utf8_length(lines)
    keep = pc.and_(pc.greater_equal(length, MIN_CHARS), pc.less_equal(length, MAX_CHARS))
    table = pa.table({"group": pc.take(groups, parent), "line": lines, "art": parent}).filter(keep)
    if not table.num_rows:
        return {}
    counts = table.group_by(["group", "line"]).aggregate([("art", "count_distinct")])
    sizes = pa.table({"group": groups}).group_by("group").aggregate([("group", "count")])
    counts = counts.join(sizes, "group")
    need = pc.max_element_wise(
        pc.ceil(pc.multiply(pc.cast(counts["group_count"], pa.float64()), MIN_SHARE)),
        pa.scalar(float(MIN_DOCS)),
    )
    repeated = counts.filter(pc.greater_equal(pc.cast(counts["art_count_distinct"], pa.float64()), need))
    if not repeated.num_rows:
        return {}
    hits = table.join(repeated.select(["group", "line"]), ["group", "line"], join_type="inner")
    wanted = set(zip(repeated["group"].to_pylist(), repeated["line"].to_pylist(), strict=True))
    out: dict[str, list[tuple[int, int]]] = {}
    ids, texts, group_of = articles["article_id"].to_numpy(), articles["text"].to_numpy(), groups.to_pylist()
    known = articles["boilerplate"].to_numpy()
    for row in sorted(set(hits["art"].to_pylist())):
        spans, pos, group = [], 0, group_of[row]
        covered = [(s, e) for s, e, *_ in json.loads(known[row] or "[]")]
        for line in str(texts[row]).split("\n"):
            end = pos + len(line)
            # lines the parser already removed (a consent notice, a teaser) need no second mark
            if (group, line.strip()) in wanted and not any(s <= pos and end <= e for s, e in covered):
                spans.append((pos, end))
            pos = end + 1
        if spans:
            out[str(ids[row])] = spans
    return out


def apply(articles: pd.DataFrame, mentions: pd.DataFrame, spans: dict[str, list[tuple[int, int]]]):
    """Mark the spans as boilerplate: extend `boilerplate`, rebuild `body`, drop mentions inside them."""
    if not spans:
        return articles, mentions
    # Whole columns are rebuilt once: setting Arrow-backed cells one by one copies the column each time.
    ids = articles["article_id"].to_numpy()
    texts = articles["text"].to_numpy()
    boiler = articles["boilerplate"].to_numpy(dtype=object).copy()
    body = articles["body"].to_numpy(dtype=object).copy()
    for i in np.flatnonzero(articles["article_id"].isin(spans.keys()).to_numpy()):
        old = [tuple(s) for s in json.loads(boiler[i] or "[]")]
        merged = merge_spans(old + [(s, e, "repeated-across") for s, e in spans[ids[i]]])
        boiler[i] = json.dumps([list(s) for s in merged], ensure_ascii=False)
        body[i] = strip_spans(texts[i], merged)
    articles = articles.assign(
        boilerplate=pd.Series(boiler, index=articles.index, dtype=articles["boilerplate"].dtype),
        body=pd.Series(body, index=articles.index, dtype=articles["body"].dtype),
    )
    inside = np.zeros(len(mentions), dtype=bool)
    if len(mentions):
        aids, starts = mentions["article_id"].to_numpy(), mentions["start"].to_numpy()
        for k in np.flatnonzero(mentions["article_id"].isin(spans.keys()).to_numpy()):
            inside[k] = any(s <= starts[k] < e for s, e in spans[aids[k]])
    if not inside.any():
        return articles, mentions
    return articles, mentions[~inside].reset_index(drop=True)
