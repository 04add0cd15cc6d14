"""Plotly figures and the Overview / Timeline sections built from a FilteredView.

Figures use plain graph_objects (plotly express is noticeably slower to build) with one shared
template and one colour per place kind, so every chart and the map read the same way.
Clicking a month or a place in a chart sets the corresponding sidebar filter (on_select callbacks).
"""

from __future__ import annotations

import html
from functools import partial

import pandas as pd
import streamlit as st

from components.explore.filtered_view import FilteredView
from components.views.app_state import current_filters, set_filters
from components.views.theme import ACCENT, FONT, GRID, MUTED, PALETTE, kind_colour

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
        "font": {"family": FONT, "size": 13, "color": "#1f2937"}, "hoverlabel": {"font": {"family": FONT}},
        "bargap": 0.18, "showlegend": False, "dragmode": False,
        "title": {"text": html.escape(title), "font": {"size": 15}},
        "xaxis": {"showgrid": False, "fixedrange": True, **(xaxis or {})},
        "yaxis": {"gridcolor": GRID, "fixedrange": True, "zeroline": False, **(yaxis or {})},
    }  # fmt: skip
    return {"data": data, "layout": {**base, **layout}}


def months_figure(counts: pd.Series, selected: tuple[str, str] | None = None) -> Figure:
    """Articles per month; months in the selected range are drawn in the accent colour."""
    months = [str(m) for m in counts.index]
    colors = [ACCENT if selected is None or selected[0] <= m <= selected[1] else MUTED for m in months]
    bar = {
        "type": "bar",
        "x": months,
        "y": counts.to_numpy(),
        "marker": {"color": colors},
        "customdata": months,
        "hovertemplate": "%{x}: %{y} articles<extra></extra>",
    }
    return figure([bar], title="Articles per month", xaxis={"type": "category"})


def days_figure(counts: pd.Series) -> Figure:
    """Articles per day, only for articles whose exact day is known."""
    bar = {
        "type": "bar",
        "x": [str(d) for d in counts.index],
        "y": counts.to_numpy(),
        "marker": {"color": ACCENT},
        "hovertemplate": "%{x|%Y-%m-%d}: %{y} articles<extra></extra>",
    }
    return figure(
        [bar],
        height=260,
        title="Articles per day (exact day known)",
        xaxis={"type": "date", "tickformat": "%d %b %Y"},
    )


def top_places_figure(stats: pd.DataFrame, title: str = "Most-mentioned places") -> Figure:
    """Horizontal bars of mention counts, coloured by kind, biggest on top."""
    stats = stats.iloc[::-1]
    bar = {
        "type": "bar", "orientation": "h", "x": stats["mentions"].to_numpy(),
        "y": [html.escape(str(n)) for n in stats["name"]],
        "marker": {"color": [kind_colour(k) for k in stats["kind"]]},
        "customdata": [[str(n), html.escape(str(k)), int(a)]
                       for n, k, a in zip(stats["name"], stats["kind"], stats["articles"], strict=True)],
        "hovertemplate": "%{y} (%{customdata[1]}): %{x} mentions in %{customdata[2]} articles<extra></extra>",
    }  # fmt: skip
    return figure(
        [bar],
        height=max(220, 28 * len(stats) + 60),
        title=title,
        xaxis={"showgrid": True, "gridcolor": GRID},
        yaxis={"type": "category", "automargin": True},
    )


def attention_figure(matrix: pd.DataFrame) -> Figure:
    """Mentions per month for the top places: one line each, coloured consistently by rank."""
    months = [str(m) for m in matrix.columns]
    lines = []
    for i, (name, row) in enumerate(matrix.iterrows()):
        label = html.escape(str(name))
        lines.append({
            "type": "scatter", "mode": "lines+markers", "x": months, "y": row.to_numpy(), "name": label,
            "line": {"width": 2, "color": PALETTE[i % len(PALETTE)]}, "marker": {"size": 7},
            "customdata": [str(name)] * len(months),
            "hovertemplate": f"{label}<br>%{{x}}: %{{y}} mentions<extra></extra>",
        })  # fmt: skip
    return figure(
        lines,
        height=380,
        title="Attention per place (mentions per month)",
        showlegend=True,
        xaxis={"type": "category"},
        legend={"x": 1.01, "y": 1, "font": {"size": 12}},
    )


