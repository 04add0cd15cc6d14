"""Find boilerplate in article text: consent notices, video teasers, photo credits, image lines, promos.

Nothing is deleted: each finding is a (start, end, kind) span into the original text, so the body can
be rebuilt without it and the reader can still show the original. Patterns are written per language
family (nl/en/de) for the *kind* of notice, not for one site's sentence; lines repeated verbatim inside
a document are caught generally, whatever their wording.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

Span = tuple[int, int, str]


# Whole lines that are a consent / embed-blocked notice (nl, en, de).
_CONSENT = re.compile(
    r"cookie|\bconsent\b|toestemming|\btoestaan\b"
    r"|privacy[- ]?(?:instellingen|settings|einstellungen)|datenschutz|einwilligung"
    r"|inhoud niet (?:bekijken|weergeven)|deze inhoud|externe (?:inhoud|inhalte|content)"
    r"|content (?:is )?(?:not available|unavailable|blocked)|inhalt(?:e)? (?:nicht|blockiert)"
    r"|accept(?:eer|eren|ieren)?\b.*\b(?:cookies|social media)"
    r"|enable javascript|javascript (?:aan|inschakelen|aktivieren)",
    re.IGNORECASE,
)
# Teasers and promos: an upper-case marker word opening the line ("KIJK.", "VIDEO:", "LEES OOK:", "WATCH:").
_TEASER = re.compile(
    r"^\s*(?:\(?(?:BEKIJK|KIJK|LEES (?:OOK|MEER)|OOK INTERESSANT|VIDEO|FOTO'?S|LIVE|LIVEBLOG|WATCH|"
    r"READ (?:MORE|ALSO)|ALSO READ|RELATED|MORE|LESEN SIE (?:AUCH|MEHR)|MEHR ZUM THEMA|SEHEN SIE|"
    r"AUCH INTERESSANT|ANZEIGE|ADVERTENTIE|ADVERTISEMENT|PODCAST|LUISTER|LISTEN|H[ÖO]REN SIE)"
    r"\)?\s*[.:|►▶»-])",
)
# Short promo/navigation lines, matched case-insensitively on the whole line.
_PROMO = re.compile(
    r"^\s*(?:lees (?:ook|meer|verder)|read (?:more|also|next)|lesen sie (?:auch|mehr)|mehr zum thema|"
    r"deel (?:dit|deze)|share (?:this|on)|teilen|volg ons|follow us|folgen sie|abonneer|subscribe|abonnieren|"
    r"nieuwsbrief|newsletter|advertentie|advertisement|anzeige|gesponsord|sponsored)\b[^\n]{0,120}$",
    re.IGNORECASE,
)
# A photo credit: © / Ⓒ or "Foto:/Beeld:/Photo:/Bild:" up to the end of a short tail.
_CREDIT = re.compile(
    r"(?:[Ⓒ©]|\((?:foto|beeld|photo|bild|image)\b|\b(?:Foto|Beeld|Photo|Bild|Image|Credit|Fotograaf)s?\s*:)"
    r"[^\n]{0,80}$",
)
# Words every consent pattern contains, lower-cased: most lines have none, and a substring test is far
# cheaper than the case-insensitive pattern. Only "İ", "ı" and "ſ" match an ASCII letter under
# re.IGNORECASE without lower-casing to it, so a line holding one goes to the pattern unchecked.
_CONSENT_WORDS = (
    "cookie",
    "consent",
    "toestemming",
    "toestaan",
    "privacy",
    "datenschutz",
    "einwilligung",
    "inhoud",
    "externe",
    "content",
    "inhalt",
    "accept",
    "javascript",
)
_IMAGE = re.compile(r"^\s*!\[[^\]\n]*\]\([^)\n]*\)\s*$")
_BARE_IMAGE_URL = re.compile(r"^\s*https?://\S+\.(?:jpe?g|png|gif|webp)(?:\?\S*)?\s*$", re.IGNORECASE)

MIN_REPEAT_CHARS = 20
MAX_NOTICE_CHARS = 400


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its newline."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def find_boilerplate(text: str, lines: Iterable[tuple[int, int]] | None = None) -> list[Span]:
    """Spans of boilerplate in `text`, sorted, non-overlapping."""
    lines = list(line_spans(text) if lines is None else lines)
    spans: list[Span] = []
    for start, end in lines:
        line = text[start:end]
        if not line.strip():
            continue
        kind = classify_line(line)
        if kind:
            spans.append((start, end, kind))
            continue
        credit = _CREDIT.search(line)
        if credit and (credit.start() > 0 or len(line) <= 120):
            spans.append((start + credit.start(), end, "credit"))
    spans.extend(_repeated_lines(text, lines))
    return merge_spans(spans)


def classify_line(line: str) -> str | None:
    """The boilerplate kind of a whole line, or None for ordinary text."""
    if _IMAGE.match(line) or _BARE_IMAGE_URL.match(line):
        return "image"
    if _TEASER.match(line):
        return "teaser"
    if len(line) <= MAX_NOTICE_CHARS and _may_be_consent(line) and _CONSENT.search(line):
        return "consent"
    if _PROMO.match(line):
        return "promo"
    return None


def _may_be_consent(line: str) -> bool:
    """False only for lines the consent pattern cannot match."""
    if "İ" in line or "ı" in line or "ſ" in line:
        return True
    low = line.lower()
    return any(w in low for w in _CONSENT_WORDS)


def _repeated_lines(text: str, lines: list[tuple[int, int]]) -> list[Span]:
    """Lines that occur verbatim more than once in the same document (embed notices, footers)."""
    keyed = [(" ".join(text[s:e].split()), s, e) for s, e in lines]
    counts = Counter(k for k, _, _ in keyed if len(k) >= MIN_REPEAT_CHARS)
    return [(s, e, "repeated") for k, s, e in keyed if counts.get(k, 0) > 1]


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sort spans and merge overlaps (the first kind wins)."""
    out: list[Span] = []
    for s, e, k in sorted(spans):
        if out and s <= out[-1][1]:
            ps, pe, pk = out[-1]
            out[-1] = (ps, max(pe, e), pk)
        else:
            out.append((s, e, k))
    return out


def strip_spans(text: str, spans: Iterable[Span]) -> str:
    """text without the spans, runs of blank lines folded: the clean body."""
    parts, pos = [], 0
    for s, e, *_ in sorted(spans):
        parts.append(text[pos:s])
        pos = max(pos, e)
    parts.append(text[pos:])
    return re.sub(r"\n{3,}", "\n\n", "".join(parts)).strip()
