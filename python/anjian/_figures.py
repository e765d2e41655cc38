"""Change figures (同比/环比) and annual control-target progress (控制指标)."""

from __future__ import annotations

import datetime as _dt
from typing import Any, NamedTuple

import numpy as np

from . import _args, _core, _frames
from ._core import Error, Period


def _is_scalar(x: Any) -> bool:
    return np.ndim(x) == 0


def _number(x: Any, name: str) -> float:
    """A scalar figure as a float (NaN stays NaN, as in arrays); a text, None or a bool is refused."""
    if not _args.is_number(x):
        raise Error(f"{name} must be a number, got {type(x).__name__}")
    return float(x)


def _numbers(x: Any, name: str) -> np.ndarray:
    try:
        return np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise Error(f"{name} must be numbers, got {type(x).__name__}") from None


def change(current: Any, previous: Any) -> Any:
    """(current - previous) / previous as a fraction (-0.1709 is "下降17.09%").

    Scalars give a float, or None when previous is 0 (there is no change figure without a
    base). Arrays and Series give NaN there; a Series keeps its index.
    """
    if _is_scalar(current) and _is_scalar(previous):
        return _core.change(_number(current, "current"), _number(previous, "previous"))
    out = _core.change_array(_numbers(current, "current"), _numbers(previous, "previous"))
    import pandas as pd

    series = current if isinstance(current, pd.Series) else previous if isinstance(previous, pd.Series) else None
    if series is not None and np.ndim(out) == 1:
        return pd.Series(out, index=series.index, name=series.name)
    return out


class Progress(NamedTuple):
    used_share: Any      # actual / target
    schedule_share: Any  # share of the year elapsed (时序进度)
    over_by: Any         # used_share / schedule_share - 1; > 0.2 is "more than 20% ahead of schedule"


def _elapsed_share(elapsed: Any) -> float:
    if isinstance(elapsed, Period):
        return _core.schedule_share(elapsed.end)
    if isinstance(elapsed, str):
        return _core.schedule_share(Period.parse(elapsed).end)
    if isinstance(elapsed, _dt.date):  # datetime and pandas Timestamp too: their date counts (NaT is refused)
        return _core.schedule_share(_frames.required_date(elapsed, "elapsed"))
    if not _args.is_number(elapsed):
        raise Error("elapsed must be a date, a Period (or its text, '2024-Q1') or the share of the year elapsed, "
                    f"got {type(elapsed).__name__}")
    return float(elapsed)


def progress(actual: Any, target: Any, elapsed: Any) -> Progress:
    """Progress of an annual control target.

    elapsed: the date or Period reached (a Period counts through its last day), a period
    string such as "2024-Q1", or the share of the year elapsed as a number in (0, 1].
    Scalars give floats; arrays of actual/target give arrays.
    """
    share = _elapsed_share(elapsed)
    if _is_scalar(actual) and _is_scalar(target):
        return Progress(*_core.progress(_number(actual, "actual"), _number(target, "target"), share))
    try:
        a, t = np.broadcast_arrays(_numbers(actual, "actual"), _numbers(target, "target"))
    except ValueError:
        raise Error(f"actual and target must be of one shape, got {np.shape(actual)} and {np.shape(target)}") from None
    used, over = _core.progress_array(np.ascontiguousarray(a.ravel()), np.ascontiguousarray(t.ravel()), share)
    return Progress(used.reshape(a.shape), np.full(a.shape, share), over.reshape(a.shape))
