"""Tiny hand-made corpora for the story tests: articles with the places they mention."""

from __future__ import annotations

from components.store.schema import Corpus, conform


def make_corpus(rows: list[dict]) -> Corpus:
    """rows: {id, date, lang, outlet, text, places: [(surface, place_id, kind)]} → a Corpus."""
    arts, mentions = [], []
    for r in rows:
        date = r["date"]
        precise = len(date) >= 10
        arts.append(
            {
                "article_id": r["id"],
                "file": f"{r['id']}.txt",
                "title": r.get("title", r["text"][:40]),
                "date": date,
                "month": date[:7],
                "day": date if precise else None,
                "date_precision": "day" if precise else "month",
                "language": r.get("lang", "en"),
                "outlet": r.get("outlet"),
                "text": r["text"],
                "body": r["text"],
                "boilerplate": "[]",
            }
        )
        for surface, pid, kind in r.get("places", []):
            start = r["text"].find(surface)
            assert start >= 0, surface
            mentions.append(
                {
                    "article_id": r["id"],
                    "start": start,
                    "end": start + len(surface),
                    "surface": surface,
                    "place_id": pid,
                    "name": pid.split(":")[-1],
                    "kind": kind,
                }
            )
    m = conform("mentions", mentions)
    places = m[["place_id", "name", "kind"]].drop_duplicates("place_id")
    return Corpus(articles=conform("articles", arts), mentions=m, places=conform("places", places))


KHERSON = ("Kherson", "t:Kherson", "city")
CHERSON = ("Cherson", "t:Kherson", "city")
UKRAINE = ("Ukraine", "t:Ukraine", "country")
OEKRAINE = ("Oekraïne", "t:Ukraine", "country")

EN_TEXT = (
    "Ukrainian troops entered Kherson on Friday, said Oleksiy Reznikov. More than 30,000 Russian "
    "soldiers withdrew from Kherson across the river, Reznikov added. Crowds cheered in the streets of "
    "Ukraine's south."
)
NL_TEXT = (
    "Oekraïense troepen zijn vrijdag Cherson binnengetrokken, zei Oleksij Reznikov. Meer dan 30.000 "
    "Russische militairen trokken zich terug uit Cherson, aldus Reznikov. In het zuiden van Oekraïne "
    "wordt gefeest."
)
