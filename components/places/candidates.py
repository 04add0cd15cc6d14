"""Find the spans of text that may name a place, with the cues around them.

A candidate is the longest run of capitalised tokens (with connectors such as "aan de", "am", "upon")
whose key is in the gazetteer, exactly or by transliteration skeleton. Descriptive cue words next to it
("regio Cherson", "Kherson region", "rivier de Dnjepr", "kerncentrale Zaporizja", "Gebiet Charkiw")
become part of the mention and restrict which kind of place it can be; a plural cue ("de regio's
Donetsk en Lugansk", "the Donetsk and Luhansk regions") spreads to every name in its list. Raw
coordinate pairs become point candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from components.places.cues import CueTable, cue_table
from components.places.gazetteer import Gazetteer, lookup
from components.places.german_spelling import inflected_rows, umlaut_kept
from components.places.names import exact_key, skeletons
from components.places.tokens import MAX_GAP, Token, adjacent, tokens_of

_COORDS = re.compile(
    r"\(?\s*(?P<lat>[-−]?\d{1,2}\.\d{3,})\s*°?\s*[NS]?\s*[,;]\s*(?P<lon>[-−]?\d{1,3}\.\d{3,})\s*°?\s*[EOW]?\s*\)?"
)


def _words(spaced: str) -> frozenset[str]:
    """A word list written as one string: short lower-case words stay readable on a few lines."""
    return frozenset(spaced.split())


CONNECTORS = _words("aan de den der am an im upon on sur la le del na nad pod op ob bei")
ARTICLES = frozenset({"de", "het", "the", "die", "der", "das", "den", "des", "dem"})
LINKERS = frozenset({"of", "van", "von"})  # "the village of Robotyne"
LEADING_FUNCTION_WORDS = ARTICLES | _words(
    "in im am an op at bij bei van of von vom uit aus naar nach to from near nabij"
)
DIRECTIONS = _words(
    "noord zuid oost west nord süd sud ost north south east midden centraal zentral central "
    "noordoost zuidoost noordwest zuidwest nordost südost nordwest südwest "
    "northeast southeast northwest southwest"
)
# Transliteration variants are a property of names written in Cyrillic; elsewhere a skeleton match is
# a coincidence ("Wallace" ~ Wallasey).
CYRILLIC_COUNTRIES = frozenset({"UA", "RU", "BY", "BG", "RS", "MK", "ME", "KZ", "KG", "TJ", "MN", "MD"})


@dataclass
class Candidate:
    """A span that may name a place; `rows` are gazetteer rows, `how` says how they were found."""

    start: int  # the whole mention, cue included
    end: int
    name_start: int  # the name proper
    name_end: int
    rows: tuple[int, ...]
    how: str  # exact | skeleton | genitive | direction | compound | point
    cue: str | None = None  # kind class a cue word asks for
    cue_word: str | None = None
    article_before: bool = False  # "de Krim", "the Donbas", "die Krim"
    first_token: int = 0
    last_token: int = 0
    point: tuple[float, float] | None = None
    variant_rows: frozenset[int] = frozenset()  # rows matched only through the transliteration skeleton
    key: str = ""  # exact key of the name proper


def find_candidates(
    text: str, g: Gazetteer, skip: list[tuple[int, int]] | None = None, toks: list[Token] | None = None
) -> list[Candidate]:
    """Candidate place spans in text, left to right, outside the `skip` spans."""
    toks = tokens_of(text) if toks is None else toks
    blocked = _blocked_mask(toks, skip or [])
    cues = cue_table()
    out: list[Candidate] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if blocked[i] or not tok.capital or (tok.text.lower(),) in cues.before:
            i += 1
            continue
        cand = _match_at(text, toks, i, g, blocked)
        if cand is None:
            parts = compound_parts(text, toks, i, g, cues)
            if parts:
                out.extend(parts)
                i += 1
                continue
            cand = _unknown_after_cue(text, toks, i, blocked, cues)
        if cand is None:
            i += 1
            continue
        _attach_cues(text, toks, cand, cues)
        if out and cand.start < out[-1].end:  # "Maricopa County Zwolle": the cue belongs to the name before
            cand.start, cand.cue, cand.cue_word = cand.name_start, None, None
        cand.key = exact_key(text[cand.name_start : cand.name_end])
        out.append(cand)
        i = cand.last_token + 1
    _spread_plural_cues(text, toks, out, cues)
    out.extend(_points(text, skip or []))
    out.sort(key=lambda c: c.start)
    return out


def _blocked_mask(toks: list[Token], skip: list[tuple[int, int]]) -> list[bool]:
    mask = [False] * len(toks)
    if not skip:
        return mask
    j = 0
    for i, t in enumerate(toks):
        while j < len(skip) and skip[j][1] <= t.start:
            j += 1
        if j < len(skip) and skip[j][0] < t.end and t.start < skip[j][1]:
            mask[i] = True
    return mask


def _match_at(text: str, toks: list[Token], i: int, g: Gazetteer, blocked: list[bool]) -> Candidate | None:
    # The longest run of tokens starting here whose key names a place.
    last = i
    n = 1
    while (
        n < g.max_words
        and last + 1 < len(toks)
        and not blocked[last + 1]
        and adjacent(text, toks[last], toks[last + 1])
        and (toks[last + 1].capital or toks[last + 1].text.lower() in CONNECTORS)
    ):
        last += 1
        n += 1
    for j in range(last, i - 1, -1):
        if not toks[j].capital:
            continue
        surface = text[toks[i].start : toks[j].end]
        rows = g.rows_for(surface)  # case-exact forms honoured: "US" and "VS" are places, "us" is not
        rows = umlaut_kept(g, surface, rows)
        if rows:
            cand = Candidate(
                toks[i].start,
                toks[j].end,
                toks[i].start,
                toks[j].end,
                rows,
                "exact",
                first_token=i,
                last_token=j,
            )
            if j == i:  # a variant spelling may also fit another place: "Mykolajiv" city beside the oblast
                extra = tuple(r for r in _skeleton_rows(surface, g) if r not in rows)
                cand.rows += extra
                cand.variant_rows = frozenset(extra)
            return cand
    return _single_token_fallbacks(text, toks, i, g)


def compound_parts(text: str, toks: list[Token], i: int, g: Gazetteer, cues: CueTable) -> list[Candidate]:
    """Places inside one written word the gazetteer does not know whole: a pair ("Zwolle-Enschede"), a
    place with a cue or a noun glued on ("Gaza-strook", "Donbasregio", "US-Regierung"). A hyphenated
    word next to another capitalised word is left alone: "Jean-Claude Juncker" is a person."""
    tok = toks[i]
    if _next_to_capital(text, toks, i):
        return []
    if "-" not in tok.text and "‐" not in tok.text:
        return _glued_cue(tok, i, g, cues)
    out: list[Candidate] = []
    pos = tok.start
    pieces = re.split(r"[-‐]", tok.text)
    for k, piece in enumerate(pieces):
        s, e = pos, pos + len(piece)
        pos = e + 1
        rows = lookup(g.exact, exact_key(piece)) if piece[:1].isupper() and len(piece) >= 2 else ()
        if not rows:
            continue
        cand = Candidate(s, e, s, e, rows, "compound", first_token=i, last_token=i, key=exact_key(piece))
        rest = pieces[k + 1].lower() if k + 1 < len(pieces) else ""
        kind = cues.before.get((rest,)) or cues.after.get((rest,))
        if kind and kind not in ("settlement", "point"):  # "Gaza-strook", "Donbas-regio"
            cand.end, cand.cue, cand.cue_word = e + 1 + len(rest), kind, rest
        out.append(cand)
    return out


def _glued_cue(tok: Token, i: int, g: Gazetteer, cues: CueTable) -> list[Candidate]:
    """ "Donbasregio", "Gazastrook": a region or water cue glued to a place name (the longest cue first)."""
    low = tok.text.lower()
    lengths, kinds = _glueable()
    for n in lengths:
        word = low[-n:]
        if word not in kinds or len(low) - n < 3:
            continue
        stem = tok.text[:-n]
        rows = lookup(g.exact, exact_key(stem))
        if rows:
            e = tok.start + len(stem)
            cand = Candidate(tok.start, tok.end, tok.start, e, rows, "compound", kinds[word], word)
            cand.first_token = cand.last_token = i
            cand.key = exact_key(stem)
            return [cand]
    return []


@lru_cache(maxsize=1)
def _glueable() -> tuple[tuple[int, ...], dict[str, str]]:
    """One-word region and water cues long enough to be glued to a name: their lengths, longest first,
    and each cue's kind (the first in order when a word has two)."""
    cues = cue_table()
    found = {(k[0], kind) for k, kind in (*cues.before.items(), *cues.after.items()) if len(k) == 1}
    kinds: dict[str, str] = {}
    for w, kind in sorted(found):
        if kind in ("region", "river", "sea") and len(w) >= 4:
            kinds.setdefault(w, kind)
    return tuple(sorted({len(w) for w in kinds}, reverse=True)), kinds


