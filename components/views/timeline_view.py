"""The Timeline page: articles per month and day, and attention per place (lines or a heat strip).

Data comes from components.explore.timeline_data (gaps for months without articles, greyed months
outside the month filter, places picked by total and by peak monthly share, colours fixed per place).
Up to LINES_MAX places are lines; more become a heat strip (one row per place), which stays readable
at 20k articles where ten lines were spaghetti.
"""

from __future__ import annotations

import html
from functools import partial

import numpy as np
import pandas as pd
import streamlit as st

from components.explore.filtered_view import FilteredView
from components.explore.timeline_data import (
    MonthFrame,
    month_frame,
    name_month_matrix,
    pick_places,
    place_colour,
    without_months,
)
from components.views.charts import (
    days_figure,
    figure,
    image_config,
    image_format_picker,
    months_chart,
    select_place,
)
from components.views.i18n import _
from components.views.theme import MUTED

LINES_MAX = 6
AUTO_PLACES = 8
PICKER_OPTIONS = 400  # the place picker offers the most-mentioned places in view
GREY_LINE = "#9ca3af"
HEAT_SCALE = [[0.0, "#f7fbff"], [0.5, "#6baed6"], [1.0, "#08306b"]]  # one hue, light → dark
GREY_SCALE = [[0.0, "#f8fafc"], [1.0, "#64748b"]]


def _values(row: np.ndarray, keep: np.ndarray) -> list[float | None]:
    return [float(v) if k else None for v, k in zip(row, keep, strict=True)]


def _grey_mask(frame: MonthFrame) -> np.ndarray:
    """Months drawn grey: outside the range, plus the in-range neighbours so the grey line joins."""
    out = ~frame.in_range
    joined = out.copy()
    joined[1:] |= out[:-1]
    joined[:-1] |= out[1:]
    return joined & frame.has_articles


def lines_figure(matrix: pd.DataFrame, frame: MonthFrame, colours: dict[str, str]) -> dict:
    """One line per place in its fixed colour; gaps where no article exists; grey outside the range."""
    months = frame.months
    shown, grey = frame.in_range & frame.has_articles, _grey_mask(frame)
    data = []
    for name, row in matrix.iterrows():
        label, values = html.escape(str(name)), row.to_numpy()
        common = {
            "type": "scatter", "mode": "lines+markers", "x": months, "customdata": [str(name)] * len(months),
            "hovertemplate": f"{label}<br>%{{x}}: %{{y}} {_('mentions')}<extra></extra>",
        }  # fmt: skip
        if not frame.in_range.all():
            data.append({
                **common, "y": _values(values, grey), "showlegend": False, "hoverinfo": "skip",
                "line": {"width": 1.5, "color": GREY_LINE, "dash": "dot"}, "marker": {"size": 4},
            })  # fmt: skip
        data.append({
            **common, "y": _values(values, shown), "name": label, "connectgaps": False,
            "line": {"width": 2.2, "color": colours[str(name)]}, "marker": {"size": 7},
        })  # fmt: skip
    return figure(
        data, height=400, title=_("Attention per place (mentions per month)"), showlegend=True,
        xaxis={"type": "category"}, legend={"x": 1.01, "y": 1, "font": {"size": 12}},
        shapes=_grey_shapes(frame),
    )  # fmt: skip


