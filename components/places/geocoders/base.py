"""What every online geocoder shares: the on-disk answer cache and the failure contract."""

from __future__ import annotations

import json
import logging
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass
from pathlib import Path

from components.files import atomic_write_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GeoResult:
    place_id: str  # 'nom:<osm type letter><osm id>'
    name: str
    kind: str
    lat: float
    lon: float
    country: str
    source: str


class GeocodeFailure(Exception):
    """The service could not answer now (offline, timeout, rate limit, server error): not cached."""


class OnlineGeocoder(ABC):
    """Looks names up online; remembers answers (found and not found) in `<cache>/geocoder-<name>.json`."""

    name = "online"

    def __init__(self, cache_dir: Path):
        self.cache_path = Path(cache_dir) / f"geocoder-{self.name}.json"
        self._cache: dict[str, dict | None] = self._read_cache()
        self._dirty = False

    def lookup(self, name: str, country_hint: str | None = None) -> GeoResult | None:
        """The place called `name`, None if the service knows none. Raises GeocodeFailure when it
        could not be asked; such failures are not cached, so the next build tries again."""
        key = f"{name.strip().lower()}|{(country_hint or '').lower()}"
        if key in self._cache:
            hit = self._cache[key]
            return GeoResult(**hit) if hit else None
        result = self._query(name, country_hint)
        self._cache[key] = asdict(result) if result else None
        self._dirty = True
        return result

    @abstractmethod
    def _query(self, name: str, country_hint: str | None) -> GeoResult | None:
        """Ask the service once. Raise GeocodeFailure for anything but a clear answer."""

    def save(self) -> None:
        """Write the answer cache atomically (called once per build)."""
        if not self._dirty:
            return
        atomic_write_text(self.cache_path, json.dumps(self._cache, ensure_ascii=False))
        self._dirty = False

    def _read_cache(self) -> dict[str, dict | None]:
        if not self.cache_path.exists():
            return {}
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError) as exc:
            log.warning("geocoder cache %s unreadable (%s); starting empty", self.cache_path, exc)
            return {}
