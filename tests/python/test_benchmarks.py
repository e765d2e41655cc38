"""Each Python benchmark runs (tiny sizes, --smoke) and checks its results equal the baseline's, so
`make bench` does not rot between the runs that measure. Timings are not asserted: benchmarks
measure, tests do not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"

# The benchmarks measure under the pinned pandas (make bench); their smoke runs check them once.
pytestmark = pytest.mark.pinned_pandas


@pytest.mark.parametrize("script, says", [
    ("bench_aggregate.py", "read floor"),
    ("bench_ranking.py", "entropy + TOPSIS"),
    ("bench_penalty.py", "one decision with its trace from Python"),
    ("bench_hazards.py", "GB 18218 S per unit"),
    ("bench_import.py", "import anjian / import numpy"),
    ("bench_pipeline.py", "slowest stage"),
])
def test_benchmark_runs_and_checks_its_results(script, says, tmp_path):
    run = subprocess.run([sys.executable, str(BENCHMARKS / script), "--smoke"], cwd=BENCHMARKS, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert says in run.stdout


def test_the_scale_benchmark_runs_every_engine_and_checks_their_sums(tmp_path):
    engines = "anjian,anjian-dask,dask,spark,pandas"
    run = subprocess.run([sys.executable, str(BENCHMARKS / "bench_scale.py"), "--smoke", "--dir", str(tmp_path / "scale"),
                          "--engines", engines], cwd=BENCHMARKS, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    for engine in engines.split(","):
        assert f"\n{engine} " in run.stdout, run.stdout
    assert "anjian per partition of 50,000 rows, one core: read Parquet" in run.stdout
