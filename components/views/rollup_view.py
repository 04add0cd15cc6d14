"""The roll-up choice (place / region / country) shared by the Map and Places pages, and place names in
the interface language.

The level is a URL parameter (`level=`), so a shared link opens the same roll-up; the counts come from
components.explore.place_hierarchy. Clicking a region on the rolled-up map sets the region filter.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.explore.filtered_view import FilteredView
from components.explore.place_hierarchy import LEVELS, place_labels, rollup
from components.views.app_state import set_filters
from components.views.charts import place_of_point, selected_points
from components.views.i18n import _, current_language

PARAM_LEVEL = "level"
LEVEL_LABELS = {"place": "Places", "region": "Regions", "country": "Countries"}


def _store_level(key: str) -> None:
    value = st.session_state.get(key) or "place"
    if value == "place":
        if PARAM_LEVEL in st.query_params:
            del st.query_params[PARAM_LEVEL]
    elif st.query_params.get(PARAM_LEVEL) != value:
        st.query_params[PARAM_LEVEL] = value


def level_choice(container, key: str) -> str:
    """A segmented control in `container`; its value is kept in (and read from) the URL's `level=`."""
    if key not in st.session_state:
        wanted = str(st.query_params.get(PARAM_LEVEL, "place")).strip().lower()
        st.session_state[key] = wanted if wanted in LEVELS else "place"
    level = container.segmented_control(
        _("Roll up"), list(LEVELS), key=key, format_func=lambda k: _(LEVEL_LABELS[k]),
        label_visibility="collapsed", on_change=_store_level, args=(key,),
    ) or "place"  # fmt: skip
    _store_level(key)
    return level


def located_rows(view: FilteredView, level: str) -> pd.DataFrame:
    """What the map draws at a level: places (place_stats) or rolled-up groups, with a `label` in the
    interface language, located rows only."""
    language = current_language()
    if level in ("region", "country"):
        table = rollup(view, level, language)
    else:
        table = view.place_stats()
        table["label"] = place_labels(view.index, table["code"].to_numpy(), language)
    return table.dropna(subset=["lat", "lon"])


def select_region(key: str) -> None:
    """on_select callback of the region roll-up: the clicked region(s) become the region filter."""
    names = list(dict.fromkeys(n for n in (place_of_point(p) for p in selected_points(key)) if n))
    if names:
        set_filters(regions=tuple(names))