def heat_figure(matrix: pd.DataFrame, frame: MonthFrame) -> dict:
    """A heat strip: one row per place, colour = share of that place's own busiest month (each story
    shows, whatever its size); months outside the month filter in greys, months without articles blank;
    hover gives the mentions."""
    values = matrix.to_numpy(dtype=float)
    share = values / np.maximum(values.max(axis=1, keepdims=True), 1)
    names = [html.escape(str(n)) for n in matrix.index]
    custom = [[[str(n), int(v)] for v in r] for n, r in zip(matrix.index, values, strict=True)]
    hover = "%{y}<br>%{x}: %{customdata[1]} " + _("mentions") + "<extra></extra>"
    traces = []
    for keep, scale in ((frame.in_range, HEAT_SCALE), (~frame.in_range, GREY_SCALE)):
        if not keep.any():
            continue
        z = np.where((keep & frame.has_articles)[None, :], share, np.nan)
        traces.append({
            "type": "heatmap", "x": frame.months, "y": names, "z": z.tolist(), "zmin": 0, "zmax": 1,
            "colorscale": scale, "showscale": False, "xgap": 1, "ygap": 2, "customdata": custom,
            "hovertemplate": hover, "hoverongaps": False,
        })  # fmt: skip
    return figure(
        traces, height=max(220, 30 * len(names) + 80),
        title=_("Attention per place (share of its busiest month)"),
        xaxis={"type": "category"}, yaxis={"autorange": "reversed", "automargin": True, "showgrid": False},
    )  # fmt: skip


def _grey_shapes(frame: MonthFrame) -> list[dict]:
    """Grey bands over the months outside the month filter."""
    return [
        {"type": "rect", "xref": "x", "yref": "paper", "x0": i - 0.5, "x1": i + 0.5, "y0": 0, "y1": 1,
         "fillcolor": MUTED, "opacity": 0.35, "line": {"width": 0}, "layer": "above"}
        for i in np.flatnonzero(~frame.in_range)
    ]  # fmt: skip


def _picker(view: FilteredView) -> list[str]:
    """The place picker: empty = the automatic pick (total + peak share). It offers the places under every
    filter but the month range, so a picked place survives moving the range away from its months."""
    options = (
        without_months(view)
        .place_stats(limit=PICKER_OPTIONS)["name"]
        .astype("string")
        .drop_duplicates()
        .tolist()
    )
    chosen = [p for p in st.session_state.get("timeline_places", []) if p in options]
    st.session_state["timeline_places"] = chosen
    picked = st.multiselect(
        _("Places"), options, key="timeline_places",
        placeholder=_("Automatic: most mentioned and biggest peaks"),
        help=_("Pick places to draw; leave empty for the most-mentioned places and the biggest monthly "
               "peaks."),
    )  # fmt: skip
    return list(picked) or pick_places(view, AUTO_PLACES)


def attention_chart(view: FilteredView, config: dict) -> None:
    names = _picker(view)
    frame = month_frame(view)
    matrix = name_month_matrix(view, names)
    if matrix.empty or not matrix.to_numpy().sum():
        st.caption(_("No dated place mentions in view."))
        return
    modes = [_("Lines"), _("Heat strip")]
    default = modes[0] if len(names) <= LINES_MAX else modes[1]
    mode = (
        st.segmented_control(_("Show as"), modes, default=default, key=f"timeline_mode_{default}") or default
    )
    colours = {n: place_colour(view, n) for n in names}
    fig = lines_figure(matrix, frame, colours) if mode == modes[0] else heat_figure(matrix, frame)
    st.plotly_chart(
        fig, key="timeline_attention", on_select=partial(select_place, "timeline_attention"),
        selection_mode="points", config=config,
    )  # fmt: skip


def render_timeline(view: FilteredView) -> None:
    config = image_config(image_format_picker(st, "timeline_image_format"), "news-atlas-timeline")
    months_chart(view, key="timeline_months", config=config)
    days = view.day_counts()
    known = int(days.sum())
    if known:
        st.plotly_chart(days_figure(days), key="timeline_days", config=config)
    monthly_only = view.n_articles - known - view.n_undated
    st.caption(
        _("{known} article(s) have an exact day; {monthly} are dated to the month only and appear in the "
          "monthly chart alone (no invented days).", known=f"{known:,}", monthly=f"{monthly_only:,}")
    )  # fmt: skip
    attention_chart(view, config)
    st.caption(
        _("Months without any article are gaps; months outside the month filter are grey. Click a month bar "
          "to filter by that month, or a point to filter by that place.")
    )  # fmt: skip
