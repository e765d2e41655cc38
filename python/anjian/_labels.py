"""How the office reads periods, headers and changes: one spelling for flags, workbook and 通报."""

from __future__ import annotations

import math
import re
from typing import Any


def period_zh(period: Any) -> str:
    """'2024-08' -> '2024年8月', '2024-Q1' -> '2024年第1季度', '2024-H2' -> '2024年下半年', '2024' -> '2024年',
    a range of months '2024-01..2024-08' -> '2024年1—8月'; other periods as given."""
    text = str(period)
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        return f"{m[1]}年{int(m[2])}月"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
        return f"{m[1]}年第{m[2]}季度"
    if m := re.fullmatch(r"(\d{4})-H([12])", text):
        return f"{m[1]}年{'上' if m[2] == '1' else '下'}半年"
    if re.fullmatch(r"\d{4}", text):
        return f"{text}年"
    if m := re.fullmatch(r"(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})", text):
        if m[1] == m[3]:
            return f"{m[1]}年{int(m[2])}—{int(m[4])}月"
        return f"{m[1]}年{int(m[2])}月—{m[3]}年{int(m[4])}月"
    return text


def indicator_header(ind: Any, money_unit: str = "元") -> str:
    """立案率（%）, 检查组数（个）, 罚款金额（万元）; a name that already gives its unit keeps it."""
    if "(" in ind.name_zh or "（" in ind.name_zh:
        return ind.name_zh
    unit = "%" if ind.kind == "ratio" else money_unit if ind.kind == "money" else ind.unit
    return f"{ind.name_zh}（{unit}）"


def change_zh(value: float, rate: bool) -> str:
    """同比 as bulletins state it: a count's change in percent (增长12.5%), a rate's in percentage
    points (下降3.2个百分点); '—' when there is no base."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if rate:
        return "持平" if round(value, 1) == 0 else f"{'上升' if value > 0 else '下降'}{abs(value):.1f}个百分点"
    return "持平" if round(100 * value, 1) == 0 else f"{'增长' if value > 0 else '下降'}{abs(100 * value):.1f}%"
