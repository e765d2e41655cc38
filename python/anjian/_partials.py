"""The engine-independent half of running anjian on Dask or Spark: what one partition computes, how
partial results merge, and what the merged (small) result becomes. `anjian.dask` and `anjian.spark`
are thin adapters over these functions, so both engines compute exactly what one process computes.

The partial aggregate is the reports frame of `anjian.indicators.aggregate`: per (unit, month) the
sums of the base fields -- counts and whole fen, never ratios or means -- so merging partials (any
number, in any grouping, in any order) is exact, and every indicator is derived after the merge."""

from __future__ import annotations

from typing import Any, Iterable

import numpy as np
import pandas as pd

from . import indicators, triggers
from ._core import Error, InputError


def located(frame: pd.DataFrame, number: Any) -> pd.DataFrame:
    """The partition, saying which one it is: a row refused in it is named as 'partition 3, column
    'x', row 17' (its label within the partition)."""
    if number is None:
        return frame
    source = frame.attrs.get("source")
    frame = frame.copy(deep=False)
    frame.attrs["source"] = f"{source}, partition {number}" if source else f"partition {number}"
    return frame


def partial(events: pd.DataFrame, number: Any = None, *, by: str = "unit", date: str = "date",
            catalog: Any = None, extra: str = "error") -> pd.DataFrame:
    """One partition's events summed per (unit, month): the partial aggregate."""
    return indicators.aggregate(located(events, number), by, date=date, catalog=catalog, extra=extra)


def merge(partials: Iterable[pd.DataFrame] | pd.DataFrame, *, by: str = "unit", catalog: Any = None) -> pd.DataFrame:
    """Partials (a list, or their concatenation) merged exactly into one reports frame, sorted by unit
    and month: the same frame whatever the partitioning."""
    frames = [partials] if isinstance(partials, pd.DataFrame) else [p for p in partials]
    frames = [f for f in frames if len(f)] or frames[:1]
    if not frames:
        raise Error("no partial aggregates to merge")
    return indicators.merge(frames, by, catalog=catalog)


def empty_partial(events: pd.DataFrame, *, by: str = "unit", date: str = "date", catalog: Any = None,
                  extra: str = "error") -> pd.DataFrame:
    """The partial of no events with the columns (and unit dtype) of `events`: an engine's schema."""
    return partial(events.iloc[:0], by=by, date=date, catalog=catalog, extra=extra)


# -- trigger rules: each unit's history in one place ------------------------------------------------

def trigger_keys(packs: Any = None) -> list[tuple[str, ...]]:
    """The distinct group keys of the rules (unit; city; province ...): the events are shuffled by
    each in turn, so that every group a rule counts lies whole in one partition."""
    keys: list[tuple[str, ...]] = []
    for s in triggers._rule_sets(packs):
        for rule in s.rules:
            key = tuple(rule["group_by"])
            if key not in keys:
                keys.append(key)
    return keys


def firings_for_key(events: pd.DataFrame, key: tuple[str, ...], packs: Any = None, number: Any = None) -> pd.DataFrame:
    """The firings of the rules grouped by `key`, from a partition holding whole groups of that key;
    attrs "skipped" and "pending" as triggers.evaluate gives them (pending only for these rules)."""
    if not len(events):
        return _no_firings()
    out = triggers.evaluate(located(events, number), packs)
    ids = {rule["id"] for s in triggers._rule_sets(packs) for rule in s.rules if tuple(rule["group_by"]) == key}
    kept = out[out["rule"].isin(ids)].reset_index(drop=True)
    kept.attrs["skipped"] = out.attrs["skipped"]
    kept.attrs["pending"] = {r: rows for r, rows in out.attrs["pending"].items() if r in ids}
    return kept


def _no_firings() -> pd.DataFrame:
    return pd.DataFrame(columns=triggers.COLUMNS)


def sorted_firings(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Firings from many partitions in one canonical order: by day, rule id, then group (a rule fires
    at most once per group and day, so the order is total); attrs "skipped" and "pending" joined.
    `canonical(triggers.evaluate(events))` is the same frame."""
    present = [p for p in parts if len(p)]
    out = canonical(pd.concat(present, ignore_index=True) if present else _no_firings())
    skipped: dict[str, list[str]] = {}
    pending: dict[str, list[Any]] = {}
    for p in parts:
        skipped.update(p.attrs.get("skipped", {}))
        for rule, rows in p.attrs.get("pending", {}).items():
            pending.setdefault(rule, []).extend(rows)
    out.attrs["skipped"], out.attrs["pending"] = skipped, {r: sorted(rows, key=str) for r, rows in pending.items()}
    return out


def canonical(firings: pd.DataFrame) -> pd.DataFrame:
    """Firings sorted by day, rule id and group, with a fresh index."""
    if not len(firings):
        return firings.reset_index(drop=True)
    day = pd.to_datetime(firings["fired_on"]).to_numpy()
    rule = pd.factorize(firings["rule"], sort=True)[0]
    group = pd.factorize(firings["group"], sort=True)[0]
    return firings.take(np.lexsort((group, rule, day))).reset_index(drop=True)


def require_columns(columns: Iterable[str], needed: Iterable[str], what: str) -> None:
    missing = [c for c in needed if c not in set(columns)]
    if missing:
        raise InputError(f"{what} lack column(s) {', '.join(missing)}")
