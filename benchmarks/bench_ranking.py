"""Ranking 3,000 units on 14 indicators with entropy weights and TOPSIS: anjian beside a
straightforward numpy implementation of the same method, in the same run, once and for 120
monthly periods. Checks the scores agree, prints times and ratios.
Run: .venv/bin/python benchmarks/bench_ranking.py [--repeat K]
"""

from __future__ import annotations

import argparse

import numpy as np

import anjian
from timing import best_of


def numpy_entropy_topsis(x: np.ndarray) -> np.ndarray:
    """What an analyst would write: entropy weights, vector normalisation, TOPSIS closeness."""
    p = x / x.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0)
    e = -plogp.sum(axis=0) / np.log(x.shape[0])
    w = (1 - e) / (1 - e).sum()
    v = x / np.sqrt((x ** 2).sum(axis=0)) * w
    ideal, anti = v.max(axis=0), v.min(axis=0)
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    return d_minus / (d_plus + d_minus)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--smoke", action="store_true", help="tiny sizes, once (make test runs this)")
    args = ap.parse_args()
    rng = np.random.default_rng(3)
    units, periods = (30, 3) if args.smoke else (3000, 120)
    args.repeat = 1 if args.smoke else args.repeat
    one = rng.uniform(1, 100, (units, 14))
    batch = rng.uniform(1, 100, (periods, units, 14))
    dirs = [1] * 14

    rows = []
    t_np, s_np = best_of(lambda: numpy_entropy_topsis(one), args.repeat)
    t_ours, r = best_of(lambda: anjian.ranking.rank(one, "entropy", dirs, method="topsis"), args.repeat)
    assert np.allclose(r.scores, s_np, atol=1e-12)
    rows.append((f"{units:,} units x 14, entropy + TOPSIS", t_ours, t_np))

    t_np, s_np = best_of(lambda: np.stack([numpy_entropy_topsis(m) for m in batch]), max(1, args.repeat // 2))
    t_ours, (scores, _, _) = best_of(lambda: anjian.ranking.rank_batch(batch, "entropy", dirs, method="topsis"),
                                     max(1, args.repeat // 2))
    assert np.allclose(scores, s_np, atol=1e-12)
    rows.append((f"{periods} periods x {units:,} x 14 (one batch call)", t_ours, t_np))

    print(f"{'case':44} {'anjian s':>9} {'numpy s':>9} {'numpy/anjian':>13}")
    for name, ours, theirs in rows:
        print(f"{name:44} {ours:9.4f} {theirs:9.4f} {theirs / ours:12.2f}x")
    print("(anjian also returns ranks, normalised and weighted matrices, ideals, distances and contributions)")


if __name__ == "__main__":
    main()
