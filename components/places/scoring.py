"""The score of one reading of a name, as a sum of named rules, each one concern and one reason.

A reading is a gazetteer row a candidate span could mean. Its score starts from a prior (population,
curated rows, countries); the context-free rules then look at the mention itself (cue words, spelling,
articles, ordinary words, person and institution names) and the article rules at the company it keeps
(the article's countries, its confidently placed anchors, cues given to the same place elsewhere).
Every rule returns the amount it adds and the reason shown to the reader (None: no reason is shown),
or None when it does not apply. The rules run in a fixed order, so scores are reproducible to the bit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from components.places.cues import cue_table
from components.places.gazetteer import KIND_CLASS, SETTLEMENT_KINDS, Gazetteer, lookup
from components.places.geo import haversine_km
from components.places.names import exact_key, skeletons
from components.places.wordstats import is_name, zipf

ACCEPT = 3.5  # a reading must score this much to be kept
ANCHOR = 5.0  # a winner this sure places the article (its country, its anchors) for the others
NO_DISTANCE_KINDS = frozenset({"country", "region", "sea", "river"})  # too large for distance to mean much

Adjustment = tuple[float, str | None]


class Signature(NamedTuple):
    """Everything the context-free score of a mention depends on; equal signatures score alike, so a
    repeated name is scored once (the tuple is the cache key)."""

    gazetteer_id: int
    name: str  # the name proper, as written
    phrase_key: str  # exact key of the whole mention, cue included ("" without a cue)
    cue: str | None
    cue_word: str | None
    how: str
    rows: tuple[int, ...]
    variant_rows: frozenset[int]
    article_before: bool
    person: str | None  # why the name looks like part of a person's name
    has_city: bool  # one of the rows is a settlement
    sentence_initial: bool
    lang: str | None
    in_phrase: bool  # glued to another capitalised word
    dateline: bool = False  # "KYIV (Reuters) -", "TBILISI, Georgia —": the place a report is filed from
    inside_name: str | None = None  # why the name is part of a club's or a storm's name
    word_before: str | None = None  # German "contraction" ("im", "vom") or "determiner" ("die", "viele")


@dataclass(frozen=True)
class Mention:
    """A signature plus what every rule derives from it once."""

    sig: Signature
    single: bool  # one word
    common: float  # how ordinary its least ordinary word is (zipf)
    phrase_rows: frozenset[int]  # rows listed under the mention's phrase with its cue

    @property
    def cued(self) -> bool:
        """A cue word that asks for a kind of place (a coordinate pair asks for none)."""
        return bool(self.sig.cue) and self.sig.cue != "point"


def common_word_score(g: Gazetteer, word: str, lang: str | None) -> float:
    """How ordinary a lower-cased word is in the article's language (or English, often quoted)."""
    return max(zipf(g.word_zipf, word, lang), zipf(g.word_zipf, word, "en"))


def ordinariness(g: Gazetteer, word: str, lang: str | None, capital_informative: bool) -> float:
    """How ordinary a word of a name is: its frequency, unless its capital makes it a name. A capital is
    informative mid-sentence; there a word that dictionaries list only capitalised ("Zwolle", "Texas",
    "Berlin") is a name however often wordfreq saw it."""
    if capital_informative and is_name(g.word_zipf, word, lang):
        return 0.0
    return common_word_score(g, word, lang)


# Where a row's importance (0..1, from the gazetteer build) puts a place that has no population: an
# admin-1 unit at 0.7 starts like a city of ~800,000, a world-famous river or sea at 0.8 like 2 million.
IMPORTANCE_BASE, IMPORTANCE_SCALE = 3.0, 4.5
REGION_PRIOR = 5.0  # an admin unit or natural region without an importance or population figure


