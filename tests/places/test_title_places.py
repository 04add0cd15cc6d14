"""Places in a title line are found like places in the body, also right after a ` date` header line
(merged with the header, the title was once skipped; texts written for these tests)."""

from __future__ import annotations

from placehelpers import names

from components.corpus.article import parse_source
from components.corpus.readers import Source


def test_title_after_date_header_is_not_skipped():
    text = " date 2025-03-04\nHochwasser in Dresden\n\nDie Pegel steigen weiter, sagte ein Sprecher."
    art = parse_source(Source("t.txt", None, text, "text"))
    title_start = text.index("Hochwasser")
    assert art.title == "Hochwasser in Dresden"
    assert all(not (s <= title_start < e) for s, e in art.skip)
    assert any(s == 0 for s, _ in art.skip)  # the header itself stays skipped


def test_places_in_titles_are_found(gazetteer):
    nl = " date 2025-01-10\nStorm treft Zwolle en Enschede\n\nDe brandweer rukte vaak uit, meldde de regio."
    en = " date 2025-02-11\nFloods cut roads across Kentucky\n\nCrews worked through the night."
    assert names(nl, gazetteer)[:2] == ["Zwolle", "Enschede"]
    assert names(en, gazetteer)[:1] == ["Kentucky"]
