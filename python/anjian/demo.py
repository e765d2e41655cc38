"""Built-in demo data shaped like 达州's 2024 monthly bulletin, as published in
"“三个动作”提升安全生产执法能效——达州市安全生产执法“月通报”工作侧记".

Seven county-level units, two industrial parks and ten city departments report every
month. ``events`` draws one row per inspection visit and per penalty case for 2023 and
2024, deterministic by seed, with 2024 totals near 达州's published ones (4264 teams,
14719 enterprise visits, 16019 hazards of which 219 major, 1244 cases, 966.078万元 fines,
19 suspensions, 8 criminal transfers). ``reports`` is those events aggregated by month.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _args, indicators

__all__ = ["LATEST", "events", "incidents", "reports", "roster", "write_returns"]

if TYPE_CHECKING:
    from . import returns

COUNTIES = ["通川区", "达川区", "万源市", "宣汉县", "开江县", "大竹县", "渠县"]
PARKS = ["达州高新区", "东部经开区"]
DEPARTMENTS = ["市应急管理局", "市经济和信息化局", "市住房城乡建设局", "市交通运输局", "市水务局",
               "市农业农村局", "市商务局", "市文化广电旅游局", "市市场监管局", "市消防救援支队"]
UNITS = COUNTIES + PARKS + DEPARTMENTS
KIND = {**{u: "县(市、区)" for u in COUNTIES}, **{u: "园区" for u in PARKS}, **{u: "市级部门" for u in DEPARTMENTS}}

# 达州 2024 year totals (the published 月通报 account) the generator aims at.
VISITS_2024 = 14719
CASES_2024 = 1244
TEAMS_PER_VISIT = 4264 / 14719
HAZARDS_PER_VISIT = 16019 / 14719
MAJOR_SHARE = 219 / 16019
FINE_PER_CASE_YUAN = 9_660_780 / 1244
SUSPENSION_SHARE, TRANSFER_SHARE = 19 / 1244, 8 / 1244
YEARS = (2023, 2024)
GROWTH_2024 = 1.12  # 2024 activity over 2023, so year-on-year figures have something to show


def _rng(seed: Any, offset: int = 0) -> np.random.Generator:
    """The generator of a seed (a whole number >= 0), so that a seed always gives the same data."""
    return np.random.default_rng(_args.whole(seed, "seed", 0) + offset)


def _month_dates(rng: np.random.Generator, year: int, months: np.ndarray) -> np.ndarray:
    starts = np.array([np.datetime64(f"{year}-{m:02d}-01") for m in range(1, 13)])
    lengths = np.array([((starts[i + 1] if i < 11 else np.datetime64(f"{year + 1}-01-01")) - starts[i]).astype(int)
                        for i in range(12)])
    return starts[months] + rng.integers(0, lengths[months])


def events(seed: int = 2024) -> pd.DataFrame:
    """Event records: columns unit (categorical), date, and each event's base-field increments."""
    rng = _rng(seed)
    n_units = len(UNITS)
    # Counties carry most of the work; each unit has its own habits (case filing, rectification).
    size = np.array([3.0] * len(COUNTIES) + [1.5] * len(PARKS) + [0.8] * len(DEPARTMENTS))
    size *= rng.uniform(0.7, 1.3, n_units)
    filing = rng.uniform(0.4, 1.6, n_units)
    rectify = rng.uniform(0.85, 0.99, n_units)
    frames = []
    for year in YEARS:
        scale = 1.0 if year == 2024 else 1 / GROWTH_2024
        month_weight = np.linspace(0.8, 1.2, 12) * rng.uniform(0.85, 1.15, 12)
        for kind in ("visit", "case"):
            total = (VISITS_2024 if kind == "visit" else CASES_2024) * scale
            weight = size * (filing if kind == "case" else 1.0)
            cell = np.outer(weight / weight.sum(), month_weight / month_weight.sum()) * total
            counts = rng.poisson(cell)
            unit = np.repeat(np.repeat(np.arange(n_units), 12), counts.ravel())
            month = np.repeat(np.tile(np.arange(12), n_units), counts.ravel())
            frames.append(_draw(rng, kind, unit, _month_dates(rng, year, month), rectify))
    out = pd.concat(frames, ignore_index=True).sort_values(["date", "unit"], kind="stable", ignore_index=True)
    out["unit"] = pd.Categorical.from_codes(out["unit"].to_numpy(), categories=UNITS)
    return out


