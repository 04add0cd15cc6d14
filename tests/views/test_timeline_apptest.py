"""The Timeline page under AppTest on the seeds: greyed (not zeroed) months outside the filter, gaps for
months without articles, the place picker, colours fixed per place."""

from __future__ import annotations

import json

from components.views.theme import ACCENT, MUTED
from tests.views.page_helpers import open_page


def figures(at) -> dict[str, dict]:
    out = {}
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        out[spec["layout"]["title"]["text"]] = spec
    return out


def ys(trace: dict) -> list:
    y = trace["y"]
    if isinstance(y, dict):
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"]).tolist()
    return list(y)


def test_months_outside_the_filter_keep_their_counts_greyed(seeds):
    counts = seeds.articles["month"].value_counts()
    at = open_page("timeline", month="2022-09")
    (bar,) = figures(at)["Articles per month"]["data"]
    assert bar["x"] == ["2022-09", "2022-10", "2022-11"]
    assert ys(bar) == [counts.get(m, 0) for m in bar["x"]] and ys(bar)[2] > 0  # November not drawn as 0
    assert bar["marker"]["color"] == [ACCENT, MUTED, MUTED]


def test_picked_places_are_lines_with_gaps_and_fixed_colours(seeds):
    at = open_page("timeline")
    at.multiselect(key="timeline_places").set_value(["Kherson", "Kharkiv"]).run()
    fig = figures(at)["Attention per place (mentions per month)"]
    lines = {t["name"]: t for t in fig["data"]}
    assert set(lines) == {"Kherson", "Kharkiv"}
    assert ys(lines["Kherson"])[1] is None  # October has no article: a gap, not a zero
    assert ys(lines["Kherson"])[2] > 0
    colours = {n: t["line"]["color"] for n, t in lines.items()}
    at2 = open_page("timeline", month="2022-11")
    at2.multiselect(key="timeline_places").set_value(["Kharkiv", "Kherson"]).run()
    fig2 = figures(at2)["Attention per place (mentions per month)"]
    coloured = {t["name"]: t for t in fig2["data"] if t.get("name")}
    assert {n: t["line"]["color"] for n, t in coloured.items()} == colours  # same colour under any filter
    assert ys(coloured["Kharkiv"])[0] is None  # September is outside the filter: not in the coloured line
    grey = [t for t in fig2["data"] if not t.get("name") and t["line"]["dash"] == "dot"]
    assert grey and any(ys(t)[0] for t in grey)  # ... but drawn grey with its real value
    assert len(fig2["layout"]["shapes"]) == 2  # September and October shaded


def test_automatic_pick_many_places_is_a_heat_strip(seeds):
    figs = figures(open_page("timeline"))
    heat = figs["Attention per place (share of its busiest month)"]
    (trace,) = heat["data"]
    assert trace["type"] == "heatmap" and len(trace["y"]) == 8
    assert all(row[1] is None for row in trace["z"])  # October: blank, not zero
    at = open_page("timeline", month="2022-09")
    coloured, greyed = figures(at)["Attention per place (share of its busiest month)"]["data"]
    assert all(row[2] is None for row in coloured["z"]) and any(row[2] for row in greyed["z"])  # Nov greyed
    assert all(row[0] is None for row in greyed["z"]) and coloured["colorscale"] != greyed["colorscale"]


def test_a_month_without_articles_still_shows_the_months(seeds):
    at = open_page("timeline", month="2022-10")
    assert "Articles per month" in figures(at)


def test_timeline_speaks_dutch_with_ui_nl(seeds):
    at = open_page("timeline", ui="nl")
    assert at.title[0].value.endswith("Tijdlijn")
    assert {"Artikelen per maand", "Aandacht per plaats (aandeel van de drukste maand)"} <= set(figures(at))
