"""Penalty ranges for the law in force on the date of the act (anjian.penalty).

    eng = anjian.penalty.Engine()
    rec = eng.accident_fine("较大", date(2021, 8, 20), decision_date=date(2021, 11, 3))
    rec.min_yuan, rec.max_yuan, rec.basis, rec.law_version, rec.trace

The engine picks the article in force on the act date, replaces it by the one in force on the
decision date when that is lighter (行政处罚法 第三十七条), takes the higher fine when one act
breaches several norms (第二十九条), and says each step in rec.trace. Money is exact: int yuan
when whole, Decimal otherwise.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from . import _args, _core, _stale
from ._stale import StaleRulesWarning
from ._core import Error
from ._frames import fen as _fen
from ._frames import required_date as _required
from ._frames import to_date as _date
from ._frames import yuan as _yuan
from ._errors import status_columns, status_mode

__all__ = ["CIRCUMSTANCES", "Engine", "LEVELS", "Recommendation", "daily_penalty", "late_payment_surcharge", "total"]

def _level(level: Any) -> str:
    from .accident import AccidentLevel, level_code

    code = level_code(level)
    if code is None:
        raise Error(f"accident level must be 一般/较大/重大/特别重大 or 1..4 (anjian.AccidentLevel), got {level!r}")
    return AccidentLevel(code).short_zh


# Slots, not a __dict__: the binding stores each field where its slot lies (setting 20 keys of a dict
# cost a sixth of a decision), and a slotted instance is freed without a dict.
@dataclass(frozen=True, slots=True)
class Recommendation:
    provision: str
    party: str
    min_yuan: int | Decimal | None
    max_yuan: int | Decimal | None
    recommended_yuan: int | Decimal | None
    open_below: bool            # "X以下": the statute sets no minimum (min_yuan is 0)
    no_fine: bool               # the article sets measures but no fine for the party: the amounts are None
    band: str                   # discretion band: 一般 / 从轻 / 从重 / 减轻 (below the minimum)
    band_min_yuan: int | Decimal | None
    band_max_yuan: int | Decimal | None
    measures: list[str]         # 责令限期改正, 责令停产停业整顿, 没收违法所得 ...
    no_penalty: bool            # 不予处罚 (第三十三条) or time-barred (第三十六条)
    may_waive: bool             # 可以不予处罚 (首违不罚)
    time_barred: bool
    hearing: bool               # the party may request a hearing (第六十三条)
    basis: str                  # "安全生产法(2021) 第一百一十四条第一款第二项"
    law_version: str            # first day of the edition in force, "2021-09-01"
    verified: bool              # False when a value used is marked unverified in the pack
    pack: str
    trace: list[dict] = field(default_factory=list)
    _native: Any = field(default=None, repr=False, compare=False)

    def to_json(self, indent: int | None = None) -> str:
        """The recommendation in the versioned JSON schema shared with C++ and the C ABI
        (``anjian.penalty.recommendation/1``): money as decimal strings of yuan, ISO dates, the
        basis structured beside its text, and the engine version and packs that produced it."""
        text = self._native if isinstance(self._native, str) else self._native.to_json()
        if indent is None:
            return text
        return json.dumps(json.loads(text), ensure_ascii=False, indent=_args.whole(indent, "indent", 0, 16))

    def __reduce__(self) -> tuple:
        # The C++ result does not pickle: its JSON travels instead (Dask and Spark ship results).
        values = [getattr(self, f.name) for f in fields(self)]
        values[-1] = self.to_json()
        return (Recommendation, tuple(values))


class _TraceOnFirstRead:
    """A decision's trace, decoded from the C++ result when first read, then kept in its slot like any
    field (the binding leaves None there; a Recommendation(...) call or an unpickling fills it).
    Decoding it is a third of a decision's time, and a batch of decisions seldom reads every trace.
    (functools.cached_property did the same with a lock that cost as much as the decoding.)"""

    def __init__(self, slot: Any):
        self.slot = slot  # the slot's own descriptor (the binding writes where it points)

    def __get__(self, rec: Recommendation | None, owner: type | None = None) -> Any:
        if rec is None:
            return self
        trace = self.slot.__get__(rec, owner)
        if trace is None and rec._native is not None and not isinstance(rec._native, str):  # not read yet
            trace = rec._native.trace
            self.slot.__set__(rec, trace)
        return trace

    def __set__(self, rec: Recommendation, value: Any) -> None:
        self.slot.__set__(rec, value)


Recommendation.trace = _TraceOnFirstRead(Recommendation.__dict__["trace"])  # type: ignore[assignment,misc]


def _recommendation(made: Recommendation | tuple[Recommendation, list[str]]) -> Recommendation:
    """The Recommendation the binding made (its C++ result in _native, money as exact yuan); a pack
    used past its reviewed_through (a "review" step of the trace), which the binding names beside the
    result, is warned of."""
    if not isinstance(made, tuple):
        return made
    rec, stale = made
    for detail in stale:
        warnings.warn(detail, StaleRulesWarning, stacklevel=3)
    return rec


# recommend()'s income, gains, circumstances, reduce, act_end, discovered and harm as the binding takes
# them when they are left out.
_LEFT_OUT: tuple[Any, ...] = (None, None, [], False, None, None, False)


class Engine:
    """Penalty ranges from the built-in national pack, or from pack files."""

    def __init__(self, pack_paths: Sequence[str | os.PathLike] | str | os.PathLike | None = None):
        if pack_paths is None:
            pack_paths = []
        elif isinstance(pack_paths, (str, os.PathLike)):  # one pack, not its characters
            pack_paths = [pack_paths]
        elif not isinstance(pack_paths, (list, tuple)):
            raise Error(f"pack_paths must be a pack (name or file) or a list of them, got {type(pack_paths).__name__}")
        self._pack_paths = [_args.pack_name(p, "pack_paths") for p in pack_paths]
        self._engine = _core.PenaltyEngine(self._pack_paths)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Pickled as the packs it was made from (a Dask or Spark worker loads them again: a pack file
        # must be readable there under the same path; built-in packs always are).
        return Engine, (self._pack_paths,)

    @property
    def pack(self):
        return self._engine.pack

    @property
    def provisions(self) -> list[tuple[str, str]]:
        return self._engine.provisions

    @property
    def packs(self) -> list[Any]:
        """Every pack the engine holds (table, overlays, benchmarks, general part): a decision re-runs under these."""
        return self._engine.packs

    def circumstances(self, latest: bool = False) -> Any:
        """The circumstances the general part knows, one row per text that defines one: key, effect
        (no_penalty / may_waive / mitigate / aggravate), basis (citation and words), instrument, effective
        and verified. latest=True gives {key: {effect, basis, verified}} from the latest text of each."""
        rows = self._engine.circumstances
        if _args.flag(latest, "latest"):
            return {key: {"effect": effect, "basis": basis, "verified": verified}
                    for key, effect, basis, _, _, verified in rows}
        import pandas as pd

        return pd.DataFrame(rows, columns=["key", "effect", "basis", "instrument", "effective", "verified"])

    def late_payment_surcharge(self, fine_yuan: Any, due_date: Any, paid_date: Any) -> int | Decimal:
        """加处罚款 under this engine's general part in force on the due date."""
        return _yuan(self._engine.late_payment_surcharge_fen(_fen(fine_yuan, "fine_yuan"), _required(due_date, "due_date"),
                                                             _required(paid_date, "paid_date")))

    def accident_fine(self, level: Any, act_date: Any, decision_date: Any = None, aggravated: bool = False,
                      sector: str = "general") -> Recommendation:
        """The responsible unit's fine for an accident of `level` (一般/较大/重大/特别重大 or 1..4)."""
        return _recommendation(self._engine.accident_fine(
            Recommendation, _level(level), _required(act_date, "act_date"), _date(decision_date, "decision_date"),
            _args.flag(aggravated, "aggravated"), _args.text(sector, "sector")))

    def principal_fine(self, level: Any, last_year_income_yuan: Any, act_date: Any, decision_date: Any = None,
                       sector: str = "general") -> Recommendation:
        """The principal's (主要负责人) fine: a share of 上一年年收入, rounded half up to the fen."""
        return _recommendation(self._engine.principal_fine(
            Recommendation, _level(level), _fen(last_year_income_yuan, "last_year_income_yuan"),
            _required(act_date, "act_date"), _date(decision_date, "decision_date"), _args.text(sector, "sector")))

    def recommend(self, provision: str, facts: Mapping[str, Any] | None = None, act_date: Any = None,
                  decision_date: Any = None, party: str = "unit", income_yuan: Any = None,
                  illegal_gains_yuan: Any = None, circumstances: Sequence[str] = (), reduce: bool = False,
                  act_end: Any = None, discovered: Any = None, harm_to_life_or_health: bool = False) -> Recommendation:
        """Any provision of the pack (`provisions` lists them).

        facts select the article's case, e.g. {"stage": "deadline_missed"} or {"level": "较大"};
        income_yuan (上一年年收入) and illegal_gains_yuan (违法所得) feed shares and multiples;
        circumstances are keys of CIRCUMSTANCES (不予处罚, 从轻或者减轻, 从重); reduce asks for 减轻
        (below the minimum) rather than 从轻 where 第三十二条 applies; discovered (and act_end for a
        continuing act, harm_to_life_or_health for the 5-year branch) check 第三十六条.
        """
        if act_date is None:
            raise Error("act_date is required: the law in force on the date of the act applies")
        if facts is None:
            facts = {}
        elif type(facts) is not dict:
            if not isinstance(facts, Mapping):
                raise Error(f"facts must be a mapping {{fact: value}}, got {type(facts).__name__}")
            facts = dict(facts)
        if (income_yuan is None and illegal_gains_yuan is None and type(circumstances) is tuple and not circumstances
                and reduce is False and act_end is None and discovered is None and harm_to_life_or_health is False):
            given: tuple[Any, ...] = _LEFT_OUT  # the common call: nothing to read in the arguments left as they are
        else:
            given = (None if income_yuan is None else _fen(income_yuan, "income_yuan"),
                     None if illegal_gains_yuan is None else _fen(illegal_gains_yuan, "illegal_gains_yuan"),
                     _args.texts(circumstances, "circumstances"), _args.flag(reduce, "reduce"),
                     _date(act_end, "act_end"), _date(discovered, "discovered"),
                     _args.flag(harm_to_life_or_health, "harm_to_life_or_health"))
        if type(act_date) is not dt.date:
            act_date = _required(act_date, "act_date")
        if decision_date is not None and type(decision_date) is not dt.date:
            decision_date = _date(decision_date, "decision_date")
        if type(provision) is not str or not provision or type(party) is not str or not party:  # a call saved
            provision, party = _args.text(provision, "provision"), _args.text(party, "party")
        income, gains, listed, reduce_, end, found, harm = given
        made = self._engine.recommend(Recommendation, provision, party, facts, income, gains, listed, reduce_, end,
                                      found, harm, act_date, decision_date)
        return made if type(made) is not tuple else _recommendation(made)


    # Batches: a DataFrame of cases in, a DataFrame of results out, one C++ call, no trace.

    def accident_fines(self, cases: Any, sector: str = "general", errors: str = "raise") -> Any:
        """accident_fine for every row: columns level (一般..特别重大 or 1..4), act_date, and optional
        decision_date and aggravated. Returns min_yuan, max_yuan, recommended_yuan, basis and
        law_version with the input's index. Rows the law cannot answer (no article in force, a
        decision before the act ...) are all named in one error, or with errors="status" answered as
        refused: columns status ("ok" / "refused") and problem say why, their money is None."""
        return self._batch(cases, sector, income=False, errors=errors)

    def principal_fines(self, cases: Any, sector: str = "general", errors: str = "raise") -> Any:
        """principal_fine for every row: columns level, last_year_income_yuan, act_date and optional
        decision_date; errors as accident_fines."""
        return self._batch(cases, sector, income=True, errors=errors)

    def _batch(self, cases: Any, sector: str, income: bool, errors: str) -> Any:
        import numpy as np

        sector = _args.text(sector, "sector")

        from . import _frames
        from ._errors import raise_input

        frame = _frames.require_frame(cases, "cases")
        needed = ["level", "act_date"] + (["last_year_income_yuan"] if income else [])
        missing = [c for c in needed if c not in frame.columns]
        if missing:
            raise_input(f"cases lack column(s) {', '.join(missing)}", frame)
        status = status_mode(errors)
        refused: _frames.Refused = {}  # rows the Python layer cannot read: all named, or refused
        columns: dict[str, Any] = {"level": _level_codes(frame, refused),
                                   "act_date": _frames.dates(frame, "act_date", refused)}
        if "decision_date" in frame.columns:
            columns["decision_date"] = _frames.dates(frame, "decision_date", refused)
        if "aggravated" in frame.columns and not income:  # yes/no; an empty cell is no
            flags = frame["aggravated"]  # numpy booleans as they lie (the kernel reads their bytes as 0/1)
            columns["aggravated"] = (flags.to_numpy() if isinstance(flags.dtype, np.dtype) and flags.dtype == np.bool_
                                     else _frames.read_cells(frame, "aggravated", _frames.flag, np.int64, 0, refused))
        _stale.check(self.packs, _stale.latest([columns[c] for c in ("act_date", "decision_date") if c in columns]))
        if refused and not status:
            from ._errors import raise_rows

            raise_rows(frame, [(p, column, why) for p, (column, why) in sorted(refused.items())])
        if income:
            columns["last_year_income_fen"] = _frames.fen_cells(frame, "last_year_income_yuan")
        try:
            out = _core.penalty_batch(self._engine, columns, len(frame), income, sector, status)
        except _core.InputError as exc:
            from ._errors import relabel

            relabel(exc, frame)
        return _results_frame(out, frame.index, status, refused=refused)


    _MONEY_COLUMNS = ("income_yuan", "illegal_gains_yuan")

    def recommend_many(self, cases: Any, errors: str = "raise") -> Any:
        """recommend() for every row of a DataFrame: columns provision and act_date; optional party
        (default unit), decision_date, income_yuan and illegal_gains_yuan; every other column is a
        fact (an empty cell means the fact is not given). Returns min_yuan, max_yuan,
        recommended_yuan, band, no_penalty, hearing, basis and law_version with the input's index.
        One C++ call without trace; identical cases are decided once. Rows the engine refuses are all
        named in one error (the first 100 listed), or with errors="status" kept, with status and
        problem columns saying why."""
        from . import _frames
        from ._errors import raise_input, relabel

        frame = _frames.require_frame(cases, "cases")
        missing = [c for c in ("provision", "act_date") if c not in frame.columns]
        if missing:
            raise_input(f"cases lack column(s) {', '.join(missing)}", frame)
        reserved = {"provision", "party", "act_date", "decision_date", *self._MONEY_COLUMNS}
        facts = [str(c) for c in frame.columns if c not in reserved]
        columns: dict[str, Any] = {c: _fact_column(frame[c]) for c in facts}
        columns["provision"] = _frames.texts(frame, "provision")
        if "party" in frame.columns:
            columns["party"] = _frames.texts(frame, "party")
        for given, fen in zip(self._MONEY_COLUMNS, ("income_fen", "illegal_gains_fen")):
            if given in frame.columns:
                columns[fen] = _frames.fen_cells(frame, given, missing_ok=True)
        status = status_mode(errors)
        refused: _frames.Refused = {}  # rows the Python layer cannot read: all named, or refused
        if "decision_date" in frame.columns:
            columns["decision_date"] = _frames.dates(frame, "decision_date", refused)
        columns["act_date"] = _frames.dates(frame, "act_date", refused)
        _stale.check(self.packs, _stale.latest([columns[c] for c in ("act_date", "decision_date") if c in columns]))
        if refused and not status:
            from ._errors import raise_rows

            raise_rows(frame, [(p, column, why) for p, (column, why) in refused.items()])
        try:
            out = _core.penalty_many(self._engine, columns, len(frame), facts, status)
        except _core.InputError as exc:
            relabel(exc, frame)
        return _results_frame(out, frame.index, status, refused=refused, no_amount=out["no_fine"].astype(bool),
                              band=out["band"], no_fine=out["no_fine"].astype(bool),
                              no_penalty=out["no_penalty"].astype(bool), hearing=out["hearing"].astype(bool))


