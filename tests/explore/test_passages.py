"""Shared-passage detection between two texts (components.explore.passages)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from components.explore.passages import (
    DEFAULT_THRESHOLD,
    article_passages,
    find_quotes,
    mask_spans,
    shared_passages,
    split_sentences,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

ARTICLE_A = (
    "Het Oekraïense leger is vrijdag Cherson binnengetrokken, de belangrijke stad in het zuiden "
    "van het land. Dat zegt het ministerie. "
    "Zelensky zei: „Dit is een historische dag voor ons hele land en voor Europa.” "
    "Verder is er weinig bekend over de situatie in de dorpen rond de stad."
)
ARTICLE_B = (
    "Vrijdag trok het leger de stad binnen. Het Oekraïense leger is vrijdag Cherson binnengetrokken, "
    "de belangrijkste stad in het zuiden van het land! De president verklaarde op televisie dat "
    "“dit een historische dag voor ons hele land en voor Europa” was, en hij bedankte de soldaten."
)


def _check_offsets(pair, text_a: str, text_b: str) -> None:
    assert text_a[pair.a_start : pair.a_end] == pair.a_text
    assert text_b[pair.b_start : pair.b_end] == pair.b_text


def test_finds_edited_sentence_and_shared_quote_with_offsets():
    pairs = shared_passages(ARTICLE_A, ARTICLE_B)
    assert [p.kind for p in pairs] == ["sentence", "quote"]
    sentence, quote = pairs
    assert sentence.a_text.startswith("Het Oekraïense leger is vrijdag")
    assert sentence.b_text.endswith("van het land!")
    assert DEFAULT_THRESHOLD <= sentence.score < 100
    assert "historische dag" in quote.a_text and "historische dag" in quote.b_text
    for pair in pairs:
        _check_offsets(pair, ARTICLE_A, ARTICLE_B)


def test_identical_texts_align_every_sentence_once():
    pairs = shared_passages(ARTICLE_A, ARTICLE_A)
    assert all(p.score == 100 for p in pairs)
    assert all(p.a_start == p.b_start for p in pairs)
    starts = [p.a_start for p in pairs]
    assert starts == sorted(set(starts))


def test_each_region_pairs_at_most_once():
    sentence = "Russische troepen hebben zich teruggetrokken naar de oostelijke oever van de Dnjepr."
    pairs = shared_passages(sentence, f"{sentence} Iets anders gebeurde ook nog vandaag. {sentence}")
    assert len(pairs) == 1


def test_a_threshold_above_a_score_drops_that_pair_only():
    pairs = shared_passages(ARTICLE_A, ARTICLE_B)
    low, high = sorted(pairs, key=lambda p: p.score)
    assert low.score < high.score
    stricter = shared_passages(ARTICLE_A, ARTICLE_B, threshold=(low.score + high.score) / 2)
    assert stricter == [high]


def test_same_topic_different_wording_is_not_a_shared_passage():
    """The Kherson seeds 000 and 001 report the same day in their own words: nothing is copied."""
    text_000 = (SEEDS / "000_a58eedbe23edabad.txt").read_text(encoding="utf-8")
    text_001 = (SEEDS / "001_461017412f6bb48b.txt").read_text(encoding="utf-8")
    assert shared_passages(text_000, text_001) == []
    # ...but a paragraph copied from 000 into 001 is found, at its offsets in both texts.
    copied = text_000[text_000.index("De inname van") : text_000.index("Gebouwen in")].strip()
    combined = text_001 + "\n\n" + copied.replace("strategisch belangrijke", "strategische")
    pairs = shared_passages(text_000, combined)
    assert len(pairs) == 2
    for pair in pairs:
        _check_offsets(pair, text_000, combined)
        assert pair.b_start > len(text_001)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hij zei „we gaan nu echt winnen” en ging.", ["we gaan nu echt winnen"]),
        ("He said “we will win this war” today.", ["we will win this war"]),
        ("Ze riepen ‘zich onmiddellijk over te geven’ gisteren.", ["zich onmiddellijk over te geven"]),
        ('Er stond "Rusland is hier voor altijd" op.', ["Rusland is hier voor altijd"]),
        ("Een poster met ’Rusland is hier voor altijd’ viel.", ["Rusland is hier voor altijd"]),
        ("Foto’s van z’n huis, zo’n drie stuks.", []),
        ("Te kort: „ja hoor” zei hij.", []),
        ("„Never closed quote runs on", []),
    ],
)
def test_find_quotes(text, expected):
    quotes = find_quotes(text)
    assert [q.text for q in quotes] == expected
    assert all(text[q.start : q.end] == q.text for q in quotes)


def test_split_sentences_keeps_offsets():
    text = "Eerste zin hier. Tweede zin!\nDerde regel zonder punt"
    units = split_sentences(text)
    assert [u.text for u in units] == ["Eerste zin hier.", "Tweede zin!", "Derde regel zonder punt"]
    assert all(text[u.start : u.end] == u.text for u in units)


def test_mask_spans_blanks_without_moving_offsets():
    text = "keep\ncookie notice here\nkeep too"
    masked = mask_spans(text, [(5, 24), (-3, 0), (30, 99)])
    assert len(masked) == len(text)
    assert masked.split("\n")[1].strip() == "" and masked.startswith("keep\n")
    assert masked[25:30] == text[25:30]


@pytest.mark.parametrize(("a", "b"), [("", ""), (None, "x y z"), ("kort.", "kort."), ("   ", None)])
def test_empty_or_tiny_inputs_give_nothing(a, b):
    assert shared_passages(a, b) == []


def test_article_passages_ignore_boilerplate_but_keep_embedded_posts():
    notice = "Wij gebruiken cookies om de website goed te laten werken en om statistieken bij te houden."
    post = "Kherson is free again, the flag is flying over the administration building today."
    text_a = f"{notice}\nDe troepen trokken vandaag de stad Cherson binnen na weken van strijd.\n{post}"
    text_b = f"Een heel ander verhaal over het weer in Utrecht en omgeving.\n{notice}\n{post}"
    a_notice, a_post = (0, len(notice)), (text_a.index(post), len(text_a))
    b_notice, b_post = (
        (text_b.index(notice), text_b.index(notice) + len(notice)),
        (text_b.index(post), len(text_b)),
    )
    boiler_a = json.dumps([[*a_notice, "cookie"], [*a_post, "post"]])
    boiler_b = json.dumps([[*b_notice, "cookie"], [*b_post, "post"]])
    found = article_passages(text_a, boiler_a, text_b, boiler_b, 85.0)
    assert [(p.a_text, p.b_text) for p in found] == [(post, post)]  # the cookie notice is not shared news
    assert text_a[found[0].a_start : found[0].a_end] == post
    unmasked = article_passages(text_a, "[]", text_b, "[]", 85.0)
    assert {p.a_text for p in unmasked} == {notice, post}
