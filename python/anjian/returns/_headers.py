"""Which column a header names: the catalogue's codes, Chinese names and aliases, typed as Chinese
input methods type them (full-width or half-width brackets and spaces), with the unit in brackets
or without it."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from .._cells import normal_text

# The key columns of a return and the headers offices give them.
UNIT_HEADERS = ("unit", "单位", "单位名称", "填报单位", "地区", "区域", "县(市、区)", "县(市区)", "区县", "部门", "园区")
MONTH_HEADERS = ("month", "月份", "月", "统计月份", "报送月份", "填报月份", "时间", "日期")
# Columns that carry no data of a return: read past, never an error.
IGNORED_HEADERS = ("序号", "编号", "备注", "说明")

_BRACKETED = re.compile(r"^(?P<base>.+?)\((?P<unit>[^()]*)\)$")


def header_key(text: Any) -> str:
    """A header as compared: NFKC (（） -> ()), no whitespace, ASCII lower case."""
    return re.sub(r"\s+", "", normal_text(text)).lower()


@dataclass(frozen=True)
class Column:
    role: str            # "unit", "month", "field" or "ignored"
    code: str = ""       # the base field, for role "field"
    scale: int = 1       # yuan per unit of a bare number in a money column (10000 for 万元)


class Vocabulary:
    """Every header a catalogue's return may carry."""

    def __init__(self, catalog: Any):
        self._exact: dict[str, Column] = {}
        self._units: dict[str, tuple[str, str]] = {}  # field code -> (unit, kind)
        self._shown: dict[str, str] = {}  # key -> the header as a user would type it (for "did you mean")
        for h in UNIT_HEADERS:
            self._add(h, Column("unit"))
        for h in MONTH_HEADERS:
            self._add(h, Column("month"))
        for h in IGNORED_HEADERS:
            self._add(h, Column("ignored"))
        for f in catalog.fields:
            self._units[f.code] = (f.unit, f.kind)
            for h in (f.code, f.name_zh, *f.aliases):
                self._add(h, Column("field", f.code))
                m = _BRACKETED.match(header_key(h))
                if m:  # 检查企业数(家次) is also 检查企业数
                    self._add(m["base"], Column("field", f.code))

    def _add(self, header: str, column: Column) -> None:
        key = header_key(header)
        self._exact.setdefault(key, column)
        self._shown.setdefault(key, header)

    def column(self, header: Any) -> Column | None:
        """The column a header names; None when it names none. Raises ValueError when it names a
        field in a unit other than the catalogue's."""
        key = header_key(header)
        if key in self._exact:
            return self._exact[key]
        m = _BRACKETED.match(key)
        if not m or m["base"] not in self._exact:
            return None
        col = self._exact[m["base"]]
        if col.role != "field":
            return col
        unit, kind = self._units[col.code]
        given = m["unit"]
        if given == unit:
            return col
        if kind == "money" and given == "万元":
            return Column("field", col.code, 10_000)
        raise ValueError(f"header '{normal_text(header)}' gives the unit {given}; {col.code} is counted in {unit}")

    def suggest(self, header: Any) -> list[str]:
        """Known headers close to an unknown one."""
        close = difflib.get_close_matches(header_key(header), list(self._shown), n=3, cutoff=0.6)
        return [self._shown[k] for k in close]

    def score(self, row: list[Any]) -> tuple[int, bool]:
        """(cells of a row that are known headers, whether one is a unit column): finds the header row."""
        known, unit = 0, False
        for cell in row:
            if cell is None or not isinstance(cell, str):
                continue
            try:
                col = self.column(cell)
            except ValueError:
                col = Column("field")
            if col is not None and col.role != "ignored":
                known += 1
                unit = unit or col.role == "unit"
        return known, unit
