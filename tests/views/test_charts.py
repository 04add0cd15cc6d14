"""Chart clicks drive the sidebar filters: a month bar sets the month filter, a second click clears it."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from components.views.app_state import use_corpus
from tests.explore.sample_corpus import make_corpus


def _app() -> None:
    """The sidebar plus a simulated click on a month bar (a plotly selection event in session state).

    The click is handled before the sidebar is drawn, as Streamlit runs on_select callbacks before
    the script.
    """
    import streamlit as st

    from components.views.app_state import render_sidebar
    from components.views.charts import select_month

    clicked = st.session_state.pop("_test_click", None)
    if clicked:
        st.session_state["_test_chart"] = {"selection": {"points": [{"x": clicked, "customdata": clicked}]}}
        select_month("_test_chart")
    render_sidebar()


def test_clicking_a_month_twice_sets_then_clears_the_filter() -> None:
    use_corpus(make_corpus(), key="month-click-apptest")
    try:
        at = AppTest.from_function(_app, default_timeout=60)
        at.run()
        assert at.query_params.get("month") is None
        at.session_state["_test_click"] = "2022-10"
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.session_state["filter_month"] == ("2022-10", "2022-10")
        assert at.query_params["month"] == "2022-10"
        at.session_state["_test_click"] = "2022-10"  # the same bar again
        at.run()
        assert at.session_state["filter_month"] == ("2022-09", "2022-11")  # the whole range: no filter
        assert "month" not in at.query_params
        at.session_state["_test_click"] = "2022-11"  # another bar moves the filter
        at.run()
        assert at.session_state["filter_month"] == ("2022-11", "2022-11")
    finally:
        use_corpus(None)
