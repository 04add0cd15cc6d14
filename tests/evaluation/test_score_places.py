"""The place scorer's logic on a tiny hand-made article, without running the product."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("score_places", REPO / "benchmarks" / "score_places.py")
score_places = importlib.util.module_from_spec(_spec)
sys.modules["score_places"] = score_places  # dataclasses look their module up there
_spec.loader.exec_module(score_places)

TEXT = (
    "Storm in Paris, Texas. Paris Hilton stayed in Dallas. Kremlin spoke. Texas is big; the Red River rose."
)
PARIS = {
    "name": "Paris (Texas)",
    "kind": "city",
    "lat": 33.66,
    "lon": -95.56,
    "country": "US",
    "forms": ["Paris"],
}
TEXAS = {"name": "Texas", "kind": "region", "lat": 31.0, "lon": -99.0, "country": "US", "forms": ["Texas"]}
DALLAS = {"name": "Dallas", "kind": "city", "lat": 32.78, "lon": -96.81, "country": "US", "forms": ["Dallas"]}
RIVER = {
    "name": "Red River",
    "kind": "river",
    "lat": 33.8,
    "lon": -95.6,
    "country": "US",
    "forms": ["Red River"],
}
HILTON = TEXT.index("Paris Hilton")
LABEL = {
    "places": [PARIS, TEXAS, DALLAS, RIVER],
    "optional": [{"name": "Kremlin", "forms": ["Kremlin"]}],
    "not_places": [{"form": "Paris Hilton", "start": HILTON, "end": HILTON + len("Paris Hilton")}],
}


def mention(surface: str, nth: int = 0, **place) -> dict:
    """A system mention of the nth occurrence of surface, placed as given."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(surface, start + 1)
    return {"start": start, "end": start + len(surface), "surface": surface, **place}


def test_gold_spans_every_occurrence_but_not_inside_a_not_place_span():
    spans = score_places.gold_spans(TEXT, LABEL)
    gold = [(TEXT[g.start : g.end], g.place["name"]) for g in spans if not g.optional]
    assert gold == [
        ("Paris", "Paris (Texas)"),
        ("Texas", "Texas"),
        ("Dallas", "Dallas"),
        ("Texas", "Texas"),
        ("Red River", "Red River"),
    ]
    assert [TEXT[g.start : g.end] for g in spans if g.optional] == ["Kremlin"]


def test_longest_form_wins_where_forms_nest():
    text = "Floods in the Gaza Strip and in Gaza."
    label = {
        "places": [
            {
                "name": "Gaza Strip",
                "kind": "territory",
                "lat": 31.4,
                "lon": 34.4,
                "forms": ["Gaza Strip", "Gaza"],
            }
        ]
    }
    assert [text[g.start : g.end] for g in score_places.gold_spans(text, label)] == ["Gaza Strip", "Gaza"]


def test_matching_optional_and_spurious():
    mentions = [
        mention("Paris", lat=33.66, lon=-95.55, kind="city", name="Paris"),
        mention("Paris Hilton", lat=48.85, lon=2.35, kind="city", name="Paris"),
        mention("Kremlin", lat=55.75, lon=37.62, kind="facility", name="Kremlin"),
        mention("Dallas", lat=32.78, lon=-96.80, kind="city", name="Dallas"),
    ]
    outcome = score_places.match_article(TEXT, LABEL, mentions)
    assert [m["surface"] for _, m, _, _ in outcome["matched"]] == ["Paris", "Dallas"]
    assert [m["surface"] for m in outcome["spurious"]] == ["Paris Hilton"]
    assert outcome["ignored"] == 1
    assert sorted(TEXT[g.start : g.end] for g in outcome["missed"]) == ["Red River", "Texas", "Texas"]


