"""Place hierarchy, the region filter, the WebGL map, names and labels in Dutch under AppTest on the seeds.

Expected numbers come from the corpus tables (pandas), not from the code under test."""

from __future__ import annotations

import json

from components.views.charts import month_axis
from tests.views.page_helpers import open_page, summary


def figure(at, i: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[i].proto.spec)


def _places_in(seeds, region: str):
    places = seeds.places
    return set(places.loc[places["admin1_name"] == region, "place_id"])


def test_region_link_filters_every_page_to_articles_naming_a_place_inside(seeds):
    m = seeds.mentions
    expected = m.loc[m["place_id"].isin(_places_in(seeds, "Kharkiv Oblast")), "article_id"].nunique()
    for page in ("overview", "map", "timeline", "articles", "places"):
        at = open_page(page, region="kharkiv oblast")
        n = "article" if expected == 1 else "articles"
        assert summary(at) == f"{expected} {n} · Kharkiv Oblast", page
        assert at.multiselect(key="filter_region").value == ["Kharkiv Oblast"]
        assert at.query_params["region"] in ("Kharkiv Oblast", ["Kharkiv Oblast"])


def test_unknown_region_gives_a_notice(seeds):
    at = open_page("map", region="Atlantis")
    assert any("Atlantis" in h.value for h in at.html if "news-atlas-notice" in h.value)
    assert summary(at).startswith(f"{len(seeds.articles)} articles")


def test_region_rollup_on_the_map_sums_the_places_inside(seeds):
    at = open_page("map", level="region")
    assert at.button_group(key="map_level").value == "region"
    (trace,) = [t for t in figure(at)["data"] if t.get("name") == "places"]
    rows = {c[0]: c for c in trace["customdata"]}
    m = seeds.mentions
    in_kherson = m["place_id"].isin(_places_in(seeds, "Kherson Oblast"))
    assert rows["Kherson Oblast"][3] == int(in_kherson.sum())
    assert rows["Kherson Oblast"][4] == m.loc[in_kherson, "article_id"].nunique()
    assert rows["Kherson Oblast"][1] == "Kherson Oblast"  # the English label keeps the unit word
    assert all(c[2] == "region" for c in trace["customdata"])


def test_country_rollup_and_level_in_the_url(seeds):
    at = open_page("map")
    at.button_group(key="map_level").set_value("country").run()
    assert at.query_params["level"] in ("country", ["country"])
    (trace,) = [t for t in figure(at)["data"] if t.get("name") == "places"]
    names = [c[0] for c in trace["customdata"]]
    m = seeds.mentions
    assert names[0] == "Ukraine" and trace["customdata"][0][3] == int((m["country"] == "UA").sum())


def test_places_page_rolls_up_and_leads_to_the_region_filter(seeds):
    at = open_page("places", level="region")
    (frame,) = [d for d in at.dataframe if "key" in d.value.columns]
    table = frame.value.set_index("name")
    m = seeds.mentions
    in_kherson = m["place_id"].isin(_places_in(seeds, "Kherson Oblast"))
    assert int(table.loc["Kherson Oblast", "mentions"]) == int(in_kherson.sum())
    assert table["mentions"].is_monotonic_decreasing


def test_dutch_interface_names_places_in_dutch(seeds):
    at = open_page("map", ui="nl")
    fig = figure(at)
    (trace,) = [t for t in fig["data"] if t.get("name") == "places"]
    labels = {c[0]: c[1] for c in trace["customdata"]}
    assert (
        labels["Kherson"] == "Cherson" and labels["Ukraine"] == "Oekraïne" and labels["Russia"] == "Rusland"
    )
    legend = [t["name"] for t in fig["data"] if t.get("lat") == [None]]
    assert "stad" in legend and "land" in legend
    places = open_page("places", ui="nl")
    (frame,) = [d for d in places.dataframe if "forms" in d.value.columns]
    assert "Cherson" in set(frame.value["label"]) and "Kherson" in set(frame.value["name"])


def test_english_interface_keeps_english_names(seeds):
    (trace,) = [t for t in figure(open_page("map", ui="en"))["data"] if t.get("name") == "places"]
    assert {c[0]: c[1] for c in trace["customdata"]}["Kherson"] == "Kherson"


def test_reader_labels_are_dutch_in_the_dutch_interface(seeds):
    at = open_page("articles", ui="nl")
    meta = " ".join(h.value for h in at.html if "na-meta" in h.value or "na-legend" in h.value)
    for dutch in (
        "Datum",
        "Medium",
        "Taal",
        "Bestand",
        "Vermeldingen",
        "Soorten plaatsen:",
        "precisie: maand",
    ):
        assert dutch in meta, dutch
    for english in (">Date<", ">Outlet<", ">Language<", "Place kinds:", "month precision"):
        assert english not in meta, english


def test_webgl_map_is_offline_scattermap_with_every_place(seeds):
    at = open_page("map", renderer="webgl")
    fig = figure(at)
    (trace,) = [t for t in fig["data"] if t.get("name") == "places"]
    assert trace["type"] == "scattermap"
    located = seeds.places.dropna(subset=["lat", "lon"])
    assert len(trace["customdata"]) == located["place_id"].nunique() - 1  # the coordinate point merged
    style = fig["layout"]["map"]["style"]
    assert isinstance(style, dict) and style["sources"] == {} and "glyphs" not in style  # nothing to fetch
    layers = fig["layout"]["map"]["layers"]
    assert [layer["sourcetype"] for layer in layers] == ["geojson", "geojson"]
    # the bundled countries, served by our own static route (a relative URL: no other host)
    assert layers[0]["source"] == layers[1]["source"] == "app/static/geojson/world_110m_countries.geojson"
    assert "http" not in json.dumps(fig["layout"])


def test_month_axis_labels_each_month_once():
    axis = month_axis("2022-10-26", "2022-12-05")
    assert axis["dtick"] == "M1" and axis["tick0"] == "2022-10-01" and axis["tickformat"] == "%Y-%m"
    assert month_axis("2015-01-01", "2022-12-31")["dtick"] == "M12"  # 96 months: at most 8 labels


def test_stories_timeline_uses_month_ticks(seeds):
    at = open_page("stories")
    xaxis = figure(at)["layout"]["xaxis"]
    assert xaxis["dtick"].startswith("M") and xaxis["ticklabelmode"] == "period"
