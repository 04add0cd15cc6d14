"""Build the development set's texts and labels.json from the annotated sources.

Each annotated source (``annotated/<lang>/<id>.txt``) holds a small header and the article with its
place mentions marked inline, so that the text and its labels are written once and cannot drift apart:

    subject: nl_be_domestic
    date: 2024-11-23            (or ``date: none``)
    title: Storm raast over {Zwolle}
    ---
    Body with {Roermond}, {Oekraïne=Ukraine} (surface=key) and {?Kremlin} (optional, fair either way).

Keys name rows of ``places.txt`` (key or one of its aliases). The script writes ``texts/<lang>/<id>.txt``
in the product's text format and ``labels.json`` in the shape of the seed reference, and checks that
every form occurs verbatim and that no unmarked occurrence of a form slipped in.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from score_places import gold_spans  # noqa: E402

HERE = Path(__file__).resolve().parent
MARK = re.compile(r"\{([?!])?([^{}=]+?)(?:=([^{}]+))?\}")
SOURCE = "written for News Atlas (evaluation set)"
LICENCE = "CC0-1.0"
SUBJECTS = {"war", "nl_be_domestic", "europe", "americas", "middle_east", "africa", "asia", "oceania"}


def load_registry(path: Path) -> dict[str, dict]:
    """Read places.txt (``name | kind | lat | lon | country | alias;alias``) into a lookup by key."""
    table: dict[str, dict] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, kind, lat, lon, country, *rest = [cell.strip() for cell in line.split("|")]
        place = {"name": name, "kind": kind, "lat": float(lat), "lon": float(lon), "country": country or None}
        for key in [name, *filter(None, (a.strip() for a in (rest[0] if rest else "").split(";")))]:
            if key in table:
                raise SystemExit(f"places.txt line {number}: key {key!r} used twice")
            table[key] = place
    return table


def occurrences(text: str, form: str) -> list[int]:
    """Start offsets of the word-bounded, case-sensitive occurrences of form in text."""
    return [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text)]


def parse_source(path: Path) -> tuple[dict[str, str], str]:
    """Split an annotated source into its header fields and its marked-up body."""
    head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    fields = dict(line.split(":", 1) for line in head.splitlines() if line.strip())
    return {k.strip(): v.strip() for k, v in fields.items()}, body.strip()


def render(marked: str, registry: dict[str, dict], where: str, problems: list[str]) -> tuple[str, dict]:
    """Strip the markup; collect places, optional names and not-place spans with their offsets."""
    places: dict[str, dict] = {}
    optional: dict[str, set[str]] = {}
    not_places: list[dict] = []
    spans: set[tuple[int, int, bool]] = set()
    out: list[str] = []
    pos = length = 0
    for match in MARK.finditer(marked):
        out.append(marked[pos : match.start()])
        length += match.start() - pos
        flag, surface, key = match.group(1), match.group(2), match.group(3) or match.group(2)
        start, end = length, length + len(surface)
        if flag == "!":
            not_places.append({"form": surface, "start": start, "end": end, "what": match.group(3) or ""})
        elif flag == "?":
            optional.setdefault(match.group(3) or surface, set()).add(surface)
            spans.add((start, end, True))
        elif (place := registry.get(key)) is None:
            problems.append(f"{where}: unknown key {key!r}")
        else:
            entry = places.setdefault(place["name"], {**place, "forms": []})
            if surface not in entry["forms"]:
                entry["forms"].append(surface)
            spans.add((start, end, False))
        out.append(surface)
        length, pos = end, match.end()
    out.append(marked[pos:])
    label = {
        "places": list(places.values()),
        "optional": [{"name": n, "forms": sorted(f)} for n, f in optional.items()],
        "not_places": not_places,
    }
    return "".join(out), {"label": label, "spans": spans}


def build_article(path: Path, registry: dict[str, dict], problems: list[str]) -> tuple[str, dict]:
    """Render one annotated source into its plain text and its label entry; check the spans agree."""
    fields, body = parse_source(path)
    lang, where = path.parent.name, f"{path.parent.name}/{path.stem}"
    if fields.get("subject") not in SUBJECTS:
        problems.append(f"{where}: bad subject {fields.get('subject')!r}")
    date = fields.get("date", "none")
    header = "" if date == "none" else f" date {date}\n"
    text, got = render(f"{header}{fields.get('title', '')}\n\n{body}\n", registry, where, problems)
    title = text.removeprefix(header).split("\n", 1)[0]
    label = {
        "language": lang,
        "subject": fields.get("subject"),
        "date": None if date == "none" else date,
        "title": title,
        "words": len(text.split()) - (2 if header else 0),
        "source": SOURCE,
        "licence": LICENCE,
        **got["label"],
    }
    seen: dict[str, str] = {}
    for place in label["places"]:
        for form in place["forms"]:
            if seen.setdefault(form, place["name"]) != place["name"]:
                problems.append(f"{where}: form {form!r} names both {seen[form]!r} and {place['name']!r}")
    derived = {(g.start, g.end, g.optional) for g in gold_spans(text, label)}
    for start, end, opt in sorted(derived ^ got["spans"]):
        side = "unmarked occurrence" if (start, end, opt) in derived else "marked but not derived"
        problems.append(
            f"{where}: {side} {text[start:end]!r} at {start}: …{text[max(0, start - 30) : end + 30]!r}"
        )
    return text, label


def main() -> int:
    """Render every annotated source; print problems and counts."""
    registry = load_registry(HERE / "places.txt")
    problems: list[str] = []
    articles: dict[str, dict] = {}
    for path in sorted((HERE / "annotated").glob("*/*.txt")):
        text, label = build_article(path, registry, problems)
        out = HERE / "texts" / path.parent.name / path.name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        articles[f"{path.parent.name}/{path.stem}"] = label
        if not 150 <= label["words"] <= 350:
            problems.append(f"{path.parent.name}/{path.stem}: {label['words']} words")
    about = (
        "Development set for News Atlas: news-style articles written for the project (CC0-1.0), with every "
        "geographic place a careful reader sees, the surface forms used, an English name, kind, WGS84 "
        "reference point and ISO country. 'optional' names are fair either way. Generated by build_devset.py."
    )
    labels = {"about": about, "articles": articles}
    (HERE / "labels.json").write_text(
        json.dumps(labels, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    mentions = 0
    for key, label in articles.items():
        text = (HERE / "texts" / f"{key}.txt").read_text(encoding="utf-8")
        mentions += sum(len(occurrences(text, f)) for p in label["places"] for f in p["forms"])
    print(f"{len(articles)} articles, {mentions} gold form occurrences (before nesting)")
    for problem in problems:
        print("PROBLEM", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
