"""Article reader: escaped, highlighted HTML for one article, and the Streamlit calls that show it.

Safety rule: every piece of corpus text goes through `html.escape` before it is placed between our
own tags, and the result is shown with `st.html` (DOMPurify-sanitised, no Markdown processing), so
`<script>`, `onerror=` attributes, `javascript:` links and Markdown images in an article stay text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from components.explore.highlight import (
    Mention,
    Segment,
    as_text,
    parse_boilerplate,
    parse_mentions,
    parse_posts,
    segment_text,
)
from components.views.i18n import gettext as _
from components.views.theme import KIND_ORDER, TEXT_FONT, kind_highlight

_TEXT_STYLE = (
    "white-space:pre-wrap;line-height:1.65;font-size:0.97rem;overflow-wrap:anywhere;"
    f"font-family:{TEXT_FONT};color:inherit;"
)
_BOILERPLATE_STYLE = "color:#9ca3af;text-decoration:line-through;text-decoration-color:#d1d5db;"
_CHIP_STYLE = (
    "display:inline-block;padding:0.1rem 0.55rem;margin:0.12rem 0.2rem 0.12rem 0;border-radius:999px;"
    "font-size:0.82rem;line-height:1.5;color:#111827;white-space:nowrap;"
)
_TITLE_STYLE = "font-weight:600;font-size:1.08rem;line-height:1.35;margin-bottom:0.35rem;"
_ID_STYLE = "font-size:0.75rem;color:#9ca3af;margin-bottom:0.3rem;"
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def esc(value: Any) -> str:
    """Escape any value for HTML text or a double-quoted attribute (newlines kept as entities)."""
    text = as_text(value) or ""
    return html.escape(text, quote=True).replace("\n", "&#10;").replace("\r", "&#13;")


def esc_text(value: Any) -> str:
    """Escape corpus text for an element body (newlines kept: the container uses pre-wrap)."""
    return html.escape(as_text(value) or "", quote=True)


def mention_title(mention: Mention) -> str:
    """The hover text: resolved place name, kind and country, or why there is none."""
    if not mention.place_id and not mention.name:
        return _("unresolved place mention")
    parts = [mention.name or mention.place_id or "?", _(mention.kind or "place")]
    if mention.country:
        parts.append(mention.country)
    return " · ".join(parts)


def _mention_markup(mention: Mention, inner: str) -> str:
    resolved = bool(mention.place_id or mention.name)
    colour = kind_highlight(mention.kind, resolved)
    border = "" if resolved else "border-bottom:1px dashed #6b7280;"
    return (
        f'<mark class="na-mention" data-kind="{esc(mention.kind or "unresolved")}" '
        f'data-place="{esc(mention.place_id or "")}" title="{esc(mention_title(mention))}" '
        f'style="background:{colour};{border}color:#111827;padding:0 0.12em;border-radius:0.2em;">'
        f"{inner}</mark>"
    )


def _segment_markup(segment: Segment) -> str:
    inner = esc_text(segment.text)
    if segment.mention is not None:
        inner = _mention_markup(segment.mention, inner)
    if segment.boilerplate is not None:
        inner = (
            f'<span class="na-boilerplate" data-kind="{esc(segment.boilerplate)}" '
            f'title="boilerplate: {esc(segment.boilerplate)}" style="{_BOILERPLATE_STYLE}">{inner}</span>'
        )
    return inner


def _post_marker(post: int) -> str:
    return (
        f'<span class="na-post-marker" style="{_CHIP_STYLE}background:#eef2ff;color:#3730a3;">'
        f"↳ embedded post {post + 1} (shown apart)</span>"
    )


def render_article_html(
    text: Any,
    mentions: pd.DataFrame | Iterable[Mapping[str, Any]] | None,
    boilerplate: Any,
    show_boilerplate: bool,
    posts: pd.DataFrame | Iterable[Mapping[str, Any]] | None = None,
) -> str:
    """The article body as safe HTML: escaped text, places highlighted, boilerplate greyed or hidden.

    Embedded posts (when given) are replaced by a small marker; `render_posts_html` shows them apart.
    """
    text = as_text(text) or ""
    segments = segment_text(
        text,
        parse_mentions(mentions, len(text)),
        parse_boilerplate(boilerplate, len(text)),
        parse_posts(posts, len(text)),
    )
    pieces: list[str] = []
    marked_posts: set[int] = set()
    hidden = False
    for segment in segments:
        if segment.post is not None:
            if segment.post not in marked_posts:
                marked_posts.add(segment.post)
                pieces.append(_post_marker(len(marked_posts) - 1))
            continue
        if segment.boilerplate is not None and not show_boilerplate:
            hidden = True
            continue
        pieces.append(_segment_markup(segment))
    body = "".join(pieces)
    if hidden:  # removed lines leave runs of blank lines behind
        body = _BLANK_LINES.sub("\n\n", body)
    body = body.strip()
    if not body:
        body = '<span style="color:#6b7280;">(no text)</span>'
    return f'<div class="na-article" style="{_TEXT_STYLE}">{body}</div>'


def render_posts_html(
    text: Any,
    mentions: pd.DataFrame | Iterable[Mapping[str, Any]] | None,
    posts: pd.DataFrame | Iterable[Mapping[str, Any]] | None,
) -> str:
    """Embedded social posts as separate cards, with their place mentions highlighted."""
    text = as_text(text) or ""
    rows = posts.to_dict("records") if isinstance(posts, pd.DataFrame) else list(posts or [])
    spans = parse_posts(rows, len(text))
    if not spans:
        return ""
    by_label = {
        str(r.get("index") if as_text(r.get("index")) is not None else i): r for i, r in enumerate(rows)
    }
    segments = segment_text(text, parse_mentions(mentions, len(text)), None, spans)
    cards: list[str] = []
    for number, span in enumerate(spans, start=1):
        row = by_label.get(span.label, {})
        head = [_("Post {number}", number=number)]
        platform, author, handle = (
            as_text(row.get("platform")),
            as_text(row.get("author")),
            as_text(row.get("handle")),
        )
        if platform:
            head.append(platform)
        who = " ".join(p for p in (author, f"(@{handle.lstrip('@')})" if handle else None) if p)
        if who:
            head.append(who)
        if as_text(row.get("date")):
            head.append(as_text(row.get("date")) or "")
        inner = "".join(
            _segment_markup(s) for s in segments if s.post is not None and str(s.post) == span.label
        )
        cards.append(
            '<div class="na-post" style="border:1px solid #e5e7eb;border-left:4px solid #6366f1;'
            'border-radius:0.5rem;padding:0.6rem 0.8rem;margin:0.5rem 0;background:rgba(99,102,241,0.04);">'
            f'<div style="font-size:0.8rem;color:#4b5563;margin-bottom:0.3rem;">{esc(" · ".join(head))}</div>'
            f'<div style="{_TEXT_STYLE}font-size:0.9rem;">{inner.strip()}</div></div>'
        )
    return f'<div class="na-posts">{"".join(cards)}</div>'


def chip_html(label: Any, kind: str | None = None, count: int | None = None, title: Any = None) -> str:
    """A rounded chip coloured like the place kind (used for legends and place lists)."""
    colour = kind_highlight(kind, resolved=kind != "unresolved") if kind else "#f3f4f6"
    suffix = f' <span style="opacity:0.65;">×{int(count)}</span>' if count and count > 1 else ""
    tip = f' title="{esc(title)}"' if title is not None else ""
    return f'<span class="na-chip" style="{_CHIP_STYLE}background:{colour};"{tip}>{esc(label)}{suffix}</span>'


def legend_html(kinds: Iterable[str | None] | None = None) -> str:
    """A colour legend for the place kinds present (all kinds when none are given)."""
    present = {(k or "unresolved").lower() for k in kinds} if kinds is not None else set(KIND_ORDER)
    ordered = [k for k in KIND_ORDER if k in present] + sorted(present - set(KIND_ORDER))
    if not ordered:
        return ""
    chips = "".join(chip_html(_(k), k) for k in ordered)
    return (
        '<div class="na-legend" style="font-size:0.8rem;color:#4b5563;">'
        f'<span style="margin-right:0.4rem;">{esc(_("Place kinds:"))}</span>{chips}</div>'
    )


def _meta_row(label: str, value: str) -> str:
    return (
        '<div style="display:flex;gap:0.5rem;font-size:0.86rem;line-height:1.45;margin:0.05rem 0;">'
        f'<span style="color:#6b7280;flex:0 0 4.6rem;">{esc(label)}</span>'
        f'<span style="flex:1 1 auto;min-width:0;overflow-wrap:anywhere;">{value}</span></div>'
    )


def _url_markup(url: str | None) -> str:
    """Only http(s) URLs become links; anything else (javascript:, data:) is shown as text."""
    if not url:
        return "—"
    if re.match(r"^https?://[^\s\"'<>]+$", url, flags=re.IGNORECASE):
        return (
            f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer nofollow" '
            f'style="overflow-wrap:anywhere;">{esc(url)}</a>'
        )
    return f'<span style="overflow-wrap:anywhere;">{esc(url)}</span>'


def metadata_html(article: Mapping[str, Any], mention_count: int | None = None) -> str:
    """The article's title and metadata (date with its source and precision, outlet, language, file)."""
    title = as_text(article.get("title")) or _("(untitled)")
    date = as_text(article.get("date"))
    source = as_text(article.get("date_source"))
    precision = as_text(article.get("date_precision"))
    unknown = _("unknown")
    date_text = esc(date or unknown)
    detail = ", ".join(
        p
        for p in (
            precision and _("{precision} precision", precision=_(precision)),
            source and _("from {source}", source=_(source)),
        )
        if p
    )
    if detail:
        date_text += f' <span style="color:#6b7280;">({esc(detail)})</span>'
    rows = [
        _meta_row(_("Date"), date_text),
        _meta_row(_("Outlet"), esc(as_text(article.get("outlet")) or unknown)),
        _meta_row(_("Language"), esc(as_text(article.get("language")) or unknown)),
        _meta_row(_("File"), esc(as_text(article.get("file")) or "—")),
        _meta_row("URL", _url_markup(as_text(article.get("url")))),
    ]
    if mention_count is not None:
        rows.append(_meta_row(_("Mentions"), esc(str(mention_count))))
    return (
        '<div class="na-meta">'
        f'<div class="na-title" style="{_TITLE_STYLE}">{esc(title)}</div>'
        f'<div class="na-id" style="{_ID_STYLE}">{esc(article.get("article_id"))}</div>'
        f"{''.join(rows)}</div>"
    )


def show_html(markup: str) -> None:
    """st.html, skipping empty markup (st.html raises on an empty body)."""
    if markup.strip():
        st.html(markup)
