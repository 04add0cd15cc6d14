"""Decide which place each candidate span names, and say why.

Every gazetteer row a span could mean gets a score built from readable parts: a prior (population,
curated rows, countries), the cue words around it (regio/river/Gebiet/kerncentrale...), the company it
keeps (the article's other places: same country, nearby, already named with a cue), and penalties for
readings that are probably not places at all (ordinary words, parts of person names). Two passes: the
first finds confident anchors, the second scores everything against them.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from components.places.candidates import Candidate, Token, tokens_of
from components.places.gazetteer import KIND_CLASS, SETTLEMENT_KINDS, Gazetteer, lookup
from components.places.geo import EARTH_RADIUS_KM, distances_km
from components.places.names import exact_key, skeletons
from components.places.wordstats import zipf

ACCEPT = 3.5
ANCHOR = 5.0
MAX_ALTERNATIVES = 4


@dataclass
class Resolved:
    cand: Candidate
    row: int | None  # gazetteer row; None for a raw point
    score: float
    reason: str
    considered: list[dict]
    use_cue: bool  # the cue words are part of the mention

    @property
    def start(self) -> int:
        return self.cand.start if self.use_cue else self.cand.name_start

    @property
    def end(self) -> int:
        return self.cand.end if self.use_cue else self.cand.name_end


def common_word_score(g: Gazetteer, word: str, lang: str | None) -> float:
    """How ordinary a lower-cased word is in the article's language (or English, often quoted)."""
    return max(zipf(g.word_zipf, word, lang), zipf(g.word_zipf, word, "en"))


def prior(g: Gazetteer, r: int) -> tuple[float, str]:
    kind = g.kinds[r]
    if kind == "country":
        return 9.0, "country"
    pop = g.population[r]
    base = math.log10(pop + 10)
    if g.curated[r]:
        return max(base, 5.0) + 1.0, "curated " + kind
    return base, f"population {pop:,}"


def _rows_for_cue(g: Gazetteer, cls: str | None, cand_rows: tuple[int, ...], name: str) -> list[int]:
    if cls in (None, "point"):
        return list(cand_rows)
    if cls == "settlement":
        rows = [r for r in cand_rows if g.kinds[r] in SETTLEMENT_KINDS]
        return rows or list(cand_rows)
    rows: list[int] = []
    for key in (exact_key(name), *("~" + s for s in skeletons(name))):
        for r in lookup(g.core, (cls, key)):
            if r not in rows:
                rows.append(r)
    rows += [r for r in cand_rows if KIND_CLASS.get(g.kinds[r]) == cls and r not in rows]
    if not rows and cls == "region":  # "regio Kramatorsk": the region that holds the named city
        for r in cand_rows:
            reg = g.region_of.get((g.countries[r], g.admin1[r]))
            if reg is not None and reg not in rows:
                rows.append(reg)
    return rows or list(cand_rows)


class _Context:
    """What the article as a whole says: its countries and its confidently placed anchors."""

    def __init__(self, g: Gazetteer, winners: list[tuple[Candidate, int, float]]):
        self.countries: Counter[str] = Counter()
        lats, lons, keys = [], [], []
        self.cued: set[int] = set()
        self.chosen: Counter[int] = Counter()
        for cand, r, score in winners:
            self.chosen[r] += 1
            if (
                cand.cue
                and cand.cue not in ("settlement", "point")
                and KIND_CLASS.get(g.kinds[r]) == cand.cue
            ):
                self.cued.add(r)
            if score < ANCHOR:
                continue
            self.countries[g.countries[r]] += 2 if g.kinds[r] == "country" else 1
            if g.kinds[r] not in ("country",):
                lats.append(g.lats[r])
                lons.append(g.lons[r])
                keys.append(cand.key)
        self.lats, self.lons, self.keys = np.array(lats), np.array(lons), np.array(keys, dtype=object)
        self.total = sum(self.countries.values())
        self._memo: dict[tuple, float | None] = {}
        self._row_pos: dict[int, int] = {}
        self._dist = np.empty((0, 0))

    def prepare(self, g: Gazetteer, rows: set[int]) -> None:
        """Distances from every row the article may mean to every anchor, in one numpy call."""
        if not len(self.lats) or not rows:
            return
        order = sorted(rows)
        self._row_pos = {r: i for i, r in enumerate(order)}
        lat = np.radians(np.array([g.lats[r] for r in order]))[:, None]
        lon = np.radians(np.array([g.lons[r] for r in order]))[:, None]
        alat, alon = np.radians(self.lats)[None, :], np.radians(self.lons)[None, :]
        a = np.sin((alat - lat) / 2) ** 2 + np.cos(lat) * np.cos(alat) * np.sin((alon - lon) / 2) ** 2
        self._dist = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))

    def nearest(self, g: Gazetteer, r: int, own_key: str) -> float | None:
        """Distance to the closest anchor that is not another mention of the same name."""
        if not len(self.lats):
            return None
        memo_key = (r, own_key)
        if memo_key not in self._memo:
            mask = self.keys != own_key
            if not mask.any():
                self._memo[memo_key] = None
            elif r in self._row_pos:
                self._memo[memo_key] = float(self._dist[self._row_pos[r]][mask].min())
            else:
                self._memo[memo_key] = float(
                    distances_km(g.lats[r], g.lons[r], self.lats[mask], self.lons[mask]).min()
                )
        return self._memo[memo_key]


