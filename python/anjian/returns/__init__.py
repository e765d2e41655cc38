"""Monthly returns (月报表) as offices send them: read, checked and merged into one reports frame.

    reports = anjian.returns.read(["通川区.xlsx", "达川区.xls", "部门.csv"])
    problems = anjian.returns.check(files)          # every problem at once; raises nothing for bad input

A return is a table with a unit column (单位), a month column (月份) and base fields of the
catalogue, headed by their code, Chinese name or an alias (检查企业数（家次） as typed). Read as offices
make them: the header row is found below title rows (or given), every sheet with a header row is read
(or the one given), `.xlsx/.xlsm/.xls/.csv`, CSV in UTF-8 or GB18030. Dates and money are read by one
table of forms (see anjian._cells). Unit names are normalised (spaces, full-width characters) and
checked against a roster when one is given. 合计/小计 rows are checked against the sum of the units
and left out; notes under the table (填表人 …) are left out; both are listed in
``reports.attrs["left_out"]``. Every problem names its file, sheet and cell (达川区.xlsx!Sheet1!D7).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from .. import _args, _cells, _frames
from .._progress import progress
from .._core import Catalog, Error
from .._errors import _raise, problem
from ._headers import Column, Vocabulary, header_key
from .._sheets import Sheet, cell_name, column_letter, read_sheets

from ._template import write_template

__all__ = ["Roster", "check", "read", "roster", "template"]

HEADER_SEARCH_ROWS = 30  # title rows above the header: a few in practice
_TOTAL = re.compile(r"^(全[省市县区])?(总?合计|小计|总计)[:：]?$")
_NOTE = re.compile(r"^(填表人|填报人|审核人|负责人|制表人|联系人|联系电话|填报日期|制表日期|备注|说明|注)[:：]?")
_TITLE_MONTH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")


@dataclass
class Roster:
    """The units expected to report: name (normalised), and optionally region and kind."""

    units: list[str]
    region: dict[str, str] = field(default_factory=dict)
    kind: dict[str, str] = field(default_factory=dict)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({"region": [self.region.get(u) for u in self.units],
                             "kind": [self.kind.get(u) for u in self.units]}, index=pd.Index(self.units, name="unit"))


def roster(source: str | os.PathLike | pd.DataFrame | Sequence[str]) -> Roster:
    """A roster from a table file or frame (columns 单位/unit, optionally 区域/region and 类别/kind)
    or a list of unit names. Names are normalised; a name given twice is an error."""
    if isinstance(source, pd.DataFrame):
        frame = source
    elif isinstance(source, (str, os.PathLike)):
        frame = _table(_args.path(source, "source"))
    elif isinstance(source, (list, tuple, pd.Series, pd.Index)):
        frame = pd.DataFrame({"unit": list(source)})
    else:
        raise Error("a roster is made from a table file, a DataFrame or a list of unit names, "
                    f"got {type(source).__name__}")
    names = {header_key(c): c for c in frame.columns}

    def column(*headers: str) -> Any:
        for h in headers:
            if header_key(h) in names:
                return frame[names[header_key(h)]]
        return None

    units = column("unit", "单位", "单位名称")
    if units is None:
        raise Error(f"the roster has no unit column (单位); it has: {', '.join(map(str, frame.columns))}")
    regions, kinds = column("region", "区域", "地区", "所属区域"), column("kind", "类别", "类型", "单位类别")
    out = Roster([])
    for i, (label, name) in enumerate(units.items()):
        if _cells.is_blank(name):
            raise Error(f"roster row {label}: no unit name")
        u = _cells.unit_name(name)
        if u in out.units:
            raise Error(f"roster row {label}: unit {u} is listed twice")
        out.units.append(u)
        if regions is not None and not _cells.is_blank(regions.iloc[i]):
            out.region[u] = _cells.normal_text(regions.iloc[i])
        if kinds is not None and not _cells.is_blank(kinds.iloc[i]):
            out.kind[u] = _cells.normal_text(kinds.iloc[i])
    return out


def _table(path: Path) -> pd.DataFrame:
    """The first sheet of a file as a frame under its first non-blank row, indexed by Excel row."""
    rows = read_sheets(path)[0].rows
    top = next((r for r, row in enumerate(rows) if not all(_cells.is_blank(v) for v in row)), None)
    if top is None:
        raise Error(f"{path}: the file is empty")
    header = [str(h) if h is not None else f"column {column_letter(j)}" for j, h in enumerate(rows[top])]
    body = [row + [None] * (len(header) - len(row)) for row in rows[top + 1:]]
    return pd.DataFrame([row[:len(header)] for row in body], columns=header,
                        index=pd.RangeIndex(top + 2, top + 2 + len(body)))


@dataclass
class _Record:
    unit: str
    month: str
    values: dict[str, Any]  # field -> count (int) or yuan (Decimal)
    sheet: Sheet
    row: int                # 0-based

    @property
    def where(self) -> str:
        return f"{self.sheet.file}!{self.sheet.name}!{self.row + 1}"


@dataclass
class _Reading:
    vocabulary: Vocabulary
    catalog: Catalog
    extra: str
    month: str | None
    roster: Roster | None
    problems: list[dict[str, Any]] = field(default_factory=list)
    records: list[_Record] = field(default_factory=list)
    left_out: list[dict[str, str]] = field(default_factory=list)

    def refuse(self, sheet: Sheet, row: int | None, column: int | None, message: str, key: str | None = None) -> None:
        cell = cell_name(row, column) if row is not None and column is not None else None
        place = f"{sheet.file}!{sheet.name}" + (f"!{cell}" if cell else f"!{row + 1}" if row is not None else "")
        self.problems.append(problem("input", f"{place}: {message}", file=str(sheet.file), sheet=sheet.name,
                                     cell=cell, row=None if row is None else row + 1,
                                     column=key, key=None))


def _find_header(sheet: Sheet, vocab: Vocabulary) -> int | None:
    best, best_score = None, 1
    for r, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        known, has_unit = vocab.score(row)
        if has_unit and known > best_score:
            best, best_score = r, known
    return best


def _title_month(sheet: Sheet, header: int) -> str | None:
    found = {f"{int(y):04d}-{int(m):02d}" for row in sheet.rows[:header] for cell in row if isinstance(cell, str)
             for y, m in _TITLE_MONTH.findall(_cells.normal_text(cell))}
    return found.pop() if len(found) == 1 else None


def _columns(reading: _Reading, sheet: Sheet, header: int) -> dict[int, Column] | None:
    columns: dict[int, Column] = {}
    seen: dict[tuple[str, str], int] = {}
    for j, text in enumerate(sheet.rows[header]):
        if _cells.is_blank(text):
            continue
        try:
            col = reading.vocabulary.column(text)
        except ValueError as exc:
            reading.refuse(sheet, header, j, str(exc))
            continue
        if col is None:
            if reading.extra == "error":
                hint = reading.vocabulary.suggest(text)
                reading.refuse(sheet, header, j, f"unknown column '{_cells.normal_text(text)}'" +
                               (f" (did you mean {' / '.join(hint)}?)" if hint else "") +
                               "; pass extra='ignore' to leave it out")
            continue
        if col.role == "ignored":
            continue
        ident = (col.role, col.code)
        if ident in seen:
            reading.refuse(sheet, header, j, f"column '{_cells.normal_text(text)}' repeats column "
                                             f"{column_letter(seen[ident])}")
            continue
        seen[ident] = j
        columns[j] = col
    if ("unit", "") not in seen:
        reading.refuse(sheet, header, None, "the header row has no unit column (单位)")
        return None
    return columns


def _read_sheet(reading: _Reading, sheet: Sheet, header: int) -> None:
    columns = _columns(reading, sheet, header)
    if columns is None:
        return
    unit_col = next(j for j, c in columns.items() if c.role == "unit")
    month_col = next((j for j, c in columns.items() if c.role == "month"), None)
    fields = {j: c for j, c in columns.items() if c.role == "field"}
    month = reading.month
    if month_col is None and month is None:
        month = _title_month(sheet, header)
        if month is None:
            reading.refuse(sheet, header, None, "no month column (月份) and no single month (2024年8月) in the "
                                                "title; add the column or pass month=")
            return
    kinds = {f.code: f.kind for f in reading.catalog.fields}
    units: list[tuple[int, _Record]] = []
    totals: list[tuple[int, str, dict[int, Any]]] = []
    for r in range(header + 1, len(sheet.rows)):
        row = sheet.rows[r]
        cells = {j: row[j] if j < len(row) else None for j in columns}
        if all(_cells.is_blank(v) for v in row):
            continue
        name = cells[unit_col]
        values_blank = all(_cells.is_blank(cells[j]) for j in fields)
        where = f"{sheet.file}!{sheet.name}!{r + 1}"
        if _is_note(row):
            text = " ".join(_cells.normal_text(v) for v in row if not _cells.is_blank(v))
            reading.left_out.append({"where": where, "why": f"note under the table: {text}"})
            continue
        if _cells.is_blank(name):
            if values_blank:  # a numbered row left empty
                text = " ".join(_cells.normal_text(v) for v in row if not _cells.is_blank(v))
                reading.left_out.append({"where": where, "why": f"no unit and no figures: {text}"})
            else:
                reading.refuse(sheet, r, unit_col, "no unit name")
            continue
        unit = _cells.unit_name(name)
        if any(unicodedata.category(ch) == "Cc" for ch in unit):
            reading.refuse(sheet, r, unit_col, "a control character in the unit name")
            continue
        if _TOTAL.match(unit):
            totals.append((r, unit, {j: cells[j] for j in fields}))
            continue
        if values_blank and fields:  # a row of a template the unit left unfilled
            reading.left_out.append({"where": where, "why": f"{unit}: no figures, read as not reported"})
            continue
        if reading.roster is not None and unit not in reading.roster.units:
            hint = _suggest_unit(unit, reading.roster.units)
            reading.refuse(sheet, r, unit_col, f"unit '{unit}' is not in the roster" +
                           (f" (did you mean {' / '.join(hint)}?)" if hint else ""))
            continue
        record_month = month
        if month_col is not None:
            try:
                record_month = _cells.month(cells[month_col]) if not _cells.is_blank(cells[month_col]) else month
            except ValueError as exc:
                reading.refuse(sheet, r, month_col, str(exc))
                continue
            if record_month is None:
                reading.refuse(sheet, r, month_col, "no month")
                continue
        assert record_month is not None
        values: dict[str, Any] = {}
        ok = True
        for j, col in fields.items():
            try:
                values[col.code] = _value(cells[j], kinds[col.code], col.scale)
            except ValueError as exc:
                reading.refuse(sheet, r, j, str(exc), col.code)
                ok = False
        if ok:
            record = _Record(unit, record_month, values, sheet, r)
            units.append((r, record))
            reading.records.append(record)
    _check_totals(reading, sheet, fields, kinds, units, totals)


def _is_note(row: list[Any]) -> bool:
    """填表人：张三 … 审核人：李四 under a table: text only, one cell of it a note's label."""
    cells = [v for v in row if not _cells.is_blank(v)]
    return (all(isinstance(v, str) for v in cells)
            and any(_NOTE.match(re.sub(r"\s+", "", _cells.normal_text(v))) for v in cells)
            and not any(_cells.is_number_text(v) for v in cells))