def _draw(rng: np.random.Generator, kind: str, unit: np.ndarray, date: np.ndarray, rectify: np.ndarray) -> pd.DataFrame:
    n = unit.size
    zero = np.zeros(n, dtype=np.int64)
    cols = {f: zero for f in indicators.catalog().field_codes if f != "enforcement_officers"}
    if kind == "visit":
        hazards = rng.poisson(HAZARDS_PER_VISIT, n)
        major = rng.binomial(hazards, MAJOR_SHARE)
        major_rect = rng.binomial(major, 0.8)
        cols.update(
            inspection_teams=rng.binomial(1, TEAMS_PER_VISIT, n),
            enterprises_inspected=np.ones(n, dtype=np.int64),
            hazards_found=hazards,
            major_hazards_found=major,
            major_hazards_rectified=major_rect,
            hazards_rectified=major_rect + rng.binomial(hazards - major, rectify[unit]),
            correction_orders=(hazards > 0) * rng.binomial(1, 0.7, n),
            onsite_measures=rng.binomial(1, 0.06, n),
        )
    else:
        fines = np.round(rng.lognormal(np.log(FINE_PER_CASE_YUAN) - 0.5, 1.0, n), -2).astype(np.int64)
        cols.update(
            cases_filed=np.ones(n, dtype=np.int64),
            cases_closed=rng.binomial(1, 0.85, n),
            fines_yuan=np.maximum(fines, 500),
            preaccident_penalty_cases=rng.binomial(1, 0.9, n),
            suspensions=rng.binomial(1, SUSPENSION_SHARE, n),
            licence_actions=rng.binomial(1, 0.01, n),
            closures=rng.binomial(1, 0.004, n),
            criminal_transfers=rng.binomial(1, TRANSFER_SHARE, n),
        )
    return pd.DataFrame({"unit": unit, "date": date.astype("datetime64[ns]"), **{k: np.asarray(v, dtype=np.int64) for k, v in cols.items()}})


def reports(seed: int = 2024) -> pd.DataFrame:
    """Monthly reports (unit, month, base fields) for 2023-01 .. 2024-12: the events
    aggregated, plus officers on strength, which units report as a monthly headcount."""
    out = indicators.aggregate(events(seed))
    officers = _rng(seed, 1).integers(6, 40, len(UNITS))
    out["enforcement_officers"] = officers[out["unit"].cat.codes.to_numpy()]
    return out


LATEST = "2024-12"


def roster() -> "returns.Roster":
    """The demo's 19 units with their kind (县(市、区) / 园区 / 市级部门), all in 达州市."""
    from . import returns

    return returns.roster(pd.DataFrame({"单位": UNITS, "区域": "达州市", "类别": [KIND[u] for u in UNITS]}))


def write_returns(directory: str | os.PathLike, seed: int = 2024) -> list[Path]:
    """The demo reports as the offices' own returns: one workbook per unit under a title row, Chinese
    headers with units (full-width brackets), months written 2024年8月, and 填表人 under the table --
    the files `anjian demo` reads back to make its bulletin."""
    import openpyxl

    from .io import atomic_write
    from .returns._template import header

    cat = indicators.catalog()
    frame = reports(seed)
    fields = [f for f in cat.fields if f.code in frame.columns]
    out = _args.path(directory, "directory")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for unit, rows in frame.groupby("unit", observed=True, sort=False):
        book = openpyxl.Workbook()
        ws = book.active
        ws.title = "月报表"
        ws.append([f"{unit}安全生产执法情况月报表（{YEARS[0]}—{YEARS[-1]}年）"])
        ws.append(["单位", "月份", *(header(f) for f in fields)])
        for row in rows.itertuples(index=False):
            month = str(row.month)
            ws.append([unit, f"{month[:4]}年{int(month[5:])}月", *(_cell(getattr(row, f.code)) for f in fields)])
        ws.append([])
        ws.append(["填表人：", None, "审核人："])
        written.append(atomic_write(out / f"{unit}.xlsx", book.save))
    return written


