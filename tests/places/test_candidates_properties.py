"""Properties of candidate finding and resolution over generated texts (hypothesis): offsets always index
the text, spans never overlap, and a cued mention keeps its kind whatever unrelated sentence is added."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.places.candidates import find_candidates
from components.places.resolve import resolve_article

FRAGMENTS = [
    "Zwolle",
    "Zwolle-Enschede",
    "Gaza-strook",
    "Donbasregio",
    "US-Regierung",
    "Peru's",
    "PARIS,",
    "Texas",
    "Landkreis Görlitz",
    "Maricopa County",
    "de Russische stad Belgorod",
    "regio Cherson",
    "the Kharkiv region",
    "Schuld",
    "die",
    "in",
    "and",
    "en",
    "im",
    ",",
    ".",
    " (",
    ")",
    "—",
    "\n",
    "Kyiv",
    "Berlin",
    "50.4501, 30.5234",
    "Jean-Claude",
    "ijs",
    "Über",
    "Ærø",
]
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _spans(text: str, g, lang: str = "nl"):
    cands = find_candidates(text, g)
    return cands, resolve_article(text, lang, [c for c in cands if c.how != "unknown"], g)


@SETTINGS
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=14), st.sampled_from([" ", "", "  "]))
def test_offsets_index_the_text_and_do_not_overlap(gazetteer, parts, sep):
    text = sep.join(parts)
    cands, resolved = _spans(text, gazetteer)
    for c in cands:
        assert 0 <= c.start <= c.name_start < c.name_end <= c.end <= len(text)
        assert text[c.name_start : c.name_end].strip() == text[c.name_start : c.name_end]
    ends = [(r.start, r.end) for r in resolved]
    assert all(0 <= s < e <= len(text) for s, e in ends)
    assert all(a[1] <= b[0] for a, b in zip(ends, ends[1:], strict=False))


CUED = [
    ("In de regio Cherson viel de stroom uit.", "regio Cherson", "nl"),
    ("Shelling hit the Kharkiv region again.", "Kharkiv region", "en"),
    ("Im Landkreis Görlitz wurde gewählt.", "Landkreis Görlitz", "de"),
    ("De Dnjepr is breed; de rivier de Dnjepr stroomt naar zee.", "rivier de Dnjepr", "nl"),
]
UNRELATED = [
    "Zwolle en Enschede kregen veel regen.",
    "Berlin meldete keine Schäden.",
    "Officials in Dallas said little.",
    "PARIS, Texas — A storm passed.",
    "Het Russische Belgorod werd beschoten.",
    "Die US-Regierung schwieg.",
    "Kharkiv, Kherson and Odesa lost power.",
]


def _kind_at(text: str, phrase: str, g, lang: str) -> str | None:
    at = text.index(phrase)
    _cands, resolved = _spans(text, g, lang)
    hits = [r for r in resolved if r.start <= at < r.end]
    return hits[0].place(g).kind if hits else None


@SETTINGS
@given(st.sampled_from(CUED), st.lists(st.sampled_from(UNRELATED), max_size=3), st.booleans())
def test_unrelated_sentences_do_not_change_a_cued_kind(gazetteer, cued, extra, before):
    text, phrase, lang = cued
    alone = _kind_at(text, phrase, gazetteer, lang)
    assert alone is not None
    joined = " ".join([*extra, text] if before else [text, *extra])
    assert _kind_at(joined, phrase, gazetteer, lang) == alone