# ---- selection callbacks ----------------------------------------------------------------------------


def _points(key: str) -> list[dict]:
    event = st.session_state.get(key)
    try:
        return list(event.selection.points) if event else []
    except AttributeError:
        return list((event or {}).get("selection", {}).get("points", []))


def select_month(key: str) -> None:
    """on_select callback: the clicked month becomes the month filter (clicking it again clears it)."""
    points = _points(key)
    months = sorted({str(p.get("customdata") or p.get("x")) for p in points if p.get("x") is not None})
    if not months:
        return
    wanted = (months[0], months[-1])
    set_filters(months=None if current_filters().months == wanted else wanted)


def _place_of(point: dict) -> str | None:
    data = point.get("customdata")
    if isinstance(data, list | tuple) and data:
        return str(data[0])
    return str(data) if data else None


def select_place(key: str) -> None:
    """on_select callback: the clicked place(s) become the place filter."""
    names = []
    for point in _points(key):
        name = _place_of(point)
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
    cols[0].metric("Articles", f"{view.n_articles:,}", help=f"{index.n_articles:,} in the corpus")
    cols[1].metric("Months", f"{months:,}", help="Months with at least one article in view")
    cols[2].metric("Places", f"{view.n_places:,}", help="Distinct resolved places mentioned in view")
    outlets, languages = view.outlets, view.languages
    cols[3].metric(
        "Outlets / languages",
        f"{len(outlets) or '–'} / {len(languages) or '–'}",
        help=f"Outlets: {', '.join(outlets[:12]) or 'none known'}. "
        f"Languages: {', '.join(languages) or 'none detected'}.",
    )


def months_chart(view: FilteredView, key: str) -> None:
    counts = view.month_counts()
    if counts.empty:
        st.caption("No article in view has a known month.")
        return
    st.plotly_chart(
        months_figure(counts, view.state.months),
        key=key,
        on_select=partial(select_month, key),
        selection_mode="points",
        config={"displayModeBar": False},
    )
    if view.n_undated:
        st.caption(f"{view.n_undated:,} article(s) without a known month are not in this chart.")


def top_places_chart(view: FilteredView, key: str, limit: int = 15) -> None:
    stats = view.place_stats(limit=limit)
    if stats.empty:
        st.caption("No resolved place is mentioned in the articles in view.")
        return
    st.plotly_chart(
        top_places_figure(stats),
        key=key,
        on_select=partial(select_place, key),
        selection_mode="points",
        config={"displayModeBar": False},
    )


def render_overview(view: FilteredView) -> None:
    headline(view)
    left, right = st.columns([3, 2], gap="large")
    with left:
        months_chart(view, key="overview_months")
    with right:
        top_places_chart(view, key="overview_places", limit=12)
    st.caption("Click a month or a place to filter every page by it.")


def render_timeline(view: FilteredView) -> None:
    months_chart(view, key="timeline_months")
    days = view.day_counts()
    known = int(days.sum())
    if known:
        st.plotly_chart(days_figure(days), key="timeline_days", config={"displayModeBar": False})
    monthly_only = view.n_articles - known - view.n_undated
    st.caption(
        f"{known:,} article(s) have an exact day; {monthly_only:,} are dated to the month only and appear "
        "in the monthly chart alone (no invented days)."
    )
    matrix = view.place_month_matrix(top=10)
    if matrix.empty or not matrix.to_numpy().sum():
        st.caption("No dated place mentions in view.")
        return
    st.plotly_chart(
        attention_figure(matrix),
        key="timeline_attention",
        on_select=partial(select_place, "timeline_attention"),
        selection_mode="points",
        config={"displayModeBar": False},
    )
    st.caption("Click a month bar to filter by that month, or a point on a line to filter by that place.")
