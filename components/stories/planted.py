"""A corpus with planted stories, to measure grouping: each event written up by several outlets.

Every event has a day, a place (a town in a region of a country), people, numbers and a quotation.
Outlets in nl/en/de each write their own article about it: sentences picked from different templates,
in a shuffled order, names transliterated the way each language does (Kh → Ch, y → j, zh → zj/sch),
numbers formatted per outlet (1,250 / 1.250 / 1 250), the quotation verbatim within a language but
translated differently across languages, some dates known only to the month, and general war
filler shared by everything. Around the stories: articles about events no one else covered, and
"near misses": other events in the same town in the same week. The tables are produced directly (like
`store.synthetic.corpus_tables`): grouping reads tables, so running the parser first would only
measure the parser. `gold` maps each article to its event.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from components.store.schema import Corpus, conform

LANGUAGES = ("nl", "en", "de")
OUTLETS = {
    "nl": ["nos.nl", "nu.nl", "volkskrant.nl", "trouw.nl", "hln.be", "vrt.be"],
    "en": ["bbc.co.uk", "reuters.com", "theguardian.com", "apnews.com", "kyivindependent.com"],
    "de": ["tagesschau.de", "spiegel.de", "zeit.de", "faz.net", "dw.com"],
}
COUNTRY = {"nl": "Oekraïne", "en": "Ukraine", "de": "der Ukraine"}
_SYL = [
    "ka",
    "lo",
    "vy",
    "no",
    "ri",
    "sha",
    "zhe",
    "kho",
    "dy",
    "ma",
    "ly",
    "po",
    "ro",
    "ve",
    "cha",
    "tu",
    "ba",
    "mi",
]
_TRANSLIT = {  # English romanisation → Dutch / German conventions
    "nl": (("kh", "ch"), ("zh", "zj"), ("sh", "sj"), ("ch", "tsj"), ("y", "j"), ("u", "oe")),
    "de": (("kh", "ch"), ("zh", "sch"), ("sh", "sch"), ("ch", "tsch"), ("y", "j"), ("v", "w")),
}
TEMPLATES = {
    "nl": [
        "Bij {kind} op {place} in de regio {region} zijn zeker {dead} doden gevallen, meldt {person}.",
        "Volgens {person} werden {wounded} mensen gewond bij de aanval op {place}.",
        "{person} sprak van een zware slag voor {place}, waar {homes} woningen zijn beschadigd.",
        "„{quote}”, zei {person2} over de gebeurtenissen in {place}.",
        "De hulpdiensten in {place} zochten de hele nacht naar overlevenden, aldus {person2}.",
        "In de regio {region} is de stroom uitgevallen voor {homes} huishoudens.",
    ],
    "en": [
        "At least {dead} people were killed in {kind} on {place} in the {region} region, {person} said.",
        "{person} said {wounded} people were wounded in the attack on {place}.",
        "According to {person}, {homes} homes in {place} were damaged.",
        "“{quote},” {person2} said of the events in {place}.",
        "Rescuers in {place} searched through the night for survivors, {person2} told reporters.",
        "Power was cut to {homes} households across the {region} region.",
    ],
    "de": [
        "Bei {kind} auf {place} im Gebiet {region} sind mindestens {dead} Menschen getötet worden, "
        "sagte {person}.",
        "Nach Angaben von {person} wurden {wounded} Menschen beim Angriff auf {place} verletzt.",
        "{person} sprach von einem schweren Schlag für {place}, wo {homes} Häuser beschädigt wurden.",
        "„{quote}“, sagte {person2} über die Ereignisse in {place}.",
        "Rettungskräfte in {place} suchten die ganze Nacht nach Überlebenden, so {person2}.",
        "Im Gebiet {region} fiel für {homes} Haushalte der Strom aus.",
    ],
}
KINDS = {
    "nl": ["een raketaanval", "een drone-aanval", "een bombardement", "een beschieting"],
    "en": ["a missile strike", "a drone attack", "a bombing", "shelling"],
    "de": ["einem Raketenangriff", "einem Drohnenangriff", "einem Bombardement", "einem Beschuss"],
}
QUOTE_WORDS = {
    "nl": [
        "wij",
        "zullen",
        "dit",
        "nooit",
        "vergeten",
        "en",
        "blijven",
        "onze",
        "stad",
        "verdedigen",
        "tegen",
        "elke",
        "aanval",
        "van",
        "de",
        "vijand",
    ],
    "en": [
        "we",
        "will",
        "never",
        "forget",
        "this",
        "and",
        "will",
        "keep",
        "defending",
        "our",
        "city",
        "against",
        "every",
        "attack",
        "by",
        "the",
        "enemy",
    ],
    "de": [
        "wir",
        "werden",
        "das",
        "nie",
        "vergessen",
        "und",
        "unsere",
        "Stadt",
        "gegen",
        "jeden",
        "Angriff",
        "des",
        "Feindes",
        "verteidigen",
    ],
}
FILLER = {
    "nl": [
        "De oorlog in {country} duurt inmiddels maanden.",
        "Rusland ontkent dat het burgerdoelen aanvalt.",
        "Het Westen levert sindsdien meer luchtafweer aan {country}.",
        "De regering in Kiev roept opnieuw op tot meer steun.",
    ],
    "en": [
        "The war in {country} has now lasted for months.",
        "Russia denies targeting civilians.",
        "Western allies have since sent more air defence systems to {country}.",
        "The government in Kyiv has again called for more support.",
    ],
    "de": [
        "Der Krieg in {country} dauert inzwischen seit Monaten an.",
        "Russland bestreitet, zivile Ziele anzugreifen.",
        "Der Westen liefert seitdem mehr Luftabwehr an die Ukraine.",
        "Die Regierung in Kiew fordert erneut mehr Unterstützung.",
    ],
}


@dataclass
class Planted:
    """A planted corpus and its truth: article id → event id."""

    corpus: Corpus
    gold: dict[str, str] = field(default_factory=dict)


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_SYL) for _ in range(n))


def transliterate(name: str, lang: str) -> str:
    """An English-romanised name as Dutch or German papers write it."""
    out = name.lower()
    for old, new in _TRANSLIT.get(lang, ()):
        out = out.replace(old, new)
    return " ".join(w.capitalize() for w in out.split())


def format_number(value: int, style: int) -> str:
    """One number as outlets write it: 1250, 1,250, 1.250 or 1 250."""
    if value < 1000 or style == 0:
        return str(value)
    sep = [",", ".", "\u00a0"][(style - 1) % 3]
    return f"{value:,}".replace(",", sep)


@dataclass
class _Event:
    eid: str
    day: date
    place: str  # English romanisation
    region: str
    people: tuple[str, str]
    numbers: dict[str, int]
    kind: int
    quotes: dict[str, str]


def _event(rng: random.Random, k: int, day: date, place: str, region: str) -> _Event:
    people = (
        f"{_word(rng, 2).capitalize()} {_word(rng, 3).capitalize()}",
        f"{_word(rng, 2).capitalize()} {_word(rng, 3).capitalize()}",
    )
    numbers = {"dead": rng.randint(11, 90), "wounded": rng.randint(20, 400), "homes": rng.randint(120, 9000)}
    quotes = {}
    for lang in LANGUAGES:
        words = QUOTE_WORDS[lang][:]
        rng.shuffle(words)
        quotes[lang] = " ".join(words[: rng.randint(7, 11)]).capitalize()
    return _Event(f"e{k:06d}", day, place, region, people, numbers, rng.randrange(4), quotes)


def _article(rng: random.Random, ev: _Event, lang: str, outlet: str) -> tuple[str, str]:
    """(title, body) of one outlet's write-up of an event."""
    style = sum(map(ord, outlet)) % 4
    slots = {
        "place": transliterate(ev.place, lang),
        "region": transliterate(ev.region, lang),
        "person": transliterate(ev.people[0], lang),
        "person2": transliterate(ev.people[1], lang),
        "kind": KINDS[lang][ev.kind],
        "quote": ev.quotes[lang],
        "country": COUNTRY[lang],
        **{k: format_number(v, style) for k, v in ev.numbers.items()},
    }
    templates = TEMPLATES[lang]
    rest = rng.sample(range(1, len(templates)), rng.randint(2, len(templates) - 1))
    sentences = [templates[0].format(**slots)] + [templates[i].format(**slots) for i in rest]
    for filler in rng.sample(FILLER[lang], rng.randint(1, 3)):
        sentences.insert(rng.randint(1, len(sentences)), filler.format(**slots))
    first = sentences[0]
    sentences[0] = first[0].upper() + first[1:]
    title = sentences[0].split(",")[0][:90]
    return title, " ".join(sentences[:2]) + "\n\n" + " ".join(sentences[2:])


