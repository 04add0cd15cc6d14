"""Score the product's place mentions against a hand-labelled reference (development set or seeds).

Prints figures and asserts nothing: the point is to see kinds of error, not to pass a gate.

Gold mentions are every word-bounded, case-sensitive occurrence of a labelled form in the text (longest
form first where forms nest), except inside a labelled ``not_places`` span (a club name, a person named
Paris, the German noun "Schuld"). A system mention matches a gold mention when their spans overlap (one to
one, largest overlap first); a system mention that matches nothing but overlaps an optional form is
ignored. "Placed right" = share of gold mentions matched by a system mention of the same kind class
within 30 km (settlements, points) or 300 km (everything else).

    python benchmarks/score_places.py                       # development set
    python benchmarks/score_places.py --corpus seeds        # the seed reference, same figures
    python benchmarks/score_places.py --errors 20 --json    # examples, machine output
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPORA = {
    "devset": (REPO / "evaluation" / "devset" / "texts", REPO / "evaluation" / "devset" / "labels.json"),
    "seeds": (REPO / "seeds", REPO / "tests" / "places" / "gold_seeds.json"),
}
SETTLEMENT = {"city", "town", "village", "capital", "hamlet", "suburb", "settlement", "neighbourhood"}
POINT = {"point", "facility", "square", "airport", "station", "port", "bridge", "dam", "building", "plant"}
WATER = {"river", "lake", "sea", "bay", "gulf", "strait", "ocean", "reservoir", "canal", "lagoon"}
NEAR_KM = {"settlement": 30.0, "point": 30.0}
FAR_KM = 300.0


def kind_class(kind: str | None) -> str:
    """Coarse class of a kind: settlements, points, water, and areas (countries, regions, islands...)."""
    kind = (kind or "").lower()
    if kind in SETTLEMENT:
        return "settlement"
    if kind in POINT:
        return "point"
    if kind in WATER:
        return "water"
    return "area"


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def find_form(text: str, form: str) -> list[tuple[int, int]]:
    """Spans of the word-bounded, case-sensitive occurrences of form in text."""
    pattern = r"(?<!\w)" + re.escape(form) + r"(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


@dataclass
class GoldSpan:
    """One gold (or optional) mention: where it is and which labelled place it names."""

    start: int
    end: int
    form: str
    place: dict = field(default_factory=dict)
    optional: bool = False


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when two half-open spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def gold_spans(text: str, label: dict) -> list[GoldSpan]:
    """Gold and optional mentions of one article: longest forms first, no overlaps, not in not_places."""
    blocked = [(n["start"], n["end"]) for n in label.get("not_places", [])]
    candidates: list[GoldSpan] = []
    for optional, key in ((False, "places"), (True, "optional")):
        for place in label.get(key, []):
            for form in place.get("forms", []):
                for start, end in find_form(text, form):
                    candidates.append(GoldSpan(start, end, form, place, optional))
    candidates.sort(key=lambda g: (-(g.end - g.start), g.optional, g.start))
    chosen: list[GoldSpan] = []
    for cand in candidates:
        span = (cand.start, cand.end)
        if any(overlaps(span, b) for b in blocked) or any(overlaps(span, (c.start, c.end)) for c in chosen):
            continue
        chosen.append(cand)
    return sorted(chosen, key=lambda g: g.start)


def judge(gold: dict, system: dict) -> tuple[str, float | None]:
    """'right', 'wrong kind' or 'wrong place' for a matched pair, with the distance in km."""
    gold_class = kind_class(gold.get("kind"))
    if system.get("lat") is None or system.get("lon") is None:
        return "wrong place", None
    km = distance_km(gold["lat"], gold["lon"], system["lat"], system["lon"])
    if kind_class(system.get("kind")) != gold_class:
        return "wrong kind", km
    if gold.get("kind") == "country" or gold_class == "water":
        # A country's or a river's reference point is arbitrary: the same country code (countries) or the
        # same English name (rivers, seas) counts as the same place.
        same = same_country(gold, system) if gold.get("kind") == "country" else same_name(gold, system)
        if same:
            return "right", km
    return ("right" if km <= NEAR_KM.get(gold_class, FAR_KM) else "wrong place"), km


def same_name(gold: dict, system: dict) -> bool:
    """True when the English names agree, ignoring case and a trailing 'River'/'Sea' word order."""
    gold_words, system_words = name_words(gold.get("name")), name_words(system.get("name"))
    return bool(gold_words) and gold_words == system_words


def name_words(name: str | None) -> set[str]:
    """The words of a name without generic ones, so 'River Thames' equals 'Thames'."""
    return set(re.findall(r"\w+", (name or "").lower())) - {"river", "the", "sea", "lake"}


def same_country(gold: dict, system: dict) -> bool:
    """True when a system country is the gold country (by ISO code, else by name)."""
    if system.get("kind") != "country":
        return False
    if gold.get("country") and system.get("country"):
        return gold["country"] == system["country"]
    return (gold.get("name") or "").lower() == (system.get("name") or "").lower()


def match_article(text: str, label: dict, mentions: list[dict]) -> dict:
    """Pair the system's mentions with the gold mentions of one article; classify what is left."""
    spans = gold_spans(text, label)
    gold = [g for g in spans if not g.optional]
    optional = [g for g in spans if g.optional]
    pairs = []
    for gi, g in enumerate(gold):
        for si, m in enumerate(mentions):
            shared = min(g.end, m["end"]) - max(g.start, m["start"])
            if shared > 0:
                pairs.append((shared, gi, si))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    gold_used: dict[int, int] = {}
    sys_used: set[int] = set()
    for _, gi, si in pairs:
        if gi not in gold_used and si not in sys_used:
            gold_used[gi] = si
            sys_used.add(si)
    result: dict = {"matched": [], "missed": [], "spurious": [], "ignored": 0}
    for gi, g in enumerate(gold):
        if gi in gold_used:
            m = mentions[gold_used[gi]]
            verdict, km = judge(g.place, m)
            result["matched"].append((g, m, verdict, km))
        else:
            result["missed"].append(g)
    for si, m in enumerate(mentions):
        if si in sys_used:
            continue
        if any(overlaps((m["start"], m["end"]), (o.start, o.end)) for o in optional):
            result["ignored"] += 1
        else:
            result["spurious"].append(m)
    return result


