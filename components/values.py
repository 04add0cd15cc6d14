"""Missing values as Python sees them: pandas' NA and NaN become None at the edge of the data layer."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd


def none_if_missing(value: Any) -> Any:
    """None for None, pd.NA, NaT and float NaN; the value itself otherwise (so truthiness works)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def optional_int(value: Any) -> int | None:
    """An integer, or None for a missing or unparseable value (a bool is not an offset or a count)."""
    value = none_if_missing(value)
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def optional_float(value: Any) -> float | None:
    """A float, or None for a missing or unparseable value."""
    value = none_if_missing(value)
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None
