"""The empty monthly return workbook offices fill in: the catalogue's fields as Chinese headers with
their units, cells that accept only what the field holds, and a sheet of instructions."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .._cells import DATE_FORMS_ZH
from .._core import Catalog
from ._headers import header_key

RETURN_SHEET = "月报表"
INSTRUCTIONS_SHEET = "填报说明"


def header(field: Any) -> str:
    """检查组数（个）: the field's name with its unit, unless the name already gives it."""
    if "(" in header_key(field.name_zh):
        return field.name_zh
    return f"{field.name_zh}（{field.unit}）"


def write_template(path: str | os.PathLike, catalog: Catalog, units: list[str] | None = None,
                   month: str | None = None) -> Path:
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..io import atomic_write

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = RETURN_SHEET
    title = f"{month[:4]}年{int(month[5:])}月安全生产执法情况统计表" if month else "安全生产执法情况月报表"
    ws.append([title])
    ws.append(["单位", "月份", *(header(f) for f in catalog.fields)])
    ws["A1"].font = Font(bold=True, size=14)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    rows = max(len(units or []), 1) + 200
    for i, unit in enumerate(units or []):
        ws.cell(row=3 + i, column=1, value=unit)
        if month:
            ws.cell(row=3 + i, column=2, value=f"{month[:4]}年{int(month[5:])}月")
    last = 2 + rows
    whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                           showErrorMessage=True, errorTitle="只能填写非负整数", error="请填写0或正整数（没有的填0）")
    money = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                           showErrorMessage=True, errorTitle="只能填写金额", error="请以元为单位填写非负金额，最多两位小数")
    ws.add_data_validation(whole)
    ws.add_data_validation(money)
    for j, f in enumerate(catalog.fields):
        column = openpyxl.utils.get_column_letter(3 + j)
        (money if f.kind == "money" else whole).add(f"{column}3:{column}{last}")
        ws.column_dimensions[column].width = 11  # the header wraps
    if units:
        listed = book.create_sheet("单位名单")
        for i, unit in enumerate(units):
            listed.cell(row=i + 1, column=1, value=unit)
        listed.sheet_state = "hidden"
        names = DataValidation(type="list", formula1=f"='单位名单'!$A$1:$A${len(units)}", allow_blank=True,
                               showErrorMessage=True, errorTitle="单位不在名单中", error="请从下拉列表中选择单位")
        ws.add_data_validation(names)
        names.add(f"A3:A{last}")
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 12
    ws.row_dimensions[2].height = 45
    ws.freeze_panes = "C3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:2"

    notes = book.create_sheet(INSTRUCTIONS_SHEET, 0)
    for column, width in (("A", 36), ("B", 10), ("C", 36)):
        notes.column_dimensions[column].width = width
    paragraphs = [
        "1. 每个单位每月一行：“单位”填写单位全称，“月份”填写统计月份（如 2024-08 或 2024年8月）。",
        "2. 数字一律填写阿拉伯数字，没有的填 0，不要留空；整行未填视为未报送。罚款金额以元为单位（也可写“1.5万”）。",
        "3. 表格上方可以保留标题行，下方可以注明填表人、审核人；合计、小计行会与各单位之和核对。",
        "4. 日期和月份可以写成下列形式；年份写在最后的日期（如 05/01/2024）分不清日和月，不予接受。",
    ]
    notes.append(["填报说明"])
    notes["A1"].font = Font(bold=True, size=14)
    for text in paragraphs:
        notes.append([text])
        r = notes.max_row
        notes.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
        notes.cell(row=r, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        notes.row_dimensions[r].height = 32
    notes.append([])
    notes.append(["写法", "读作"])
    for forms, meaning in DATE_FORMS_ZH:
        notes.append([forms, meaning])
    notes.append([])
    notes.append(["字段", "计量单位", "填写内容"])
    for f in catalog.fields:
        notes.append([header(f), f.unit, "月末在册数，多月期间取各月平均" if f.aggregation == "mean" else "本月数"])
    for row in notes.iter_rows():
        if row[0].value in ("写法", "字段"):
            for cell in row:
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", fgColor="DDEBF7")
    notes.page_setup.fitToWidth, notes.page_setup.fitToHeight = 1, 0
    notes.sheet_properties.pageSetUpPr.fitToPage = True
    book.active = book.index(ws)
    return atomic_write(Path(path), book.save)
