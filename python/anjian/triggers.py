"""Supervision actions triggered by dated events (anjian.triggers).

    fired = anjian.triggers.evaluate(events)                      # national rules
    fired = anjian.triggers.evaluate(events, ["national/triggers", "examples/triggers_jiaxing"])
    fired[["rule", "action", "group", "fired_on", "events"]]

`events` is one row per accident, penalty decision or inspection finding: `date`, `kind` (accident |
penalty | finding), `unit`, and what the rules read -- `region`, `province`, `city`, `level` (1..4 or
一般..特别重大; computed from deaths, serious_injuries and direct_loss_yuan when absent), `type`,
`deaths`, `casualties`, `sector` (the unit's 行业: the 严重失信 rules apply only to the sectors 令第11号
第二条 names, or 其他), and flags such as `major_hazard`. Each row of the result is one rule met on
one day, with the events that met it (their index labels). Rules needing a field the events lack
are skipped and listed in `result.attrs["skipped"]`; a rule dated by a later step (严重失信 by the penalty
decision, `undated: pending`) does not count an event without that date yet, and lists it in
`result.attrs["pending"]`. An event a rule would count by its kind but
cannot judge (no date, no key it groups by, no fact its condition reads) is refused with its row.
"""

from __future__ import annotations

import functools
import os
from typing import Any, Literal, overload

import numpy as np
import pandas as pd

from . import _args, _core, _frames, _stale, accident
from ._core import Error, InputError
from ._errors import raise_input, relabel, status_columns, status_mode
from ._counted import CountedArray
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


def _only(sets: list[Any], ids: Any) -> list[Any]:
    """The sets cut to the rules named in `ids` (sets left without a rule dropped); an id in no set is an
    error naming the rules there are."""
    if not isinstance(ids, (list, tuple)) or not all(isinstance(i, str) for i in ids):
        raise Error(f"only must be a list of rule ids, got {type(ids).__name__}")
    known = [r["id"] for s in sets for r in s.rules]
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise Error(f"no rule {', '.join(map(repr, unknown))} in the packs; their rules: {', '.join(known)}")
    out = []
    for s in sets:
        mine = [r["id"] for r in s.rules if r["id"] in ids]
        if mine:
            out.append(s.only(mine))
    return out


def _pending(frame: pd.DataFrame, columns: dict[str, Any], sets: list[Any], skipped: dict[str, Any]) -> dict[str, list]:
    """For each rule that dates events by a later step (undated: pending), the events of its kind that
    have not reached it (no decision date yet): not counted by that rule yet, and said so."""
    out: dict[str, list] = {}
    kind = columns.get("kind")
    for s in sets:
        for rule in s.rules:
            if not rule["undated_pending"] or rule["id"] in skipped:
                continue
            waiting = np.isnat(np.asarray(columns[rule["date_field"]]).astype("datetime64[D]"))
            if rule["events"] and isinstance(kind, tuple):  # ("codes", codes, labels), as the kernel read it
                labels = list(kind[2])
                waiting &= kind[1] == (labels.index(rule["events"]) if rule["events"] in labels else -2)
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


def _flags_or_text(col: pd.Series) -> Any:
    """A column that is not numbers or dates, coded once: yes/no cells (True/False, 是/否, with perhaps
    some empty) as 1/0/NaN; other cells as text, ("codes", int32 codes (-1 where empty), the distinct
    texts). Cells that are all text already are coded as they are; otherwise each is first read as
    text (1 and "1" are one value)."""
    codes, present = _frames.factorize(col)
    present = np.asarray(present, dtype=object)
    if len(present) and all(_is_flag(v) for v in present):
        values = np.array([_frames.flag(v) for v in present], dtype=np.float64)
        return np.where(codes < 0, np.nan, values[codes])
    if len(present) and pd.api.types.infer_dtype(present, skipna=False) != "string":  # not every label a str
        codes, present = pd.factorize(col.astype("string"), use_na_sentinel=True)
    return "codes", codes.astype(np.int32, copy=False), np.asarray(present, dtype=object)


def _is_flag(cell: Any) -> bool:
    """A yes/no cell (True/False, 是/否); numbers are not flags in a text column."""
    if not isinstance(cell, (bool, np.bool_, str)):
        return False
    try:
        _frames.flag(cell)
    except ValueError:
        return False
    return True


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
        else:
            columns[name] = _flags_or_text(col)
    level = _levels(frame, refused)
    if level is not None:
        columns["level"] = level
    return columns


