"""The on-disk cache of a built corpus: sharded Parquet tables plus a JSON manifest, in generations.

Each table is split into shards by a hash of the source file's path, so re-processing one changed file
rewrites one shard per table rather than the whole corpus. The manifest records, for every file, its
size, mtime and content hash, for every shard its content hash, and for the whole cache the pipeline
and gazetteer versions. A build writes a new generation and switches to it atomically (`generations`),
so readers never see a mix. A shard whose bytes no longer match its hash (flipped bits, a truncated or
deleted file) is reported as damaged: the loader skips it and says so, the next build rebuilds it alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from components.files import atomic_write_text
from components.store import generations as gens
from components.store.manifest import N_SHARDS, SHARDED, FileEntry, Manifest, shard_index
from components.store.schema import TABLES, empty

log = logging.getLogger(__name__)

MANIFEST = gens.MANIFEST
__all__ = ["N_SHARDS", "SHARDED", "CacheStore", "FileEntry", "Manifest", "Snapshot", "shard_of"]


def shard_of(file: str) -> int:
    return (
        int(hashlib.blake2b(file.encode("utf-8", "surrogateescape"), digest_size=2).hexdigest(), 16)
        % N_SHARDS
    )


def shard_key(table: str, shard: int) -> str:
    return f"{table}/part-{shard:02d}.parquet"


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Snapshot:
    """One generation, read consistently: every shard is checked against the manifest's hash as it is read."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.manifest = _parse_manifest(folder / MANIFEST) if folder is not None else None
        self.damaged: set[str] = set()  # shard keys that could not be read

    def shard_path(self, table: str, shard: int) -> Path:
        assert self.folder is not None
        return self.folder / "tables" / shard_key(table, shard)

    def _shards(self, table: str) -> list[int]:
        keys = self.manifest.shards if self.manifest else {}
        return sorted(shard_index(k) for k in keys if k.startswith(f"{table}/"))

    def read_shard(self, table: str, shard: int, columns: list[str] | None = None) -> pa.Table | None:
        """The shard as Arrow, or None (and noted in `damaged`) when its bytes do not match the manifest."""
        key = shard_key(table, shard)
        try:
            data = self.shard_path(table, shard).read_bytes()
            if self.manifest is None or digest(data) != self.manifest.shards.get(key):
                raise ValueError("content does not match its hash")
            return pq.read_table(io.BytesIO(data), columns=columns)
        except (OSError, ValueError, pa.ArrowException) as exc:
            log.warning("cache shard %s is damaged (%s); skipped until the next build", key, exc)
            self.damaged.add(key)
            return None

    def read_shard_arrow(self, table: str, shard: int) -> pa.Table:
        """A shard with the schema's columns plus `file` (empty if it does not exist or is damaged)."""
        schema = arrow_schema(table)
        if self.folder is None or shard_key(table, shard) not in (
            self.manifest.shards if self.manifest else {}
        ):
            return schema.empty_table()
        data = self.read_shard(table, shard)
        return schema.empty_table() if data is None else data.select(schema.names).cast(schema)

    def damaged_shards(self) -> set[int]:
        """Shard numbers whose file is missing or whose bytes differ from the manifest's hash."""
        bad = set()
        for key, expected in (self.manifest.shards if self.manifest else {}).items():
            try:
                ok = digest((self.folder / "tables" / key).read_bytes()) == expected
            except OSError:
                ok = False
            if not ok:
                log.warning("cache shard %s is damaged or missing; its files are rebuilt", key)
                bad.add(shard_index(key))
        return bad

    def read_table(self, table: str, keep_file: bool = False, sort_by: tuple[str, ...] = ()) -> pd.DataFrame:
        """All readable shards of a table as one frame in the schema's dtypes; with keep_file, the shards'
        `file` column is kept too. Shards are joined in Arrow and converted once: converting each shard and
        casting afterwards held several copies of a 100k-article corpus at once."""
        schema = arrow_schema(table)
        columns = [f.name for f in schema if keep_file or f.name != "file" or "file" in TABLES[table]]
        categorical = set(CATEGORICAL.get(table, ()))
        parts = [self.read_shard(table, s, columns) for s in self._shards(table)]
        parts = [p for p in parts if p is not None]
        if not parts:
            out = empty(table)
            if keep_file and "file" not in TABLES[table]:
                out["file"] = pd.Series(dtype="string")
            return out
        # Repeated strings (an article id per mention, a place's name, the same reason) become dictionaries;
        # other strings large_string, which pandas uses, so nothing is converted twice.
        target = pa.schema(
            [
                pa.field(f.name, pa.dictionary(pa.int32(), pa.string()))
                if f.name in categorical
                else pa.field(f.name, pa.large_string())
                if f.type == pa.string()
                else f
                for f in schema
                if f.name in columns
            ]
        )
        data = pa.concat_tables([_conform(p, schema, columns).cast(target) for p in parts])
        if sort_by:  # sorted in Arrow: sorting the pandas frame would hold a second copy of the texts
            data = data.take(pc.sort_indices(data, [(c, "ascending") for c in sort_by]))
        data = data.unify_dictionaries() if categorical else data
        return data.to_pandas(types_mapper=_PANDAS_TYPES.get, self_destruct=True, split_blocks=True)


