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

    values = np.concatenate([np.asarray(c).astype("datetime64[D]").ravel() for c in columns] or [np.array([], "M8[D]")])
    values = values[~np.isnat(values)]
    return values.max().astype(object) if len(values) else None
