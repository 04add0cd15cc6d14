"""The filtered view: the articles passing a FilterState, as one boolean mask, with aggregates on demand."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from components.explore.filter_params import FilterState
from components.explore.place_hierarchy import region_place_codes
from components.store.schema import MENTION_COLUMNS

if TYPE_CHECKING:
    from components.explore.corpus_index import CorpusIndex


def _schema_dtypes(rows: pd.DataFrame) -> pd.DataFrame:
    """Selected mention rows with numbers in the schema's numpy dtypes: a loaded cache maps them as Arrow
    columns, whose per-element `tolist()` is many times slower than numpy's for the rows a page lists."""
    arrow = {
        c: MENTION_COLUMNS[c]
        for c in rows.columns
        if isinstance(rows[c].dtype, pd.ArrowDtype) and c in MENTION_COLUMNS
    }
    return rows.astype(arrow) if arrow else rows


def apply(index: CorpusIndex, state: FilterState) -> FilteredView:
    """Vectorised filter: one boolean mask over the articles."""
    mask = np.ones(index.n_articles, dtype=bool)
    if state.months:
        lo, hi = (index.month_index(m) for m in state.months)
        if lo is None or hi is None:
            mask[:] = False
        else:
            mask &= (index.month_code >= lo) & (index.month_code <= hi)
    if state.languages:
        codes = [index.languages.index(v) for v in state.languages if v in index.languages]
        mask &= np.isin(index.language_code, codes)
    if state.outlets:
        codes = [index.outlets.index(v) for v in state.outlets if v in index.outlets]
        mask &= np.isin(index.outlet_code, codes)
    place_codes = index.codes_for_names(state.places)
    if state.places:
        mask &= index.articles_mentioning(place_codes)
    if state.query:
        mask &= index.search(state.query)
    if state.regions:  # every place inside the regions (components.explore.place_hierarchy)
        mask &= index.articles_mentioning(region_place_codes(index, state.regions))
    if state.story:  # the story's articles (an unknown story has none: nothing passes)
        in_story = np.zeros(index.n_articles, dtype=bool)
        in_story[[p for p in map(index.position_of, state.story.article_ids) if p is not None]] = True
        mask &= in_story
    return FilteredView(index=index, state=state, mask=mask, place_codes=place_codes)


