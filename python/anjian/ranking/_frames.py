"""Matrices in and out: DataFrames keep their labels, arrays stay arrays."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._core import Error


def floats(values: Any, what: str) -> np.ndarray:
    try:
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise Error(f"{what} must be numbers, got {type(values).__name__}") from None


def as_matrix(matrix: Any) -> tuple[np.ndarray, list[str], Any]:
    """float64 C-order array, column names, row index (None for arrays)."""
    if isinstance(matrix, pd.DataFrame):
        bad = [c for c in matrix.columns if not pd.api.types.is_numeric_dtype(matrix[c])]
        if bad:
            raise Error(f"ranking matrix column(s) {', '.join(map(str, bad))} are not numeric")
        x = np.ascontiguousarray(matrix.to_numpy(dtype=float, na_value=np.nan))
        names, index = [str(c) for c in matrix.columns], matrix.index
    else:
        x, names, index = np.ascontiguousarray(floats(matrix, "the ranking matrix")), [], None
    if x.ndim != 2:
        raise Error(f"the ranking matrix must be 2-dimensional (units x indicators), got {x.ndim} dimension(s)")
    if x.shape[1] == 0:
        raise Error("the ranking matrix has no indicators (columns) to rank on")
    return x, names, index


def per_column(values: Any, matrix: Any, n: int, what: str) -> np.ndarray:
    """One value per indicator from an array, a Series/dict keyed by column, or a scalar."""
    if isinstance(values, (pd.Series, dict)) and isinstance(matrix, pd.DataFrame):
        values = pd.Series(values)
        missing = [c for c in matrix.columns if c not in values.index]
        if missing:
            raise Error(f"{what} missing for {', '.join(map(str, missing))}")
        values = values.loc[matrix.columns]
    out = floats(values, what)
    if out.ndim == 0:
        out = np.full(n, float(out))
    if out.shape != (n,):
        raise Error(f"one {what[:-1] if what.endswith('s') else what} per indicator needed: {n} indicators, got {out.size}")
    return out


def directions_of(directions: Any, matrix: Any, n: int) -> list[int]:
    if directions is None:
        return [1] * n
    given = per_column(directions, matrix, n, "directions")
    # what cannot be a whole number is refused here; the kernel names the indicator of any other but +-1
    bad = np.flatnonzero(~np.isfinite(given) | (given != np.round(given)) | (np.abs(given) > 2**31 - 1))
    if bad.size:
        raise Error(f"directions must be +1 (higher is better) or -1 (lower is better), got {given[bad[0]]:g}")
    return [int(d) for d in given]


def like_columns(values: np.ndarray, matrix: Any) -> Any:
    return pd.Series(values, index=matrix.columns) if isinstance(matrix, pd.DataFrame) else values


def like_rows(values: Any, index: Any, name: str | None = None) -> Any:
    return pd.Series(np.asarray(values), index=index, name=name) if index is not None else np.asarray(values)
