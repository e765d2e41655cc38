"""The arguments of public functions, checked one way everywhere: a wrong one is an anjian.Error that
names the argument and what it takes -- never a numpy, pandas or pybind11 traceback, and never a value
quietly cast (1.5 people, True as a count, a NaN threshold)."""

from __future__ import annotations

import math
import numbers
import os
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Sequence, TypeVar

import numpy as np

from ._core import Error, Period

T = TypeVar("T")
MAX_PEOPLE = 10**9  # more people than any count holds: refused rather than carried into 32 bits


def is_number(value: Any) -> bool:
    """A real number (int, float, Decimal, numpy's), not a bool."""
    return isinstance(value, (numbers.Real, Decimal)) and not isinstance(value, (bool, np.bool_))


def _kind(value: Any) -> str:
    return "None" if value is None else type(value).__name__


def text(value: Any, name: str) -> str:
    """A non-empty text: a column name, an industry, a provision id."""
    if not isinstance(value, str) or not value:
        raise Error(f"{name} must be a non-empty text, got {_kind(value)}")
    return value


def optional_text(value: Any, name: str) -> str | None:
    """A text, or None where the argument may be left out."""
    return None if value is None else text(value, name)


def texts(value: Any, name: str) -> list[str]:
    """Texts given as a list or tuple (one text alone is read as a list of it)."""
    if isinstance(value, str):
        return [text(value, name)]
    if (type(value) is tuple or type(value) is list) and not value:  # the default, on every decision
        return []
    if not isinstance(value, (list, tuple)):
        raise Error(f"{name} must be a list of texts, got {_kind(value)}")
    return [text(v, f"each of {name}") for v in value]


def choice(value: Any, name: str, allowed: Sequence[str]) -> str:
    """One of the named options."""
    if not isinstance(value, str) or value not in allowed:
        shown = repr(value) if isinstance(value, (str, numbers.Number)) or value is None else _kind(value)
        options = [repr(a) for a in allowed]
        listed = options[0] if len(options) == 1 else ", ".join(options[:-1]) + " or " + options[-1]
        raise Error(f"{name} must be {listed}, got {shown}")
    return value


def flag(value: Any, name: str) -> bool:
    """True or False, nothing that merely converts to one (a frame, 'no', 2)."""
    if value is True or value is False:
        return value
    if not isinstance(value, np.bool_):
        raise Error(f"{name} must be True or False, got {_kind(value)}")
    return bool(value)


def whole(value: Any, name: str, lo: int | None = None, hi: int | None = None) -> int:
    """A whole number (an integral float such as 2024.0 too; never a bool) within [lo, hi]."""
    if not is_number(value) or (
            not isinstance(value, numbers.Integral) and not (math.isfinite(value) and float(value).is_integer())):
        raise Error(f"{name} must be a whole number, got {value!r}" if isinstance(value, numbers.Number)
                    else f"{name} must be a whole number, got {_kind(value)}")
    number = int(value)
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        span = f">= {lo}" if hi is None else f"<= {hi}" if lo is None else f"from {lo} to {hi}"
        raise Error(f"{name} must be a whole number {span}, got {number}")
    return number


def real(value: Any, name: str, lo: float | None = None, hi: float | None = None) -> float:
    """A finite number within [lo, hi]."""
    if not is_number(value) or not math.isfinite(value):
        shown = repr(value) if isinstance(value, numbers.Number) else _kind(value)
        raise Error(f"{name} must be a finite number, got {shown}")
    number = float(value)
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        span = f">= {lo:g}" if hi is None else f"<= {hi:g}" if lo is None else f"from {lo:g} to {hi:g}"
        raise Error(f"{name} must be a number {span}, got {number:g}")
    return number


def path(value: Any, name: str) -> Path:
    """A file's path: a text or an os.PathLike (bytes are refused: whose encoding?)."""
    if not isinstance(value, (str, os.PathLike)) or (isinstance(value, str) and not value):
        raise Error(f"{name} must be a file's path (str or pathlib.Path), got {_kind(value)}")
    fspath = os.fspath(value)
    if not isinstance(fspath, str):
        raise Error(f"{name} must be a file's path as text, not bytes")
    return Path(fspath)


def pack_name(value: Any, name: str) -> str:
    """A built-in pack's name ('national/indicators') or a pack file's path, as text."""
    if not isinstance(value, (str, os.PathLike)) or (isinstance(value, str) and not value):
        raise Error(f"{name} must be a built-in pack's name or a pack file's path, got {_kind(value)}")
    return str(path(value, name))


def pack(value: Any, name: str, kind: type[T], load: Callable[[str], T], default: str) -> T:
    """A rule-pack argument: one already loaded (a `kind`), a built-in pack's name or a pack file, or
    None for the default pack."""
    if isinstance(value, kind):
        return value
    return load(default if value is None else pack_name(value, name))


def period(value: Any, name: str) -> Period:
    """An anjian.Period, or its text ('2024-08', '2024-Q1', '2024')."""
    if isinstance(value, Period):
        return value
    if isinstance(value, str):
        return Period.parse(value)
    raise Error(f"{name} must be an anjian.Period or a text such as '2024-08', got {_kind(value)}")
