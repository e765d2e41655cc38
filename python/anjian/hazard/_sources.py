"""Major hazard sources of GB 18218-2018: S = Σ q/Q, R = α Σ β q/Q, grade 一级..四级."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping

import numpy as np
import pandas as pd

from .. import _args, _core, _frames, _stale
from .._core import Error
from .._errors import raise_input, raise_rows, relabel, status_columns, status_mode

GRAMS_PER_TONNE = 1_000_000
GRADES_ZH = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}
GRADE_NAMES = ["", *GRADES_ZH.values()]  # by grade, 0 = none (identify_many's grade_zh)


DEFAULT = "national/gb18218"


@functools.lru_cache(maxsize=8)
def _load(name_or_path: str) -> Any:
    return _core.hazard_table(name_or_path)


def table(name_or_path: str = DEFAULT) -> Any:
    """The GB 18218 tables of a built-in pack or a pack file (kind: hazard_identification)."""
    return _load(_args.pack_name(name_or_path, "table"))


def _resolve(table_: Any) -> Any:
    return _args.pack(table_, "table", _core.HazardTable, table, DEFAULT)


def lookup(key: str, *, table: Any = None) -> dict[str, Any]:
    """The table-1 row (or table-3 gas) a name, alias, CAS number or '#row' names."""
    t = _resolve(table)
    ids = t.find(_args.text(key, "key"))
    if len(ids) != 1:
        found = "; ".join(f"#{t.chemicals[i].row} {t.chemicals[i].name}" for i in ids)
        raise Error(f"'{key}' names {'several rows' if ids else 'no row'} of GB 18218 table 1 or 3"
                    + (f" ({found})" if found else ""))
    c = t.chemicals[ids[0]]
    return {"row": c.row or None, "name": c.name, "aliases": list(c.aliases), "cas": list(c.cas),
            "q_t": Decimal(c.q_grams).scaleb(-6).normalize() if c.q_grams else None,
            "beta": c.beta10 / 10 if c.beta10 else None, "verified": c.verified, "note": c.note}


@dataclass(frozen=True)
class Identification:
    """One unit: S and whether it is a major hazard source; for a major hazard source with the number
    of exposed people given, R, α and the grade (below S 1 they are not defined). `lines` says which
    table each Q and β came from; `standard` the edition of GB 18218 applied."""

    s: float
    is_major: bool
    r: float | None
    alpha: float | None
    grade: int | None  # 1..4 for a graded major hazard source
    lines: pd.DataFrame
    pack: str
    standard: str = ""

    @property
    def grade_zh(self) -> str | None:
        return GRADES_ZH.get(self.grade) if self.grade else None


def _inventory_frame(inventory: Any, t: Any) -> pd.DataFrame:
    """Rows of (substance or category, tonnes[, categories]), a {substance: tonnes} mapping or a
    DataFrame with columns substance and/or category, and tonnes."""
    if isinstance(inventory, pd.DataFrame):
        frame = inventory
    elif isinstance(inventory, Mapping):
        frame = pd.DataFrame({"substance": list(map(str, inventory.keys())), "tonnes": list(inventory.values())})
    elif isinstance(inventory, (list, tuple)):
        rows = []
        for i, row in enumerate(inventory):
            if not isinstance(row, (tuple, list)) or len(row) not in (2, 3):
                raise Error(f"inventory row {i}: expected (substance or category, tonnes[, categories]), got {row!r}")
            key, tonnes = str(row[0]), row[1]
            cats = row[2] if len(row) == 3 else ""
            cats = ",".join(cats) if isinstance(cats, (list, tuple)) else str(cats or "")
            if not cats and not t.find(key) and _is_category(t, key):
                key, cats = "", key
            rows.append((key, cats, tonnes))
        frame = pd.DataFrame(rows, columns=["substance", "category", "tonnes"])
    else:
        raise Error("inventory must be rows of (substance or category, tonnes), a {substance: tonnes} mapping or a "
                    f"DataFrame, got {type(inventory).__name__}")
    if "tonnes" not in frame.columns:
        raise_input(f"the inventory lacks column 'tonnes' (has: {', '.join(map(str, frame.columns))})", frame)
    if "substance" not in frame.columns and "category" not in frame.columns:
        raise_input("the inventory needs a 'substance' or a 'category' column", frame)
    return frame


def _is_category(t: Any, key: str) -> bool:
    return key.strip().upper() in {c.symbol.upper() for c in t.categories}


def _codes(frame: pd.DataFrame, column: str, factorized: Any = None) -> tuple[np.ndarray, list[str]]:
    """A text column as int32 codes into its distinct stripped values (-1 = empty). factorized: the
    column's factorize(), made already."""
    if column not in frame.columns:
        return np.full(len(frame), -1, dtype=np.int32), []
    codes, values = factorized or _frames.factorize(frame[column])
    texts = [str(v).strip() for v in values]
    if all(t and t == v for t, v in zip(texts, values)):  # every value text already: the codes as they are
        return codes.astype(np.int32, copy=False), texts
    remap = np.array([-1 if t == "" else i for i, t in enumerate(texts)] + [-1], dtype=np.int32)
    return remap[codes], texts  # codes of -1 index the trailing -1


