"""Writing files so that a reader never sees half of one: every cache, index and export goes through here."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any


def atomic_write(path: str | Path, write: Callable[[IO[bytes]], Any]) -> None:
    """Call `write` on a temporary file beside `path`, fsync it, then rename it over `path`.

    The rename is atomic on POSIX, so a concurrent reader sees the old file or the new one, never a
    mix; on any error the temporary file is removed and `path` is untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    atomic_write(path, lambda fh: fh.write(data))


def atomic_write_text(path: str | Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def feature_collection(features: Iterable[dict], indent: int | None = None) -> str:
    """GeoJSON text of a FeatureCollection (UTF-8 names kept as they are)."""
    collection = {"type": "FeatureCollection", "features": list(features)}
    return json.dumps(collection, ensure_ascii=False, indent=indent)


def point_feature(lon: float, lat: float, properties: dict) -> dict:
    """A GeoJSON Point feature; GeoJSON orders coordinates longitude first."""
    geometry = {"type": "Point", "coordinates": [lon, lat]}
    return {"type": "Feature", "geometry": geometry, "properties": properties}
