"""Outputs of the peers (pymcdm, scikit-criteria) on 200 random matrices, for the comparison tests in
tests/python/test_ranking_peers.py. The peers are not dependencies: run this with a separate virtual
environment that has them (scikit-criteria needs pandas 3), then commit the vectors it writes.

    python3 -m venv build/peers && build/peers/bin/pip install pymcdm==1.4.0 scikit-criteria==0.10
    build/peers/bin/python scripts/peer_vectors.py     # writes tests/vectors/ranking_peers.json
"""

from __future__ import annotations

import json
import warnings
from importlib.metadata import version
from pathlib import Path

import numpy as np

warnings.simplefilter("ignore")
OUT = Path(__file__).resolve().parent.parent / "tests" / "vectors" / "ranking_peers.json"


def main() -> None:
    from pymcdm import methods, normalizations, weights as pw
    from skcriteria.preprocessing import weighters

    rng = np.random.default_rng(20261130)
    cases = []
    for _ in range(200):
        m, n = int(rng.integers(3, 11)), int(rng.integers(2, 7))
        x = np.round(rng.uniform(1, 1000, (m, n)), 3)
        w = rng.uniform(0.05, 1, n)
        w = w / w.sum()
        t = rng.choice([1, -1], n)
        case = {"matrix": x.tolist(), "weights": w.tolist(), "directions": t.tolist(),
                "pymcdm": {"topsis_minmax": methods.TOPSIS(normalizations.minmax_normalization)(x, w, t).tolist(),
                           "topsis_vector": methods.TOPSIS(normalizations.vector_normalization)(x, w, t).tolist(),
                           "vikor_q": methods.VIKOR(v=0.5)(x, w, t).tolist(),
                           **{f"wsm_{name}": methods.WSM(f)(x, w, t).tolist() for name, f in (
                               ("minmax", normalizations.minmax_normalization),
                               ("max", normalizations.max_normalization),
                               ("linear", normalizations.linear_normalization),
                               ("sum_inverse", normalizations.sum_normalization))},
                           "entropy_weights": pw.entropy_weights(x).tolist(),
                           "critic_weights": pw.critic_weights(x).tolist()},  # reads no directions
                "skcriteria": {"entropy_weights": weighters.entropy_weights(x).tolist(),
                               "critic_weights": weighters.critic_weights(x, objectives=t).tolist()}}
        cases.append(case)
    head = json.dumps({"generated_by": "scripts/peer_vectors.py",
                       "versions": {"pymcdm": version("pymcdm"), "scikit-criteria": version("scikit-criteria")}})
    lines = ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases)  # one matrix a line
    OUT.write_text(head[:-1] + ', "cases": [\n' + lines + "\n]}\n", encoding="utf-8")
    print(f"written: {OUT} ({len(cases)} matrices)")


if __name__ == "__main__":
    main()