def prior(g: Gazetteer, r: int) -> tuple[float, str]:
    """Where a reading starts, with no home region: countries high; settlements by population; other
    places by their importance; curated rows at least as high as a big town."""
    kind = g.kinds[r]
    if kind == "country":
        return 9.0, "country"
    pop = g.population[r]
    base, why = math.log10(pop + 10), f"population {pop:,}"
    importance = _importance(g, r)
    if kind not in SETTLEMENT_KINDS:
        weighed = IMPORTANCE_BASE + IMPORTANCE_SCALE * importance
        if importance > 0 and weighed > base:
            base, why = weighed, f"{kind} (importance {importance:.2f})"
        elif pop == 0 and KIND_CLASS.get(kind) == "region":
            base, why = REGION_PRIOR, kind
    if g.curated[r]:
        return max(base, 5.0) + 1.0, "curated " + kind
    return base, why


def _importance(g: Gazetteer, r: int) -> float:
    """The gazetteer's importance prior of row r; 0 for an index built without one."""
    column = getattr(g, "importance", None)
    return float(column[r]) if column is not None and r < len(column) else 0.0


def cue_level(cue_word: str | None) -> str:
    """ "admin1" or "admin2" for an admin-unit cue word ("provincie", "Landkreis"), else ""."""
    return cue_table().level.get(tuple(cue_word.split()), "") if cue_word else ""


def rows_for_cue(
    g: Gazetteer, cls: str | None, cand_rows: tuple[int, ...], name: str, cue_word: str | None = None
) -> list[int]:
    """The readings worth scoring: those of the kind a cue asks for, when there are any."""
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
    if not rows and cls == "region":
        if cue_level(cue_word) == "admin2":  # "Landkreis Ahrweiler", "Maricopa County": named after a seat
            rows = [r for r in cand_rows if g.kinds[r] in SETTLEMENT_KINDS]
        else:  # "regio Kramatorsk": the first-level region that holds the named city
            for r in cand_rows:
                reg = g.region_of.get((g.countries[r], g.admin1[r]))
                if reg is not None and reg not in rows:
                    rows.append(reg)
    return rows or list(cand_rows)


def seat_reading(g: Gazetteer, r: int, m: Mention) -> bool:
    """Does row r stand for a second-level unit the gazetteer lacks, through the town it is named after?"""
    return m.sig.cue == "region" and g.kinds[r] in SETTLEMENT_KINDS and cue_level(m.sig.cue_word) == "admin2"


def too_short(g: Gazetteer, r: int, m: Mention) -> bool:
    """Two letters name a place only as a curated abbreviation written in capitals ("VS", "UK")."""
    name = m.sig.name
    return len(name) <= 2 and not (g.curated[r] and name.isupper())


# --- Context-free rules: the mention itself -------------------------------------------------------


def spelling_rule(g: Gazetteer, r: int, m: Mention) -> Adjustment | None:
    """A reading reached only through a transliteration skeleton or a genitive is less certain."""
    if r in m.sig.variant_rows:
        return -1.5, "spelling variant"
    if m.sig.how == "genitive":
        if word_of_its_own(g, m.sig):
            return -3.0, "a word of its own, not a genitive"
        return -0.5, "genitive form"
    return None


def word_of_its_own(g: Gazetteer, sig: Signature) -> bool:
    """Is a genitive-looking word ("Sinds": since; "Boris") commoner than the name it would inflect?
    A real genitive is rarer than its name ("Europas" than "Europa")."""
    own = common_word_score(g, sig.name, sig.lang)
    return own >= 3.0 and own > common_word_score(g, sig.name[:-1], sig.lang) + 0.3


def cue_kind_rule(g: Gazetteer, r: int, m: Mention) -> Adjustment | None:
    """A cue word asks for a kind of place: "regio Cherson" is a region, not the city."""
    if not m.cued:
        return None
    if KIND_CLASS.get(g.kinds[r], "other") == m.sig.cue:
        return 2.0, f"cue '{m.sig.cue_word}'"
    if seat_reading(g, r, m):
        return 1.0, f"a {m.sig.cue_word.split()[-1]} named after this town"
    if m.sig.cue != "settlement":
        return -2.0, f"cue '{m.sig.cue_word}' asks for a {m.sig.cue}"
    return None


