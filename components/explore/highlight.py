"""Cut an article's text into non-overlapping segments for highlighting (no Streamlit, no HTML).

The reader needs to know, for every character of `articles.text`, whether it belongs to a place
mention, to a boilerplate span or to an embedded social post. Offsets come from the data layer and
may be imperfect (overlapping mentions, spans past the end of the text, malformed JSON), so every
input is validated here and bad pieces are dropped rather than raised to the user.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from components.values import none_if_missing, optional_float, optional_int


@dataclass(frozen=True)
class Mention:
    """One place mention: a span of the text with the place it was resolved to (if any)."""

    start: int
    end: int
    name: str | None = None
    kind: str | None = None
    place_id: str | None = None
    country: str | None = None
    score: float | None = None


@dataclass(frozen=True)
class Span:
    """A labelled span of the text (a boilerplate region or an embedded post)."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Segment:
    """A maximal run of characters sharing the same mention, boilerplate label and post index."""

    start: int
    end: int
    text: str
    mention: Mention | None = None
    boilerplate: str | None = None
    post: int | None = None


def as_text(value: Any) -> str | None:
    value = none_if_missing(value)
    return None if value is None else str(value)


def _records(rows: pd.DataFrame | Iterable[Mapping[str, Any]] | None) -> list[Mapping[str, Any]]:
    if rows is None:
        return []
    if isinstance(rows, pd.DataFrame):
        return rows.to_dict("records")
    return [r for r in rows if isinstance(r, Mapping)]


def _valid_range(start: int | None, end: int | None, length: int) -> tuple[int, int] | None:
    """Clip a span to the text; None when nothing of it is left."""
    if start is None or end is None:
        return None
    start, end = max(0, start), min(length, end)
    return (start, end) if start < end else None


def parse_mentions(
    rows: pd.DataFrame | Iterable[Mapping[str, Any]] | None, text_length: int
) -> list[Mention]:
    """Mentions from `corpus.mentions` rows, clipped to the text, without overlaps.

    Overlaps are resolved by keeping the earliest, then the longest mention: the data layer should
    not produce them, but a reader must never show a mention twice or nest markup.
    """
    found: list[Mention] = []
    for row in _records(rows):
        span = _valid_range(optional_int(row.get("start")), optional_int(row.get("end")), text_length)
        if span is None:
            continue
        found.append(
            Mention(
                start=span[0],
                end=span[1],
                name=as_text(row.get("name")),
                kind=as_text(row.get("kind")),
                place_id=as_text(row.get("place_id")),
                country=as_text(row.get("country")),
                score=optional_float(row.get("score")),
            )
        )
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def parse_boilerplate(spans: Any, text_length: int) -> list[Span]:
    """Boilerplate spans from `articles.boilerplate` (a JSON list of [start, end, kind]) or a list."""
    spans = none_if_missing(spans)
    if isinstance(spans, str):
        try:
            spans = json.loads(spans)
        except (ValueError, TypeError):
            return []
    if not isinstance(spans, list | tuple):
        return []
    out: list[Span] = []
    for item in spans:
        if isinstance(item, Mapping):
            start, end, label = item.get("start"), item.get("end"), item.get("kind")
        elif isinstance(item, list | tuple) and len(item) >= 2:
            start, end = item[0], item[1]
            label = item[2] if len(item) > 2 else None
        else:
            continue
        span = _valid_range(optional_int(start), optional_int(end), text_length)
        if span is not None:
            out.append(Span(span[0], span[1], as_text(label) or "boilerplate"))
    return sorted(out, key=lambda s: (s.start, s.end))


def parse_posts(rows: pd.DataFrame | Iterable[Mapping[str, Any]] | None, text_length: int) -> list[Span]:
    """Spans of embedded posts (`corpus.posts` start/end), labelled by their order in the article."""
    out: list[Span] = []
    for position, row in enumerate(_records(rows)):
        span = _valid_range(optional_int(row.get("start")), optional_int(row.get("end")), text_length)
        if span is None:
            continue
        index = optional_int(row.get("index"))
        out.append(Span(span[0], span[1], str(position if index is None else index)))
    out.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[Span] = []
    for span in out:
        if not (kept and span.start < kept[-1].end):
            kept.append(span)
    return kept


def _label_at(spans: list[Span], start: int, end: int) -> str | None:
    """The label of the first span covering the elementary interval [start, end)."""
    for span in spans:
        if span.start <= start and end <= span.end:
            return span.label
    return None


def segment_text(
    text: str,
    mentions: list[Mention] | None = None,
    boilerplate: list[Span] | None = None,
    posts: list[Span] | None = None,
) -> list[Segment]:
    """Partition `text` into segments; concatenating their `text` gives back `text` exactly.

    A mention that crosses a boilerplate or post boundary is split into two segments that both
    carry the mention, so hiding boilerplate never leaves half a tag behind.
    """
    if not text:
        return []
    mentions, boilerplate, posts = mentions or [], boilerplate or [], posts or []
    cuts = {0, len(text)}
    for span in [*mentions, *boilerplate, *posts]:
        cuts.update((span.start, span.end))
    points = sorted(c for c in cuts if 0 <= c <= len(text))

    segments: list[Segment] = []
    mention_iter = iter(mentions)
    current = next(mention_iter, None)
    for start, end in zip(points, points[1:], strict=False):
        while current is not None and current.end <= start:
            current = next(mention_iter, None)
        mention = current if current is not None and current.start <= start and end <= current.end else None
        bp = _label_at(boilerplate, start, end)
        post_label = _label_at(posts, start, end)
        post = int(post_label) if post_label is not None else None
        last = segments[-1] if segments else None
        if last and last.mention is mention and last.boilerplate == bp and last.post == post:
            segments[-1] = Segment(last.start, end, text[last.start : end], mention, bp, post)
        else:
            segments.append(Segment(start, end, text[start:end], mention, bp, post))
    return segments