@dataclass
class Tally:
    """Counts behind precision, recall, F1 and placed-right for one group of articles."""

    gold: int = 0
    system: int = 0
    matched: int = 0
    right: int = 0

    def add(self, outcome: dict) -> None:
        """Add one article's outcome."""
        self.gold += len(outcome["matched"]) + len(outcome["missed"])
        self.system += len(outcome["matched"]) + len(outcome["spurious"])
        self.matched += len(outcome["matched"])
        self.right += sum(1 for *_, verdict, _ in outcome["matched"] if verdict == "right")

    def figures(self) -> dict:
        """Precision, recall, F1 and placed-right as fractions (None where undefined)."""
        p = self.matched / self.system if self.system else None
        r = self.matched / self.gold if self.gold else None
        f1 = 2 * p * r / (p + r) if p and r else None
        placed = self.right / self.gold if self.gold else None
        return {
            "gold": self.gold,
            "system": self.system,
            "precision": p,
            "recall": r,
            "f1": f1,
            "placed": placed,
        }


def error_rows(article_id: str, outcome: dict) -> list[dict]:
    """One row per error of an article, typed by kind: 'missed river', 'wrong kind region->city', ..."""
    rows = []
    for g in outcome["missed"]:
        rows.append(
            {
                "type": f"missed {g.place.get('kind')}",
                "article": article_id,
                "surface": g.form,
                "gold": g.place.get("name"),
            }
        )
    for m in outcome["spurious"]:
        rows.append(
            {
                "type": f"spurious {m.get('kind')}",
                "article": article_id,
                "surface": m.get("surface"),
                "system": f"{m.get('name')} ({m.get('country')})",
            }
        )
    for g, m, verdict, km in outcome["matched"]:
        if verdict == "right":
            continue
        gold_kind, sys_kind = g.place.get("kind"), m.get("kind")
        kind = (
            f"wrong kind {gold_kind}->{sys_kind}" if verdict == "wrong kind" else f"wrong place {gold_kind}"
        )
        rows.append(
            {
                "type": kind,
                "article": article_id,
                "surface": g.form,
                "gold": g.place.get("name"),
                "system": f"{m.get('name')} ({m.get('country')}, {m.get('kind')})",
                "km": None if km is None else round(km),
            }
        )
    return rows


