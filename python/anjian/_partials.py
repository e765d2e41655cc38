"""The engine-independent half of running anjian on Dask or Spark: what one partition computes, how
partial results merge, and what the merged (small) result becomes. `anjian.dask` and `anjian.spark`
are thin adapters over these functions, so both engines compute exactly what one process computes.

The partial aggregate is the reports frame of `anjian.indicators.aggregate`: per (unit, month) the
sums of the base fields -- counts and whole fen, never ratios or means -- so merging partials (any
number, in any grouping, in any order) is exact, and every indicator is derived after the merge."""

from __future__ import annotations

from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from . import indicators, triggers
from ._core import Error


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


def merge_stream(partials: Iterable[pd.DataFrame], split_every: int, *, by: str = "unit",
                 catalog: Any = None) -> pd.DataFrame | None:
    """Partials as they arrive, merged `split_every` at a time into a running total (memory: the
    total and split_every partials, however many arrive); None when none arrived."""
    total: pd.DataFrame | None = None
    pending: list[pd.DataFrame] = []
    for part in partials:
        pending.append(part)
        if len(pending) >= split_every:
            total, pending = merge(([] if total is None else [total]) + pending, by=by, catalog=catalog), []
    if pending:
        total = merge(([] if total is None else [total]) + pending, by=by, catalog=catalog)
    return total


def bulletin(reports: pd.DataFrame, period: Any, *, by: str = "unit", catalog: Any = None, **options: Any) -> Any:
    """`anjian.bulletin` of merged reports (their unit column named `by`)."""
    from . import _bulletin

    if by != "unit":
        reports = reports.rename(columns={by: "unit"})
    return _bulletin.bulletin(reports, period, catalog=catalog, **options)


def split_every_of(value: Any) -> int:
    """How many partials one merge takes: a whole number of at least 2."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 2:
        raise Error(f"split_every must be a whole number of at least 2, got {value!r}")
    return value


def empty_partial(events: pd.DataFrame, *, by: str = "unit", date: str = "date", catalog: Any = None,
                  extra: str = "error") -> pd.DataFrame:
    """The partial of no events with the columns (and unit dtype) of `events`: an engine's schema."""
    return partial(events.iloc[:0], by=by, date=date, catalog=catalog, extra=extra)


# -- trigger rules: each group's history in one place, a year at a time --------------------------------
#
# A rule counts a group's events (a unit's, a city's ...) in a window ending on the day it judges. The
# events are cut into shards of (group, calendar year of the rule's date field); each shard also holds
# copies of the group's events of the `overlap` days before its year -- at least the rule's longest
# window -- so every firing of the year is judged over every event its window can count, and is kept
# by the shard of its year only. No shard needs more than a year and a window of one group's history.

def _window_days(within: str) -> int:
    """Days a window can reach back, rounded up ("180 days", "6 months", "1 years", "the same
    calendar year", "no window")."""
    words = within.split()
    if within == "no window":
        return 0
    if within.startswith("the same calendar"):
        return 366 if words[-1] == "year" else 31
    n = int(words[0])
    return {"days": n, "months": 31 * n, "years": 366 * n}[words[1]] + 1


class TriggerGroup:
    """The rules that share a group key and a date field, and how far back their windows reach."""

    def __init__(self, key: tuple[str, ...], date_field: str) -> None:
        self.key, self.date_field, self.overlap = key, date_field, 0
        self.rules: set[str] = set()

    def add(self, rule: dict[str, Any]) -> None:
        self.rules.add(rule["id"])
        self.overlap = max(self.overlap, _window_days(rule["within"]))


def trigger_groups(packs: Any = None) -> list[TriggerGroup]:
    """The rules grouped by (group key, date field), in the packs' order."""
    groups: dict[tuple[tuple[str, ...], str], TriggerGroup] = {}
    for s in triggers._rule_sets(packs):
        for rule in s.rules:
            key = (tuple(rule["group_by"]), rule["date_field"])
            groups.setdefault(key, TriggerGroup(*key)).add(rule)
    return list(groups.values())


BLOCK = "_anjian_block"  # the column naming a row's shard year


