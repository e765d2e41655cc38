"""anjian on Dask: the bulletin, trigger rules and batches over a `dask.dataframe`, with exactly the
answers of one process.

    import dask.dataframe as dd, anjian.dask
    events = dd.read_parquet("events/")                  # e.g. a directory partitioned by month
    b = anjian.dask.bulletin(events, "2024-06")           # the same Bulletin as anjian.bulletin
    reports = anjian.dask.aggregate(events)               # the merged reports frame (unit x month)
    fired = anjian.dask.triggers(events)                  # 挂牌督办, 约谈, 严重失信, 提请关闭 ...
    fines = anjian.dask.accident_fines(cases)             # a dask DataFrame, partition by partition

How the work is split: each partition is summed per (unit, month) in C++ (`indicators.aggregate`);
the partial sums -- counts and whole fen, never ratios or means -- are merged exactly in a tree
(`split_every` at a time), and indicators, ranking and lists are computed on the merged reports,
which are small (units x months x fields) whatever the number of events. Trigger rules count a
group's events in a window: for each group key the rules use (unit; city; province ...) the events
are shuffled into shards of (group, year), each also holding the group's events of the rules'
longest window before its year, and each shard is evaluated by itself -- the only step that moves
events between workers, and none needs more than a year and a window of one group's history. Batches that answer row by row (penalties, accident levels) run
partition by partition; GB 18218 needs a unit's lines together and shuffles by unit.

A row refused is named with its partition ("partition 3, column 'date', row 17"; the row is its
index label). Give events a unique index (an event id) when firings should name their events.
"""

from __future__ import annotations

import uuid
from typing import Any, Callable

import pandas as pd

from . import _args, _partials
from ._core import Error

__all__ = ["accident_fines", "aggregate", "bulletin", "grade", "identify_many", "map_batch", "principal_fines",
           "recommend_many", "triggers"]


def _dd() -> Any:
    try:
        import dask.dataframe as dd
    except ImportError:
        raise Error("anjian.dask needs Dask: pip install 'dask[dataframe]' distributed") from None
    return dd


def _frame(ddf: Any, name: str) -> Any:
    dd = _dd()
    if not isinstance(ddf, dd.DataFrame):
        raise Error(f"{name} must be a dask.dataframe.DataFrame, got {type(ddf).__name__}"
                    + (" (for a pandas DataFrame use the anjian function itself)" if isinstance(ddf, pd.DataFrame) else ""))
    return ddf


def aggregate(events: Any, by: str = "unit", *, date: str = "date", catalog: Any = None, extra: str = "error",
              split_every: int = 8) -> pd.DataFrame:
    """The reports frame of all the events (per unit and month, the base fields summed), equal to
    `anjian.indicators.aggregate(events.compute())`: partial sums per partition, merged exactly in a
    tree of `split_every` partials at a time. Computes."""
    events = _frame(events, "events")
    split_every = _partials.split_every_of(split_every)
    options = dict(by=by, date=date, catalog=catalog, extra=extra)
    meta = _partials.empty_partial(events._meta, **options)

    def chunk(part: pd.DataFrame, partition_info: Any = None) -> pd.DataFrame:
        return _partials.partial(part, (partition_info or {}).get("number"), **options)

    def combine(partials: pd.DataFrame) -> pd.DataFrame:
        return _partials.merge(partials, by=by, catalog=catalog)

    partials = events.map_partitions(chunk, meta=meta, token=f"anjian-partial-{uuid.uuid4().hex}")
    merged = partials.reduction(lambda p: p, combine, combine, meta=meta, split_every=split_every,
                                token="anjian-merge")
    return merged.compute()


def bulletin(events: Any, period: Any, *, by: str = "unit", date: str = "date", catalog: Any = None,
             split_every: int = 8, **options: Any) -> Any:
    """`anjian.bulletin` of the events' merged reports for `period` (a month, quarter or year): the
    same Bulletin -- tables, lists, 同比/环比 from earlier months present in the events, workbook and
    document -- as one process gives. options: ranking_config, missing, title."""
    period = _args.period(period, "period")  # before the work
    reports = aggregate(events, by, date=date, catalog=catalog, split_every=split_every)
    return _partials.bulletin(reports, period, by=by, catalog=catalog, **options)


def triggers(events: Any, packs: Any = None) -> pd.DataFrame:
    """`anjian.triggers.evaluate` over the events, in the canonical order (day, rule id, group). For
    the rules of each group key and date field, the events are shuffled into shards of (group, year),
    each with a copy of the group's events of the longest window before its year, and every shard
    evaluated by itself: no partition needs more than a year and a window of one group's history.
    Computes."""
    import dask

    events = _frame(events, "events")
    parts = []
    for group in _partials.trigger_groups(packs):
        if any(k not in events.columns for k in group.key):
            continue  # those rules are skipped, as one process skips them
        blocked = events.map_partitions(_partials.with_blocks, group, meta=_partials.with_blocks(events._meta, group),
                                        token=f"anjian-blocks-{uuid.uuid4().hex}")
        shuffled = blocked.shuffle(on=[*group.key, _partials.BLOCK])
        for number, part in enumerate(shuffled.to_delayed()):
            parts.append(dask.delayed(_partials.firings_of_shards)(part, group, packs, number))
    computed = dask.compute(*parts) if parts else []
    out = _partials.sorted_firings(list(computed))
    if not parts:  # every rule skipped: say which, as one process does
        out.attrs["skipped"] = _partials.triggers.evaluate(events.head(0), packs).attrs["skipped"]
    return out


# -- batches, partition by partition ---------------------------------------------------------------

def map_batch(frame: Any, batch: Callable[[pd.DataFrame], pd.DataFrame], shuffle_on: str | None = None) -> Any:
    """A dask DataFrame of `batch` applied to each partition (a function of a pandas frame returning a
    frame with its index, such as `anjian.penalty.Engine().accident_fines`); shuffled first by
    `shuffle_on` when rows must be together. Lazy; the result's columns are learned from the first row."""
    frame = _frame(frame, "frame")
    if not callable(batch):
        raise Error(f"batch must be a function of a pandas DataFrame, got {type(batch).__name__}")
    if shuffle_on is not None:
        shuffle_on = _args.text(shuffle_on, "shuffle_on")
        if shuffle_on not in frame.columns:
            raise Error(f"shuffle_on: the frame has no column '{shuffle_on}'")
        frame = frame.shuffle(on=shuffle_on)
    sample = frame.head(1, npartitions=-1)
    meta = batch(sample).iloc[:0] if len(sample) else None
    if meta is None:
        raise Error("the frame has no rows: nothing to learn the result's columns from")

    def run(part: pd.DataFrame, partition_info: Any = None) -> pd.DataFrame:
        if not len(part):
            return meta
        return batch(_partials.located(part, (partition_info or {}).get("number")))

    # A fresh name: the batch (an engine of compiled rules) is not something Dask can hash.
    return frame.map_partitions(run, meta=meta, token=f"anjian-batch-{uuid.uuid4().hex}")


accident_fines, principal_fines, recommend_many = _partials.penalty_api(map_batch)


def grade(accidents: Any, **options: Any) -> Any:
    """`anjian.accident.grade` partition by partition."""
    from . import accident

    return map_batch(accidents, lambda part: accident.grade(part, **options))


def identify_many(inventory: Any, exposed_people: Any = None, *, by: str = "unit", **options: Any) -> Any:
    """`anjian.hazard.identify_many` with each unit's lines shuffled into one partition."""
    from . import hazard

    return map_batch(inventory, lambda part: hazard.identify_many(part, exposed_people, by=by, **options),
                     shuffle_on=by)
