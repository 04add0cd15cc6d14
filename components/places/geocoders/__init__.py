"""Online geocoders for names the offline gazetteer cannot place. Optional, never used by default.

One backend per module behind `OnlineGeocoder` (the layout geopy itself uses). Every answer is cached on
disk, every request is rate-limited and time-limited, and any failure (offline, timeout, HTTP 429/500)
leaves the name unresolved and listed; nothing else is lost.
"""

from __future__ import annotations

from pathlib import Path

from .base import GeocodeFailure, OnlineGeocoder

__all__ = ["GeocodeFailure", "OnlineGeocoder", "get_geocoder"]


def get_geocoder(name: str | None, cache_dir: Path) -> OnlineGeocoder | None:
    """The geocoder called `name` ('nominatim'), or None for the offline default."""
    if not name:
        return None
    if name == "nominatim":
        from .nominatim import NominatimGeocoder

        return NominatimGeocoder.from_environment(cache_dir)
    raise ValueError(f"unknown geocoder {name!r} (available: nominatim)")
