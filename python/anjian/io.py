"""Reading county spreadsheets and writing results, with errors that name the file and row.

Frames read here are indexed by spreadsheet row number (the header is row 1 unless title rows
stand above it), so an error about row 17 points at row 17 in Excel. Writes go to a temporary file that is renamed into
place: a failed write never leaves half a file.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

from . import _sheets
from ._core import Error

HEADER_SEARCHED = 30  # rows looked at for the header: title rows above it are a few at most


def read_table(path: str | os.PathLike, sheet: str | int = 0, *, encoding: str | None = None,
               header_row: int | None = None) -> pd.DataFrame:
    """A table from a CSV (UTF-8 with or without BOM, or GB18030 as Excel saves it on Chinese Windows:
    detected, or `encoding`) or a workbook (.xlsx, .xlsm, .xls; `sheet` by name or number from 0).

    The header is the first row with two or more cells filled -- title rows above it, one cell each, are
    passed over -- or `header_row` as Excel numbers it. The frame is indexed by each row's number as
    Excel shows it; empty rows are left out (their numbers with them), every other row is kept. A
    header cell repeated, or empty above a column with values, is refused naming the cells."""
    p = Path(path)
    if header_row is not None and (isinstance(header_row, bool) or not isinstance(header_row, int) or header_row < 1):
        raise Error(f"{p}: header_row must be a row number from 1, got {header_row!r}")
    # A workbook of .xls is read whole, once: its cells are the table (pandas 3 deprecates its xlrd reader).
    # The sheet reader refuses a file that is not there or not a table, naming it.
    suffix = p.suffix.lower()
    head = None if suffix == ".xls" else max(HEADER_SEARCHED, header_row or 0)
    read_sheet = _sheets.read_sheets(p, sheet, encoding, head=head)[0]
    first_rows, text = read_sheet.rows, read_sheet.text  # a CSV's text, decoded once
    header = _header(p, first_rows, header_row)
    names = [None if c is None else str(c).strip() or None for c in first_rows[header]]
    repeated = [n for n, k in Counter(n for n in names if n).items() if k > 1]
    if repeated:
        cells = [_sheets.cell_name(header, j) for j, n in enumerate(names) if n == repeated[0]]
        raise Error(f"{p}: the header names '{repeated[0]}' twice ({', '.join(cells)})")

    # The cells below the header, without it: given the header, pandas would read a row longer than it
    # with its first cells as an index, silently. Without one, a row longer than the first is an error.
    def read(empty_rows: list[int]) -> pd.DataFrame:
        skip = list(range(header + 1)) + empty_rows  # 0-based rows
        try:
            if suffix == ".xls":  # its cells as xlrd types them
                skipped = set(skip)
                return pd.DataFrame([row for i, row in enumerate(first_rows) if i not in skipped])
            if text is None:
                return pd.read_excel(p, sheet_name=sheet, header=None, skiprows=skip, engine="openpyxl")
            return pd.read_csv(io.StringIO(text), header=None, skiprows=skip, skip_blank_lines=False)
        except pd.errors.EmptyDataError:  # a CSV of the header alone
            return pd.DataFrame()
        except Exception as exc:  # the reader's own message, located at the file
            raise Error(f"{p}: cannot read table: {exc}") from None

    frame = read([])
    rows = pd.RangeIndex(header + 2, header + 2 + len(frame))
    empty = frame.isna().all(axis=1).to_numpy()
    if empty.any():  # read again without them: a column's type as if they were not there
        frame = read([int(r) - 1 for r in rows[empty]])
        rows = rows[~empty]
    for j in range(frame.shape[1]):
        filled = frame.iloc[:, j].notna().to_numpy()
        if (j >= len(names) or not names[j]) and filled.any():
            raise Error(f"{p}: column {_sheets.column_letter(j)} has values (row {rows[filled.argmax()]}) but no "
                        f"header in row {header + 1}")
    width = frame.shape[1]
    frame = pd.DataFrame({name: frame.iloc[:, j] if j < width else float("nan")  # past every row's cells: empty
                          for j, name in enumerate(names) if name}, index=frame.index)
    frame.index = pd.Index(rows, name="row")
    frame.attrs["source"] = str(p)
    return frame


def _header(path: Path, rows: list[list[Any]], header_row: int | None) -> int:
    """The header's 0-based row: `header_row` (1-based), or the first with two cells filled, or else the first
    with one (a table of one column)."""
    if header_row is not None:
        if header_row > len(rows) or not any(c is not None for c in rows[header_row - 1]):
            raise Error(f"{path}: row {header_row} is empty or past the table's end: no header there")
        return header_row - 1
    filled = [sum(c is not None for c in row) for row in rows]
    for least in (2, 1):
        for i, k in enumerate(filled):
            if k >= least:
                return i
    raise Error(f"{path}: the table is empty (no header in its first {HEADER_SEARCHED} rows)")


def write_table(frame: pd.DataFrame, path: str | os.PathLike, index: bool = True, sheet: str = "Sheet1") -> Path:
    """Write CSV (UTF-8 with BOM, so Excel shows Chinese) or .xlsx atomically."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise Error(f"{p}: cannot write '{suffix}' (expected .csv or .xlsx)")

    def write(tmp: str) -> None:
        if suffix == ".csv":
            frame.to_csv(tmp, index=index, encoding="utf-8-sig")
        else:
            frame.to_excel(tmp, index=index, sheet_name=sheet, engine="openpyxl")

    return atomic_write(p, write)


def atomic_write(path: Path, write: Any) -> Path:
    """Writes through `write(tmp)` into a temporary file beside `path`, then renames it into place: an
    existing file is replaced only by a complete new one. The file gets the user's usual permissions
    (mkstemp's are owner-only)."""
    if path.is_dir():
        raise Error(f"{path}: is a directory, not a file to write")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise Error(f"{path}: cannot write here: {exc.strerror or exc}") from None
    os.close(fd)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):  # a full disk or a vanished directory: named at the file asked for
            raise Error(f"{path}: cannot write: {exc.strerror or exc}") from exc
        raise
    return path
