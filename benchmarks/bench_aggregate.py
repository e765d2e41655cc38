"""Aggregating 10 million events into unit x month base fields: anjian beside the pandas
groupby an analyst would otherwise write (and DuckDB and Polars for reference), in the
same run on the same data. Checks every result equals anjian's, then prints times and
ratios. Also prints the read floor (a single-threaded numpy pass over the same input columns) and how
much the peak memory grows while anjian aggregates. Run: .venv/bin/python benchmarks/bench_aggregate.py
[--rows N [N ...]] [--repeat K] [--without pandas polars] (100 M rows: 10 GB of columns; pandas and
Polars would copy them)
"""

from __future__ import annotations

import argparse
import functools
import os

import numpy as np
import pandas as pd

import anjian
from timing import best_of_each

FIELDS = ["inspection_teams", "enterprises_inspected", "hazards_found", "major_hazards_found", "hazards_rectified",
          "major_hazards_rectified", "cases_filed", "cases_closed", "suspensions", "criminal_transfers",
          "correction_orders"]


def make_events(rows: int, units: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    start = np.datetime64("2023-01-01T00:00:00", "ns")
    seconds = rng.integers(0, 2 * 365 * 86_400, rows)
    data = {
        "unit": pd.Categorical.from_codes(rng.integers(0, units, rows), categories=[f"unit{u:04d}" for u in range(units)]),
        "date": start + seconds.astype("timedelta64[s]"),
    }
    for f in FIELDS:
        data[f] = rng.integers(0, 3, rows)
    data["major_hazards_found"] = np.minimum(data["major_hazards_found"], data["hazards_found"])
    data["major_hazards_rectified"] = np.minimum(data["major_hazards_rectified"], data["hazards_rectified"])
    data["fines_yuan"] = rng.integers(0, 1_000_000, rows) / 100.0  # yuan with fen
    return pd.DataFrame(data)


def with_anjian(events: pd.DataFrame) -> pd.DataFrame:
    return anjian.indicators.aggregate(events)


def with_pandas(events: pd.DataFrame) -> pd.DataFrame:
    month = events["date"].dt.to_period("M")
    values = events.drop(columns=["unit", "date"])
    return values.groupby([events["unit"], month], observed=True, sort=True).sum()


def with_duckdb(events: pd.DataFrame) -> pd.DataFrame:
    import duckdb

    sums = ", ".join(f"sum({f}) as {f}" for f in FIELDS + ["fines_yuan"])
    con = duckdb.connect()
    con.execute(f"PRAGMA threads={os.cpu_count()}")
    return con.execute(f"select unit, strftime(date, '%Y-%m') as month, {sums} from events "
                       "group by all order by unit, month").df()


def with_polars(events: pd.DataFrame):
    import polars as pl

    # Built from numpy (no pyarrow needed); units as their category codes, as pandas groups them.
    frame = pl.DataFrame({"unit": events["unit"].cat.codes.to_numpy(), "date": events["date"].to_numpy(),
                          **{f: events[f].to_numpy() for f in FIELDS + ["fines_yuan"]}})
    return (frame.group_by([pl.col("unit"), pl.col("date").dt.truncate("1mo").alias("month")])
            .agg([pl.col(f).sum() for f in FIELDS + ["fines_yuan"]]).sort(["unit", "month"]))


def read_floor(events: pd.DataFrame) -> float:
    """The floor: one single-threaded numpy pass over every input column anjian reads (unit codes,
    dates, fields) -- no aggregation can read its input faster."""
    total = 0.0
    for c in events.columns:
        values = events[c].cat.codes.to_numpy() if c == "unit" else events[c].to_numpy()
        total += float(values.view(np.int64).sum() if values.dtype.kind == "M" else values.sum())
    return total


def peak_rss_growth(fn, events) -> int:
    """Bytes the process's peak resident memory grows by while fn runs (Linux: the peak is reset
    first through /proc/self/clear_refs); 0 where that is not available."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        before = _status_kb("VmRSS")
        fn(events)
        return max(0, _status_kb("VmHWM") - before) * 1024
    except OSError:
        return 0


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise OSError(field)


def check_equal(name: str, ours: pd.DataFrame, theirs: pd.DataFrame) -> None:
    theirs = theirs.reset_index() if "unit" not in theirs.columns else theirs
    assert len(ours) == len(theirs), f"{name}: {len(theirs)} groups, anjian {len(ours)}"
    for f in FIELDS:
        assert np.array_equal(ours[f].to_numpy(), np.asarray(theirs[f], dtype=np.int64)), f"{name}: {f} differs"
    fen = np.round(np.asarray(theirs["fines_yuan"], dtype=float) * 100).astype(np.int64)
    ours_fen = np.array([int(v * 100) for v in ours["fines_yuan"]], dtype=np.int64)
    assert np.array_equal(ours_fen, fen), f"{name}: fines differ"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--units", type=int, default=19)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--smoke", action="store_true", help="20,000 rows once (make test runs this)")
    ap.add_argument("--without", nargs="+", default=[], choices=["pandas", "duckdb", "polars"],
                    help="leave these out: pandas and Polars copy the input (100 M rows: 10 GB more)")
    args = ap.parse_args()
    if args.smoke:
        args.rows, args.repeat = [20_000], 1
    for rows in args.rows:
        # Smaller inputs take more runs (20 million rows' worth), so that the best of them is not one
        # disturbed by the other work of a shared machine.
        run(rows, args.units, args.repeat if args.smoke else max(args.repeat, -(-20_000_000 // rows)),
            frozenset(args.without))


def run(rows: int, units: int, repeat: int, without: frozenset[str] = frozenset()) -> None:
    events = make_events(rows, units)
    input_mb = sum(events[c].memory_usage(index=False, deep=False) for c in events.columns) / 2**20
    print(f"{rows:,} events ({input_mb:,.0f} MB of columns), {units} units, 24 months, {len(FIELDS)} count fields "
          f"+ fines_yuan; best of {repeat}, {os.cpu_count()} cores")
    grown = peak_rss_growth(with_anjian, events) / 2**20  # first: later runs reuse memory freed before
    methods = [("anjian.indicators.aggregate", with_anjian), ("read floor", read_floor)]
    if "pandas" not in without:
        methods.append(("pandas groupby (to_period + sum)", with_pandas))
    for name, fn, module in (("duckdb", with_duckdb, "duckdb"), ("polars", with_polars, "polars")):
        if name in without:
            continue
        try:
            __import__(module)
            methods.append((name, fn))
        except ImportError as exc:
            print(f"({name} skipped: {exc}; pip install -r requirements/bench.txt)")
    # Taken in turn, run by run: a spell of load on the shared machine falls on every method alike.
    timed = best_of_each([functools.partial(fn, events) for _, fn in methods], repeat)
    (t_ours, ours), (t_floor, _) = timed[0], timed[1]
    print(f"read floor (numpy .sum() of each input column, 1 thread): {t_floor:.3f} s; anjian is {t_ours / t_floor:.1f}x "
          f"the floor (target <= 2x); peak memory +{grown:,.0f} MB while aggregating ({grown / input_mb:.2f}x the input)")
    results = []
    for (name, _), (t, res) in zip(methods, timed):
        if name == "read floor":
            continue
        if not isinstance(res, pd.DataFrame):  # polars: via numpy, no pyarrow needed
            res = pd.DataFrame({c: res[c].to_numpy() for c in res.columns})
        results.append((name, t, res))
    for name, _, res in results[1:]:
        check_equal(name, ours, res)
    print(f"{'method':36} {'seconds':>8} {'M rows/s':>9} {'anjian is':>12}")
    for name, t, _ in results:
        ratio = "" if t is t_ours else f"{t / t_ours:.1f}x faster"
        print(f"{name:36} {t:8.3f} {rows / t / 1e6:9.1f} {ratio:>12}")
    print()


if __name__ == "__main__":
    main()
