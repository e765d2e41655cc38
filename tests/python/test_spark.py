"""anjian.spark in pyspark's local mode (2 cores, Python workers in separate processes): whatever the
partitioning, the answers are exactly those of one process; a refused row names its partition."""

import os
import sys

import numpy as np
import pandas as pd
import pytest

import anjian
from anjian import demo, indicators, penalty, triggers
from cluster_cases import assert_same_firings, many_years_of_events

pyspark = pytest.importorskip("pyspark")
if int(pd.__version__.split(".")[0]) >= 3:  # pyspark 4.3 says so itself, and its Arrow conversion fails
    pytest.skip("PySpark 4.3 does not support pandas 3", allow_module_level=True)
import anjian.spark as asp  # noqa: E402

# Once, under the pinned pandas: a Spark session costs most of a minute, PySpark does not run under pandas 3,
# and the frames it hands over are read by the conversion the other suites check under each pandas.
pytestmark = pytest.mark.pinned_pandas


@pytest.fixture(scope="module")
def spark():
    import shutil

    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        if os.environ.get("CI"):
            pytest.fail("Spark needs a JDK (java on PATH or JAVA_HOME)")
        pytest.skip("Spark needs a JDK (java on PATH or JAVA_HOME)")
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers import anjian from this interpreter
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("anjian-tests")
               .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.shuffle.partitions", "4").config("spark.sql.execution.arrow.maxRecordsPerBatch", "997")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def spread(spark, frame, partitions, seed):
    """The frame as a Spark DataFrame of `partitions` partitions, rows dealt at random."""
    rng = np.random.default_rng(seed)
    return spark.createDataFrame(frame.take(rng.permutation(len(frame)))).repartition(partitions)


@pytest.mark.parametrize("partitions, seed", [(1, 0), (3, 1), (8, 2)])
def test_the_merged_reports_equal_one_process(spark, partitions, seed):
    events = demo.events().astype({"unit": str})  # Arrow batches of 997 rows: a partition is many batches
    got = asp.aggregate(spread(spark, events, partitions, seed), split_every=2)
    pd.testing.assert_frame_equal(got, indicators.aggregate(events))


def test_empty_partitions_and_whole_units_per_partition_change_nothing(spark):
    events = demo.events().astype({"unit": str})
    by_unit = spark.createDataFrame(events).repartition(32, "unit")  # 19 units: many partitions are empty
    sizes = by_unit.rdd.glom().map(len).collect()
    assert sizes.count(0) >= 13
    pd.testing.assert_frame_equal(asp.aggregate(by_unit), indicators.aggregate(events))


def test_money_in_fen_merges_exactly(spark):
    events = pd.DataFrame({"unit": ["甲"] * 6, "date": pd.to_datetime(["2024-01-05"] * 6),
                           "fines_yuan": [0.1, 0.2, 0.3, 1e9 + 0.01, 0.05, 0.04]})
    got = asp.aggregate(spread(spark, events, 6, 0))
    pd.testing.assert_frame_equal(got, indicators.aggregate(events))
    assert str(got["fines_yuan"].iloc[0]) == "1000000000.70"


def test_the_bulletin_equals_one_process(spark):
    events = demo.events().astype({"unit": str})
    one = anjian.bulletin(indicators.aggregate(events), "2024-06")
    many = asp.bulletin(spread(spark, events, 4, 3), "2024-06")
    for part in ("table", "board", "flags", "points"):
        pd.testing.assert_frame_equal(getattr(many, part), getattr(one, part), obj=part)
    assert (many.red, many.black) == (one.red, one.black)


def test_trigger_rules_equal_one_process_with_units_split_across_partitions(spark):
    events = demo.incidents().reset_index(names="event_id")
    assert_same_firings(asp.triggers(spread(spark, events, 5, 4), index="event_id"),
                        triggers.evaluate(events.set_index("event_id").sort_index()))  # a day's events by label


def test_trigger_rules_in_year_shards_equal_one_process_across_year_ends(spark):
    packs = ["national/triggers", "examples/triggers_jiaxing", "examples/triggers_veto"]
    events = many_years_of_events(seed=12)
    one = triggers.evaluate(events.sort_index(), packs)  # a day's events by label
    assert len(one) > 500
    assert_same_firings(asp.triggers(spread(spark, events.reset_index(), 4, 6), packs, index="event"), one)


def test_batches_append_the_answers_to_the_rows(spark):
    rng = np.random.default_rng(3)
    n = 300
    cases = pd.DataFrame({"case": [f"案{i}" for i in range(n)], "level": rng.integers(1, 5, n),
                          "act_date": pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 3000, n), unit="D")})
    expected = penalty.Engine().accident_fines(cases.set_index("case"))
    got = asp.accident_fines(spread(spark, cases, 3, 5)).toPandas().set_index("case").loc[expected.index]
    for column in ("min_yuan", "max_yuan", "recommended_yuan"):
        assert [int(v) for v in got[column]] == [int(v) for v in expected[column]], column
    assert got["basis"].tolist() == expected["basis"].tolist()
    assert got["level"].tolist() == cases.set_index("case").loc[expected.index, "level"].tolist()


def test_a_refused_row_is_named_with_its_partition(spark):
    events = demo.events().astype({"unit": str}).head(50).astype({"date": object})
    events.loc[30, "date"] = "不是日期"
    events.loc[41, "date"] = "也不是"
    with pytest.raises(anjian.InputError, match=r"2 of 50 rows refused") as info:
        asp.aggregate(spark.createDataFrame(events.astype({"date": str})).coalesce(1))
    assert [(p["file"], p["row"], p["column"]) for p in info.value.problems] == [
        ("partition 0", 30, "date"), ("partition 0", 41, "date")]
    assert "partition 0, column 'date', row 30" in str(info.value)


def test_a_pandas_frame_is_refused_by_name():
    with pytest.raises(anjian.Error, match="must be a pyspark.sql.DataFrame.*use the anjian function itself"):
        asp.aggregate(demo.events())


@pytest.mark.parametrize("call, parameters", [
    ("aggregate", ["events", "by", "date", "catalog", "extra", "split_every"]),
    ("bulletin", ["events", "period", "by", "catalog"]),
    ("triggers", ["events", "packs", "index", "partitions"]),
    ("map_batch", ["frame", "batch", "shuffle_on"]),
    ("accident_fines", ["cases", "engine", "sector"]),
])
def test_every_wrong_argument_is_an_anjian_error(spark, call, parameters):
    events = spark.createDataFrame(demo.events().astype({"unit": str}).head(100))
    cases = spark.createDataFrame(pd.DataFrame({"level": [2, 3], "act_date": pd.to_datetime(["2024-01-05"] * 2)}))
    valid = {"aggregate": dict(events=events), "bulletin": dict(events=events, period="2024-01"),
             "triggers": dict(events=spark.createDataFrame(demo.incidents().head(20)), packs=None),
             "map_batch": dict(frame=cases, batch=penalty.Engine().accident_fines),
             "accident_fines": dict(cases=cases)}[call]
    function = getattr(asp, call)
    for parameter in parameters:
        for wrong in (None, object(), -1, "不存在"):
            if wrong is None and parameter in ("catalog", "packs", "engine", "shuffle_on", "partitions"):
                continue  # None is their default
            try:
                function(**{**valid, parameter: wrong})
            except anjian.Error:
                continue
            except Exception as exc:  # noqa: BLE001 -- what the test is after
                pytest.fail(f"{call}({parameter}={wrong!r}): {type(exc).__name__}: {exc}"[:300])