def resolve_article(
    text: str, lang: str | None, cands: list[Candidate], g: Gazetteer, toks: list[Token] | None = None
) -> list[Resolved]:
    toks = tokens_of(text) if toks is None else toks
    tok_at = {t.start: k for k, t in enumerate(toks)}
    sigs = [None if c.how == "point" else _signature(g, text, lang, c, toks, tok_at) for c in cands]
    bases = [() if s is None else _base_scores(g, s) for s in sigs]
    winners = []
    for c, base in zip(cands, bases, strict=True):
        best = max(base, key=lambda t: t[1]) if base else None
        if best is not None and best[1] >= ACCEPT:
            winners.append((c, best[0], best[1]))
    ctx = _Context(g, winners)
    ctx.prepare(g, {r for base in bases for r, _s, _w in base if g.kinds[r] not in _NO_DISTANCE_KINDS})
    memo: dict[tuple, Resolved | None] = {}
    out: list[Resolved] = []
    for c, sig, base in zip(cands, sigs, bases, strict=True):
        if c.how == "point":
            out.append(_point(g, c))
            continue
        key = (sig, c.key)
        if key not in memo:  # repeated mentions of one name in one article resolve alike
            memo[key] = _decide(g, c, sig, base, ctx)
        done = memo[key]
        if done is not None:
            out.append(Resolved(c, done.row, done.score, done.reason, done.considered, done.use_cue))
    return out


def _decide(g: Gazetteer, c: Candidate, sig: tuple, base, ctx: _Context) -> Resolved | None:
    scored = []
    for r, s, why in base:
        why = list(why)
        s += _context_bonus(
            g,
            r,
            c,
            ctx,
            why,
            bare_region=KIND_CLASS.get(g.kinds[r]) == "region" and sig[_HAS_CITY] and not c.cue,
        )
        scored.append((r, s, why))
    if not scored:
        return None
    scored.sort(key=lambda t: -t[1])
    r, score, why = scored[0]
    if score < ACCEPT:
        return None
    # The rejected readings only: the row itself already says what won and why. Each place once.
    considered, seen = [], {g.ids[r]}
    for x, s, w in scored[1:]:
        if g.ids[x] in seen or len(considered) == MAX_ALTERNATIVES:
            continue
        seen.add(g.ids[x])
        considered.append(
            {
                "place_id": g.ids[x],
                "name": g.names[x],
                "kind": g.kinds[x],
                "country": g.countries[x],
                "score": round(s, 2),
                "why": "; ".join(w),
            }
        )
    use_cue = bool(c.cue) and c.cue not in ("point", "settlement") and KIND_CLASS.get(g.kinds[r]) == c.cue
    return Resolved(c, r, score, "; ".join(why), considered, use_cue)


_HAS_CITY = 10
_NO_DISTANCE_KINDS = frozenset({"country", "region", "sea", "river"})
_BASE_CACHE: dict[tuple, tuple] = {}
_BASE_CACHE_MAX = 200_000


def _signature(
    g: Gazetteer, text: str, lang: str | None, c: Candidate, toks: list[Token], tok_at: dict[int, int]
) -> tuple:
    """Everything the context-free score depends on, so it can be computed once per distinct mention."""
    name = text[c.name_start : c.name_end]
    phrase_key = exact_key(text[c.start : c.end]) if c.cue else ""
    return (
        id(g),
        name,
        phrase_key,
        c.cue,
        c.cue_word,
        c.how,
        c.rows,
        c.variant_rows,
        c.article_before,
        _person_context(g, text, c, toks, tok_at, lang),
        any(g.kinds[r] in SETTLEMENT_KINDS for r in c.rows),  # _HAS_CITY
        _sentence_initial(text, c.name_start),
        lang,
        _capitalised_neighbour(text, c, toks, tok_at),  # _IN_PHRASE
    )


