"""One place for the dashboard's colours and fonts, so the reader, the charts and the map agree.

Each place kind has one hue: a light shade behind highlighted text (`KIND_HIGHLIGHT`, Tailwind 200/300,
light enough for dark text) and a saturated shade for chart marks and map points (`KIND_COLOURS`,
Tailwind 600 of the same hue).
"""

from __future__ import annotations

KIND_HIGHLIGHT: dict[str, str] = {
    "country": "#fde68a",
    "region": "#fdba74",
    "city": "#93c5fd",
    "town": "#a5b4fc",
    "village": "#c4b5fd",
    "river": "#67e8f9",
    "sea": "#5eead4",
    "lake": "#7dd3fc",
    "facility": "#f9a8d4",
    "square": "#bef264",
    "point": "#d1d5db",
}
UNRESOLVED_HIGHLIGHT = "#e5e7eb"
KIND_ORDER = [*KIND_HIGHLIGHT, "unresolved"]

KIND_COLOURS: dict[str, str] = {
    "country": "#d97706",
    "region": "#ea580c",
    "city": "#2563eb",
    "town": "#4f46e5",
    "village": "#7c3aed",
    "river": "#0891b2",
    "sea": "#0d9488",
    "lake": "#0284c7",
    "facility": "#db2777",
    "square": "#65a30d",
    "point": "#6b7280",
}
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


def kind_colour(kind: str | None) -> str:
    """Saturated colour of a place kind (charts, map); unknown kinds look like a plain point."""
    return KIND_COLOURS.get(str(kind or "").lower(), KIND_COLOURS["point"])


def kind_highlight(kind: str | None, resolved: bool = True) -> str:
    """Light background of a place kind behind text; grey for a mention that was not resolved."""
    if not resolved:
        return UNRESOLVED_HIGHLIGHT
    return KIND_HIGHLIGHT.get((kind or "").lower(), KIND_HIGHLIGHT["point"])
