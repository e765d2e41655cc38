"""`import anjian` against `import numpy`, each in a fresh interpreter, timed by -X importtime (the
cumulative microseconds of the top-level import), median of many runs; the ratio is what to compare
on these shared machines. pandas and the submodules load on first use, not at import."""

from __future__ import annotations

import statistics
import subprocess
import sys


def import_us(module: str) -> int:
    err = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"], capture_output=True,
                         text=True, check=True).stderr
    last = [line for line in err.splitlines() if line.rstrip().endswith(f"| {module}")][-1]
    return int(last.split("|")[1])


def main(runs: int = 15) -> None:
    times = {m: statistics.median(import_us(m) for _ in range(runs)) for m in ("anjian", "numpy", "pandas")}
    for module, us in times.items():
        print(f"import {module:7} {us / 1000:7.1f} ms (median of {runs})")
    print(f"import anjian / import numpy = {times['anjian'] / times['numpy']:.2f} (target: import anjian <= 150 ms)")


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true", help="two runs each (make test runs this)")
    main(2 if ap.parse_args().smoke else 15)
