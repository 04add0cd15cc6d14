"""Shard tables built column by column are the tables `pa.Table.from_pylist` builds from the same rows."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from components.store.building import process_shard
from components.store.engines.base import rows_table
from components.store.shards import SHARDED, arrow_schema

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_rows_table_equals_from_pylist(gazetteer, tmp_path):
    files = {p.name: p for p in sorted(SEEDS.rglob("*.txt"))[:6]}
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfe\x00garbage,\n\x00\x00")
    files["bad.csv"] = bad
    rows = process_shard(files, gazetteer).rows
    seen = 0
    for table in SHARDED:
        data = rows.get(table) or []
        schema = arrow_schema(table)
        if data:
            data = [*data, {"unknown column": 1}]  # missing keys become nulls, unknown ones are ignored
            seen += 1
        assert rows_table(data, schema).equals(pa.Table.from_pylist(data, schema=schema), check_metadata=True)
    assert seen >= 3