def _text(frame: pd.DataFrame, column: str) -> list[str]:
    codes, values = _codes(frame, column)
    return [values[c] if c >= 0 else "" for c in codes]


MAX_TONNES = 1e9  # no stored quantity comes near; beyond it grams would leave int64 when added up


def _grams(frame: pd.DataFrame, status: bool = False) -> tuple[np.ndarray, dict[int, str]]:
    """The tonnes to the gram, and per line that is no quantity (negative, empty, above MAX_TONNES) why:
    all named in one error, or with `status` returned, their grams -1 (a line the kernel refuses)."""
    tonnes = _frames.value_column(frame, "tonnes")
    grams, bad = _core.scaled_integers(tonnes, GRAMS_PER_TONNE, MAX_TONNES)  # to the gram
    reasons = {int(p): f"{tonnes[p]} is not a quantity in tonnes from 0 to {MAX_TONNES:g}" for p in bad}
    if reasons and not status:
        raise_rows(frame, [(p, "tonnes", why) for p, why in reasons.items()])
    grams[bad] = -1
    return grams, reasons


TEXT_COLUMNS = ("substance", "category")


def _run(t: Any, frame: pd.DataFrame, grams: np.ndarray, unit_codes: np.ndarray, people: np.ndarray,
         on: dt.date, status: bool = False, per_line: bool = True, factorized: Any = None) -> dict[str, Any]:
    """The kernel over the lines; factorized: {text column: its factorize()}, made already."""
    try:
        lines: dict[str, Any] = {"unit": unit_codes, "q_grams": grams}
        for column in TEXT_COLUMNS:
            if column in frame.columns:  # an absent column is every line without one
                codes, texts = _codes(frame, column, (factorized or {}).get(column))
                lines[column] = ("codes", codes, np.asarray(texts, dtype=object))
        units = {"people": people} if (people >= 0).any() else {}  # none given: no column to read
        return _core.hazard_identify_many(t, lines, len(frame), units, len(people), on, status, per_line)
    except _core.InputError as exc:
        relabel(exc, frame)


def _people(value: Any, what: str) -> int:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return -1
    return _args.whole(value, f"{what} (people)", 0, _args.MAX_PEOPLE)


