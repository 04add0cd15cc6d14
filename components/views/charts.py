"""Plotly figures and the Overview / Timeline sections built from a FilteredView.

Figures use plain graph_objects (plotly express is noticeably slower to build) with one shared
template and one colour per place kind, so every chart and the map read the same way.
Clicking a month or a place in a chart sets the corresponding sidebar filter (on_select callbacks).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import partial

import numpy as np
import pandas as pd
import streamlit as st

from components.explore.filtered_view import FilteredView
from components.explore.place_hierarchy import place_labels
from components.explore.timeline_data import MonthFrame, month_frame
from components.views.app_state import current_filters, set_filters
from components.views.i18n import _, current_language
from components.views.map_style import kind_colour
from components.views.theme import ACCENT, FONT, GRID, MUTED

# The modebar keeps only "download as image" (drawn by plotly.js in the browser: works offline); the
# format is the page's choice (image_format_choice), PNG by default.
IMAGE_CONFIG: dict = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d",
                               "autoScale2d", "resetScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}  # fmt: skip


def image_config(fmt: str = "png", filename: str = "news-atlas", base: dict | None = None) -> dict:
    """Plotly config whose camera button downloads the chart as `fmt` (png or svg)."""
    base = IMAGE_CONFIG if base is None else base
    return {**base, "toImageButtonOptions": {"format": fmt, "filename": filename, "scale": 2}}


def image_format_picker(container, key: str) -> str:  # noqa: ANN001 - a Streamlit container or st
    """PNG or SVG for the charts' camera button (both drawn by plotly.js in the browser, offline)."""
    return (
        container.segmented_control(
            _("Image format"), ["png", "svg"], default="png", key=key, label_visibility="collapsed",
            format_func=lambda f: _("Image: {fmt}", fmt=f.upper()),
            help=_("Format of the camera button above each chart (download as image)"),
        )
        or "png"
    )  # fmt: skip


Figure = dict  # a plotly figure as a plain dict: st.plotly_chart validates it once (graph_objects ~8 ms more)


def figure(
    data: list[dict],
    height: int = 320,
    title: str = "",
    xaxis: dict | None = None,
    yaxis: dict | None = None,
    **layout,
) -> Figure:
    """The shared look: transparent background, light grid, compact margins, no zoom.

    Deliberately no plotly `template=` (~50 ms per figure) and no graph_objects (validation on every
    update): a filter change must stay well under 300 ms at 100k articles.
    """
    base = {
        "height": height, "margin": {"l": 8, "r": 8, "t": 36 if title else 8, "b": 8},
        "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": FONT, "size": 13}, "hoverlabel": {"font": {"family": FONT}},
        "bargap": 0.18, "showlegend": False, "dragmode": False,
        "title": {"text": html.escape(title), "font": {"size": 15}},
        "xaxis": {"showgrid": False, "fixedrange": True, **(xaxis or {})},
        "yaxis": {"gridcolor": GRID, "fixedrange": True, "zeroline": False, **(yaxis or {})},
    }  # fmt: skip
    return {"data": data, "layout": {**base, **layout}}


