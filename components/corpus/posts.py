"""Embedded social-media posts (tweets, Instagram, Facebook, Telegram) kept as their own records.

An embed flattened to text ends with an attribution line: "— Name (@handle) November 11, 2022". The
post's text is the line(s) just above it; a block ending in a pic.twitter.com / t.co link without an
attribution is an embed too. Posts carry their own dates, which date an undated article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from components.corpus.dates import KnownDate, parse_free

_ATTRIBUTION = re.compile(
    r"^\s*(?:[—–]|-{1,2})\s*(?P<author>[^\n(@]{0,80}?)\s*\(@(?P<handle>[A-Za-z0-9_.]{1,30})\)\s*(?P<date>[^\n]{0,40}?)\s*$"
)
_SHARED_BY = re.compile(
    r"^\s*(?:A post shared by|Een bericht gedeeld door|Ein Beitrag geteilt von)\s+"
    r"(?P<author>[^\n(@]{0,80}?)\s*"
    r"(?:\(@(?P<handle>[A-Za-z0-9_.]{1,30})\))?\s*(?:(?:on|op|am)\s+(?P<date>[^\n]{4,40}?))?\s*$",
    re.IGNORECASE,
)
_EMBED_LINK = re.compile(
    r"(?:pic\.twitter\.com/\w+|https?://t\.co/\w+|https?://(?:x|twitter)\.com/\S+/status/\d+)\s*$"
)
_PROSE_END = re.compile(r"[.!?…:;\"”’»]\s*$")
MAX_POST_LINE = 300
MAX_POST_LINES = 8


@dataclass
class Post:
    index: int
    platform: str
    author: str | None
    handle: str | None
    date: KnownDate | None
    text: str
    start: int  # whole embed, attribution included
    end: int
    text_start: int
    text_end: int


def find_posts(text: str, lines: list[tuple[int, int]], blocked: set[int]) -> list[Post]:
    """Posts in text. `lines` are (start, end) line spans; `blocked` holds indexes of boilerplate lines,
    which bound a post (an embed never runs through a consent notice)."""
    used: set[int] = set()
    found: list[
        tuple[int, int, int, re.Match[str], str]
    ] = []  # (first, attribution line, last, match, platform)
    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        m = _ATTRIBUTION.match(line)
        platform = "twitter"
        if not m:
            m = _SHARED_BY.match(line)
            platform = "instagram"
        if not m:
            continue
        first = _walk_back(text, lines, i, blocked | used, attributed=True)
        used.update(range(first, i + 1))
        found.append((first, i, i, m, platform))
    for i, (s, e) in enumerate(lines):  # unattributed embeds: a block ending in an embed link
        if i in used or i in blocked or not _EMBED_LINK.search(text[s:e]):
            continue
        first = _walk_back(text, lines, i + 1, blocked | used, attributed=False)
        if first <= i:
            used.update(range(first, i + 1))
            found.append((first, None, i, None, "twitter"))
    posts: list[Post] = []
    for n, (first, attr, last, m, platform) in enumerate(sorted(found, key=lambda f: f[0])):
        text_end_line = attr - 1 if attr is not None else last
        t_start = lines[first][0]
        t_end = lines[text_end_line][1] if text_end_line >= first else t_start
        author = handle = None
        when = None
        if m is not None:
            author = (m.group("author") or "").strip() or None
            handle = m.group("handle")
            when = parse_free(m.group("date") or "") if m.group("date") else None
        posts.append(
            Post(
                n,
                platform,
                author,
                handle,
                when,
                text[t_start:t_end].strip(),
                lines[first][0],
                lines[last][1],
                t_start,
                t_end,
            )
        )
    return posts


def _walk_back(text: str, lines: list[tuple[int, int]], i: int, stop: set[int], attributed: bool) -> int:
    """Index of the first line of the post whose text ends on line i-1."""
    first = i
    j = i - 1
    while j >= 0 and i - j <= MAX_POST_LINES:
        s, e = lines[j]
        line = text[s:e]
        if j in stop or not line.strip() or len(line) > MAX_POST_LINE or _ATTRIBUTION.match(line):
            break
        # Above the line that ends the post, keep only lines that do not read as finished prose.
        if j < i - 1 and attributed and _PROSE_END.search(line):
            break
        first = j
        j -= 1
    return first