def _lines(t: Any, frame: pd.DataFrame, grams: np.ndarray, out: Mapping[str, Any]) -> pd.DataFrame:
    substance, category = _text(frame, "substance"), _text(frame, "category")
    sources = [t.resolve(s, c) for s, c in zip(substance, category)]  # one unit's few lines
    names = [t.chemicals[c].name if c >= 0 else None for c in out["chemical"]]
    q = out["q_grams"]
    return pd.DataFrame({"substance": substance, "category": category, "matched": names,
                         "tonnes": grams / GRAMS_PER_TONNE, "q_t": q / GRAMS_PER_TONNE,
                         "q_from": [q_from for q_from, _ in sources],
                         "beta": np.where(out["beta10"] > 0, out["beta10"] / 10, np.nan),
                         "beta_from": [beta or None for _, beta in sources], "ratio": grams / q}, index=frame.index)


def identify(inventory: Any, exposed_people: Any = None, *, table: Any = None, on: Any = None) -> Identification:
    """One unit (a production or storage unit, 3.2) of GB 18218: S = Σ q/Q and whether S >= 1; with
    the number of people within 500 m of the plant boundary also α, R = α Σ β q/Q and the grade.

    inventory: rows of (substance or category, tonnes[, categories]), {substance: tonnes}, or a
    DataFrame with substance and/or category columns and tonnes. Substances are table-1 names,
    aliases, CAS numbers or '#row'; categories are table-2 symbols (W5.3, J3; several with
    commas: the lowest Q governs). Quantities are design maxima (4.2.2), rounded to the gram.
    on: the day identified (default today): GB 18218-2018 applies from 2019-03-01; an earlier day is
    refused (GB 18218-2009 is not encoded), never judged by the 2018 tables.
    """
    t = _resolve(table)
    day = _frames.date_or_today(on, "on")
    _stale.check([t.pack], day)
    frame = _inventory_frame(inventory, t)
    people = _people(exposed_people, "exposed_people")
    grams, _ = _grams(frame)
    out = _run(t, frame, grams, np.zeros(len(frame), dtype=np.int32), np.array([people], dtype=np.int32), day)
    graded = people >= 0
    is_major = bool(out["is_major"][0])
    return Identification(s=float(out["s"][0]), is_major=is_major,
                          r=float(out["r"][0]) if graded and is_major else None,  # no R below S 1 (4.3)
                          alpha=int(out["alpha10"][0]) / 10 if graded else None,
                          grade=int(out["grade"][0]) or None, lines=_lines(t, frame, grams, out), pack=t.pack.stamp,
                          standard=t.pack.title)


