"""The bulletin workbook: what an office would publish as it is. Cells hold exact values (money in
yuan, rates as fractions); formats only change how they read (%, thousands, 万元)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import __version__
from .._labels import change_zh, indicator_header, period_zh
from ..io import atomic_write
from ._numbers import as_float, cell_value, overall_change

if TYPE_CHECKING:
    from . import Bulletin

RED_FILL, BLACK_FILL, HEAD_FILL = "F8CBAD", "BFBFBF", "DDEBF7"
MONEY_IN_WAN = 1_000_000  # money columns reaching this many yuan read in 万元
THIN = "thin"


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    side = Side(style=THIN, color="808080")
    return {
        "title": Font(bold=True, size=16), "subtitle": Font(size=10, color="404040"), "bold": Font(bold=True),
        "head_fill": PatternFill("solid", fgColor=HEAD_FILL), "red": PatternFill("solid", fgColor=RED_FILL),
        "black": PatternFill("solid", fgColor=BLACK_FILL), "border": Border(left=side, right=side, top=side,
                                                                             bottom=side),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "left": Alignment(horizontal="left", vertical="center", wrap_text=False),
    }


def _money_in_wan(values: pd.Series) -> bool:
    numbers = [float(v) for v in values if cell_value(v) is not None]
    return bool(numbers) and max(numbers) >= MONEY_IN_WAN


def _format(ind: Any, wan: bool) -> str:
    if ind.kind == "ratio":
        return "0.0%"
    if ind.kind == "money":
        return '0\\.0000"万元"' if wan else "#,##0.00"  # 万元: the yuan the cell holds, shown to the yuan
    return "#,##0"


def _text_width(text: str) -> int:
    """Columns a text needs: two for a CJK character, one for others, and a margin."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text) + 2


