"""The drafted 通报 (.docx) in the order bulletins use: overall figures with 同比, the ranked table,
红榜/黑榜, the problems the figures show, then the requirements the office writes. Every number
comes from the computation; the prose around it is the office's to edit."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._labels import change_zh, period_zh
from ..io import atomic_write
from ._numbers import as_float, cell_value, overall_change

if TYPE_CHECKING:
    from . import Bulletin

BODY_FONT, HEADING_FONT, TITLE_FONT = "仿宋", "黑体", "方正小标宋简体"
# What 总体情况 states, in the order bulletins state it: (field, how the sentence names it, measure word).
OVERALL = (("inspection_teams", "派出检查组", "个"), ("enterprises_inspected", "检查企业", "家（次）"),
           ("hazards_found", "发现隐患", "项"), ("major_hazards_found", "其中重大隐患", "项"),
           ("cases_filed", "立案查处", "起"), ("fines_yuan", "处罚款", "万元"), ("suspensions", "责令停产停业", "家"),
           ("criminal_transfers", "办理行刑衔接案件", "起"))


def _number(value: Any, unit: str) -> str:
    v = cell_value(value)
    if v is None:
        return "—"
    if unit == "万元":
        return f"{float(v) / 10000:.4f}".rstrip("0").rstrip(".")
    return f"{int(v)}" if float(v).is_integer() else f"{float(v):g}"


def _font(run: Any, name: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(doc: Any, text: str, *, font: str = BODY_FONT, size: float = 16, bold: bool = False,
               center: bool = False, indent: bool = True) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        p.paragraph_format.first_line_indent = Pt(2 * size)
    p.paragraph_format.line_spacing = Pt(28)
    _font(p.add_run(text), font, size, bold)
    return p


def _overall_sentence(b: "Bulletin", label: str) -> str:
    row = b.overall.loc[label]
    parts = []
    for code, words, unit in OVERALL:
        if code in row.index and cell_value(row[code]) is not None:
            text = f"{words}{_number(row[code], unit)}{unit}"
            parts.append(f"（{text}）" if code == "major_hazards_found" else text)
    sentence = "，".join(parts).replace("，（", "（")
    return sentence


def _changes_sentence(b: "Bulletin", now: str, before: str) -> str:
    if now not in b.overall.index or before not in b.overall.index:
        return ""
    names = {i.code: i.name_zh.split("(")[0] for i in b.catalog.indicators}
    parts = []
    for ind in b.catalog.indicators:
        if ind.code not in b.config.criteria or ind.code not in b.overall.columns:
            continue
        value = overall_change(b, ind, now, before)
        if not math.isnan(value):
            parts.append(f"{names[ind.code]}{change_zh(value, ind.kind == 'ratio')}")
    return f"与上年同期相比，{'，'.join(parts)}。" if parts else ""


def _problems(b: "Bulletin") -> list[str]:
    """What the figures show that needs attention: units without reports or with months missing,
    and each black-listed unit's weakest criterion against the average of all units."""
    out = []
    missing = b.flags[(b.flags["indicator"] == "*") & (b.flags["period"] == str(b.period))]
    if len(missing):
        out.append(f"{'、'.join(map(str, missing['unit']))}{period_zh(b.period)}报表未报送或不完整。")
    names = {i.code: i.name_zh.split("(")[0] for i in b.catalog.indicators}
    kinds = {i.code: i.kind for i in b.catalog.indicators}
    for unit in b.black:
        e = b.explain[unit]
        weakest = e["contribution"].astype(float).idxmin()
        mine, overall = as_float(b.board.at[unit, weakest]), as_float(b.overall.at["本期", weakest])
        if kinds[weakest] == "ratio":
            out.append(f"{unit}{names[weakest]}为{100 * mine:.1f}%，全部单位为{100 * overall:.1f}%。")
        else:
            average = overall / len(b.board)
            out.append(f"{unit}{names[weakest]}为{mine:g}，各单位平均为{average:.1f}。")
    return out