def _mentions(aid: str, text: str, places: list[tuple[str, str, str]]) -> list[dict]:
    """Mentions of the given (surface, place_id, kind) wherever the surface occurs."""
    out = []
    for surface, pid, kind in places:
        start = text.find(surface)
        while start != -1:
            out.append(
                {
                    "article_id": aid,
                    "start": start,
                    "end": start + len(surface),
                    "surface": surface,
                    "place_id": pid,
                    "name": pid.split(":", 1)[1],
                    "kind": kind,
                    "country": "UA",
                    "in_post": False,
                    "score": 8.0,
                    "reason": "planted",
                    "candidates": "[]",
                }
            )
            start = text.find(surface, start + len(surface))
    return out


def _events(rng: random.Random, n: int) -> list[tuple[_Event, int]]:
    """(event, number of articles) until n articles: stories of 2-6, singletons, near misses."""
    regions = [_word(rng, 3).capitalize() for _ in range(24)]
    towns = [(_word(rng, 3).capitalize(), rng.choice(regions)) for _ in range(max(60, n // 15))]
    events: list[tuple[_Event, int]] = []
    total = 0
    while total < n:
        k = len(events)
        size = 1 if rng.random() < 0.3 else rng.randint(2, 6)
        if events and rng.random() < 0.15:  # a near miss: another event, same town, same week
            other = rng.choice(events[-50:])[0]
            day, town, region = other.day + timedelta(days=rng.randint(0, 4)), other.place, other.region
        else:
            day = date(2023, 1, 1) + timedelta(days=rng.randrange(365))
            town, region = rng.choice(towns)
        size = min(size, n - total)
        events.append((_event(rng, k, day, town, region), size))
        total += size
    return events


def planted_corpus(n: int, seed: int = 0) -> Planted:
    """About n articles with planted stories (deterministic for a seed)."""
    rng = random.Random(seed)
    arts, mentions, gold = [], [], {}
    for ev, size in _events(rng, n):
        langs = [rng.choice(LANGUAGES) for _ in range(size)]
        outlets = {lang: rng.sample(OUTLETS[lang], len(OUTLETS[lang])) for lang in LANGUAGES}
        for j, lang in enumerate(langs):
            outlet = outlets[lang][j % len(OUTLETS[lang])]
            aid = f"p{len(arts):07d}"
            title, body = _article(rng, ev, lang, outlet)
            day = ev.day + timedelta(days=rng.choice([0, 0, 0, 1]))
            exact = rng.random() < 0.7
            places = [
                (transliterate(ev.place, lang), f"pl:{ev.place}", "town"),
                (transliterate(ev.region, lang), f"pl:{ev.region} Oblast", "region"),
                (COUNTRY[lang], "pl:Ukraine", "country"),
            ]
            text = f"{title}\n{body}"
            arts.append(
                {
                    "article_id": aid,
                    "file": f"{aid}.txt",
                    "title": title,
                    "title_source": "line",
                    "date": day.isoformat() if exact else day.isoformat()[:7],
                    "month": day.isoformat()[:7],
                    "day": day.isoformat() if exact else None,
                    "date_precision": "day" if exact else "month",
                    "date_source": "header",
                    "language": lang,
                    "outlet": outlet,
                    "text": text,
                    "body": text,
                    "boilerplate": "[]",
                    "content_hash": aid,
                }
            )
            mentions.extend(_mentions(aid, text, places))
            gold[aid] = ev.eid
    mention_frame = conform("mentions", mentions)
    places = mention_frame[["place_id", "name", "kind", "country"]].drop_duplicates("place_id")
    corpus = Corpus(
        articles=conform("articles", arts),
        mentions=mention_frame,
        places=conform("places", places.assign(source="planted")),
    )
    return Planted(corpus, gold)


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed (precision, recall, F1) of a clustering against the truth, over gold's items.

    An item absent from `predicted` is its own cluster (an article in no story).
    """
    pred = {a: predicted.get(a, f"single:{a}") for a in gold}
    by_pred: dict[str, set[str]] = {}
    by_gold: dict[str, set[str]] = {}
    for a in gold:
        by_pred.setdefault(pred[a], set()).add(a)
        by_gold.setdefault(gold[a], set()).add(a)
    precision = recall = 0.0
    for a in gold:
        p, g = by_pred[pred[a]], by_gold[gold[a]]
        both = len(p & g)
        precision += both / len(p)
        recall += both / len(g)
    precision /= len(gold) or 1
    recall /= len(gold) or 1
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