def _capitalised_neighbour(text: str, c: Candidate, toks: list[Token], tok_at: dict[int, int]) -> bool:
    """Is the name glued to another capitalised word ("Human Rights Watch", "the White House Press")?"""
    i = tok_at.get(c.name_start)
    if i is None or c.start != c.name_start or c.end != c.name_end:
        return False
    j = c.last_token + 1
    if j < len(toks) and toks[j].capital and text[toks[c.last_token].end : toks[j].start] == " ":
        return True
    return (
        i > 0
        and toks[i - 1].capital
        and text[toks[i - 1].end : toks[i].start] == " "
        and not _sentence_initial(text, toks[i - 1].start)
    )


def _base_scores(g: Gazetteer, sig: tuple) -> tuple[tuple[int, float, tuple[str, ...]], ...]:
    hit = _BASE_CACHE.get(sig)
    if hit is None:
        if len(_BASE_CACHE) >= _BASE_CACHE_MAX:
            _BASE_CACHE.clear()
        hit = _BASE_CACHE[sig] = _score_rows(g, sig)
    return hit


def _score_rows(g: Gazetteer, sig: tuple) -> tuple[tuple[int, float, tuple[str, ...]], ...]:
    (
        _gid,
        name,
        phrase_key,
        cue,
        cue_word,
        how,
        cand_rows,
        variant_rows,
        article_before,
        person,
        has_city,
        sentence_initial,
        lang,
        in_phrase,
    ) = sig
    rows = _rows_for_cue(g, cue, cand_rows, name)
    single = " " not in name.strip()
    words = name.split()
    # A name made only of ordinary words is as suspect as one ordinary word ("White House").
    common = min(common_word_score(g, w, lang) for w in words) if words else 0.0
    phrase_rows = set(lookup(g.core, ("phrase", phrase_key))) if cue else set()
    scored = []
    for r in rows:
        s, first_why = prior(g, r)
        why = [first_why]
        kind = g.kinds[r]
        cls = KIND_CLASS.get(kind, "other")
        curated = g.curated[r]
        if len(name) <= 2 and not (curated and name.isupper()):
            continue
        if r in variant_rows:
            s -= 1.5
            why.append("spelling variant")
        elif how == "genitive":
            s -= 0.5
            why.append("genitive form")
        if cue and cue != "point":
            if cls == cue:
                s += 2.0
                why.append(f"cue '{cue_word}'")
                if r in phrase_rows:
                    s += 1.5
                    why.append("listed under that phrase")
            elif cue != "settlement":
                s -= 2.0
                why.append(f"cue '{cue_word}' asks for a {cue}")
        elif cls == "region" and has_city and kind != "country":
            s -= 3.0
            why.append("a city of that name is meant without a cue")
        elif cls in ("river", "sea") and single and not article_before:
            s -= 1.5
            why.append("bare water name")
        if article_before and cls in ("river", "sea"):  # "de Dnjepr", "the Dnipro", "die Krim"
            s += 2.0
            why.append("definite article")
        if common >= 3.0:
            # Capitals carry no information at the start of a sentence, nor on German nouns; elsewhere a
            # capitalised ordinary word is most likely a proper name ("in Washington", "in Reading").
            weight = 0.6 if curated else 1.5 if (sentence_initial or lang == "de") else 0.5 if single else 1.0
            pen = (common - 3.0) * weight
            if pen > 0.05:
                s -= pen
                why.append(f"ordinary word (zipf {common:.1f})")
            if in_phrase and single and common >= 4.0 and not curated:
                s -= (
                    3.0  # "Human Rights Watch", "Armed Forces": an ordinary word inside an institution's name
                )
                why.append("part of a longer capitalised name")
        if article_before and cls == "settlement" and not in_phrase:
            s -= 1.5  # towns take no article ("the White House", "het Oosten")
            why.append("definite article before a town")
        if person:
            s -= 4.0
            why.append(person)
        if sentence_initial and single and not curated:
            s -= 0.5
        scored.append((r, s, tuple(why)))
    return tuple(scored)


