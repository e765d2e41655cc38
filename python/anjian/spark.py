"""anjian on Spark: the bulletin, trigger rules and batches over a pyspark DataFrame, with exactly the
answers of one process.

    import anjian.spark
    events = spark.read.parquet("events/")
    b = anjian.spark.bulletin(events, "2024-06")          # the same Bulletin as anjian.bulletin
    reports = anjian.spark.aggregate(events)              # the merged reports frame (unit x month)
    fired = anjian.spark.triggers(events, index="event_id")
    fines = anjian.spark.accident_fines(cases)            # the cases with their fines (decimal(20,2))

The same partial aggregate as `anjian.dask`: each partition's Arrow batches are summed per (unit,
month) in C++ and merged within the partition (`mapInPandas`); each partition ships one partial
(counts and whole fen, pickled), and the driver merges them exactly, `split_every` at a time as they
arrive, so its memory holds units x months x fields, never events. Trigger rules: the events are
repartitioned into shards of (group, year) for each group key the rules use, each shard also holding
the group's events of the longest window before its year, and each shard evaluated by itself -- the
only step that moves events. Batches that answer row by row run partition by partition.

Python workers must import anjian: run Spark with `PYSPARK_PYTHON` naming an interpreter that has it.
A refused row is named with its partition and its row within it ("partition 3, column 'date', row
12045"). Dates: a date column, or timestamps in the session time zone.
"""

from __future__ import annotations

import pickle
from decimal import Decimal
from typing import Any, Callable, Iterator

import numpy as np
import pandas as pd

from . import _args, _partials
from ._core import Error


def _spark_frame(sdf: Any, name: str) -> Any:
    try:
        from pyspark.sql import DataFrame
    except ImportError:
        raise Error("anjian.spark needs pyspark: pip install pyspark") from None
    if not isinstance(sdf, DataFrame):
        raise Error(f"{name} must be a pyspark.sql.DataFrame, got {type(sdf).__name__}"
                    + (" (for a pandas DataFrame use the anjian function itself)" if isinstance(sdf, pd.DataFrame) else ""))
    return sdf


def _partition() -> int | None:
    from pyspark import TaskContext

    context = TaskContext.get()
    return context.partitionId() if context is not None else None


