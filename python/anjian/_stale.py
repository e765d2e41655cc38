"""Rule packs used past the day their content was last checked against the law (`reviewed_through`):
an amendment since then would not be in them, so the result is given with a warning that says so."""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Any, Iterable


class StaleRulesWarning(UserWarning):
    """A rule pack decided a day after the last day its content was checked against its sources."""


def check(packs: Iterable[Any], day: dt.date | None, stacklevel: int = 3) -> None:
    """Warn for each pack (a PackInfo) whose reviewed_through is before `day`."""
    if day is None:
        return
    for pack in packs:
        reviewed = getattr(pack, "reviewed_through", None)
        if reviewed is not None and reviewed < day:
            warnings.warn(f"{pack.stamp} was last checked against its sources on {reviewed.isoformat()}; "
                          f"{day.isoformat()} is later: an amendment since then would not be in it",
                          StaleRulesWarning, stacklevel=stacklevel)


def latest(columns: Iterable[Any]) -> dt.date | None:
    """The latest day of some datetime64 arrays (None when there is none)."""
    import numpy as np

    best = None
    for column in columns:
        values = np.asarray(column)
        if values.dtype.kind != "M":
            values = values.astype("datetime64[D]")
        if not values.size:
            continue
        ticks = int(np.ravel(values).view(np.int64).max())  # NaT is the least int64: never the latest
        if ticks == np.iinfo(np.int64).min:
            continue
        day = np.array([ticks], dtype=np.int64).view(values.dtype).astype("datetime64[D]")[0].astype(object)
        best = day if best is None or day > best else best
    return best
