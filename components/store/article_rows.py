"""One article in, its table rows out: the unit of work the cache stores per file."""

from __future__ import annotations

import bisect
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace

from components.corpus.article import ParsedArticle, parse_source
from components.corpus.readers import Source
from components.corpus.sentences import sentence_spans
from components.places.candidates import Candidate, find_candidates
from components.places.gazetteer import Gazetteer, PlaceRecord
from components.places.gazetteer_names import place_details
from components.places.geocoders import GeocodeFailure, OnlineGeocoder
from components.places.resolve import Resolved, resolve_article
from components.places.scoring import ACCEPT
from components.places.tokens import tokens_of


@dataclass
class ArticleResult:
    """Rows for every table, except the article id, which is assigned corpus-wide."""

    article: dict
    explicit_id: str | None = None  # the id a JSONL/CSV row gave itself; the build makes ids unique
    mentions: list[dict] = field(default_factory=list)
    posts: list[dict] = field(default_factory=list)
    places: dict[str, dict] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def analyze_source(src: Source, g: Gazetteer, geocoder: OnlineGeocoder | None = None) -> ArticleResult:
    art = parse_source(src)
    found = _mentions(art, g, geocoder)
    return ArticleResult(
        article=_article_row(art),
        explicit_id=art.explicit_id,
        mentions=[row for row, _place in found],
        posts=_post_rows(art),
        places=_place_rows((p for _row, p in found if p is not None and p.place_id is not None), g),
        warnings=art.warnings,
    )


_PLACE_FIELDS = tuple(f.name for f in fields(PlaceRecord))
# json.dumps(..., ensure_ascii=False) builds a new encoder per call; the output is the same.
_JSON = json.JSONEncoder(ensure_ascii=False).encode


def _place_rows(places: Iterable[PlaceRecord], g: Gazetteer) -> dict[str, dict]:
    """One places-table row per distinct place (dataclasses.asdict per mention was a tenth of a build),
    with its admin-1 unit and names per language (the dashboard's roll-up and interface language)."""
    rows: dict[str, dict] = {}
    for p in places:
        if p.place_id not in rows:
            rows[p.place_id] = {name: getattr(p, name) for name in _PLACE_FIELDS} | place_details(
                g, p.place_id
            )
    return rows


def _mentions(
    art: ParsedArticle, g: Gazetteer, geocoder: OnlineGeocoder | None
) -> list[tuple[dict, PlaceRecord | None]]:
    """Each mention's table row, in text order, with the place it names (None: left unresolved)."""
    text = art.text
    toks = tokens_of(text)
    cands = find_candidates(text, g, art.skip, toks)
    unknown = [c for c in cands if c.how == "unknown"]
    resolved = resolve_article(text, art.language, [c for c in cands if c.how != "unknown"], g, toks)
    found = [_resolved_mention(res, g, text) for res in resolved]
    hint = Counter(p.country for _row, p in found if p is not None and p.country).most_common(1)
    found += [_unknown_mention(c, text, geocoder, hint[0][0] if hint else None) for c in unknown]
    found.sort(key=lambda f: f[0]["start"])
    records = [row for row, _place in found]
    # Sentences start after the ` date` header, which shares the first line with the text in the seed style.
    header_end = max((e for s, e, k in art.boilerplate if k == "header"), default=0)
    sentences = [(max(s, header_end), e) for s, e in sentence_spans(text) if e > header_end]
    starts = [s for s, _ in sentences]
    post_spans = [(p.text_start, p.text_end) for p in art.posts]
    for rec in records:
        k = bisect.bisect_right(starts, rec["start"]) - 1
        if 0 <= k < len(sentences) and sentences[k][0] <= rec["start"] < max(sentences[k][1], rec["end"]):
            rec["sentence_start"], rec["sentence_end"] = sentences[k][0], max(sentences[k][1], rec["end"])
        else:
            rec["sentence_start"], rec["sentence_end"] = rec["start"], rec["end"]
        rec["in_post"] = any(s <= rec["start"] < e for s, e in post_spans)
    return found


def mention_row(
    start: int,
    end: int,
    text: str,
    place: PlaceRecord | None,
    score: float | None,
    reason: str,
    considered: list[dict],
) -> dict:
    """The mentions-table row for one span (sentence and post columns are filled by the caller)."""
    return {
        "start": start,
        "end": end,
        "surface": text[start:end],
        "place_id": place.place_id if place else None,
        "name": place.name if place else None,
        "kind": place.kind if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "country": place.country if place else None,
        "score": score,
        "reason": reason,
        "candidates": _JSON(considered),
    }


def _resolved_mention(res: Resolved, g: Gazetteer, text: str) -> tuple[dict, PlaceRecord]:
    place = res.place(g)
    row = mention_row(res.start, res.end, text, place, round(res.score, 3), res.reason, res.considered)
    return row, place


def _unknown_mention(
    c: Candidate, text: str, geocoder: OnlineGeocoder | None, country: str | None
) -> tuple[dict, PlaceRecord | None]:
    """A cued name the gazetteer lacks: looked up online when a geocoder is on, else listed unresolved."""
    unresolved = "not in the offline gazetteer"
    if geocoder is None:
        return mention_row(c.start, c.end, text, None, None, unresolved, []), None
    try:
        hit = geocoder.lookup(text[c.name_start : c.name_end], country)
    except GeocodeFailure as exc:
        reason = f"{unresolved}; {geocoder.name} failed: {exc}"
        return mention_row(c.start, c.end, text, None, None, reason, []), None
    if hit is None:
        reason = f"{unresolved}; unknown to {geocoder.name}"
        return mention_row(c.start, c.end, text, None, None, reason, []), None
    return mention_row(c.start, c.end, text, hit, ACCEPT, f"found by {geocoder.name}", []), hit


def _article_row(art: ParsedArticle) -> dict:
    """An implausible date keeps its text in `date`, with precision 'implausible' and no month or day."""
    d = art.date
    if art.date_implausible:
        return {
            **_article_row(replace(art, date=None, date_implausible=False)),
            "date": d.iso,
            "date_precision": "implausible",
        }
    return {
        "file": art.file,
        "row": art.row,
        "title": art.title,
        "title_source": art.title_source,
        "date": d.iso if d else None,
        "month": d.month_str if d else None,
        "day": d.day_str if d else None,
        "date_precision": d.precision if d else None,
        "date_source": art.date_source,
        "language": art.language,
        "outlet": art.outlet,
        "url": art.url,
        "text": art.text,
        "body": art.body,
        "boilerplate": art.boilerplate_json(),
        "content_hash": art.content_hash,
    }


def _post_rows(art: ParsedArticle) -> list[dict]:
    return [
        {
            "index": p.index,
            "platform": p.platform,
            "author": p.author,
            "handle": p.handle,
            "date": p.date.iso if p.date else None,
            "text": p.text,
            "start": p.start,
            "end": p.end,
        }
        for p in art.posts
    ]
