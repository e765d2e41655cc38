"""Turning pandas columns into the arrays the C++ kernels take, once, with located errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Sequence

import numpy as np
import pandas as pd

from . import _args, _cells, _core
from ._errors import raise_input, raise_rows

NS_PER_DAY = 86_400 * 10**9
Refused = dict[int, tuple[str, str]]  # array position -> (column, why): rows refused before a kernel runs
_TICKS_PER_DAY = {"D": 1, "s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": NS_PER_DAY}


def to_date(value: Any, what: str) -> dt.date | None:
    """A date argument: datetime.date (a datetime or Timestamp gives its day), text in the one table of
    date forms ('2024-01-05', '2024年1月5日', ...), or None."""
    if value is None or type(value) is dt.date:
        return value
    if isinstance(value, dt.datetime):
        if pd.isna(value):
            raise _core.Error(f"{what} is NaT, not a date")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return _cells.day(value)
        except ValueError as exc:
            raise _core.Error(f"{what}: {exc}") from None
    raise _core.Error(f"{what} must be a datetime.date, got {type(value).__name__}")


def date_or_today(value: Any, what: str) -> dt.date:
    """A date argument that defaults to today (the edition in force now applies)."""
    day = to_date(value, what)
    return dt.date.today() if day is None else day


def required_date(value: Any, what: str) -> dt.date:
    """A date argument that must be given."""
    day = to_date(value, what)
    if day is None:
        raise _core.Error(f"{what} is required")
    return day


def fen(yuan: Any, what: str) -> int:
    """Exact fen of one amount in yuan: int, Decimal, float, or text such as "1,234.56", "1000万",
    "12元" (read as every command reads a money cell). Negative or finer than a fen is an error."""
    # The messages never repeat the amount: an income is personal data.
    try:
        fen_ = int(_cells.yuan(yuan) * 100)
    except ValueError:
        raise _core.Error(f"{what} is not an amount of money in yuan (not negative, whole fen; 1.5万 and "
                          "3000元 are read too)") from None
    if fen_ > np.iinfo(np.int64).max:
        raise _core.Error(f"{what} is beyond the amounts anjian computes with (64-bit fen)")
    return fen_


def require_frame(data: Any, what: str) -> pd.DataFrame:
    """The frame a function was given, or an error: not a DataFrame, or a column name given twice
    (which of the two would be read?)."""
    if not isinstance(data, pd.DataFrame):
        raise _core.Error(f"{what} must be a pandas DataFrame, got {type(data).__name__}")
    if data.columns.is_unique:  # pandas keeps the answer with the columns
        return data
    twice = data.columns[data.columns.duplicated()].unique()
    if len(twice):
        raise_input(f"{what} have the column(s) {', '.join(map(str, twice))} more than once", data)
    return data


def check_columns(frame: pd.DataFrame, keys: Sequence[str], known: Sequence[str], required: Sequence[str],
                  extra: str, what: str) -> list[str]:
    """The base-field columns present. Missing keys or required fields, and (unless
    extra='ignore') columns that are neither keys nor known fields, raise Error naming them."""
    _args.choice(extra, "extra", ("error", "ignore"))
    columns = [str(c) for c in frame.columns]
    missing = [c for c in list(keys) + list(required) if c not in columns]
    if missing:
        raise_input(f"{what} lack column(s) {', '.join(missing)} (has: {', '.join(columns)})", frame)
    unknown = [c for c in columns if c not in keys and c not in known]
    if unknown and extra == "error":
        raise_input(f"{what} have column(s) that are not base fields of the catalogue: {', '.join(unknown)} "
                    "(pass extra='ignore' to leave them out)", frame)
    return [c for c in known if c in columns]


def require_column(frame: pd.DataFrame, name: str) -> pd.Series:
    """frame[name], or an error naming the column the frame lacks."""
    if name not in frame.columns:
        raise_input(f"no column {name} (has: {', '.join(map(str, frame.columns))})", frame)
    return frame[name]


def factorize(col: pd.Series, sort: bool = False) -> tuple[np.ndarray, pd.Index]:
    """pd.factorize(col, sort=sort, use_na_sentinel=True). A column of Python text (object dtype) is
    coded in C++, most cells found by the address of a string object seen before; whole numbers already in
    order (an inventory listed unit by unit) are coded where they change, in one pass; both give int32
    codes. pandas codes the rest."""
    return factorize_many([col], [sort])[0]


def factorize_many(cols: Sequence[pd.Series], sort: Sequence[bool]) -> list[tuple[np.ndarray, pd.Index]]:
    """factorize() of each column, those C++ codes in one call: the whole numbers in order on a thread of their
    own while the texts are coded (a unit column's time hidden in a substance column's)."""
    arrays: list[np.ndarray | None] = []
    for col, s in zip(cols, sort):
        a = col.to_numpy() if (s and col.dtype.kind in "iu") or col.dtype == object else None
        arrays.append(a if a is not None and (a.dtype == object or a.dtype in (np.int32, np.int64)) else None)
    picked = [a for a in arrays if a is not None]
    coded = iter(_core.factorize_columns(picked) if picked else [])
    out = []
    for col, s, a in zip(cols, sort, arrays):
        got = next(coded) if a is not None else None
        if got is None or a is None:
            out.append(pd.factorize(col, sort=s, use_na_sentinel=True))
            continue
        codes, labels = got
        if a.dtype != object:  # by runs: in order already
            out.append((codes, pd.Index(labels)))
            continue
        uniques = np.empty(len(labels), dtype=object)
        uniques[:] = labels
        if s and len(uniques) > 1:
            order = np.argsort(uniques, kind="stable")
            rank = np.empty_like(order)
            rank[order] = np.arange(len(order))
            codes = np.where(codes < 0, -1, rank[codes])
            uniques = uniques[order]
        out.append((codes, pd.Index(uniques, dtype=object)))
    return out


def unit_codes(frame: pd.DataFrame, column: str, *, narrow: bool = False,
               factorized: tuple[np.ndarray, pd.Index] | None = None) -> tuple[np.ndarray, pd.Index]:
    """int32 codes (-1 = missing) and the labels they index: categories keep their order,
    other labels are sorted. narrow: a categorical's one-byte codes stay int8, read where they lie
    (the aggregation kernel reads them so). factorized: factorize(column, sort=True), made already
    (factorize_many)."""
    col = require_column(frame, column)
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes = col.array.codes  # the Categorical's own array (col.cat.codes builds a Series around it)
        if not (narrow and codes.dtype == np.int8):
            codes = codes.astype(np.int32)
        return codes, col.dtype.categories.rename(column)
    codes, labels = factorized or factorize(col, sort=True)
    return codes.astype(np.int32, copy=False), pd.Index(labels, name=column)


def is_datetime(dtype: Any) -> bool:
    """datetime64 of any resolution (a numpy dtype; pandas 3's string and other extension dtypes are not)."""
    return isinstance(dtype, np.dtype) and dtype.kind == "M"


def infers_str() -> bool:
    """Whether pandas makes columns of texts its str dtype (pandas 3; pandas 2 with future.infer_string)."""
    if int(pd.__version__.split(".")[0]) >= 3:  # always (and asking for the option there warns)
        return True
    try:
        return bool(pd.get_option("future.infer_string"))
    except (KeyError, AttributeError):  # pandas 2.0: no such option
        return False


def object_column(values: np.ndarray, index: pd.Index) -> Any:
    """An object array (texts, dates) as a result frame's column, the frame built with this `index` object
    and copy=False. pandas 2 tries each object column given to a DataFrame for dates and numbers first, with
    ≈42 bytes of scratch a cell (4 MB for 100,000 rows), before keeping it as it was: a Series said to be
    object is kept at once. Where pandas makes text columns str, the array, for it to do so."""
    return values if infers_str() else pd.Series(values, index=index, dtype=object, copy=False)


def result_frame(columns: dict[str, Any], index: pd.Index) -> pd.DataFrame:
    """A batch's result from arrays that are its own: kept as its columns, not stacked into blocks of one
    dtype (a copy), and object arrays kept as they are (object_column)."""
    return pd.DataFrame({k: object_column(v, index) if isinstance(v, np.ndarray) and v.dtype == object else v
                         for k, v in columns.items()}, index=index, copy=False)


def take(values: Any, codes: np.ndarray) -> np.ndarray:
    """values[codes] as an object array (values: a sequence of Python objects, codes from 0), in one C++
    pass: numpy's copy of object cells goes through its generic per-cell path, several times slower.
    A code out of range raises IndexError."""
    if not isinstance(values, np.ndarray) or values.dtype != object:
        values = np.array(list(values), dtype=object)
    codes = codes if codes.dtype in (np.int8, np.int16, np.int32, np.int64) else codes.astype(np.int64)
    return _core.take_object_rows([(values, codes)])[0]


def first_bad(mask: np.ndarray) -> int | None:
    hits = np.flatnonzero(mask)
    return int(hits[0]) if hits.size else None


def read_cells(frame: pd.DataFrame, column: str, parse: Any, dtype: Any, empty: Any,
               refused: Refused | None = None) -> np.ndarray:
    """A column of cells read one distinct value at a time by `parse` (which raises ValueError with the
    reason a cell cannot be read); empty cells are `empty`. Cells that cannot be read are all named in
    one error, or, given `refused`, recorded there ({position: (column, why)}) and read as `empty`."""
    col = frame[column]
    if col.dtype == bool:  # numpy booleans: no empty cell, two values to read
        try:
            return np.array([parse(False), parse(True)], dtype=dtype)[col.to_numpy().view(np.uint8)]
        except ValueError:
            pass  # a parse that refuses a boolean: named cell by cell below
    codes, distinct = factorize(col)
    values = np.empty(len(distinct) + 1, dtype=dtype)
    values[-1] = empty  # code -1: an empty cell
    reasons: dict[int, str] = {}
    for k, cell in enumerate(distinct):
        try:
            values[k] = parse(cell)
        except ValueError as exc:
            values[k], reasons[k] = empty, str(exc)
    if reasons:
        bad = [(int(p), column, reasons[int(codes[p])]) for p in np.flatnonzero(np.isin(codes, list(reasons)))]
        if refused is None:
            raise_rows(frame, bad)
        for position, name, why in bad:
            refused.setdefault(position, (name, why))
    return values[codes]


_FLAGS = {"true": 1, "false": 0, "1": 1, "0": 0, "是": 1, "否": 0, "yes": 1, "no": 0}


def flag(cell: Any) -> int:
    """A yes/no cell: True/False, 1/0, 是/否; anything else (256, 0.5, 'maybe') is refused."""
    if isinstance(cell, (bool, np.bool_)):
        return int(cell)
    if isinstance(cell, (int, np.integer, float, np.floating)) and cell in (0, 1):
        return int(cell)
    if isinstance(cell, str) and _cells.normal_text(cell).lower() in _FLAGS:
        return _FLAGS[_cells.normal_text(cell).lower()]
    raise ValueError(f"{cell!r} is not yes or no (true/false, 1/0, 是/否)")


def date_ticks(frame: pd.DataFrame, column: str,
               refused: Refused | None = None) -> tuple[np.ndarray, int]:
    """Dates as int64 ticks since 1970-01-01 and ticks per day (NaT = INT64_MIN). Cells that are not
    dates are all named in one error, or, given `refused`, recorded there ({position: (column, why)})
    and read as NaT."""
    col = require_column(frame, column)
    if not is_datetime(col.dtype):
        if isinstance(col.dtype, pd.DatetimeTZDtype):  # the day in China, wherever the time was taken
            col = col.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
        else:  # dates, text or a mix: each distinct cell read once by the one table of date forms
            days = read_cells(frame, column, lambda cell: np.datetime64(_cells.day(cell), "D"), "datetime64[D]",
                              np.datetime64("NaT"), refused)
            return days.view(np.int64), 1
    values = col.to_numpy()
    unit = np.datetime_data(values.dtype)[0]
    if unit not in _TICKS_PER_DAY:
        values, unit = values.astype("datetime64[ns]"), "ns"
    return values.view(np.int64), _TICKS_PER_DAY[unit]


def dates(frame: pd.DataFrame, column: str, refused: Refused | None = None) -> np.ndarray:
    """A date column as numpy datetime64 in its own resolution (NaT = missing), for the C++ kernels;
    `refused` as in date_ticks."""
    return as_datetime64(*date_ticks(frame, column, refused))


def as_datetime64(ticks: np.ndarray, per_day: int) -> np.ndarray:
    """int64 ticks (INT64_MIN = NaT) viewed as datetime64 of the resolution `per_day` names."""
    unit = next(u for u, p in _TICKS_PER_DAY.items() if p == per_day)
    return np.asarray(ticks, dtype=np.int64).view(f"datetime64[{unit}]")


def texts(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A column as text cells (None where empty), for the C++ kernels."""
    col = frame[column]
    out = col.astype(object).to_numpy(dtype=object, copy=True)
    empty = col.isna().to_numpy()
    out[empty] = None
    for i in np.flatnonzero(~empty):
        if not isinstance(out[i], str):
            out[i] = str(out[i])
    return out


def month_days(frame: pd.DataFrame, column: str) -> np.ndarray:
    """The 'month' column of reports ("YYYY-MM", a date or Timestamp in the month, a pandas
    or anjian month Period) as the day number of the month's first day."""
    col = require_column(frame, column)
    if isinstance(col.dtype, pd.PeriodDtype):
        col = col.dt.to_timestamp()
    elif pd.api.types.is_object_dtype(col.dtype):
        col = col.map(_month_cell)
    if is_datetime(col.dtype):
        months = col.to_numpy().astype("datetime64[M]")
    else:
        text = col.astype("string")
        parsed = pd.to_datetime(text, format="%Y-%m", errors="coerce")
        bad = first_bad((parsed.isna()).to_numpy())
        if bad is not None:
            raise_input(f"'{col.iloc[bad]}' is not a month (YYYY-MM)", frame, frame.index[bad], column)
        months = parsed.to_numpy().astype("datetime64[M]")
    days = months.astype("datetime64[D]").view(np.int64)
    bad = first_bad(np.isnat(months))
    if bad is not None:
        raise_input("missing month", frame, frame.index[bad], column)
    return days


def _month_cell(cell: Any) -> Any:
    if isinstance(cell, _core.Period):
        if cell.kind != "month":
            return f"{cell} (a {cell.kind}, not a month)"
        return str(cell)
    if isinstance(cell, pd.Period):
        return cell.strftime("%Y-%m") if cell.freqstr.startswith("M") else str(cell)
    if hasattr(cell, "year") and hasattr(cell, "month"):
        return f"{cell.year:04d}-{cell.month:02d}"
    return cell


def value_column(frame: pd.DataFrame, column: str, refused: Refused | None = None,
                 money: bool = False) -> np.ndarray:
    """int64 or float64 values. Text is read by the one table of cell forms ('1,200'; for money also
    '300万', '1.5万元', '12元'); a cell that is not a number is named, every cell of it, in one error,
    or, given `refused`, recorded there ({position: (column, why)}) and read as NaN."""
    col = frame[column]
    dtype = col.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "biuf":  # numpy's flags and numbers, as they lie
        return col.to_numpy(dtype=np.float64 if dtype.kind == "f" else np.int64)
    if pd.api.types.is_numeric_dtype(dtype):  # nullable boolean/Int64/Float64: <NA> becomes NaN (refused where read)
        return col.astype("Float64").to_numpy(dtype=np.float64, na_value=np.nan)
    what = "an amount of money" if money else "a number"

    def parse(cell: Any) -> float:
        try:
            return float(_cells.yuan(cell) if money else _cells.number(cell))
        except ValueError:
            raise ValueError(f"'{cell}' is not {what}") from None

    return read_cells(frame, column, parse, np.float64, np.nan, refused)


def masked(col: pd.Series) -> Any:
    """A column of pandas' nullable numbers or flags (boolean, Int64, Float64 ...) for the C++ kernels: the
    pair (values, missing) the array is made of, as it lies -- not converted cell by cell. Other extension
    arrays (pyarrow-backed, UInt64) as float64, NaN where empty."""
    values, missing = getattr(col.array, "_data", None), getattr(col.array, "_mask", None)
    if (isinstance(values, np.ndarray) and isinstance(missing, np.ndarray) and values.dtype != np.uint64
            and values.shape == missing.shape == (len(col),)):
        return values, missing
    return col.to_numpy(dtype=np.float64, na_value=np.nan)


def yuan(fen: int) -> int | Decimal:
    """Exact yuan from fen: int when whole, Decimal otherwise (never float)."""
    fen = int(fen)
    return fen // 100 if fen % 100 == 0 else Decimal(fen).scaleb(-2)


def money_column(fen: np.ndarray, in_place: bool = False) -> Any:
    """Exact yuan from fen: int64 yuan when every amount is whole, else Decimal objects. in_place: the
    yuan may be written over `fen` (a kernel's fresh result, read no more as fen)."""
    fen = np.asarray(fen, dtype=np.int64)
    yuan = _core.whole_yuan(fen, in_place)  # the test and the answer in one C++ pass
    if yuan is not None:
        return yuan
    out = np.empty(len(fen), dtype=object)
    out[:] = [Decimal(v).scaleb(-2) for v in fen.tolist()]
    return out


def month_labels(ordinals: Any) -> np.ndarray:
    """'YYYY-MM' of month ordinals (year * 12 + month - 1), each month written once and taken for every
    ordinal (reports repeat a few dozen months): every month of the span, or each distinct one when the
    ordinals spread wide."""
    ordinals = np.asarray(ordinals, dtype=np.int64)
    if not ordinals.size:
        return np.array([], dtype=object)
    lo, hi = int(ordinals.min()), int(ordinals.max())
    each = np.arange(lo, hi + 1) if hi - lo < 2 * ordinals.size + 64 else np.unique(ordinals)
    years, months = np.divmod(each, 12)
    # Python strings (object), as a frame holds them: numpy's U7 would be converted there, string by string.
    table = np.array([f"{y:04d}-{m + 1:02d}" for y, m in zip(years.tolist(), months.tolist())], dtype=object)
    return table[ordinals - lo] if len(each) == hi - lo + 1 else table[np.searchsorted(each, ordinals)]


def fen_cells(frame: pd.DataFrame, column: str, missing_ok: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(fen, missing) of a yuan column for the C++ kernels: numbers, or text read as money cells are
    ('300万', '3000元'). Every cell that is not a non-negative whole number of fen within 64 bits (or is
    empty, unless missing_ok) is named by row and column -- never by its value: an income is personal."""
    why = "not an amount of money in yuan (not negative, whole fen, within 64-bit fen)"
    col = frame[column]
    if pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype):
        values = value_column(frame, column).astype(float)
        empty = np.isnan(values)
        fen = np.round(np.where(empty, 0.0, values) * 100)
        bad = (np.abs(np.where(empty, 0.0, values) * 100 - fen) > 1e-6) | (fen < 0) | (fen >= 2.0**63)
        out = np.where(bad, 0.0, fen).astype(np.int64)
    else:
        def parse(cell: Any) -> int:
            try:
                amount = int(_cells.yuan(cell) * 100)
            except ValueError:
                raise ValueError(why) from None
            if amount > np.iinfo(np.int64).max:
                raise ValueError(why)
            return amount

        refused: Refused = {}
        cells = read_cells(frame, column, parse, object, None, refused)
        empty = np.array([v is None for v in cells], dtype=bool)
        bad = np.zeros(len(frame), dtype=bool)
        bad[list(refused)] = True
        empty &= ~bad
        out = np.array([0 if v is None else v for v in cells], dtype=np.int64)
    problems = [(int(p), column, why) for p in np.flatnonzero(bad)]
    if not missing_ok:
        problems += [(int(p), column, "no amount") for p in np.flatnonzero(empty)]
    if problems:
        raise_rows(frame, problems)
    return out, empty


def day_numbers(frame: pd.DataFrame, column: str, refused: Refused | None = None) -> Any:
    """Days since 1970-01-01 of a date column (NaT -> INT64_MIN, as the C++ batch expects); `refused`
    as in date_ticks."""
    ticks, per_day = date_ticks(frame, column, refused)
    nat = ticks == np.iinfo(np.int64).min
    days = np.floor_divide(ticks, per_day)
    days[nat] = np.iinfo(np.int64).min
    return days