def _context_bonus(
    g: Gazetteer, r: int, c: Candidate, ctx: _Context, why: list[str], bare_region: bool
) -> float:
    bonus = 0.0
    # "rivier de Dnjepr ... de Dnipro": a later bare name keeps the kind it was given. Not for a region
    # whose name is also a city's ("regio Kiev ... Kiev" still means the city).
    if r in ctx.cued and not bare_region:
        bonus += 3.0
        why.append("named with a cue elsewhere in the article")
    elif ctx.chosen[r] > 1:
        bonus += 0.5
    if ctx.total and g.kinds[r] != "country":
        share = ctx.countries[g.countries[r]] / ctx.total
        if share:
            bonus += 1.5 * share
            why.append(f"article is about {g.countries[r]} ({share:.0%})")
    if g.kinds[r] not in _NO_DISTANCE_KINDS:
        d = ctx.nearest(g, r, c.key)
        if d is not None:
            step = 2.0 if d < 50 else 1.5 if d < 150 else 1.0 if d < 400 else 0.0 if d < 1500 else -1.0
            if step:
                bonus += step
                why.append(f"{d:.0f} km from the article's other places")
    return bonus


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip(" „“\"'‘«(")
    return not before or before[-1] in ".!?\n:…"


# Words for roles and offices. Before a name they announce a person ("president Vladimir Poetin");
# after a place name they describe its office ("Kharkiv Mayor", "Kherson Governor"), not a surname.
ROLE_WORDS = frozenset(
    w.strip()
    for w in (Path(__file__).parent / "data" / "role_words.txt").read_text(encoding="utf-8").splitlines()
    if w.strip() and not w.startswith("#")
)


def _person_context(
    g: Gazetteer, text: str, c: Candidate, toks: list[Token], tok_at: dict[int, int], lang: str | None
) -> str | None:
    """'Vladimir Poetin', 'George Washington', 'president Volodymyr ...': the name is part of a person's."""
    i = tok_at.get(c.name_start)
    if i is None:
        return None
    if i > 0 and c.start == c.name_start:
        prv = toks[i - 1]
        gap = text[prv.end : toks[i].start]
        if gap in (" ", "\u00a0") and prv.text.lower() in ROLE_WORDS:
            return f"after the role word '{prv.text}'"
        if (
            gap in (" ", "\u00a0")
            and prv.capital
            and not _sentence_initial(text, prv.start)
            and _looks_like_name(g, prv.text, lang)
        ):
            return "preceded by a name"
    j = c.last_token + 1 if c.end == c.name_end else None
    if j is not None and j < len(toks):
        nxt = toks[j]
        gap = text[toks[c.last_token].end : nxt.start]
        if gap in (" ", "\u00a0") and nxt.capital and _looks_like_name(g, nxt.text, lang):
            return "followed by a name"
    return None


def _looks_like_name(g: Gazetteer, word: str, lang: str | None) -> bool:
    """A capitalised word that is neither a place nor a role. German capitalises every noun, so there
    only words rare enough to be names count."""
    # A word that is a place name somewhere (Wallace, Lincoln) can still be a surname; roles are not names.
    if word.lower() in ROLE_WORDS:
        return False
    # wordfreq knows frequent surnames (Poetin 4.1) but adjectives and nouns are commoner (Russische 4.9).
    return common_word_score(g, word, lang) < (3.5 if lang == "de" else 4.5)


def _point(g: Gazetteer, c: Candidate) -> Resolved:
    lat, lon = c.point  # type: ignore[misc]
    near, dist = nearest_settlement(g, lat, lon)
    label = f"{lat:.4f}, {lon:.4f}"
    name = f"{g.names[near]} (point {label})" if near is not None and dist < 50 else f"Point {label}"
    why = f"coordinates; {dist:.1f} km from {g.names[near]}" if near is not None else "coordinates"
    res = Resolved(c, None, 10.0, why, [], True)
    res.point_row = {
        "place_id": f"pt:{lat:.5f},{lon:.5f}",
        "name": name,
        "kind": "point",
        "lat": lat,
        "lon": lon,
        "country": g.countries[near] if near is not None and dist < 200 else "",
        "source": "coordinates in the text",
    }
    return res


def nearest_settlement(g: Gazetteer, lat: float, lon: float) -> tuple[int | None, float]:
    idx, lats, lons = g.settlement_points
    if not len(idx):
        return None, float("inf")
    d = distances_km(lat, lon, lats, lons)
    k = int(d.argmin())
    return int(idx[k]), float(d[k])


def mention_record(res: Resolved, g: Gazetteer, text: str) -> dict:
    """The mentions-table row for one resolved span (sentence columns are filled by the caller)."""
    place = getattr(res, "point_row", None) or g.row(res.row)  # type: ignore[arg-type]
    return {
        "start": res.start,
        "end": res.end,
        "surface": text[res.start : res.end],
        **{k: place[k] for k in ("place_id", "name", "kind", "lat", "lon", "country")},
        "score": round(res.score, 3),
        "reason": res.reason,
        "candidates": json.dumps(res.considered, ensure_ascii=False),
        "_source": place["source"],
    }
