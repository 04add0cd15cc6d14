"""The tables the data layer produces: one contract shared by the cache, the CLI and the dashboard.

Every table is a pandas DataFrame with exactly these columns (in this order). A loaded corpus holds the
mentions' repetitive text columns (article_id, surface, place_id, name, kind, country, reason, candidates)
as pandas Categoricals of these strings: ~2M mentions at 100k articles fit in memory that way.
Offsets (`start`, `end`) always index the article's original decoded text (`articles.text`), so
`text[start:end] == surface`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

PIPELINE_VERSION = "1"

ARTICLE_COLUMNS: dict[str, str] = {
    "article_id": "string",  # stable: from the file path (+ row for jsonl/csv), unique in the corpus
    "file": "string",  # path relative to the corpus root (posix)
    "row": "Int64",  # row number for jsonl/csv inputs, <NA> for one-article files
    "title": "string",
    "title_source": "string",  # line | metadata | first_sentence
    # 'YYYY-MM' or 'YYYY-MM-DD' as precise as really known, else <NA>; an implausible date (far future,
    # more than a month after the build, before 1800) stays here but has no month/day (off the timeline)
    "date": "string",
    "month": "string",  # 'YYYY-MM' or <NA>
    "day": "string",  # 'YYYY-MM-DD' only when the day is really known, else <NA>
    "date_precision": "string",  # day | month | implausible | <NA>
    "date_source": "string",  # header | metadata | embedded | none
    "language": "string",  # ISO 639-1: nl, en, de, ...
    "outlet": "string",  # from metadata or the url's host, else <NA>
    "url": "string",
    "text": "string",  # the original decoded text of the article
    "body": "string",  # clean text: boilerplate, image lines and embedded posts removed
    "boilerplate": "string",  # JSON list of [start, end, kind] spans into `text` that were removed
    "content_hash": "string",
}

MENTION_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "start": "Int64",
    "end": "Int64",
    "surface": "string",  # exactly text[start:end], cue words included ("regio Cherson")
    "place_id": "string",  # <NA> when nothing could place it
    "name": "string",  # English name of the place
    # country | region | city | town | village | river | sea | lake | reservoir | facility | square | point
    "kind": "string",
    "lat": "float64",
    "lon": "float64",
    "country": "string",  # ISO 3166-1 alpha-2
    "sentence_start": "Int64",  # the sentence holding the mention, as offsets into `text`
    "sentence_end": "Int64",
    "in_post": "boolean",  # inside an embedded social post
    "score": "float64",  # the winner's resolution score
    "reason": "string",  # why the winner won, human-readable
    # JSON list of the readings considered and rejected: {place_id, name, kind, country, score, why}
    "candidates": "string",
}

PLACE_COLUMNS: dict[str, str] = {
    "place_id": "string",  # 'gn:<geonameid>', 'sup:<slug>', 'cc:<ISO2>', 'pt:<lat>,<lon>', 'nom:<osm id>'
    "name": "string",
    "kind": "string",
    "lat": "float64",
    "lon": "float64",
    "country": "string",
    "source": "string",  # where the gazetteer row came from
    # The admin-1 unit holding the place (an admin-1 unit is its own; <NA> for countries, seas, points):
    # the dashboard's city -> region -> country roll-up and region filter.
    "admin1_id": "string",
    "admin1_name": "string",
    # The place's name in each interface language where a language-tagged source has it, else <NA>
    # (shown as `name`); see components.places.gazetteer_names.
    "name_nl": "string",
    "name_en": "string",
    "name_de": "string",
}

POST_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "index": "Int64",  # order within the article
    "platform": "string",  # twitter | facebook | instagram | telegram | ...
    "author": "string",
    "handle": "string",
    "date": "string",  # 'YYYY-MM-DD' when given
    "text": "string",
    "start": "Int64",  # span of the whole embed in the article's `text`
    "end": "Int64",
}

ERROR_COLUMNS: dict[str, str] = {
    "file": "string",  # path relative to the corpus root (bad UTF-8 bytes shown as \xNN)
    "row": "Int64",  # the JSONL line / CSV row, <NA> for a whole file
    "reason": "string",  # why the input is bad or what was done about it
    "error": "string",  # "row N: reason" or the reason: one readable line (what the CLI prints)
}

TABLES: dict[str, dict[str, str]] = {
    "articles": ARTICLE_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "places": PLACE_COLUMNS,
    "posts": POST_COLUMNS,
    "errors": ERROR_COLUMNS,
}


def empty(table: str) -> pd.DataFrame:
    """An empty frame with the table's columns and dtypes."""
    cols = TABLES[table]
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in cols.items()})


def conform(table: str, frame: pd.DataFrame | list[dict]) -> pd.DataFrame:
    """Coerce records or a frame to the table's exact columns and dtypes (missing columns become NA)."""
    cols = TABLES[table]
    df = pd.DataFrame(frame) if not isinstance(frame, pd.DataFrame) else frame
    if df.empty:
        return empty(table)
    out = pd.DataFrame(index=df.index)
    for c, t in cols.items():
        missing = float("nan") if t == "float64" else pd.NA
        out[c] = df[c].astype(t) if c in df.columns else pd.Series(missing, index=df.index, dtype=t)
    return out.reset_index(drop=True)


@dataclass
class Corpus:
    """All tables of one built corpus."""

    articles: pd.DataFrame = field(default_factory=lambda: empty("articles"))
    mentions: pd.DataFrame = field(default_factory=lambda: empty("mentions"))
    places: pd.DataFrame = field(default_factory=lambda: empty("places"))
    posts: pd.DataFrame = field(default_factory=lambda: empty("posts"))
    errors: pd.DataFrame = field(default_factory=lambda: empty("errors"))
    # Why these tables may be out of date (a read-only cache that could not be updated, damaged cache
    # files skipped); None when they are current. The dashboard shows it as a notice.
    stale_reason: str | None = None

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)
