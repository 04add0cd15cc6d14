"""Colours and fixed styling of the map and its legend.

Kind colours come from views/theme.py (one colour-blind-safe palette for the reader, charts and map).
The legend sits on a light box with dark text in both themes (in the dark theme plotly took the
theme's white text onto the white box).
"""

from __future__ import annotations

from components.views.theme import KIND_COLOURS, kind_colour

__all__ = ["KIND_PALETTE", "kind_colour", "legend"]

KIND_PALETTE = KIND_COLOURS  # one palette for reader, charts and map (views/theme.py)
LEGEND_TEXT = "#1f2937"
LEGEND_BOX = "rgba(255,255,255,0.9)"
LABEL_TEXT = "#111827"
CLUSTER_SCALE = "Cividis"  # perceptually even and colour-blind safe


def legend(title: str) -> dict:
    """The map legend: dark text on a light box whatever the Streamlit theme."""
    return {
        "title": {"text": title, "font": {"color": LEGEND_TEXT}},
        "font": {"color": LEGEND_TEXT},
        "x": 0.01,
        "y": 0.99,
        "bgcolor": LEGEND_BOX,
        "bordercolor": "#cbd5e1",
        "borderwidth": 1,
        "itemsizing": "constant",
    }
