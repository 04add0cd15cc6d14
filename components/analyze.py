"""One article in, its table rows out: the unit of work the cache stores per file."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .article import ParsedArticle, parse_source
from .extract import find_candidates, tokens_of
from .gazetteer import Gazetteer
from .readers import Source
from .resolve import mention_record, resolve_article
from .sentences import sentence_spans


@dataclass
class ArticleResult:
    """Rows for every table, except the article id, which is assigned corpus-wide."""

    article: dict
    mentions: list[dict] = field(default_factory=list)
    posts: list[dict] = field(default_factory=list)
    places: dict[str, dict] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def analyze_source(src: Source, g: Gazetteer) -> ArticleResult:
    art = parse_source(src)
    return ArticleResult(
        article=_article_row(art),
        mentions=(mentions := _mentions(art, g)),
        posts=_post_rows(art),
        places={m["place_id"]: _place_row(m) for m in mentions},
        warnings=art.warnings,
    )


def _mentions(art: ParsedArticle, g: Gazetteer) -> list[dict]:
    text = art.text
    toks = tokens_of(text)
    cands = find_candidates(text, g, art.skip, toks)
    resolved = resolve_article(text, art.language, cands, g, toks)
    sentences = sentence_spans(text)
    starts = [s for s, _ in sentences]
    post_spans = [(p.text_start, p.text_end) for p in art.posts]
    rows = []
    for res in resolved:
        rec = mention_record(res, g, text)
        k = bisect.bisect_right(starts, rec["start"]) - 1
        if 0 <= k < len(sentences) and sentences[k][0] <= rec["start"] < max(sentences[k][1], rec["end"]):
            rec["sentence_start"], rec["sentence_end"] = sentences[k][0], max(sentences[k][1], rec["end"])
        else:
            rec["sentence_start"], rec["sentence_end"] = rec["start"], rec["end"]
        rec["in_post"] = any(s <= rec["start"] < e for s, e in post_spans)
        rows.append(rec)
    return rows


def _place_row(m: dict) -> dict:
    return {"place_id": m["place_id"], "name": m["name"], "kind": m["kind"], "lat": m["lat"], "lon": m["lon"],
            "country": m["country"], "source": m["_source"]}


def _article_row(art: ParsedArticle) -> dict:
    d = art.date
    return {
        "file": art.file, "row": art.row, "title": art.title, "title_source": art.title_source,
        "date": d.iso if d else None, "month": d.month_str if d else None, "day": d.day_str if d else None,
        "date_precision": d.precision if d else None, "date_source": art.date_source,
        "language": art.language, "outlet": art.outlet, "url": art.url, "text": art.text, "body": art.body,
        "boilerplate": art.boilerplate_json(), "content_hash": art.content_hash, "_explicit_id": art.explicit_id,
    }


def _post_rows(art: ParsedArticle) -> list[dict]:
    return [{"index": p.index, "platform": p.platform, "author": p.author, "handle": p.handle,
             "date": p.date.iso if p.date else None, "text": p.text, "start": p.start, "end": p.end}
            for p in art.posts]
