"""The seed reference (shared/gold/seeds.json, copied here): every place found and placed right, few extras,
months and titles right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from components.places.geo import haversine_km

GOLD = json.loads((Path(__file__).parent / "gold_seeds.json").read_text(encoding="utf-8"))["articles"]
SETTLEMENT = {"city", "town", "village"}
POINTLIKE = SETTLEMENT | {"square", "facility"}


def same_kind(gold_kind: str, kind: str) -> bool:
    return gold_kind == kind or (gold_kind in SETTLEMENT and kind in SETTLEMENT)


def matches(gold: dict, m) -> bool:
    """A found mention (row) is the gold place: same kind, and close enough for its kind."""
    if not same_kind(gold["kind"], m.kind):
        return False
    d = haversine_km(gold["lat"], gold["lon"], m.lat, m.lon)
    if gold["kind"] in POINTLIKE:
        return d <= 30
    if gold["kind"] == "country":
        return m.name == gold["name"] or d <= 1500
    return d <= 250  # regions and rivers: reference points differ between sources


def mentions_of(corpus, article_id: str):
    return list(corpus.mentions[corpus.mentions["article_id"] == article_id].itertuples(index=False))


@pytest.mark.parametrize("article_id", sorted(GOLD))
def test_every_gold_place_is_found_and_placed(seed_corpus, article_id):
    found = mentions_of(seed_corpus, article_id)
    missing = [g["name"] for g in GOLD[article_id]["places"] if not any(matches(g, m) for m in found)]
    assert not missing, f"{article_id}: not found or misplaced: {missing}"


@pytest.mark.parametrize("article_id", sorted(GOLD))
def test_at_most_five_percent_extra_places(seed_corpus, article_id):
    gold = GOLD[article_id]
    optional_forms = {f for o in gold["optional"] for f in o["forms"]}
    optional_names = {o["name"] for o in gold["optional"]}
    distinct: dict[str, list] = {}
    for m in mentions_of(seed_corpus, article_id):
        distinct.setdefault(m.place_id, []).append(m)
    extra = []
    for pid, ms in distinct.items():
        if any(matches(g, m) for g in gold["places"] for m in ms):
            continue
        if any(m.surface in optional_forms or m.name in optional_names for m in ms):
            continue
        extra.append((pid, ms[0].name, [m.surface for m in ms]))
    assert len(extra) <= 0.05 * len(distinct), f"{article_id}: places not in the reference: {extra}"


@pytest.mark.parametrize("article_id", sorted(GOLD))
def test_month_and_date_source(seed_corpus, article_id):
    row = seed_corpus.articles.set_index("article_id").loc[article_id]
    assert row["month"] == GOLD[article_id]["month"]
    assert row["date_source"] == GOLD[article_id]["date_source"]
    if GOLD[article_id]["date_source"] == "embedded":
        assert row["date_precision"] == "month", "a month inferred from embedded posts must not claim a day"


@pytest.mark.parametrize("article_id", sorted(GOLD))
def test_title(seed_corpus, article_id):
    row = seed_corpus.articles.set_index("article_id").loc[article_id]
    if GOLD[article_id]["title"]:
        assert row["title"] == GOLD[article_id]["title"]
        assert row["title_source"] == "line"
    else:
        assert row["title_source"] == "first_sentence"
        assert row["title"]


def test_offsets_point_at_the_surface(seed_corpus):
    texts = seed_corpus.articles.set_index("article_id")["text"]
    for m in seed_corpus.mentions.itertuples(index=False):
        assert texts[m.article_id][m.start : m.end] == m.surface
        sentence = texts[m.article_id][m.sentence_start : m.sentence_end]
        assert m.surface in sentence and not sentence.lstrip().startswith("date ")