_Labels = dict[str, np.ndarray]  # key -> "key=value" per code of the key's column


def _key_codes(frame: pd.DataFrame, columns: dict[str, Any], key: str, rows: np.ndarray,
               cache: _Labels) -> tuple[np.ndarray, np.ndarray]:
    """"key=value" per distinct value of the column (made once, cached across rules), and the code of
    each of `rows` into them; a text column's codes are those the kernel read."""
    column = columns.get(key)
    if isinstance(column, tuple):  # ("codes", codes, labels)
        if key not in cache:
            cache[key] = np.array([f"{key}={v}" for v in column[2]], dtype=object)
        return cache[key], column[1][rows]
    codes, values = pd.factorize(frame[key], use_na_sentinel=False)
    return np.array([f"{key}={v}" for v in values], dtype=object), codes[rows]


def _dates(days: np.ndarray) -> np.ndarray:
    """Day numbers as datetime.date objects, each distinct day made once (firings share few days)."""
    if not len(days):
        return np.array([], dtype=object)
    lo, hi = int(days.min()), int(days.max())
    if hi - lo > 4 * len(days) + 1024:
        return days.astype("datetime64[D]").astype(object)
    table = np.arange(lo, hi + 1).astype("datetime64[D]").astype(object)
    return _frames.take(table, days - lo)


def _firing_columns(frame: pd.DataFrame, columns: dict[str, Any], s: Any, fires: dict[str, np.ndarray],
                    first_rule: int, cache: _Labels) -> dict[str, Any]:
    """The firings of one rule set as arrays, in the kernel's order: the rule as its place in every
    set's rules (from first_rule), days as day numbers, the group as a code into "group_labels" (the
    texts are made once the firings are sorted: one pass over them, not a fill and a copy)."""
    info = s.rules
    rule, event = fires["rule"], fires["event"]
    labels = frame.index.take(fires["rows"]).to_numpy()  # one array of labels shared by every firing
    group = np.empty(len(rule), dtype=np.int64)
    pool: list[np.ndarray] = []  # the group texts of the rules, one after another
    placed: dict[int, int] = {}  # a cached array of key texts: where it starts in the pool
    size = 0
    rules = np.unique(rule)
    for r in rules:  # a few rules; their firings at once
        at = np.flatnonzero(rule == r) if len(rules) > 1 else slice(None)
        keys = list(info[r]["group_by"]) + list(info[r]["same"])
        parts = [_key_codes(frame, columns, k, event[at], cache) for k in keys]
        if len(parts) == 1:  # the usual: one key, its texts shared by every rule grouping by it
            texts, codes = parts[0]
        else:  # several keys (or none): a text per firing
            texts = (functools.reduce(lambda a, b: a + ", " + b, [_frames.take(t, c) for t, c in parts]) if parts
                     else np.full(len(event[at]), "", dtype=object))
            codes = np.arange(len(texts))
        if id(texts) not in placed:
            placed[id(texts)] = size
            pool.append(texts)
            size += len(texts)
        group[at] = codes + placed[id(texts)]
    return {"rule": rule.astype(np.int64) + first_rule, "group": group,
            "group_labels": np.concatenate(pool) if pool else np.array([], dtype=object), "fired_on": fires["day"],
            "window_start": fires["start"], "window_end": fires["end"], "count": fires["stop"] - fires["begin"],
            "events": CountedArray(labels, fires["begin"], fires["stop"])}


COLUMNS = ["rule", "action", "title_zh", "group", "fired_on", "window_start", "window_end", "count", "events",
           "basis", "verified", "pack"]


