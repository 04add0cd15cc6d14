"""The text evidence of every article, kept beside the corpus cache so a rebuild regroups cheaply.

Names, numbers and shingles depend on an article's text alone and are most of grouping's cost (regex
and hashing); everything else (places, idf weights, common n-grams, pairs, clusters) is corpus-wide
and cheap, and is redone every time so that stories after an incremental rebuild are exactly those of
a from-scratch grouping. Entries are keyed by a hash of the text, so an unchanged article (also a
renamed or moved one) is not read again; the file holds the current corpus's texts only.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from components.files import atomic_write_bytes
from components.stories.features import TextEvidence, text_evidence


def text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class TextMemo:
    """text hash → TextEvidence; call it like `text_evidence` (it computes only unseen texts)."""

    def __init__(self, known: dict[bytes, TextEvidence] | None = None) -> None:
        self.known: dict[bytes, TextEvidence] = known or {}
        self.used: dict[bytes, TextEvidence] = {}
        self.computed = 0

    def __call__(self, texts: list[str]) -> list[TextEvidence]:
        keys = [text_key(t) for t in texts]
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in self.known}
        fresh = text_evidence(list(missing.values()))
        self.known.update(zip(missing, fresh, strict=True))
        self.computed += len(fresh)
        self.used = {k: self.known[k] for k in keys}
        return [self.used[k] for k in keys]

    @classmethod
    def load(cls, path: Path) -> TextMemo:
        """The memo stored at `path` (empty when missing or unreadable: it is only a shortcut)."""
        try:
            table = pq.read_table(path)
        except (OSError, pa.ArrowException):
            return cls()
        shingles = table.column("shingles").combine_chunks()
        flat = shingles.values.to_numpy(zero_copy_only=False).astype(np.uint64)
        parts = np.split(flat, shingles.offsets.to_numpy()[1:-1])
        keys = table.column("key").to_pylist()
        names = table.column("names").to_pylist()
        numbers = table.column("numbers").to_pylist()
        known = {
            k: TextEvidence(tuple(n), tuple(m), s)
            for k, n, m, s in zip(keys, names, numbers, parts, strict=True)
        }
        return cls(known)

    def save(self, path: Path) -> None:
        """Store the evidence of the texts of the last call (the current corpus), atomically."""
        used = self.used
        table = pa.table(
            {
                "key": pa.array(list(used), pa.binary(16)),
                "names": pa.array([list(e.names) for e in used.values()], pa.list_(pa.string())),
                "numbers": pa.array([list(e.numbers) for e in used.values()], pa.list_(pa.string())),
                "shingles": pa.array([e.shingles for e in used.values()], pa.list_(pa.uint64())),
            }
        )
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression="zstd")
        with contextlib.suppress(OSError):  # a read-only cache: the next run recomputes
            atomic_write_bytes(path, sink.getvalue().to_pybytes())