def identify_many(inventory: pd.DataFrame, exposed_people: Any = None, *, by: str = "unit",
                  table: Any = None, errors: str = "raise", on: Any = None) -> pd.DataFrame:
    """identify() for every unit of a plant (or of many plants) in one C++ call: lines grouped by
    the `by` column (a plant with several units is several results). exposed_people: one number for
    all units, a mapping or Series by unit, or the name of a column (constant within a unit).
    Returns s, is_major, r, alpha, grade and grade_zh ("" when ungraded) indexed by unit.
    Every line that cannot be read (an unknown substance or category, tonnes negative, empty or above
    10^9) is named in one error; with errors="status" its unit is left unjudged (S NaN) with columns
    status and problem (the first such line's reason). on: the day identified, as in identify();
    attrs["standard"] names the edition."""
    status = status_mode(errors)
    t = _resolve(table)
    day = _frames.date_or_today(on, "on")
    _stale.check([t.pack], day)
    frame = _frames.require_frame(inventory, "inventory")
    by = _args.text(by, "by")
    if by not in frame.columns:
        raise_input(f"the inventory lacks the unit column '{by}'", frame)
    # The unit column and the texts coded in one call (factorize_many): the units beside the texts.
    lines = _inventory_frame(frame, t)
    texts = [c for c in TEXT_COLUMNS if c in lines.columns]
    by_runs = not isinstance(frame[by].dtype, pd.CategoricalDtype)  # a categorical's codes are its own
    factorized = _frames.factorize_many([frame[by]] * by_runs + [lines[c] for c in texts], [True] * by_runs
                                        + [False] * len(texts))
    codes, units = _frames.unit_codes(frame, by, factorized=factorized.pop(0) if by_runs else None)
    bad = _frames.first_bad(codes < 0) if codes.size and codes.min() < 0 else None  # no mask of every line
    if bad is not None:
        raise_input("missing unit", frame, frame.index[bad], by)
    people = _people_per_unit(frame, units, codes, exposed_people)
    grams, no_quantity = _grams(lines, status)
    out = _run(t, lines, grams, codes, people, day, status, per_line=False, factorized=dict(zip(texts, factorized)))
    if no_quantity:  # refused by the kernel as negative: the reason each line was given instead
        out["refused"], out["reasons"] = out["refused"].copy(), list(out["reasons"])
        for p, why in no_quantity.items():
            if why not in out["reasons"]:
                out["reasons"].append(why)
            out["refused"][p] = out["reasons"].index(why)
    if (people >= 0).any():
        alpha = out["alpha10"] / 10
        alpha[people < 0] = np.nan  # not graded (in place: a column fewer of fresh memory than np.where)
    else:  # none graded (no exposed people given): a fifth of the time
        alpha = np.full(len(people), np.nan)
    grade = out["grade"]  # int8, as is_major's uint8 0/1 are read as bool
    result = _frames.result_frame({"s": out["s"], "is_major": out["is_major"].view(bool), "r": out["r"],
                                   "alpha": alpha, "grade": grade, "grade_zh": _frames.take(GRADE_NAMES, grade)},
                                  units)
    if status:  # per unit: refused when one of its lines is, with the first such line's reason
        per_unit = np.full(len(units), -1, dtype=np.int32)
        refused_lines = np.flatnonzero(out["refused"] >= 0)
        first = pd.Series(out["refused"][refused_lines]).groupby(codes[refused_lines]).first()
        per_unit[first.index.to_numpy()] = first.to_numpy()
        result["status"], result["problem"] = status_columns(per_unit, out["reasons"])
        if (per_unit >= 0).any():  # an unjudged unit is neither major nor not
            result["is_major"] = np.where(per_unit >= 0, np.array(None, dtype=object),
                                          result["is_major"].to_numpy(dtype=object))
    result.attrs.update(standard=t.pack.title, pack=t.pack.stamp)
    return result


def _people_per_unit(frame: pd.DataFrame, units: pd.Index, codes: np.ndarray, exposed: Any) -> np.ndarray:
    if exposed is None:
        return np.full(len(units), -1, dtype=np.int32)
    if isinstance(exposed, str):
        if exposed not in frame.columns:
            raise_input(f"the inventory lacks column '{exposed}'", frame)
        values = _frames.value_column(frame, exposed).astype(float)
        by_unit = pd.Series(values).groupby(codes)
        low, high = by_unit.min().reindex(range(len(units))), by_unit.max().reindex(range(len(units)))
        split = np.flatnonzero((low != high).to_numpy() & high.notna().to_numpy())
        if split.size:
            u = split[0]
            row = _frames.first_bad((codes == u) & (values == high.iloc[u]))
            raise_input(f"unit {units[u]} has two numbers of exposed people ({low.iloc[u]:g} and {high.iloc[u]:g})",
                        frame, frame.index[row], exposed)
        people = low.to_numpy()
        bad = _frames.first_bad(~np.isnan(people) & ((people < 0) | (people != np.floor(people))
                                                     | (people > _args.MAX_PEOPLE)))
        if bad is not None:
            raise Error(f"exposed people of {units[bad]} must be a whole number from 0 to {_args.MAX_PEOPLE}, "
                        f"got {people[bad]:g}")
        return np.where(np.isnan(people), -1, people).astype(np.int32)
    if isinstance(exposed, (Mapping, pd.Series)):
        return np.array([_people(exposed.get(u), f"exposed people of {u}") for u in units], dtype=np.int32)
    return np.full(len(units), _people(exposed, "exposed_people"), dtype=np.int32)
