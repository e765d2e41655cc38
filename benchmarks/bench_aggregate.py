"""Aggregating 10 million events into unit x month base fields: anjian beside the pandas
groupby an analyst would otherwise write (and DuckDB and Polars for reference), in the
same run on the same data. Checks every result equals anjian's, then prints times and
ratios. Run: .venv/bin/python benchmarks/bench_aggregate.py [--rows N] [--repeat K]
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import pandas as pd

import anjian

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


def best_of(fn, events, repeat):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn(events)
        times.append(time.perf_counter() - t0)
    return min(times), result


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
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--units", type=int, default=19)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    events = make_events(args.rows, args.units)
    print(f"{args.rows:,} events, {args.units} units, 24 months, {len(FIELDS)} count fields + fines_yuan; "
          f"best of {args.repeat}, {os.cpu_count()} cores\n")
    t_ours, ours = best_of(with_anjian, events, args.repeat)
    rows = [("anjian.indicators.aggregate", t_ours, ours)]
    rows.append(("pandas groupby (to_period + sum)", *best_of(with_pandas, events, args.repeat)))
    for name, fn in (("duckdb", with_duckdb), ("polars", with_polars)):
        try:
            t, res = best_of(fn, events, args.repeat)
            if not isinstance(res, pd.DataFrame):  # polars: via numpy, no pyarrow needed
                res = pd.DataFrame({c: res[c].to_numpy() for c in res.columns})
            rows.append((name, t, res))
        except ImportError as exc:
            print(f"({name} skipped: {exc}; pip install -r requirements/bench.txt)")
    for name, _, res in rows[1:]:
        check_equal(name, ours, res)
    print(f"{'method':36} {'seconds':>8} {'M rows/s':>9} {'anjian is':>12}")
    for name, t, _ in rows:
        ratio = "" if t is t_ours else f"{t / t_ours:.1f}x faster"
        print(f"{name:36} {t:8.3f} {args.rows / t / 1e6:9.1f} {ratio:>12}")


if __name__ == "__main__":
    main()