def listed_phrase_rule(g: Gazetteer, r: int, m: Mention) -> Adjustment | None:
    """The phrase as written, cue included, is listed for this very row ("regio Kiev")."""
    if m.cued and KIND_CLASS.get(g.kinds[r], "other") == m.sig.cue and r in m.phrase_rows:
        return 1.5, "listed under that phrase"
    return None


def bare_name_rule(g: Gazetteer, r: int, m: Mention) -> Adjustment | None:
    """Without a cue, a unit named after a city inside it means the city ("Kharkiv", not its oblast;
    "Limburg" is still the province: the town of Limburg lies elsewhere); a bare one-word water name is
    more often something else."""
    if m.cued:
        return None
    cls = KIND_CLASS.get(g.kinds[r], "other")
    if cls == "region" and m.sig.has_city and g.kinds[r] != "country" and namesake_inside(g, r, m.sig):
        return -3.0, "a city of that name is meant without a cue"
    if cls == "settlement" and any(g.kinds[c] == "country" and not city_state(g, c, r) for c in m.sig.rows):
        return -3.0, "a country of that name is meant without a cue"  # "Mexiko" is not Mexico City
    if cls == "region" and m.sig.has_city and g.kinds[r] != "country" and capital_named(g, m.sig):
        return -3.0, "a capital of that name is meant without a cue"
    if cls in ("river", "sea") and m.single and not m.sig.article_before:
        if _big_settlement_among(g, m.sig.rows):  # "Dnipro" alone is the city; "de Dnjepr" the river
            return -3.0, "bare water name; a city of that name is meant"
        return -1.5, "bare water name"
    return None


BIG_SETTLEMENT = 100_000
CAPITAL_POPULATION = 250_000  # a national capital this big is what a bare shared name means in news


CITY_STATE_KM = 40


def city_state(g: Gazetteer, country: int, r: int) -> bool:
    """Is settlement r the capital of that country and next to its reference point (Hong Kong,
    Singapore, Monaco): then the name means the city as much as the country."""
    return (
        r in getattr(g, "capitals", ())
        and g.countries[r] == g.countries[country]
        and haversine_km(g.lats[r], g.lons[r], g.lats[country], g.lons[country]) <= CITY_STATE_KM
    )


def capital_named(g: Gazetteer, sig: Signature) -> bool:
    """Is one of the mention's readings (as written, not a spelling variant) a big national capital?
    Bare "Washington", "Nairobi", "Buenos Aires" mean the capital, not the state or province."""
    return any(capital_as_written(g, c, sig) for c in sig.rows)


def is_capital(g: Gazetteer, r: int) -> bool:
    """A national capital of CAPITAL_POPULATION or more."""
    return r in getattr(g, "capitals", ()) and g.population[r] >= CAPITAL_POPULATION


def capital_as_written(g: Gazetteer, r: int, sig: Signature) -> bool:
    """Row r is a big national capital named by its own name ("Victoria" is an old name of Hong Kong:
    no)."""
    return is_capital(g, r) and r not in sig.variant_rows and exact_key(g.names[r]) == exact_key(sig.name)


def capital_rule(g: Gazetteer, r: int, m: Mention) -> Adjustment | None:
    """News names a national capital more often than its population says (for its government too):
    Washington DC before Washington in England. Not where the name is part of a person's."""
    if not m.sig.person and not m.sig.inside_name and capital_as_written(g, r, m.sig):
        return 1.0, "national capital"
    return None


def _big_settlement_among(g: Gazetteer, rows: tuple[int, ...]) -> bool:
    """Does a city of 100,000 or more share this name? Then a bare name rarely means the water."""
    return any(g.kinds[c] in SETTLEMENT_KINDS and g.population[c] >= BIG_SETTLEMENT for c in rows)


NAMESAKE_KM = 150  # a same-named city this close to a unit's reference point lies in it (no admin code)