def _value(cell: Any, kind: str, scale: int) -> Any:
    if _cells.is_blank(cell):
        raise ValueError("empty cell (write 0 when there were none)")
    return _cells.yuan(cell, scale) if kind == "money" else _cells.count(cell)


def _suggest_unit(unit: str, names: Sequence[str]) -> list[str]:
    import difflib

    return difflib.get_close_matches(unit, list(names), n=3, cutoff=0.5)


def _check_totals(reading: _Reading, sheet: Sheet, fields: dict[int, Column], kinds: dict[str, str],
                  units: list[tuple[int, _Record]], totals: list[tuple[int, str, dict[int, Any]]]) -> None:
    """A 合计 row must equal the sum of the unit rows (of its month, when the sheet has several); a 小计
    row the sum of the unit rows since the previous 小计. Either is then left out."""
    previous = -1
    for r, label, cells in totals:
        if label.endswith("小计"):
            members = [rec for row, rec in units if previous < row < r]
            previous = r
        else:
            members = [rec for _, rec in units]
        months = {rec.month for rec in members}
        bad = False
        for j, col in fields.items():
            if _cells.is_blank(cells[j]):
                continue
            try:
                stated = _value(cells[j], kinds[col.code], col.scale)
            except ValueError as exc:
                reading.refuse(sheet, r, j, f"{label} row: {exc}", col.code)
                bad = True
                continue
            if any(col.code not in rec.values for rec in members):
                continue  # a unit row of the group was refused: its own problem says why
            added = sum((rec.values[col.code] for rec in members), start=0)
            if stated != added:
                span = f" ({', '.join(sorted(months))})" if len(months) > 1 else ""
                reading.refuse(sheet, r, j, f"{label} row says {stated} but the {len(members)} unit rows above "
                                            f"sum to {added}{span}", col.code)
                bad = True
        if not bad:
            reading.left_out.append({"where": f"{sheet.file}!{sheet.name}!{r + 1}",
                                     "why": f"{label} row, equal to the sum of its {len(members)} unit rows"})


