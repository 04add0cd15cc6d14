"""A generation's loaded tables, saved once as memory-mappable Arrow files: every later load maps them.

The first load of a generation does the corpus-wide work (shards verified and joined, ids made unique,
repeated lines found, text laid out for mapping). Its result is a pure function of the generation's
immutable shards, so it is written into `gen-XXXX/mapped/` and each later load of that generation (a
server restart, a second process) maps the files instead: no manifest parse, no shard hashing, no
Parquet decoding. Strings and numbers are mapped zero-copy; categoricals (the mentions' repeated
strings) are rebuilt from their dictionary codes. A marker written last says the files are whole.
A load with damaged shards is never saved (the next build repairs them, making a new generation).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa

from components.store import flat_columns
from components.store import mapped_text as mapped
from components.store.generations import MANIFEST

VERSION = "2"
MARKER = "state.json"
STATE = "state"  # gen-XXXX/mapped/state/: the saved load every later load maps
TABLES = ("articles", "mentions", "posts", "places", "errors")
_PLAIN = {"string": pd.StringDtype("pyarrow"), "Int64": pd.Int64Dtype(), "boolean": pd.BooleanDtype()}


def _file(folder: Path, table: str) -> Path:
    return folder / f"{table}.arrow"


def generation_stamp(generation: Path) -> str:
    """The manifest's bytes and every shard file's size and mtime: a saved load is used only while the
    files it was made from are untouched (a damaged or edited cache goes through the full load again)."""
    digest = hashlib.blake2b((generation / MANIFEST).read_bytes(), digest_size=16)
    for path in sorted((generation / "tables").glob("*/*.parquet")):
        st = path.stat()
        digest.update(f"{path.relative_to(generation)}:{st.st_size}:{st.st_mtime_ns};".encode())
    return digest.hexdigest()


def save(folder: Path, corpus: mapped.MappedCorpus, stamp: str | None) -> None:
    """Write the corpus's tables next to its search text (Arrow-backed columns as flat single-chunk
    files, the rest as one Arrow file per table); the marker last."""
    layout = {}
    for table in TABLES:
        frame = corpus.table(table)
        flat = {}
        for name in frame.columns:
            array = frame[name].array
            if isinstance(array, pd.arrays.ArrowExtensionArray) and flat_columns.supported(
                array.__arrow_array__()
            ):
                flat[name] = flat_columns.write(folder / f"{table}.{name}", array.__arrow_array__())
        rest = frame.drop(columns=list(flat))
        dtypes = {c: str(frame[c].dtype) for c in frame.columns}
        data = _to_arrow(rest, len(frame)).replace_schema_metadata({"dtypes": json.dumps(dtypes)})
        mapped.write_ipc(_file(folder, table), data.schema, [data])
        layout[table] = {"columns": list(frame.columns), "flat": flat}
    rows = {t: len(corpus.table(t)) for t in TABLES}
    marker = {"version": VERSION, "rows": rows, "stamp": stamp, "layout": layout}
    tmp = folder / f".{MARKER}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(marker), encoding="utf-8")
    os.replace(tmp, folder / MARKER)


def saved_folder(generation: Path) -> Path:
    return generation / mapped.FOLDER / STATE


def publish(work: Path, generation: Path) -> None:
    """Make a complete saved load the generation's (one rename). If another load published first, this
    one's files go: whoever maps them keeps reading them (a mapping outlives the file's name)."""
    try:
        os.rename(work, saved_folder(generation))
    except OSError:
        shutil.rmtree(work, ignore_errors=True)


def verified(generation: Path) -> bool:
    """Did a load save this generation's tables from the very shard files that are there now?"""
    with contextlib.suppress(OSError, ValueError):
        marker = json.loads((saved_folder(generation) / MARKER).read_text(encoding="utf-8"))
        return isinstance(marker, dict) and marker.get("stamp") == generation_stamp(generation)
    return False


def _to_arrow(frame: pd.DataFrame, rows: int) -> pa.Table:
    """The frame as Arrow, Arrow-backed columns as they are (a mapped column is never copied whole)."""
    columns = {}
    for name in frame.columns:
        array = frame[name].array
        if isinstance(array, pd.arrays.ArrowExtensionArray):
            columns[name] = array.__arrow_array__()
        else:
            columns[name] = pa.Table.from_pandas(frame[[name]], preserve_index=False).column(0)
    return pa.table(columns) if columns else pa.table({"_rows": pa.nulls(rows)})


def open_saved(folder: Path, stamp: str | None) -> mapped.MappedCorpus | None:
    """The tables an earlier load saved in `folder`, mapped; None when there are none (or not whole, or
    saved from other shard files than `stamp` describes)."""
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(marker, dict) or marker.get("version") != VERSION or marker.get("stamp") != stamp:
        return None
    try:
        tables = {t: _open_table(folder, t, marker["layout"][t]) for t in TABLES}
        search = mapped.map_search(folder)
    except (OSError, ValueError, KeyError, TypeError, pa.ArrowException):
        return None
    if {t: len(f) for t, f in tables.items()} != marker.get("rows"):
        return None
    return mapped.MappedCorpus(**tables, search=search)


def _open_table(folder: Path, table: str, layout: dict) -> pd.DataFrame:
    rest = _frame(mapped.map_ipc(_file(folder, table)))
    for name, info in layout["flat"].items():
        rest[name] = mapped.as_series(
            pa.chunked_array([flat_columns.open_column(folder / f"{table}.{name}", info)])
        )
    return rest[layout["columns"]]


def _frame(data: pa.Table) -> pd.DataFrame:
    """Columns back in the dtypes they were saved from: text and numbers over the mapping (zero-copy)."""
    dtypes = json.loads((data.schema.metadata or {}).get(b"dtypes", b"{}"))
    columns = {}
    for name in data.column_names:
        if name == "_rows":
            continue
        col, dtype = data[name], dtypes.get(name, "")
        if dtype == "category" or pa.types.is_dictionary(col.type):
            columns[name] = col.to_pandas()
        elif dtype in _PLAIN and dtype != "string":
            columns[name] = pd.Series(col.to_pandas(types_mapper={col.type: _PLAIN[dtype]}.get))
        elif dtype == "float64" or dtype.startswith(("int", "bool")) and "[" not in dtype:
            columns[name] = col.to_pandas()
        else:
            columns[name] = mapped.as_series(col)
    return pd.DataFrame(columns, index=range(data.num_rows), copy=False)


def try_open(generation: Path | None) -> mapped.MappedCorpus | None:
    """The saved tables of a generation folder, if a complete earlier load of these shards left them."""
    if generation is None:
        return None
    with contextlib.suppress(OSError):
        return open_saved(saved_folder(generation), generation_stamp(generation))
    return None