class _Sheet:
    """A sheet written row by row with the bulletin's styles, its widths fitted to what it holds."""

    def __init__(self, book: Any, name: str, styles: dict[str, Any]):
        self.ws = book.create_sheet(name)
        self.s = styles
        self.widths: dict[int, float] = {}

    def row(self, values: list[Any], *, style: str | None = None, formats: list[str | None] | None = None,
            fill: Any = None, border: bool = False) -> int:
        self.ws.append([cell_value(v) for v in values])
        r = self.ws.max_row
        for j, v in enumerate(values):
            cell = self.ws.cell(row=r, column=j + 1)
            if style == "head":
                cell.font, cell.fill, cell.alignment = self.s["bold"], self.s["head_fill"], self.s["center"]
            if formats and j < len(formats) and formats[j]:
                cell.number_format = formats[j]
            if fill is not None:
                cell.fill = fill
            if border:
                cell.border = self.s["border"]
            if style != "head" and v is not None:
                text = str(cell_value(v)) if not isinstance(cell_value(v), float) else f"{cell_value(v):,.2f}"
                self.widths[j] = max(self.widths.get(j, 0), min(_text_width(text), 40))
            elif style == "head" and v is not None:  # headers wrap: about five CJK characters a line
                self.widths[j] = max(self.widths.get(j, 0), min(_text_width(str(v)), 13))
        return r

    def title(self, text: str, subtitle: str | None = None) -> None:
        self.ws.append([text])
        self.ws.cell(row=self.ws.max_row, column=1).font = self.s["title"]
        if subtitle:
            self.ws.append([subtitle])
            self.ws.cell(row=self.ws.max_row, column=1).font = self.s["subtitle"]
        self.ws.append([])

    def finish(self, header_row: int | None = None, freeze: str | None = None, landscape: bool = True) -> None:
        from openpyxl.utils import get_column_letter

        for j, w in self.widths.items():
            self.ws.column_dimensions[get_column_letter(j + 1)].width = max(w, 8)
        if freeze:
            self.ws.freeze_panes = freeze
        setup = self.ws.page_setup
        setup.orientation = "landscape" if landscape else "portrait"
        setup.paperSize = self.ws.PAPERSIZE_A4
        setup.fitToWidth, setup.fitToHeight = 1, 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        if header_row:
            self.ws.print_title_rows = f"1:{header_row}"
        self.ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _main_sheet(book: Any, b: "Bulletin", s: dict[str, Any]) -> None:
    sh = _Sheet(book, "通报", s)
    cat, board, table = b.catalog, b.board, b.table
    inds = [i for i in cat.indicators if i.code in table.columns]
    wan = {i.code: i.kind == "money" and _money_in_wan(table[i.code]) for i in inds}
    sh.title(f"{b.title}（{period_zh(b.period)}）",
             f"统计期间：{_day_zh(b.period.start)}至{_day_zh(b.period.end)}　参评单位：{len(board)}个　"
             f"综合评价：{_method_zh(b)}")
    has_change = "rank_change" in board.columns
    heads = ["名次", "单位", "综合得分", *(["名次升降"] if has_change else []), "红黑榜",
             *(indicator_header(i, "万元" if wan[i.code] else "元") for i in inds)]
    header_row = sh.row(heads, style="head", border=True)
    sh.ws.row_dimensions[header_row].height = 44
    formats: list[str | None] = ["0", None, "0.000", *(["+0;-0;0"] if has_change else []), None,
                                 *(_format(i, wan[i.code]) for i in inds)]
    for unit in board.index:
        on = "红榜" if board.at[unit, "red"] else "黑榜" if board.at[unit, "black"] else ""
        values = [int(board.at[unit, "rank"]), unit, float(board.at[unit, "score"]),
                  *([board.at[unit, "rank_change"]] if has_change else []), on,
                  *(table.at[unit, i.code] for i in inds)]
        fill = s["red"] if on == "红榜" else s["black"] if on == "黑榜" else None
        sh.row(values, formats=formats, fill=fill, border=True)
    sh.ws.append([])
    sh.row([f"红榜：{'、'.join(map(str, b.red)) or '无'}"])
    sh.row([f"黑榜：{'、'.join(map(str, b.black)) or '无'}"])
    for note in b.notes:
        sh.row([f"注：{note}"])
    if len(b.flags):
        sh.row(["注：表中空白的数字无法计算，原因见“说明”表。"])
    sh.widths[0] = 6
    sh.finish(header_row=header_row, freeze=f"C{header_row + 1}")


def _day_zh(day: Any) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _method_zh(b: "Bulletin") -> str:
    names = {"topsis": "TOPSIS 逼近理想解法", "weighted_sum": "加权求和", "vikor": "VIKOR 折衷排序"}
    weighting = {"entropy": "熵权法定权", "critic": "CRITIC 定权", "given": "给定权重"}
    return f"{names.get(b.config.method, b.config.method)}，{weighting.get(b.config.weighting, b.config.weighting)}"


