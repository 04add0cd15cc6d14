"""What the Timeline draws, as plain tables: months with gaps and greyed ranges, places worth a line.

No Streamlit here. Why:
  * a month without any article is not "zero attention": its value is missing (a gap in the line);
  * months outside the month filter are still shown, from the same filters minus the month range,
    but greyed (drawing them as 0 read as a collapse of attention);
  * the places to draw are picked by total mentions *and* by peak share of a month, so a short,
    intense story (Kharkiv in September) is not hidden under the places mentioned all year;
  * a place's colour depends on its rank in the whole corpus, so it stays the same under every filter.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from components.explore.filtered_view import FilteredView

MIN_MONTH_SHARE = 0.10  # months with fewer mentions than this share of the busiest month: no peak share
# Okabe–Ito (colour-blind safe) first, then Paul Tol's muted scheme for more lines.
PLACE_PALETTE = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#332288", "#117733",
    "#882255", "#999933", "#44AA99", "#AA4499",
]  # fmt: skip


@dataclass(frozen=True)
class MonthFrame:
    """Per month of the corpus: articles under the filters minus the month range, and two flags."""

    months: list[str]
    articles: np.ndarray  # articles per month, every filter but the month range applied
    in_range: np.ndarray  # bool: inside the month filter (all True without one)
    has_articles: np.ndarray  # bool: at least one article (else a gap, not a zero)


def without_months(view: FilteredView) -> FilteredView:
    """The same filters without the month range (the index memoises views, so this is cheap to repeat)."""
    if not view.state.months:
        return view
    return view.index.view(replace(view.state, months=None))


def month_frame(view: FilteredView) -> MonthFrame:
    """Articles per month, which months the filter keeps, which months have anything at all."""
    counts = without_months(view).month_counts()
    months = [str(m) for m in counts.index]
    if view.state.months:
        lo, hi = view.state.months
        in_range = np.array([lo <= m <= hi for m in months], dtype=bool)
    else:
        in_range = np.ones(len(months), dtype=bool)
    values = counts.to_numpy()
    return MonthFrame(months, values, in_range, values > 0)


def place_month_counts(view: FilteredView, codes: np.ndarray) -> np.ndarray:
    """Mentions per (place code, month) inside the view: shape (len(codes), n_months)."""
    idx = view.index
    n_months = len(idx.months)
    codes = np.asarray(codes, dtype=np.int64)
    if not len(codes) or not n_months:
        return np.zeros((len(codes), n_months), dtype=np.int64)
    slot = np.full(idx.n_places, -1, dtype=np.int64)
    slot[codes] = np.arange(len(codes))
    rows = slot[idx.ap_place]
    keep = view.mask[idx.ap_article] & (rows >= 0) & (idx.ap_month >= 0)
    flat = np.bincount(
        rows[keep] * n_months + idx.ap_month[keep],
        weights=idx.ap_mentions[keep],
        minlength=len(codes) * n_months,
    )
    return flat.astype(np.int64).reshape(len(codes), n_months)


def _all_place_months(view: FilteredView) -> tuple[np.ndarray, np.ndarray]:
    """(place codes present, their per-month mentions) for every place in the view."""
    present = np.flatnonzero(view.place_mentions > 0)
    return present, place_month_counts(view, present)


def pick_places(view: FilteredView, n: int = 8) -> list[str]:
    """Names of up to `n` places worth a line: half by total mentions, the rest by peak monthly share.

    Peak share = the largest share of one month's mentions a place holds, over months with at least
    MIN_MONTH_SHARE of the busiest month's mentions (one stray mention in a quiet month is no story).
    """
    codes, counts = _all_place_months(view)
    if not len(codes):
        return []
    names = view.index.places["name"].astype("string").to_numpy()[codes]
    totals = counts.sum(axis=1)
    month_totals = counts.sum(axis=0)
    busy = month_totals >= MIN_MONTH_SHARE * max(int(month_totals.max()), 1)
    share = np.divide(counts, np.maximum(month_totals, 1))[:, busy]
    peak = share.max(axis=1) if share.size else np.zeros(len(codes))
    by_total = np.lexsort((names, -totals))
    by_peak = np.lexsort((names, -totals, -peak))
    chosen: list[str] = []
    for order, quota in ((by_total, (n + 1) // 2), (by_peak, n)):
        for i in order:
            if len(chosen) >= quota:
                break
            if names[i] not in chosen:
                chosen.append(str(names[i]))
    return chosen


def name_month_matrix(view: FilteredView, names: list[str]) -> pd.DataFrame:
    """Mentions per month of each named place (all place codes sharing a name summed), every filter
    but the month range applied: rows = names, columns = the corpus's months."""
    base = without_months(view)
    idx = view.index
    groups = [idx.name_codes.get(name, np.zeros(0, dtype=np.int32)) for name in names]
    codes = np.concatenate([np.zeros(0, dtype=np.int64), *[g.astype(np.int64) for g in groups]])
    owner = np.repeat(np.arange(len(names)), [len(g) for g in groups])
    counts = place_month_counts(base, codes)  # one pass over the (article, place) pairs for all names
    out = np.zeros((len(names), len(idx.months)), dtype=np.int64)
    np.add.at(out, owner, counts)
    return pd.DataFrame(out, index=names, columns=idx.months)


def place_colour(view: FilteredView, name: str) -> str:
    """A fixed colour per place: from its rank among the corpus's places (most-mentioned first)."""
    ranks = _ranks(view)
    return PLACE_PALETTE[ranks.get(name, len(ranks)) % len(PLACE_PALETTE)]


_RANKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # CorpusIndex -> {name: corpus rank}


def _ranks(view: FilteredView) -> dict[str, int]:
    """Corpus-wide ranks of place names, computed once per index."""
    ranks = _RANKS.get(view.index)
    if ranks is None:
        ranks = _RANKS[view.index] = {name: i for i, name in enumerate(view.index.place_names)}
    return ranks