def run_product(texts: Path, cache: Path | None) -> dict:
    """Run the product's CLI on a folder of texts and return its places --json output."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            sys.executable,
            "-m",
            "components",
            "places",
            str(texts),
            "--json",
            "--quiet",
            "--cache",
            str(cache or Path(tmp) / "cache"),
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(done.stdout)


def score(texts: Path, labels: dict, system: dict) -> dict:
    """Score every labelled article; returns tallies by group and the error rows."""
    by_id = {a["id"]: a for a in system.get("articles", [])}
    tallies: dict[str, Tally] = {}
    errors: list[dict] = []
    for article_id, label in sorted(labels["articles"].items()):
        text = (texts / f"{article_id}.txt").read_text(encoding="utf-8")
        found = by_id.get(article_id, {})
        mentions = found.get("mentions", [])
        outcome = match_article(text, label, mentions)
        language = label.get("language") or found.get("language") or "?"
        for group in ("all", f"language {language}", f"subject {label.get('subject') or '?'}"):
            tallies.setdefault(group, Tally()).add(outcome)
        errors.extend(error_rows(article_id, outcome))
    return {"tallies": {k: t.figures() for k, t in tallies.items()}, "errors": errors}


def percent(value: float | None) -> str:
    """A fraction as a percentage, or a dash."""
    return "–" if value is None else f"{100 * value:.1f}"


def print_report(result: dict, examples: int) -> None:
    """Print the figures table, the error types by frequency and some examples of each."""
    print("| group | gold | system | precision | recall | F1 | placed right |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    order = sorted(result["tallies"], key=lambda k: (k != "all", not k.startswith("language"), k))
    for group in order:
        f = result["tallies"][group]
        print(
            f"| {group} | {f['gold']} | {f['system']} | {percent(f['precision'])} | {percent(f['recall'])} "
            f"| {percent(f['f1'])} | {percent(f['placed'])} |"
        )
    counts = Counter(row["type"] for row in result["errors"])
    print("\nerror types:")
    for kind, count in counts.most_common():
        print(f"  {count:5d}  {kind}")
    if examples:
        for kind, _ in counts.most_common():
            print(f"\n{kind}:")
            for row in [r for r in result["errors"] if r["type"] == kind][:examples]:
                detail = {k: v for k, v in row.items() if k not in ("type", "article") and v is not None}
                print(f"  {row['article']}: {detail}")


def main(argv: list[str] | None = None) -> int:
    """Command line: pick a corpus, run (or read) the product's output, print the scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="devset", help="preset texts + gold")
    parser.add_argument("--texts", type=Path, help="folder of texts (overrides the preset)")
    parser.add_argument("--gold", type=Path, help="labels JSON (overrides the preset)")
    parser.add_argument("--system", type=Path, help="read a saved `places --json` output instead of running")
    parser.add_argument("--save-system", type=Path, help="also save the product's output here")
    parser.add_argument("--cache", type=Path, help="cache folder for the product's build")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print N examples per error type")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    texts, gold = CORPORA[args.corpus]
    texts, gold = args.texts or texts, args.gold or gold
    labels = json.loads(gold.read_text(encoding="utf-8"))
    if args.system:
        system = json.loads(args.system.read_text(encoding="utf-8"))
    else:
        system = run_product(texts, args.cache)
        if args.save_system:
            args.save_system.write_text(json.dumps(system, ensure_ascii=False), encoding="utf-8")
    result = score(texts, labels, system)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(f"corpus: {texts} against {gold}\n")
        print_report(result, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
