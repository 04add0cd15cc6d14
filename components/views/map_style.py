"""Colours and fixed styling of the map and its legend.

Kind colours: a colour-blind-safe set (Okabe–Ito, completed from Paul Tol's palettes) instead of the
Tailwind shades in theme.py, where country amber and region orange were nearly the same. Proposed for
theme.KIND_COLOURS (the lead decides); until then the map and the Overview's place bars use these.
The legend sits on a light box with dark text in both themes (in the dark theme plotly took the
theme's white text onto the white box).
"""

from __future__ import annotations

KIND_PALETTE: dict[str, str] = {
    "country": "#E69F00",  # Okabe–Ito orange
    "region": "#CC79A7",  # reddish purple
    "city": "#0072B2",  # blue
    "town": "#56B4E9",  # sky blue
    "village": "#009E73",  # bluish green
    "river": "#332288",  # Tol indigo
    "sea": "#44AA99",  # Tol teal
    "lake": "#88CCEE",  # Tol cyan
    "facility": "#D55E00",  # vermillion
    "square": "#999933",  # Tol olive
    "point": "#555555",
}
LEGEND_TEXT = "#1f2937"
LEGEND_BOX = "rgba(255,255,255,0.9)"
LABEL_TEXT = "#111827"
CLUSTER_SCALE = "Cividis"  # perceptually even and colour-blind safe


def kind_colour(kind: object) -> str:
    """Map colour of a place kind; unknown kinds look like a plain point."""
    return KIND_PALETTE.get(str(kind or "").lower(), KIND_PALETTE["point"])


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