def _cell(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else int(value) if isinstance(value, Decimal) and value == int(value) \
        else float(value) if isinstance(value, Decimal) else value


# The enterprises of each county by their trade, and the 行业 of each (the sectors the 严重失信 办法 names).
TRADES = {"化工公司": "化工", "建材厂": "建材", "机械厂": "机械", "食品冷库": "轻工"}
ENTERPRISES = [f"{county}{name}" for county in COUNTIES for name in TRADES]


def incidents(seed: int = 2024) -> pd.DataFrame:
    """Accidents and penalty decisions of the counties' enterprises in 2023-2024, for anjian.triggers:
    columns date, kind (accident | penalty), unit (an enterprise), region (its county), city,
    province, sector (its 行业), type, deaths, serious_injuries, direct_loss_yuan, casualties,
    major_hazard, and decision_date (an accident's penalty decision, 30 to 120 days later; empty while
    the last accidents are still under investigation).

    A random background (mostly 一般 accidents, penalties with a 重大事故隐患 now and then) plus three
    histories written in on purpose so that the national rules have something to find: an enterprise
    penalised three times in 180 days with a 重大事故隐患, one with two 较大 accidents in 12 months,
    and a county (大竹县) with three 较大 accidents in 2024, two of them in six months with one elsewhere."""
    rng = _rng(seed)
    rows: list[tuple[Any, ...]] = []
    for unit in ENTERPRISES:
        county = next(c for c in COUNTIES if unit.startswith(c))
        for year in YEARS:
            for _ in range(rng.poisson(0.4)):
                deaths = int(rng.choice([0, 0, 0, 1, 1, 2]))
                injured = int(rng.integers(0, 3))
                rows.append(("accident", unit, county, _day(rng, year), deaths, min(injured, 1),
                             int(rng.integers(1, 200)) * 10_000, deaths + injured, None))
            for _ in range(rng.poisson(0.8)):
                rows.append(("penalty", unit, county, _day(rng, year), None, None, None, None, bool(rng.random() < 0.05)))
    planted = [("penalty", "宣汉县化工公司", "宣汉县", "2024-02-20", None, None, None, None, True),
               ("penalty", "宣汉县化工公司", "宣汉县", "2024-05-06", None, None, None, None, False),
               ("penalty", "宣汉县化工公司", "宣汉县", "2024-08-18", None, None, None, None, False),
               ("accident", "渠县建材厂", "渠县", "2023-11-02", 3, 0, 1_200_000, 3, None),
               ("accident", "渠县建材厂", "渠县", "2024-08-14", 0, 11, 300_000, 11, None),
               ("accident", "大竹县机械厂", "大竹县", "2024-03-03", 4, 1, 2_000_000, 5, None),
               ("accident", "大竹县食品冷库", "大竹县", "2024-05-21", 0, 12, 500_000, 12, None),
               ("accident", "大竹县建材厂", "大竹县", "2024-10-09", 3, 0, 800_000, 3, None)]
    for kind, unit, county, day, *rest in planted:
        rows.append((kind, unit, county, np.datetime64(day), *rest))
    frame = pd.DataFrame(rows, columns=["kind", "unit", "region", "date", "deaths", "serious_injuries",
                                        "direct_loss_yuan", "casualties", "major_hazard"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["type"] = np.where(frame["kind"] == "accident", rng.choice(["机械伤害", "物体打击", "中毒和窒息"], len(frame)),
                             np.array(None, dtype=object))
    frame["city"], frame["province"] = "达州市", "四川省"
    frame["sector"] = [next(s for trade, s in TRADES.items() if unit.endswith(trade)) for unit in frame["unit"]]
    frame = frame.sort_values(["date", "unit"], kind="stable").reset_index(drop=True)
    after = pd.to_timedelta(_rng(seed, 7).integers(30, 121, len(frame)), unit="D")  # its own stream: nothing above moves
    decided = frame["date"] + after
    frame["decision_date"] = decided.where((frame["kind"] == "accident") & (decided <= pd.Timestamp("2024-12-31")))
    return frame


def _day(rng: np.random.Generator, year: int) -> np.datetime64:
    return np.datetime64(f"{year}-01-01") + int(rng.integers(0, 365))
