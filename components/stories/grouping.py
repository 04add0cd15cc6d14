"""Group the articles that tell the same event into stories.

Candidate pairs come from shared rare keys (a specific place, a name, a number or a text n-gram, within
one month bucket): a key shared by more than MAX_POSTING articles of a month says little and is skipped,
which bounds the work at any corpus size. Each candidate pair that is close enough in time (by each
date's precision) gets a score from its shared places (weighted by kind and inverse document frequency),
names and numbers (across languages) and shared text (within a language). Strong pairs are merged
best-first into clusters, but only when the two clusters are densely linked, so one stray pair cannot
chain two events together. Stories are clusters of two or more articles; everything is deterministic.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import date

import numpy as np

from components.stories.features import Features

WINDOW_DAYS = 3  # articles about one event appear within a few days of each other
MAX_POSTING = 60  # a key shared by more articles in a month is not specific to one event
MIN_SHARED_KEYS = 2  # one shared key (a number, one n-gram) is chance; two start to be evidence
MIN_SHARED_PLACE = 1.0  # at least one specific place (a city at idf ≥ 1; countries weigh far less)
MIN_SHINGLES = 8  # text containment of shorter sample sets is noise: divide by at least this
TEXT_ALONE = 0.35  # a pair sharing this much text (n-gram containment, one language) needs no place
THRESHOLD = 0.20  # pair score for an edge
MIN_DENSITY = 0.5  # at least half the possible pairs between two clusters must be edges to merge them
WEIGHTS = {"place": 0.45, "entity": 0.45, "text": 0.8}


@dataclass(frozen=True)
class Edge:
    a: int
    b: int
    score: float


def _key_rows(f: Features) -> tuple[np.ndarray, np.ndarray]:
    """(key, article index) for every rare-key candidate: kind | feature id | month bucket, as int64."""
    first = [(d.year * 12 + d.month) for d in map(date.fromordinal, (f.start - WINDOW_DAYS).tolist())]
    last = [(d.year * 12 + d.month) for d in map(date.fromordinal, (f.end + WINDOW_DAYS).tolist())]
    keys: list[int] = []
    rows: list[int] = []
    for i in range(len(f.ids)):
        buckets = range(first[i], last[i] + 1)  # every month the article's window touches
        feats = [(1 << 40) | p for p in f.places[i]]
        feats += [(2 << 40) | e for e in f.entities[i]]
        feats += [(3 << 40) | (s & ((1 << 40) - 1)) for s in f.shingles[i]]
        for b in buckets:
            keys.extend((x << 16) | b for x in feats)
            rows.extend([i] * len(feats))
    return np.asarray(keys, dtype=np.int64), np.asarray(rows, dtype=np.int64)


def candidate_pairs(f: Features) -> np.ndarray:
    """Pairs (i < j) sharing MIN_SHARED_KEYS rare keys, close enough in time: an (n, 2) array."""
    n = len(f.ids)
    if n < 2:
        return np.zeros((0, 2), dtype=np.int64)
    keys, rows = _key_rows(f)
    order = np.lexsort((rows, keys))
    keys, rows = keys[order], rows[order]
    # One article can reach one key twice (two month buckets): keep it once.
    keep = np.ones(len(keys), dtype=bool)
    keep[1:] = (keys[1:] != keys[:-1]) | (rows[1:] != rows[:-1])
    keys, rows = keys[keep], rows[keep]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    codes = []
    for size in np.unique(sizes[(sizes >= 2) & (sizes <= MAX_POSTING)]):
        first = starts[sizes == size]
        members = rows[first[:, None] + np.arange(size)[None, :]]
        ia, ib = np.triu_indices(int(size), 1)
        codes.append(members[:, ia] * n + members[:, ib])  # rows are sorted within a key: a < b
    if not codes:
        return np.zeros((0, 2), dtype=np.int64)
    pair_codes, counts = np.unique(np.concatenate([c.ravel() for c in codes]), return_counts=True)
    pair_codes = pair_codes[counts >= MIN_SHARED_KEYS]
    a, b = pair_codes // n, pair_codes % n
    gap = np.maximum(f.start[a], f.start[b]) - np.minimum(f.end[a], f.end[b])
    close = gap <= WINDOW_DAYS
    return np.stack([a[close], b[close]], axis=1)


def _overlap(x: dict[int, float], y: dict[int, float], nx: float, ny: float) -> tuple[float, float]:
    """(shared weight, shared weight / geometric mean of both totals)."""
    if len(x) > len(y):
        x, y = y, x
    shared = sum(w for k, w in x.items() if k in y)
    return shared, (shared / math.sqrt(nx * ny) if nx and ny else 0.0)


def pair_score(f: Features, i: int, j: int, norms: tuple[list[float], list[float]]) -> float:
    """How surely articles i and j tell the same event (0 when they cannot)."""
    p_norm, e_norm = norms
    shared_place, place = _overlap(f.places[i], f.places[j], p_norm[i], p_norm[j])
    _, entity = _overlap(f.entities[i], f.entities[j], e_norm[i], e_norm[j])
    text = 0.0
    if f.language[i] and f.language[i] == f.language[j]:
        si, sj = f.shingles[i], f.shingles[j]
        text = len(si & sj) / max(min(len(si), len(sj)), MIN_SHINGLES)
    if text < TEXT_ALONE and (shared_place < MIN_SHARED_PLACE or entity == 0.0):
        return 0.0  # same place, same days, but no name or number in common: another event there
    return WEIGHTS["place"] * place + WEIGHTS["entity"] * entity + WEIGHTS["text"] * text


def scored_edges(f: Features) -> list[Edge]:
    """Candidate pairs scoring at least THRESHOLD, best first (ties by position: deterministic)."""
    norms = ([sum(d.values()) for d in f.places], [sum(d.values()) for d in f.entities])
    edges = []
    for i, j in candidate_pairs(f).tolist():
        s = pair_score(f, i, j, norms)
        if s >= THRESHOLD:
            edges.append(Edge(i, j, round(s, 6)))
    edges.sort(key=lambda e: (-e.score, e.a, e.b))
    return edges


def cluster(n: int, edges: list[Edge]) -> list[list[int]]:
    """Best-first merging of densely linked clusters; returns clusters of two or more, sorted."""
    adjacent: list[set[int]] = [set() for _ in range(n)]
    for e in edges:
        adjacent[e.a].add(e.b)
        adjacent[e.b].add(e.a)
    label = list(range(n))
    # member sets kept per cluster: a refused merge no longer rebuilds the big cluster's set
    members: dict[int, set[int]] = {i: {i} for i in range(n)}
    for e in edges:
        ra, rb = label[e.a], label[e.b]
        if ra == rb:
            continue
        small, big = (ra, rb) if len(members[ra]) <= len(members[rb]) else (rb, ra)
        big_set = members[big]
        links = sum(len(adjacent[m] & big_set) for m in members[small])
        if links < MIN_DENSITY * len(members[small]) * len(big_set):
            continue
        for m in members[small]:
            label[m] = big
        big_set |= members.pop(small)
    groups = [sorted(g) for g in members.values() if len(g) >= 2]
    return sorted(groups, key=lambda g: g[0])


def story_id(article_ids: list[str]) -> str:
    """A stable id from the story's members: the same articles always give the same id."""
    digest = hashlib.blake2b("\n".join(sorted(article_ids)).encode(), digest_size=6).hexdigest()
    return f"s-{digest}"
