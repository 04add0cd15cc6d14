"""News Atlas data layer, along the data's path (only `views/` imports Streamlit):

  corpus/   files -> articles: reading, decoding, structure, boilerplate, dates (`corpus/dates.py`), language
  places/   names -> places: name keys, candidates, gazetteer, resolution and scoring (`places/resolve.py`)
  store/    articles -> tables: rows, sharded Parquet cache built incrementally and loaded, export
  explore/  tables -> what a page shows: corpus index, filtered view, compare, passages, article table
  views/    Streamlit: app state, filters, charts, the map and its hover text (`views/map_view.py`), reader

Helpers: `files` (atomic writes, GeoJSON), `values` (NA -> None), `fingerprint` (cache keys from the code).
Entry points, imported on first use so `import components` stays cheap: `build`, `load`, `load_or_build`,
`CorpusIndex`. Command line: `python -m components build|places|export CORPUS`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from components.explore.corpus_index import CorpusIndex
    from components.store import build, load, load_or_build

__all__ = ["CorpusIndex", "build", "load", "load_or_build"]


def __getattr__(name: str) -> Any:
    if name in ("build", "load", "load_or_build"):
        return getattr(import_module("components.store"), name)
    if name == "CorpusIndex":
        return import_module("components.explore.corpus_index").CorpusIndex
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
