"""City -> admin-1 region -> country: rolled-up counts, the region filter and names per language.

The places table carries each place's admin-1 unit (`admin1_id`, `admin1_name`) and its names in the
interface languages (`name_nl`/`name_en`/`name_de`, components.places.gazetteer_names). Everything that
depends only on the corpus is computed once per CorpusIndex (`hierarchy`): a region and a country code
per place code, the distinct (article, region) and (article, country) pairs, and a point per group. A
filter change then costs a few bincounts (`rollup`). No Streamlit here.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from components.explore.filter_params import name_key

if TYPE_CHECKING:
    from components.explore.corpus_index import CorpusIndex
    from components.explore.filtered_view import FilteredView

LEVELS = ("place", "region", "country")
_CACHE: weakref.WeakKeyDictionary[CorpusIndex, Hierarchy] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


@dataclass
class Level:
    """One roll-up level: a group per place code (-1: none), the groups' table and (article, group) pairs."""

    group_of: np.ndarray  # int32 per place code
    groups: pd.DataFrame  # key, name, kind, lat, lon, country, place_code (the group's own place or -1)
    pair_article: np.ndarray  # distinct (article, group) pairs
    pair_group: np.ndarray
    members: list[np.ndarray]  # place codes per group


@dataclass
class Hierarchy:
    region: Level
    country: Level
    labels: dict[str, np.ndarray]  # language -> display name per place code
    region_codes: dict[str, np.ndarray]  # region name (canonical) -> place codes in it
    region_of_key: dict[str, str]  # name_key / admin1 id -> canonical region name
    ordered_regions: list[str]  # most-mentioned first (the sidebar's options)


def _place_columns(index: CorpusIndex) -> pd.DataFrame:
    """The places table's hierarchy and name columns, one row per place code (missing: <NA>)."""
    wanted = ["admin1_id", "admin1_name", "name_nl", "name_en", "name_de"]
    places = index.corpus.places
    have = [c for c in wanted if c in places.columns]
    table = places[["place_id", *have]].drop_duplicates("place_id").set_index("place_id")
    table = table.reindex(pd.Index(index.place_ids, dtype="string"))
    for c in wanted:
        if c not in table:
            table[c] = pd.Series(pd.NA, index=table.index, dtype="string")
    return table.reset_index(drop=True)


