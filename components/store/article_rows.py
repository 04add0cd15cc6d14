"""One article in, its table rows out: the unit of work the cache stores per file."""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

from components.corpus.article import ParsedArticle, parse_source
from components.corpus.readers import Source
from components.corpus.sentences import sentence_spans
from components.places.candidates import Candidate, find_candidates, tokens_of
from components.places.gazetteer import Gazetteer
from components.places.geocoders import GeocodeFailure, OnlineGeocoder
from components.places.resolve import ACCEPT, mention_record, resolve_article


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
    mentions = _mentions(art, g, geocoder)
    return ArticleResult(
        article=_article_row(art),
        explicit_id=art.explicit_id,
        mentions=mentions,
        posts=_post_rows(art),
        places={m["place_id"]: _place_row(m) for m in mentions if m["place_id"] is not None},
        warnings=art.warnings,
    )


def _mentions(art: ParsedArticle, g: Gazetteer, geocoder: OnlineGeocoder | None) -> list[dict]:
    text = art.text
    toks = tokens_of(text)
    cands = find_candidates(text, g, art.skip, toks)
    unknown = [c for c in cands if c.how == "unknown"]
    resolved = resolve_article(text, art.language, [c for c in cands if c.how != "unknown"], g, toks)
    records = [mention_record(res, g, text) for res in resolved]
    hint = Counter(r["country"] for r in records if r["country"]).most_common(1)
    records += [_unknown_record(c, text, geocoder, hint[0][0] if hint else None) for c in unknown]
    records.sort(key=lambda r: r["start"])
    # Sentences start after the ` date` header, which shares the first line with the text in the seed style.
    header_end = max((e for s, e, k in art.boilerplate if k == "header"), default=0)
    sentences = [(max(s, header_end), e) for s, e in sentence_spans(text) if e > header_end]
    starts = [s for s, _ in sentences]
    post_spans = [(p.text_start, p.text_end) for p in art.posts]
    rows = []
    for rec in records:
        k = bisect.bisect_right(starts, rec["start"]) - 1
        if 0 <= k < len(sentences) and sentences[k][0] <= rec["start"] < max(sentences[k][1], rec["end"]):
            rec["sentence_start"], rec["sentence_end"] = sentences[k][0], max(sentences[k][1], rec["end"])
        else:
            rec["sentence_start"], rec["sentence_end"] = rec["start"], rec["end"]
        rec["in_post"] = any(s <= rec["start"] < e for s, e in post_spans)
        rows.append(rec)
    return rows


def _unknown_record(c: Candidate, text: str, geocoder: OnlineGeocoder | None, country: str | None) -> dict:
    """A cued name the gazetteer lacks: looked up online when a geocoder is on, else listed unresolved."""
    name = text[c.name_start : c.name_end]
    rec = {
        "start": c.start,
        "end": c.end,
        "surface": text[c.start : c.end],
        "place_id": None,
        "name": None,
        "kind": None,
        "lat": None,
        "lon": None,
        "country": None,
        "score": None,
        "reason": "not in the offline gazetteer",
        "candidates": "[]",
        "_source": None,
    }
    if geocoder is None:
        return rec
    try:
        hit = geocoder.lookup(name, country)
    except GeocodeFailure as exc:
        rec["reason"] = f"not in the offline gazetteer; {geocoder.name} failed: {exc}"
        return rec
    if hit is None:
        rec["reason"] = f"not in the offline gazetteer; unknown to {geocoder.name}"
        return rec
    rec.update(
        place_id=hit.place_id,
        name=hit.name,
        kind=hit.kind,
        lat=hit.lat,
        lon=hit.lon,
        country=hit.country,
        score=ACCEPT,
        reason=f"found by {geocoder.name}",
        _source=hit.source,
    )
    return rec


def _place_row(m: dict) -> dict:
    return {
        "place_id": m["place_id"],
        "name": m["name"],
        "kind": m["kind"],
        "lat": m["lat"],
        "lon": m["lon"],
        "country": m["country"],
        "source": m["_source"],
    }


def _article_row(art: ParsedArticle) -> dict:
    d = art.date
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
