"""Distances on the globe: geopy for single pairs, numpy for one point against many (the hot path)."""

from __future__ import annotations

import numpy as np
from geopy.distance import great_circle

EARTH_RADIUS_KM = 6371.0088  # geopy's mean radius, so both paths agree


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return great_circle((lat1, lon1), (lat2, lon2)).km


def distances_km(
    lat: float | np.ndarray, lon: float | np.ndarray, lats: np.ndarray, lons: np.ndarray
) -> np.ndarray:
    """Great-circle distances from a point to arrays of points (same formula as geopy's great_circle);
    any shapes that broadcast."""
    p1, p2 = np.radians(lat), np.radians(lats)
    dlat = p2 - p1
    dlon = np.radians(lons) - np.radians(lon)
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def distances_matrix_km(
    lats: np.ndarray, lons: np.ndarray, to_lats: np.ndarray, to_lons: np.ndarray
) -> np.ndarray:
    """Distances from every point of one set (rows) to every point of another (columns)."""
    return distances_km(lats[:, None], lons[:, None], to_lats[None, :], to_lons[None, :])
