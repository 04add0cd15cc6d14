"""The compiled scan only skips look-ups that would find nothing: candidates found with it are the same as
without it (every look-up tried), on the development set, the seeds, gazetteer names and generated text."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.places import candidates
from components.places.gazetteer import lookup
from components.places.names import exact_key
from components.places.scan import KeyStarts, fold_key, fold_text, scan
from components.places.tokens import tokens_of

REPO = Path(__file__).resolve().parents[2]
TEXTS = sorted((REPO / "evaluation" / "devset" / "texts").rglob("*.txt")) + sorted(
    (REPO / "seeds").rglob("*.txt")
)


class _Everywhere(KeyStarts):
    """The path before the scan: every look-up is tried."""

    def may_start(self, pos: int) -> bool:
        return True


def _both(text: str, g, monkeypatch, skip=None):
    fast = candidates.find_candidates(text, g, skip)
    with monkeypatch.context() as m:
        m.setattr(candidates, "scan", lambda t, _g: _Everywhere(t, frozenset()))
        slow = candidates.find_candidates(text, g, skip)
    return fast, slow


def test_there_are_texts_to_compare():
    assert len(TEXTS) >= 50


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: str(p.relative_to(REPO)))
def test_devset_and_seed_candidates_unchanged(gazetteer, monkeypatch, path):
    text = path.read_text(encoding="utf-8")
    fast, slow = _both(text, gazetteer, monkeypatch)
    assert fast == slow
    assert any(c.rows for c in slow)  # the comparison is about real finds


def test_skip_spans_respected_alike(gazetteer, monkeypatch):
    text = TEXTS[0].read_text(encoding="utf-8")
    skip = [(0, len(text) // 3)]
    fast, slow = _both(text, gazetteer, monkeypatch, skip)
    assert fast == slow


def test_every_gazetteer_name_start_is_found(gazetteer):
    """The superset property itself, on names as the gazetteer writes them (accents, hyphens, apostrophes)."""
    rng = random.Random(11)
    rows = rng.sample(range(len(gazetteer)), 3000)
    for r in rows:
        name = gazetteer.names[r]
        text = f"Wij waren in {name}, zei hij."
        start = text.index(name)
        if lookup(gazetteer.exact, exact_key(name)):
            assert scan(text, gazetteer).may_start(start), name


def test_most_words_are_ruled_out(gazetteer):
    """The scan is worth running: ordinary capitalised words get no look-up."""
    text = "Minister Rutte sprak gisteren met Journalisten over Belastingen en Pensioenen."
    starts = scan(text, gazetteer)
    ruled_out = [t.text for t in tokens_of(text) if t.capital and not starts.may_start(t.start)]
    assert len(ruled_out) >= 3


def test_fold_keeps_offsets():
    text = "Straße  in Gəncə — Ærø, ʼAin en Zaporižžja"
    folded, origin = fold_text(text)
    assert "  " not in folded and len(origin) == len(folded)
    for t in tokens_of(text):
        k = fold_key(exact_key(t.text))
        if k and not t.text.startswith("ʼ"):
            pos = folded.index(" " + k) + 1
            assert origin[pos] == t.start, t.text


ODD = ["Straße", "Ærø", "ʼAin", "Gəncə", "İstanbul", "北京", "ﬁnland", "Ⅻ", "x²", "ǅemal", "Łódź", "Kyïv"]
WORDS = ["in", "de", "the", "van", "regio", "Oblast", "Noord-", "Süd-", "-", ",", ".", "’s", "s"]
WORDS += ["U.S.", "VS"]
WORDS += ["Donbasregio", "Gazastrook", "Kiews", "Russlands", "Oost-Oekraïne", "Zwolle-Enschede", "Izjoem"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_generated_text_candidates_unchanged(gazetteer, monkeypatch, data):
    rng = random.Random(data.draw(st.integers(0, 10**6)))
    names = [gazetteer.names[rng.randrange(len(gazetteer))] for _ in range(4)]
    parts = data.draw(st.lists(st.sampled_from(ODD + WORDS + names), min_size=1, max_size=12))
    seps = data.draw(st.lists(st.sampled_from([" ", "", "  ", " - ", "\u00a0", "\n", "2"]), min_size=12))
    text = "".join(p + s for p, s in zip(parts, seps, strict=False))
    fast, slow = _both(text, gazetteer, monkeypatch)
    assert fast == slow
