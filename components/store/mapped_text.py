"""Long text of a cache generation kept on disk and memory-mapped: the process holds codes, the OS the text.

The first load of a generation lays its articles' `text`, `body` and `boilerplate` and its mentions'
`reason`, `candidates` and per-mention numbers (offsets, coordinates, score) out as uncompressed files in
the loaded row order (Arrow IPC while loading, then flat single-chunk columns: `loaded_state`), in a
folder of the generation (`gen-XXXX/mapped/`), plus the lower-cased search text. The loaded frames'
columns are Arrow arrays over those mappings (zero-copy): the few rows a page shows are read from disk
on demand, and what has been read is page cache the OS can drop, not the server's own memory. Parquet
would need a whole row group (a shard) decompressed per article read; a mapping reads the row's bytes.

The files belong to the generation the reader opened: a rebuild that switches to a new generation and
removes the old folder leaves an existing mapping readable (the inode lives while mapped), so a reader
keeps reading its own rows. A read-only cache, or one with damaged shards (whose load must not be
remembered), gets the files in a private temporary folder instead.
"""

from __future__ import annotations

import contextlib
import json
import mmap
import os
import shutil
import tempfile
import uuid
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from components.corpus.boilerplate import merge_spans, strip_spans
from components.store.schema import Corpus
from components.store.shards import Snapshot

FOLDER = "mapped"
TEXT_FILE, NUMBERS_FILE = "text.arrow", "mention-numbers.arrow"  # written while loading, then merged
SEARCH_FILE, STARTS_FILE = "search.bin", "search-starts.npy"
ARTICLE_TEXT = ("text", "body", "boilerplate")
# Mention columns that are neither a repeated string (those are in-memory categoricals) nor the article id.
MENTION_MAPPED: dict[str, pa.DataType] = {
    "start": pa.int64(),
    "end": pa.int64(),
    "lat": pa.float64(),
    "lon": pa.float64(),
    "sentence_start": pa.int64(),
    "sentence_end": pa.int64(),
    "in_post": pa.bool_(),
    "score": pa.float64(),
    "reason": pa.large_string(),
    "candidates": pa.large_string(),
}
BATCH = 20_000
_NL, _NUL, _EMPTY = (pa.scalar(v, pa.large_string()) for v in ("\n", "\x00", ""))
Spans = dict[str, list[tuple[int, int]]]


@dataclass
class SearchText:
    """Lower-cased `title\\nbody` of every article, NUL-separated and mapped; starts[i]: article i."""

    blob: mmap.mmap | bytes
    starts: np.ndarray

    def find(self, needle: bytes, start: int = 0) -> int:
        return self.blob.find(needle, start)


@dataclass
class MappedCorpus(Corpus):
    """A loaded corpus whose long columns are mapped from files; `search` serves the text search."""

    search: SearchText | None = None
    hold: object = field(default=None, repr=False)  # keeps a private temporary folder alive


@dataclass
class MappedFiles:
    """Where one generation's mapped files are: in the generation (persistent) or a private folder."""

    folder: Path
    persistent: bool
    hold: object = None

    def path(self, name: str) -> Path:
        return self.folder / name


def mapped_files(snap: Snapshot) -> MappedFiles:
    """A folder of this load's own inside the generation's `mapped/` when it can be written and nothing
    was damaged (published by renaming it once complete: loads running at once never share a file),
    else a private temporary folder (removed when the corpus that maps it is garbage-collected)."""
    if snap.folder is not None and not snap.damaged:
        folder = snap.folder / FOLDER
        with contextlib.suppress(OSError):
            folder.mkdir(exist_ok=True)
            if os.access(folder, os.W_OK):
                return MappedFiles(Path(tempfile.mkdtemp(prefix=".load-", dir=folder)), True)
    hold = _PrivateFolder()
    return MappedFiles(hold.path, False, hold)


class _PrivateFolder:
    """A folder of this process's own under the temporary directory, removed with this object."""

    def __init__(self) -> None:
        self.path = Path(tempfile.gettempdir()) / f"news-atlas-mapped-{os.getpid()}-{uuid.uuid4().hex}"
        self.path.mkdir(mode=0o700)
        weakref.finalize(self, shutil.rmtree, str(self.path), True)


