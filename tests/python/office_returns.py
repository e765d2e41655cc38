"""County returns shaped as offices send them, written by the tests: the same figures in many
shapes (title rows, Chinese headers typed with full-width brackets, second sheets, .xls, GB18030
CSV, Chinese dates, 万元 ...) and the mistakes offices make in them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any, Callable

import openpyxl

# The figures every well-formed variant carries: two units, two months.
ROWS = [
    ("通川区", "2024-07", 10, 30, 40, 1, 15000),
    ("达川区", "2024-07", 12, 31, 20, 0, 3000),
    ("通川区", "2024-08", 11, 28, 35, 2, 0),
    ("达川区", "2024-08", 9, 25, 18, 0, 12500),
]
FIELDS = ["inspection_teams", "enterprises_inspected", "hazards_found", "major_hazards_found", "fines_yuan"]
HEADERS_ZH = ["单位", "月份", "检查组数", "检查企业数（家次）", "发现隐患数", "重大隐患数", "罚款金额（元）"]


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]], date_format: str | None = None) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
        if date_format:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, (dt.date, dt.datetime)):
                        cell.number_format = date_format
    book.save(path)
    return path


def write_xls(path: Path, rows: list[list[Any]], sheet: str = "Sheet1") -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet)
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, (dt.date, dt.datetime)):
                ws.write(r, c, value, date_style)
            elif value is not None:
                ws.write(r, c, value)
    book.save(str(path))
    return path


def write_csv(path: Path, rows: list[list[Any]], encoding: str) -> Path:
    text = io.StringIO()
    csv.writer(text).writerows([["" if v is None else v for v in row] for row in rows])
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def table(headers: list[str] = HEADERS_ZH, month: Callable[[str], Any] = lambda m: m,
          money: Callable[[int], Any] = lambda y: y) -> list[list[Any]]:
    return [headers] + [[u, month(m), a, b, c, d, money(f)] for u, m, a, b, c, d, f in ROWS]


def typed_month(m: str) -> dt.datetime:
    return dt.datetime(int(m[:4]), int(m[5:]), 1)


def chinese_month(m: str) -> str:
    return f"{m[:4]}年{int(m[5:])}月"


def chinese_day(m: str) -> str:
    return f"{m[:4]}年{m[5:]}月01日"


def by_month(rows: list[list[Any]], month: str) -> list[list[Any]]:
    return [rows[0]] + [r for r in rows[1:] if r[1] == month]


# Each well-formed variant: name -> writer(dir) returning the files (the same figures as ROWS).
def good_variants() -> dict[str, Callable[[Path], list[Path]]]:
    def total_row(rows: list[list[Any]], label: str = "合计") -> list[Any]:
        return [label, None] + [sum(r[j] for r in rows[1:]) for j in range(2, 7)]

    return {
        "codes as headers": lambda d: [write_xlsx(d / "a.xlsx", {"Sheet1": table(["unit", "month", *FIELDS])})],
        "Chinese headers with full-width brackets": lambda d: [write_xlsx(d / "a.xlsx", {"Sheet1": table()})],
        "half-width brackets and spaces in headers": lambda d: [write_xlsx(d / "a.xlsx", {"Sheet1": table(
            ["单 位", "月份 ", "检查组数", "检查企业数(家次)", " 发现隐患数", "重大隐患数", "罚款金额(元)"])})],
        "aliases in headers": lambda d: [write_xlsx(d / "a.xlsx", {"Sheet1": table(
            ["填报单位", "统计月份", "派出检查组数", "执法检查数", "排查隐患数", "重大事故隐患数", "罚款数额"])})],
        "title rows above the header": lambda d: [write_xlsx(d / "a.xlsx", {"Sheet1": [
            ["达州市安全生产执法情况统计表"], ["填报单位：市安委办", None, None, "单位：家次、项、元"], *table()]})],
        "data on the second sheet": lambda d: [write_xlsx(d / "a.xlsx", {
            "填表说明": [["每月5日前报送，罚款以元为单位"]], "报表": table()})],
        "one sheet per month": lambda d: [write_xlsx(d / "a.xlsx", {
            "7月": by_month(table(), "2024-07"), "8月": by_month(table(), "2024-08")})],
        "one file per month": lambda d: [write_xlsx(d / f"{m}.xlsx", {"Sheet1": by_month(table(), m)})
                                         for m in ("2024-07", "2024-08")],
        "an .xls file": lambda d: [write_xls(d / "a.xls", table(month=typed_month))],
        "a CSV in GB18030": lambda d: [write_csv(d / "a.csv", table(), "gb18030")],
        "a CSV in UTF-8 with BOM": lambda d: [write_csv(d / "a.csv", table(), "utf-8-sig")],
        "a CSV in UTF-8": lambda d: [write_csv(d / "a.csv", table(month=chinese_month), "utf-8")],
        "months as typed date cells": lambda d: [write_xlsx(d / "a.xlsx", {"Sheet1": table(month=typed_month)},
                                                            "yyyy\"年\"m\"月\"")],
        "months as 2024年7月": lambda d: [write_xlsx(d / "a.xlsx", {"Sheet1": table(month=chinese_month)})],
        "dates as 2024年07月01日": lambda d: [write_xlsx(d / "a.xlsx", {"Sheet1": table(month=chinese_day)})],
        "months as 202407": lambda d: [write_xlsx(d / "a.xlsx", {"Sheet1": table(month=lambda m: int(
            m.replace("-", "")))})],
        "money as 1.5万 text": lambda d: [write_xlsx(d / "a.xlsx", {"Sheet1": table(money=lambda y: f"{y / 10000:g}万")})],
        "money in a 万元 column": lambda d: [write_xlsx(d / "a.xlsx", {"Sheet1": table(
            HEADERS_ZH[:6] + ["罚款金额（万元）"], money=lambda y: y / 10000)})],
        "money with thousands separators and 元": lambda d: [write_csv(d / "a.csv", table(
            money=lambda y: f"{y:,}元"), "utf-8")],
        "unit names with spaces and full-width spaces": lambda d: [write_xlsx(d / "a.xlsx", {"Sheet1": [
            HEADERS_ZH] + [[("通川区 " if u == "通川区" else "达\u3000川区"), m, a, b, c, e, f]
                           for u, m, a, b, c, e, f in ROWS]})],
        "合计 rows that agree, one per month": lambda d: [write_xlsx(d / "a.xlsx", {
            "7月": by_month(table(), "2024-07") + [total_row(by_month(table(), "2024-07"))],
            "8月": by_month(table(), "2024-08") + [total_row(by_month(table(), "2024-08"), "全市合计")]})],
        "a 序号 column and notes under the table": lambda d: [write_xlsx(d / "a.xlsx", {"Sheet1": [
            ["序号", *HEADERS_ZH]] + [[i + 1, *r] for i, r in enumerate(table()[1:])] + [
            [None], ["填表人：张三", None, None, None, "审核人：李四"]]})],
        "no month column, the month in the title": lambda d: [write_xlsx(d / f"{m}.xlsx", {"Sheet1": [
            [f"{chinese_month(m)}安全生产执法情况统计表"], [h for h in HEADERS_ZH if h != "月份"]] + [
            [r[0], *r[2:]] for r in by_month(table(), m)[1:]]}) for m in ("2024-07", "2024-08")],
    }


# Each mistake: name -> (writer, the places and words its problems must give).
def bad_variants() -> dict[str, tuple[Callable[[Path], list[Path]], list[tuple[str, str]]]]:
    def changed(row: int, column: int, value: Any) -> list[list[Any]]:
        rows = table()
        rows[row][column] = value
        return rows

    def xlsx(rows: list[list[Any]]) -> Callable[[Path], list[Path]]:
        return lambda d: [write_xlsx(d / "县.xlsx", {"Sheet1": rows})]

    wrong_total = table() + [["合计", None, 43, 114, 113, 3, 30500]]
    return {
        "a 合计 row that disagrees": (xlsx(wrong_total), [("县.xlsx!Sheet1!C6", "合计 row says 43 but the 4 unit rows")]),
        "an ambiguous day/month date": (xlsx(changed(2, 1, "01/07/2024")), [("县.xlsx!Sheet1!B3", "ambiguous")]),
        "a serial number in a cell not typed as a date": (xlsx(changed(1, 1, 45474)),
                                                          [("县.xlsx!Sheet1!B2", "is a number, not a date")]),
        "a month that is no month": (xlsx(changed(1, 1, "2024年13月")), [("县.xlsx!Sheet1!B2", "not a date of the")]),
        "an empty figure": (xlsx(changed(3, 4, None)), [("县.xlsx!Sheet1!E4", "empty cell (write 0")]),
        "a negative count": (xlsx(changed(3, 4, -2)), [("县.xlsx!Sheet1!E4", "negative")]),
        "a fractional count": (xlsx(changed(3, 3, 2.5)), [("县.xlsx!Sheet1!D4", "not a whole number")]),
        "text in a count": (xlsx(changed(3, 3, "十二")), [("县.xlsx!Sheet1!D4", "'十二' is not a whole number")]),
        "money finer than a fen": (xlsx(changed(2, 6, 0.005)), [("县.xlsx!Sheet1!G3", "not a whole number of fen")]),
        "a misspelt header": (xlsx([["单位", "月份", "检查组数", "检查企业数（家次）", "发现隐患数", "重大隐患", "罚款金额（元）"],
                                    *table()[1:]]), [("县.xlsx!Sheet1!F1", "did you mean")]),
        "a header in another unit": (xlsx([[*HEADERS_ZH[:2], "检查组数（人）", *HEADERS_ZH[3:]], *table()[1:]]),
                                     [("县.xlsx!Sheet1!C1", "gives the unit 人")]),
        "a column given twice": (xlsx([[*HEADERS_ZH, "检查组数"], *[[*r, 1] for r in table()[1:]]]),
                                 [("县.xlsx!Sheet1!H1", "repeats column C")]),
        "a unit reporting a month twice across files": (
            lambda d: [write_xlsx(d / "一.xlsx", {"Sheet1": table()}),
                       write_xlsx(d / "二.xlsx", {"Sheet1": by_month(table(), "2024-08")})],
            [("二.xlsx!Sheet1!2", "通川区 reports 2024-08 again (first at 一.xlsx!Sheet1!4)")]),
        "a field in one return and not another": (
            lambda d: [write_xlsx(d / "一.xlsx", {"Sheet1": by_month(table(), "2024-07")}),
                       write_xlsx(d / "二.xlsx", {"Sheet1": [r[:6] for r in by_month(table(), "2024-08")]})],
            [("二.xlsx", "no column fines_yuan (罚款金额)")]),
        "a figure without its unit": (xlsx(changed(2, 0, None)), [("县.xlsx!Sheet1!A3", "no unit name")]),
        "a control character in a unit name": (lambda d: [write_csv(d / "县.csv", changed(2, 0, "达川\x1b[31m区"), "utf-8")],
                                               [("县.csv!县!A3", "a control character in the unit name")]),
        "no header row": (xlsx([["甲", "乙"], [1, 2]]), [("县.xlsx", "no header row")]),
        "no month column and none in the title": (xlsx([[h for h in HEADERS_ZH if h != "月份"], ["通川区", 1, 2, 3, 0, 5]]),
                                                  [("县.xlsx!Sheet1!1", "no month column")]),
        "a CSV neither UTF-8 nor GB18030": (lambda d: [_write(d / "县.csv", "单位,月份\n".encode("utf-8") + b"\x80\xff\n")],
                                            [("县.csv", "neither UTF-8 nor GB18030")]),
    }


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