Paths = str | os.PathLike | Iterable[str | os.PathLike]


def _read(paths: Paths, catalog: Catalog | str | None, sheet: str | int | None,
          header_row: int | None, encoding: str | None, month: Any, roster_: Roster | None,
          extra: str) -> _Reading:
    from ..indicators import _catalog

    _args.choice(extra, "extra", ("error", "ignore"))
    if sheet is not None and not isinstance(sheet, str):
        sheet = _args.whole(sheet, "sheet (a name, or a number from 0)", 0)
    if header_row is not None:
        header_row = _args.whole(header_row, "header_row (as Excel numbers rows, from 1)", 1)
    encoding = None if encoding is None else _args.text(encoding, "encoding")
    roster_ = _roster_or_none(roster_)
    cat = _catalog(catalog)
    reading = _Reading(Vocabulary(cat), cat, extra, _given_month(month), roster_)
    if not isinstance(paths, (str, os.PathLike, list, tuple)):
        raise Error(f"paths must be a file's path or a list of them, got {type(paths).__name__}")
    files = [_args.path(p, "paths") for p in ([paths] if isinstance(paths, (str, os.PathLike)) else paths)]
    if not files:
        raise Error("no return files given")
    for path in progress(files, "读取报表"):
        try:
            sheets = read_sheets(path, sheet, encoding)
        except Error as exc:  # a file that cannot be read is one problem among the others
            reading.problems.append(problem("input", str(exc), file=str(path)))
            continue
        unread = []
        for s in sheets:
            header = header_row - 1 if header_row is not None else _find_header(s, reading.vocabulary)
            if header is None or header >= len(s.rows):
                unread.append(s)
                continue
            _read_sheet(reading, s, header)
        if len(unread) < len(sheets):
            reading.left_out += [{"where": f"{path}!{s.name}", "why": "sheet without a header row, not read"}
                                 for s in unread]
        else:
            where = f"{path}" + (f"!{sheets[0].name}" if len(sheets) == 1 else "")
            reading.problems.append(problem(
                "input", f"{where}: no header row with a unit column (单位) and base fields (such as "
                         f"{cat.fields[0].name_zh}) in the first {HEADER_SEARCH_ROWS} rows of any sheet; "
                         "pass header_row=", file=str(path)))
    _refuse_repeats(reading)
    _refuse_partial_columns(reading)
    return reading