def _by_day_then_rule(day: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """np.lexsort((rank, day)): two stable sorts of 16-bit keys (radix sorts in numpy) when the days
    span under 65,536 -- they span a few years -- else the comparison sort."""
    if not len(day):
        return np.arange(0)
    lo, hi = int(day.min()), int(day.max())
    if hi - lo >= 1 << 16 or int(rank.max()) >= 1 << 16:
        return np.lexsort((rank, day))
    order = np.argsort(rank.astype(np.uint16), kind="stable")
    return order[np.argsort((day[order] - lo).astype(np.uint16), kind="stable")]


def _result(parts: list[dict[str, Any]], rules: list[tuple[dict[str, Any], str]]) -> pd.DataFrame:
    """The firings of every rule set in one frame, by day, then rule id (stably), sorted as numbers on
    the arrays before the frame is made. `rules`: (rule, pack stamp) of every set's rules, from which
    the per-rule columns are taken; days become dates, each distinct day made once."""
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    if len(parts) > 1:  # each set's group codes moved past the texts of the sets before it
        starts = np.cumsum([0] + [len(p["group_labels"]) for p in parts[:-1]])
        parts = [{**p, "group": p["group"] + start} for p, start in zip(parts, starts)]
    joined = parts[0] if len(parts) == 1 else {
        k: (CountedArray._concat_same_type([p[k] for p in parts]) if k == "events"
            else np.concatenate([p[k] for p in parts])) for k in parts[0]}
    group_labels = joined.pop("group_labels")
    table = lambda key: np.array([r[key] for r, _ in rules], dtype=object)
    ids = table("id")
    rank = pd.factorize(ids, sort=True)[0]  # each rule's place among the ids sorted
    order = _by_day_then_rule(joined["fired_on"], rank[joined["rule"]])
    cols = {k: v.take(order) for k, v in joined.items()}
    rule = cols["rule"]
    end = _dates(cols["window_end"])
    end[~np.array([r["windowed"] for r, _ in rules], dtype=bool)[rule]] = None
    columns = {"rule": _frames.take(ids, rule), "action": _frames.take(table("action"), rule),
               "title_zh": _frames.take(table("title_zh"), rule), "group": _frames.take(group_labels, cols["group"]),
               "fired_on": _dates(cols["fired_on"]), "window_start": _dates(cols["window_start"]), "window_end": end,
               "count": cols["count"], "events": cols["events"], "basis": _frames.take(table("basis"), rule),
               "verified": table("verified").astype(bool)[rule],
               "pack": _frames.take([stamp for _, stamp in rules], rule)}
    return _frames.result_frame(columns, pd.RangeIndex(len(rule)))


@overload
def evaluate(events: pd.DataFrame, packs: Any = ..., errors: Literal["raise"] = ..., *,
             only: list[str] | None = ...) -> pd.DataFrame: ...
@overload
def evaluate(events: pd.DataFrame, packs: Any = ..., *, errors: Literal["status"],
             only: list[str] | None = ...) -> tuple[pd.DataFrame, pd.DataFrame]: ...
def evaluate(events: pd.DataFrame, packs: Any = None, errors: str = "raise", *, only: list[str] | None = None) -> Any:
    """Every rule of the packs (default: national/triggers) met by the events, one row per rule
    and day it is met: rule, action, title_zh, group, fired_on, window_start, window_end, count,
    events (the index labels of the counted events), basis, verified, pack.

    An event a rule would count by its kind but cannot judge -- no kind, no date or one that is not
    a date, no value of a key the rule groups by, a fact its condition reads missing -- is refused:
    counting it or not would both be a guess. errors="raise": every refused event named in one
    error. errors="status": (firings, status) -- the firings of the other events, and per event
    (indexed like `events`) "status" ("ok" / "refused") and "problem".

    only: the ids of the rules to evaluate; the packs' other rules are left out (they neither fire nor
    refuse events)."""
    status = status_mode(errors)
    frame = _frames.require_frame(events, "events")
    sets = _rule_sets(packs)
    if only is not None:
        sets = _only(sets, only)
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
    parts: list[dict[str, Any]] = []
    skipped: dict[str, list[str]] = {}
    cache: _Labels = {}
    every_rule: list[tuple[dict[str, Any], str]] = []
    for s, (fires, skips) in zip(sets, results):
        info = s.rules
        for rule, missing in skips:
            skipped[info[rule]["id"]] = list(missing)
        if len(fires["rule"]):
            parts.append(_firing_columns(frame, event_columns, s, fires, len(every_rule), cache))
        every_rule += [(r, s.pack.stamp) for r in info]
    out = _result(parts, every_rule)
    out.attrs["skipped"] = skipped
    out.attrs["pending"] = _pending(frame, event_columns, sets, skipped)
    if not status:
        return out
    state, problem = status_columns(row_refused, reasons)
    return out, pd.DataFrame({"status": state, "problem": problem}, index=frame.index)
