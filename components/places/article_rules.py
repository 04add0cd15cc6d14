"""The article rules: the company a reading keeps in its article, with no home region.

What the article itself says decides between same-named places: the countries and admin units it names
confidently, the anchors it places (near ones gain, far ones lose), containment written next to a name
("Paris, Texas", "Schuld im Landkreis Ahrweiler", "TBILISI, Georgia —", "de Russische stad Belgorod"),
cues given to the same place elsewhere, and, weakest, the language it is written in. Like the mention
rules in `scoring`, every rule returns (amount, reason) or None, and they run in a fixed order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from components.places.candidates import Candidate
from components.places.containment import Link, contains
from components.places.gazetteer import KIND_CLASS, Gazetteer
from components.places.geo import distances_km, distances_matrix_km
from components.places.scoring import ANCHOR, NO_DISTANCE_KINDS, Adjustment, is_capital, rules_sum

# --- Article rules: the company a reading keeps ---------------------------------------------------


class ArticleContext:
    """What the article as a whole says: its countries and its confidently placed anchors."""

    def __init__(self, g: Gazetteer, winners: list[tuple[Candidate, int, float]], lang: str | None = None):
        self.lang = lang
        # Admin units and other regions the article names confidently, with the name that named them.
        self.units = sorted(
            {(r, cand.key) for cand, r, _s in winners if KIND_CLASS.get(g.kinds[r]) == "region"}
        )
        self.countries: Counter[str] = Counter()
        lats, lons, keys = [], [], []
        self.cued: set[int] = set()
        self.settled: dict[str, int] = {}  # name key -> row placed by written containment (resolve sets it)
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
        self._near: tuple[list[float], list[str], list[float | None]] = ([], [], [])
        self.units_in: dict[str, list[tuple[int, str]]] = {}  # country -> its units, in `units` order
        for unit, key in self.units:
            self.units_in.setdefault(g.countries[unit], []).append((unit, key))

    def prepare(self, g: Gazetteer, rows: set[int]) -> None:
        """Distances from every row the article may mean to every anchor, in one numpy call."""
        if not len(self.lats) or not rows:
            return
        order = sorted(rows)
        self._row_pos = {r: i for i, r in enumerate(order)}
        lats = np.array([g.lats[r] for r in order])
        lons = np.array([g.lons[r] for r in order])
        self._dist = distances_matrix_km(lats, lons, self.lats, self.lons)
        # Per row: the closest anchor, its name key, and the closest anchor of any other name. The
        # nearest anchor not named k is the first unless k names it, then the second: the same floats.
        codes = np.unique(self.keys, return_inverse=True)[1].reshape(-1)
        first = self._dist.argmin(axis=1)
        other = codes[None, :] != codes[first][:, None]
        second = np.where(other, self._dist, np.inf).min(axis=1)
        self._near = (
            self._dist.min(axis=1).tolist(),
            self.keys[first].tolist(),
            [None if d == np.inf else d for d in second.tolist()],
        )

    def nearest(self, g: Gazetteer, r: int, own_key: str) -> float | None:
        """Distance to the closest anchor that is not another mention of the same name."""
        if not len(self.lats):
            return None
        pos = self._row_pos.get(r)
        if pos is not None:  # the usual case: a prepared row
            first, first_key, second = self._near
            return first[pos] if first_key[pos] != own_key else second[pos]
        memo_key = (r, own_key)
        if memo_key not in self._memo:
            mask = self.keys != own_key
            if not mask.any():
                self._memo[memo_key] = None
            else:
                self._memo[memo_key] = float(
                    distances_km(g.lats[r], g.lons[r], self.lats[mask], self.lons[mask]).min()
                )
        return self._memo[memo_key]


@dataclass(frozen=True)
class Reading:
    """One row a candidate may mean, as the article rules see it."""

    row: int
    cand: Candidate
    bare_region: bool  # a region named without a cue where a city shares the name
    link: Link = Link()  # containment written next to the name


def containment_rule(g: Gazetteer, x: Reading, ctx: ArticleContext) -> Adjustment | None:
    """ "Paris, Texas", "Schuld im Landkreis Ahrweiler", "de Russische stad Belgorod": the text says
    where the name lies; readings there gain, the others lose."""
    if not x.link.outer:
        return None
    if any(contains(g, y, x.row) for y in x.link.outer):
        return 3.0, f"in {x.link.outer_label}, as written"
    return -1.0, f"not in {x.link.outer_label}"


def holder_rule(g: Gazetteer, x: Reading, ctx: ArticleContext) -> Adjustment | None:
    """The container in "Paris, Texas" is the Texas that holds a Paris."""
    if x.link.inner and any(contains(g, x.row, r) for r in x.link.inner):
        return 2.5, "holds the place named before it"
    return None


def named_unit_rule(g: Gazetteer, x: Reading, ctx: ArticleContext) -> Adjustment | None:
    """A place inside an admin unit the article names beats a same-named place elsewhere."""
    country = g.countries[x.row]  # `contains` holds nothing across countries, nor an empty one
    for unit, key in ctx.units_in.get(country, ()) if country else ():
        if key != x.cand.key and contains(g, unit, x.row):
            return 1.5, f"in {g.names[unit]}, named in the article"
    return None


# Countries where a language is written at home: the weakest prior, for ties between same-named places.
LANGUAGE_COUNTRIES = {
    "nl": frozenset({"NL", "BE", "SR"}),
    "de": frozenset({"DE", "AT", "CH", "LI", "LU"}),
    "en": frozenset({"GB", "US", "IE", "CA", "AU", "NZ"}),
}


def language_rule(g: Gazetteer, x: Reading, ctx: ArticleContext) -> Adjustment | None:
    """A reading in a country where the article's language is at home gains a little."""
    if g.kinds[x.row] != "country" and g.countries[x.row] in LANGUAGE_COUNTRIES.get(ctx.lang or "", ()):
        return 0.3, None
    return None


