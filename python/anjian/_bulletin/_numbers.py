"""The bulletin's figures as cells and sentences take them: exact money as int yuan (or float where
fen), NaN and NA as nothing, and 同比 of all units together."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from . import Bulletin


def cell_value(v: Any) -> Any:
    """A cell value: exact money as int yuan or Decimal, NaN and NA as an empty cell."""
    if v is None or v is pd.NA:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)  # openpyxl writes Decimal as float anyway
    if hasattr(v, "item"):
        return v.item()
    return v


def as_float(v: Any) -> float:
    value = cell_value(v)
    return float("nan") if value is None else float(value)


def overall_change(b: "Bulletin", ind: Any, now: str, before: str) -> float:
    a, c = as_float(b.overall.at[now, ind.code]), as_float(b.overall.at[before, ind.code])
    if ind.kind == "ratio":
        return (a - c) * 100
    return (a - c) / c if c else float("nan")