def _refuse_partial_columns(reading: _Reading) -> None:
    """A base field in some returns and not in others: the sums would mix units that reported it with
    units that did not."""
    files: dict[str, set[str]] = {}
    for rec in reading.records:
        files.setdefault(str(rec.sheet.file), set()).update(rec.values)
    every = set().union(*files.values()) if files else set()
    for code in sorted(every):
        lacking = sorted(f for f, codes in files.items() if code not in codes)
        if lacking:
            reading.problems.append(problem(
                "input", f"{', '.join(lacking)}: no column {code} ({_name_zh(reading.catalog, code)}), which "
                         f"other returns have: give it in every return (0 when none) or in none",
                file=lacking[0], column=code))


def _name_zh(cat: Catalog, code: str) -> str:
    return next(f.name_zh for f in cat.fields if f.code == code)


def _refuse_repeats(reading: _Reading) -> None:
    first: dict[tuple[str, str], _Record] = {}
    for rec in reading.records:
        key = (rec.unit, rec.month)
        if key in first:
            reading.problems.append(problem(
                "input", f"{rec.where}: {rec.unit} reports {rec.month} again (first at {first[key].where})",
                file=str(rec.sheet.file), sheet=rec.sheet.name, row=rec.row + 1))
        else:
            first[key] = rec