def _change_sheet(book: Any, b: "Bulletin", s: dict[str, Any]) -> None:
    """Year to date and 同比: all units together, then each unit."""
    sh = _Sheet(book, "累计与同比", s)
    cat = b.catalog
    inds = [i for i in cat.indicators if i.code in b.table.columns]
    sh.title(f"{period_zh(b.period)}及本年累计同比", "数量指标同比按百分比，比率指标同比按百分点")
    header_row = sh.row(["项目", *(indicator_header(i) for i in inds)], style="head", border=True)
    for label in b.overall.index:
        sh.row([f"全部单位{label}", *(b.overall.at[label, i.code] for i in inds)],
               formats=[None, *(_format(i, False) for i in inds)], border=True)
    for now, before in (("本期", "上年同期"), ("本年累计", "上年累计")):
        if now in b.overall.index and before in b.overall.index:
            sh.row([f"全部单位{now}同比", *(change_zh(overall_change(b, i, now, before), i.kind == "ratio")
                                          for i in inds)], border=True)
    if b.ytd is not None:
        sh.ws.append([])
        sh.row([f"各单位本年累计（{period_zh(str(_period_of(b.ytd)))}）"], style=None)
        sh.row(["单位", *(indicator_header(i) for i in inds)], style="head", border=True)
        for unit in b.board.index:
            sh.row([unit, *(b.ytd.at[unit, i.code] for i in inds)], formats=[None, *(_format(i, False) for i in inds)],
                   border=True)
        if any(f"{i.code}_yoy" in b.ytd.columns for i in inds):
            sh.ws.append([])
            sh.row(["各单位本年累计同比"])
            sh.row(["单位", *(indicator_header(i).split("（")[0] + "同比" for i in inds)], style="head", border=True)
            for unit in b.board.index:
                sh.row([unit, *(change_zh(_unit_change(b.ytd, unit, i), i.kind == "ratio") for i in inds)],
                       border=True)
    sh.finish(header_row=header_row, freeze="B5")


def _period_of(table: pd.DataFrame) -> str:
    return str(table.attrs.get("period", ""))


def _unit_change(table: pd.DataFrame, unit: Any, ind: Any) -> float:
    column = f"{ind.code}_yoy_pp" if ind.kind == "ratio" else f"{ind.code}_yoy"
    return as_float(table.at[unit, column]) if column in table.columns else float("nan")


def _points_sheet(book: Any, b: "Bulletin", s: dict[str, Any]) -> None:
    if b.points is None:
        return
    sh = _Sheet(book, "加扣分", s)
    months = [c for c in b.points.columns if c != "points"]
    sh.title(f"{b.period.start.year}年月通报综合评价名次及加扣分", "名次靠前、靠后的单位按配置加分、扣分" +
             ("" if b.config.points_verified else "（加扣分值为本配置的设定，未见公开文件）"))
    header_row = sh.row(["单位", *(period_zh(m) + "名次" for m in months), "加扣分合计"], style="head", border=True)
    for unit in b.points.index:
        sh.row([unit, *(b.points.at[unit, m] for m in months), b.points.at[unit, "points"]],
               formats=[None, *(["0"] * len(months)), "+0.0;-0.0;0"], border=True)
    sh.finish(header_row=header_row, freeze="B5")


def _flags_sheet(book: Any, b: "Bulletin", s: dict[str, Any]) -> None:
    sh = _Sheet(book, "说明", s)
    sh.title("空白及不完整数字的原因")
    header_row = sh.row(["单位", "指标", "期间", "原因"], style="head", border=True)
    names = {i.code: i.name_zh for i in b.catalog.indicators}
    for f in b.flags.itertuples():
        code = str(f.indicator)
        base = code.removesuffix("_yoy").removesuffix("_mom").lstrip("*")
        what = "全部指标" if code.startswith("*") else names.get(base, base)
        if code.endswith("_yoy"):
            what += "（同比基期）"
        sh.row([f.unit, what, period_zh(f.period), f.reason_zh], border=True)
    if not len(b.flags):
        sh.row(["本期所有数字均可计算。"])
    if b.left_out:
        sh.ws.append([])
        sh.row(["读取时未作为单位数据的行"], style="head")
        for x in b.left_out:
            sh.row([x["where"], x["why"]])
    sh.finish(header_row=header_row, landscape=False)


