"""A five-article corpus with known answers, shared by the explore and views tests."""

from __future__ import annotations

import json

from components.explore.corpus_index import CorpusIndex
from components.store.schema import Corpus, conform

PLACES = {
    "gn:1": ("Kherson", "city", 46.64, 32.61, "UA"),
    "gn:2": ("Kharkiv", "city", 49.99, 36.23, "UA"),
    "gn:3": ("Kyiv", "city", 50.45, 30.52, "UA"),
    "cc:UA": ("Ukraine", "country", 49.0, 32.0, "UA"),
    "gn:4": ("Kharkiv Oblast", "region", 49.5, 36.6, "UA"),
}

# article_id, month, day, language, outlet, title, body, [(surface, place_id or None)]
ARTICLES = [
    (
        "a1",
        "2022-09",
        "2022-09-10",
        "nl",
        "nos.nl",
        "Charkiv",
        "Troepen in Charkiv en Kiev.",
        [("Charkiv", "gn:2"), ("Kiev", "gn:3")],
    ),
    (
        "a2",
        "2022-11",
        None,
        "nl",
        "nos.nl",
        "Cherson",
        "Cherson is vrij. Oekraïne viert in Cherson.",
        [("Cherson", "gn:1"), ("Oekraïne", "cc:UA"), ("Cherson", "gn:1")],
    ),
    (
        "a3",
        "2022-11",
        "2022-11-11",
        "en",
        "bbc.co.uk",
        "Kherson",
        "Kherson liberated, says Kyiv.",
        [("Kherson", "gn:1"), ("Kyiv", "gn:3")],
    ),
    (
        "a4",
        "2022-10",
        None,
        "de",
        None,
        "Charkow",
        "In der Region Charkow und in Atlantis.",
        [("Region Charkow", "gn:4"), ("Atlantis", None)],
    ),
    (
        "a5",
        None,
        None,
        "en",
        "bbc.co.uk",
        "Undated",
        "Nothing dated here, only Ukraine.",
        [("Ukraine", "cc:UA")],
    ),
]


def make_corpus() -> Corpus:
    """A five-article corpus whose every count is known by construction."""
    arts, ments = [], []
    for aid, month, day, lang, outlet, title, body, found in ARTICLES:
        text = f"{title}\n{body}"
        arts.append(
            {
                "article_id": aid,
                "file": f"{aid}.txt",
                "title": title,
                "month": month,
                "day": day,
                "date": day or month,
                "date_precision": "day" if day else ("month" if month else None),
                "language": lang,
                "outlet": outlet,
                "text": text,
                "body": body,
                "boilerplate": "[]",
            }
        )
        cursor = len(title) + 1
        for surface, pid in found:
            start = text.index(surface, cursor)
            cursor = start + len(surface)
            name, kind, lat, lon, cc = PLACES.get(pid, (None, None, None, None, None))
            ments.append(
                {
                    "article_id": aid,
                    "start": start,
                    "end": cursor,
                    "surface": surface,
                    "place_id": pid,
                    "name": name,
                    "kind": kind,
                    "lat": lat,
                    "lon": lon,
                    "country": cc,
                    "sentence_start": len(title) + 1,
                    "sentence_end": len(text),
                    "in_post": False,
                    "score": 1.0,
                    "reason": "test",
                    "candidates": json.dumps(
                        [
                            {
                                "place_id": "gn:99",
                                "name": "Decoy",
                                "kind": "town",
                                "country": "RU",
                                "score": 0.1,
                                "why": "test",
                            }
                        ]
                    ),
                }
            )
    places = [
        {"place_id": pid, "name": n, "kind": k, "lat": la, "lon": lo, "country": c, "source": "test"}
        for pid, (n, k, la, lo, c) in PLACES.items()
    ]
    return Corpus(
        articles=conform("articles", arts),
        mentions=conform("mentions", ments),
        places=conform("places", places),
    )


SHARED_INDEX = CorpusIndex(make_corpus())
