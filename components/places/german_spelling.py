"""German spelling facts the candidate finder needs: an umlaut belongs to the word it is in; names inflect."""

from __future__ import annotations

from components.places.gazetteer import Gazetteer, lookup
from components.places.names import exact_key

_UMLAUTS = frozenset("äöüÄÖÜ")  # not ß: "Meissen" is how Swiss and ASCII write Meißen
_UMLAUT_FREE_MAX_POPULATION = 100_000


def umlaut_kept(g: Gazetteer, surface: str, rows: tuple[int, ...]) -> tuple[int, ...]:
    """Rows a German spelling may name. An umlaut is part of the word ("Strände" is beaches, "Fähren"
    ferries; it is never dropped, only written out as "ae"): a small place whose own name is the same
    word without it (Strande, Fahren) is reached only by folding and is dropped. Places whose name keeps
    the umlaut, or is another word altogether ("München": Munich), stay."""
    if not rows or _UMLAUTS.isdisjoint(surface):
        return rows
    key = exact_key(surface)
    kept = tuple(
        r
        for r in rows
        if g.curated[r]
        or g.population[r] >= _UMLAUT_FREE_MAX_POPULATION
        or not _UMLAUTS.isdisjoint(g.names[r])
        or exact_key(g.names[r]) != key
    )
    return kept


def inflected_rows(g: Gazetteer, word: str) -> tuple[int, ...]:
    """Rows an inflected German form names: a genitive without apostrophe ("Kiews", "Russlands") or the
    dative of a plural country name ("in den Niederlanden"; only countries, so "Seinen" is no river)."""
    if len(word) > 4 and word.endswith("s"):
        rows = lookup(g.exact, exact_key(word[:-1]))
        if rows:
            return tuple(rows)
    if len(word) > 5 and word.endswith("en"):
        return tuple(r for r in lookup(g.exact, exact_key(word[:-1])) if g.kinds[r] == "country")
    return ()
