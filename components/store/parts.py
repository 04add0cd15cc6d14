"""Some columns of a cache table, read shard by shard, with how many rows each shard gave.

The loader keeps long text out of memory (`mapped_text`), so it reads only the other columns here and
then needs, per shard, the number of rows it loaded: the mapped files are written in the same order.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from components.store.manifest import shard_index
from components.store.schema import TABLES, empty
from components.store.shards import CATEGORICAL, Snapshot, arrow_schema

ORDER = "__shard_order"  # the row's position in shard order, when asked for
_PANDAS = {  # as `shards.Snapshot.read_table` converts
    pa.string(): pd.StringDtype("pyarrow"),
    pa.large_string(): pd.StringDtype("pyarrow"),
    pa.int64(): pd.Int64Dtype(),
    pa.bool_(): pd.BooleanDtype(),
}


def _conform(part: pa.Table, schema: pa.Schema, columns: list[str]) -> pa.Table:
    """A shard's columns in the given order, typed as the schema says (absent ones null)."""
    fields = [schema.field(c) for c in columns]
    arrays = [
        part[c].cast(f.type) if c in part.column_names else pa.nulls(len(part), f.type)
        for c, f in zip(columns, fields, strict=True)
    ]
    return pa.table(arrays, schema=pa.schema(fields))


def read_parts(
    snap: Snapshot, table: str, columns: list[str], order_column: bool = False
) -> tuple[pd.DataFrame, list[tuple[int, int]]]:
    """The columns of every readable shard as one frame (repeated strings as categoricals), and the
    (shard, rows) loaded; a damaged shard is left out (and noted in `snap.damaged`)."""
    schema = arrow_schema(table)
    keys = snap.manifest.shards if snap.manifest else {}
    shards = sorted(shard_index(k) for k in keys if k.startswith(f"{table}/"))
    categorical = set(CATEGORICAL.get(table, ()))
    target = pa.schema(
        [
            pa.field(c, pa.dictionary(pa.int32(), pa.string()))
            if c in categorical
            else pa.field(c, pa.large_string())
            if schema.field(c).type == pa.string()
            else schema.field(c)
            for c in columns
        ]
    )
    parts, loaded = [], []
    for shard in shards:
        part = snap.read_shard(table, shard, columns)
        if part is None:
            continue
        parts.append(_conform(part, schema, columns).cast(target))
        loaded.append((shard, parts[-1].num_rows))
    if not parts:
        frame = empty(table) if all(c in TABLES[table] for c in columns) else pd.DataFrame(columns=columns)
        frame = frame[[c for c in columns if c in frame.columns]]
        if order_column:
            frame[ORDER] = pd.Series(dtype="int64")
        return frame, loaded
    data = pa.concat_tables(parts)
    if categorical & set(columns):
        data = data.unify_dictionaries()
    if order_column:
        data = data.append_column(ORDER, pa.array(range(data.num_rows), pa.int64()))
    return data.to_pandas(types_mapper=_PANDAS.get, self_destruct=True, split_blocks=True), loaded