def with_blocks(events: pd.DataFrame, group: TriggerGroup) -> pd.DataFrame:
    """The events with the year of their shard in BLOCK; an event within `overlap` days before a later
    year is copied into that year's shard too. An event without the date (pending, or to be refused)
    keeps its row once, in the shard of its `date` if it has one."""
    day = pd.to_datetime(events[group.date_field], errors="coerce") if group.date_field in events.columns \
        else pd.Series(pd.NaT, index=events.index)
    year = day.dt.year.astype("Int64")
    fallback = pd.to_datetime(events["date"], errors="coerce").dt.year.astype("Int64") if "date" in events.columns \
        else pd.Series(pd.NA, index=events.index, dtype="Int64")
    own = year.fillna(fallback).fillna(0).astype(np.int64).to_numpy()
    parts = [events.assign(**{BLOCK: own})]
    dated = day.notna().to_numpy()
    for ahead in range(1, group.overlap // 365 + 2):  # the later years an overlap can reach
        target = own + ahead
        starts = pd.to_datetime(pd.Series(target.astype(str)) + "-01-01", errors="coerce").to_numpy()
        reach = dated & ((starts - day.to_numpy()) <= np.timedelta64(group.overlap, "D"))
        if reach.any():
            parts.append(events[reach].assign(**{BLOCK: target[reach]}))
    return pd.concat(parts)


def firings_of_shards(frame: pd.DataFrame, group: TriggerGroup, packs: Any = None, number: Any = None) -> pd.DataFrame:
    """The firings of the group's rules from a partition holding whole shards (with BLOCK): each year's
    shard evaluated by itself, its firings kept when they fall in its year."""
    found = []
    for block, shard in frame.groupby(BLOCK, sort=True):
        fired = firings_for_rules(shard.drop(columns=BLOCK), group.rules, packs, number)
        in_year = pd.to_datetime(fired["fired_on"]).dt.year.to_numpy() == block if len(fired) else []
        kept = fired[in_year].reset_index(drop=True) if len(fired) else fired
        kept.attrs = fired.attrs
        found.append(kept)
    return sorted_firings(found)


def firings_for_rules(events: pd.DataFrame, ids: set[str], packs: Any = None, number: Any = None) -> pd.DataFrame:
    """The firings of the rules `ids`, with attrs "skipped" and "pending" as triggers.evaluate gives
    them (pending only for these rules)."""
    if not len(events):
        return _no_firings()
    try:  # rows have no order on a cluster: the events of one day are listed in the order of their labels
        events = events.sort_index(kind="stable")
    except TypeError:
        pass  # labels that do not compare keep the partition's order
    out = triggers.evaluate(located(events, number), packs)
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


# -- batches: what each partition runs ---------------------------------------------------------------

def penalty_batch(name: str, engine: Any = None, **options: Any) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """The `Engine` batch `name` (accident_fines, principal_fines, recommend_many) as a function of one
    partition's rows; the engine (default: the national pack) travels to the workers as its packs."""
    from . import penalty

    if engine is None:
        engine = penalty.Engine()
    elif not isinstance(engine, penalty.Engine):
        raise Error(f"engine must be an anjian.penalty.Engine, got {type(engine).__name__}")
    batch = getattr(engine, name)
    return lambda part: batch(part, **options)


def penalty_api(map_batch: Callable[..., Any]) -> tuple[Callable[..., Any], ...]:
    """accident_fines, principal_fines and recommend_many of an engine adapter, over its `map_batch`."""

    def accident_fines(cases: Any, engine: Any = None, sector: str = "general") -> Any:
        """`Engine.accident_fines` partition by partition (default engine: the national pack)."""
        return map_batch(cases, penalty_batch("accident_fines", engine, sector=sector))

    def principal_fines(cases: Any, engine: Any = None, sector: str = "general") -> Any:
        """`Engine.principal_fines` partition by partition."""
        return map_batch(cases, penalty_batch("principal_fines", engine, sector=sector))

    def recommend_many(cases: Any, engine: Any = None) -> Any:
        """`Engine.recommend_many` partition by partition."""
        return map_batch(cases, penalty_batch("recommend_many", engine))

    return accident_fines, principal_fines, recommend_many
