"""Reading county spreadsheets and writing results, with errors that name the file and row.

Frames read here are indexed by spreadsheet row number (the header is row 1), so an error
about row 17 points at row 17 in Excel. Writes go to a temporary file that is renamed into
place: a failed write never leaves half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from ._core import Error


def read_table(path: str | os.PathLike, sheet: str | int = 0) -> pd.DataFrame:
    """A CSV (UTF-8, with or without BOM) or Excel (.xlsx) table."""
    p = Path(path)
    if not p.is_file():
        raise Error(f"{p}: no such file")
    suffix = p.suffix.lower()
    try:
        if suffix == ".csv":
            frame = pd.read_csv(p, encoding="utf-8-sig")
        elif suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(p, sheet_name=sheet, engine="openpyxl")
        else:
            raise Error(f"{p}: unknown table format '{suffix}' (expected .csv or .xlsx)")
    except Error:
        raise
    except Exception as exc:  # the reader's own message, located at the file
        raise Error(f"{p}: cannot read table: {exc}") from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="row")
    frame.attrs["source"] = str(p)
    return frame


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
