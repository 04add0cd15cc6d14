"""Build tiny corpora from (article, month, place ids) lists: every count known by construction."""

from __future__ import annotations

from components.store.schema import Corpus, conform

PlaceRow = tuple[str, str, float, float, str]  # name, kind, lat, lon, country


def mini_corpus(places: dict[str, PlaceRow], articles: list[tuple[str, str | None, list[str]]]) -> Corpus:
    """One article per (id, month, place ids); the text is the place names in order, one mention each."""
    arts, ments = [], []
    for aid, month, pids in articles:
        names = [places[p][0] for p in pids]
        text = " ".join(names) or "nothing"
        arts.append({
            "article_id": aid, "file": f"{aid}.txt", "title": aid, "month": month, "day": None, "date": month,
            "date_precision": "month" if month else None, "language": "en", "outlet": "test", "text": text,
            "body": text, "boilerplate": "[]",
        })  # fmt: skip
        cursor = 0
        for pid, name in zip(pids, names, strict=True):
            start = text.index(name, cursor)
            cursor = start + len(name)
            n, kind, lat, lon, cc = places[pid]
            ments.append({
                "article_id": aid, "start": start, "end": cursor, "surface": name, "place_id": pid,
                "name": n, "kind": kind, "lat": lat, "lon": lon, "country": cc, "sentence_start": 0,
                "sentence_end": len(text), "in_post": False, "score": 1.0, "reason": "test",
                "candidates": "[]",
            })  # fmt: skip
    rows = [
        {"place_id": p, "name": n, "kind": k, "lat": la, "lon": lo, "country": c, "source": "test"}
        for p, (n, k, la, lo, c) in places.items()
    ]
    return Corpus(
        articles=conform("articles", arts),
        mentions=conform("mentions", ments),
        places=conform("places", rows),
    )
