"""The Python API on the inputs every embedding consumer uses (examples/c, examples/go,
examples/java, examples/python/ctypes_consumer.py): a ranking, a fine recommendation and a GB 18218
grade, printed in the form the consumers print (doubles as the hex of their bits, so that the
comparison is exact). The tests compare each consumer's output with this one's.

    python examples/python/reference.py [--out FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import struct
import sys
from pathlib import Path

import numpy as np

import anjian


def _bits(x: float) -> str:
    return struct.pack(">d", float(x)).hex()


def reference_lines() -> list[str]:
    # Four counties on 检查覆盖率 (higher is better), 立案数 (higher) and 事故起数 (lower).
    matrix = np.array([[0.92, 35, 2], [0.98, 41, 0], [0.95, 38, 1], [0.81, 22, 5]])
    ranked = anjian.ranking.rank(matrix, weights="entropy", directions=[1, 1, -1], method="topsis")
    lists = anjian.ranking.lists(ranked.ranks, red=1, black=1)
    # 较大事故 on 2021-08-20, decided on 2021-11-03: the 2014 law is the lighter one (从旧兼从轻).
    rec = anjian.penalty.Engine().recommend("accident_unit", facts={"level": "较大"}, act_date=dt.date(2021, 8, 20),
                                            decision_date=dt.date(2021, 11, 3))
    # One storage unit: 25 t of 氨 and 2 t of 液氯, 120 people within 500 m.
    unit = anjian.hazard.identify([("氨", 25), ("液氯", 2)], exposed_people=120, on=dt.date(2024, 5, 1))
    assert unit.r is not None and unit.grade is not None
    return [
        "ranking ranks: " + " ".join(str(int(r)) for r in ranked.ranks),
        "ranking scores: " + " ".join(_bits(s) for s in ranked.scores),
        "ranking red: " + " ".join(str(int(x)) for x in lists["red"]),
        "ranking black: " + " ".join(str(int(x)) for x in lists["black"]),
        "fine: " + rec.to_json(),
        f"gb18218 s: {_bits(unit.s)} is_major: {int(unit.is_major)} grade: {unit.grade} r: {_bits(unit.r)}",
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write here instead of to stdout")
    args = parser.parse_args()
    text = "\n".join(reference_lines()) + "\n"
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
