"""Places: every place of the filtered view as a table, with the forms used and the alternatives the
resolver rejected, downloadable as CSV and GeoJSON."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

import pandas as pd
import streamlit as st

from components.explore.corpus_index import CorpusIndex
from components.explore.filtered_view import FilteredView
from components.files import feature_collection, point_feature
from components.values import none_if_missing
from components.views.app_state import corpus_key, get_index

TABLE_COLUMNS = [
    "name", "kind", "country", "lat", "lon", "mentions", "articles", "forms", "rejected", "place_id",
]  # fmt: skip


def rejected_alternatives(index: CorpusIndex, top: int = 5) -> dict[int, str]:
    """Per place code: the candidates the resolver considered and rejected, most frequent first.

    `mentions.candidates` repeats the same JSON for every mention of a form, so each distinct
    (place, candidates) pair is parsed once; malformed JSON is skipped.
    """
    mentions = index.corpus.mentions
    if index.n_places == 0 or "candidates" not in mentions:
        return {}
    frame = pd.DataFrame({
        "code": index.m_place,
        "candidates": mentions["candidates"].iloc[index.mention_rows].to_numpy(dtype=object, na_value=None),
    })  # fmt: skip
    frame = frame[(frame["code"] >= 0) & frame["candidates"].notna()]
    counts: dict[int, Counter] = defaultdict(Counter)
    for (code, raw), n in frame.value_counts(["code", "candidates"]).items():
        winner = index.place_ids[code]
        try:
            candidates = json.loads(raw)
        except (TypeError, ValueError):
            continue
        if not isinstance(candidates, list):
            continue
        for cand in candidates:
            if not isinstance(cand, dict) or cand.get("place_id") == winner:
                continue
            label = str(cand.get("name") or cand.get("place_id") or "?")
            details = ", ".join(str(cand[k]) for k in ("kind", "country") if cand.get(k))
            counts[int(code)][f"{label} ({details})" if details else label] += int(n)
    return {code: "; ".join(f"{label} ×{n}" for label, n in c.most_common(top)) for code, c in counts.items()}


@st.cache_data(max_entries=4, show_spinner="Reading the resolver's alternatives…")
def _rejected(key: str, _index: CorpusIndex) -> dict[int, str]:
    return rejected_alternatives(_index)


def places_table(view: FilteredView, rejected: dict[int, str]) -> pd.DataFrame:
    """One row per place mentioned in the view, most-mentioned first."""
    stats = view.place_stats()
    forms = view.surface_forms(stats["code"].tolist(), top=8)
    stats["forms"] = [", ".join(f for f, _ in forms.get(int(c), [])) for c in stats["code"]]
    stats["rejected"] = [rejected.get(int(c), "") for c in stats["code"]]
    return stats[TABLE_COLUMNS].reset_index(drop=True)


def _number(value: object) -> float | None:
    value = none_if_missing(value)
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def to_geojson(table: pd.DataFrame) -> str:
    """A FeatureCollection of the places with coordinates (properties = the table's other columns)."""
    features = []
    for row in table.to_dict("records"):
        lat, lon = _number(row.get("lat")), _number(row.get("lon"))
        if lat is None or lon is None:
            continue
        props = {}
        for k, v in row.items():
            if k in ("lat", "lon"):
                continue
            v = none_if_missing(v)
            props[k] = None if v is None else (int(v) if k in ("mentions", "articles") else str(v))
        features.append(point_feature(lon, lat, props))
    return feature_collection(features)


def render_places(view: FilteredView) -> None:
    table = places_table(view, _rejected(corpus_key(), get_index()))
    unresolved = int((view.mention_mask & ~view.index.resolved).sum())
    st.caption(
        f"{len(table):,} places · {int(table['mentions'].sum()):,} resolved mentions"
        + (f" · {unresolved:,} mentions could not be placed" if unresolved else "")
    )
    if table.empty:
        st.info("No resolved place is mentioned in the articles in view.")
        return
    top = int(table["mentions"].max())
    st.dataframe(
        table, hide_index=True, width="stretch", height=min(640, 36 * len(table) + 40),
        column_config={
            "name": st.column_config.TextColumn("Place", pinned=True),
            "kind": "Kind", "country": "Country",
            "lat": st.column_config.NumberColumn("Lat", format="%.4f"),
            "lon": st.column_config.NumberColumn("Lon", format="%.4f"),
            "mentions": st.column_config.ProgressColumn("Mentions", format="%d", min_value=0, max_value=top),
            "articles": st.column_config.NumberColumn("Articles", format="%d"),
            "forms": st.column_config.TextColumn("Written as", width="medium"),
            "rejected": st.column_config.TextColumn("Rejected alternatives", width="large",
                                                    help="Other places the resolver considered (× mentions)"),
            "place_id": "Place id",
        },
    )  # fmt: skip
    left, right, _ = st.columns([1, 1, 3])
    left.download_button(
        "Download CSV",
        table.to_csv(index=False).encode("utf-8"),
        "news-atlas-places.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        "Download GeoJSON",
        to_geojson(table).encode("utf-8"),
        "news-atlas-places.geojson",
        mime="application/geo+json",
        icon=":material/download:",
        on_click="ignore",
    )
