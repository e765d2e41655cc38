"""The one timing rule of the Python benchmarks: the best of a few runs, with the last result. A call
shorter than a few milliseconds is run until the runs add up to `least` seconds (as timeit's autorange
does), so one slow run on a shared machine does not decide its figure."""

from __future__ import annotations

import time
from typing import Any, Callable


def best_of(fn: Callable[[], Any], repeat: int = 3, least: float = 0.2) -> tuple[float, Any]:
    times, out = [], None
    while len(times) < repeat or (sum(times) < least and len(times) < 100):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out