@dataclass
class FilteredView:
    """The articles passing the filters, with cheap aggregates computed on demand."""

    index: CorpusIndex
    state: FilterState
    mask: np.ndarray  # bool per article position
    place_codes: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))

    @cached_property
    def positions(self) -> np.ndarray:
        return np.flatnonzero(self.mask)

    @property
    def n_articles(self) -> int:
        return int(self.positions.size)

    @property
    def article_ids(self) -> list[str]:
        return list(self.index.article_ids[self.positions])

    @property
    def place_ids(self) -> frozenset[str]:
        return frozenset(self.index.place_ids[c] for c in self.place_codes)

    def contains(self, article_id: str) -> bool:
        pos = self.index.position_of(article_id)
        return pos is not None and bool(self.mask[pos])

    def articles(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        frame = self.index.corpus.articles
        if columns is not None:
            frame = frame[list(columns)]
        return frame.iloc[self.positions].reset_index(drop=True)

    @cached_property
    def mention_mask(self) -> np.ndarray:
        """Per indexed mention: its article passes the filters."""
        return self.mask[self.index.m_article]

    def mentions(self, columns: Sequence[str] | None = None, resolved_only: bool = False) -> pd.DataFrame:
        keep = self.mention_mask & self.index.resolved if resolved_only else self.mention_mask
        frame = self.index.corpus.mentions
        if columns is not None:
            frame = frame[list(columns)]
        return _schema_dtypes(frame.iloc[self.index.mention_rows[keep]].reset_index(drop=True))

    def _mentions_of_places(self, place_ids: Iterable[str]) -> np.ndarray:
        """Per indexed mention: in the view and of one of these places."""
        codes = [self.index.place_code[p] for p in place_ids if p in self.index.place_code]
        return self.mention_mask & np.isin(self.index.m_place, codes)

    def mentions_of(self, place_ids: Iterable[str], columns: Sequence[str] | None = None) -> pd.DataFrame:
        keep = self._mentions_of_places(place_ids)
        frame = self.index.corpus.mentions
        if columns is not None:
            frame = frame[list(columns)]
        return _schema_dtypes(frame.iloc[self.index.mention_rows[keep]].reset_index(drop=True))

    def mentions_in_first_articles(
        self, place_ids: Iterable[str], columns: Sequence[str], limit: int
    ) -> tuple[pd.DataFrame, int]:
        """Mentions of the places in the first `limit` articles (corpus order) that have any, and how many
        articles in the view have any.

        A page lists a few articles; a much-mentioned place has hundreds of thousands of mentions at a
        million articles, so the rows are chosen on integer codes before any column is read.
        """
        keep = np.flatnonzero(self._mentions_of_places(place_ids))
        articles = self.index.m_article[keep]
        unique, first = np.unique(articles, return_index=True)
        chosen = articles[np.sort(first)[:limit]]
        rows = self.index.mention_rows[keep[np.isin(articles, chosen)]]
        frame = self.index.corpus.mentions[list(columns)]
        return _schema_dtypes(frame.iloc[rows].reset_index(drop=True)), len(unique)

    # ---- aggregates ------------------------------------------------------------------------------

    def month_counts(self) -> pd.Series:
        """Articles per month over the corpus's whole month range (zeros kept); undated not counted."""
        codes = self.index.month_code[self.positions]
        counts = np.bincount(codes[codes >= 0], minlength=len(self.index.months))
        return pd.Series(counts, index=pd.Index(self.index.months, name="month"), name="articles")

    @property
    def n_undated(self) -> int:
        return int((self.index.month_code[self.positions] < 0).sum())

    def day_counts(self) -> pd.Series:
        """Articles per day, only for articles whose day is really known."""
        codes = self.index.day_code[self.positions]
        counts = np.bincount(codes[codes >= 0], minlength=len(self.index.days))
        series = pd.Series(counts, index=pd.Index(self.index.days, name="day"), name="articles")
        return series[series > 0]

    @cached_property
    def _pair_mask(self) -> np.ndarray:
        return self.mask[self.index.ap_article]

    @cached_property
    def place_mentions(self) -> np.ndarray:
        """Mentions per place code inside the view."""
        idx = self.index
        return np.bincount(
            idx.ap_place[self._pair_mask], weights=idx.ap_mentions[self._pair_mask], minlength=idx.n_places
        ).astype(np.int64)

    @cached_property
    def place_articles(self) -> np.ndarray:
        """Articles per place code inside the view."""
        return np.bincount(self.index.ap_place[self._pair_mask], minlength=self.index.n_places)

    def place_stats(self, limit: int | None = None) -> pd.DataFrame:
        """Places mentioned in the view with mention and article counts, most-mentioned first."""
        mentions = self.place_mentions
        present = np.flatnonzero(mentions > 0)
        present = present[np.argsort(-mentions[present], kind="stable")]
        if limit is not None:
            present = present[:limit]
        table = self.index.places.iloc[present].reset_index(drop=True)
        table["mentions"] = mentions[present]
        table["articles"] = self.place_articles[present]
        table["code"] = present
        table["selected"] = np.isin(present, self.place_codes)
        return table

    @property
    def n_places(self) -> int:
        return int((self.place_mentions > 0).sum())

    def surface_forms(self, codes: Sequence[int], top: int = 6) -> dict[int, list[tuple[str, int]]]:
        """The forms each place was written as inside the view, most frequent first."""
        idx = self.index
        keep = self.mention_mask & idx.resolved
        counts = np.bincount(idx.m_place_surface[keep], minlength=len(idx.ps_place))
        wanted = np.isin(idx.ps_place, np.asarray(codes, dtype=np.int32)) & (counts > 0)
        out: dict[int, list[tuple[str, int]]] = {int(c): [] for c in codes}
        for pair in np.flatnonzero(wanted):
            out[int(idx.ps_place[pair])].append((idx.surfaces[idx.ps_surface[pair]], int(counts[pair])))
        return {c: sorted(forms, key=lambda f: (-f[1], f[0]))[:top] for c, forms in out.items()}

    def place_month_matrix(self, top: int = 10) -> pd.DataFrame:
        """Mentions of the `top` most-mentioned places per month: rows = place names, columns = months."""
        idx = self.index
        top_codes = self.place_stats(limit=top)["code"].to_numpy()
        n_months = len(idx.months)
        if not len(top_codes) or not n_months:
            return pd.DataFrame()
        slot = np.full(idx.n_places, -1, dtype=np.int64)
        slot[top_codes] = np.arange(len(top_codes))
        rows = slot[idx.ap_place]
        keep = self._pair_mask & (rows >= 0) & (idx.ap_month >= 0)
        flat = np.bincount(
            rows[keep] * n_months + idx.ap_month[keep],
            weights=idx.ap_mentions[keep],
            minlength=len(top_codes) * n_months,
        ).astype(np.int64)
        names = [str(idx.places["name"].iat[c]) for c in top_codes]
        return pd.DataFrame(flat.reshape(len(top_codes), n_months), index=names, columns=idx.months)

    @property
    def languages(self) -> list[str]:
        codes = np.unique(self.index.language_code[self.positions])
        return [self.index.languages[c] for c in codes if c >= 0]

    @property
    def outlets(self) -> list[str]:
        codes = np.unique(self.index.outlet_code[self.positions])
        return [self.index.outlets[c] for c in codes if c >= 0]
