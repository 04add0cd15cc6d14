"""Glued cues ("Donbasregio", "Gazastrook") are found by suffix: the same answer as trying every cue word,
longest first, as the finder did before."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.places import candidates
from components.places.cues import cue_table
from components.places.gazetteer import lookup
from components.places.names import exact_key
from components.places.tokens import Token


def _every_cue_in_order() -> list[tuple[str, str]]:
    """The glueable cues as the plain loop tried them: longest first, then by word and kind."""
    cues = cue_table()
    found = {(k[0], kind) for k, kind in (*cues.before.items(), *cues.after.items()) if len(k) == 1}
    keep = [(w, kind) for w, kind in found if kind in ("region", "river", "sea") and len(w) >= 4]
    return sorted(keep, key=lambda t: (-len(t[0]), t))


def _plain_glued(tok: Token, g) -> tuple | None:
    low = tok.text.lower()
    for word, kind in _every_cue_in_order():
        if low.endswith(word) and len(low) - len(word) >= 3:
            stem = tok.text[: -len(word)]
            rows = lookup(g.exact, exact_key(stem))
            if rows:
                return (tok.start, tok.end, tok.start + len(stem), rows, kind, word)
    return None


def _fast_glued(tok: Token, g) -> tuple | None:
    found = candidates._glued_cue(tok, 0, g, cue_table())
    if not found:
        return None
    c = found[0]
    assert c.name_start == tok.start and c.how == "compound"
    return (c.start, c.end, c.name_end, c.rows, c.cue, c.cue_word)


def test_known_glued_names(gazetteer):
    # "Estlandkreis": "Estland" + "kreis" and "Est" + "landkreis" both name places; the longer cue wins.
    words = ("Donbasregio", "Gazastrook", "Krimhalbinsel", "Estlandkreis", "Marylandkreis", "Sallandkreis")
    for word in words:
        tok = Token(0, len(word), word)
        assert _fast_glued(tok, gazetteer) == _plain_glued(tok, gazetteer)
    assert _fast_glued(Token(0, 11, "Donbasregio"), gazetteer) is not None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_glued_cue_same_as_trying_every_cue(gazetteer, data):
    rng = random.Random(data.draw(st.integers(0, 10**6)))
    stem = data.draw(
        st.sampled_from(["Donbas", "Gaza", "Krim", "Kyiv", "Ab", "İzmir", "Straße", "Estland", "Maryland"])
        | st.just(gazetteer.names[rng.randrange(len(gazetteer))].split(" ")[0])
        | st.text(min_size=1, max_size=5)
    )
    cue = data.draw(st.sampled_from([w for w, _k in _every_cue_in_order()] + ["", "s", "x"]))
    word = stem + data.draw(st.sampled_from([cue, cue.upper(), cue.capitalize()]))
    tok = Token(3, 3 + len(word), word) if word else Token(3, 4, "X")
    assert _fast_glued(tok, gazetteer) == _plain_glued(tok, gazetteer)