def _results_frame(out: Mapping[str, Any], index: Any, status: bool = False,
                   refused: Mapping[int, tuple[str, str]] | None = None, no_amount: Any = None,
                   **extra: Any) -> Any:
    """The batch results as a frame: exact money columns, any extra columns, then basis and law
    version; with status, a refused row keeps its place with None results and says why (`refused`:
    rows the Python layer could not read, whose reason comes first). `no_amount`: rows answered
    with measures only, whose money is None."""
    import numpy as np
    import pandas as pd

    from . import _frames

    early = refused or {}
    if early:  # the kernel saw these rows without their dates; the reason is the unreadable cell
        out = dict(out)
        reasons = list(out["reasons"])
        codes = np.array(out["refused"], dtype=np.int32)
        for position, (_, why) in early.items():
            codes[position] = len(reasons)
            reasons.append(why)
        basis = np.array(out["basis"], dtype=np.int32)
        basis[list(early)] = -1
        out.update(refused=codes, reasons=reasons, basis=basis)
    is_refused = out["refused"] >= 0
    bases = np.array([*out["bases"], None], dtype=object)  # -1 (refused) picks the None
    versions = np.array([*out["law_versions"], None], dtype=object)
    basis = np.where(out["basis"] < 0, len(bases) - 1, out["basis"]) if is_refused.any() else out["basis"]

    none = is_refused | (np.asarray(no_amount, dtype=bool) if no_amount is not None else False)

    def money(fen: Any) -> Any:  # the kernel's own column: yuan written over its fen
        column = _frames.money_column(fen, in_place=True)
        if none.any():
            column = np.asarray(column, dtype=object)
            column[none] = None
        return column

    def blank(values: Any) -> Any:  # a refused row has no band, no flags
        if not is_refused.any():
            return values
        values = np.asarray(values, dtype=object).copy()
        values[is_refused] = None
        return values

    columns = {"min_yuan": money(out["min_fen"]), "max_yuan": money(out["max_fen"]),
               "recommended_yuan": money(out["recommended_fen"]), **{k: blank(v) for k, v in extra.items()},
               "basis": _frames.take(bases, basis), "law_version": _frames.take(versions, basis)}
    if status:
        columns["status"], columns["problem"] = status_columns(out["refused"], out["reasons"])
    return _frames.result_frame(columns, index)


