"""Decide which place each candidate span names, and say why.

Every gazetteer row a span could mean gets a score from the named rules in `scoring`: a prior, the cue
words around it, the company it keeps in the article, and penalties for readings that are probably not
places at all. This module gathers what the rules need from the text (is the name part of a person's,
glued to another capitalised word, at a sentence start?) and runs two passes: the first finds confident
anchors, the second scores everything against them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from components.places.article_rules import ArticleContext, Reading, context_bonus
from components.places.candidates import Candidate
from components.places.containment import Link, contains, find_links
from components.places.gazetteer import KIND_CLASS, SETTLEMENT_KINDS, Gazetteer, PlaceRecord, lookup
from components.places.geo import distances_km
from components.places.names import exact_key
from components.places.scoring import (
    ACCEPT,
    NO_DISTANCE_KINDS,
    Signature,
    base_scores,
    common_word_score,
    cue_level,
)
from components.places.tokens import Token, tokens_of
from components.places.wordstats import is_name

MAX_ALTERNATIVES = 4


@dataclass
class Resolved:
    cand: Candidate
    row: int | None  # gazetteer row; None for a raw point
    score: float
    reason: str
    considered: list[dict]
    use_cue: bool  # the cue words are part of the mention
    point: PlaceRecord | None = None  # the place a coordinate pair names (row is None then)

    @property
    def start(self) -> int:
        return self.cand.start if self.use_cue else self.cand.name_start

    @property
    def end(self) -> int:
        return self.cand.end if self.use_cue else self.cand.name_end

    def place(self, g: Gazetteer) -> PlaceRecord:
        """The place this span was resolved to."""
        if self.point is not None:
            return self.point
        assert self.row is not None
        return g.row(self.row)


def resolve_article(
    text: str, lang: str | None, cands: list[Candidate], g: Gazetteer, toks: list[Token] | None = None
) -> list[Resolved]:
    toks = tokens_of(text) if toks is None else toks
    tok_at = {t.start: k for k, t in enumerate(toks)}
    sigs = [None if c.how == "point" else _signature(g, text, lang, c, toks, tok_at) for c in cands]
    bases = [() if s is None else base_scores(g, s) for s in sigs]
    winners = []
    for c, base in zip(cands, bases, strict=True):
        best = max(base, key=lambda t: t[1]) if base else None
        if best is not None and best[1] >= ACCEPT:
            winners.append((c, best[0], best[1]))
    ctx = ArticleContext(g, winners, lang)
    links = find_links(g, text, cands, toks)
    ctx.prepare(g, {r for base in bases for r, _s, _w in base if g.kinds[r] not in NO_DISTANCE_KINDS})
    memo: dict[tuple, Resolved | None] = {}
    for c, sig, base, link in zip(cands, sigs, bases, links, strict=True):
        key = (sig, c.key, link)
        if c.how != "point" and key not in memo:  # repeated mentions of one name resolve alike
            memo[key] = _decide(g, c, sig, base, ctx, link)
    ctx.settled = _settled_rows(g, memo)
    if ctx.settled:  # "PARIS, Texas — ... in Paris": the later bare Paris is the same Paris
        for c, sig, base, link in zip(cands, sigs, bases, links, strict=True):
            key = (sig, c.key, link)
            done = memo.get(key)
            unsettled = done is not None and done.row != ctx.settled.get(c.key, done.row)
            if unsettled and not link.outer and not c.cue:
                memo[key] = _decide(g, c, sig, base, ctx, link)
    out: list[Resolved] = []
    for c, sig, link in zip(cands, sigs, links, strict=True):
        if c.how == "point":
            out.append(_point(g, c))
            continue
        done = memo[(sig, c.key, link)]
        if done is not None:
            out.append(
                Resolved(c, done.row, done.score, done.reason, done.considered, done.use_cue, done.point)
            )
    return out


def _settled_rows(g: Gazetteer, memo: dict[tuple, Resolved | None]) -> dict[str, int]:
    """Name key -> the row a mention of it was placed at by containment written next to it."""
    settled: dict[str, int] = {}
    for (_sig, key, link), done in memo.items():
        placed = done is not None and done.row is not None and bool(link.outer)
        if placed and any(contains(g, y, done.row) for y in link.outer):
            settled.setdefault(key, done.row)
    return settled


def _decide(
    g: Gazetteer, c: Candidate, sig: Signature, base, ctx: ArticleContext, link: Link
) -> Resolved | None:
    scored = []
    for r, s, why in base:
        why = list(why)
        bare_region = KIND_CLASS.get(g.kinds[r]) == "region" and sig.has_city and not c.cue
        s += context_bonus(g, Reading(r, c, bare_region, link), ctx, why)
        scored.append((r, s, why))
    if not scored:
        return None
    scored.sort(key=lambda t: -t[1])
    r, score, why = scored[0]
    if score < ACCEPT:
        return None
    use_cue = bool(c.cue) and c.cue not in ("point", "settlement") and KIND_CLASS.get(g.kinds[r]) == c.cue
    seat = c.cue == "region" and g.kinds[r] in SETTLEMENT_KINDS and cue_level(c.cue_word) == "admin2"
    unit = seat_unit(g, r, sig.name, c.cue_word or "") if seat else None
    return Resolved(c, r, score, "; ".join(why), _alternatives(g, r, scored[1:]), use_cue or seat, unit)


def seat_unit(g: Gazetteer, r: int, name: str, cue_word: str) -> PlaceRecord:
    """A second-level unit the gazetteer lacks ("Landkreis Ahrweiler", "Maricopa County"), placed at the
    town it is named after: a region for the map, honest about where its point comes from."""
    unit = cue_word.split()[-1]
    return PlaceRecord(
        place_id=f"seat:{g.ids[r]}:{unit}",
        name=f"{name} ({unit})",
        kind="region",
        lat=g.lats[r],
        lon=g.lons[r],
        country=g.countries[r],
        source=f"{unit} named after {g.names[r]}; placed at that town ({g.sources[r]})",
    )


def _alternatives(g: Gazetteer, winner: int, rest: list[tuple[int, float, list[str]]]) -> list[dict]:
    """The rejected readings only: the row itself already says what won and why. Each place once."""
    considered, seen = [], {g.ids[winner]}
    for x, s, w in rest:
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
    return considered


def _signature(
    g: Gazetteer, text: str, lang: str | None, c: Candidate, toks: list[Token], tok_at: dict[int, int]
) -> Signature:
    """Everything the context-free score depends on, so it can be computed once per distinct mention."""
    return Signature(
        gazetteer_id=id(g),
        name=text[c.name_start : c.name_end],
        phrase_key=exact_key(text[c.start : c.end]) if c.cue else "",
        cue=c.cue,
        cue_word=c.cue_word,
        how=c.how,
        rows=c.rows,
        variant_rows=c.variant_rows,
        article_before=c.article_before,
        person=_person_context(g, text, c, toks, tok_at, lang),
        has_city=any(g.kinds[r] in SETTLEMENT_KINDS for r in c.rows),
        sentence_initial=_sentence_initial(text, c.name_start),
        lang=lang,
        in_phrase=_capitalised_neighbour(text, c, toks, tok_at),
        dateline=_dateline(text, c),
        inside_name=_inside_name(text, c, toks, tok_at),
        word_before=_word_before(text, c, toks, tok_at) if lang == "de" else None,
    )


# German words before a noun that a town name never follows: a preposition with an article (a town is "in
# Norden", the compass point "im Norden"), and articles and determiners ("die Lage", "viele Schulen").
_CONTRACTIONS = frozenset({"im", "vom", "zum", "beim"})
_DETERMINERS = frozenset(
    {
        *("der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines"),
        *("kein", "keine", "keinen", "keiner", "viele", "vielen", "mehrere", "mehreren", "zahlreiche"),
        *("zahlreichen", "alle", "allen", "diese", "dieser", "dieses", "diesen", "manche", "einige"),
        *("seine", "seinen", "ihre", "ihren", "unsere", "beide", "beiden"),
    }
)


def _word_before(text: str, c: Candidate, toks: list[Token], tok_at: dict[int, int]) -> str | None:
    """ "contraction" or "determiner" when such a German word stands right before the name itself ("im
    Landkreis Görlitz" is a cue's business)."""
    if c.start != c.name_start:
        return None
    i = tok_at.get(c.start)
    if not i or text[toks[i - 1].end : c.start] != " ":
        return None
    word = toks[i - 1].text.lower()
    return "contraction" if word in _CONTRACTIONS else "determiner" if word in _DETERMINERS else None


_DATELINE_AFTER = re.compile(r"^\s*(?:,|\(|[—–-]\s)")


def _dateline(text: str, c: Candidate) -> bool:
    """An all-capitals name opening a line and followed by a comma, a bracket or a dash: "KYIV (Reuters) -",
    "TBILISI, Georgia —", "PARIS, Texas —"."""
    name = text[c.name_start : c.name_end]
    if c.start != c.name_start or len(name) < 3 or not name.isupper():
        return False
    line_start = text.rfind("\n", 0, c.name_start) + 1
    return not text[line_start : c.name_start].strip() and bool(_DATELINE_AFTER.match(text[c.name_end :]))


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
        if gap in (" ", "\u00a0") and prv.text.lower() in ROLE_WORDS and c.how != "genitive":
            return f"after the role word '{prv.text}'"  # "Präsidentin Mexikos" is the country's
        if (  # "Defence Secretary Ben Wallace"
            gap in (" ", "\u00a0")
            and prv.capital
            and i > 1
            and _spaced(text, toks[i - 2], prv)
            and toks[i - 2].text.lower() in ROLE_WORDS
        ):
            return f"after the role word '{toks[i - 2].text}' and a first name"
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


def _name_words() -> dict[str, dict[str, str]]:
    """{"before"|"after": {word: what}} from data/name_words.txt: words that make a place name part of a
    club's or a storm's name."""
    out: dict[str, dict[str, str]] = {"before": {}, "after": {}}
    path = Path(__file__).parent / "data" / "name_words.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] in out:
            out[parts[0]][parts[2]] = parts[1]
    return out


NAME_WORDS = _name_words()
_QUOTE_GAP = re.compile(r"^[ \u00a0]+[„“\"'‘«]?$")


def _inside_name(text: str, c: Candidate, toks: list[Token], tok_at: dict[int, int]) -> str | None:
    """A place name inside another thing's name is no mention of the place: "Borussia Dortmund",
    "Manchester United", "Hurrikan „Milton“" (a listed "X City", such as Mexico City, is matched whole
    and never gets here)."""
    i = tok_at.get(c.start)
    if i is not None and i > 0:
        prv = toks[i - 1]
        what = NAME_WORDS["before"].get(prv.text)
        if what and _QUOTE_GAP.match(text[prv.end : toks[i].start]):
            return f"part of a {what}'s name ('{prv.text} {text[c.start : c.end]}')"
    j = c.last_token + 1
    if j < len(toks) and text[toks[c.last_token].end : toks[j].start] == " ":
        what = NAME_WORDS["after"].get(toks[j].text)
        if what:
            return f"part of a {what}'s name ('{text[c.start : c.end]} {toks[j].text}')"
    return None


def _spaced(text: str, a: Token, b: Token) -> bool:
    return text[a.end : b.start] in (" ", "\u00a0")


def _looks_like_name(g: Gazetteer, word: str, lang: str | None) -> bool:
    """A capitalised word that is neither a place nor a role. German capitalises every noun, so there
    only words rare enough to be names count."""
    # A word that is a place name somewhere (Wallace, Lincoln) can still be a surname; roles are not names.
    if word.lower() in ROLE_WORDS:
        return False
    # wordfreq knows frequent surnames (Poetin 4.1) but adjectives and nouns are commoner (Russische 4.9).
    if common_word_score(g, word, lang) < (3.5 if lang == "de" else 4.5):
        return True
    # A frequent word that dictionaries list only capitalised is a name ("Ben Wallace", "Paris Hilton"),
    # unless it names a country or region ("Paris Texas" without its comma).
    return is_name(g.word_zipf, word, lang) and not any(
        KIND_CLASS.get(g.kinds[r]) in ("country", "region") for r in lookup(g.exact, exact_key(word))
    )


def _point(g: Gazetteer, c: Candidate) -> Resolved:
    lat, lon = c.point  # type: ignore[misc]
    near, dist = nearest_settlement(g, lat, lon)
    label = f"{lat:.4f}, {lon:.4f}"
    name = f"{g.names[near]} (point {label})" if near is not None and dist < 50 else f"Point {label}"
    why = f"coordinates; {dist:.1f} km from {g.names[near]}" if near is not None else "coordinates"
    place = PlaceRecord(
        place_id=f"pt:{lat:.5f},{lon:.5f}",
        name=name,
        kind="point",
        lat=lat,
        lon=lon,
        country=g.countries[near] if near is not None and dist < 200 else "",
        source="coordinates in the text",
    )
    return Resolved(c, None, 10.0, why, [], True, point=place)


def nearest_settlement(g: Gazetteer, lat: float, lon: float) -> tuple[int | None, float]:
    idx, lats, lons = g.settlement_points
    if not len(idx):
        return None, float("inf")
    d = distances_km(lat, lon, lats, lons)
    k = int(d.argmin())
    return int(idx[k]), float(d[k])