def write_ipc(path: Path, schema: pa.Schema, parts: Iterable[pa.Table]) -> None:
    """Write the parts as one uncompressed Arrow IPC file (atomically: a concurrent loader maps either
    nothing or the whole file)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, schema) as writer:
        for part in parts:
            writer.write_table(part.select(schema.names).cast(schema), max_chunksize=1 << 20)
    os.replace(tmp, path)


def map_ipc(path: Path) -> pa.Table:
    """The file's table over a read-only memory mapping: no column is copied into the process."""
    return pa.ipc.open_file(pa.memory_map(str(path), "r")).read_all()


def as_series(column: pa.ChunkedArray) -> pd.Series:
    """A zero-copy pandas column: `string` (Arrow-backed) for text, an Arrow dtype for numbers."""
    if pa.types.is_large_string(column.type) or pa.types.is_string(column.type):
        return pd.Series(pd.arrays.ArrowStringArray(column), copy=False)
    return pd.Series(pd.arrays.ArrowExtensionArray(column), copy=False)


# ---- articles ------------------------------------------------------------------------------------


def _shard_text(snap: Snapshot, shards: list[tuple[int, int]]) -> Iterator[pa.Table]:
    """Each loaded shard's text columns, in shard order (a shard unreadable now gives nulls)."""
    schema = _article_schema()
    for shard, rows in shards:
        part = snap.read_shard("articles", shard, list(ARTICLE_TEXT))
        if part is None or part.num_rows != rows:
            part = schema.empty_table() if rows == 0 else pa.table({c: pa.nulls(rows) for c in ARTICLE_TEXT})
        yield part


def _article_schema() -> pa.Schema:
    return pa.schema([pa.field(c, pa.large_string()) for c in ARTICLE_TEXT])


def article_text(
    snap: Snapshot,
    files: MappedFiles,
    shards: list[tuple[int, int]],
    loaded: pd.DataFrame,
    order: np.ndarray,
    known: Spans | None,
    repeated: Callable[[pd.DataFrame], Spans],
) -> tuple[pa.Table, Spans, SearchText]:
    """The articles' text columns in loaded order, with lines repeated across an outlet's articles
    marked as boilerplate (the spans returned), and the search text.

    `shards` lists (shard, rows) as loaded; `order[i]` is the shard-order row of loaded row i; `loaded`
    holds the loaded rows' article_id, file, outlet and title; `known` are the generation's repeated
    lines if already found, else `repeated` finds them in a frame of articles (any order) with those
    columns plus text and boilerplate."""
    final, search = files.path(TEXT_FILE), files.path(SEARCH_FILE)
    raw = files.path(f".raw-{os.getpid()}.arrow")
    write_ipc(raw, _article_schema(), _shard_text(snap, shards))
    try:
        shard_order = map_ipc(raw)
        by_shard = np.empty(len(order), dtype=np.int64)
        by_shard[order] = np.arange(len(order))
        frame = loaded.iloc[by_shard].reset_index(drop=True)
        frame = frame.assign(**{c: as_series(shard_order[c]) for c in ("text", "boilerplate")})
        spans = known if known is not None else repeated(frame)
        del frame
        starts = _write_final(final, search, shard_order, loaded, order, spans)
        del shard_order
    finally:
        with contextlib.suppress(OSError):
            raw.unlink()
    np.save(files.path(STARTS_FILE), starts)
    return map_ipc(final), spans, map_search(files.folder)