def namesake_inside(g: Gazetteer, r: int, sig: Signature) -> bool:
    """Is one of the mention's readings a settlement inside region r: the same country and admin-1 code,
    or near its reference point? Not "X City" ("Oklahoma" is the state; Oklahoma City lists it as an
    alternate), nor a city that only lists the unit's own name ("Hatay": Antakya)."""
    key = exact_key(sig.name)
    city_name = exact_key(sig.name + " City")
    unit_named_so = exact_key(g.names[r]) == key
    for c in sig.rows:
        if c == r or g.kinds[c] not in SETTLEMENT_KINDS or g.countries[c] != g.countries[r]:
            continue
        if exact_key(g.names[c]) == city_name:
            continue
        if unit_named_so and not _shares_name(key, exact_key(g.names[c])):
            continue  # "Hatay" is the province's own name; Antakya merely lists it
        if g.admin1[r] and g.admin1[r] == g.admin1[c] or g.region_of.get((g.countries[c], g.admin1[c])) == r:
            return True
        if haversine_km(g.lats[r], g.lons[r], g.lats[c], g.lons[c]) < NAMESAKE_KM:
            return True  # codes differ for a city with its own status (Kyiv in Kyiv Oblast)
    return False


def _shares_name(key: str, city_key: str) -> bool:
    """Is the city called by that name, up to spelling ("Hama": Ḩamāh; "Querétaro": Santiago de
    Querétaro), rather than listing it as an alternate ("Hatay": Antakya)?"""
    return key in city_key or city_key[:4] == key[:4]


def water_article_rule(g: Gazetteer, r: int, m: Mention) -> Adjustment | None:
    """Rivers and seas take the definite article: "de Dnjepr", "the Dnipro", "die Krim"."""
    if m.sig.article_before and KIND_CLASS.get(g.kinds[r], "other") in ("river", "sea"):
        return 2.0, "definite article"
    return None


def ordinary_word_rule(g: Gazetteer, r: int, m: Mention) -> Adjustment | None:
    """A name made of ordinary words is suspect ("Hier", "Mobile", "White House").

    Capitals carry no information at the start of a sentence, nor on German nouns; elsewhere a
    capitalised ordinary word is most likely a proper name ("in Reading"), less so a run of them ("the
    White House"). Names that
    dictionaries list only capitalised are not ordinary at all (see `ordinariness`)."""
    if m.common < 3.0 or m.sig.dateline:
        return None
    curated = g.curated[r]
    sig = m.sig
    uninformative = sig.sentence_initial or sig.lang == "de"  # the capital says nothing there
    if curated:  # a one-word ordinary name there ("More than ...", "des Landes") is most likely the word
        weight = 1.2 if uninformative and m.single else 0.6
    else:
        weight = 1.5 if uninformative else 0.5 if m.single else 1.0
    pen = (m.common - 3.0) * weight
    if pen > 0.05:
        return -pen, f"ordinary word (zipf {m.common:.1f})"
    return None


def dateline_rule(g: Gazetteer, r: int, m: Mention) -> Adjustment | None:
    """A dateline names the place a report is filed from: a settlement (or a country) it is."""
    if not m.sig.dateline:
        return None
    if g.kinds[r] in SETTLEMENT_KINDS or g.kinds[r] == "country":
        return 1.5, "dateline"
    return -1.5, "a dateline names a city, not a region or water"


def institution_rule(g: Gazetteer, r: int, m: Mention) -> Adjustment | None:
    """An ordinary word inside an institution's name: "Human Rights Watch", "Armed Forces"."""
    if m.sig.in_phrase and m.single and m.common >= 4.0 and not g.curated[r]:
        return -3.0, "part of a longer capitalised name"
    return None


def town_article_rule(g: Gazetteer, r: int, m: Mention) -> Adjustment | None:
    """Towns take no article ("the White House", "het Oosten")."""
    sig = m.sig
    if KIND_CLASS.get(g.kinds[r], "other") != "settlement":
        return None
    if sig.word_before == "contraction":  # "im Norden des Landes": a noun; a town is "in Norden"
        return -4.0, "article before a town"
    if sig.word_before == "determiner" and not g.curated[r] and common_word_score(g, sig.name, sig.lang) >= 3:
        return -3.0, "a German noun after an article"  # "die Lage", "viele Schulen", "die Ufer"
    if sig.article_before and not sig.in_phrase:
        return -1.5, "definite article before a town"
    return None


