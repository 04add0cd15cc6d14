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
from pathlib import Path

import pandas as pd
import pyarrow as pa

from components.store import mapped_text as mapped
from components.store.generations import MANIFEST

VERSION = "1"
MARKER = "state.json"
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


def save(folder: Path, corpus: mapped.MappedCorpus) -> None:
    """Write the corpus's tables next to its search text; the marker last."""
    for table in TABLES:
        frame = corpus.table(table)
        dtypes = {c: str(frame[c].dtype) for c in frame.columns}
        data = _to_arrow(frame).replace_schema_metadata({"dtypes": json.dumps(dtypes)})
        mapped.write_ipc(_file(folder, table), data.schema, [data])
    rows = {t: len(corpus.table(t)) for t in TABLES}
    marker = {"version": VERSION, "rows": rows, "stamp": generation_stamp(folder.parent)}
    tmp = folder / f".{MARKER}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(marker), encoding="utf-8")
    os.replace(tmp, folder / MARKER)


def _to_arrow(frame: pd.DataFrame) -> pa.Table:
    """The frame as Arrow, Arrow-backed columns as they are (a mapped column is never copied whole)."""
    columns = {}
    for name in frame.columns:
        array = frame[name].array
        if isinstance(array, pd.arrays.ArrowExtensionArray):
            columns[name] = array.__arrow_array__()
        else:
            columns[name] = pa.Table.from_pandas(frame[[name]], preserve_index=False).column(0)
    return pa.table(columns) if columns else pa.table({})


def open_saved(folder: Path) -> mapped.MappedCorpus | None:
    """The tables an earlier load saved in `folder`, mapped; None when there are none (or not whole)."""
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(marker, dict) or marker.get("version") != VERSION:
        return None
    if marker.get("stamp") != generation_stamp(folder.parent):
        return None
    try:
        tables = {t: _frame(mapped.map_ipc(_file(folder, t))) for t in TABLES}
        search = mapped.map_search(folder)
    except (OSError, ValueError, pa.ArrowException):
        return None
    if {t: len(f) for t, f in tables.items()} != marker.get("rows"):
        return None
    return mapped.MappedCorpus(**tables, search=search)


def _frame(data: pa.Table) -> pd.DataFrame:
    """Columns back in the dtypes they were saved from: text and numbers over the mapping (zero-copy)."""
    dtypes = json.loads((data.schema.metadata or {}).get(b"dtypes", b"{}"))
    columns = {}
    for name in data.column_names:
        col, dtype = data[name], dtypes.get(name, "")
        if dtype == "category" or pa.types.is_dictionary(col.type):
            columns[name] = col.to_pandas()
        elif dtype in _PLAIN and dtype != "string":
            columns[name] = pd.Series(col.to_pandas(types_mapper={col.type: _PLAIN[dtype]}.get))
        elif dtype == "float64" or dtype.startswith(("int", "bool")) and "[" not in dtype:
            columns[name] = col.to_pandas()
        else:
            columns[name] = mapped.as_series(col)
    frame = pd.DataFrame(columns, copy=False) if columns else pd.DataFrame(index=range(data.num_rows))
    return frame


def try_open(generation: Path | None) -> mapped.MappedCorpus | None:
    """The saved tables of a generation folder, if a complete earlier load left them."""
    if generation is None:
        return None
    with contextlib.suppress(OSError):
        return open_saved(generation / mapped.FOLDER)
    return None