def _conform(part: pa.Table, schema: pa.Schema, columns: list[str]) -> pa.Table:
    """A shard's columns in schema order, typed as the schema says (dictionaries decoded)."""
    fields = [schema.field(c) for c in columns]
    return pa.table(
        [
            part[c].cast(f.type) if c in part.column_names else pa.nulls(len(part), f.type)
            for c, f in zip(columns, fields, strict=True)
        ],
        schema=pa.schema(fields),
    )


def _parse_manifest(path: Path) -> Manifest | None:
    try:
        return Manifest.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        log.warning("cache manifest %s is damaged (%s); everything is rebuilt", path, exc)
        return None


class GenerationWriter:
    """Writes one new generation; nothing is visible to readers until `commit`."""

    def __init__(self, folder: Path, base: Snapshot):
        self.folder = folder
        self.base = base
        self._gen: Path | None = None  # created on the first write: a build with nothing to do writes nothing
        self.shards: dict[str, str] = {}

    @property
    def gen(self) -> Path:
        if self._gen is None:
            self._gen = gens.new_generation(self.folder)
        return self._gen

    def keep_shard(self, shard: int) -> None:
        """Carry an unchanged (already verified) shard over from the live generation by a hard link."""
        for table in SHARDED:
            key = shard_key(table, shard)
            if self.base.manifest and key in self.base.manifest.shards:
                gens.link_or_copy(self.base.shard_path(table, shard), self.gen / "tables" / key)
                self.shards[key] = self.base.manifest.shards[key]

    def write_shard(self, table: str, shard: int, data: pa.Table) -> None:
        """Written atomically into the new generation, its hash recorded for the manifest."""
        self.shards[shard_key(table, shard)] = write_shard_file(self.gen, table, shard, data)

    def commit(self, manifest: Manifest) -> None:
        manifest.shards = dict(sorted(self.shards.items()))
        atomic_write_text(self.gen / MANIFEST, manifest.to_json())
        gens.switch_to(self.folder, self.gen)


def write_shard_file(generation: Path, table: str, shard: int, data: pa.Table) -> str:
    """Write one shard into a generation folder (serialised in memory to hash it, then renamed into
    place); returns its hash. A worker process of any engine writes its shards through this.

    No fsync per shard (they were a twentieth of a build): the generation becomes live only through the
    manifest and the pointer, which are fsynced, and the manifest holds every shard's hash, so a shard
    a crash left short is found damaged on load and rebuilt alone by the next build."""
    buf = pa.BufferOutputStream()
    pq.write_table(data.select(arrow_schema(table).names), buf, compression="zstd")
    raw = buf.getvalue().to_pybytes()
    _write_unsynced(Path(generation) / "tables" / shard_key(table, shard), raw)
    return digest(raw)


def _write_unsynced(path: Path, data: bytes) -> None:
    """Write to a temporary name and rename: a retried task or a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class CacheStore:
    """One corpus's cache folder: its live generation for reading, a new one for writing."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[Snapshot]:
        """The live generation, held for reading until the block ends."""
        with gens.reading(self.folder) as gen:
            yield Snapshot(gen)

    def manifest_path(self) -> Path | None:
        gen = gens.current_generation(self.folder)
        return None if gen is None else gen / MANIFEST

    def read_manifest(self, version: str) -> Manifest | None:
        """The live manifest if it is valid and matches `version`; None means rebuild everything."""
        with self.snapshot() as snap:
            m = snap.manifest
        if m is not None and m.version != version:
            log.info("cache %s was built by another pipeline version; rebuilding", self.folder)
            return None
        return m

    def verify(self) -> bool:
        """Does every shard the manifest lists still hold the bytes it was written with?"""
        with self.snapshot() as snap:
            return not snap.damaged_shards()

    @contextlib.contextmanager
    def writing(self) -> Iterator[GenerationWriter]:
        """Under the build lock: a new generation based on the live one, committed by the caller."""
        with gens.build_lock(self.folder):
            try:
                with self.snapshot() as base:
                    yield GenerationWriter(self.folder, base)
            finally:  # after the base is released, so it can go too once no other reader holds it
                gens.remove_unused(self.folder, keep=gens.current_generation(self.folder))


_ARROW_TYPES = {"string": pa.string(), "Int64": pa.int64(), "float64": pa.float64(), "boolean": pa.bool_()}


CATEGORICAL = {
    "mentions": ("article_id", "surface", "place_id", "name", "kind", "country", "reason", "candidates"),
}
_PANDAS_TYPES = {
    pa.string(): pd.StringDtype("pyarrow"),
    pa.large_string(): pd.StringDtype("pyarrow"),
    pa.int64(): pd.Int64Dtype(),
    pa.bool_(): pd.BooleanDtype(),
}


def arrow_schema(table: str) -> pa.Schema:
    """The table's schema in Arrow; shards also carry the source `file` of every row."""
    fields = [pa.field(c, _ARROW_TYPES[t]) for c, t in TABLES[table].items()]
    if "file" not in TABLES[table]:
        fields.append(pa.field("file", pa.string()))
    return pa.schema(fields)