def _signed(change: Any) -> str:
    v = cell_value(change)
    return "—" if v is None else f"{int(v):+d}"


def _table(doc: Any, b: "Bulletin") -> None:
    from docx.shared import Pt

    criteria = [i for i in b.catalog.indicators if i.code in b.config.criteria]
    has_change = "rank_change" in b.board.columns
    heads = ["名次", "单位", "得分", *(["升降"] if has_change else []), "榜", *(i.name_zh.split("(")[0] for i in criteria)]
    table = doc.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, heads):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, 10.5)
    for unit in b.board.index:
        on = "红榜" if b.board.at[unit, "red"] else "黑榜" if b.board.at[unit, "black"] else ""
        change = b.board.at[unit, "rank_change"] if has_change else None
        values = [str(int(b.board.at[unit, "rank"])), str(unit), f"{float(b.board.at[unit, 'score']):.3f}",
                  *([_signed(change)] if has_change else []), on,
                  *(f"{100 * as_float(b.board.at[unit, i.code]):.1f}%" if i.kind == "ratio"
                    else _number(b.board.at[unit, i.code], "") for i in criteria)]
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(text), BODY_FONT, 10.5)
    from docx.shared import Cm

    widths = [Cm(1.1), Cm(3.4), Cm(1.4), *([Cm(1.1)] if has_change else []), Cm(1.1),
              *(Cm(1.7) for _ in criteria)]
    for row in table.rows:
        row.height = Pt(18)
        for cell, width in zip(row.cells, widths):
            cell.width = width


def write_document(b: "Bulletin", path: Path) -> Path:
    import docx
    from docx.enum.section import WD_ORIENT

    if path.suffix.lower() != ".docx":
        from .._core import Error

        raise Error(f"{path}: a drafted 通报 is .docx")
    doc = docx.Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    when = period_zh(b.period)
    _paragraph(doc, f"关于{when}安全生产执法工作情况的通报", font=TITLE_FONT, size=22, center=True)
    _paragraph(doc, "各县（市、区）人民政府，各园区管委会，市级有关部门：", indent=False)
    _paragraph(doc, f"现将{when}全市安全生产执法工作情况通报如下。")
    _paragraph(doc, "一、总体情况", font=HEADING_FONT)
    _paragraph(doc, f"{when}，全市各级各部门{_overall_sentence(b, '本期')}。" + _changes_sentence(b, "本期", "上年同期"))
    if "本年累计" in b.overall.index:
        _paragraph(doc, f"今年以来，累计{_overall_sentence(b, '本年累计')}。" + _changes_sentence(b, "本年累计", "上年累计"))
    _paragraph(doc, "二、综合评价情况", font=HEADING_FONT)
    _paragraph(doc, f"按{len(b.config.criteria)}项指标对{len(b.board)}个单位进行综合评价，排名如下（得分越高越靠前）：")
    _table(doc, b)
    _paragraph(doc, "三、红黑榜", font=HEADING_FONT)
    _paragraph(doc, f"红榜：{'、'.join(map(str, b.red)) or '无'}。")
    _paragraph(doc, f"黑榜：{'、'.join(map(str, b.black)) or '无'}。")
    for note in b.notes:
        _paragraph(doc, note)
    _paragraph(doc, "四、存在的问题", font=HEADING_FONT)
    problems = _problems(b)
    for k, text in enumerate(problems or ["（本期数据未显示突出问题，请办公室补充。）"], 1):
        _paragraph(doc, f"（{k}）{text}" if problems else text)
    _paragraph(doc, "五、下步工作要求", font=HEADING_FONT)
    _paragraph(doc, "（请办公室填写。）")
    _paragraph(doc, f"附件：{when}安全生产执法情况统计表（见通报工作簿）", indent=False)
    return atomic_write(path, doc.save)
