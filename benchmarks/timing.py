"""The one timing rule of the Python benchmarks: the best of a few runs, with the last result. A call
shorter than a few milliseconds is run until the runs add up to `least` seconds (as timeit's autorange
does), so one slow run on a shared machine does not decide its figure. The previous run's result is
released before a run is timed: the figure is the call's, not the release of what it returned before."""

from __future__ import annotations

import time
from typing import Any, Callable


def best_of(fn: Callable[[], Any], repeat: int = 3, least: float = 0.2) -> tuple[float, Any]:
    (best, out), = best_of_each([fn], repeat, least)
    return best, out


def best_of_each(fns: list[Callable[[], Any]], repeat: int = 3, least: float = 0.2) -> list[tuple[float, Any]]:
    """best_of for each of fns, their runs taken in turn (one of each, then again): a spell of load on
    the shared machine falls on all of them alike, so the ratios between them hold better than when
    each is timed in a block of its own."""
    times: list[list[float]] = [[] for _ in fns]
    outs: list[Any] = [None] * len(fns)

    def more(k: int) -> bool:
        return len(times[k]) < repeat or (sum(times[k]) < least and len(times[k]) < 100)

    while any(more(k) for k in range(len(fns))):
        for k, fn in enumerate(fns):
            if more(k):
                outs[k] = None
                t0 = time.perf_counter()
                outs[k] = fn()
                times[k].append(time.perf_counter() - t0)
    return [(min(t), out) for t, out in zip(times, outs)]
