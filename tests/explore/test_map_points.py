"""Map tables: coordinate points merged into their town, small drawn over big, the extent holds every
place, grid clusters sum mentions."""

from __future__ import annotations

import pandas as pd

from components.explore.map_points import density_cells, draw_order, fit_extent, label_rows, merge_points


def _table(rows: list[tuple]) -> pd.DataFrame:
    cols = ["code", "name", "kind", "lat", "lon", "country", "mentions", "articles", "selected"]
    return pd.DataFrame(rows, columns=cols)


KHERSON = (0, "Kherson", "city", 46.63695, 32.61458, "UA", 20, 9, False)
POINT = (1, "Kherson (point 46.6334, 32.6203)", "point", 46.633386, 32.620328, "UA", 1, 1, True)
FAR_POINT = (2, "Sea (point 45.0, 31.0)", "point", 45.0, 31.0, "UA", 2, 1, False)
RUSSIA = (3, "Russia", "country", 58.2494, 44.6865, "RU", 20, 5, False)
GENEVA = (4, "Geneva", "city", 46.20222, 6.14569, "CH", 1, 1, False)
SQUARE = (5, "Svobody Square (Kherson)", "square", 46.6413, 32.6127, "UA", 1, 1, False)


def test_a_coordinate_point_is_folded_into_its_town():
    merged = merge_points(_table([KHERSON, POINT, FAR_POINT, SQUARE]))
    names = merged["name"].tolist()
    assert "Kherson (point 46.6334, 32.6203)" not in names  # folded into Kherson
    assert "Sea (point 45.0, 31.0)" in names  # nothing within reach: stays
    kherson = merged.set_index("name").loc["Kherson"]
    assert kherson["mentions"] == 21 and kherson["articles"] == 10
    # tuples since the 50k-place speed-up (see merge_points); same contents as before
    assert list(kherson["merged"]) == ["Kherson (point 46.6334, 32.6203)"] and list(kherson["members"]) == [
        0,
        1,
    ]
    assert bool(kherson["selected"])  # the point was selected: its town shows as selected


def test_big_first_so_small_places_are_drawn_on_top():
    ordered = draw_order(merge_points(_table([SQUARE, KHERSON, GENEVA, RUSSIA])))
    assert ordered["mentions"].is_monotonic_decreasing
    assert ordered["name"].iloc[-1] in {"Svobody Square (Kherson)", "Geneva"}


def test_extent_holds_every_place_far_ones_included():
    (lat_lo, lat_hi), (lon_lo, lon_hi) = fit_extent(_table([KHERSON, RUSSIA, GENEVA, SQUARE]))
    assert lat_lo < 46.2 and lat_hi > 58.25 + 0.5  # Russia's point at 58°N inside, with a margin
    assert lon_lo < 6.14 - 0.5 and lon_hi > 44.69  # Geneva inside
    assert fit_extent(_table([]).astype({"lat": float, "lon": float})) == ((44.0, 52.6), (21.5, 40.5))


def test_clusters_sum_mentions_per_cell():
    cells = density_cells(_table([KHERSON, SQUARE, GENEVA, POINT]), cell_deg=1.0)
    assert cells["mentions"].sum() == 20 + 1 + 1 + 1
    top = cells.iloc[0]
    assert top["top"] == "Kherson" and top["places"] == 3 and top["mentions"] == 22
    assert 46 < top["lat"] < 47 and 32 < top["lon"] < 33


def test_labels_skip_country_centroids():
    labels = label_rows(_table([KHERSON, RUSSIA, GENEVA]), top=2)
    assert labels["name"].tolist() == ["Kherson", "Geneva"]


def test_labels_do_not_pile_up_on_one_town():
    labels = label_rows(_table([KHERSON, SQUARE, GENEVA]), top=3, min_sep=(0.5, 0.5))
    assert labels["name"].tolist() == ["Kherson", "Geneva"]  # the square sits on Kherson's label