def cued_elsewhere_rule(g: Gazetteer, x: Reading, ctx: ArticleContext) -> Adjustment | None:
    """ "rivier de Dnjepr ... de Dnipro": a later bare name keeps the kind it was given. Not for a region
    whose name is also a city's ("regio Kiev ... Kiev" still means the city). A place chosen more than
    once gains a little."""
    if x.row in ctx.cued and not x.bare_region:
        return 3.0, "named with a cue elsewhere in the article"
    if ctx.chosen[x.row] > 1:
        return 0.5, None
    return None


def settled_elsewhere_rule(g: Gazetteer, x: Reading, ctx: ArticleContext) -> Adjustment | None:
    """ "PARIS, Texas — ... damage in Paris": one name, one place in an article, once the text said
    where it lies."""
    if ctx.settled and ctx.settled.get(x.cand.key) == x.row:
        return 3.0, "placed by the article elsewhere"
    return None


def article_country_rule(g: Gazetteer, x: Reading, ctx: ArticleContext) -> Adjustment | None:
    """A reading in the country the article is about, in proportion to how much it is about it."""
    if not ctx.total or g.kinds[x.row] == "country":
        return None
    country = g.countries[x.row]
    share = ctx.countries[country] / ctx.total
    return (1.5 * share, f"article is about {country} ({share:.0%})") if share else None


def anchor_distance_rule(g: Gazetteer, x: Reading, ctx: ArticleContext) -> Adjustment | None:
    """Close to the article's confidently placed anchors: near ones gain, far ones lose."""
    if g.kinds[x.row] in NO_DISTANCE_KINDS:
        return None
    d = ctx.nearest(g, x.row, x.cand.key)
    if d is None:
        return None
    step = 2.0 if d < 50 else 1.5 if d < 150 else 1.0 if d < 400 else 0.0 if d < 1500 else -1.0
    if step < 0 and is_capital(g, x.row):
        return None  # capitals are named from afar: "Washington" in a story from Kharkiv
    return (step, f"{d:.0f} km from the article's other places") if step else None


ARTICLE_RULES: tuple[Callable[[Gazetteer, Reading, ArticleContext], Adjustment | None], ...] = (
    containment_rule,
    holder_rule,
    named_unit_rule,
    language_rule,
    cued_elsewhere_rule,
    settled_elsewhere_rule,
    article_country_rule,
    anchor_distance_rule,
)


def context_bonus(g: Gazetteer, x: Reading, ctx: ArticleContext, why: list[str]) -> float:
    """The article rules' sum for one reading; their reasons are appended to why."""
    return rules_sum(ARTICLE_RULES, g, x, ctx, why)
