"""Enforcement indicators of the monthly bulletin (月通报指标).

``aggregate`` turns event-level records into monthly base fields per unit (the columnar
group-by runs in C++), ``merge`` combines such partial results exactly, and ``compute``
derives the catalogue's indicators over any period as ratios of sums.
"""

from __future__ import annotations

import functools
import os
from typing import Any, Iterable, Literal, Sequence, overload

import numpy as np
import pandas as pd

from . import _args, _core, _frames
from ._core import BaseField, Catalog, Error, Indicator, InputError, MonthlySums, Period
from ._errors import raise_input, raise_rows, relabel, status_columns, status_mode
from ._frames import Refused
from ._figures import change
from ._labels import period_zh

__all__ = ["BaseField", "Catalog", "Indicator", "aggregate", "catalog", "compute", "flags", "merge", "months"]

DEFAULT = "national/indicators"
MAX_THREADS = 1024


@functools.lru_cache(maxsize=16)
def _builtin(name: str) -> Catalog:
    return _core.builtin_catalog(name)


def catalog(name_or_path: Catalog | str | os.PathLike | None = None) -> Catalog:
    """The default monthly-bulletin catalogue (14 indicators), another built-in one
    ("national/indicators_extended") or a catalogue pack file (YAML or JSON)."""
    if name_or_path is None:
        return _builtin(DEFAULT)
    if isinstance(name_or_path, Catalog):
        return name_or_path
    text = _args.pack_name(name_or_path, "catalog")
    return _builtin(text) if text in _core.builtin_pack_names() else _core.catalog(text)


_catalog = catalog  # for functions whose `catalog` parameter hides the function


def _rules(cat: Catalog, fields: Sequence[str]) -> list[tuple[int, int]]:
    pos = {f: i for i, f in enumerate(fields)}
    return [(pos[a], pos[b]) for a, b, _ in cat.checks if a in pos and b in pos]


def _sums(frame: pd.DataFrame, cat: Catalog, by: str, units: tuple[np.ndarray, pd.Index],
          time: tuple[np.ndarray, int], time_column: str, fields: Sequence[str], threads: int,
          refused: Refused | None = None, status: bool = False) -> Any:
    """The kernel's MonthlySums; with status, (sums, status, problem) with refused rows left out.
    Rows in `refused` are left out too, under their own reason (the kernel sees them without a unit)."""
    kinds = {f.code: f.kind for f in cat.fields}
    columns = {f: _frames.value_column(frame, f, refused, money=kinds[f] == "money") for f in fields}
    codes = units[0]
    if refused:
        codes = codes.copy()
        codes[list(refused)] = -1
    columns[by], columns[time_column] = codes, _frames.as_datetime64(*time)
    args = (columns, len(frame), by, len(units[1]), time_column, [(f, kinds[f]) for f in fields],
            _rules(cat, fields), threads)
    if status:
        sums, codes_refused, reasons = _core.aggregate_monthly_status(*args)
        state, problem = status_columns(codes_refused, reasons)
        for position, (_, why) in (refused or {}).items():
            problem[position] = why
        return sums, state, problem
    try:
        return _core.aggregate_monthly(*args)
    except InputError as exc:
        problems = getattr(exc, "problems", None)
        if refused and problems:  # rows refused before the kernel ran, under their own reasons
            raise_rows(frame, [(p["row"], *refused.get(p["row"], (p["column"], p["message"]))) for p in problems],
                       getattr(exc, "refused", None))
        relabel(exc, frame)


def _reports_frame(sums: MonthlySums, labels: pd.Index, cat: Catalog, by: str, categorical: bool) -> pd.DataFrame:
    kinds = {f.code: f.kind for f in cat.fields}
    # The kernel's unit codes index `labels`: not checked again.
    units = (pd.Categorical.from_codes(sums.unit, dtype=pd.CategoricalDtype(labels), validate=False) if categorical
             else labels.take(sums.unit))
    data: dict[str, Any] = {
        by: units,
        "month": _frames.month_labels(sums.month),
    }
    by_field = np.ascontiguousarray(sums.sums.T)  # one contiguous row per field, taken as the frame's columns
    for j, name in enumerate(sums.fields):
        data[name] = _frames.money_column(by_field[j], in_place=True) if kinds[name] == "money" else by_field[j]
    return pd.DataFrame(data, copy=False)  # every column is fresh: the kernel's or made here


@overload
def aggregate(events: pd.DataFrame, by: str = ..., freq: str = ..., *, date: str = ...,
              catalog: Catalog | str | None = ..., period: Period | str | None = ..., extra: str = ...,
              threads: int = ..., errors: Literal["raise"] = ...) -> pd.DataFrame: ...
