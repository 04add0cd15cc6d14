"""What the map draws, as plain tables: coordinate points merged into their town, draw order, extent, density.

No Streamlit here. The map view (components.views.map_view) turns these tables into plotly traces.
Why each step exists:
  * a "point" place (a bare coordinate, e.g. a tweet's "46.633, 32.620") sits on top of its town and
    steals the click: it is merged into the nearest named place within `MERGE_KM` for display;
  * one marker trace drawn big-first, so a small place is never hidden under a big one;
  * the extent is the bounding box of every located place (a trimmed fit cut off Russia's centroid
    at 58°N and Geneva);
  * with thousands of places a grid of cells (sum of mentions per cell) stays legible.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MERGE_KM = 12.0
EARTH_KM = 6371.0
MERGE_INTO = ("city", "town", "village", "facility", "square")  # named places a coordinate belongs to
FALLBACK_EXTENT = ((44.0, 52.6), (21.5, 40.5))  # Ukraine, when nothing is located
Extent = tuple[tuple[float, float], tuple[float, float]]


def _km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Great-circle distance in km (haversine), element-wise."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


CELL_LAT, CELL_LON = 0.25, 0.5  # grid for the neighbour search: a cell is > MERGE_KM wide up to ~75°N


def _nearest_hosts(
    points: np.ndarray, hosts: np.ndarray, lat: np.ndarray, lon: np.ndarray, radius_km: float
) -> tuple[np.ndarray, np.ndarray]:
    """(point rows, their nearest host rows) for points with a host within radius_km.

    Vectorised through a grid: each point is paired only with hosts in the 3x3 cells around it (a full
    distance matrix, or a Python loop per point, took seconds at 50k places)."""
    cell_r, cell_c = np.floor(lat / CELL_LAT).astype(np.int64), np.floor(lon / CELL_LON).astype(np.int64)
    host_cells = pd.DataFrame({"r": cell_r[hosts], "c": cell_c[hosts], "host": hosts})
    offsets = np.array([(dr, dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)])
    probes = pd.DataFrame({
        "point": np.repeat(points, len(offsets)),
        "r": np.repeat(cell_r[points], len(offsets)) + np.tile(offsets[:, 0], len(points)),
        "c": np.repeat(cell_c[points], len(offsets)) + np.tile(offsets[:, 1], len(points)),
    })  # fmt: skip
    pairs = probes.merge(host_cells, on=["r", "c"])
    if pairs.empty:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    p, h = pairs["point"].to_numpy(), pairs["host"].to_numpy()
    dist = _km(lat[p], lon[p], lat[h], lon[h])
    best = pd.DataFrame({"point": p, "host": h, "dist": dist}).sort_values(["point", "dist", "host"])
    best = best.drop_duplicates("point")
    best = best[best["dist"] <= radius_km]
    return best["point"].to_numpy(dtype=np.int64), best["host"].to_numpy(dtype=np.int64)


def _objects(values: list, index: pd.Index) -> pd.Series:
    """A column of Python lists (pandas would try to read a list of lists as 2-D data, slowly)."""
    column = np.empty(len(values), dtype=object)
    column[:] = values
    return pd.Series(column, index=index)


def merge_points(located: pd.DataFrame, radius_km: float = MERGE_KM) -> pd.DataFrame:
    """Fold every `point` place into the nearest named settlement within `radius_km`.

    The town keeps its own name (clicking it selects the town) and gains the point's mentions and
    articles; `merged` lists the folded points' names for the hover. Points with no town nearby stay.
    Article counts are summed, so they can over-count an article naming both (a display upper bound).
    """
    out = located.reset_index(drop=True).copy()
    codes = out["code"].tolist() if "code" in out else [None] * len(out)
    # Tuples made in C (zip) and one shared empty tuple: a list per row cost ~0.3 s at 50k places.
    out["merged"] = _objects([()] * len(codes), out.index)
    out["members"] = _objects(list(zip(codes)) if "code" in out else [()] * len(codes), out.index)
    kinds = out["kind"].astype("string").fillna("").str.lower()
    is_point = (kinds == "point").to_numpy()
    hosts = np.flatnonzero(kinds.isin(MERGE_INTO).to_numpy())
    if not is_point.any() or not len(hosts):
        return out
    lat, lon = out["lat"].to_numpy(dtype=float), out["lon"].to_numpy(dtype=float)
    points, owners = _nearest_hosts(np.flatnonzero(is_point), hosts, lat, lon, radius_km)
    if not len(points):
        return out
    for column in ("mentions", "articles"):
        values = out[column].to_numpy(dtype=np.int64).copy()
        np.add.at(values, owners, values[points])
        out[column] = values
    names, members = out["name"].astype(str).tolist(), out["members"].tolist()
    merged = out["merged"].tolist()
    for p, h in zip(points.tolist(), owners.tolist(), strict=True):
        merged[h] = (*merged[h], names[p])
        members[h] = (*members[h], *members[p])
    out["merged"], out["members"] = _objects(merged, out.index), _objects(members, out.index)
    if "selected" in out:
        selected = out["selected"].to_numpy(dtype=bool).copy()
        np.logical_or.at(selected, owners, selected[points])
        out["selected"] = selected
    drop = points.tolist()
    return out.drop(index=drop).reset_index(drop=True)


def draw_order(places: pd.DataFrame) -> pd.DataFrame:
    """Biggest first, so later (smaller) markers are drawn on top and stay clickable."""
    return places.sort_values("mentions", ascending=False, kind="stable").reset_index(drop=True)


def fit_extent(located: pd.DataFrame, pad: float = 0.08) -> Extent:
    """Lat/lon ranges holding every located place, padded by `pad` of the span (at least ~1.5°)."""
    pts = located.dropna(subset=["lat", "lon"])
    if pts.empty:
        return FALLBACK_EXTENT
    lat, lon = pts["lat"].to_numpy(dtype=float), pts["lon"].to_numpy(dtype=float)
    lat_lo, lat_hi, lon_lo, lon_hi = lat.min(), lat.max(), lon.min(), lon.max()
    pad_lat = max(1.5, (lat_hi - lat_lo) * pad)
    pad_lon = max(2.5, (lon_hi - lon_lo) * pad)
    return (
        (float(max(-80.0, lat_lo - pad_lat)), float(min(84.0, lat_hi + pad_lat))),
        (float(max(-180.0, lon_lo - pad_lon)), float(min(180.0, lon_hi + pad_lon))),
    )


def cell_size(extent: Extent, cells_across: int = 48) -> float:
    """Grid cell size in degrees: about `cells_across` cells over the extent's width."""
    width = extent[1][1] - extent[1][0]
    return float(max(0.05, width / cells_across))


