"""Missing and malformed values become None at the edge of the data layer."""

import math

import pandas as pd

from components.values import none_if_missing, optional_float, optional_int


def test_missing_values_are_none():
    for missing in (None, pd.NA, pd.NaT, math.nan):
        assert none_if_missing(missing) is None
        assert optional_int(missing) is None and optional_float(missing) is None
    assert none_if_missing(0) == 0 and none_if_missing("") == ""


def test_numbers_parse_and_garbage_is_none():
    assert optional_int("12") == 12 and optional_int(12.0) == 12
    assert optional_int(pd.array([3], "Int64")[0]) == 3
    assert optional_int(True) is None and optional_int("x") is None and optional_int(object()) is None
    assert optional_float("1.5") == 1.5 and optional_float(2) == 2.0 and optional_float("x") is None
