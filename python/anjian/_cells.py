"""What one spreadsheet cell means: a date or month, an amount of money, a count, a unit's name.

One reading for every command and function, so `300万` or `2024年1月` mean the same everywhere.
Each reader returns the value or raises ValueError with the reason (the caller adds the place).

Dates and months accepted (the table the user guide shows):

    a date cell (typed as a date in Excel)       that day
    2024-01   2024/01   2024.01   202401          the month
    2024年1月  2024年01月                          the month
    2024-01-05   2024/1/5   2024.01.05            the day
    2024年1月5日  2024年01月05日                    the day
    20240105                                      the day

Text with the year last (05/01/2024, 1-5-2024) is refused as ambiguous (d/m/Y or m/d/Y), and a bare
number in a cell not typed as a date (45296) is refused: Excel stores dates as such serial numbers,
but only the cell's date format says that one is meant.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

# The same table for the return template's instructions, as the office reads it.
DATE_FORMS_ZH = (
    ("日期格式的单元格", "当日"),
    ("2024-01、2024/01、2024.01、202401", "当月"),
    ("2024年1月、2024年01月", "当月"),
    ("2024-01-05、2024/1/5、2024.01.05", "当日"),
    ("2024年1月5日、2024年01月05日", "当日"),
    ("20240105", "当日"),
)

_YEAR_FIRST = re.compile(r"(?P<y>\d{4})\s*(?:[-/.]\s*(?P<m>\d{1,2})(?:\s*[-/.]\s*(?P<d>\d{1,2}))?)$")
_CHINESE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号])?$")
_DIGITS = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})?$")
_YEAR_LAST = re.compile(r"\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{2,4}$")


def normal_text(value: Any) -> str:
    """Text as compared: NFKC (full-width letters, digits, brackets and spaces as half-width), trimmed."""
    return unicodedata.normalize("NFKC", str(value)).strip()


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not normal_text(value)


def is_number_text(value: Any) -> bool:
    """Text that reads as a number ('12', '1,200.5')."""
    try:
        return _decimal(value, "a number").is_finite()
    except ValueError:
        return False


def unit_name(value: Any) -> str:
    """A unit's name as one spelling: NFKC and no whitespace at all ('通川区 ', '通 川 区' -> '通川区')."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", "", normal_text(value))


_TIME_OF_DAY = re.compile(r"(?P<day>.+?)[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


def day_or_month(value: Any) -> tuple[dt.date, bool]:
    """(date, whole_month): a typed date cell or text in one of the accepted forms (a time of day after
    a day, 2024-01-05 10:30, is read past)."""
    if isinstance(value, dt.datetime):
        return value.date(), False
    if isinstance(value, dt.date):
        return value, False
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return value.to_pydatetime().date(), False
    if isinstance(value, int) and not isinstance(value, bool) and len(str(value)) in (6, 8):
        value = str(value)  # 202401 or 20240105 typed as a number: the digits, not a serial
    if isinstance(value, bool) or isinstance(value, (int, float)):
        raise ValueError(f"{value!r} is a number, not a date (type the cell as a date, or write 2024-01 / 2024年1月)")
    text = normal_text(value)
    if (timed := _TIME_OF_DAY.match(text)) is not None:
        text = timed["day"].strip()
    for pattern in (_YEAR_FIRST, _CHINESE, _DIGITS):
        m = pattern.match(text)
        if m:
            if m["m"] is None:
                break  # a bare year
            try:
                day = dt.date(int(m["y"]), int(m["m"]), int(m["d"] or 1))
            except ValueError:
                raise ValueError(f"'{value}' is not a date of the calendar") from None
            return day, m["d"] is None
    if _YEAR_LAST.match(text):
        raise ValueError(f"'{value}' is ambiguous (day/month/year or month/day/year?): write 2024-01-05 or 2024年1月5日")
    raise _NotAForm(f"'{value}' is not a date or month (write 2024-01, 2024年1月, 2024-01-05 or 2024年1月5日)")


class _NotAForm(ValueError):
    """Text in none of the accepted forms."""


def day(value: Any) -> dt.date:
    """A day: a typed date cell or text naming a day in one of the accepted forms; a month alone is
    refused (an act on "2024-01" has no date the law can be applied on)."""
    try:
        found, whole_month = day_or_month(value)
    except _NotAForm:
        raise ValueError(f"'{value}' is not a date (write 2024-01-05 or 2024年1月5日)") from None
    if whole_month:
        raise ValueError(f"'{value}' names a month, not a day (write 2024-01-05 or 2024年1月5日)")
    return found


def month(value: Any) -> str:
    """The month ('YYYY-MM') of a date or month cell."""
    day, _ = day_or_month(value)
    return f"{day.year:04d}-{day.month:02d}"


def _decimal(value: Any, what: str) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not {what}")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} is not {what}")
        return Decimal(repr(value))  # the shortest decimal that reads back as this float: 0.1 -> 0.1
    try:
        return Decimal(normal_text(value).replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"'{value}' is not {what}") from None


def yuan(value: Any, scale: int = 1) -> Decimal:
    """An amount of money in yuan, exact: numbers, or text such as '1,234.50', '12元', '300万', '300万元'.
    scale: yuan per unit of a bare number (10000 when the column header says 万元)."""
    if isinstance(value, str):
        text = normal_text(value).replace(",", "")
        for suffix, factor in (("万元", 10_000), ("万", 10_000), ("元", 1)):
            if text.endswith(suffix):
                amount = _decimal(text.removesuffix(suffix).strip(), "an amount of money") * factor
                break
        else:
            amount = _decimal(text, "an amount of money") * scale
    else:
        amount = _decimal(value, "an amount of money") * scale
    if not amount.is_finite():
        raise ValueError(f"'{value}' is not an amount of money")
    if amount < 0:
        raise ValueError(f"a negative amount ({value})")
    if amount * 100 != (amount * 100).to_integral_value():
        raise ValueError(f"{value} is not a whole number of fen")
    return amount


def number(value: Any) -> Decimal:
    """A number, exact: 12, 12.5, '1,200', '１２'; negative numbers too (the caller's checks judge them)."""
    found = _decimal(value, "a number")
    if not found.is_finite():
        raise ValueError(f"'{value}' is not a number")
    return found


def count(value: Any) -> int:
    """A whole, non-negative number: 12, 12.0, '12', '1,200'."""
    number = _decimal(value, "a whole number")
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError(f"{value} is not a whole number")
    if number < 0:
        raise ValueError(f"a negative count ({value})")
    return int(number)
