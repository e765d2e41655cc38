"""The path a user runs, timed by stage so the slowest is visible: event rows from a CSV file and from
a Parquet file, to the bulletin frames and the published workbook -- read, aggregate (every row
checked: unit, date, whole counts, money in whole fen, a part not above its whole), compute the
indicators of a month, rank with red/black lists, write the workbook. The files are made first (not
timed). Run: .venv/bin/python benchmarks/bench_pipeline.py [--rows N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd

import anjian
from bench_aggregate import make_events


def stage(timings: dict[str, float], name: str, fn):
    t0 = time.perf_counter()
    out = fn()
    timings[name] = time.perf_counter() - t0
    return out


def run(events_of, label: str, rows: int, out_dir: Path) -> None:
    t: dict[str, float] = {}
    events = stage(t, "read", events_of)
    reports = stage(t, "aggregate (with every row checked)", lambda: anjian.indicators.aggregate(events))
    stage(t, "compute (indicators of 2024-06)", lambda: anjian.indicators.compute(reports, "2024-06"))
    board = stage(t, "rank + lists (the bulletin frames)", lambda: anjian.bulletin(reports, "2024-06"))
    stage(t, "write the workbook", lambda: board.to_excel(out_dir / f"bulletin-{label}.xlsx"))
    total = sum(t.values())
    slowest = max(t, key=t.__getitem__)
    print(f"{rows:,} events from {label}: {total:.2f} s in all ({rows / total / 1e6:.2f} M events/s); "
          f"slowest stage: {slowest}")
    for name, seconds in t.items():
        print(f"  {name:40} {seconds:8.3f} s  {seconds / total:6.1%}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--smoke", action="store_true", help="20,000 rows (make test runs this)")
    args = ap.parse_args()
    if args.smoke:
        args.rows = 20_000
    events = make_events(args.rows, 19)
    events["date"] = events["date"] + pd.Timedelta(days=365)  # 2024-01 .. 2025-12: 2024-06 has a year before it
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        csv, parquet = out / "events.csv", out / "events.parquet"
        events.to_csv(csv, index=False)
        run(lambda: pd.read_csv(csv, parse_dates=["date"], dtype={"unit": "category"}), "CSV", args.rows, out)
        try:
            events.to_parquet(parquet, index=False)
        except ImportError as exc:
            print(f"(Parquet skipped: {str(exc).splitlines()[0]} pip install -r requirements/bench.txt)")
            return
        run(lambda: pd.read_parquet(parquet), "Parquet", args.rows, out)


if __name__ == "__main__":
    main()