def _next_to_capital(text: str, toks: list[Token], i: int) -> bool:
    """Is token i part of a run of capitalised words (not counting an article or a sentence opener)?"""
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    prv = toks[i - 1] if i > 0 else None
    if nxt and nxt.capital and text[toks[i].end : nxt.start] == " ":
        return True
    if not (prv and prv.capital and text[prv.end : toks[i].start] == " "):
        return False
    opener = text[max(0, prv.start - 3) : prv.start].strip(" \"'“„‘(")
    return prv.text.lower() not in LEADING_FUNCTION_WORDS and not (opener == "" or opener[-1] in ".!?:\n")


def _skeleton_rows(word: str, g: Gazetteer) -> list[int]:
    """Rows whose names share a transliteration skeleton with word. Countries are excluded: their names
    are listed in full for every language, and a skeleton would turn "German" into Germany."""
    rows: list[int] = []
    if len(word) >= 5:
        for sk in skeletons(word):
            for r in lookup(g.skeleton, sk):
                if r not in rows and g.kinds[r] != "country" and g.countries[r] in CYRILLIC_COUNTRIES:
                    rows.append(r)
    return rows


def _unknown_after_cue(
    text: str, toks: list[Token], i: int, blocked: list[bool], cues: CueTable
) -> Candidate | None:
    """A name the gazetteer lacks, announced by a cue ("het dorp Klisjtsjiivka", "the village of Robotyne"):
    kept as unresolved, for an online geocoder to look up or for the user to see."""
    prev = toks[i - 1].text.lower() if i else ""
    if not (prev in cues.vocab or prev in ARTICLES or prev in LINKERS):
        return None
    probe = Candidate(
        toks[i].start, toks[i].end, toks[i].start, toks[i].end, (), "unknown", first_token=i, last_token=i
    )
    _attach_cue_before(text, toks, probe, cues)
    if probe.cue is None or probe.cue in ("point", "square"):
        return None
    last = i
    while (
        last + 1 < len(toks)
        and last - i < 2
        and not blocked[last + 1]
        and toks[last + 1].capital
        and adjacent(text, toks[last], toks[last + 1])
    ):
        last += 1
    probe.name_end = probe.end = toks[last].end
    probe.last_token = last
    return probe


