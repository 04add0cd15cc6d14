"""Cache keys taken from the code itself: every file of a package, so no list can go stale.

A build's output depends on the reading, place-finding and storing code and on the data files they
read; the gazetteer index depends on the places package alone. Hashing whole package trees (paths
and bytes, compiled files skipped) means moving, adding or editing any module or data file changes
the key, and a stale cache is never served.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent
ANALYSIS_PACKAGES = ("corpus", "places", "store")  # what decides a build's tables
GAZETTEER_PACKAGES = ("places",)  # what decides the gazetteer index
_SKIPPED_SUFFIXES = (".pyc", ".pyo")


def _files(package: str) -> list[Path]:
    root = PACKAGE_ROOT / package
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(_SKIPPED_SUFFIXES)
    )


@lru_cache(maxsize=8)
def tree_fingerprint(packages: tuple[str, ...], digest_size: int = 8) -> str:
    """A hash of every file's relative path and bytes under the given sub-packages of components/."""
    h = hashlib.blake2b(digest_size=digest_size)
    for package in packages:
        for path in _files(package):
            h.update(path.relative_to(PACKAGE_ROOT).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
            h.update(b"\0")
    return h.hexdigest()
