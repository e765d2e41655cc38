"""Accident grading, GB 18218 identification and trigger windows against the numpy/pandas code an
analyst would write for the same answers, in the same run, results checked equal. Prints ratios.
Run: .venv/bin/python benchmarks/bench_hazards.py
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import anjian
from timing import best_of


def report(what: str, ours: float, theirs: float, baseline: str) -> None:
    print(f"{what:44} anjian {ours:8.4f} s   {baseline} {theirs:8.4f} s   ratio {theirs / ours:5.1f}x")


def accidents(n: int, rng: np.random.Generator) -> None:
    deaths = rng.poisson(0.5, n)
    injuries = rng.poisson(1.0, n)
    loss = rng.integers(0, 200_000_000, n)

    def numpy_levels():  # 第三条 by hand: the highest level any criterion reaches
        per = [np.select([x >= b[2], x >= b[1], x >= b[0]], [4, 3, 2], 1) for x, b in
               ((deaths, (3, 10, 30)), (injuries, (10, 50, 100)), (loss, (10**7, 5 * 10**7, 10**8)))]
        return np.maximum.reduce(per)

    ours, got = best_of(lambda: anjian.accident.classify(deaths, injuries, loss))
    theirs, want = best_of(numpy_levels)
    assert np.array_equal(got, want)
    report(f"accident levels, {n:,} accidents", ours, theirs, "numpy")


def inventory(n_units: int, rng: np.random.Generator) -> None:
    table = anjian.hazard.table()
    named = [(c.name, c.q_grams / 1e6) for c in table.chemicals if c.row and len(table.find(c.name)) == 1]
    pick = rng.integers(0, len(named), n_units * 4)
    inv = pd.DataFrame({"unit": np.repeat(np.arange(n_units), 4), "substance": [named[i][0] for i in pick],
                        "tonnes": rng.integers(0, 50_000, n_units * 4) / 1000})
    q = pd.DataFrame(named, columns=["substance", "q_t"])

    def pandas_s():  # S = Σ q/Q per unit with a merge and a group-by
        m = inv.merge(q, on="substance", how="left")
        return (m["tonnes"] / m["q_t"]).groupby(m["unit"]).sum()

    ours, got = best_of(lambda: anjian.hazard.identify_many(inv))
    theirs, want = best_of(pandas_s)
    assert np.allclose(got["s"].to_numpy(), want.to_numpy(), rtol=1e-12)
    report(f"GB 18218 S per unit, {n_units:,} units x 4 lines", ours, theirs, "pandas")


def windows(n: int, rng: np.random.Generator) -> None:
    events = pd.DataFrame({"date": pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 1000, n), unit="D"),
                           "kind": "penalty", "unit": rng.integers(0, n // 10, n).astype(str),
                           "major_hazard": rng.random(n) < 0.3})
    rule = anjian.triggers.rules()

    def pandas_closure():  # 3 penalties within 180 days (last <= first + 180 d) with a flagged one among them
        e = events.sort_values(["unit", "date"], kind="stable")
        day = e["date"].to_numpy().astype("datetime64[D]").astype(np.int64)
        unit = e["unit"].to_numpy()
        flag = e["major_hazard"].to_numpy()
        fired, j = [], 0
        for i in range(len(e)):  # two pointers: j is the oldest event of the unit within 180 days of i
            if unit[j] != unit[i]:
                j = i
            if i + 1 < len(e) and unit[i + 1] == unit[i] and day[i + 1] == day[i]:
                continue  # the events of one day are judged together, after the day's last one
            while day[i] - day[j] > 180:
                j += 1
            if i - j + 1 >= 3 and flag[j:i + 1].any():
                fired.append(e.index[i])
        return sorted(fired)

    def ours_closure():
        out = anjian.triggers.evaluate(events, [rule])
        hit = out[out["rule"] == "closure_three_penalties_180_days"]
        return sorted(ev[-1] for ev in hit["events"])

    ours, got = best_of(ours_closure)
    theirs, want = best_of(pandas_closure)
    assert got == want
    report(f"180-day closure windows, {n:,} penalties", ours, theirs, "pandas+loop")


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true", help="tiny sizes (make test runs this)")
    scale = 100 if ap.parse_args().smoke else 1
    rng = np.random.default_rng(0)
    accidents(1_000_000 // scale, rng)
    inventory(100_000 // scale, rng)
    windows(200_000 // scale, rng)


if __name__ == "__main__":
    main()