def _numbered(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """A partition's Arrow batches, each indexed by its rows' places in the partition."""
    offset = 0
    for batch in batches:
        yield batch.set_axis(pd.RangeIndex(offset, offset + len(batch)), axis=0)
        offset += len(batch)


def _whole(batches: Iterator[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    parts = list(_numbered(batches))
    return pd.concat(parts) if parts else pd.DataFrame(columns=columns)


# What a partition sends the driver: its result, or the anjian error that refused its rows (raised
# again on the driver as it was raised, located, rather than buried in a Java stack trace).
SHIPPED = "result binary, error binary"


def _shipped(work: Callable[[], Any]) -> pd.DataFrame:
    try:
        return pd.DataFrame({"result": [pickle.dumps(work())], "error": [None]})
    except Error as exc:
        return pd.DataFrame({"result": [None], "error": [pickle.dumps(exc)]})


def _received(row: Any) -> Any:
    if row["error"] is not None:
        raise pickle.loads(row["error"])
    return pickle.loads(row["result"])


def aggregate(events: Any, by: str = "unit", *, date: str = "date", catalog: Any = None, extra: str = "error",
              split_every: int = 64) -> pd.DataFrame:
    """The reports frame of all the events (per unit and month, the base fields summed), equal to
    `anjian.indicators.aggregate` of all the rows in one process."""
    events = _spark_frame(events, "events")
    split_every = _partials.split_every_of(split_every)
    options = dict(by=by, date=date, catalog=catalog, extra=extra)
    empty = _partials.empty_partial(_empty_events(events), **options)  # the arguments checked here, once

    def partials(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        def work() -> pd.DataFrame:
            number = _partition()
            parts = (_partials.partial(batch, number, **options) for batch in _numbered(batches))
            merged = _partials.merge_stream(parts, split_every, by=by, catalog=catalog)
            return empty if merged is None else merged

        yield _shipped(work)

    rows = events.mapInPandas(partials, SHIPPED).toLocalIterator()
    merged = _partials.merge_stream((_received(row) for row in rows), split_every, by=by, catalog=catalog)
    return empty if merged is None else merged


def _empty_events(events: Any) -> pd.DataFrame:
    """No rows, with the pandas dtypes Spark's Arrow conversion gives the columns."""
    return events.limit(0).toPandas()


def bulletin(events: Any, period: Any, *, by: str = "unit", date: str = "date", catalog: Any = None,
             split_every: int = 64, **options: Any) -> Any:
    """`anjian.bulletin` of the events' merged reports for `period`: the same Bulletin one process
    gives. options: ranking_config, missing, title."""
    period = _args.period(period, "period")  # before the work
    reports = aggregate(events, by, date=date, catalog=catalog, split_every=split_every)
    return _partials.bulletin(reports, period, by=by, catalog=catalog, **options)


def triggers(events: Any, packs: Any = None, *, index: str | None = None, partitions: int | None = None) -> pd.DataFrame:
    """`anjian.triggers.evaluate` over the events, in the canonical order (day, rule id, group). For
    the rules of each group key and date field, the events are repartitioned into shards of (group,
    year), each with a copy of the group's events of the longest window before its year, and every
    shard evaluated by itself. index: the column that labels the events (their `events` lists);
    without one, each event gets a unique number (Spark's monotonically_increasing_id) for this call."""
    from pyspark.sql import functions, types

    events = _spark_frame(events, "events")
    groups = _partials.trigger_groups(packs)  # the packs checked before any work
    if index is None:
        index = "_anjian_event"
        events = events.withColumn(index, functions.monotonically_increasing_id())
    else:
        index = _args.text(index, "index")
        if index not in events.columns:
            raise Error(f"index: the events have no column '{index}'")
    n = partitions if partitions is not None else events.rdd.getNumPartitions()
    n = _args.whole(n, "partitions", 1, 1 << 20)
    columns = [*events.columns, _partials.BLOCK]
    blocked_schema = types.StructType([*events.schema.fields, types.StructField(_partials.BLOCK, types.LongType())])
    found: list[pd.DataFrame] = []
    for group in groups:
        if any(k not in events.columns for k in group.key):
            continue  # those rules are skipped, as one process skips them

        def blocks(batches: Iterator[pd.DataFrame], group: _partials.TriggerGroup = group) -> Iterator[pd.DataFrame]:
            for batch in batches:
                yield _partials.with_blocks(batch, group)

        def evaluate(batches: Iterator[pd.DataFrame], group: _partials.TriggerGroup = group) -> Iterator[pd.DataFrame]:
            yield _shipped(lambda: _partials.firings_of_shards(_whole(batches, columns).set_index(index), group, packs,
                                                               _partition()))

        spread = events.mapInPandas(blocks, blocked_schema).repartition(n, *group.key, _partials.BLOCK)
        found += [_received(row) for row in spread.mapInPandas(evaluate, SHIPPED).toLocalIterator()]
    return _partials.sorted_firings(found)


# -- batches, partition by partition ---------------------------------------------------------------

MONEY = Decimal("0.01")


def _money_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if str(c).endswith("_yuan")]


def _spark_money(frame: pd.DataFrame) -> pd.DataFrame:
    """A batch's result as Spark takes it: money (int yuan or Decimal) as Decimal with two places."""
    out = frame.copy()
    for c in _money_columns(frame):
        out[c] = [None if v is None or (isinstance(v, float) and np.isnan(v)) else Decimal(v).quantize(MONEY)
                  for v in out[c]]
    return out


def map_batch(frame: Any, batch: Callable[[pd.DataFrame], pd.DataFrame], shuffle_on: str | None = None) -> Any:
    """The rows of `frame` with the columns `batch` answers for them appended (a function of a pandas
    frame returning a frame with its index, such as `anjian.penalty.Engine().accident_fines`), run
    partition by partition; money as decimal(20,2). Repartitioned first by `shuffle_on` when rows must
    be together. Lazy; the result's schema is learned from the first row."""
    from pyspark.sql import types

    frame = _spark_frame(frame, "frame")
    if not callable(batch):
        raise Error(f"batch must be a function of a pandas DataFrame, got {type(batch).__name__}")
    columns = list(frame.columns)
    if shuffle_on is not None:
        shuffle_on = _args.text(shuffle_on, "shuffle_on")
        if shuffle_on not in columns:
            raise Error(f"shuffle_on: the frame has no column '{shuffle_on}'")
        frame = frame.repartition(frame.rdd.getNumPartitions(), shuffle_on)
    sample = frame.limit(1).toPandas()
    if not len(sample):
        raise Error("the frame has no rows: nothing to learn the result's columns from")
    example = _spark_money(batch(sample))
    clash = [c for c in example.columns if c in columns]
    if clash:
        raise Error(f"the batch answers column(s) the frame already has: {', '.join(map(str, clash))}")
    answered = frame.sparkSession.createDataFrame(example.reset_index(drop=True)).schema
    money = set(_money_columns(example))
    schema = types.StructType(list(frame.schema.fields) + [
        types.StructField(f.name, types.DecimalType(20, 2) if f.name in money else f.dataType, True)
        for f in answered.fields])

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        whole = _whole(batches, columns)
        if len(whole):
            answer = _spark_money(batch(_partials.located(whole, _partition())))
            yield pd.concat([whole, answer.loc[whole.index]], axis=1).reset_index(drop=True)

    return frame.mapInPandas(run, schema)


accident_fines, principal_fines, recommend_many = _partials.penalty_api(map_batch)
