"""Time playback on the map: one animation frame per month, a month slider and a play button.

Plotly animation frames (plotly.js plays them in the browser: no rerun per month, works offline).
Each frame holds the places mentioned that month, sized by that month's mentions on one scale for all
months, so growing and fading attention reads as such (GDELT GEO, Liveuamap and kepler.gl do the same).
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from components.explore.filtered_view import FilteredView
from components.explore.timeline_data import month_frame, place_month_counts
from components.views.i18n import _
from components.views.map_style import kind_colour

MAX_POINT_PX = 40
FRAME_MS = 900


def row_month_counts(view: FilteredView, shown: pd.DataFrame) -> np.ndarray:
    """Mentions per (display row, month): a row sums the place codes merged into it (`members`)."""
    members = shown["members"].tolist() if "members" in shown else [[int(c)] for c in shown["code"]]
    flat = np.array([c for group in members for c in group], dtype=np.int64)
    owner = np.repeat(np.arange(len(members)), [len(g) for g in members])
    counts = place_month_counts(view, flat)
    out = np.zeros((len(members), counts.shape[1]), dtype=np.int64)
    np.add.at(out, owner, counts)
    return out


def _frame_trace(shown: pd.DataFrame, values: np.ndarray, sizeref: float) -> dict:
    keep = values > 0
    part = shown[keep]
    return {
        "type": "scattergeo", "mode": "markers", "showlegend": False, "name": "month",
        "lat": part["lat"].to_numpy(dtype=float).tolist(), "lon": part["lon"].to_numpy(dtype=float).tolist(),
        "customdata": [[str(n), html.escape(str(n)), int(v)]
                       for n, v in zip(part["name"], values[keep], strict=True)],
        "marker": {"size": values[keep].tolist(), "sizemode": "area", "sizeref": sizeref, "sizemin": 3,
                   "color": [kind_colour(k) for k in part["kind"]], "opacity": 0.8,
                   "line": {"width": 0.6, "color": "white"}},
        "hovertemplate": "<b>%{customdata[1]}</b><br>%{customdata[2]} " + _("mentions") + "<extra></extra>",
    }  # fmt: skip


def _controls(months: list[str]) -> tuple[list[dict], list[dict]]:
    """The play/pause buttons and the month slider (plotly's own animation controls)."""
    play = {
        "frame": {"duration": FRAME_MS, "redraw": True},
        "fromcurrent": True,
        "transition": {"duration": 0},
    }
    pause = {"frame": {"duration": 0, "redraw": False}, "mode": "immediate", "transition": {"duration": 0}}
    buttons = [{
        "type": "buttons", "direction": "left", "x": 0.01, "y": 0.02, "xanchor": "left", "yanchor": "bottom",
        "pad": {"r": 8, "t": 8}, "bgcolor": "rgba(255,255,255,0.9)", "font": {"color": "#1f2937"},
        "buttons": [{"label": "▶ " + _("Play"), "method": "animate", "args": [None, play]},
                    {"label": "❚❚ " + _("Pause"), "method": "animate", "args": [[None], pause]}],
    }]  # fmt: skip
    steps = [
        {"label": m, "method": "animate", "args": [[m], {**pause, "frame": {"duration": 0, "redraw": True}}]}
        for m in months
    ]
    slider = [{
        "active": 0, "steps": steps, "x": 0.2, "len": 0.72, "y": 0.02, "yanchor": "bottom",
        "bgcolor": "rgba(255,255,255,0.9)", "font": {"color": "#1f2937"},
        "currentvalue": {"prefix": _("Month") + ": ", "font": {"color": "#1f2937"}},
    }]  # fmt: skip
    return buttons, slider


def playback_figure(view: FilteredView, shown: pd.DataFrame, base: list[dict], layout: dict) -> dict:
    """Frames for the months in view that have articles; the first month is drawn to start with."""
    frame = month_frame(view)
    wanted = np.flatnonzero(frame.in_range)  # empty months too: time runs evenly, an empty frame is news
    counts = row_month_counts(view, shown)[:, wanted]
    months = [frame.months[i] for i in wanted]
    sizeref = 2.0 * max(int(counts.max()) if counts.size else 1, 1) / (MAX_POINT_PX**2)
    traces = [_frame_trace(shown, counts[:, j], sizeref) for j in range(len(months))]
    n_base = len(base)
    frames = [{"name": m, "data": [t], "traces": [n_base]} for m, t in zip(months, traces, strict=True)]
    first = traces[0] if traces else _frame_trace(shown.iloc[:0], np.zeros(0, dtype=np.int64), sizeref)
    buttons, slider = _controls(months)
    layout = {**layout, "updatemenus": buttons, "sliders": slider, "showlegend": False}
    return {"data": [*base, first], "layout": layout, "frames": frames}
