"""Place names in the interface language for views that get names from the data layer in English
(the canonical gazetteer name): Cherson in Dutch, Kherson in English."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from components.explore.corpus_index import CorpusIndex
from components.explore.place_hierarchy import place_labels
from components.views.app_state import corpus_key, get_index
from components.views.i18n import current_language


@dataclass(frozen=True)
class PlaceNames:
    """Interface-language names by place id and by canonical name; unknown keys stay as given."""

    by_id: dict[str, str]
    by_name: dict[str, str]

    def of_id(self, place_id: str, fallback: str) -> str:
        return self.by_id.get(place_id) or fallback

    def of_name(self, name: str) -> str:
        return self.by_name.get(name) or name


def build_place_names(index: CorpusIndex, language: str) -> PlaceNames:
    """The names of every place in `index` in `language` (the canonical name where none is known)."""
    labels = place_labels(index, np.arange(index.n_places), language)
    canonical = index.places["name"].astype("string").fillna("").tolist()
    by_id = {pid: label for pid, label in zip(index.place_ids, labels, strict=True) if label}
    by_name: dict[str, str] = {}
    for name, label in zip(canonical, labels, strict=True):
        if name and label:
            by_name.setdefault(name, label)  # two places of one name: the first seen wins
    return PlaceNames(by_id, by_name)


@st.cache_resource(max_entries=4, show_spinner=False)
def _cached(key: str, language: str, _index: CorpusIndex) -> PlaceNames:
    return build_place_names(_index, language)


def place_names() -> PlaceNames:
    """This session's interface-language place names, built once per corpus version and language."""
    return _cached(corpus_key(), current_language(), get_index())
