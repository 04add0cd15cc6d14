"""The two keys that decide whether a cache is current: one for the code, one for the corpus."""

from __future__ import annotations

import hashlib
from pathlib import Path

from components.corpus.readers import scan_corpus
from components.fingerprint import ANALYSIS_PACKAGES, tree_fingerprint
from components.places.gazetteer_index import inputs_fingerprint
from components.store.schema import PIPELINE_VERSION


def pipeline_version(geocoder: str | None) -> str:
    """Schema version, analysis code, gazetteer data and code, and the geocoder setting."""
    code = tree_fingerprint(ANALYSIS_PACKAGES)
    return f"p{PIPELINE_VERSION}-c{code}-g{inputs_fingerprint()}-{geocoder or 'offline'}"


def corpus_fingerprint(corpus_dir: str | Path) -> str:
    """A cheap key (names, sizes, mtimes) that changes whenever any corpus file changes."""
    root = Path(corpus_dir)
    h = hashlib.blake2b(digest_size=10)
    for f in scan_corpus(root):
        h.update(f"{f.name}\0{f.size}\0{f.mtime_ns}\n".encode())
    return h.hexdigest()