def check(paths: Paths, *, catalog: Catalog | str | None = None,
          sheet: str | int | None = None, header_row: int | None = None, encoding: str | None = None,
          month: Any = None, roster: Roster | None = None, extra: str = "error") -> list[dict[str, Any]]:
    """Every problem of the returns at once (an empty list when they can be read); nothing is written.
    Each problem has code, file, sheet, cell, row, column (the base field), key and message."""
    return _read(paths, catalog, sheet, header_row, encoding, month, roster, extra).problems


def read(paths: Paths, *, catalog: Catalog | str | None = None,
         sheet: str | int | None = None, header_row: int | None = None, encoding: str | None = None,
         month: Any = None, roster: Roster | None = None, extra: str = "error") -> pd.DataFrame:
    """The returns as one reports frame: unit (categorical: the roster's units in its order, or the
    units found, sorted), month ("YYYY-MM") and the base fields the returns carry (counts as int64,
    money exact in yuan), indexed by place ("达川区.xlsx!Sheet1!7"). Every problem of every file is
    raised at once (anjian.InputError, each in `.problems`).

    sheet: a sheet's name or number (from 0); default every sheet with a header row.
    header_row: the header's row number as Excel shows it; default found (title rows above it skipped).
    month: the month of every row, for returns without a month column (else taken from a title such as
    "2024年8月安全生产执法情况统计表"). roster: the units expected (see ``roster``); without it the units
    found are listed in ``attrs["units"]`` so a misspelt name is seen.
    ``attrs["left_out"]``: the 合计/小计 rows checked and left out, and notes under the tables."""
    reading = _read(paths, catalog, sheet, header_row, encoding, month, roster, extra)
    if reading.problems:
        n = len(reading.problems)
        listed = reading.problems[:100]
        head = f"{n} problem{'s' if n > 1 else ''} in the returns" + (f" (the first {len(listed)} listed)"
                                                                      if len(listed) < n else "")
        _raise("\n  ".join([head, *(p["message"] for p in listed)]), head, listed, n)
    return _frame(reading)


def _frame(reading: _Reading) -> pd.DataFrame:
    cat = reading.catalog
    codes = [f.code for f in cat.fields if any(f.code in r.values for r in reading.records)]
    kinds = {f.code: f.kind for f in cat.fields}
    found = sorted({r.unit for r in reading.records})
    units = reading.roster.units if reading.roster is not None else found
    data: dict[str, Any] = {"unit": pd.Categorical([r.unit for r in reading.records], categories=units),
                            "month": [r.month for r in reading.records]}
    for code in codes:
        if kinds[code] == "money":
            fen = np.array([int(r.values[code] * 100) for r in reading.records], dtype=np.int64)
            data[code] = _frames.money_column(fen)
        else:
            data[code] = np.array([r.values[code] for r in reading.records], dtype=np.int64)
    frame = pd.DataFrame(data, index=pd.Index([r.where for r in reading.records], name="where"))
    frame.attrs.update({"left_out": reading.left_out, "units": found,
                        "missing_fields": [f.code for f in cat.fields if f.code not in codes]})
    return frame


def template(path: str | os.PathLike, *, catalog: Catalog | str | None = None, roster: Roster | None = None,
             month: Any = None) -> Path:
    """Write the empty return workbook: a 填报说明 sheet, and a 月报表 sheet headed by the catalogue's
    fields in Chinese with their units, cells that take only non-negative whole numbers (money: yuan),
    and, given a roster, its units listed (and offered in a drop-down) with the month filled in."""
    from ..indicators import _catalog

    roster = _roster_or_none(roster)
    return write_template(_args.path(path, "path"), _catalog(catalog), roster.units if roster else None,
                          _given_month(month))


def _roster_or_none(roster: Any) -> Roster | None:
    if roster is not None and not isinstance(roster, Roster):
        raise Error(f"roster must be an anjian.returns.Roster (see returns.roster), got {type(roster).__name__}")
    return roster


def _given_month(month: Any) -> str | None:
    """The month an argument names ('YYYY-MM'), or None when none is given."""
    if month is None:
        return None
    try:
        return _cells.month(month)
    except ValueError as exc:
        raise Error(f"month: {exc}") from None