_DOTTED = re.compile(r"(?:[A-Z]\.){2,}")  # "U.S.", "U.K.": letters the tokenizer splits at the dots


def _dotted_abbreviation(text: str, toks: list[Token], i: int, g: Gazetteer) -> Candidate | None:
    """A dotted abbreviation the gazetteer lists as written ("U.S." is the United States)."""
    start = toks[i].start
    if start and text[start - 1] == ".":  # "B.C." inside "A.B.C." is not an abbreviation of its own
        return None
    match = _DOTTED.match(text, start)
    rows = g.rows_for(match.group()) if match else ()
    if not rows:
        return None
    last = i
    while last + 1 < len(toks) and toks[last + 1].end <= match.end():
        last += 1
    s, e = match.span()
    return Candidate(s, e, s, e, rows, "exact", first_token=i, last_token=last)


def _single_token_fallbacks(text: str, toks: list[Token], i: int, g: Gazetteer) -> Candidate | None:
    tok = toks[i]
    word = tok.text
    dotted = _dotted_abbreviation(text, toks, i, g)
    if dotted is not None:
        return dotted
    # German inflections: genitive "Kiews", "Russlands"; a plural country's dative "den Niederlanden".
    rows = inflected_rows(g, word)
    if rows:
        s, e = tok.start, tok.end
        return Candidate(s, e, s, e, rows, "genitive", first_token=i, last_token=i)
    # A direction glued to a name: "Oost-Oekraïne", "Süd-Ukraine", "North-Kharkiv".
    if "-" in word:
        head, _, rest = word.partition("-")
        if head.lower() in DIRECTIONS and rest[:1].isupper():
            rows = lookup(g.exact, exact_key(rest))
            if rows:
                s = tok.start + len(head) + 1
                return Candidate(s, tok.end, s, tok.end, rows, "direction", first_token=i, last_token=i)
    # Transliteration variants nobody listed: "Izjoem", "Mykolajiv", "Zaporizja".
    rows = _skeleton_rows(word, g)
    if rows:
        return Candidate(
            tok.start,
            tok.end,
            tok.start,
            tok.end,
            tuple(rows),
            "skeleton",
            first_token=i,
            last_token=i,
            variant_rows=frozenset(rows),
        )
    return None


def _words_before(toks: list[Token], text: str, i: int, n: int) -> tuple[list[Token], bool]:
    """Up to n tokens directly before token i (one sentence, adjacent), and whether an article sits
    right before the name."""
    out: list[Token] = []
    j = i - 1
    while j >= 0 and len(out) < n:
        gap = text[toks[j].end : toks[j + 1].start if j + 1 < len(toks) else toks[i].start]
        if len(gap) > MAX_GAP or gap.strip(" \u00a0") not in ("", "'", "’"):
            break
        out.insert(0, toks[j])
        j -= 1
    return out, bool(out) and out[-1].text.lower() in ARTICLES