@overload
def aggregate(events: pd.DataFrame, by: str = ..., freq: str = ..., *, date: str = ...,
              catalog: Catalog | str | None = ..., period: Period | str | None = ..., extra: str = ...,
              threads: int = ..., errors: Literal["status"]) -> tuple[pd.DataFrame, pd.DataFrame]: ...
def aggregate(events: pd.DataFrame, by: str = "unit", freq: str = "month", *, date: str = "date",
              catalog: Catalog | str | None = None, period: Period | str | None = None,
              extra: str = "error", threads: int = 0, errors: str = "raise") -> Any:
    """Sum event-level records into base fields per unit and month.

    events: one row per event with columns `by` (str, categorical or int codes), `date`
    (datetime64 or dates) and base-field columns holding each event's increments.
    Returns the reports frame: columns `by`, "month" ("YYYY-MM") and the base fields
    present, one row per (unit, month) with at least one event, sorted. Money is exact.
    period: when given, an event dated outside it is refused.
    errors="raise": a row that cannot be summed (no unit, no date or one that is not a date, a
    negative or fractional count, money that is not whole fen, a value above the one it is part of,
    a date outside `period`) is refused, and every refused row named in one error. errors="status":
    (reports, status) -- the reports of the other rows, and per event (indexed like `events`) the
    columns "status" ("ok" / "refused") and "problem".
    Runs in C++ with the GIL released, no per-row Python; threads=0 uses every core from 65,536 rows
    (below, one: a second thread was measured to cost more than it saves), or give a number.
    """
    _args.choice(freq, "freq (reports are monthly)", ("month", "M", "MS"))
    threads = _args.whole(threads, "threads (0: chosen by the work's size)", 0, MAX_THREADS)
    by, date = _args.text(by, "by"), _args.text(date, "date")
    status = status_mode(errors)
    cat = _catalog(catalog)
    events = _frames.require_frame(events, "events")
    fields = _frames.check_columns(events, [by, date], cat.field_codes, [], extra, "events")
    if not fields:
        raise_input(f"events have no base-field column (expected some of: {', '.join(cat.field_codes)})", events)
    units = _frames.unit_codes(events, by, narrow=True)
    refused: Refused = {}
    time = _frames.date_ticks(events, date, refused)
    if period is not None:
        _refuse_outside(events, date, time, _args.period(period, "period"), refused)
    categorical = isinstance(events[by].dtype, pd.CategoricalDtype)
    if not status:
        return _reports_frame(_sums(events, cat, by, units, time, date, fields, threads, refused), units[1], cat, by,
                              categorical)
    sums, state, problem = _sums(events, cat, by, units, time, date, fields, threads, refused, status=True)
    return (_reports_frame(sums, units[1], cat, by, categorical),
            pd.DataFrame({"status": state, "problem": problem}, index=events.index))


def _refuse_outside(frame: pd.DataFrame, column: str, time: tuple[np.ndarray, int], period: Period,
                    refused: Refused) -> None:
    ticks, per_day = time
    start = (np.datetime64(period.start, "D").astype(np.int64)) * per_day
    stop = (np.datetime64(period.end, "D").astype(np.int64) + 1) * per_day
    valid = ticks != np.iinfo(np.int64).min
    for p in np.flatnonzero(valid & ((ticks < start) | (ticks >= stop))):
        refused.setdefault(int(p), (column, f"date {frame[column].iloc[p]} is outside the period {period}"))


def merge(reports: Iterable[pd.DataFrame], by: str = "unit", *, catalog: Catalog | str | None = None,
          extra: str = "error") -> pd.DataFrame:
    """Combine partial reports frames (from files, threads or cluster partitions): the base
    fields of the same (unit, month) are added. Exact, associative and commutative."""
    if isinstance(reports, (pd.DataFrame, str)) or not isinstance(reports, Iterable):
        raise Error(f"reports must be a list (or other iterable) of reports frames, got {type(reports).__name__}")
    by = _args.text(by, "by")
    frames = [_frames.require_frame(r, "reports") for r in reports]
    if not frames:
        raise Error("merge needs at least one reports frame")
    cat = _catalog(catalog)
    whole = pd.concat(frames, ignore_index=True)
    fields = _frames.check_columns(whole, [by, "month"], cat.field_codes, [], extra, "reports")
    for name in fields:  # a field missing from some partitions adds nothing there
        if whole[name].isna().any() and any(name not in f.columns for f in frames):
            whole[name] = whole[name].fillna(0)
    units = _frames.unit_codes(whole, by, narrow=True)
    sums = _sums(whole, cat, by, units, (_frames.month_days(whole, "month"), 1), "month", fields, 0)
    return _reports_frame(sums, units[1], cat, by, isinstance(whole[by].dtype, pd.CategoricalDtype))


