"""OpenStreetMap Nominatim through geopy: user agent, geopy's RateLimiter, a timeout, cached answers.

Point it at another Nominatim (self-hosted, or a test server on 127.0.0.1) with NEWS_ATLAS_NOMINATIM_URL,
e.g. `http://127.0.0.1:8080`. The public service asks for at most one request per second and a
descriptive user agent (NEWS_ATLAS_USER_AGENT); both are the defaults here.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from urllib.parse import urlparse

from geopy.adapters import RequestsAdapter
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from components.places.gazetteer import PlaceRecord

from .base import GeocodeFailure, OnlineGeocoder

DEFAULT_URL = "https://nominatim.openstreetmap.org"
DEFAULT_USER_AGENT = "news-atlas/0.1 (offline-first news geography dashboard)"

# Nominatim (class, type) -> our kinds
_KINDS = {
    ("place", "city"): "city",
    ("place", "town"): "town",
    ("place", "village"): "village",
    ("place", "hamlet"): "village",
    ("place", "suburb"): "town",
    ("boundary", "administrative"): "region",
    ("place", "state"): "region",
    ("place", "region"): "region",
    ("place", "country"): "country",
    ("waterway", "river"): "river",
    ("natural", "water"): "lake",
    ("natural", "sea"): "sea",
    ("place", "sea"): "sea",
    ("place", "square"): "square",
    ("highway", "pedestrian"): "square",
}


class NominatimGeocoder(OnlineGeocoder):
    name = "nominatim"

    def __init__(
        self,
        cache_dir: Path,
        url: str = DEFAULT_URL,
        user_agent: str = DEFAULT_USER_AGENT,
        timeout: float = 5.0,
        min_delay_seconds: float = 1.0,
    ):
        super().__init__(cache_dir)
        parsed = urlparse(url)
        # One HTTP attempt per request: urllib3's own retries would multiply requests behind the RateLimiter.
        self._geocoder = Nominatim(
            user_agent=user_agent,
            domain=parsed.netloc + parsed.path.rstrip("/"),
            scheme=parsed.scheme or "https",
            timeout=timeout,
            adapter_factory=partial(RequestsAdapter, max_retries=0),
        )
        # No retries here: a failure leaves the name unresolved and the next build asks again.
        self._geocode = RateLimiter(
            self._geocoder.geocode,
            min_delay_seconds=min_delay_seconds,
            max_retries=0,
            swallow_exceptions=False,
            error_wait_seconds=max(5.0, min_delay_seconds),  # geopy requires it >= min_delay_seconds
        )

    @classmethod
    def from_environment(cls, cache_dir: Path) -> NominatimGeocoder:
        return cls(
            cache_dir,
            url=os.environ.get("NEWS_ATLAS_NOMINATIM_URL", DEFAULT_URL),
            user_agent=os.environ.get("NEWS_ATLAS_USER_AGENT", DEFAULT_USER_AGENT),
            timeout=float(os.environ.get("NEWS_ATLAS_GEOCODER_TIMEOUT", "5")),
            min_delay_seconds=float(os.environ.get("NEWS_ATLAS_GEOCODER_DELAY", "1")),
        )

    def _query(self, name: str, country_hint: str | None) -> PlaceRecord | None:
        try:
            loc = self._geocode(
                name,
                exactly_one=True,
                language="en",
                country_codes=country_hint.lower() if country_hint else None,
                addressdetails=True,
            )
        except GeopyError as exc:
            raise GeocodeFailure(f"{type(exc).__name__}: {exc}") from exc
        if loc is None:
            return None
        raw = loc.raw
        kind = _KINDS.get((raw.get("class", raw.get("category", "")), raw.get("type", "")), "place")
        osm = f"{(raw.get('osm_type') or 'x')[:1].upper()}{raw.get('osm_id', '')}"
        country = ((raw.get("address") or {}).get("country_code") or (country_hint or "")).upper()
        return PlaceRecord(
            place_id=f"nom:{osm}",
            name=raw.get("name") or loc.address.split(",")[0],
            kind=kind,
            lat=float(loc.latitude),
            lon=float(loc.longitude),
            country=country,
            source=f"OpenStreetMap Nominatim {osm} (© OpenStreetMap contributors, ODbL)",
        )