def _explain_sheet(book: Any, b: "Bulletin", s: dict[str, Any]) -> None:
    sh = _Sheet(book, "得分说明", s)
    names = {i.code: i.name_zh for i in b.catalog.indicators}
    sh.title("各单位综合得分的构成", f"{_method_zh(b)}；贡献为正表示该指标提高了得分")
    for unit in b.board.index:
        e = b.explain[unit]
        sh.row([f"{unit}　第{int(b.board.at[unit, 'rank'])}名　得分{float(b.board.at[unit, 'score']):.3f}"],
               style=None)
        sh.ws.cell(row=sh.ws.max_row, column=1).font = s["bold"]
        sh.row(["指标", "数值", "规范化值", "权重", "贡献"], style="head", border=True)
        for code in e.index:
            sh.row([names.get(code, code), b.board.at[unit, code], e.at[code, "normalized"], e.at[code, "weight"],
                    e.at[code, "contribution"]], formats=[None, "0.####", "0.0000", "0.0000", "+0.0000;-0.0000;0"],
                   border=True)
        sh.ws.append([])
    sh.finish(landscape=False)


def _packs_sheet(book: Any, b: "Bulletin", s: dict[str, Any]) -> None:
    sh = _Sheet(book, "规则包", s)
    sh.title("本通报所用规则包及版本", f"生成：anjian {__version__}，{_day_zh(b.made)} {b.made:%H:%M}")
    header_row = sh.row(["规则包", "版本", "名称", "内容校验值", "来源"], style="head", border=True)
    for p in b.packs().itertuples():
        sh.row([p.name, p.version, p.title, p.content_hash, p.source], border=True)
    if b.sources:
        sh.ws.append([])
        sh.row(["读取的报表文件"], style="head")
        for f in b.sources:
            sh.row([f])
    sh.finish(header_row=header_row, landscape=False)


def _charts_sheet(book: Any, b: "Bulletin", s: dict[str, Any]) -> None:
    """Native charts: the ranking's scores, and the year's monthly trend of the criteria's counts."""
    from openpyxl.chart import BarChart, LineChart, Reference

    sh = _Sheet(book, "图表", s)
    sh.title(f"{period_zh(b.period)}综合得分及本年走势")
    first = sh.row(["单位", "综合得分"], style="head")
    for unit in b.board.index:
        sh.row([unit, float(b.board.at[unit, "score"])], formats=[None, "0.000"])
    last = sh.ws.max_row
    bar = BarChart()
    bar.type, bar.style = "bar", 10
    bar.title, bar.y_axis.title = f"{period_zh(b.period)}综合得分", "得分"
    bar.add_data(Reference(sh.ws, min_col=2, min_row=first, max_row=last), titles_from_data=True)
    bar.set_categories(Reference(sh.ws, min_col=1, min_row=first + 1, max_row=last))
    bar.x_axis.scaling.orientation = "maxMin"  # the first place on top
    bar.legend = None
    bar.height, bar.width = 12, 18
    sh.ws.add_chart(bar, "D3")
    counts = [i for i in b.catalog.indicators if i.kind == "count" and i.code in b.config.criteria]
    if len(b.trend) and counts:
        sh.ws.append([])
        top = sh.row(["月份", *(i.name_zh for i in counts)], style="head")
        for month in b.trend.index:
            sh.row([period_zh(month), *(b.trend.at[month, i.code] for i in counts)])
        line = LineChart()
        line.title, line.y_axis.title = "全部单位逐月走势", "数量"
        line.add_data(Reference(sh.ws, min_col=2, max_col=1 + len(counts), min_row=top, max_row=sh.ws.max_row),
                      titles_from_data=True)
        line.set_categories(Reference(sh.ws, min_col=1, min_row=top + 1, max_row=sh.ws.max_row))
        line.height, line.width = 10, 18
        sh.ws.add_chart(line, f"D{top}")
    sh.finish()


def write_workbook(b: "Bulletin", path: Path) -> Path:
    import openpyxl

    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        from .._core import Error

        raise Error(f"{path}: a bulletin workbook is .xlsx")
    book = openpyxl.Workbook()
    book.remove(book.active)
    s = _styles()
    for write in (_main_sheet, _change_sheet, _points_sheet, _flags_sheet, _explain_sheet, _charts_sheet,
                  _packs_sheet):
        write(book, b, s)
    book.active = 0
    return atomic_write(path, book.save)