def compute(reports: pd.DataFrame, period: Period | str, by: str = "unit", catalog: Catalog | str | None = None,
            yoy: bool = False, mom: bool = False, *, indicators: Sequence[str] | None = None,
            extra: str = "error") -> pd.DataFrame:
    """Indicators per unit over `period` from monthly reports.

    reports: one row per (unit, month) with columns `by`, "month" and base fields. Base
    fields are summed over the months of the period (a `mean` field such as officers on
    strength is averaged), then every indicator is derived from those sums: a ratio of
    sums, never a mean of monthly ratios.

    Returns a DataFrame indexed by unit, one column per indicator code (counts as integers,
    money exact, ratios as float fractions), plus "<code>_yoy" (同比) and "<code>_mom" (环比)
    relative-change columns on request, and for rates "<code>_yoy_pp" / "<code>_mom_pp": the change
    in percentage points, as bulletins state a rate's change. A zero denominator or a unit without a report gives NaN and a
    flag: see ``flags(table)``. ``table.attrs`` records the period and catalogue stamp.
    """
    cat = _catalog(catalog)
    period = _args.period(period, "period")
    by = _args.text(by, "by")
    yoy, mom = _args.flag(yoy, "yoy"), _args.flag(mom, "mom")
    if indicators is not None:
        indicators = _args.texts(indicators, "indicators")
    reports = _frames.require_frame(reports, "reports")
    chosen = [ind for ind in cat.indicators if ind.in_force(period.end)]
    if indicators is not None:
        unknown = [c for c in indicators if c not in cat]
        if unknown:
            raise Error(f"no indicator(s) {', '.join(unknown)} in catalogue {cat.pack.name} (has: {', '.join(cat.codes)})")
        chosen = [cat[c] for c in indicators]
    present = _frames.check_columns(reports, [by, "month"], cat.field_codes, [], extra, "reports")
    absent = {ind.code: [f for f in ind.fields if f not in present] for ind in chosen}

    # Fields not needed and not reported count as zero; the kernel sees every catalogue field.
    frame = reports
    missing = [f for f in cat.field_codes if f not in present]
    if missing:
        frame = reports.assign(**{f: np.zeros(len(reports), dtype=np.int64) for f in missing})
    units = _frames.unit_codes(frame, by, narrow=True)
    days = _frames.month_days(frame, "month")
    sums = _sums(frame, cat, by, units, (days, 1), "month", cat.field_codes, 0)
    _refuse_duplicates(reports, by, sums, units[1])

    covered = (sums.month.min(), sums.month.max()) if sums.cells else None
    index = [cat.codes.index(ind.code) for ind in chosen]
    n_units = len(units[1])
    current = _core.period_values(cat, sums, n_units, period, index)
    if not (current["months_reported"] > 0).any():
        span = "no months" if covered is None else f"{_frames.month_labels([covered[0]])[0]}..{_frames.month_labels([covered[1]])[0]}"
        raise_input(f"no reports in period {period} (the reports cover {span})", reports)

    table = _indicator_table(cat, chosen, current, units[1])
    flag_rows = _flags(cat, chosen, current, units[1], str(period), "", absent)
    flag_rows += _months_missing(sums, units[1], period, current["months_reported"])
    for wanted, suffix, other in ((yoy, "_yoy", period.year_ago), (mom, "_mom", period.previous)):
        if not wanted:
            continue
        before_period = other()
        before = _core.period_values(cat, sums, n_units, before_period, index)
        base_table = _indicator_table(cat, chosen, before, units[1])
        for ind in chosen:
            now, base = table[ind.code].astype(float), base_table[ind.code].astype(float)
            table[ind.code + suffix] = change(now, base)
            if ind.kind == "ratio":  # a rate's change is stated in percentage points (下降5个百分点)
                table[ind.code + suffix + "_pp"] = (now - base) * 100
        flag_rows += _flags(cat, chosen, before, units[1], str(before_period), suffix, absent)
    for code, fields in absent.items():  # computed from zeros: no figure at all
        if fields:
            for column in [c for c in table.columns
                           if c == code or c in (code + "_yoy", code + "_mom", code + "_yoy_pp", code + "_mom_pp")]:
                table[column] = np.nan
    table.attrs.update({"period": str(period), "catalog": cat.pack.stamp, "flags": flag_rows})
    return table


