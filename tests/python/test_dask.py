"""anjian.dask on a LocalCluster of separate worker processes: whatever the partitioning (empty
partitions, a unit split across many, rows in any order), the answers are exactly those of one
process; a worker that dies mid-task changes nothing; a refused row names its partition."""

import os

import numpy as np
import pandas as pd
import pytest

import anjian
from anjian import demo, indicators, penalty, triggers
from cluster_cases import assert_same_firings, many_years_of_events

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
import anjian.dask as ad  # noqa: E402


@pytest.fixture(scope="module")
def client():
    # The scheduler's HTTP server on a free port (None still takes 8787): the suites under each pandas run
    # side by side, each with its cluster.
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                       worker_dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def pieces(frame, seed, empty=True):
    """The frame's rows shuffled and cut into partitions of random sizes, some of them empty."""
    rng = np.random.default_rng(seed)
    rows = frame.take(rng.permutation(len(frame)))
    cuts = np.sort(rng.integers(0, len(rows) + 1, rng.integers(1, 12)))
    parts = np.split(np.arange(len(rows)), cuts)
    if empty:
        parts.insert(int(rng.integers(0, len(parts) + 1)), np.arange(0))
    return dd.concat([dd.from_pandas(rows.take(p), npartitions=1, sort=False) for p in parts])


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_merged_reports_equal_one_process_whatever_the_partitioning(client, seed):
    ddf = pieces(demo.events(), seed)
    assert ddf.npartitions >= 2
    expected = indicators.aggregate(ddf.compute())  # the same rows, as one process reads them
    pd.testing.assert_frame_equal(ad.aggregate(ddf, split_every=2 + seed), expected)


def test_money_in_fen_merges_exactly_across_partitions(client):
    events = pd.DataFrame({"unit": ["甲"] * 6, "date": pd.to_datetime(["2024-01-05"] * 6),
                           "fines_yuan": [0.1, 0.2, 0.3, 1e9 + 0.01, 0.05, 0.04]})
    ddf = dd.concat([dd.from_pandas(events.iloc[[i]], npartitions=1) for i in range(6)])
    got = ad.aggregate(ddf)
    pd.testing.assert_frame_equal(got, indicators.aggregate(ddf.compute()))
    assert str(got["fines_yuan"].iloc[0]) == "1000000000.70"


def test_the_bulletin_equals_one_process(client):
    ddf = pieces(demo.events(), 7)
    one = anjian.bulletin(indicators.aggregate(ddf.compute()), "2024-06")
    many = ad.bulletin(ddf, "2024-06")
    for part in ("table", "board", "flags", "points"):
        pd.testing.assert_frame_equal(getattr(many, part), getattr(one, part), obj=part)
    assert (many.red, many.black) == (one.red, one.black)


def test_the_bulletin_of_units_in_another_column_equals_one_process(client):
    events = demo.events().rename(columns={"unit": "county"})
    ddf = pieces(events, 8)
    one = anjian.bulletin(indicators.aggregate(ddf.compute(), "county").rename(columns={"county": "unit"}), "2024-06")
    many = ad.bulletin(ddf, "2024-06", by="county")
    pd.testing.assert_frame_equal(many.table, one.table)
    assert (many.red, many.black) == (one.red, one.black)


def test_trigger_rules_equal_one_process_with_units_split_across_partitions(client):
    for seed in (0, 5):
        ddf = pieces(demo.incidents(), seed)
        assert_same_firings(ad.triggers(ddf), triggers.evaluate(ddf.compute().sort_index()))


@pytest.mark.parametrize("seed", [0, 1])
def test_trigger_rules_in_year_shards_equal_one_process_across_year_ends(client, seed):
    packs = ["national/triggers", "examples/triggers_jiaxing", "examples/triggers_veto"]
    ddf = pieces(many_years_of_events(), seed)
    one = triggers.evaluate(ddf.compute().sort_index(), packs)  # a day's events by label
    assert len(one) > 500 and len(set(one["rule"])) >= 8
    assert_same_firings(ad.triggers(ddf, packs), one)


def test_batches_partition_by_partition_equal_one_process(client):
    rng = np.random.default_rng(3)
    n = 500
    cases = pd.DataFrame({"level": rng.integers(1, 5, n),
                          "act_date": pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 3000, n), unit="D")},
                         index=[f"案{i}" for i in range(n)])
    ddf = pieces(cases, 4)
    expected = penalty.Engine().accident_fines(ddf.compute())
    got = ad.accident_fines(ddf).compute()
    pd.testing.assert_frame_equal(got.loc[expected.index], expected)
    inventory = pd.DataFrame({"unit": np.repeat([f"罐区{i}" for i in range(40)], 3),
                              "substance": rng.choice(["氯", "氨", "甲醇", "汽油"], 120),
                              "tonnes": rng.integers(1, 400_000, 120) / 1000})
    ddf = pieces(inventory, 9)
    one = anjian.hazard.identify_many(ddf.compute())
    many = ad.identify_many(ddf).compute()
    pd.testing.assert_frame_equal(many.sort_index(), one.sort_index())


def test_a_refused_row_is_named_with_its_partition(client):
    events = demo.events().head(300).reset_index(drop=True)
    events["date"] = events["date"].astype(object)
    events.loc[250, "date"] = "不是日期"
    ddf = dd.concat([dd.from_pandas(events.iloc[:200], npartitions=1), dd.from_pandas(events.iloc[200:], npartitions=1)])
    with pytest.raises(anjian.InputError, match=r"partition 1, column 'date', row 250"):
        ad.aggregate(ddf)


def _load(piece, marker):
    """A partition that kills its worker the first time it is loaded."""
    if not os.path.exists(marker):
        open(marker, "w").close()
        os._exit(1)
    return piece


def test_a_worker_that_dies_mid_task_does_not_change_the_result(client, tmp_path):
    events = demo.events()
    parts = [events.iloc[i::4] for i in range(4)]
    marker = str(tmp_path / "died-once")
    ddf = dd.from_map(lambda k: _load(parts[k], marker) if k == 2 else parts[k], range(4),
                      meta=events.iloc[:0], enforce_metadata=False)
    pd.testing.assert_frame_equal(ad.aggregate(ddf), indicators.aggregate(events))
    assert os.path.exists(marker)  # the worker did die once


def test_a_pandas_frame_is_refused_by_name():
    with pytest.raises(anjian.Error, match="must be a dask.dataframe.DataFrame.*use the anjian function itself"):
        ad.aggregate(demo.events())
    with pytest.raises(anjian.Error, match="split_every"):
        ad.aggregate(dd.from_pandas(demo.events(), npartitions=2), split_every=1)