def month_axis(start: str, end: str, max_ticks: int = 8) -> dict:
    """A date x-axis over [start, end] with one label per month (or every k-th month on long spans).

    Plotly's automatic date ticks fall every few days on a short span, and a '%Y-%m' format then prints
    the same month several times; month steps (dtick "M<k>") from the first of a month cannot repeat."""
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    months = max(1, (hi.year - lo.year) * 12 + hi.month - lo.month + 1)
    step = max(1, -(-months // max_ticks))
    first = lo.to_period("M").to_timestamp()
    return {
        "type": "date", "range": [start, end], "tickformat": "%Y-%m", "dtick": f"M{step}",
        "tick0": first.date().isoformat(), "ticklabelmode": "period",
    }  # fmt: skip


def months_figure(frame: MonthFrame) -> Figure:
    """Articles per month under every filter but the month range; months outside the range are grey
    (with their real counts: a 0 there read as a collapse of attention)."""
    colors = [ACCENT if keep else MUTED for keep in frame.in_range]
    bar = {
        "type": "bar",
        "x": frame.months,
        "y": frame.articles,
        "marker": {"color": colors},
        "customdata": frame.months,
        "hovertemplate": "%{x}: %{y} " + _("articles") + "<extra></extra>",
    }
    return figure(
        [bar], title=_("Articles per month"), xaxis={"type": "category"}, yaxis=count_axis(frame.articles)
    )


def count_axis(counts: Sequence[float] | np.ndarray) -> dict:
    """Whole-number ticks for an axis of article counts (plotly draws 0.5, 1.5 ... for small maxima)."""
    values = np.asarray(counts, dtype=float)
    top = float(np.nanmax(values)) if values.size and not np.isnan(values).all() else 0.0
    return {"tick0": 0, "dtick": 1, "tickformat": "d"} if top <= 6 else {"tickformat": ",d"}


def day_format() -> str:
    """Day ticks without month names in Dutch: plotly's month abbreviations are English only."""
    return "%d %b %Y" if current_language() == "en" else "%d-%m-%Y"


def days_figure(counts: pd.Series) -> Figure:
    """Articles per day, only for articles whose exact day is known."""
    bar = {
        "type": "bar",
        "x": [str(d) for d in counts.index],
        "y": counts.to_numpy(),
        "marker": {"color": ACCENT},
        "hovertemplate": "%{x|%Y-%m-%d}: %{y} " + _("articles") + "<extra></extra>",
    }
    return figure(
        [bar],
        height=260,
        title=_("Articles per day (exact day known)"),
        xaxis={"type": "date", "tickformat": day_format()},
        yaxis=count_axis(counts.to_numpy()),
    )


def top_places_figure(stats: pd.DataFrame, title: str = "", labels: list[str] | None = None) -> Figure:
    """Horizontal bars of mention counts, coloured by kind, biggest on top.

    `labels` are the bars' names in the interface language; a click still reports the canonical name
    (customdata[0]), which is what the place filter takes."""
    shown = (labels if labels is not None else stats["name"].astype(str).tolist())[::-1]
    stats = stats.iloc[::-1]
    title = title or _("Most-mentioned places")
    bar = {
        "type": "bar", "orientation": "h", "x": stats["mentions"].to_numpy(),
        "y": [html.escape(str(n)) for n in shown],
        "marker": {"color": [kind_colour(k) for k in stats["kind"]]},
        "customdata": [[str(n), html.escape(_(str(k))), int(a)]
                       for n, k, a in zip(stats["name"], stats["kind"], stats["articles"], strict=True)],
        "hovertemplate": "%{y} (%{customdata[1]}): %{x} " + _("mentions in") + " %{customdata[2]} "
                         + _("articles") + "<extra></extra>",
    }  # fmt: skip
    return figure(
        [bar],
        height=max(220, 28 * len(stats) + 60),
        title=title,
        xaxis={"showgrid": True, "gridcolor": GRID},
        yaxis={"type": "category", "automargin": True},
    )


# ---- selection callbacks ----------------------------------------------------------------------------


def selected_points(key: str) -> list[dict]:
    event = st.session_state.get(key)
    try:
        return list(event.selection.points) if event else []
    except AttributeError:
        return list((event or {}).get("selection", {}).get("points", []))


def select_month(key: str) -> None:
    """on_select callback: the clicked month becomes the month filter (clicking it again clears it)."""
    points = selected_points(key)
    months = sorted({str(p.get("customdata") or p.get("x")) for p in points if p.get("x") is not None})
    if not months:
        return
    wanted = (months[0], months[-1])
    set_filters(months=None if current_filters().months == wanted else wanted)


def place_of_point(point: dict) -> str | None:
    data = point.get("customdata")
    if isinstance(data, list | tuple) and data:
        return str(data[0])
    return str(data) if data else None


def select_place(key: str) -> None:
    """on_select callback: the clicked place(s) become the place filter."""
    names = []
    for point in selected_points(key):
        name = place_of_point(point)
        if name and name not in names:
            names.append(name)
    if names:
        set_filters(places=tuple(names))


# ---- sections ----------------------------------------------------------------------------------------


def headline(view: FilteredView) -> None:
    """st.metric figures: articles, months, places, outlets / languages (of the view, vs the corpus)."""
    index = view.index
    months = int((view.month_counts() > 0).sum())
    cols = st.columns(4)
    cols[0].metric(
        _("Articles"), f"{view.n_articles:,}", help=_("{n} in the corpus", n=f"{index.n_articles:,}")
    )
    cols[1].metric(_("Months"), f"{months:,}", help=_("Months with at least one article in view"))
    cols[2].metric(_("Places"), f"{view.n_places:,}", help=_("Distinct resolved places mentioned in view"))
    outlets, languages = view.outlets, view.languages
    cols[3].metric(
        _("Outlets / languages"),
        f"{len(outlets) or '–'} / {len(languages) or '–'}",
        help=_(
            "Outlets: {outlets}. Languages: {languages}.",
            outlets=", ".join(outlets[:12]) or _("none known"),
            languages=", ".join(languages) or _("none detected"),
        ),
    )


def months_chart(view: FilteredView, key: str, config: dict | None = None) -> None:
    frame = month_frame(view)
    if not frame.months:
        st.caption(_("No article in view has a known month."))
        return
    st.plotly_chart(
        months_figure(frame),
        key=key,
        on_select=partial(select_month, key),
        selection_mode="points",
        config=config or IMAGE_CONFIG,
    )
    if view.n_undated:
        st.caption(_("{n} article(s) without a known month are not in this chart.", n=f"{view.n_undated:,}"))


def top_places_chart(view: FilteredView, key: str, limit: int = 15) -> None:
    stats = view.place_stats(limit=limit)
    if stats.empty:
        st.caption(_("No resolved place is mentioned in the articles in view."))
        return
    labels = place_labels(view.index, stats["code"].to_numpy(), current_language())
    st.plotly_chart(
        top_places_figure(stats, labels=labels),
        key=key,
        on_select=partial(select_place, key),
        selection_mode="points",
        config=IMAGE_CONFIG,
    )


def render_overview(view: FilteredView) -> None:
    headline(view)
    left, right = st.columns([3, 2], gap="large")
    with left:
        months_chart(view, key="overview_months")
    with right:
        top_places_chart(view, key="overview_places", limit=12)
    st.caption(_("Click a month or a place to filter every page by it."))
