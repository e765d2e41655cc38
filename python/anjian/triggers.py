"""Supervision actions triggered by dated events (anjian.triggers).

    fired = anjian.triggers.evaluate(events)                      # national rules
    fired = anjian.triggers.evaluate(events, ["national/triggers", "examples/triggers_jiaxing"])
    fired[["rule", "action", "group", "fired_on", "events"]]

`events` is one row per accident, penalty decision or inspection finding: `date`, `kind` (accident |
penalty | finding), `unit`, and what the rules read -- `region`, `province`, `city`, `level` (1..4 or
一般..特别重大; computed from deaths, serious_injuries and direct_loss_yuan when absent), `type`,
`deaths`, `casualties`, and flags such as `major_hazard`. Each row of the result is one rule met on
one day, with the events that met it (their index labels). Rules needing a field the events lack
are skipped and listed in `result.attrs["skipped"]`; a rule dated by a later step (严重失信 by the penalty
decision, `undated: pending`) does not count an event without that date yet, and lists it in
`result.attrs["pending"]`. An event a rule would count by its kind but
cannot judge (no date, no key it groups by, no fact its condition reads) is refused with its row.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
from typing import Any, Iterator, Literal, Sequence, overload

import numpy as np
import pandas as pd

from . import _args, _core, _frames, _stale, accident
from ._core import Error, InputError
from ._errors import raise_input, relabel, status_columns, status_mode
from ._frames import Refused

__all__ = ["evaluate", "rules"]



DEFAULT = "national/triggers"


@functools.lru_cache(maxsize=16)
def _load(name_or_path: str) -> Any:
    return _core.trigger_rules(name_or_path)


def rules(name_or_path: str = DEFAULT) -> Any:
    """The trigger rules of a built-in pack or a pack file (kind: trigger_rules)."""
    return _load(_args.pack_name(name_or_path, "packs"))


def _rule_sets(packs: Any) -> list[Any]:
    """One pack (loaded, a name or a file) or a list of them."""
    if packs is None or isinstance(packs, (str, os.PathLike, _core.TriggerRules)):
        packs = [packs]
    elif not isinstance(packs, (list, tuple)):
        raise Error(f"packs must be a rule pack (name, file or loaded) or a list of them, got {type(packs).__name__}")
    return [_args.pack(p, "packs", _core.TriggerRules, rules, DEFAULT) for p in packs]


def _pending(frame: pd.DataFrame, columns: dict[str, Any], sets: list[Any], skipped: dict[str, Any]) -> dict[str, list]:
    """For each rule that dates events by a later step (undated: pending), the events of its kind that
    have not reached it (no decision date yet): not counted by that rule yet, and said so."""
    out: dict[str, list] = {}
    kinds = frame["kind"].astype("string").to_numpy() if "kind" in frame.columns else None
    for s in sets:
        for rule in s.rules:
            if not rule["undated_pending"] or rule["id"] in skipped:
                continue
            waiting = np.isnat(np.asarray(columns[rule["date_field"]]).astype("datetime64[D]"))
            if rule["events"] and kinds is not None:
                waiting &= kinds == rule["events"]
            if waiting.any():
                out[rule["id"]] = list(frame.index[waiting])
    return out


def _levels(frame: pd.DataFrame, refused: Refused) -> np.ndarray | None:
    """The level column as 1..4 (text names accepted), or computed from casualties and loss."""
    if "level" in frame.columns:
        return accident.level_column(frame, "level", refused)
    needed = ("deaths", "serious_injuries", "direct_loss_yuan")
    if not all(c in frame.columns for c in needed):
        return None
    known = frame[list(needed)].notna().all(axis=1).to_numpy()
    levels = np.full(len(frame), np.nan)
    if known.any():
        levels[known] = accident.classify(*(frame.loc[known, c].to_numpy() for c in needed))
    return levels


def _columns(frame: pd.DataFrame, date_fields: set[str], refused: Refused) -> dict[str, Any]:
    """The events as kernel columns; cells that are not what their column holds go to `refused`."""
    columns: dict[str, Any] = {}
    for column in frame.columns:
        name = str(column)
        col = frame[column]
        if name in date_fields or _frames.is_datetime(col.dtype) or isinstance(col.dtype, pd.DatetimeTZDtype):
            columns[name] = _frames.dates(frame, column, refused)
        elif pd.api.types.is_bool_dtype(col.dtype) or pd.api.types.is_numeric_dtype(col.dtype):
            columns[name] = _frames.value_column(frame, column, refused).astype(float)
        elif _is_flags(col):  # True/False or 是/否 with empty cells: object dtype, still a flag
            columns[name] = _frames.read_cells(frame, column, _frames.flag, np.float64, np.nan, refused)
        else:
            codes, labels = pd.factorize(col.astype("string"), use_na_sentinel=True)
            columns[name] = ("codes", codes.astype(np.int32), np.asarray(labels, dtype=object))
    level = _levels(frame, refused)
    if level is not None:
        columns["level"] = level
    return columns


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector held off while a result's many small objects are made: they form no
    cycles, and collecting as they pile up cost four times the making."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


_Labels = dict[str, tuple[np.ndarray, np.ndarray]]  # key -> (codes per event, "key=value" per code)


def _key_labels(frame: pd.DataFrame, key: str, rows: np.ndarray, cache: _Labels) -> np.ndarray:
    """"key=value" of `rows`, made once per distinct value of the column (cached across rules)."""
    if key not in cache:
        codes, values = pd.factorize(frame[key], use_na_sentinel=False)
        cache[key] = codes, np.array([f"{key}={v}" for v in values], dtype=object)
    codes, texts = cache[key]
    return texts[codes[rows]]


def _firings(frame: pd.DataFrame, columns: dict[str, Any], s: Any, fires: dict[str, np.ndarray]) -> pd.DataFrame:
    """The firings of one rule set as a frame, built a column at a time; fired_on stays datetime64 (the
    caller sorts on it, then makes it dates)."""
    info = s.rules
    rule, event = fires["rule"], fires["event"]
    labels = frame.index.take(fires["rows"]).to_numpy()  # one array of labels shared by every firing
    with _gc_paused():
        counted = [Counted(labels, a, b) for a, b in zip(fires["begin"].tolist(), fires["stop"].tolist())]
    group = np.empty(len(rule), dtype=object)
    fired_on = np.empty(len(rule), dtype="datetime64[D]")
    cache: _Labels = {}
    for r in np.unique(rule):  # a few rules; their firings at once
        at = np.flatnonzero(rule == r)
        keys = list(info[r]["group_by"]) + list(info[r]["same"])
        parts = [_key_labels(frame, k, event[at], cache) for k in keys]
        group[at] = functools.reduce(lambda a, b: a + ", " + b, parts) if parts else ""
        fired_on[at] = columns[info[r]["date_field"]][event[at]].astype("datetime64[D]")  # the completing event's day
    end = fires["end"].astype("datetime64[D]").astype(object)
    end[~np.array([x["windowed"] for x in info], dtype=bool)[rule]] = None
    ids = np.array([x["id"] for x in info], dtype=object)
    field = lambda key: np.array([x[key] for x in info], dtype=object)[rule]
    return pd.DataFrame({"rule": ids[rule], "action": field("action"), "title_zh": field("title_zh"), "group": group,
                         "fired_on": fired_on,
                         "window_start": fires["start"].astype("datetime64[D]").astype(object),
                         "window_end": end, "count": fires["stop"] - fires["begin"], "events": counted,
                         "basis": field("basis"), "verified": field("verified").astype(bool), "pack": s.pack.stamp})


class Counted(Sequence):
    """The index labels of the events one firing counted, oldest first: a list to read and compare,
    held as a range of one array shared by every firing (long windows cost no copies)."""

    __slots__ = ("_labels", "_start", "_stop")

    def __init__(self, labels: np.ndarray, start: int, stop: int):
        self._labels, self._start, self._stop = labels, start, stop

    def __len__(self) -> int:
        return self._stop - self._start

    def __getitem__(self, k: Any) -> Any:
        return self.tolist()[k]

    def __iter__(self) -> Any:
        return iter(self.tolist())

    def tolist(self) -> list:
        return self._labels[self._start:self._stop].tolist()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Counted, list, tuple)):
            return self.tolist() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a sequence compared by value

    def __repr__(self) -> str:
        return repr(self.tolist())


def _is_flags(col: pd.Series) -> bool:
    """A column of yes/no cells (True/False, 是/否) with perhaps some empty."""
    present = col.dropna().unique()
    if not len(present):
        return False
    try:
        for v in present:
            if not isinstance(v, (bool, np.bool_, str)):
                return False
            _frames.flag(v)
    except ValueError:
        return False
    return True


@overload
def evaluate(events: pd.DataFrame, packs: Any = ..., errors: Literal["raise"] = ...) -> pd.DataFrame: ...
@overload
def evaluate(events: pd.DataFrame, packs: Any = ..., *, errors: Literal["status"]) -> tuple[pd.DataFrame, pd.DataFrame]: ...
def evaluate(events: pd.DataFrame, packs: Any = None, errors: str = "raise") -> Any:
    """Every rule of the packs (default: national/triggers) met by the events, one row per rule
    and day it is met: rule, action, title_zh, group, fired_on, window_start, window_end, count,
    events (the index labels of the counted events), basis, verified, pack.

    An event a rule would count by its kind but cannot judge -- no kind, no date or one that is not
    a date, no value of a key the rule groups by, a fact its condition reads missing -- is refused:
    counting it or not would both be a guess. errors="raise": every refused event named in one
    error. errors="status": (firings, status) -- the firings of the other events, and per event
    (indexed like `events`) "status" ("ok" / "refused") and "problem"."""
    status = status_mode(errors)
    frame = _frames.require_frame(events, "events")
    sets = _rule_sets(packs)
    date_fields = {r["date_field"] for s in sets for r in s.rules}
    missing_dates = [f for f in sorted(date_fields) if f not in frame.columns]
    if missing_dates and len(missing_dates) == len(date_fields):
        raise_input(f"events lack the date column(s) {', '.join(missing_dates)}", frame)
    refused: Refused = {}
    event_columns = _columns(frame, date_fields & set(map(str, frame.columns)), refused)
    _stale.check([s.pack for s in sets], _stale.latest(event_columns[f] for f in date_fields if f in event_columns))
    try:
        results, row_refused, reasons = _core.triggers_evaluate(
            sets, event_columns, len(frame), status, [(p, c, why) for p, (c, why) in sorted(refused.items())])
    except InputError as exc:
        relabel(exc, frame)
    parts, skipped = [], {}
    for s, (fires, skips) in zip(sets, results):
        info = s.rules
        for rule, missing in skips:
            skipped[info[rule]["id"]] = list(missing)
        if len(fires["rule"]):
            parts.append(_firings(frame, event_columns, s, fires))
    columns = ["rule", "action", "title_zh", "group", "fired_on", "window_start", "window_end", "count", "events",
               "basis", "verified", "pack"]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    if len(out):  # by day, then rule id, stably: sorted as numbers (days, the ids' ranks), not as objects
        rank = pd.factorize(out["rule"], sort=True)[0]
        order = np.lexsort((rank, out["fired_on"].to_numpy().astype("datetime64[D]").astype(np.int64)))
        out = out.take(order).reset_index(drop=True)
        out["fired_on"] = out["fired_on"].to_numpy().astype("datetime64[D]").astype(object)
    out.attrs["skipped"] = skipped
    out.attrs["pending"] = _pending(frame, event_columns, sets, skipped)
    if not status:
        return out
    state, problem = status_columns(row_refused, reasons)
    return out, pd.DataFrame({"status": state, "problem": problem}, index=frame.index)