def density_cells(located: pd.DataFrame, cell_deg: float) -> pd.DataFrame:
    """Mentions summed per lat/lon grid cell: centre, mentions, places, and the biggest place's name."""
    pts = located.dropna(subset=["lat", "lon"])
    columns = ["lat", "lon", "mentions", "places", "top"]
    if pts.empty:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame({
        "row": np.floor(pts["lat"].to_numpy(dtype=float) / cell_deg).astype(np.int64),
        "col": np.floor(pts["lon"].to_numpy(dtype=float) / cell_deg).astype(np.int64),
        "mentions": pts["mentions"].to_numpy(dtype=np.int64),
        "name": pts["name"].astype("string").to_numpy(),
    }).sort_values("mentions", ascending=False, kind="stable")  # fmt: skip
    grouped = frame.groupby(["row", "col"], sort=False)
    cells = grouped.agg(mentions=("mentions", "sum"), places=("name", "size"), top=("name", "first"))
    cells = cells.reset_index()
    cells["lat"] = (cells["row"] + 0.5) * cell_deg
    cells["lon"] = (cells["col"] + 0.5) * cell_deg
    return cells[columns].sort_values("mentions", ascending=False, kind="stable").reset_index(drop=True)


def label_rows(
    places: pd.DataFrame, top: int = 12, min_sep: tuple[float, float] = (0.0, 0.0)
) -> pd.DataFrame:
    """The `top` most-mentioned places that get a text label, greedily skipping any place closer than
    `min_sep` (degrees lat, lon) to one already labelled, so labels do not pile up on one town.
    Countries are left out: their centroid label would sit over unrelated towns."""
    kinds = places["kind"].astype("string").fillna("").str.lower()
    named = places[kinds != "country"].sort_values("mentions", ascending=False, kind="stable")
    lat, lon = named["lat"].to_numpy(dtype=float), named["lon"].to_numpy(dtype=float)
    chosen: list[int] = []
    for i in range(len(named)):
        if len(chosen) >= top:
            break
        near = (np.abs(lat[chosen] - lat[i]) < min_sep[0]) & (np.abs(lon[chosen] - lon[i]) < min_sep[1])
        if not near.any():
            chosen.append(i)
    return named.iloc[chosen]
