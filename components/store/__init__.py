"""Store: analysed articles as tables, in a sharded Parquet cache built incrementally and loaded back.

Modules in path order: `article_rows` (one article -> table rows), `schema` (tables and dtypes),
`paths` (where caches live), `cache_keys` (code and corpus fingerprints), `manifest` (the validated
manifest), `generations` (atomically switched cache generations, build and reader locks), `shards`
(hash-checked Parquet shards), `building` (plan which files and shards change, then apply), `worker`
(the build in a child process), `loading` (tables back, ids unique, repeated lines marked;
`load_or_build`), `issues` (bad input and unplaced names for a Data issues view), `export` (CSV /
GeoJSON of places), `synthetic` (generated corpora for tests and benchmarks).

The entry points are importable from here (`from components.store import build`); they are loaded on
first use, so importing one small module of the package stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from components.store.building import build
    from components.store.loading import load, load_or_build, needs_build
    from components.store.paths import cache_root, default_cache_dir
    from components.store.worker import build_in_worker

_ENTRY_POINTS = {
    "build": "components.store.building",
    "load": "components.store.loading",
    "load_or_build": "components.store.loading",
    "needs_build": "components.store.loading",
    "build_in_worker": "components.store.worker",
    "default_cache_dir": "components.store.paths",
    "cache_root": "components.store.paths",
}
__all__ = [
    "build",
    "build_in_worker",
    "cache_root",
    "default_cache_dir",
    "load",
    "load_or_build",
    "needs_build",
]


def __getattr__(name: str) -> Any:
    module = _ENTRY_POINTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(module), name)
