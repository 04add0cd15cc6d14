"""The Map page under AppTest on the seeds: merged coordinate points, draw order, extent, URL parameters,
legend colours, clusters and playback. Expected numbers come from the corpus tables (pandas)."""

from __future__ import annotations

import json

import pytest

from tests.views.page_helpers import open_page


def figure(at, i: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[i].proto.spec)


def markers(fig: dict) -> dict:
    (trace,) = [t for t in fig["data"] if t.get("name") == "places"]
    return trace


def values(array) -> list:
    """plotly's JSON arrays may be typed (dtype + base64): decode both forms."""
    if isinstance(array, dict):
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def test_coordinate_point_is_merged_into_kherson_and_small_is_drawn_over_big(seeds):
    m = seeds.mentions
    fig = figure(open_page("map"))
    trace = markers(fig)
    names = [c[0] for c in trace["customdata"]]
    assert not [n for n in names if "(point" in n]  # no separate marker stacked on Kherson
    kherson = names.index("Kherson")
    n_kherson = int((m["name"] == "Kherson").sum())
    n_point = int(m["name"].str.startswith("Kherson (point").sum())
    assert n_point >= 1 and trace["customdata"][kherson][3] == n_kherson + n_point
    sizes = values(trace["marker"]["size"])
    assert sizes == sorted(sizes, reverse=True)  # drawn big first: later (smaller) markers lie on top


def test_default_extent_holds_every_located_place(seeds):
    located = seeds.mentions.dropna(subset=["lat", "lon"])
    geo = figure(open_page("map"))["layout"]["geo"]
    (lat_lo, lat_hi), (lon_lo, lon_hi) = geo["lataxis"]["range"], geo["lonaxis"]["range"]
    assert lat_lo < located["lat"].min() and lat_hi > located["lat"].max() >= 58  # Russia at 58°N
    assert lon_lo < located["lon"].min() <= 6.2 and lon_hi > located["lon"].max()  # Geneva


def test_extent_is_a_url_parameter(seeds):
    at = open_page("map", view="europe")
    assert at.button_group(key="map_extent").value == "europe"
    assert figure(at)["layout"]["geo"]["lataxis"]["range"][0] <= 34.0
    at.button_group(key="map_extent").set_value("world").run()
    assert at.query_params["view"] in ("world", ["world"])
    assert any("view=world" in m.value for m in at.markdown)  # the share link carries it
    at.button_group(key="map_extent").set_value("data").run()
    assert "view" not in at.query_params  # the default stays out of the URL
    assert open_page("map", view="nonsense").button_group(key="map_extent").value == "data"


def test_legend_is_dark_text_on_a_light_box(seeds):
    legend = figure(open_page("map"))["layout"]["legend"]
    assert legend["font"]["color"] == legend["title"]["font"]["color"] == "#1f2937"
    assert legend["bgcolor"].startswith("rgba(255,255,255")


def test_selected_place_is_ringed_and_its_articles_listed(seeds):
    at = open_page("map", place="Kherson")
    trace = markers(figure(at))
    names = [c[0] for c in trace["customdata"]]
    widths = trace["marker"]["line"]["width"]
    assert widths[names.index("Kherson")] == 3 and sorted(widths)[-2] < 3
    assert any("Articles mentioning Kherson" in s.value for s in at.subheader)


def test_labels_name_the_most_mentioned_places(seeds):
    (labels,) = [t for t in figure(open_page("map"))["data"] if t.get("mode") == "text"]
    assert labels["text"][0] == "Kherson" and "Russia" not in labels["text"]


def test_clusters_hold_every_mention(seeds):
    at = open_page("map", layer="clusters")
    assert at.button_group(key="map_layer").value == "clusters"
    (trace,) = [t for t in figure(at)["data"] if t.get("name") == "clusters"]
    assert sum(values(trace["marker"]["size"])) == int(seeds.mentions["lat"].notna().sum())


@pytest.mark.parametrize("month", [None, "2022-11"])
def test_playback_has_one_frame_per_month_sized_by_that_months_mentions(seeds, month):
    at = open_page("map", layer="playback", **({"month": month} if month else {}))
    fig = figure(at)
    names = [f["name"] for f in fig["frames"]]
    assert names == (["2022-09", "2022-10", "2022-11"] if month is None else ["2022-11"])
    arts = seeds.articles.set_index("article_id")["month"]
    m = seeds.mentions.dropna(subset=["lat", "lon"])
    per_month = m["article_id"].map(arts).value_counts()
    for frame in fig["frames"]:
        assert sum(values(frame["data"][0]["marker"]["size"])) == per_month.get(frame["name"], 0)
    assert fig["layout"]["sliders"][0]["steps"][0]["label"] == names[0]
    assert fig["layout"]["updatemenus"][0]["buttons"][0]["method"] == "animate"


def test_map_speaks_dutch_with_ui_nl(seeds):
    at = open_page("map", ui="nl")
    assert at.title[0].value.endswith("Kaart")
    assert any("plaatsen · " in c.value and "vermeldingen" in c.value for c in at.caption)
    assert figure(at)["layout"]["legend"]["title"]["text"] == "soort"
