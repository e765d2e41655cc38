"""重大事故隐患判定标准: an inspection's findings against the industry's standard in force."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from .. import _core, _frames
from .._errors import raise_input

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
        return _core.hazard_standard(str(pack))
    return _core.hazard_standard_for(INDUSTRIES.get(industry, industry), _day(date))


def _day(value: Any) -> dt.date:
    day = _frames.to_date(value, "date")
    return dt.date.today() if day is None else day.date() if isinstance(day, dt.datetime) else day


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
    std = standard(industry, date, pack=pack)
    matched, not_assessed, clear = _core.hazard_assess(std, {str(k): _cell(v) for k, v in findings.items()})
    return _assessment(std, matched, not_assessed, clear)


def _assessment(std: Any, matched: Sequence[tuple[str, str]], not_assessed: list[str], clear: list[str]) -> Assessment:
    items = {i["id"]: i for i in std.items}
    rows = [{"id": i, "article": items[i]["article"], "text_zh": items[i]["text_zh"], "kind": items[i]["kind"],
             "verified": items[i]["verified"], "why": why} for i, why in matched]
    frame = pd.DataFrame(rows, columns=["id", "article", "text_zh", "kind", "verified", "why"])
    return Assessment(standard=std.title, document=std.document, matched=frame, not_assessed=list(not_assessed),
                      clear=list(clear), consequences=list(std.consequences) if rows else [], pack=std.pack.stamp)


def assess_many(inspections: pd.DataFrame, industry: str | None = None, date: Any = None, *,
                industry_column: str = "industry", date_column: str = "date", keys: Sequence[str] = ()) -> pd.DataFrame:
    """assess() for every row of a frame of inspections: one column per finding (empty cells are
    not given), plus the industry and date as columns or as arguments, and `keys` columns carried
    through (e.g. the unit's name). Returns one row per matched item, indexed like the input."""
    frame = _frames.require_frame(inspections, "inspections")
    reserved = {industry_column, date_column, *keys}
    facts = [c for c in frame.columns if c not in reserved]
    out = []
    for label, row in zip(frame.index, frame.itertuples(index=False)):
        values = dict(zip(frame.columns, row))
        ind = industry if industry is not None else values.get(industry_column)
        day = date if date is not None else values.get(date_column)
        if ind is None or (isinstance(ind, float) and np.isnan(ind)):
            raise_input("no industry: give industry= or an 'industry' column", frame, label, industry_column)
        try:
            std = standard(str(ind), _day(day))
            given = {f: v for f in facts if (v := _cell(values[f])) is not None}  # other industries' columns stay empty
            matched, _, _ = _core.hazard_assess(std, given)
        except _core.Error as exc:
            raise_input(str(getattr(exc, "reason", None) or exc), frame, label, getattr(exc, "key", None))
        items = {i["id"]: i for i in std.items} if matched else {}
        for item, why in matched:
            out.append({"row": label, **{k: values[k] for k in keys}, "id": item, "article": items[item]["article"],
                        "text_zh": items[item]["text_zh"], "why": why, "standard": std.document})
    columns = ["row", *keys, "id", "article", "text_zh", "why", "standard"]
    return pd.DataFrame(out, columns=columns).set_index("row")


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