def test_a_system_mention_matches_one_gold_mention_only():
    text = "Trains on the Zwolle-Enschede line."
    label = {
        "places": [
            {"name": "Zwolle", "kind": "city", "lat": 52.51, "lon": 6.09, "forms": ["Zwolle"]},
            {"name": "Enschede", "kind": "city", "lat": 52.22, "lon": 6.90, "forms": ["Enschede"]},
        ]
    }
    start = text.index("Zwolle-Enschede")
    joined = {
        "start": start,
        "end": start + len("Zwolle-Enschede"),
        "surface": "Zwolle-Enschede",
        "kind": "city",
        "lat": 52.51,
        "lon": 6.09,
    }
    outcome = score_places.match_article(text, label, [joined])
    assert len(outcome["matched"]) == 1 and len(outcome["missed"]) == 1 and not outcome["spurious"]


@pytest.mark.parametrize(
    ("gold", "system", "verdict"),
    [
        (PARIS, {"kind": "town", "lat": 33.66, "lon": -95.30}, "right"),  # 24 km, town ~ city
        (PARIS, {"kind": "city", "lat": 33.66, "lon": -95.20}, "wrong place"),  # 33 km
        (PARIS, {"kind": "city", "lat": 48.85, "lon": 2.35}, "wrong place"),  # Paris, France
        (TEXAS, {"kind": "region", "lat": 33.0, "lon": -97.0}, "right"),  # 290 km: region threshold
        (TEXAS, {"kind": "region", "lat": 34.0, "lon": -96.0}, "wrong place"),  # 436 km
        (TEXAS, {"kind": "city", "lat": 31.0, "lon": -99.0}, "wrong kind"),  # province read as a city
        (RIVER, {"kind": "river", "lat": 40.0, "lon": -80.0, "name": "Red River"}, "right"),  # same river
        (RIVER, {"kind": "city", "lat": 33.8, "lon": -95.6}, "wrong kind"),
        (
            {"name": "Mexico", "kind": "country", "lat": 23.6, "lon": -102.6, "country": "MX"},
            {"kind": "country", "lat": 19.4, "lon": -99.1, "country": "MX"},
            "right",
        ),  # same ISO code
        (
            {"name": "Mexico", "kind": "country", "lat": 23.6, "lon": -102.6, "country": "MX"},
            {"kind": "city", "lat": 19.4, "lon": -99.1, "country": "MX"},
            "wrong kind",
        ),  # Mexico City
    ],
)
def test_judge_kind_classes_and_distance_thresholds(gold, system, verdict):
    assert score_places.judge(gold, system)[0] == verdict


def test_kind_classes():
    assert {score_places.kind_class(k) for k in ("city", "town", "village")} == {"settlement"}
    assert {score_places.kind_class(k) for k in ("region", "country", "territory", "island")} == {"area"}
    assert {score_places.kind_class(k) for k in ("river", "sea", "lake")} == {"water"}
    assert score_places.kind_class("facility") == score_places.kind_class("square") == "point"


def test_score_figures_by_group(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "a.txt").write_text(TEXT, encoding="utf-8")
    labels = {"articles": {"en/a": {**LABEL, "language": "en", "subject": "americas"}}}
    system = {
        "articles": [
            {
                "id": "en/a",
                "mentions": [
                    mention("Paris", kind="city", lat=48.85, lon=2.35, name="Paris"),
                    mention("Dallas", kind="city", lat=32.78, lon=-96.80, name="Dallas"),
                    mention("Texas", 1, kind="region", lat=31.0, lon=-99.0, name="Texas"),
                    mention("Paris Hilton", kind="city", lat=48.85, lon=2.35, name="Paris"),
                ],
            }
        ]
    }
    result = score_places.score(tmp_path, labels, system)
    figures = result["tallies"]["all"]
    assert (figures["gold"], figures["system"]) == (5, 4)
    assert figures["precision"] == pytest.approx(3 / 4) and figures["recall"] == pytest.approx(3 / 5)
    assert figures["placed"] == pytest.approx(2 / 5)
    assert result["tallies"]["subject americas"] == result["tallies"]["language en"] == figures
    types = sorted(row["type"] for row in result["errors"])
    assert types == ["missed region", "missed river", "spurious city", "wrong place city"]
    json.dumps(result)  # machine output must serialise
