import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

import anjian
from anjian import Error, Period


def test_change_is_a_fraction_of_the_previous_value():
    assert anjian.change(90, 100) == pytest.approx(-0.1)
    assert anjian.change(150, 100) == pytest.approx(0.5)


def test_zero_base_gives_none_for_scalars_and_nan_for_arrays():
    assert anjian.change(5, 0) is None
    assert anjian.change(0, 0) is None
    out = anjian.change(np.array([5.0, 2.0]), np.array([0.0, 1.0]))
    assert math.isnan(out[0]) and out[1] == 1.0


def test_change_keeps_a_series_index():
    cur = pd.Series([2.0, 3.0], index=["a", "b"], name="x")
    out = anjian.change(cur, pd.Series([1.0, 0.0], index=["a", "b"]))
    assert list(out.index) == ["a", "b"] and out["a"] == 1.0 and math.isnan(out["b"])


@given(st.integers(-10**9, 10**9), st.integers(-10**9, 10**9).filter(lambda p: p != 0))
def test_change_property_current_equals_previous_times_one_plus_change(cur, prev):
    assert prev * (1 + anjian.change(cur, prev)) == pytest.approx(cur, rel=1e-9, abs=1e-6)


def test_progress_more_than_20_percent_ahead_of_schedule():
    # 巴中市 平安生产监督工作汇报: counties more than 20% ahead of the quarterly schedule report to the city.
    p = anjian.progress(30, 100, "2023-Q1")
    assert p.used_share == pytest.approx(0.3)
    assert p.schedule_share == pytest.approx(90 / 365)
    assert p.over_by == pytest.approx(0.3 / (90 / 365) - 1) and p.over_by > 0.2
    assert anjian.progress(29, 100, Period.quarter(2023, 1)).over_by < 0.2


def test_progress_accepts_dates_timestamps_and_shares():
    assert anjian.progress(50, 100, dt.date(2024, 12, 31)).over_by == pytest.approx(-0.5)
    assert anjian.progress(50, 100, pd.Timestamp("2023-12-31")).schedule_share == 1.0
    assert anjian.progress(50, 100, 0.25).over_by == pytest.approx(1.0)


def test_progress_vectorised_and_its_errors_name_the_row():
    p = anjian.progress(np.array([10.0, 60.0]), np.array([100.0, 100.0]), 0.5)
    assert np.allclose(p.used_share, [0.1, 0.6]) and np.allclose(p.over_by, [-0.8, 0.2])
    with pytest.raises(Error, match="row 1: control target must be positive"):
        anjian.progress(np.array([1.0, 1.0]), np.array([10.0, 0.0]), 0.5)
    with pytest.raises(Error, match="positive"):
        anjian.progress(1, 0, 0.5)
