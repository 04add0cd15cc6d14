"""The article context's shortcuts answer as their plain definitions do: nearest anchors from each row's
closest anchor and closest anchor of another name, and the named-unit rule looking only at units of the
reading's country."""

from __future__ import annotations

import numpy as np

from components.places.article_rules import ArticleContext, Reading, named_unit_rule
from components.places.candidates import find_candidates
from components.places.containment import contains
from components.places.geo import distances_km

TEXT = (
    "Beschietingen in Charkiv en Izjoem; in de oblast Donetsk werden Kramatorsk en Sloviansk geraakt. "
    "Ook Parijs, Berlijn en Odessa meldden luchtalarm, net als Paris in Texas."
)


def _context(g) -> tuple[ArticleContext, list[int], list]:
    cands = find_candidates(TEXT, g)
    rows = sorted({r for c in cands for r in c.rows})
    anchors = rows[:: max(1, len(rows) // 8)][:8]
    winners = [(c, r, 10.0) for c in cands for r in c.rows if r in anchors]
    ctx = ArticleContext(g, winners, "nl")
    ctx.prepare(g, set(rows))
    return ctx, rows, cands


def test_nearest_is_the_plain_masked_minimum(gazetteer):
    g = gazetteer
    ctx, rows, cands = _context(g)
    assert len(ctx.lats) >= 2 and len(set(ctx.keys)) >= 2
    keys = sorted({c.key for c in cands}) + ["no such key"]
    checked = 0
    for r in rows:
        for key in keys:
            mask = ctx.keys != key
            want = (
                float(distances_km(g.lats[r], g.lons[r], ctx.lats[mask], ctx.lons[mask]).min())
                if mask.any()
                else None
            )
            got = ctx.nearest(g, r, key)
            assert got == want or (got is not None and np.isclose(got, want, rtol=0, atol=1e-9))
            checked += 1
    assert checked > 20


def test_nearest_without_another_anchor_name_is_none(gazetteer):
    g = gazetteer
    ctx, rows, _ = _context(g)
    ctx.keys = np.array(["same"] * len(ctx.keys), dtype=object)
    ctx.prepare(g, set(rows))
    assert ctx.nearest(g, rows[0], "same") is None
    assert ctx.nearest(g, rows[0], "other") is not None


def test_named_unit_rule_answers_as_the_loop_over_every_unit(gazetteer):
    g = gazetteer
    ctx, rows, cands = _context(g)
    assert ctx.units, "the text names admin units"
    for c in cands:
        for r in c.rows:
            want = next(
                (
                    (1.5, f"in {g.names[u]}, named in the article")
                    for u, key in ctx.units
                    if key != c.key and contains(g, u, r)
                ),
                None,
            )
            x = Reading(r, c, False)
            assert named_unit_rule(g, x, ctx) == want
