"""The cells of a table file, sheet by sheet: .xlsx/.xlsm (openpyxl), .xls (xlrd) and .csv in
UTF-8 (with or without BOM) or GB18030 (Excel's CSV on Chinese Windows), detected or given. The
returns reader reads every cell; read_table (anjian.io) reads the first rows to find the header."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._core import Error

FORMATS = (".xlsx", ".xlsm", ".xls", ".csv")


@dataclass
class Sheet:
    file: Path
    name: str               # the sheet's name; the file's stem for a CSV
    rows: list[list[Any]]   # rows[i][j] is the cell of Excel row i + 1, column j + 1 (None when empty)
    typed_dates: bool       # date cells arrive as dates (a workbook), not as text (a CSV)
    text: str | None = None  # a CSV's whole text, decoded (read_table gives it to pandas)


def column_letter(column: int) -> str:
    """'D' for 0-based column 3."""
    letters = ""
    n = column + 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def cell_name(row: int, column: int) -> str:
    """'D7' for 0-based row 6, column 3."""
    return f"{column_letter(column)}{row + 1}"


def _decode(data: bytes, path: Path, encoding: str | None) -> str:
    """A CSV file's text: in `encoding`, or UTF-8 (with or without BOM) or GB18030, whichever reads."""
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise Error(f"{path}: unknown encoding '{encoding}'") from None
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
            raise Error(f"{path}: line {line} is not {encoding} (byte {exc.start})") from None
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    for candidate in ("utf-8", "gb18030"):
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    raise Error(f"{path}: the text is neither UTF-8 nor GB18030; pass encoding=")


def _csv(path: Path, encoding: str | None, head: int | None) -> list[Sheet]:
    text = _decode(path.read_bytes(), path, encoding)
    rows = [[cell if cell.strip() else None for cell in row]
            for row in itertools.islice(csv.reader(io.StringIO(text)), head)]
    return [Sheet(path, path.stem, rows, typed_dates=False, text=text)]


def _xlsx(path: Path, head: int | None) -> list[Sheet]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [Sheet(path, ws.title, [list(r) for r in ws.iter_rows(max_row=head, values_only=True)],
                      typed_dates=True) for ws in book.worksheets]
    finally:
        book.close()


def _xls(path: Path, head: int | None) -> list[Sheet]:
    import xlrd

    book = xlrd.open_workbook(str(path))
    out = []
    for sh in book.sheets():
        rows = []
        for r in range(sh.nrows if head is None else min(sh.nrows, head)):
            row: list[Any] = []
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    row.append(None)
                elif cell.ctype == xlrd.XL_CELL_DATE:
                    row.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                elif cell.ctype == xlrd.XL_CELL_NUMBER and float(cell.value).is_integer():
                    row.append(int(cell.value))
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    row.append(bool(cell.value))
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    row.append(f"#{xlrd.error_text_from_code.get(cell.value, 'ERROR')}")
                else:
                    row.append(cell.value)
            rows.append(row)
        out.append(Sheet(path, sh.name, rows, typed_dates=True))
    return out


def read_sheets(path: Path, sheet: str | int | None = None, encoding: str | None = None,
                head: int | None = None) -> list[Sheet]:
    """The sheets of a file (the one named or numbered from 0, when `sheet` is given); with `head`, the
    first `head` rows of each."""
    if not path.is_file():
        raise Error(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise Error(f"{path}: unknown table format '{suffix}' (expected {', '.join(FORMATS)})")
    try:
        sheets = (_csv(path, encoding, head) if suffix == ".csv" else _xls(path, head) if suffix == ".xls"
                  else _xlsx(path, head))
    except Error:
        raise
    except Exception as exc:  # the reader's own words, located at the file
        raise Error(f"{path}: cannot read the file: {exc}") from None
    for s in sheets:
        for row in s.rows:
            for j, cell in enumerate(row):
                if isinstance(cell, dt.time):  # a time-only cell is no date
                    row[j] = str(cell)
    if sheet is None:
        return sheets
    names = [s.name for s in sheets]
    if isinstance(sheet, int):
        if not 0 <= sheet < len(sheets):
            raise Error(f"{path}: no sheet number {sheet + 1} (it has {len(sheets)}: {', '.join(names)})")
        return [sheets[sheet]]
    for s in sheets:
        if s.name == sheet:
            return [s]
    raise Error(f"{path}: no sheet '{sheet}' (it has: {', '.join(names)})")
