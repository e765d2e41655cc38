"""`python -m anjian selftest`: whether this installation works -- the compiled core loads and matches
the package, the typing files are there, every built-in rule pack passes every check loading runs,
and one sentence of each law the engine encodes gives its answer. For a fresh install (a wheel on a
machine without a compiler or the build's C++ libraries) before it is trusted with real cases."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Callable, TextIO


def _core_loads() -> str:
    from . import _core, __version__

    if _core.__version__ != __version__:
        raise AssertionError(f"the compiled core is {_core.__version__}, the package {__version__}")
    return f"{Path(_core.__file__).name} {_core.__version__}"


def _typing_files() -> str:
    here = Path(__file__).parent
    missing = [name for name in ("py.typed", "_core.pyi") if not (here / name).is_file()]
    if missing:
        raise AssertionError(f"missing from {here}: {', '.join(missing)}")
    return "py.typed and _core.pyi"


def _builtin_packs() -> str:
    from . import _core

    names = _core.builtin_pack_names()
    for name in names:
        _core.validate_pack(name)
    return f"{len(names)} packs valid"


def _accident_levels() -> str:
    from .accident import AccidentLevel, classify

    # 生产安全事故报告和调查处理条例 第三条: 3 deaths is 较大, 2 is 一般.
    got = classify(3, 0, 0), classify(2, 0, 0)
    if got != (AccidentLevel(2), AccidentLevel(1)):
        raise AssertionError(f"3 and 2 deaths graded {got}")
    return "第三条: 3 deaths 较大, 2 deaths 一般"


def _gb18218() -> str:
    from .hazard import identify

    # GB 18218-2018 4.2.2 and table 1: 氨, Q = 10 t; S = 1 is a major hazard source, a gram less is not.
    on = dt.date(2024, 5, 1)
    at, below = identify([("氨", 10)], on=on), identify([("氨", 9.999999)], on=on)
    if not (at.s == 1 and at.is_major and not below.is_major):
        raise AssertionError(f"氨 10 t: S {at.s} major {at.is_major}; 9.999999 t: major {below.is_major}")
    return "氨 10 t is a major hazard source, 9.999999 t is not"


def _penalty() -> str:
    from .penalty import Engine

    # 安全生产法(2021) 第一百一十四条第一款第二项: 较大事故, 100万元 to 200万元.
    rec = Engine().accident_fine("较大", dt.date(2023, 1, 1))
    if (rec.min_yuan, rec.max_yuan) != (1_000_000, 2_000_000):
        raise AssertionError(f"较大事故 2023: {rec.min_yuan}–{rec.max_yuan} ({rec.basis})")
    return f"{rec.basis}: 100万元–200万元"


def _ranking() -> str:
    import numpy as np

    from .ranking import rank

    # A unit worse on every indicator than every other is last, whatever the method.
    x = np.array([[0.9, 30.0], [0.8, 20.0], [0.5, 10.0]])
    for method in ("weighted_sum", "topsis", "vikor"):
        ranks = list(rank(x, weights="entropy", method=method).ranks)
        if ranks[2] != 3:
            raise AssertionError(f"{method}: ranks {ranks}")
    return "a dominated unit is last by weighted sum, TOPSIS and VIKOR"


def _indicators() -> str:
    from . import demo, indicators

    reports = indicators.aggregate(demo.events())
    table = indicators.compute(reports, "2024-Q1")
    if table.empty or "filing_rate" not in table.columns:
        raise AssertionError("the demo quarter gave no indicators")
    return f"{len(table)} demo units, {len(table.columns)} indicators for 2024-Q1"


CHECKS: list[tuple[str, Callable[[], str]]] = [
    ("compiled core", _core_loads),
    ("typing", _typing_files),
    ("built-in rule packs", _builtin_packs),
    ("accident levels", _accident_levels),
    ("GB 18218", _gb18218),
    ("penalties", _penalty),
    ("ranking", _ranking),
    ("indicators", _indicators),
]


def run(out: TextIO | None = None) -> bool:
    """Runs every check, one line each (to `out`, default standard output); True when all passed."""
    out = out or sys.stdout
    import numpy as np
    import pandas as pd

    from . import __version__

    print(f"anjian {__version__} (Python {sys.version.split()[0]}, numpy {np.__version__}, pandas {pd.__version__})",
          file=out)
    passed = True
    for name, check in CHECKS:
        try:
            print(f"ok    {name}: {check()}", file=out)
        except Exception as exc:  # noqa: BLE001 -- a self-test reports every failure, whatever it is
            passed = False
            print(f"FAIL  {name}: {type(exc).__name__}: {exc}", file=out)
    print("all checks passed" if passed else "SOME CHECKS FAILED: this installation is not to be trusted", file=out)
    return passed
