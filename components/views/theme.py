"""One place for the dashboard's colours and fonts, so the reader, the charts and the map agree.

Each place kind has one hue from the Okabe–Ito palette (chosen to stay distinct under protanopia,
deuteranopia and tritanopia; tests/views/test_theme.py checks the distances under simulated colour
blindness): a saturated shade for chart marks and map points (`KIND_COLOURS`) and a light tint of the
same hue behind highlighted text (`KIND_HIGHLIGHT`, light enough for dark text). Water kinds share
one blue; the kinds beyond Okabe–Ito's eight take Paul Tol's wine and olive.
"""

from __future__ import annotations

from components.places.gazetteer import KIND_CLASS

KIND_COLOURS: dict[str, str] = {
    "country": "#e69f00",  # orange
    "region": "#cc79a7",  # reddish purple (was an orange next to the country amber)
    "city": "#0072b2",  # blue
    "town": "#009e73",  # bluish green
    "village": "#d55e00",  # vermillion
    "river": "#56b4e9",  # sky blue: all water
    "sea": "#56b4e9",
    "lake": "#56b4e9",
    "facility": "#882255",  # Tol wine
    "square": "#999933",  # Tol olive
    "point": "#6b7280",  # grey
}
KIND_HIGHLIGHT: dict[str, str] = {
    "country": "#f7d899",
    "region": "#ecc9dc",
    "city": "#a8cbe6",
    "town": "#a3dcc9",
    "village": "#f3bf99",
    "river": "#c2e3f6",
    "sea": "#c2e3f6",
    "lake": "#c2e3f6",
    "facility": "#dcb3c6",
    "square": "#dcdcb0",
    "point": "#d1d5db",
}
UNRESOLVED_HIGHLIGHT = "#e5e7eb"
KIND_ORDER = [*KIND_HIGHLIGHT, "unresolved"]

ACCENT = "#2563eb"
GRID = "#eef2f7"
MUTED = "#cbd5e1"
PALETTE = [
    "#2563eb",
    "#ea580c",
    "#059669",
    "#db2777",
    "#7c3aed",
    "#d97706",
    "#0891b2",
    "#65a30d",
    "#dc2626",
    "#4f46e5",
    "#0d9488",
    "#9333ea",
]

FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"  # charts and the map
TEXT_FONT = "'Source Serif Pro',Georgia,serif"  # article text in the reader


def _family(kind: str | None) -> str:
    """The colour family of a kind: itself when it has a colour, else its gazetteer class (admin1 and
    islands are regions, straits and reservoirs seas), so a kind the gazetteer adds is never grey."""
    kind = str(kind or "").lower()
    return kind if kind in KIND_COLOURS else KIND_CLASS.get(kind, kind)


def kind_colour(kind: str | None) -> str:
    """Saturated colour of a place kind (charts, map); unknown kinds look like a plain point."""
    return KIND_COLOURS.get(_family(kind), KIND_COLOURS["point"])


def kind_highlight(kind: str | None, resolved: bool = True) -> str:
    """Light background of a place kind behind text; grey for a mention that was not resolved."""
    if not resolved:
        return UNRESOLVED_HIGHLIGHT
    return KIND_HIGHLIGHT.get(_family(kind), KIND_HIGHLIGHT["point"])
