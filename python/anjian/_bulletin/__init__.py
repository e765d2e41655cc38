"""The monthly bulletin (月通报) as one value: the indicators, the ranking with its red and black
lists, year to date and 同比, the points table, the reasons for every empty figure, and the rule packs
that produced them; written as the workbook, the drafted 通报 and the charts an office publishes.

    b = anjian.bulletin(["通川区.xlsx", "达川区.xlsx", ...], period="2024-08")
    b.to_excel("通报.xlsx"); b.to_docx("通报.docx"); b.charts("图表")
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from .. import _args, _frames, indicators, ranking, returns
from .._core import Catalog, Error, Period
from ..ranking import RankingConfig

__all__ = ["Bulletin", "bulletin"]

ALL_UNITS = "合计"


@dataclass
class Bulletin:
    """Everything a bulletin states, each figure from the computation."""

    period: Period
    title: str
    catalog: Catalog
    config: RankingConfig
    table: pd.DataFrame             # this period per unit: indicators, <code>_yoy, <code>_yoy_pp (rates)
    board: pd.DataFrame             # the ranking: criteria, score, rank, rank_change, red, black, points
    explain: dict[Any, pd.DataFrame]  # per unit: normalised value, weight and contribution of each criterion
    overall: pd.DataFrame           # all units together: rows 本期 / 上年同期 / 本年累计 / 上年累计
    ytd: pd.DataFrame | None        # year to date per unit with 同比 (a monthly bulletin)
    points: pd.DataFrame | None     # each month's rank this year and the points they earn
    trend: pd.DataFrame             # all units together, month by month this year and the year before
    flags: pd.DataFrame             # why a figure is empty or partial: unit, indicator, period, flag, reason_zh
    notes: list[str] = field(default_factory=list)     # what the lists' reader must be told
    sources: list[str] = field(default_factory=list)   # the files read
    left_out: list[dict] = field(default_factory=list)  # rows of them not read as units, and why
    made: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))

    @property
    def red(self) -> list[Any]:
        return self.board.index[self.board["red"]].tolist()

    @property
    def black(self) -> list[Any]:
        return self.board.index[self.board["black"]].tolist()

    def packs(self) -> pd.DataFrame:
        """The rule packs that produced the figures: name, version, title and content hash."""
        rows = [(p.name, p.version, p.title, p.content_hash, "内置" if p.builtin else p.file)
                for p in (self.catalog.pack, self.config.pack)]
        return pd.DataFrame(rows, columns=["name", "version", "title", "content_hash", "source"])

    def to_excel(self, path: str | os.PathLike) -> Path:
        """The workbook an office publishes as it is (written atomically)."""
        from ._excel import write_workbook

        return write_workbook(self, _args.path(path, "path"))

    def to_docx(self, path: str | os.PathLike) -> Path:
        """The drafted 通报: every number from the computation; the office edits the prose."""
        from ._docx import write_document

        return write_document(self, _args.path(path, "path"))

    def charts(self, directory: str | os.PathLike, formats: Sequence[str] = ("png", "svg")) -> list[Path]:
        """The ranking bar chart and the year trend as image files."""
        from ._charts import write_charts

        formats = [_args.choice(f, "each of formats", ("png", "svg", "pdf")) for f in _args.texts(formats, "formats")]
        return write_charts(self, _args.path(directory, "directory"), tuple(formats))


def _covers(reports: pd.DataFrame, period: Period) -> bool:
    return period.start >= Period.parse(indicators.months(reports)[0]).start


def _is_month(period: Period) -> bool:
    return period.kind == "month"


def _all_units(reports: pd.DataFrame, cat: Catalog) -> pd.DataFrame:
    """The reports of every unit added up month by month, as one unit."""
    fields = [f.code for f in cat.fields if f.code in reports.columns]
    together = reports[["month", *fields]].assign(unit=ALL_UNITS)
    return indicators.merge([together], catalog=cat)


def _overall(together: pd.DataFrame, period: Period, cat: Catalog) -> pd.DataFrame:
    rows = {"本期": period, "上年同期": period.year_ago()}
    if _is_month(period):
        ytd = Period.ytd(period.start.year, period.start.month)
        rows.update({"本年累计": ytd, "上年累计": ytd.year_ago()})
    out = {}
    for label, p in rows.items():
        if _covers(together, p):
            out[label] = indicators.compute(together, p, catalog=cat).iloc[0]
    return pd.DataFrame(out).T


def _trend(together: pd.DataFrame, period: Period, cat: Catalog) -> pd.DataFrame:
    months = []
    for year in (period.end.year - 1, period.end.year):
        for month in range(1, 13):
            p = Period.month(year, month)
            if p.end > period.end or not _covers(together, p):
                continue
            if str(p) in set(indicators.months(together)):
                months.append(indicators.compute(together, p, catalog=cat).iloc[0].rename(str(p)))
    return pd.DataFrame(months)


def bulletin(reports: Any, period: Period | str, *, catalog: Catalog | str | None = None,
             ranking_config: RankingConfig | str | None = None, roster: returns.Roster | None = None,
             missing: str = "error", title: str = "安全生产执法工作月通报", **read_options: Any) -> Bulletin:
    """The bulletin of `period` from monthly returns: file paths (read by ``anjian.returns.read``, with
    `roster` and any of its options) or a reports frame. The ranking configuration's catalogue is used
    unless `catalog` is given. Earlier months in the returns give 环比 movement, a year before gives
    同比; without them those figures are left out, not invented."""
    cfg = ranking.config(ranking_config)
    cat = indicators.catalog(cfg.catalog if catalog is None else catalog)
    period = _args.period(period, "period")
    title = _args.text(title, "title")
    if isinstance(reports, pd.DataFrame):
        frame, sources, left_out = reports, [str(reports.attrs.get("source", ""))] if reports.attrs.get("source") else [], []
    else:
        if not isinstance(reports, (str, os.PathLike, list, tuple)):
            raise Error(f"reports must be return files (a path or a list of them) or a reports frame, "
                        f"got {type(reports).__name__}")
        paths = [reports] if isinstance(reports, (str, os.PathLike)) else list(reports)
        frame = returns.read(paths, catalog=cat, roster=roster, **read_options)
        sources, left_out = [str(p) for p in paths], list(frame.attrs.get("left_out", []))
    if not len(frame):
        raise Error("the returns hold no figures")
    table = indicators.compute(frame, period, catalog=cat, yoy=_covers(frame, period.year_ago()))
    previous = None
    if _covers(frame, period.previous()):
        before = indicators.compute(frame, period.previous(), catalog=cat, indicators=list(cfg.criteria))
        previous = ranking.bulletin(before, cfg, missing=missing)
    board = ranking.bulletin(table, cfg, previous=previous, missing=missing)
    _, result = ranking.ranked(table, cfg, missing)
    ytd = points = None
    flag_frames = [indicators.flags(table)]
    if _is_month(period):  # a month's bulletin also gives the year to date and the points earned so far
        year_to_date = Period.ytd(period.start.year, period.start.month)
        ytd = indicators.compute(frame, year_to_date, catalog=cat, yoy=_covers(frame, year_to_date.year_ago()))
        flag_frames.append(indicators.flags(ytd))
        days = _frames.month_days(frame, "month")
        through = frame[days <= (period.end - dt.date(1970, 1, 1)).days]  # later months earn no points yet
        points = ranking.annual_points(through, period.start.year, cfg, catalog=cat, missing=missing)
    together = _all_units(frame, cat)
    non_empty = [f for f in flag_frames if len(f)]  # pandas warns on concatenating empty frames
    flags = pd.concat(non_empty, ignore_index=True) if non_empty else flag_frames[0]
    return Bulletin(period=period, title=title, catalog=cat, config=cfg, table=table, board=board,
                    explain={u: result.explain(u) for u in board.index}, overall=_overall(together, period, cat),
                    ytd=ytd, points=points, trend=_trend(together, period, cat), flags=flags,
                    notes=list(board.attrs.get("list_notes", [])), sources=sources, left_out=left_out)