def person_name_rule(g: Gazetteer, r: int, m: Mention) -> Adjustment | None:
    """Part of a person's name: "Vladimir Poetin", "George Washington", "president Volodymyr ..."."""
    return (-4.0, m.sig.person) if m.sig.person else None


def inside_name_rule(g: Gazetteer, r: int, m: Mention) -> Adjustment | None:
    """Part of a club's or a storm's name ("Borussia Dortmund", "Hurrikan Milton"): a listed word next to
    the name says so outright, so no company in the article brings the place back."""
    return (-8.0, m.sig.inside_name) if m.sig.inside_name else None


def sentence_start_rule(g: Gazetteer, r: int, m: Mention) -> Adjustment | None:
    """A lone uncurated word opening a sentence is capitalised for that reason alone, perhaps."""
    if m.sig.sentence_initial and m.single and not g.curated[r]:
        return -0.5, None
    return None


MENTION_RULES: tuple[Callable[[Gazetteer, int, Mention], Adjustment | None], ...] = (
    spelling_rule,
    cue_kind_rule,
    listed_phrase_rule,
    bare_name_rule,
    capital_rule,
    water_article_rule,
    ordinary_word_rule,
    dateline_rule,
    institution_rule,
    town_article_rule,
    person_name_rule,
    inside_name_rule,
    sentence_start_rule,
)

ScoredRow = tuple[int, float, tuple[str, ...]]  # (row, score, reasons)
_BASE_CACHE: dict[Signature, tuple[ScoredRow, ...]] = {}
_BASE_CACHE_MAX = 200_000


def base_scores(g: Gazetteer, sig: Signature) -> tuple[ScoredRow, ...]:
    """Context-free scores of every reading of a mention, cached by signature."""
    hit = _BASE_CACHE.get(sig)
    if hit is None:
        if len(_BASE_CACHE) >= _BASE_CACHE_MAX:
            _BASE_CACHE.clear()
        hit = _BASE_CACHE[sig] = score_rows(g, sig)
    return hit


def rules_sum(
    rules: Sequence[Callable[..., Adjustment | None]],
    g: Gazetteer,
    subject: object,
    context: object,
    why: list[str],
) -> float:
    """The rules' adjustments for one reading summed; each reason is appended to why (mention rules here,
    article rules in components.places.article_rules)."""
    total = 0.0
    for rule in rules:
        adj = rule(g, subject, context)
        if adj is not None:
            total += adj[0]
            if adj[1] is not None:
                why.append(adj[1])
    return total


def score_rows(g: Gazetteer, sig: Signature) -> tuple[ScoredRow, ...]:
    # A genitive is as ordinary as the name it inflects ("Europas": Europa); `spelling_rule` catches a
    # word that only looks like one ("Sinds").
    genitive = sig.how == "genitive" and not word_of_its_own(g, sig)
    words = (sig.name[:-1] if genitive else sig.name).split()
    m = Mention(
        sig,
        single=" " not in sig.name.strip(),
        # A name made only of ordinary words is as suspect as one ordinary word ("White House").
        common=min(
            (ordinariness(g, w, sig.lang, k > 0 or not sig.sentence_initial) for k, w in enumerate(words)),
            default=0.0,
        ),
        phrase_rows=frozenset(lookup(g.core, ("phrase", sig.phrase_key))) if sig.cue else frozenset(),
    )
    scored = []
    for r in rows_for_cue(g, sig.cue, sig.rows, sig.name, sig.cue_word):
        if too_short(g, r, m):
            continue
        s, first_why = prior(g, r)
        why = [first_why]
        s += rules_sum(MENTION_RULES, g, r, m, why)
        scored.append((r, s, tuple(why)))
    return tuple(scored)