def _attach_cues(text: str, toks: list[Token], cand: Candidate, cues: CueTable) -> None:
    i = cand.first_token
    prev = toks[i - 1].text.lower() if i > 0 else ""
    # Most names follow an ordinary word ("in", "uit"): only a cue word or an article can start a cue.
    if prev in cues.vocab or prev in ARTICLES:
        _attach_cue_before(text, toks, cand, cues)
        if cand.cue:
            return
    nxt = cand.last_token + 1
    if nxt < len(toks) and toks[nxt].text.lower() in cues.after_first:
        _attach_cue_after(text, toks, cand, cues)
        if cand.cue:
            return
    _attach_suffix_cue(text, cand, cues)


def _attach_cue_before(text: str, toks: list[Token], cand: Candidate, cues: CueTable) -> None:
    before, has_article = _words_before(toks, text, cand.first_token, cues.max_len + 1)
    cand.article_before = has_article
    words = [t.text.lower() for t in before]
    # "regio Cherson", "rivier de Dnjepr", "schiereiland de Krim", "Gebiet Charkiw"
    linker = bool(words) and words[-1] in LINKERS
    for drop_article in (False, True):
        w = words[:-1] if drop_article and (has_article or linker) else words
        if drop_article and not (has_article or linker):
            continue
        for k in range(min(cues.max_len, len(w)), 0, -1):
            key = tuple(w[-k:])
            if key in cues.before:
                first_i = len(w) - k
                # "im Gebiet Charkiw", "de rivier Dnjepr": the mention starts at the cue, not the article
                while first_i < len(w) - 1 and w[first_i] in LEADING_FUNCTION_WORDS:
                    first_i += 1
                first = before[first_i]
                cand.start = first.start
                cand.cue, cand.cue_word = cues.before[key], " ".join(key)
                return


def _attach_cue_after(text: str, toks: list[Token], cand: Candidate, cues: CueTable) -> None:
    """ "Kherson region", "Kherson Oblast", "Dnipro River"."""
    after = toks[cand.last_token + 1 : cand.last_token + 1 + cues.max_len]
    seq: list[Token] = []
    prev = toks[cand.last_token]
    for t in after:
        if not adjacent(text, prev, t):
            break
        seq.append(t)
        prev = t
    for k in range(len(seq), 0, -1):
        key = tuple(t.text.lower() for t in seq[:k])
        if key in cues.after:
            cand.end = seq[k - 1].end
            cand.last_token = cand.last_token + k
            cand.cue, cand.cue_word = cues.after[key], " ".join(key)
            return


def _attach_suffix_cue(text: str, cand: Candidate, cues: CueTable) -> None:
    """Compound square names: "Svobodyplein", "Maidanplatz"."""
    name = text[cand.name_start : cand.name_end].lower()
    for suf, kind in cues.suffix.items():
        if name.endswith(suf) and len(name) > len(suf) + 2:
            cand.cue, cand.cue_word = kind, suf
            return


_LIST_JOIN = re.compile(r"^\s*(?:,|,?\s+(?:en|and|und|of|or|oder|&))\s*$", re.IGNORECASE)


def _spread_plural_cues(text: str, toks: list[Token], cands: list[Candidate], cues: CueTable) -> None:
    """Give every name in a list the kind of the plural cue that heads or closes it."""
    for idx, c in enumerate(cands):
        if not c.cue_word or tuple(c.cue_word.split()) not in cues.plural:
            continue
        step = 1 if c.start < c.name_start else -1  # cue before: spread right; after: spread left
        j = idx + step
        prev = c
        while 0 <= j < len(cands):
            nxt = cands[j]
            gap = text[prev.end : nxt.start] if step == 1 else text[nxt.end : prev.name_start]
            if nxt.cue or not _LIST_JOIN.match(gap):
                break
            nxt.cue, nxt.cue_word = c.cue, c.cue_word
            prev = nxt
            j += step


_COORD_HINT = re.compile(r"\d\.\d{3}")


def _points(text: str, skip: list[tuple[int, int]]) -> list[Candidate]:
    out: list[Candidate] = []
    if not _COORD_HINT.search(text):  # the full pattern is slow to try at every position
        return out
    for m in _COORDS.finditer(text):
        lat = float(m["lat"].replace("−", "-"))
        lon = float(m["lon"].replace("−", "-"))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        s, e = m.start(), m.end()
        # Trim surrounding whitespace so that text[start:end] is exactly the pair as written.
        seg = text[s:e]
        s += len(seg) - len(seg.lstrip())
        e -= len(seg) - len(seg.rstrip())
        if any(a <= s < b for a, b in skip):
            continue
        out.append(Candidate(s, e, s, e, (), "point", cue="point", point=(lat, lon)))
    return out
