"""Turn one `Source` into a parsed article: title, date with its real precision and source, language,
boilerplate spans, embedded posts, and the clean body.

All structure is kept as spans into the original text so that place mentions found later still point
at the exact characters the user sees in the original file.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from components.corpus.boilerplate import Span, find_boilerplate, line_spans, merge_spans, strip_spans
from components.corpus.dates import KnownDate, implausible_reason, parse_free, parse_iso
from components.corpus.language import detect_language
from components.corpus.posts import Post, find_posts
from components.corpus.readers import Source
from components.corpus.sentences import iter_sentence_spans

_HEADER = re.compile(r"\A[ \t\ufeff]*date[ \t]+(?P<value>\S+)[ \t]*\n?")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,3}\s+")
_TITLE_MAX_CHARS = 200
_TITLE_MAX_WORDS = 30
_DERIVED_TITLE_CHARS = 110


@dataclass
class ParsedArticle:
    file: str
    row: int | None
    text: str
    title: str | None
    title_source: str
    date: KnownDate | None
    date_source: str
    language: str | None
    outlet: str | None
    url: str | None
    boilerplate: list[Span]
    posts: list[Post]
    skip: list[tuple[int, int]]  # spans not searched for places: header, boilerplate, post attributions
    content_hash: str
    explicit_id: str | None = None
    warnings: list[str] = field(default_factory=list)
    date_implausible: bool = False  # kept in `date`, but off the timeline (no month/day); see dates.py

    @property
    def removed(self) -> list[Span]:
        """Every span the clean body leaves out: boilerplate, the header, the title line, embedded posts."""
        return merge_spans(self.boilerplate + [(p.start, p.end, "post") for p in self.posts])

    @property
    def body(self) -> str:
        return strip_spans(self.text, self.removed)

    def boilerplate_json(self) -> str:
        return json.dumps([list(s) for s in self.removed], ensure_ascii=False)


def parse_source(src: Source) -> ParsedArticle:
    text = src.text
    warnings: list[str] = []
    spans: list[Span] = []
    header_date: KnownDate | None = None

    header = _HEADER.match(text) if src.kind == "text" else None
    if header:
        spans.append((header.start(), header.end(), "header"))
        try:
            header_date = parse_iso(header["value"])
        except ValueError as exc:
            warnings.append(f"bad date header: {exc}")

    lines = line_spans(text)
    boiler = find_boilerplate(text, lines)
    if header:  # the header shares the first line with the first paragraph in the seed style
        lines = [(max(s, header.end()), e) for s, e in lines if e > header.end() or s >= header.end()]
    blocked = {i for i, (s, e) in enumerate(lines) if _covered(s, e, boiler)}
    posts = find_posts(text, lines, blocked)

    title, title_source, title_span = _title(src, text, lines, boiler, posts, header.end() if header else 0)
    if title_span:
        spans.append((*title_span, "title"))
    all_spans = merge_spans(spans + boiler)

    date, date_source = _date(src, header_date, posts, warnings)
    implausible = implausible_reason(date) if date is not None else None
    if implausible:
        warnings.append(f"{implausible}; article kept, date left off the timeline")
    body_for_lang = strip_spans(text, all_spans + [(p.start, p.end, "post") for p in posts])
    url = src.meta.get("url")
    outlet = src.meta.get("outlet") or _host(url)
    # Skip spans are merged without the title: merged with a header that ends where it starts, the
    # title took the header's kind and was never searched for places.
    skip = [(s, e) for s, e, _k in merge_spans(x for x in spans + boiler if x[2] != "title")]
    skip += [(p.text_end, p.end) for p in posts]  # attribution lines name people, not places
    return ParsedArticle(
        file=src.file,
        row=src.row,
        text=text,
        title=title,
        title_source=title_source,
        date=date,
        date_source=date_source,
        language=detect_language(body_for_lang),
        outlet=outlet,
        url=url,
        boilerplate=all_spans,
        posts=posts,
        skip=sorted(skip),
        content_hash=hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest(),
        explicit_id=src.meta.get("id"),
        warnings=warnings,
        date_implausible=implausible is not None,
    )


def _covered(s: int, e: int, spans: list[Span]) -> bool:
    return any(bs <= s and e <= be for bs, be, _ in spans) and e > s


def _title(src: Source, text: str, lines, boiler: list[Span], posts: list[Post], start: int):
    """(title, source, span of a title line or None)."""
    if src.meta.get("title"):
        return src.meta["title"].strip(), "metadata", None
    content = [(s, e) for s, e in lines if s >= start and text[s:e].strip() and not _covered(s, e, boiler)]
    if src.kind == "text" and len(content) > 1:
        s, e = content[0]
        line = text[s:e].strip()
        heading = _MD_HEADING.match(line)
        candidate = line[heading.end() :].strip() if heading else line
        words = candidate.split()
        looks_like_title = heading is not None or (
            len(candidate) <= _TITLE_MAX_CHARS
            and len(words) <= _TITLE_MAX_WORDS
            and not re.search(r"[.,;:]$", candidate)
            and not any(p.start <= s < p.end for p in posts)
        )
        if looks_like_title and len(words) >= 2:
            return candidate, "line", (s, e)
    return _derived_title(text, start, boiler, posts), "first_sentence", None


def _derived_title(text: str, start: int, boiler: list[Span], posts: list[Post]) -> str | None:
    blocked = boiler + [(p.start, p.end, "post") for p in posts]
    window = text[start : start + 4000]  # the first real sentence is near the top
    for s, e in iter_sentence_spans(window):  # stops at the first real sentence
        s, e = s + start, e + start
        if any(bs <= s < be for bs, be, _ in blocked):
            continue
        sentence = " ".join(text[s:e].split()).strip("„“”\"'‘’ ")
        if len(sentence.split()) < 3:
            continue
        if len(sentence) <= _DERIVED_TITLE_CHARS:
            return sentence
        cut = sentence[:_DERIVED_TITLE_CHARS].rsplit(" ", 1)[0]
        return cut.rstrip(",;:") + "…"
    return None


def _date(src: Source, header: KnownDate | None, posts: list[Post], warnings: list[str]):
    if header is not None:
        return header, "header"
    if src.meta.get("date"):
        parsed = parse_free(src.meta["date"])
        if parsed is not None:
            return parsed, "metadata"
        warnings.append(f"unreadable date {src.meta['date']!r}")
    dated = [p.date for p in posts if p.date is not None]
    if dated:
        latest = max(dated, key=lambda d: (d.year, d.month, d.day or 0))
        # An article is published on or after the posts it embeds: the month is known, the day is not.
        return KnownDate(latest.year, latest.month), "embedded"
    return None, "none"


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.") or None
