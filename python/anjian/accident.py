"""Accident levels, investigating governments and reporting limits (anjian.accident).

    anjian.accident.classify(12, 0, 0)                  # AccidentLevel.MAJOR
    anjian.accident.classify(deaths, injuries, losses)  # arrays -> int8 array of 1..4
    anjian.accident.explain(2, 12, 0).why               # '重伤人数... 12 reaches 较大事故 (10 以上)'
    anjian.accident.grade(accidents)                    # a DataFrame of accidents -> levels, deadlines, 迟报

国务院令第493号 第三条: the level is the highest one any of deaths, serious injuries (incl. acute
industrial poisoning) and direct economic loss reaches; the article reads its lower bounds as
inclusive and its upper bounds as exclusive ("以上"包括本数，"以下"不包括本数), and the pack
(rules/national/accidents.yaml) records that reading. Money is exact: losses are whole fen.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd

from . import _args, _cells, _core, _frames, _stale
from ._core import Error
from ._errors import raise_input, relabel, status_columns, status_mode

__all__ = ["AccidentLevel", "Classification", "LEVEL_CODES", "classify", "explain", "grade", "level_code", "rules"]

CRITERIA = ("deaths", "serious_injuries", "direct_loss_yuan")


class AccidentLevel(enum.IntEnum):
    """The four levels of 第三条; the values are what anjian.penalty takes as `level`."""

    GENERAL = 1
    LARGER = 2
    MAJOR = 3
    ESPECIALLY_MAJOR = 4

    @property
    def name_zh(self) -> str:
        return ("一般事故", "较大事故", "重大事故", "特别重大事故")[self - 1]

    @property
    def short_zh(self) -> str:
        """一般 / 较大 / 重大 / 特别重大: how the penalty packs name the level."""
        return self.name_zh[:-2]


# Every spelling of a level anjian accepts, to its number: the one table (the penalty pack declares the
# same spellings for its `level` fact).
LEVEL_CODES: dict[str, int] = {
    spelling: int(level) for level in AccidentLevel
    for spelling in (str(int(level)), level.name.lower(), level.name_zh, level.short_zh)}


def level_code(value: Any) -> int | None:
    """A level given as AccidentLevel, 1..4, "2", "较大", "较大事故" or "larger", as 1..4; None if it is none."""
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, (int, np.integer)):
        return int(value) if 1 <= int(value) <= 4 else None
    if isinstance(value, (float, np.floating)):
        return int(value) if float(value).is_integer() and 1 <= value <= 4 else None
    return LEVEL_CODES.get(str(value).strip()) if isinstance(value, str) else None


def level_column(frame: pd.DataFrame, column: str = "level", refused: _frames.Refused | None = None
                 ) -> np.ndarray:
    """A column of accident levels as 1..4 (NaN where empty): 一般..特别重大, their short names, "2",
    2 or 2.0. Anything else -- 1.5, True, 258, 较打 -- is named with its row, never truncated or wrapped."""
    def parse(cell: Any) -> float:
        code = level_code(cell)
        if code is None:
            raise ValueError(f"accident level must be 1..4 or 一般/较大/重大/特别重大, got {cell!r}")
        return float(code)

    return _frames.read_cells(frame, column, parse, np.float64, np.nan, refused)


DEFAULT = "national/accidents"


@functools.lru_cache(maxsize=16)
def _load(name_or_path: str) -> Any:
    return _core.accident_rules(name_or_path)


def rules(name_or_path: str = DEFAULT) -> Any:
    """The accident-level rules of a built-in pack or a pack file (kind: accident_levels)."""
    return _load(_args.pack_name(name_or_path, "rules"))


def _resolve(rules_: Any) -> Any:
    return _args.pack(rules_, "rules", _core.AccidentRules, rules, DEFAULT)


MAX_PEOPLE = _args.MAX_PEOPLE


def _scalar_count(value: Any, what: str) -> int:
    try:
        number = _cells.count(value)
    except ValueError:
        number = -1
    if number < 0 or number > MAX_PEOPLE:
        raise Error(f"{what} must be a whole number from 0 to {MAX_PEOPLE}, got {value!r}")
    return number


def classify(deaths: Any, serious_injuries: Any, direct_loss_yuan: Any, *, rules: Any = None) -> Any:
    """The level of 第三条: an AccidentLevel for scalars, an int8 array of 1..4 for arrays."""
    r = _resolve(rules)
    columns = {"deaths": deaths, "serious_injuries": serious_injuries, "direct_loss_yuan": direct_loss_yuan}
    try:
        shapes = {name: np.shape(values) for name, values in columns.items()}  # no copy of a numeric array
    except ValueError:  # a ragged list
        raise Error("deaths, serious_injuries and direct_loss_yuan must be numbers or 1-dimensional arrays") from None
    if not any(shapes.values()):  # three scalars: one accident
        fen = _frames.fen(direct_loss_yuan, "direct_loss_yuan")
        args = (_scalar_count(deaths, "deaths"), _scalar_count(serious_injuries, "serious_injuries"))
        level, _ = _core.accident_classify_one(r, args[0], args[1], fen)
        return AccidentLevel(level)
    for name, shape in shapes.items():
        if len(shape) > 1:
            raise Error(f"{name} must be one number or a 1-dimensional array, got {len(shape)} dimensions")
    if len({shape for shape in shapes.values() if shape}) > 1:
        raise Error("deaths, serious_injuries and direct_loss_yuan must be arrays of one length, got "
                    + ", ".join(str(shape[0] if shape else 1) for shape in shapes.values()))
    arrays = {name: np.asarray(values) for name, values in columns.items()}
    # Numbers already (that int64 holds: not uint64): no frame to build.
    if all(a.ndim == 1 and (a.dtype.kind in "if" or (a.dtype.kind == "u" and a.dtype.itemsize < 8))
           for a in arrays.values()):
        numbers = {name: a.astype(np.float64 if a.dtype.kind == "f" else np.int64, copy=False)
                   for name, a in arrays.items()}
        try:
            return _core.accident_classify(r, numbers, len(numbers["deaths"]), tuple(CRITERIA), levels_only=True)[0]
        except _core.InputError as exc:
            relabel(exc, pd.DataFrame(arrays))
    return _classify_frame(pd.DataFrame(arrays), r, CRITERIA)[0]


def _classify_frame(frame: pd.DataFrame, r: Any, columns: Sequence[str],
                    status: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """(level, decided_by bits, refused, reasons) of every row: the counts and the loss are checked
    in C++, every bad cell named (or with status, refused per row with level 0)."""
    try:
        values = {c: _frames.value_column(frame, c, money=c == "direct_loss_yuan") for c in columns}
        return _core.accident_classify(r, values, len(frame), tuple(columns), status)
    except _core.InputError as exc:
        relabel(exc, frame)


@dataclass(frozen=True)
class Classification:
    level: AccidentLevel
    decided_by: tuple[str, ...]  # the criteria that reach the level; () for 一般
    why: str
    investigated_by: str  # 第十九条, or a sector's own regulation
    investigation_basis: str
    reporting_chain: tuple[tuple[str, int], ...]  # (office, latest arrival in minutes after the head was told)
    pack: str

    @property
    def name_zh(self) -> str:
        return self.level.name_zh


def explain(deaths: Any, serious_injuries: Any, direct_loss_yuan: Any, *, rules: Any = None,
            sector: str = "general", date: Any = None) -> Classification:
    """One accident's level with the criterion that decided it, who investigates and the reporting chain.
    sector ("coal" ...) and date (the accident day): a sector's own regulation may name the investigating
    body (a coal-mine accident from 2024-05-01: 国家矿山安全监察机构, 煤矿安全生产条例 第六十条); for a sector
    other than "general" the date is required."""
    r = _resolve(rules)
    d, s = _scalar_count(deaths, "deaths"), _scalar_count(serious_injuries, "serious_injuries")
    fen = _frames.fen(direct_loss_yuan, "direct_loss_yuan")
    sector = _args.text(sector, "sector")
    day = _frames.to_date(date, "date")
    if day is None and sector != "general":
        raise Error(f"date is required for sector '{sector}': who investigates depends on the accident day")
    _stale.check([r.pack], day)
    level, bits = _core.accident_classify_one(r, d, s, fen)
    lvl = AccidentLevel(level)
    body, basis = (r.levels[lvl - 1][1], r.levels_source) if day is None else r.investigated_by(level, sector, day)
    return Classification(level=lvl, decided_by=_decided(bits), why=_core.accident_explain(r, d, s, fen),
                          investigated_by=body, investigation_basis=basis,
                          reporting_chain=tuple(_core.accident_chain(r, int(lvl))), pack=r.pack.stamp)


def _decided(bits: int) -> tuple[str, ...]:
    return tuple(c for i, c in enumerate(CRITERIA) if bits & (1 << i))


def grade(accidents: Any, *, rules: Any = None, deaths: str = "deaths", serious_injuries: str = "serious_injuries",
          direct_loss_yuan: str = "direct_loss_yuan", date: str | None = "date", type: str | None = "type",
          head_told: str | None = "head_told_at", offices: Sequence[str] | None = None,
          sector: str | None = "sector", errors: str = "raise") -> pd.DataFrame:
    """Grade every accident of a frame in one C++ call.

    Columns read: deaths, serious_injuries, direct_loss_yuan (names can be changed); when present,
    `date` (the accident day: re-grade and investigation deadlines, with `type` choosing the 7-day
    window for road_traffic and fire) and the reporting times: `head_told_at` (unit head told) and
    `offices` (the columns of the times each office of the chain was told, lowest first; default
    the columns named reported_at, office_1_at, office_2_at, office_3_at that exist).

    Returns, with the input's index: level (int8 1..4), level_zh, decided_by, investigated_by,
    reported_up_to; regrade_until, report_due; late (迟报), late_by, late_steps. With a `sector` column
    ("coal" ...; empty: general), investigated_by follows the sector's own regulation on the accident
    day (a coal-mine accident from 2024-05-01: 煤矿安全生产条例 第六十条), which needs the date. Every row with a
    count or loss that cannot be read is named in one error; with errors="status" those rows are
    kept without a level, and columns status ("ok" / "refused") and problem say why.
    """
    r = _resolve(rules)
    frame = _frames.require_frame(accidents, "accidents")
    deaths, serious_injuries = _args.text(deaths, "deaths"), _args.text(serious_injuries, "serious_injuries")
    direct_loss_yuan = _args.text(direct_loss_yuan, "direct_loss_yuan")
    date, type = _args.optional_text(date, "date"), _args.optional_text(type, "type")
    head_told = _args.optional_text(head_told, "head_told")
    sector = _args.optional_text(sector, "sector")
    offices = None if offices is None else _args.texts(offices, "offices")
    missing = [c for c in (deaths, serious_injuries, direct_loss_yuan) if c not in frame.columns]
    if missing:
        raise_input(f"accidents lack column(s) {', '.join(missing)} (has: {', '.join(map(str, frame.columns))})",
                    frame)
    status = status_mode(errors)
    level, bits, refused, reasons = _classify_frame(frame, r, (deaths, serious_injuries, direct_loss_yuan), status)
    names = np.array([None] + [lv[0] for lv in r.levels], dtype=object)  # level 0: a refused row
    investigators = np.array([None] + [lv[1] for lv in r.levels], dtype=object)
    tops = np.array([None] + [r.chain[lv[2]] for lv in r.levels], dtype=object)
    decided = np.array([",".join(_decided(b)) for b in range(8)], dtype=object)
    is_refused = refused >= 0
    level_column: Any = level
    if is_refused.any():  # no level for a refused row
        level_column = pd.array(level, dtype="Int8")
        level_column[is_refused] = pd.NA
    out = _frames.result_frame({"level": level_column, "level_zh": names[level],
                                "decided_by": np.where(is_refused, np.array(None, dtype=object), decided[bits]),
                                "investigated_by": investigators[level], "reported_up_to": tops[level]}, frame.index)
    if sector is not None and sector in frame.columns:
        out["investigated_by"] = _investigators(frame, r, level, sector, date)
    if status:
        out["status"], out["problem"] = status_columns(refused, reasons)
    if date is not None and date in frame.columns:
        out = out.join(_deadlines(frame, r, date, type if type in frame.columns else None))
    if head_told is not None and head_told in frame.columns:
        times, late_refused, late_reasons = _timeliness(frame, r, head_told, offices, status)
        out = out.join(times)
        if status:  # a row refused for its times only says so too
            only = (late_refused >= 0) & (refused < 0)
            out.loc[only, "status"] = "refused"
            out.loc[only, "problem"] = np.array(late_reasons, dtype=object)[late_refused[only]]
    if status:  # status and problem last, as the other batches give them
        out = out[[c for c in out.columns if c not in ("status", "problem")] + ["status", "problem"]]
    out.attrs["pack"] = r.pack.stamp
    return out


def _investigators(frame: pd.DataFrame, r: Any, level: np.ndarray, sector: str, date: str | None) -> np.ndarray:
    """Who investigates each accident, by level, sector and accident day (each distinct triple once)."""
    if date is None or date not in frame.columns:
        raise_input(f"the column {sector} names sectors: who investigates then depends on the accident day, "
                    "give the date column", frame)
    days = _frames.day_numbers(frame, date)
    graded = level > 0  # a refused row has no level, and no investigating body
    bad = _frames.first_bad(graded & (days == np.iinfo(np.int64).min))
    if bad is not None:
        raise_input("missing accident date", frame, frame.index[bad], date)
    keys = pd.DataFrame({"level": level, "sector": pd.Series(_frames.texts(frame, sector)).fillna("general").to_numpy(),
                         "day": days})
    bodies = {(lv, sec, day): r.investigated_by(int(lv), sec, np.datetime64(day, "D").astype(object))[0]
              for lv, sec, day in keys[graded].drop_duplicates().itertuples(index=False)}
    return np.array([bodies.get(k) for k in keys.itertuples(index=False, name=None)], dtype=object)


def _deadlines(frame: pd.DataFrame, r: Any, date: str, type: str | None) -> pd.DataFrame:
    days = _frames.day_numbers(frame, date)
    _stale.check([r.pack], _stale.latest([days.astype("datetime64[D]")]))  # INT64_MIN (missing) is NaT
    bad = _frames.first_bad(days == np.iinfo(np.int64).min)
    if bad is not None:
        raise_input("missing accident date", frame, frame.index[bad], date)
    short = np.zeros(len(frame), dtype=bool)
    if type is not None:
        short = frame[type].astype("string").isin(r.reporting["short_window_types"]).to_numpy(dtype=bool)
    rep = r.reporting
    base = days.astype("datetime64[D]")
    regrade = np.where(short, rep["regrade_days_short"], rep["regrade_days"])
    return pd.DataFrame({"regrade_until": base + regrade.astype("timedelta64[D]"),
                         "report_due": base + np.timedelta64(rep["investigation_report_days"], "D")},
                        index=frame.index)


def _timeliness(frame: pd.DataFrame, r: Any, head_told: str, offices: Sequence[str] | None,
                status: bool) -> tuple[pd.DataFrame, np.ndarray, list[str]]:
    """迟报 per row, and the rows whose times cannot be judged (-1 = judged) with why."""
    if offices is None:
        offices = [c for c in ("reported_at", "office_1_at", "office_2_at", "office_3_at") if c in frame.columns]
    if not offices:
        raise_input("reporting times need at least the column of the first office's time (reported_at)", frame)
    missing = [c for c in offices if c not in frame.columns]
    if missing:
        raise_input(f"accidents lack column(s) {', '.join(missing)}", frame)
    columns = {c: _frames.dates(frame, c) for c in [head_told, *offices]}
    try:
        late, seconds, steps, refused, reasons = _core.accident_timeliness(r, columns, len(frame), head_told,
                                                                           list(offices), status)
    except _core.InputError as exc:
        relabel(exc, frame)
    out = pd.DataFrame({"late": late, "late_by": pd.to_timedelta(seconds, unit="s"), "late_steps": steps},
                       index=frame.index)
    judged = refused < 0
    if not judged.all():  # no answer for a row whose times contradict each other
        out = out.astype({"late": object, "late_steps": object})
        out.loc[~judged, ["late", "late_by", "late_steps"]] = None
    return out, refused, reasons
