"""A one-chart Streamlit app: the dashboard's map figure for 50,000 distinct places, as the Map page
draws it (components.views.map_view.map_figure), for the Chromium test of the WebGL map."""

import os
import sys
import time
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from components.explore import basemap  # noqa: E402
from components.explore.corpus_index import CorpusIndex  # noqa: E402
from components.explore.filter_params import FilterState  # noqa: E402
from components.views.map_view import map_figure  # noqa: E402
from tests.browser.many_places import many_places_corpus  # noqa: E402


@st.cache_resource
def _index() -> CorpusIndex:
    return CorpusIndex(many_places_corpus(int(os.environ.get("MANY_PLACES", "50000"))))


index = _index()
started = time.perf_counter()
view = index.view(FilterState())
located = view.place_stats().dropna(subset=["lat", "lon"])
fig = map_figure(view, located, "world", "points")
elapsed_ms = 1000 * (time.perf_counter() - started)
# Streamlit serves static/ next to the main script, which for this test app is tests/browser/apps/:
# the country layer goes inline here (the dashboard's own route is checked on the seeds).
countries = basemap.world_geojson(110)["countries"]
for layer in fig["layout"]["map"]["layers"]:
    layer["source"] = countries
st.caption(f"{len(located)} places · figure built in {elapsed_ms:.0f} ms")
st.plotly_chart(fig, key="map_chart", config={"displaylogo": False, "scrollZoom": True})