def _pairs(index: CorpusIndex, group_of: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (article, group) pairs from the index's (article, place) pairs."""
    g = group_of[index.ap_place] if len(index.ap_place) else np.zeros(0, dtype=np.int32)
    keep = g >= 0
    key = np.unique(index.ap_article[keep].astype(np.int64) * max(n_groups, 1) + g[keep])
    return (key // max(n_groups, 1)).astype(np.int32), (key % max(n_groups, 1)).astype(np.int32)


def _level(index: CorpusIndex, keys: pd.Series, names: pd.Series, kind: str, own_prefix: str = "") -> Level:
    """Group place codes by `keys` (<NA>: in no group); a group's point is its own place's when the
    group is itself mentioned, else the mention-weighted centre of its places."""
    codes, uniques = pd.factorize(keys, sort=True, use_na_sentinel=True)
    group_of = codes.astype(np.int32)
    n = len(uniques)
    weights = index.mentions_total.astype(float)
    inside = group_of >= 0
    lat = index.places["lat"].to_numpy(dtype=float, na_value=np.nan)
    lon = index.places["lon"].to_numpy(dtype=float, na_value=np.nan)
    ok = inside & ~np.isnan(lat) & ~np.isnan(lon)
    total = np.bincount(group_of[ok], weights=weights[ok], minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        g_lat = np.bincount(group_of[ok], weights=weights[ok] * lat[ok], minlength=n) / total
        g_lon = np.bincount(group_of[ok], weights=weights[ok] * lon[ok], minlength=n) / total
    own = np.array([index.place_code.get(f"{own_prefix}{k}", -1) for k in uniques], dtype=np.int64)
    has_own = own >= 0
    g_lat[has_own], g_lon[has_own] = lat[own[has_own]], lon[own[has_own]]
    first = pd.Series(np.arange(len(group_of)))[inside].groupby(group_of[inside]).first()
    countries = index.places["country"].astype("string").to_numpy(dtype=object, na_value="")
    groups = pd.DataFrame({
        "key": [str(k) for k in uniques],
        "name": [str(names.iat[first.get(i, 0)]) if n else "" for i in range(n)],
        "kind": kind,
        "lat": g_lat, "lon": g_lon,
        "country": [countries[first.get(i, 0)] for i in range(n)],
        "place_code": own,
    })  # fmt: skip
    pair_article, pair_group = _pairs(index, group_of, n)
    order = np.argsort(group_of, kind="stable")
    bounds = np.searchsorted(group_of[order], np.arange(n + 1))
    members = [order[bounds[g] : bounds[g + 1]].astype(np.int32) for g in range(n)]
    return Level(group_of, groups, pair_article, pair_group, members)


def _labels(index: CorpusIndex, table: pd.DataFrame) -> dict[str, np.ndarray]:
    base = index.places["name"].astype("string").fillna("")
    return {
        lang: table[f"name_{lang}"].astype("string").fillna(base).to_numpy(dtype=object)
        for lang in ("nl", "en", "de")
    }


def _build(index: CorpusIndex) -> Hierarchy:
    table = _place_columns(index)
    admin1 = table["admin1_id"].astype("string")
    region = _level(index, admin1, table["admin1_name"].astype("string").fillna(admin1), "region")
    country_key = index.places["country"].astype("string").str.strip().replace("", pd.NA)
    country = _level(index, country_key, country_key, "country", own_prefix="cc:")
    own = country.groups["place_code"].to_numpy()
    names = index.places["name"].astype("string")
    country.groups["name"] = [
        str(names.iat[c]) if c >= 0 else k for c, k in zip(own, country.groups["key"], strict=True)
    ]
    region_codes: dict[str, list[int]] = {}
    region_of_key: dict[str, str] = {}
    for g, (key, name) in enumerate(zip(region.groups["key"], region.groups["name"], strict=True)):
        region_codes.setdefault(name, []).extend(region.members[g].tolist())
        region_of_key.setdefault(name_key(name), name)
        region_of_key.setdefault(name_key(key), name)
    codes = {k: np.unique(np.array(v, dtype=np.int32)) for k, v in region_codes.items()}
    totals = {n: int(index.mentions_total[c].sum()) for n, c in codes.items()}
    return Hierarchy(
        region=region,
        country=country,
        labels=_labels(index, table),
        region_codes=codes,
        region_of_key=region_of_key,
        ordered_regions=sorted(totals, key=lambda n: (-totals[n], n)),
    )


def hierarchy(index: CorpusIndex) -> Hierarchy:
    """The index's hierarchy, built on first use and kept as long as the index lives."""
    with _LOCK:
        found = _CACHE.get(index)
    if found is None:
        found = _build(index)
        with _LOCK:
            _CACHE[index] = found
    return found


def region_names(index: CorpusIndex) -> list[str]:
    """Regions holding a mentioned place, most-mentioned first (the sidebar's options)."""
    return hierarchy(index).ordered_regions


def region_named(index: CorpusIndex, typed: str) -> str | None:
    """Canonical region name for a typed name or admin-1 id (case-insensitive), else None."""
    return hierarchy(index).region_of_key.get(name_key(typed))


def region_place_codes(index: CorpusIndex, regions: Iterable[str]) -> np.ndarray:
    """Place codes inside any of the regions (the region's own place included)."""
    h = hierarchy(index)
    found = [h.region_codes[r] for r in regions if r in h.region_codes]
    return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int32)


def place_labels(index: CorpusIndex, codes: Sequence[int] | np.ndarray, language: str) -> list[str]:
    """Names of place codes in the interface language (the canonical name where none is known)."""
    labels = hierarchy(index).labels.get(language)
    if labels is None:
        return [str(index.places["name"].iat[int(c)]) for c in codes]
    return [str(labels[int(c)]) for c in codes]


def rollup(view: FilteredView, level: str, language: str = "en") -> pd.DataFrame:
    """Mentions and articles per region or country in the view, most-mentioned first, with the columns
    of `FilteredView.place_stats` (name, kind, lat, lon, country, mentions, articles, code, selected)
    plus `label` (the name in `language`) and `members` (the place codes summed)."""
    h = hierarchy(view.index)
    lev = h.region if level == "region" else h.country
    n = len(lev.groups)
    inside = lev.group_of >= 0
    mentions = np.bincount(lev.group_of[inside], weights=view.place_mentions[inside], minlength=n)
    articles = np.bincount(lev.pair_group[view.mask[lev.pair_article]], minlength=n)
    present = np.flatnonzero(mentions > 0)
    present = present[np.argsort(-mentions[present], kind="stable")]
    table = lev.groups.iloc[present].reset_index(drop=True)
    table["mentions"] = mentions[present].astype(np.int64)
    table["articles"] = articles[present].astype(np.int64)
    table["code"] = table["place_code"].astype(np.int64)
    own = table["code"].to_numpy()
    labels = h.labels.get(language)
    table["label"] = [
        str(labels[c]) if labels is not None and c >= 0 else str(name)
        for c, name in zip(own, table["name"], strict=True)
    ]
    selected_regions = set(view.state.regions)
    table["selected"] = table["name"].isin(selected_regions).to_numpy() | np.isin(own, view.place_codes)
    members = [lev.members[g].tolist() for g in present]
    column = np.empty(len(members), dtype=object)
    column[:] = members
    table["members"] = column
    return table.drop(columns=["place_code"])
