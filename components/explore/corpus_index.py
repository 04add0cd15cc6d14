"""The corpus index: everything about a corpus that filtering and the views need, computed once.

The dashboard filters on every widget change, so everything that depends only on the corpus (month
codes, place codes, (article, place) pairs, surface forms...) is computed here once, and a filter
change is a handful of vectorised mask operations (`filtered_view.apply`). No Streamlit here.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import cached_property

import numpy as np
import pandas as pd

from components.explore.filter_params import FilterState, name_key, valid_month
from components.explore.filtered_view import FilteredView, apply
from components.store.mapped_text import SearchText
from components.store.schema import Corpus


def _codes_into(values: pd.Series, positions: dict[str, int]) -> np.ndarray:
    """int32 position of each value in `positions` (-1 if absent), looked up once per distinct value."""
    cat = values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype("category")
    lookup = np.array([positions.get(str(c), -1) for c in cat.cat.categories], dtype=np.int32)
    codes = cat.cat.codes.to_numpy()
    return np.where(codes >= 0, lookup[np.maximum(codes, 0)] if len(lookup) else -1, -1).astype(np.int32)


def _per_distinct(values: pd.Series, test: Callable[[str], bool]) -> np.ndarray:
    """test(value) per row (NA as ""), evaluated once per distinct value: a million rows hold few months."""
    codes, uniques = pd.factorize(values.fillna(""))
    return (
        np.array([bool(test(str(u))) for u in uniques], dtype=bool)[codes]
        if len(codes)
        else codes.astype(bool)
    )


def _months_between(first: str, last: str) -> list[str]:
    """Every 'YYYY-MM' from first to last inclusive (gaps included, so charts show empty months)."""
    start = pd.Period(first, freq="M")
    end = pd.Period(last, freq="M")
    return [str(p) for p in pd.period_range(start, end, freq="M")]


class CorpusIndex:
    """Everything about a corpus that filtering and the views need, computed once.

    Positions: articles are addressed by their row position in `corpus.articles`, places by a code
    into `self.places` (resolved places only), mentions by their row in `corpus.mentions`.
    """

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        arts = corpus.articles
        self.n_articles = len(arts)
        self.article_ids = arts["article_id"].astype("string").to_numpy(dtype=object, na_value="")
        self._positions = dict(zip(self.article_ids, range(self.n_articles), strict=True))

        month = arts["month"].astype("string")
        valid = _per_distinct(month, valid_month)
        known = month[valid]
        self.months: list[str] = _months_between(known.min(), known.max()) if len(known) else []
        month_pos = {m: i for i, m in enumerate(self.months)}
        self.month_code = np.full(self.n_articles, -1, dtype=np.int32)
        self.month_code[valid] = known.map(month_pos).to_numpy(dtype=np.int32)

        day = arts["day"].astype("string")
        day_ok = _per_distinct(day, lambda d: bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d)))
        self.day_code, days = pd.factorize(day.where(day_ok), sort=True, use_na_sentinel=True)
        self.days: list[str] = [str(d) for d in days]

        self.language_code, self.languages = self._factorize(arts["language"])
        self.outlet_code, self.outlets = self._factorize(arts["outlet"])
        self._language_of = {name_key(v): v for v in self.languages}
        self._outlet_of = {name_key(v): v for v in self.outlets}

        self._build_mentions(corpus.mentions, corpus.places)
        self._search_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._view_cache: OrderedDict[FilterState, FilteredView] = OrderedDict()
        # A view holds per-mention masks once asked (~1 byte per mention): fewer are kept for a big corpus.
        self._max_views = int(np.clip(80_000_000 // max(len(self.m_article), 1), 4, 16))
        self._lock = threading.Lock()

    @staticmethod
    def _factorize(values: pd.Series) -> tuple[np.ndarray, list[str]]:
        cleaned = values.astype("string").str.strip()
        cleaned = cleaned.where(cleaned != "")
        codes, uniques = pd.factorize(cleaned, sort=True, use_na_sentinel=True)
        return codes.astype(np.int32), [str(u) for u in uniques]

    def _build_mentions(self, mentions: pd.DataFrame, places: pd.DataFrame) -> None:
        """Per-mention int32 codes, read from the mentions' categoricals: no per-mention string is made."""
        pos = _codes_into(mentions["article_id"], self._positions)
        in_corpus = pos >= 0
        everything = bool(in_corpus.all())
        self.mention_rows = (  # rows of corpus.mentions we can place in an article
            np.arange(len(pos), dtype=np.int32) if everything else np.flatnonzero(in_corpus).astype(np.int32)
        )
        self.m_article = pos if everything else pos[in_corpus]
        m = mentions if everything else mentions.iloc[self.mention_rows]

        codes, place_ids = pd.factorize(m["place_id"], sort=False, use_na_sentinel=True)
        self.m_place = codes.astype(np.int32)
        self.place_ids: list[str] = [str(p) for p in place_ids]
        self.place_code = {pid: i for i, pid in enumerate(self.place_ids)}
        self.n_places = len(self.place_ids)
        self.places = self._place_table(m, places, self.m_place, self.place_ids)

        resolved = self.m_place >= 0
        self.resolved = resolved
        self.mentions_total = np.bincount(self.m_place[resolved], minlength=self.n_places)
        self._group_names()
        self._build_pairs()
        self._build_surfaces(m["surface"])

    def _group_names(self) -> None:
        """Group place codes by case-insensitive English name: the URL and the sidebar speak names."""
        order = np.argsort(-self.mentions_total, kind="stable")
        self.name_codes: dict[str, np.ndarray] = {}
        self.name_of_key: dict[str, str] = {}
        grouped: dict[str, list[int]] = {}
        names = self.places["name"].astype("string").to_numpy(dtype=object, na_value="")
        for code in order:
            name = names[code]
            key = name_key(name)
            if key not in grouped:
                grouped[key] = []
                self.name_of_key[key] = name
            grouped[key].append(int(code))
        self.name_codes = {self.name_of_key[k]: np.array(v, dtype=np.int32) for k, v in grouped.items()}
        self.place_names: list[str] = list(self.name_codes)  # most-mentioned first

    def _build_pairs(self) -> None:
        """Distinct (article, place) pairs, sorted by place so a place's articles are one slice."""
        resolved = self.resolved
        width = max(self.n_places, 1)
        pair = self.m_article[resolved].astype(np.int64) * width + self.m_place[resolved]
        pairs, pair_mentions = np.unique(pair, return_counts=True)
        del pair
        ap_place = (pairs % width).astype(np.int32)
        ap_article = (pairs // width).astype(np.int32)
        by_place = np.argsort(ap_place, kind="stable")
        self.ap_place = ap_place[by_place]
        self.ap_article = ap_article[by_place]
        self.ap_mentions = pair_mentions[by_place].astype(np.int32)
        self.ap_offsets = np.searchsorted(self.ap_place, np.arange(self.n_places + 1))
        self.ap_month = self.month_code[self.ap_article]

    def _build_surfaces(self, surface: pd.Series) -> None:
        """Surface forms per place: (place, surface) pair codes, counted under a mention mask later.
        Codes come from the categorical's codes and its (few) stripped categories."""
        cat = surface if isinstance(surface.dtype, pd.CategoricalDtype) else surface.astype("category")
        stripped = pd.Series(cat.cat.categories.astype(str), dtype="string").str.strip().fillna("")
        form_of_cat, forms = pd.factorize(pd.concat([stripped, pd.Series([""], dtype="string")]))
        self.surfaces = [str(f) for f in forms]
        empty = int(form_of_cat[-1])
        raw = cat.cat.codes.to_numpy()
        m_surface = np.where(raw >= 0, form_of_cat[np.maximum(raw, 0)], empty)
        m_surface[~self.resolved] = empty
        n_surf = max(len(self.surfaces), 1)
        ps = self.m_place.astype(np.int64) * n_surf + m_surface
        codes, ps_uniques = pd.factorize(np.where(self.resolved, ps, -1), sort=True)
        self.m_place_surface = codes.astype(np.int32)
        ps_uniques = np.asarray(ps_uniques)
        self.ps_place = (ps_uniques // n_surf).astype(np.int32)
        self.ps_surface = (ps_uniques % n_surf).astype(np.int32)

    @staticmethod
    def _place_table(
        mentions: pd.DataFrame, places: pd.DataFrame, codes: np.ndarray, ids: list[str]
    ) -> pd.DataFrame:
        """One row per resolved place_id: the gazetteer row if there is one, else its first mention's copy."""
        cols = ["place_id", "name", "kind", "lat", "lon", "country"]
        resolved = np.flatnonzero(codes >= 0)
        first = pd.Series(codes[resolved]).drop_duplicates().index.to_numpy()  # hashing, not a sort
        from_mentions = mentions.iloc[resolved[first]][cols].astype(
            {"place_id": "string", "name": "string", "kind": "string", "country": "string"}
        )
        from_mentions = from_mentions.astype({"lat": "float64", "lon": "float64"})
        gazetteer = places[cols].drop_duplicates("place_id") if len(places) else from_mentions.iloc[:0]
        table = pd.concat([gazetteer, from_mentions]).drop_duplicates("place_id", keep="first")
        table = table.set_index("place_id")
        table = table.reindex(pd.Index(ids, dtype="string"))
        table["name"] = table["name"].fillna(pd.Series(table.index, index=table.index)).astype("string")
        table["kind"] = table["kind"].fillna("point").astype("string")
        return table.rename_axis("place_id").reset_index()

    # ---- lookups -------------------------------------------------------------------------------

    def month_index(self, month: str) -> int | None:
        try:
            return self.months.index(month)
        except ValueError:
            return None

    def position_of(self, article_id: str) -> int | None:
        """Row position of an article in `corpus.articles`, None for an unknown id."""
        return self._positions.get(article_id)

    def language_named(self, typed: str) -> str | None:
        """The corpus's spelling of a language typed into a URL (case/whitespace-insensitive), else None."""
        return self._language_of.get(name_key(typed))

    def outlet_named(self, typed: str) -> str | None:
        """The corpus's spelling of an outlet typed into a URL (case/whitespace-insensitive), else None."""
        return self._outlet_of.get(name_key(typed))

    def place_name(self, typed: str) -> str | None:
        """Canonical English name for a typed name or place_id (case-insensitive), else None."""
        key = name_key(typed)
        if key in self.name_of_key:
            return self.name_of_key[key]
        code = self.place_code.get(str(typed).strip())
        return None if code is None else str(self.places["name"].iat[code])

    def codes_for_names(self, names: Iterable[str]) -> np.ndarray:
        found = [self.name_codes[n] for n in names if n in self.name_codes]
        return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int32)

    def articles_mentioning(self, codes: np.ndarray) -> np.ndarray:
        """Boolean article mask: mentions any of the place codes."""
        mask = np.zeros(self.n_articles, dtype=bool)
        for code in codes:
            mask[self.ap_article[self.ap_offsets[code] : self.ap_offsets[code + 1]]] = True
        return mask

    def search(self, query: str) -> np.ndarray:
        """Boolean article mask: the title or body contains `query` (case-insensitive); memoised."""
        with self._lock:
            hit = self._search_cache.get(query)
            if hit is not None:
                self._search_cache.move_to_end(query)
                return hit
        mask = np.zeros(self.n_articles, dtype=bool)
        needle = query.lower().replace("\x00", "").encode("utf-8")
        blob, starts = self._haystack if self.n_articles else (b"", np.zeros(0, dtype=np.int64))
        if needle:
            hit = blob.find(needle)
            while hit != -1:
                doc = int(np.searchsorted(starts, hit, side="right")) - 1
                mask[doc] = True
                if doc + 1 >= len(starts):
                    break
                hit = blob.find(needle, starts[doc + 1])
        with self._lock:
            self._search_cache[query] = mask
            while len(self._search_cache) > 32:
                self._search_cache.popitem(last=False)
        return mask

    @cached_property
    def _haystack(self) -> tuple[bytes | SearchText, np.ndarray]:
        """All lower-cased titles + bodies in one NUL-separated UTF-8 buffer, with each article's start.

        A loaded cache maps the buffer its generation wrote (`mapped_text.SearchText`): nothing in memory.
        Tables made in memory build it on the first search. bytes.find (a fast two-way/memchr scan) over
        one buffer, skipping to the next article after a hit, beats per-string matching by several times.
        """
        search = getattr(self.corpus, "search", None)
        if isinstance(search, SearchText) and len(search.starts) == self.n_articles:
            return search, search.starts
        arts = self.corpus.articles
        docs = arts["title"].astype("string").fillna("") + "\n" + arts["body"].astype("string").fillna("")
        encoded = [d.encode("utf-8") for d in docs.str.lower().tolist()]
        starts, pos = [], 0
        for chunk in encoded:
            starts.append(pos)
            pos += len(chunk) + 1
        return b"\x00".join(encoded), np.asarray(starts, dtype=np.int64)

    def view(self, state: FilterState) -> FilteredView:
        """The filtered view for a state, memoised (a rerun without a filter change costs nothing)."""
        with self._lock:
            cached = self._view_cache.get(state)
            if cached is not None:
                self._view_cache.move_to_end(state)
                return cached
        result = apply(self, state)
        with self._lock:
            self._view_cache[state] = result
            while len(self._view_cache) > self._max_views:
                self._view_cache.popitem(last=False)
        return result
