"""Synthetic war-news corpora for benchmarks: realistic shape, deterministic for a seed.

`write_corpus` writes seed-style text files (a ` date` header or none, sometimes a title line, an image
line, embedded tweets, consent and teaser boilerplate, Dutch/English/German place names) so the whole
pipeline is exercised. `corpus_tables` produces the built tables directly, for dashboard benchmarks at a
size where running the parser first would only measure the parser.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pandas as pd

from components.store.schema import Corpus, conform

# (English name, kind, lat, lon, {lang: written form})
PLACES: list[tuple[str, str, float, float, dict[str, str]]] = [
    ("Kherson", "city", 46.6370, 32.6146, {"nl": "Cherson", "en": "Kherson", "de": "Cherson"}),
    ("Kharkiv", "city", 49.9818, 36.2548, {"nl": "Charkiv", "en": "Kharkiv", "de": "Charkiw"}),
    ("Mykolaiv", "city", 46.9755, 31.9946, {"nl": "Mykolajiv", "en": "Mykolaiv", "de": "Mykolajiw"}),
    ("Kyiv", "city", 50.4547, 30.5238, {"nl": "Kiev", "en": "Kyiv", "de": "Kiew"}),
    ("Izium", "city", 49.2070, 37.2768, {"nl": "Izjoem", "en": "Izium", "de": "Isjum"}),
    ("Bakhmut", "city", 48.5956, 38.0000, {"nl": "Bachmoet", "en": "Bakhmut", "de": "Bachmut"}),
    ("Mariupol", "city", 47.0971, 37.5434, {"nl": "Marioepol", "en": "Mariupol", "de": "Mariupol"}),
    ("Odesa", "city", 46.4775, 30.7326, {"nl": "Odessa", "en": "Odesa", "de": "Odessa"}),
    ("Lviv", "city", 49.8383, 24.0232, {"nl": "Lviv", "en": "Lviv", "de": "Lwiw"}),
    (
        "Zaporizhzhia",
        "city",
        47.8228,
        35.1903,
        {"nl": "Zaporizja", "en": "Zaporizhzhia", "de": "Saporischschja"},
    ),
    ("Moscow", "city", 55.7522, 37.6156, {"nl": "Moskou", "en": "Moscow", "de": "Moskau"}),
    ("Sumy", "city", 50.9077, 34.7981, {"nl": "Soemy", "en": "Sumy", "de": "Sumy"}),
    ("Ukraine", "country", 49.7247, 32.1409, {"nl": "Oekraïne", "en": "Ukraine", "de": "die Ukraine"}),
    ("Russia", "country", 58.2494, 44.6865, {"nl": "Rusland", "en": "Russia", "de": "Russland"}),
    ("Crimea", "region", 45.3, 34.4, {"nl": "de Krim", "en": "Crimea", "de": "die Krim"}),
    (
        "Kherson Oblast",
        "region",
        46.75,
        33.35,
        {"nl": "regio Cherson", "en": "Kherson region", "de": "Gebiet Cherson"},
    ),
    (
        "Donetsk Oblast",
        "region",
        48.0,
        37.8,
        {"nl": "provincie Donetsk", "en": "Donetsk region", "de": "Gebiet Donezk"},
    ),
    (
        "Dnipro River",
        "river",
        46.75,
        33.0,
        {"nl": "rivier de Dnjepr", "en": "Dnipro River", "de": "Fluss Dnipro"},
    ),
    ("Black Sea", "sea", 43.4, 34.3, {"nl": "Zwarte Zee", "en": "Black Sea", "de": "Schwarzen Meer"}),
]
TEMPLATES = {
    "nl": [
        "Oekraïense troepen rukten op richting {a}, meldt het leger.",
        "In {a} vielen opnieuw doden bij een raketaanval op een flatgebouw.",
        "Volgens de gouverneur is de stroomvoorziening in {a} en {b} grotendeels hersteld.",
        "De Russische troepen trokken zich terug uit {a}, maar beschietingen vanuit {b} gaan door.",
        "Hulpdiensten kwamen ter plaatse in de hoop overlevenden te vinden.",
        "Het ministerie van Defensie zegt dat de situatie onder controle is.",
    ],
    "en": [
        "Ukrainian forces advanced towards {a}, the military said.",
        "A missile strike on an apartment block in {a} killed at least seven people.",
        "Power has largely been restored in {a} and {b}, the governor said.",
        "Russian troops pulled back from {a}, but shelling from {b} continues.",
        "Rescue workers searched the rubble for survivors.",
        "The defence ministry said the situation was under control.",
    ],
    "de": [
        "Ukrainische Truppen rückten in Richtung {a} vor, teilte die Armee mit.",
        "Bei einem Raketenangriff auf ein Wohnhaus in {a} starben mindestens sieben Menschen.",
        "Die Stromversorgung in {a} und {b} ist weitgehend wiederhergestellt, sagte der Gouverneur.",
        "Russische Truppen zogen sich aus {a} zurück, doch der Beschuss aus {b} geht weiter.",
        "Rettungskräfte suchten in den Trümmern nach Überlebenden.",
        "Das Verteidigungsministerium erklärte, die Lage sei unter Kontrolle.",
    ],
}
BOILERPLATE = {
    "nl": [
        "KIJK. Beelden van de verwoesting",
        "Je kan deze inhoud niet bekijken. Aanvaard cookies om de inhoud alsnog weer te geven.",
        "Ⓒ ANP / Reuters",
    ],
    "en": [
        "WATCH: footage of the destruction",
        "This content is blocked. Accept cookies to view it.",
        "© Reuters",
    ],
    "de": [
        "VIDEO: Bilder der Zerstörung",
        "Externe Inhalte blockiert. Cookies akzeptieren, um sie zu sehen.",
        "Foto: dpa",
    ],
}
MONTHS = [f"2022-{m:02d}" for m in range(2, 13)]
LANGS = ["nl", "nl", "en", "de"]
OUTLETS = {
    "nl": ["nos.nl", "hln.be", "nu.nl"],
    "en": ["bbc.co.uk", "theguardian.com"],
    "de": ["spiegel.de", "zeit.de"],
}


def _article(rng: random.Random, k: int) -> tuple[str, str, str, str]:
    lang = rng.choice(LANGS)
    month = rng.choice(MONTHS)
    parts: list[str] = []
    for _ in range(rng.randint(4, 9)):
        para = []
        for _ in range(rng.randint(2, 4)):
            a, b = rng.sample(PLACES, 2)
            para.append(rng.choice(TEMPLATES[lang]).format(a=a[4][lang], b=b[4][lang]))
        parts.append(" ".join(para))
        if rng.random() < 0.25:
            parts.append(rng.choice(BOILERPLATE[lang]))
    if rng.random() < 0.2:
        place = rng.choice(PLACES)[4]["en"]
        parts.append(
            f"Scenes from {place} today. pic.twitter.com/x{k:06d}\n"
            f"— Reporter {k} (@reporter{k % 97}) {_tweet_date(rng, month)}"
        )
    header = f" date {month} " if rng.random() < 0.85 else ""
    title = ""
    if rng.random() < 0.3:
        place = rng.choice(PLACES)[4][lang]
        title = (
            f"![](https://img.example.org/{k}.jpg)\nNieuws uit {place}\n"
            if lang == "nl"
            else f"News from {place}\n"
        )
    return lang, month, header + title + "\n\n".join(parts) + "\n", rng.choice(OUTLETS[lang])


def _tweet_date(rng: random.Random, month: str) -> str:
    names = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    y, m = month.split("-")
    return f"{names[int(m) - 1]} {rng.randint(1, 28)}, {y}"


def write_corpus(out_dir: Path, n: int, seed: int = 0) -> list[Path]:
    """Write n synthetic article files under out_dir (in sub-folders of 1,000) and return their paths."""
    rng = random.Random(seed)
    out_dir = Path(out_dir)
    paths = []
    for k in range(n):
        _lang, _month, text, _outlet = _article(rng, k)
        p = out_dir / f"batch{k // 1000:04d}" / f"{k:07d}.txt"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def corpus_tables(n: int, seed: int = 0) -> Corpus:
    """Tables shaped like a built corpus of n articles, without running the parser."""
    return numbered_tables(range(n), random.Random(seed))


def numbered_tables(numbers: range, rng: random.Random) -> Corpus:
    """Tables of the articles numbered `numbers` (ids syn0000000...) drawn from `rng`: a large corpus is
    made in pieces with one rng each (`synthetic_cache`), a small one in one go (`corpus_tables`)."""
    arts, mentions = [], []
    pid = {p[0]: f"syn:{i}" for i, p in enumerate(PLACES)}
    for k in numbers:
        lang, month, text, outlet = _article(rng, k)
        aid = f"syn{k:07d}"
        day = f"{month}-{rng.randint(1, 28):02d}" if rng.random() < 0.3 else None
        arts.append(
            {
                "article_id": aid,
                "file": f"{aid}.txt",
                "title": text.strip().split("\n")[-1][:80],
                "title_source": "first_sentence",
                "date": day or month,
                "month": month,
                "day": day,
                "date_precision": "day" if day else "month",
                "date_source": "header",
                "language": lang,
                "outlet": outlet,
                "url": None,
                "text": text,
                "body": text,
                "boilerplate": "[]",
                "content_hash": f"{k:x}",
            }
        )
        for name, kind, lat, lon, forms in PLACES:
            form = forms[lang]
            start = text.find(form)
            while start != -1:
                mentions.append(
                    {
                        "article_id": aid,
                        "start": start,
                        "end": start + len(form),
                        "surface": form,
                        "place_id": pid[name],
                        "name": name,
                        "kind": kind,
                        "lat": lat,
                        "lon": lon,
                        "country": "RU" if name == "Moscow" or name == "Russia" else "UA",
                        "sentence_start": start,
                        "sentence_end": start + len(form),
                        "in_post": False,
                        "score": 8.0,
                        "reason": "synthetic",
                        "candidates": json.dumps([]),
                    }
                )
                start = text.find(form, start + len(form))
    places = pd.DataFrame(
        [
            {
                "place_id": pid[p[0]],
                "name": p[0],
                "kind": p[1],
                "lat": p[2],
                "lon": p[3],
                "country": "RU" if p[0] in ("Moscow", "Russia") else "UA",
                "source": "synthetic",
            }
            for p in PLACES
        ]
    )
    return Corpus(
        articles=conform("articles", arts),
        mentions=conform("mentions", mentions),
        places=conform("places", places),
    )
