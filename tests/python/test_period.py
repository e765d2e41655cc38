import datetime as dt
import pickle

import pytest

from anjian import Error, Period


def test_month_quarter_half_year_ytd_and_between():
    assert (Period.month(2024, 2).start, Period.month(2024, 2).end) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert Period.month(2023, 2).days == 28
    assert Period.quarter(2024, 4).end == dt.date(2024, 12, 31)
    assert Period.half(2024, 1).end == dt.date(2024, 6, 30)
    assert Period.year(2024).days == 366
    assert Period.ytd(2024, 12) .end == dt.date(2024, 12, 31)
    assert Period.between(dt.date(2024, 1, 5), dt.date(2024, 2, 10)).days == 37


@pytest.mark.parametrize("text", ["2024-08", "2024-Q3", "2024-H2", "2024", "2024-01..2024-08", "2024-03-01..2024-05-31",
                                  "2023-12-15..2024-01-14"])
def test_parse_and_str_round_trip(text):
    assert str(Period.parse(text)) == text
    assert Period.parse(str(Period.parse(text))) == Period.parse(text)


def test_previous_and_year_ago_across_year_ends():
    assert Period.parse("2024-01").previous() == Period.parse("2023-12")
    assert Period.parse("2024-Q1").previous() == Period.parse("2023-Q4")
    assert Period.ytd(2024, 1).previous() == Period.ytd(2023, 12)
    assert Period.parse("2024-01..2024-08").year_ago() == Period.parse("2023-01..2023-08")
    assert Period.between(dt.date(2024, 2, 29), dt.date(2024, 2, 29)).year_ago() == \
        Period.between(dt.date(2023, 2, 28), dt.date(2023, 2, 28))


def test_contains_dates_datetimes_and_timestamps():
    import pandas as pd

    p = Period.parse("2024-Q1")
    assert p.contains(dt.date(2024, 3, 31)) and dt.date(2024, 1, 1) in p
    assert not p.contains(dt.date(2024, 4, 1))
    assert pd.Timestamp("2024-02-29 23:59") in p


def test_hash_order_and_pickle():
    a, b = Period.parse("2024-07"), Period.parse("2024-08")
    assert len({a, b, Period.month(2024, 7)}) == 2
    assert sorted([b, a]) == [a, b] and a < b and b > a and a <= a
    assert pickle.loads(pickle.dumps(Period.ytd(2024, 8))) == Period.ytd(2024, 8)
    assert repr(a) == "Period('2024-07')"


@pytest.mark.parametrize("bad", ["2024-13", "2024-Q0", "24", "2024-02-30..2024-03-01", "2024-05..2024-04", ""])
def test_bad_periods_raise_error_naming_the_text(bad):
    with pytest.raises(Error):
        Period.parse(bad)


def test_between_refuses_reversed_dates():
    with pytest.raises(Error, match="before start"):
        Period.between(dt.date(2024, 2, 1), dt.date(2024, 1, 1))