def _refuse_duplicates(reports: pd.DataFrame, by: str, sums: MonthlySums, labels: pd.Index) -> None:
    twice = np.flatnonzero(sums.rows > 1)
    if twice.size == 0:
        return
    unit, month = labels[sums.unit[twice[0]]], _frames.month_labels([sums.month[twice[0]]])[0]
    keys = pd.DataFrame({"u": reports[by].to_numpy(), "m": _frames.month_days(reports, "month")})
    rows = reports.index[keys.duplicated(keep=False).to_numpy()
                         & (keys["u"] == unit).to_numpy()].tolist()
    raise_input(f"unit {unit!r} has more than one report for {month} (rows {', '.join(map(str, rows))}); "
                "merge partial reports with anjian.indicators.merge first", reports, rows[0] if rows else None, by)


def _indicator_table(cat: Catalog, chosen: Sequence[Indicator], result: dict, labels: pd.Index) -> pd.DataFrame:
    values, reported = result["values"], result["months_reported"] > 0
    field_pos = {f: i for i, f in enumerate(cat.field_codes)}
    columns: dict[str, Any] = {}
    for k, ind in enumerate(chosen):
        if ind.kind in ("count", "money"):
            sums = result["sums"][field_pos[ind.fields[0]]]
            col = _frames.money_column(sums) if ind.kind == "money" else sums
            if not reported.all():  # a unit without a report has no total, not a zero
                col = (pd.array(np.where(reported, col, 0), dtype="Int64") if ind.kind == "count"
                       else pd.array(np.where(reported, col, np.array(None, dtype=object)), dtype=object))
                col[~reported] = pd.NA if ind.kind == "count" else None
            columns[ind.code] = col
        else:
            columns[ind.code] = values[:, k]
    return pd.DataFrame(columns, index=labels.copy())


def _flags(cat: Catalog, chosen: Sequence[Indicator], result: dict, labels: pd.Index, period: str,
           suffix: str, absent: dict[str, list[str]]) -> list[dict]:
    out = []
    zero, reported = result["zero_division"], result["months_reported"] > 0
    names = {f.code: f.name_zh for f in cat.fields}
    for u, label in enumerate(labels):
        if not reported[u]:
            out.append(_flag(label, "*" + suffix, period, "no report", f"{period_zh(period)}未报送"))
            continue
        for k, ind in enumerate(chosen):
            if absent[ind.code]:
                out.append(_flag(label, ind.code + suffix, period, f"not reported: {', '.join(absent[ind.code])}",
                                 f"报表未含{'、'.join(names[f] for f in absent[ind.code])}，无法计算"))
            elif zero[u, k] >= 0:
                den = _core.denominator(cat, ind.code, int(zero[u, k]))
                out.append(_flag(label, ind.code + suffix, period, f"zero denominator: {den} = 0",
                                 f"分母为零（{_denominator_zh(cat, den)}为0），无法计算"))
    return out


def _flag(unit: Any, indicator: str, period: str, flag: str, reason_zh: str) -> dict:
    return {"unit": unit, "indicator": indicator, "period": period, "flag": flag, "reason_zh": reason_zh}


def _denominator_zh(cat: Catalog, expression: str) -> str:
    """A denominator in Chinese: its base fields' names in place of their codes."""
    for f in sorted(cat.fields, key=lambda f: -len(f.code)):
        expression = expression.replace(f.code, f.name_zh)
    return expression


def _months_missing(sums: MonthlySums, labels: pd.Index, period: Period, months_reported: np.ndarray) -> list[dict]:
    """A unit that reported some months of the period but not all: its totals lack the others."""
    first = period.start.year * 12 + period.start.month - 1
    last = period.end.year * 12 + period.end.month - 1
    span = last - first + 1
    out = []
    for u in np.flatnonzero((months_reported > 0) & (months_reported < span)):
        have = set(np.asarray(sums.month)[(np.asarray(sums.unit) == u)].tolist())
        missing = [m for m in range(first, last + 1) if m not in have]
        text = _frames.month_labels(missing).tolist()
        out.append(_flag(labels[u], "*", str(period), f"months missing: {', '.join(text)}",
                         f"缺报{'、'.join(period_zh(m) for m in text)}，合计不含该月"))
    return out


def months(reports: pd.DataFrame) -> list[str]:
    """The months ("YYYY-MM") a reports frame covers, sorted."""
    days = np.unique(_frames.month_days(_frames.require_frame(reports, "reports"), "month"))
    return [str(m) for m in days.astype("datetime64[D]").astype("datetime64[M]")]


def flags(table: pd.DataFrame) -> pd.DataFrame:
    """Why cells of a compute() table are NaN or partial: a unit without a report ("no report"), an
    indicator whose base fields the reports lack ("not reported: ..."), a zero denominator, and a unit
    that reported only some months of the period ("months missing: ..."; its figures are computed over
    the months reported). `flag` is for programs, `reason_zh` for the bulletin's reader."""
    table = _frames.require_frame(table, "table")
    return pd.DataFrame(table.attrs.get("flags", []), columns=["unit", "indicator", "period", "flag", "reason_zh"])
