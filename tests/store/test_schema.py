from __future__ import annotations

import pandas as pd

from components.store.schema import TABLES, conform, empty


def test_conform_fills_missing_columns_of_every_dtype():
    for table, cols in TABLES.items():
        first = next(iter(cols))
        frame = conform(table, [{first: "x" if cols[first] == "string" else 1}])
        assert list(frame.columns) == list(cols)
        assert all(str(frame[c].dtype) == str(empty(table)[c].dtype) for c in cols)
    m = conform("mentions", [{"article_id": "a", "start": 1}])
    assert pd.isna(m.loc[0, "lat"]) and pd.isna(m.loc[0, "place_id"])
