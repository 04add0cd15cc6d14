"""The articles behind the places selected on the map: one card per article with the sentences naming them.

Plain Python (no pandas groupby per article): this runs on every map interaction.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import streamlit as st

from components.explore.filtered_view import FilteredView
from components.values import optional_int
from components.views.i18n import _

MAX_LISTED_ARTICLES = 25
MAX_SENTENCES = 4
CARD_STYLE = "border:1px solid #e5e7eb;border-radius:0.6rem;padding:0.6rem 0.9rem;margin-bottom:0.5rem"


@dataclass(frozen=True)
class Snippet:
    """One sentence, cut around the mention(s) it holds, as (text, is_mention) pieces."""

    pieces: tuple[tuple[str, bool], ...]


_SPACES = re.compile(r"\s+")  # newlines inside a sentence become spaces (the edges stay spaces)
Span = tuple[object, object, object, object]  # (start, end, sentence_start, sentence_end), any may be NA


def sentence_snippets(text: str, mentions: list[Span], limit: int = MAX_SENTENCES) -> list[Snippet]:
    """The distinct sentences holding these mentions, with the mentions marked; bad offsets are skipped.

    Plain Python on purpose: a pandas groupby per listed article cost more than the whole filter.
    """
    n = len(text)
    by_sentence: dict[tuple[int | None, int | None], list[tuple[int, int]]] = {}
    for start, end, s_start, s_end in mentions:
        a, b = optional_int(start), optional_int(end)
        if a is None or b is None or not 0 <= a < b <= n:
            continue
        by_sentence.setdefault((optional_int(s_start), optional_int(s_end)), []).append((a, b))
    out: list[Snippet] = []
    seen: set[tuple[int, int]] = set()
    for (s, e), spans in sorted(by_sentence.items(), key=lambda kv: min(kv[1])):
        spans.sort()
        if s is None or e is None or not (0 <= s <= spans[0][0] and spans[-1][1] <= e <= n):
            s, e = max(0, spans[0][0] - 120), min(n, spans[-1][1] + 120)  # no usable sentence: a window
        if (s, e) in seen:
            continue
        seen.add((s, e))
        pieces, cursor = [], s
        for a, b in spans:
            if a < cursor:
                continue
            pieces.append((text[cursor:a], False))
            pieces.append((text[a:b], True))
            cursor = b
        pieces.append((text[cursor:e], False))
        out.append(Snippet(tuple((_SPACES.sub(" ", p) if not m else p, m) for p, m in pieces if p)))
        if len(out) >= limit:
            break
    return out


def snippet_html(snippet: Snippet) -> str:
    """Escaped sentence with <mark> around the mentions (corpus text never becomes markup)."""
    parts = []
    for piece, is_mention in snippet.pieces:
        piece = html.escape(piece)
        parts.append(
            f'<mark style="background:#fde68a;padding:0 2px;border-radius:3px">{piece}</mark>'
            if is_mention
            else piece
        )
    return "".join(parts)


def articles_for_places(view: FilteredView, place_ids: frozenset[str]) -> tuple[dict[str, list[Span]], int]:
    """Mention spans of the places inside the view, per article (the first MAX_LISTED_ARTICLES articles)."""
    names = ("article_id", "start", "end", "sentence_start", "sentence_end")
    rows, total = view.mentions_in_first_articles(sorted(place_ids), names, MAX_LISTED_ARTICLES)
    grouped: dict[str, list[Span]] = {}
    for article_id, *span in zip(*(rows[c].tolist() for c in names), strict=True):
        grouped.setdefault(article_id, []).append(tuple(span))
    return grouped, total


def render_place_articles(view: FilteredView) -> None:
    if not view.state.places:
        st.caption(
            _("Select a place on the map (click, or box/lasso several) to list the articles that "
              "mention it, with the sentences.")
        )  # fmt: skip
        return
    grouped, total = articles_for_places(view, view.place_ids)
    st.subheader(_("Articles mentioning {places}", places=", ".join(view.state.places)), anchor=False)
    if total > MAX_LISTED_ARTICLES:
        st.caption(
            _("Showing {shown} of {total} articles; narrow the filters to see others.",
              shown=MAX_LISTED_ARTICLES, total=f"{total:,}")
        )  # fmt: skip
    columns = ["article_id", "title", "date", "outlet", "language", "file", "text"]
    positions = [view.index.position_of(a) for a in grouped]
    arts = view.index.corpus.articles[columns].iloc[positions]
    cards = []
    for art in arts.itertuples(index=False):
        text = art.text if isinstance(art.text, str) else ""
        title = art.title if isinstance(art.title, str) and art.title else art.article_id
        meta = " · ".join(v for v in (art.date, art.outlet, art.language, art.file) if isinstance(v, str))
        snippets = "".join(
            f"<li style='margin:0.2rem 0'>{snippet_html(s)}</li>"
            for s in sentence_snippets(text, grouped[art.article_id])
        )
        cards.append(
            f"<div class='news-atlas-article' data-article='{html.escape(str(art.article_id), quote=True)}' "
            f"style='{CARD_STYLE}'>"
            f"<div style='font-weight:600'>{html.escape(str(title))}</div>"
            f"<div style='color:#6b7280;font-size:0.85rem'>{html.escape(meta)}</div>"
            f"<ul style='margin:0.3rem 0 0 1rem;padding:0'>{snippets}</ul></div>"
        )
    st.html("".join(cards))  # one element: 25 separate st.html calls cost more than the filtering
