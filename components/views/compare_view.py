"""HTML for the Compare page: place chips (shared / only here) and aligned shared-passage rows.

Same safety rule as the reader: corpus text is escaped (`esc`) before it meets our markup, and the
result is shown with `st.html`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from components.explore.highlight import as_text
from components.explore.passages import SharedPassage
from components.views.i18n import gettext as _
from components.views.place_names import PlaceNames
from components.views.reader import chip_html, esc, esc_text

_ROW_STYLE = (
    "display:grid;grid-template-columns:minmax(0,1fr) 5.5rem minmax(0,1fr);gap:0.75rem;align-items:start;"
    "padding:0.55rem 0;border-top:1px solid rgba(128,128,128,0.25);"
)
_CELL_STYLE = "font-size:0.9rem;line-height:1.5;white-space:pre-wrap;overflow-wrap:anywhere;"
_LABEL_STYLE = "font-size:0.8rem;font-weight:600;color:#4b5563;margin-bottom:0.15rem;"
_MUTED = "color:#6b7280;font-size:0.85rem;"


def short_label(article: Mapping[str, Any], width: int = 70) -> str:
    """A one-line plain-text label for pickers: date · outlet · title (never interpreted as markup)."""
    title = as_text(article.get("title")) or as_text(article.get("article_id")) or "?"
    if len(title) > width:
        title = title[: width - 1].rstrip() + "…"
    parts = [as_text(article.get("date")) or "undated", as_text(article.get("outlet")), title]
    return " · ".join(p for p in parts if p)


def place_chips_html(
    places: pd.DataFrame,
    article_ids: Sequence[str],
    empty_text: str = "none",
    names: PlaceNames | None = None,
) -> str:
    """Chips for a set of places, coloured by kind; the hover shows mentions per compared article.

    `names` gives the interface language's names (the rows carry the canonical English name)."""
    if places.empty:
        return f'<span style="{_MUTED}">{esc(empty_text)}</span>'
    chips = []
    for row in places.to_dict("records"):
        counts = [int(row.get(a, 0) or 0) for a in article_ids]
        tip = f"{_(row.get('kind') or 'place')} · " + ", ".join(
            _("{n}× in article {i}", n=n, i=i) for i, n in enumerate(counts, start=1) if n
        )
        name = row.get("name") or row.get("place_id")
        if names is not None and row.get("place_id"):
            name = names.of_id(str(row["place_id"]), name)
        chips.append(chip_html(name, row.get("kind"), sum(counts), tip))
    return f'<div class="na-chips">{"".join(chips)}</div>'


def labelled_block_html(label: str, inner: str) -> str:
    return (
        f'<div style="margin:0.2rem 0 0.5rem 0;"><div style="{_LABEL_STYLE}">{esc(label)}</div>{inner}</div>'
    )


def _score_badge(pair: SharedPassage) -> str:
    hue = "#15803d" if pair.score >= 95 else "#a16207" if pair.score >= 85 else "#6b7280"
    return (
        '<div style="text-align:center;">'
        f'<div style="font-weight:700;color:{hue};font-size:1.05rem;">{pair.score:.0f}</div>'
        f'<div style="{_MUTED}font-size:0.72rem;">{esc(pair.kind)}</div></div>'
    )


def passages_html(pairs: Sequence[SharedPassage], label_a: str, label_b: str) -> str:
    """Aligned rows: passage in A | similarity score | passage in B."""
    head = (
        f'<div style="{_ROW_STYLE}border-top:none;font-size:0.8rem;font-weight:600;color:#4b5563;">'
        f'<div>{esc(label_a)}</div><div style="text-align:center;">similarity</div>'
        f"<div>{esc(label_b)}</div></div>"
    )
    rows = []
    for pair in pairs:
        rows.append(
            f'<div class="na-passage" style="{_ROW_STYLE}">'
            f'<div style="{_CELL_STYLE}">{esc_text(pair.a_text)}</div>'
            f"{_score_badge(pair)}"
            f'<div style="{_CELL_STYLE}">{esc_text(pair.b_text)}</div></div>'
        )
    return f'<div class="na-passages">{head}{"".join(rows)}</div>'
