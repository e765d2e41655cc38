"""重大事故隐患判定标准: an inspection's findings against the industry's standard in force."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from .. import _args, _core, _frames, _stale
from .._errors import relabel, status_columns, status_mode

INDUSTRIES = {"化工": "chemical", "危险化学品": "chemical", "工贸": "industry_trade", "煤矿": "coal",
              "金属非金属矿山": "metal_nonmetal_mine", "非煤矿山": "metal_nonmetal_mine", "房屋市政": "construction",
              "建筑施工": "construction"}


def standards() -> pd.DataFrame:
    """The built-in standards: industry, title, document, effective period, item counts, pack."""
    rows = []
    for s in _core.hazard_standards():
        items = s.items
        rows.append({"industry": s.industry, "title": s.title, "document": s.document,
                     "effective_from": s.effective_from, "effective_to": s.effective_to,
                     "items": len(items), "unverified_items": sum(not i["verified"] for i in items),
                     "pack": s.pack.stamp})
    return pd.DataFrame(rows)


def standard(industry: str, date: Any = None, *, pack: str | None = None) -> Any:
    """The standard for an industry (chemical, industry_trade, coal, metal_nonmetal_mine,
    construction, or 化工/工贸/煤矿/...) in force on `date` (default today), or a pack file."""
    if pack is not None:
        return _core.hazard_standard(_args.pack_name(pack, "pack"))
    industry = _args.text(industry, "industry")
    return _core.hazard_standard_for(INDUSTRIES.get(industry, industry), _frames.date_or_today(date, "date"))


@dataclass(frozen=True)
class Assessment:
    """Findings against one standard: the items met (with the condition that held), the items a
    missing finding left unassessed, and what the law attaches when any item is met."""

    standard: str
    document: str
    matched: pd.DataFrame  # id, article, text_zh, kind, verified, why
    not_assessed: list[str]
    clear: list[str]
    consequences: list[dict[str, Any]] = field(default_factory=list)
    pack: str = ""

    @property
    def is_major_hazard(self) -> bool:
        """重大事故隐患: at least one item is met."""
        return len(self.matched) > 0


def assess(findings: Mapping[str, Any], industry: str, date: Any = None, *, pack: str | None = None) -> Assessment:
    """Which items of the industry's 重大事故隐患判定标准 in force on `date` the findings meet.

    findings: {fact: value} with the codes the standard declares (see standard(...).facts):
    booleans, numbers (counts, distances, tonnes), GB 18218 grades 1..4 (0: not a major hazard
    source). A finding the standard does not know, or of the wrong type, raises InputError naming it;
    None leaves the items that need it not assessed."""
    if not isinstance(findings, Mapping):
        raise _core.Error(f"findings must be a mapping {{finding: value}}, got {type(findings).__name__}")
    std = standard(industry, date, pack=pack)
    _stale.check([std.pack], _frames.date_or_today(date, "date"))
    matched, not_assessed, clear = _core.hazard_assess(std, {str(k): _cell(v) for k, v in findings.items()})
    return _assessment(std, matched, not_assessed, clear)


def _assessment(std: Any, matched: Sequence[tuple[str, str]], not_assessed: list[str], clear: list[str]) -> Assessment:
    items = {i["id"]: i for i in std.items}
    rows = [{"id": i, "article": items[i]["article"], "text_zh": items[i]["text_zh"], "kind": items[i]["kind"],
             "verified": items[i]["verified"], "why": why} for i, why in matched]
    frame = pd.DataFrame(rows, columns=["id", "article", "text_zh", "kind", "verified", "why"])
    met = {i for i, _ in matched}  # a consequence tied to items follows only from one of them
    consequences = [c for c in std.consequences if met and (not c["items"] or met & set(c["items"]))]
    return Assessment(standard=std.title, document=std.document, matched=frame, not_assessed=list(not_assessed),
                      clear=list(clear), consequences=consequences, pack=std.pack.stamp)


def assess_many(inspections: pd.DataFrame, industry: str | None = None, date: Any = None, *,
                industry_column: str = "industry", date_column: str = "date", keys: Sequence[str] = (),
                errors: str = "raise") -> pd.DataFrame:
    """assess() for every row of a frame of inspections, in one C++ call: one column per finding
    (empty cells are not given), plus the industry and date as columns or as arguments, and `keys`
    columns carried through (e.g. the unit's name). Returns one row per matched item, indexed like
    the input. Every row that cannot be assessed (no industry, an unknown or mistyped finding) is
    named in one error; with errors="status" the result also has a row per refused inspection, with
    columns status ("ok" / "refused") and problem."""
    frame = _frames.require_frame(inspections, "inspections")
    status = status_mode(errors)
    industry = _args.optional_text(industry, "industry")
    industry_column = _args.text(industry_column, "industry_column")
    date_column = _args.text(date_column, "date_column")
    keys = _args.texts(keys, "keys")
    for column in keys:
        _frames.require_column(frame, column)
    reserved = {industry_column, date_column, *keys}
    facts = [str(c) for c in frame.columns if c not in reserved]
    n = len(frame)
    standards, standard_of, no_standard = _standards_of(frame, n, industry, industry_column, date, date_column)
    columns = {f: _finding_column(frame[f]) for f in facts}
    try:
        out = _core.hazard_assess_many(standards, standard_of, no_standard, columns, n, facts, status)
    except _core.InputError as exc:
        relabel(exc, frame)
    rows, item = out["row"], out["item"]
    # The kernel's item positions index the standards' items one standard after another.
    per_standard = [_item_texts(std) for std in standards]

    def texts(values: Any) -> np.ndarray:
        return np.array(values or [""], dtype=object)

    def joined(k: int) -> np.ndarray:  # the k-th text of every item
        if len(per_standard) == 1 and len(per_standard[0][k]):
            return per_standard[0][k]
        return texts([t for of_standard in per_standard for t in of_standard[k]])
    # The five text columns as one block, made at once: pandas keeps it as it is rather than gathering
    # five columns into one (a copy of every cell).
    text_columns = {"id": (joined(0), item),
                    "article": (joined(1), item),
                    "text_zh": (joined(2), item),
                    "why": (texts(out["why_texts"]), out["why"]),
                    "standard": (texts([std.document for std in standards]),  # one standard: no gather
                                 standard_of[rows] if len(standards) > 1 else np.zeros(len(rows), dtype=np.int8))}
    block = _core.take_object_rows(list(text_columns.values()))
    # Said to be object under pandas 2, which would otherwise try each column for dates first (see
    # _frames.object_column); pandas 3 makes them str.
    result = pd.DataFrame(block.T, index=_row_index(frame, rows), columns=list(text_columns), copy=False,
                          dtype=None if _frames.infers_str() else object)
    for k, key in enumerate(keys):
        result.insert(k, key, frame[key].take(rows).to_numpy())
    if status:
        refused = np.flatnonzero(out["refused"] >= 0)
        state, problem = status_columns(out["refused"], out["reasons"])
        result["status"], result["problem"] = "ok", ""
        extra = pd.DataFrame({**{k: frame[k].take(refused).to_numpy() for k in keys},
                              "status": state[refused], "problem": problem[refused]}, index=_row_index(frame, refused))
        if len(extra):
            result = pd.concat([result, extra])
            result = result.iloc[np.argsort(np.concatenate([rows, refused]), kind="stable")]
    return result


@functools.lru_cache(maxsize=64)
def _item_texts(std: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The id, article and text_zh of a standard's items as object arrays, made once per standard (its
    items are built anew each time they are read); the cache holds the standard, so its key stays its own."""
    items = std.items

    def texts(key: str) -> np.ndarray:
        return np.array([it[key] for it in items], dtype=object)
    return texts("id"), texts("article"), texts("text_zh")


def _row_index(frame: pd.DataFrame, rows: np.ndarray) -> pd.Index:
    """The input's labels of `rows` as a column of them would index: named "row", a MultiIndex's as
    tuples, a date range's without its frequency."""
    index = frame.index
    if isinstance(index, pd.RangeIndex):  # start + step * row, computed rather than taken
        labels = rows if (index.start, index.step) == (0, 1) else index.start + index.step * rows
        return pd.Index(np.asarray(labels, dtype=np.int64), name="row", copy=False)
    return pd.Index(pd.Series(index.take(rows).to_flat_index()).array, name="row")


def _standards_of(frame: pd.DataFrame, n: int, industry: str | None, industry_column: str, date: Any,
                  date_column: str) -> tuple[list[Any], np.ndarray, list[str]]:
    """The standards the rows are judged under; per row its index into them, or -1 - k for the k-th of
    the distinct reasons a row has no standard; and those reasons. Each distinct (industry, date) is looked
    up once."""
    def codes_of(value: Any, name: str) -> tuple[np.ndarray | None, dict[int, Any]]:
        """Per row a code of its value (None: every row's is 0), and per code the value of its first row.
        Empty cells are coded by their kind: None, NaN, NA and NaT do not read alike (a date of None is
        today, NaT is refused)."""
        if value is not None or name not in frame.columns:
            return None, {0: value}
        cells = frame[name].to_numpy(dtype=object)
        codes = pd.factorize(cells)[0].astype(np.int64)
        kinds: dict[type, int] = {}
        for i in np.flatnonzero(codes < 0):  # empty cells only
            codes[i] = n + kinds.setdefault(type(cells[i]), len(kinds))
        first = np.unique(codes, return_index=True)
        return codes, {int(c): cells[i] for c, i in zip(*first)}
    industry_codes, industries = codes_of(industry, industry_column)
    day_codes, days = codes_of(date, date_column)
    span = 1 if day_codes is None else int(day_codes.max(initial=0)) + 1
    pairs: np.ndarray | None = None  # None: one industry on one day (given as arguments, say), one pair
    if len(industries) == 1 and len(days) == 1:
        distinct = np.zeros(min(n, 1), dtype=np.int64)
    else:
        zeros = np.zeros(n, dtype=np.int64)
        industry_codes = zeros if industry_codes is None else industry_codes
        pairs, distinct = pd.factorize(industry_codes * span + (zeros if day_codes is None else day_codes))
    standards: list[Any] = []
    why_none: list[str] = []  # distinct; a row without a standard has -1 - k for the k-th
    index_of = np.full(len(distinct), -1, dtype=np.int32)
    for k, pair in enumerate(distinct):
        ind, day = industries[int(pair) // span], days[int(pair) % span]
        reason = "no industry: give industry= or an 'industry' column"
        if not (ind is None or ind is pd.NA or (isinstance(ind, float) and np.isnan(ind))):
            try:
                standards.append(standard(str(ind), _frames.date_or_today(day, "date")))
                index_of[k] = len(standards) - 1
                continue
            except _core.Error as exc:
                reason = str(getattr(exc, "reason", None) or exc)
        if reason not in why_none:
            why_none.append(reason)
        index_of[k] = -1 - why_none.index(reason)
    if pairs is None:
        return standards, np.full(n, index_of[0] if n else 0, dtype=np.int32), why_none
    return standards, index_of[pairs] if n else np.zeros(0, dtype=np.int32), why_none


def _finding_column(col: pd.Series) -> Any:
    """A finding column for the kernel: numbers and flags as numbers (empty: NaN), text as text."""
    if pd.api.types.is_bool_dtype(col.dtype) or pd.api.types.is_numeric_dtype(col.dtype):
        if isinstance(col.dtype, np.dtype):  # numpy's: float64 as it lies, others widened (NaN stays NaN)
            return col.to_numpy(dtype=np.float64)
        return _frames.masked(col)
    if pd.api.types.is_object_dtype(col.dtype) and col.map(lambda v: isinstance(v, (bool, np.bool_)) or v is None
                                                           or (isinstance(v, float) and np.isnan(v))).all():
        return col.map(lambda v: float(v) if isinstance(v, (bool, np.bool_)) else np.nan).to_numpy(dtype=np.float64)
    return col.map(lambda v: None if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))
                   else str(v.item() if isinstance(v, np.generic) else v)).to_numpy(dtype=object)


def _cell(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("true", "是", "yes", "y"):
            return True
        if text in ("false", "否", "no", "n"):
            return False
        if text == "":
            return None
        try:
            return float(text)
        except ValueError:
            return value
    return value.item() if isinstance(value, np.generic) else value
