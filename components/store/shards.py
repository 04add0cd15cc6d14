"""The on-disk cache of a built corpus: sharded Parquet tables plus a JSON manifest.

Each table is split into shards by a hash of the source file's path, so re-processing one changed file
rewrites one shard per table rather than the whole corpus. The manifest records, for every file, its
size, mtime and content hash, and for the whole cache the pipeline and gazetteer versions; a cache
written by another version, or one whose files cannot be read, is discarded and rebuilt. Every write
goes to a temporary file first and is renamed into place, so a crash never leaves half a table.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from components.files import atomic_write, atomic_write_text
from components.store.schema import TABLES, empty

log = logging.getLogger(__name__)

N_SHARDS = 32
MANIFEST = "manifest.json"
SHARDED = ("articles", "mentions", "posts", "places", "errors")


def shard_of(file: str) -> int:
    return int(hashlib.blake2b(file.encode(), digest_size=2).hexdigest(), 16) % N_SHARDS


class FileEntry(NamedTuple):
    """A tuple, so the manifest of a large corpus is written by json.dumps without a conversion pass."""

    size: int
    mtime_ns: int
    hash: str
    shard: int


@dataclass
class Manifest:
    version: str  # pipeline + gazetteer + settings fingerprint
    files: dict[str, FileEntry] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": self.version,
                "files": self.files,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        d = json.loads(text)
        return cls(d["version"], {k: FileEntry(*v) for k, v in d["files"].items()})


class CacheStore:
    """Read and write one corpus's cache folder."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def table_dir(self, table: str) -> Path:
        return self.folder / "tables" / table

    def shard_path(self, table: str, shard: int) -> Path:
        return self.table_dir(table) / f"part-{shard:02d}.parquet"

    def read_manifest(self, version: str) -> Manifest | None:
        """The manifest if it exists, is readable and matches `version`; None means rebuild everything."""
        path = self.folder / MANIFEST
        if not path.exists():
            return None
        try:
            m = Manifest.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("cache manifest %s is corrupt (%s); rebuilding", path, exc)
            return None
        if m.version != version:
            log.info("cache %s was built by another pipeline version; rebuilding", self.folder)
            return None
        return m

    def read_table(self, table: str, keep_file: bool = False, sort_by: tuple[str, ...] = ()) -> pd.DataFrame:
        """All shards of a table as one frame in the schema's dtypes; with keep_file, the shards' `file`
        column is kept too. Shards are joined in Arrow and converted once: converting each shard and
        casting afterwards held several copies of a 100k-article corpus at once."""
        schema = arrow_schema(table)
        folder = self.table_dir(table)
        parts = sorted(folder.glob("part-*.parquet")) if folder.exists() else []
        if not parts:
            out = empty(table)
            if keep_file and "file" not in TABLES[table]:
                out["file"] = pd.Series(dtype="string")
            return out
        columns = [f.name for f in schema if keep_file or f.name != "file" or "file" in TABLES[table]]
        categorical = set(CATEGORICAL.get(table, ()))
        # Repeated strings (an article id per mention, a place's name, the same reason) are read straight
        # into dictionaries; other strings as large_string, which pandas uses, so nothing is converted twice.
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
        data = pa.concat_tables(
            [
                pq.read_table(p, columns=columns, read_dictionary=sorted(categorical)).cast(target)
                for p in parts
            ],
            promote_options="permissive",
        )
        if sort_by:  # sorted in Arrow: sorting the pandas frame would hold a second copy of the texts
            data = data.take(pc.sort_indices(data, [(c, "ascending") for c in sort_by]))
        data = data.unify_dictionaries() if categorical else data
        return data.to_pandas(types_mapper=_PANDAS_TYPES.get, self_destruct=True, split_blocks=True)

    def read_shard_arrow(self, table: str, shard: int) -> pa.Table:
        """A shard as Arrow, with the schema's columns plus `file` (empty if the shard does not exist)."""
        path = self.shard_path(table, shard)
        schema = arrow_schema(table)
        if not path.exists():
            return schema.empty_table()
        return pq.read_table(path).select(schema.names).cast(schema)

    def write_shard(self, table: str, shard: int, data: pa.Table) -> None:
        """Written beside the shard and renamed over it: a crash never leaves half a table."""
        path = self.shard_path(table, shard)
        arrow = data.select(arrow_schema(table).names)
        atomic_write(path, lambda fh: pq.write_table(arrow, fh, compression="zstd"))

    def write_manifest(self, manifest: Manifest) -> None:
        atomic_write_text(self.folder / MANIFEST, manifest.to_json())

    def clear(self) -> None:
        if (self.folder / "tables").exists():
            shutil.rmtree(self.folder / "tables")
        (self.folder / MANIFEST).unlink(missing_ok=True)

    def verify(self) -> bool:
        """Can every shard be opened? A truncated or foreign file means the cache must be rebuilt."""
        for table in SHARDED:
            folder = self.table_dir(table)
            for p in folder.glob("part-*.parquet") if folder.exists() else []:
                try:
                    schema = pq.read_schema(p)
                except Exception as exc:  # pyarrow raises several kinds for damaged files
                    log.warning("cache shard %s is unreadable (%s); rebuilding", p, exc)
                    return False
                if not set(TABLES[table]) <= set(schema.names):
                    log.warning("cache shard %s has other columns; rebuilding", p)
                    return False
        return True


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
