"""Penalty recommendations for one million synthetic accident cases: the batch (one C++ call, no
trace) beside the single-case API with its trace called per row (on a sample, extrapolated), in
the same run. Prints cases per second and the ratio.
Run: .venv/bin/python benchmarks/bench_penalty.py
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

import anjian


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true", help="tiny sizes (make test runs this)")
    smoke = ap.parse_args().smoke
    n = 10_000 if smoke else 1_000_000
    rng = np.random.default_rng(0)
    cases = pd.DataFrame({"level": rng.integers(1, 5, n),
                          "act_date": pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 3650, n), unit="D")})
    cases["decision_date"] = cases["act_date"] + pd.to_timedelta(rng.integers(0, 200, n), unit="D")
    cases["aggravated"] = rng.random(n) < 0.05
    engine = anjian.penalty.Engine()

    best = min(_timed(lambda: engine.accident_fines(cases)) for _ in range(3))
    sample = cases.head(n // 50)
    rows = list(zip(sample.level, sample.act_date.dt.date, sample.decision_date.dt.date, sample.aggravated))
    per_row = _timed(lambda: [engine.accident_fine(int(l), a, d, bool(g)) for l, a, d, g in rows]) / len(rows) * n
    print(f"{n:,} accident cases")
    print(f"{'batch, no trace (accident_fines)':40} {best:8.3f} s {n / best / 1e6:8.2f} M cases/s")
    print(f"{'per row with trace (accident_fine)':40} {per_row:8.3f} s {n / per_row / 1e6:8.2f} M cases/s (extrapolated)")
    print(f"batch / per-row-with-trace speed ratio: {per_row / best:.1f}x")
    one_decision(500 if smoke else 20_000)


def one_decision(calls: int = 20_000) -> None:
    """One recommendation with its full trace, called from Python: the median of many calls, beside
    the C++ engine's own time for it (the same call through the binding, without the Python layer)."""
    import datetime as dt
    import statistics

    engine = anjian.penalty.Engine()
    day = dt.date(2023, 1, 1)
    core = engine._engine

    def median_us(fn) -> float:
        times = []
        for _ in range(calls):
            t0 = time.perf_counter_ns()
            fn()
            times.append(time.perf_counter_ns() - t0)
        return statistics.median(times) / 1000

    python = median_us(lambda: engine.recommend("accident_unit", {"level": "较大"}, day))
    read = median_us(lambda: engine.recommend("accident_unit", {"level": "较大"}, day).trace)
    binding = median_us(lambda: core.recommend(anjian.penalty.Recommendation, "accident_unit", "unit", {"level": "较大"},
                                               None, None, [], False, None, None, False, day, None))
    # The trace is written by the engine on every decision; Python decodes its text when it is read.
    print(f"one decision with its trace from Python: median {python:.1f} us (the binding's call, the C++ engine "
          f"and the Recommendation it makes: {binding:.1f} us; target 5 us); reading its trace too: {read:.1f} us")


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