def _level_codes(frame: Any, refused: Any) -> Any:
    """The level column for the batch kernel: numpy whole numbers as they lie (the kernel names each row
    outside 1..4), any other column read cell by cell (一般..特别重大, "2", 2.0; NaN where empty)."""
    import numpy as np

    from .accident import level_column

    col = frame["level"]
    if isinstance(col.dtype, np.dtype) and col.dtype.kind in "iu" and col.dtype != np.uint64:
        return col.to_numpy()
    levels = level_column(frame, "level", refused)
    return np.nan_to_num(levels).astype(np.int64), np.isnan(levels)


def _fact_column(col: Any) -> Any:
    """A fact column as text cells, vectorised: booleans as true/false, empty cells as ""."""
    import numpy as np
    import pandas as pd

    if pd.api.types.is_bool_dtype(col.dtype):
        return np.where(col.to_numpy(dtype=bool), "true", "false").astype(object)
    text = col.astype("string")
    if pd.api.types.is_float_dtype(col.dtype):  # 2.0 -> "2" so that facts read like the pack's words
        text = text.str.replace(r"\.0$", "", regex=True)
    return text.fillna("").to_numpy(dtype=object)


def __getattr__(name: str) -> Any:
    # CIRCUMSTANCES and LEVELS are made on first use, not at import.
    if name == "CIRCUMSTANCES":
        return Engine().circumstances(latest=True)
    if name == "LEVELS":  # every accepted spelling of a level -> its name in the penalty pack
        from .accident import LEVEL_CODES, AccidentLevel

        return {**{k: AccidentLevel(v).short_zh for k, v in LEVEL_CODES.items()},
                **{int(v): v.short_zh for v in AccidentLevel}}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def daily_penalty(original_yuan: Any, order_date: Any, through: Any) -> int | Decimal:
    """安全生产法 第一百一十二条: the original fine every day from the day after the correction order
    through `through` (inclusive)."""
    return _yuan(_core.daily_penalty_fen(_fen(original_yuan, "original_yuan"), _required(order_date, "order_date"),
                                         _required(through, "through")))


def late_payment_surcharge(fine_yuan: Any, due_date: Any, paid_date: Any) -> int | Decimal:
    """加处罚款 under the general part in force on the due date (built-in pack; Engine.late_payment_surcharge
    for another): a share of the fine per day late, each day's share rounded half up to the fen, in
    total no more than the fine where the text caps it (行政处罚法 2021 第七十二条: 3%, capped)."""
    return Engine().late_payment_surcharge(fine_yuan, due_date, paid_date)


def total(recommendations: Sequence[Recommendation]) -> int | Decimal:
    """Several distinct violations found together are assessed separately and their fines added
    (分别裁量、合并处罚, the practice of case-handling guides); one act breaching several norms is not this
    (一事不二罚: Engine.accident_fine already takes the higher)."""
    if not isinstance(recommendations, (list, tuple)) or not all(isinstance(r, Recommendation) for r in recommendations):
        raise Error("total() adds up a list of Recommendation (from Engine.recommend and the other fines)")
    return _yuan(sum(_fen(r.recommended_yuan, "recommended_yuan") for r in recommendations))
