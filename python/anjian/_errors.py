"""Raising anjian errors from Python with the same attributes the C++ side sets."""

from __future__ import annotations

from typing import Any, NoReturn, Sequence

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


def raise_input(reason: str, frame: Any = None, row: Any = None, column: str | None = None) -> NoReturn:
    place = where(frame, row, column)
    exc = InputError(f"{place}: {reason}" if place else reason)
    attrs = getattr(frame, "attrs", {}) if frame is not None else {}
    one = problem("input", reason, file=attrs.get("source"), sheet=attrs.get("sheet"), row=row, column=column)
    for name, value in one.items():
        if name != "message":
            setattr(exc, name, value)
    exc.reason, exc.problems = reason, [one]
    raise exc


def relabel(exc: Error, frame: Any, index: Any = None) -> NoReturn:
    """Re-raise a kernel error (rows as array positions) naming the frame's row labels instead,
    every problem of it (a batch names every row it refused)."""
    row = getattr(exc, "row", None)
    if row is not None and not isinstance(row, int):  # already a label (raised by the Python layer)
        raise exc
    labels = frame.index if index is None else index

    def label(position: Any) -> Any:
        return labels[position] if isinstance(position, int) and 0 <= position < len(labels) else position

    problems = getattr(exc, "problems", None) or []
    if len(problems) <= 1:
        raise_input(getattr(exc, "reason", str(exc)), frame, label(row), getattr(exc, "column", None))
    attrs = getattr(frame, "attrs", {}) if frame is not None else {}
    relabelled = [problem("input", p["message"], file=attrs.get("source"), sheet=attrs.get("sheet"), row=label(p["row"]),
                          column=p["column"]) for p in problems]
    head = str(exc).split("\n", 1)[0]
    lines = [f"{where(frame, p['row'], p['column'])}: {p['message']}" for p in relabelled]
    out = InputError("\n  ".join([head, *lines]))
    for name, value in relabelled[0].items():
        if name != "message":
            setattr(out, name, value)
    out.reason, out.problems = head, relabelled
    raise out


LISTED_AT_MOST = 100


def raise_rows(frame: Any, bad: Sequence[tuple[int, str | None, str]]) -> NoReturn:
    """One error for every bad row at once (the first LISTED_AT_MOST named, all counted), as the C++
    batches raise it: (array position, column, message), named by the frame's row labels."""
    bad = sorted(bad, key=lambda b: b[0])
    if len(bad) == 1:
        position, column, message = bad[0]
        raise_input(message, frame, frame.index[position], column)
    attrs = getattr(frame, "attrs", {}) if frame is not None else {}
    listed = [problem("input", message, file=attrs.get("source"), sheet=attrs.get("sheet"), row=frame.index[position],
                      column=column) for position, column, message in bad[:LISTED_AT_MOST]]
    head = f"{len(bad)} of {len(frame)} rows refused" + (
        f" (the first {LISTED_AT_MOST} listed)" if len(bad) > LISTED_AT_MOST else "")
    lines = [f"{where(frame, p['row'], p['column'])}: {p['message']}" for p in listed]
    out = InputError("\n  ".join([head, *lines]))
    for name, value in listed[0].items():
        if name != "message":
            setattr(out, name, value)
    out.reason, out.problems = head, listed
    raise out
