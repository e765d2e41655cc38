"""重大事故隐患判定标准: an inspection's findings against the industry's standard in force."""

from __future__ import annotations

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
    industry_column, date_column = _args.text(industry_column, "industry_column"), _args.text(date_column, "date_column")
    keys = _args.texts(keys, "keys")
    for column in keys:
        _frames.require_column(frame, column)
    reserved = {industry_column, date_column, *keys}
    facts = [str(c) for c in frame.columns if c not in reserved]
    n = len(frame)
    industries = [industry] * n if industry is not None else (
        frame[industry_column].tolist() if industry_column in frame.columns else [None] * n)
    days = [date] * n if date is not None else (
        frame[date_column].tolist() if date_column in frame.columns else [None] * n)
    standards: list[Any] = []
    found: dict[tuple[str, Any], int | str] = {}  # (industry, day) -> index into standards, or why there is none
    standard_of = np.full(n, -1, dtype=np.int32)
    no_standard = [""] * n
    for i, (ind, day) in enumerate(zip(industries, days)):
        if ind is None or (isinstance(ind, float) and np.isnan(ind)):
            no_standard[i] = "no industry: give industry= or an 'industry' column"
            continue
        key = (str(ind), None if day is None or day is pd.NaT else str(day))
        if key not in found:
            try:
                standards.append(standard(str(ind), _frames.date_or_today(day, "date")))
                found[key] = len(standards) - 1
            except _core.Error as exc:
                found[key] = str(getattr(exc, "reason", None) or exc)
        hit = found[key]
        if isinstance(hit, int):
            standard_of[i] = hit
        else:
            no_standard[i] = hit
    columns = {f: _finding_column(frame[f]) for f in facts}
    try:
        out = _core.hazard_assess_many(standards, standard_of.tolist(), no_standard, columns, n, facts, status)
    except _core.InputError as exc:
        relabel(exc, frame)
    rows = np.asarray(out["row"], dtype=np.int64)
    result = pd.DataFrame({"row": frame.index.take(rows), **{k: frame[k].take(rows).to_numpy() for k in keys},
                           "id": out["id"], "article": out["article"], "text_zh": out["text_zh"], "why": out["why"],
                           "standard": [standards[standard_of[r]].document for r in rows]},
                          columns=["row", *keys, "id", "article", "text_zh", "why", "standard"])
    if status:
        refused = np.flatnonzero(out["refused"] >= 0)
        state, problem = status_columns(out["refused"], out["reasons"])
        result["status"], result["problem"] = "ok", ""
        extra = pd.DataFrame({"row": frame.index.take(refused), **{k: frame[k].take(refused).to_numpy() for k in keys},
                              "status": state[refused], "problem": problem[refused]})
        result = pd.concat([result, extra], ignore_index=True) if len(extra) else result
        result = result.iloc[np.argsort(np.concatenate([rows, refused]), kind="stable")] if len(extra) else result
    return result.set_index("row")


def _finding_column(col: pd.Series) -> Any:
    """A finding column for the kernel: numbers and flags as numbers (empty: NaN), text as text."""
    if pd.api.types.is_bool_dtype(col.dtype) or pd.api.types.is_numeric_dtype(col.dtype):
        return col.astype("Float64").to_numpy(dtype=np.float64, na_value=np.nan)
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
