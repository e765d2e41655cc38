"""Raising anjian errors from Python with the same attributes the C++ side sets."""

from __future__ import annotations

from typing import Any, NoReturn, Sequence

from ._args import choice
from ._core import Error, InputError


def where(frame: Any = None, row: Any = None, column: str | None = None) -> str:
    """'reports.xlsx, column 'hazards_found', row 17' -- the file (if the frame came from one),
    the column and the row label (a spreadsheet row number for frames read by anjian.io)."""
    parts = []
    source = getattr(frame, "attrs", {}).get("source") if frame is not None else None
    if source:
        parts.append(str(source))
    if column is not None:
        parts.append(f"column '{column}'")
    if row is not None:
        parts.append(f"row {row}")
    return ", ".join(parts)


def problem(code: str, message: str, *, file: Any = None, sheet: Any = None, cell: Any = None, line: Any = None,
            row: Any = None, column: Any = None, key: Any = None) -> dict[str, Any]:
    """One problem, with the fields errors from C++ carry too (code, file, sheet, cell, line, row,
    column, key, message)."""
    return {"code": code, "file": file, "sheet": sheet, "cell": cell, "line": line, "row": row, "column": column,
            "key": key, "message": message}


def _raise(message: str, reason: str, problems: list[dict[str, Any]], refused: int | None = None) -> NoReturn:
    """An InputError whose attributes are those of its first problem (as C++ errors have them)."""
    exc = InputError(message)
    for name, value in problems[0].items():
        if name != "message":
            setattr(exc, name, value)
    exc.reason, exc.problems, exc.refused = reason, problems, refused
    raise exc


def _frame_problem(frame: Any, message: str, row: Any, column: str | None) -> dict[str, Any]:
    attrs = getattr(frame, "attrs", {}) if frame is not None else {}
    return problem("input", message, file=attrs.get("source"), sheet=attrs.get("sheet"), row=row, column=column)


def raise_input(reason: str, frame: Any = None, row: Any = None, column: str | None = None) -> NoReturn:
    place = where(frame, row, column)
    _raise(f"{place}: {reason}" if place else reason, reason, [_frame_problem(frame, reason, row, column)])


LISTED_AT_MOST = 100


def raise_rows(frame: Any, bad: Sequence[tuple[int, str | None, str]], refused: int | None = None) -> NoReturn:
    """One error for every bad row at once, as the C++ batches raise it: (array position, column,
    message), named by the frame's row labels; the first LISTED_AT_MOST listed, `refused` (default:
    all given) counted."""
    bad = sorted(bad, key=lambda b: b[0])
    count = len(bad) if refused is None else refused
    if count == 1:
        position, column, message = bad[0]
        raise_input(message, frame, frame.index[position], column)
    listed = [_frame_problem(frame, message, frame.index[position], column)
              for position, column, message in bad[:LISTED_AT_MOST]]
    head = f"{count} of {len(frame)} rows refused" + (f" (the first {len(listed)} listed)" if len(listed) < count else "")
    lines = [f"{where(frame, p['row'], p['column'])}: {p['message']}" for p in listed]
    _raise("\n  ".join([head, *lines]), head, listed, count)


def relabel(exc: Error, frame: Any) -> NoReturn:
    """Re-raise a kernel error (rows as array positions) naming the frame's row labels instead,
    every problem of it (a batch names every row it refused)."""
    row = getattr(exc, "row", None)
    if row is not None and not isinstance(row, int):  # already a label (raised by the Python layer)
        raise exc
    problems = getattr(exc, "problems", None) or []
    if len(problems) <= 1:
        label = frame.index[row] if row is not None and 0 <= row < len(frame) else row
        raise_input(getattr(exc, "reason", str(exc)), frame, label, getattr(exc, "column", None))
    raise_rows(frame, [(p["row"], p["column"], p["message"]) for p in problems], getattr(exc, "refused", None))


def status_mode(errors: str) -> bool:
    """errors='raise' (every refused row in one error) or 'status' (a status and a problem column)."""
    return choice(errors, "errors", ("raise", "status")) == "status"


def status_columns(refused: Any, reasons: Sequence[str]) -> tuple[Any, Any]:
    """The status ("ok" / "refused") and problem columns of a batch answered with errors='status':
    refused holds -1 for an answered row, else an index into reasons."""
    import numpy as np

    codes = np.asarray(refused)
    problems = np.array([*reasons, ""], dtype=object)  # -1 picks the ""
    return np.array(["ok", "refused"], dtype=object)[(codes >= 0).view(np.int8)], problems[codes]
