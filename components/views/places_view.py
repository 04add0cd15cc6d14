"""Places: every place of the filtered view as a table, with the forms used and the alternatives the
resolver rejected, downloadable as CSV and GeoJSON."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

import pandas as pd
import streamlit as st

from components.explore.corpus_index import CorpusIndex
from components.explore.filtered_view import FilteredView
from components.explore.place_hierarchy import place_labels, rollup
from components.files import feature_collection, point_feature
from components.values import none_if_missing, optional_float
from components.views.app_state import corpus_key, get_index, set_filters
from components.views.i18n import current_language, number
from components.views.i18n import gettext as _
from components.views.rollup_view import level_choice

TABLE_COLUMNS = [
    "label", "name", "kind", "country", "lat", "lon", "mentions", "articles", "forms", "rejected", "place_id",
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
    stats["label"] = place_labels(view.index, stats["code"].to_numpy(), current_language())
    return stats[TABLE_COLUMNS].reset_index(drop=True)


ROLLUP_COLUMNS = ["label", "name", "kind", "country", "mentions", "articles", "key"]


def kind_names(kinds: pd.Series) -> pd.Series:
    """Place kinds in the interface language (stad, regio ...), as the map legend and reader write them."""
    return kinds.astype("string").map(lambda k: _(k) if isinstance(k, str) and k else k)


def rollup_caption(level: str, n: int, mentions: int) -> str:
    """'8 regions · 21 resolved mentions': names what was counted, singular for one."""
    f = {"n": number(n), "m": number(mentions)}
    if level == "region":
        return (
            _("{n} region · {m} resolved mentions", **f)
            if n == 1
            else _("{n} regions · {m} resolved mentions", **f)
        )
    return (
        _("{n} country · {m} resolved mentions", **f)
        if n == 1
        else _("{n} countries · {m} resolved mentions", **f)
    )


def render_rollup(view: FilteredView, level: str) -> None:
    """Regions or countries of the view with summed mentions and distinct articles; a region row leads
    to the region filter."""
    table = rollup(view, level, current_language())[ROLLUP_COLUMNS]
    total = int(table["mentions"].sum())
    st.caption(rollup_caption(level, len(table), total))
    if table.empty:
        st.info(_("No mentioned place lies in a known region."))
        return
    title = _("Region" if level == "region" else "Country")
    event = st.dataframe(
        table.assign(kind=kind_names(table["kind"])), hide_index=True, width="stretch",
        height=min(640, 36 * len(table) + 40),
        key=f"places_rollup_{level}", on_select="rerun", selection_mode="single-row",
        column_config={
            "label": st.column_config.TextColumn(title, pinned=True),
            "name": st.column_config.TextColumn(_("English name")),
            "kind": st.column_config.TextColumn(_("Kind"), width=70),
            "country": st.column_config.TextColumn(_("Country"), width=60),
            "mentions": st.column_config.ProgressColumn(
                _("Mentions"), format="%d", min_value=0, max_value=int(table["mentions"].max()), width=90
            ),
            "articles": st.column_config.NumberColumn(_("Articles"), format="%d", width=60),
            "key": st.column_config.TextColumn(_("Id"), width="small"),
        },
    )  # fmt: skip
    picked = event.selection.rows if event is not None else []
    if level == "region" and picked and picked[0] < len(table):
        name = str(table["name"].iat[picked[0]])
        st.button(
            _("Filter by this region: {name}", name=str(table["label"].iat[picked[0]])),
            key="places_filter_region", icon=":material/filter_alt:", on_click=set_filters,
            kwargs={"regions": (name,)},
        )  # fmt: skip


def to_geojson(table: pd.DataFrame) -> str:
    """A FeatureCollection of the places with coordinates (properties = the table's other columns)."""
    features = []
    for row in table.to_dict("records"):
        lat, lon = optional_float(row.get("lat")), optional_float(row.get("lon"))
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


def place_actions(name: str) -> None:
    """What a selected row leads to: filter every page by the place, or open it on the Map or Articles."""
    st.markdown(f"**{_('Selected')}: {name}**")
    cols = st.columns([1, 1, 1, 2])
    cols[0].button(
        _("Filter by this place"),
        key="places_filter_by",
        icon=":material/filter_alt:",
        on_click=set_filters,
        kwargs={"places": (name,)},
    )
    cols[1].page_link(
        "app_pages/map.py", label=_("Show on the map"), icon=":material/map:", query_params={"place": name}
    )
    cols[2].page_link(
        "app_pages/articles.py",
        label=_("Read its articles"),
        icon=":material/article:",
        query_params={"place": name},
    )


def render_places(view: FilteredView) -> None:
    level = level_choice(st.container(), "places_level")
    if level != "place":
        render_rollup(view, level)
        return
    table = places_table(view, _rejected(corpus_key(), get_index()))
    unresolved = int((view.mention_mask & ~view.index.resolved).sum())
    st.caption(
        _("{n} places · {m} resolved mentions", n=f"{len(table):,}", m=f"{int(table['mentions'].sum()):,}")
        + (_(" · {n} mentions could not be placed", n=f"{unresolved:,}") if unresolved else "")
    )
    if table.empty:
        st.info(_("No resolved place is mentioned in the articles in view."))
        return
    top = int(table["mentions"].max())
    event = st.dataframe(
        table.assign(kind=kind_names(table["kind"])), hide_index=True, width="stretch",
        height=min(640, 36 * len(table) + 40),
        key="places_table", on_select="rerun", selection_mode="single-row",
        column_order=[c for c in TABLE_COLUMNS if c != "name" or current_language() != "en"],
        column_config={
            "label": st.column_config.TextColumn(_("Place"), pinned=True, width=230),
            "name": st.column_config.TextColumn(_("English name"), width=160),
            "kind": st.column_config.TextColumn(_("Kind"), width=70),
            "country": st.column_config.TextColumn(_("Country"), width=60),
            "lat": st.column_config.NumberColumn("Lat", format="%.4f", width=70),
            "lon": st.column_config.NumberColumn("Lon", format="%.4f", width=70),
            "mentions": st.column_config.ProgressColumn(
                _("Mentions"), format="%d", min_value=0, max_value=top, width=90
            ),
            "articles": st.column_config.NumberColumn(_("Articles"), format="%d", width=60),
            "forms": st.column_config.TextColumn(_("Written as"), width=260),
            "rejected": st.column_config.TextColumn(
                _("Rejected alternatives"),
                width=320,
                help=_("Other places the resolver considered (× mentions)"),
            ),
            "place_id": st.column_config.TextColumn(_("Place id"), width="small"),
        },
    )  # fmt: skip
    picked = event.selection.rows if event is not None else []
    if picked and picked[0] < len(table):
        place_actions(str(table["name"].iat[picked[0]]))
    else:
        st.caption(_("Select a row to filter by that place or open it on the map or in the articles."))
    left, right, _rest = st.columns([1, 1, 3])
    left.download_button(
        _("Download CSV"),
        table.to_csv(index=False).encode("utf-8"),
        "news-atlas-places.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        _("Download GeoJSON"),
        to_geojson(table).encode("utf-8"),
        "news-atlas-places.geojson",
        mime="application/geo+json",
        icon=":material/download:",
        on_click="ignore",
    )
