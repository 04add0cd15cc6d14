"""One Arrow column as flat files (values, offsets, validity) mapped back as a single-chunk array.

Arrow's `take` on a string column of many chunks concatenates the chunks first: picking 25 articles out
of a mapped text column of 36 chunks copied all of it (1.2 s at 100k articles). An IPC file holds one
chunk per record batch, and a column written batch by batch (as the loader must, to stay small) has many.
Written here as flat files instead - the bytes of every value back to back, one offsets array, a validity
bitmap - the column maps back as one chunk, zero-copy, and a take reads only the rows taken.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa

_FIXED = {"int64": pa.int64(), "double": pa.float64(), "int32": pa.int32(), "bool": pa.bool_()}


def _chunks(column: pa.ChunkedArray | pa.Array) -> list[pa.Array]:
    return list(column.chunks) if isinstance(column, pa.ChunkedArray) else [column]


def supported(column: pa.ChunkedArray | pa.Array) -> bool:
    t = column.type
    return pa.types.is_string(t) or pa.types.is_large_string(t) or str(t) in _FIXED


def write(prefix: Path, column: pa.ChunkedArray | pa.Array) -> dict:
    """Write the column under `prefix` (files prefix.values / .offsets.npy / .valid.npy); returns what
    `open_column` needs."""
    strings = pa.types.is_string(column.type) or pa.types.is_large_string(column.type)
    valid = np.ones(len(column), dtype=bool)
    offsets = [np.zeros(1, dtype=np.int64)] if strings else []
    pos, at = 0, 0
    with open(f"{prefix}.values", "wb") as out:
        for chunk in _chunks(column):
            n = len(chunk)
            if chunk.null_count:
                valid[at : at + n] = chunk.is_valid().to_numpy(zero_copy_only=False)
            if strings:
                chunk = chunk.cast(pa.large_string())
                offs = np.frombuffer(chunk.buffers()[1], dtype=np.int64)[chunk.offset : chunk.offset + n + 1]
                if n:
                    out.write(memoryview(chunk.buffers()[2])[offs[0] : offs[-1]])
                offsets.append(offs[1:] - offs[0] + pos)
                pos += int(offs[-1] - offs[0]) if n else 0
            else:
                values = chunk.fill_null(False if pa.types.is_boolean(chunk.type) else 0)
                out.write(values.to_numpy(zero_copy_only=False).tobytes())
            at += n
    if strings:
        np.save(f"{prefix}.offsets.npy", np.concatenate(offsets))
    has_nulls = not valid.all()
    if has_nulls:
        np.save(f"{prefix}.valid.npy", np.packbits(valid, bitorder="little"))
    return {"kind": "string" if strings else str(column.type), "rows": len(column), "nulls": has_nulls}


def open_column(prefix: Path, info: dict) -> pa.Array:
    """The column written under `prefix`, over read-only mappings of its files (one chunk)."""
    n = int(info["rows"])
    validity, null_count = None, 0
    if info.get("nulls"):
        bits = np.load(f"{prefix}.valid.npy", mmap_mode="r")
        validity = pa.py_buffer(bits)
        null_count = n - int(np.unpackbits(np.asarray(bits), bitorder="little", count=n).sum())
    source = pa.memory_map(f"{prefix}.values", "r")
    data = source.read_buffer() if source.size() else pa.py_buffer(b"")  # no bytes: not a null buffer
    if info["kind"] == "string":
        offsets = pa.py_buffer(np.load(f"{prefix}.offsets.npy", mmap_mode="r"))
        return pa.Array.from_buffers(pa.large_string(), n, [validity, offsets, data], null_count)
    kind = _FIXED[info["kind"]]
    if pa.types.is_boolean(kind):  # written one byte per value: pack it into Arrow's bits
        as_bytes = np.frombuffer(data, dtype=bool, count=n) if n else np.zeros(0, dtype=bool)
        data = pa.py_buffer(np.packbits(as_bytes, bitorder="little"))
    return pa.Array.from_buffers(kind, n, [validity, data], null_count)