def _write_final(
    final: Path, search: Path, shard_order: pa.Table, loaded: pd.DataFrame, order: np.ndarray, spans: Spans
) -> np.ndarray:
    """Gather the shard-order text into loaded order batch by batch, apply the repeated lines, and write
    the search text alongside; returns each article's offset in the search text."""
    ids = loaded["article_id"].astype("string").to_numpy(dtype=object, na_value="")
    titles = pa.array(loaded["title"].astype("string").array).cast(pa.large_string())
    starts = np.zeros(len(order), dtype=np.int64)
    tmp = search.with_name(f".{search.name}.{os.getpid()}.tmp")
    pos = 0

    def parts() -> Iterator[pa.Table]:
        nonlocal pos
        with open(tmp, "wb") as out:
            for lo in range(0, len(order), BATCH):
                part = shard_order.take(pa.array(order[lo : lo + BATCH]))
                part = _with_repeated(part, ids[lo : lo + BATCH], spans)
                docs = pc.utf8_lower(
                    pc.binary_join_element_wise(
                        titles.slice(lo, part.num_rows).fill_null(""), part["body"].fill_null(""), _NL
                    )
                )
                docs = pc.binary_join_element_wise(docs, _EMPTY, _NUL)
                docs = (docs.combine_chunks() if isinstance(docs, pa.ChunkedArray) else docs).cast(
                    pa.large_string()
                )
                offsets = np.frombuffer(docs.buffers()[1], dtype=np.int64)[
                    docs.offset : docs.offset + len(docs) + 1
                ]
                starts[lo : lo + part.num_rows] = offsets[:-1] - offsets[0] + pos
                out.write(memoryview(docs.buffers()[2])[offsets[0] : offsets[-1]])
                pos += int(offsets[-1] - offsets[0])
                yield part

    write_ipc(final, _article_schema(), parts())
    os.replace(tmp, search)
    return starts


def _with_repeated(part: pa.Table, ids: np.ndarray, spans: Spans) -> pa.Table:
    """Mark the repeated lines of a batch's articles as boilerplate and strip them from the body
    (what `corpus.repeated_lines.apply` does to a whole frame)."""
    rows = [i for i, a in enumerate(ids) if a in spans]
    if not rows:
        return part
    text, boiler = part["text"], part["boilerplate"]
    new_boiler, new_body = [], []
    for i in rows:
        old = [tuple(s) for s in json.loads(boiler[i].as_py() or "[]")]
        merged = merge_spans(old + [(s, e, "repeated-across") for s, e in spans[ids[i]]])
        new_boiler.append(json.dumps([list(s) for s in merged], ensure_ascii=False))
        new_body.append(strip_spans(text[i].as_py() or "", merged))
    mask = np.zeros(part.num_rows, dtype=bool)
    mask[rows] = True

    def replaced(column: str, values: list[str]) -> pa.Array:
        arr = part[column].combine_chunks().cast(pa.large_string())
        return pc.replace_with_mask(arr, pa.array(mask), pa.array(values, pa.large_string()))

    return pa.table(
        {"text": text, "body": replaced("body", new_body), "boilerplate": replaced("boilerplate", new_boiler)}
    )


def map_search(folder: Path) -> SearchText:
    """The search text a load of this generation wrote into `folder`, mapped."""
    starts = np.load(folder / STARTS_FILE, mmap_mode="r")
    with open(folder / SEARCH_FILE, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        blob = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
    return SearchText(blob, np.asarray(starts))


# ---- mentions ------------------------------------------------------------------------------------


def mention_columns(
    snap: Snapshot, files: MappedFiles, shards: list[tuple[int, int]], kept: np.ndarray | None
) -> pa.Table:
    """The mapped mention columns of the loaded mentions (shard order, `kept` rows only when given)."""
    path = files.path(NUMBERS_FILE)
    schema = pa.schema([pa.field(c, t) for c, t in MENTION_MAPPED.items()])

    def parts() -> Iterator[pa.Table]:
        lo = 0
        for shard, rows in shards:
            part = snap.read_shard("mentions", shard, list(MENTION_MAPPED))
            if part is None or part.num_rows != rows:
                part = pa.table({c: pa.nulls(rows, t) for c, t in MENTION_MAPPED.items()})
            if kept is not None:
                part = part.filter(pa.array(kept[lo : lo + rows]))
            lo += rows
            yield _typed_mentions(part)

    write_ipc(path, schema, parts())
    return map_ipc(path)


def _typed_mentions(part: pa.Table) -> pa.Table:
    """Coordinates and scores as NaN rather than null, so their pandas columns convert to float arrays."""
    columns = {}
    for c, t in MENTION_MAPPED.items():
        col = part[c].cast(t) if c in part.column_names else pa.nulls(part.num_rows, t)
        if pa.types.is_floating(t):
            col = col.fill_null(float("nan"))
        columns[c] = col
    return pa.table(columns)
