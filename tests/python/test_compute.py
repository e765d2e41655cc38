import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import anjian
from anjian import Period, indicators
from conftest import small_reports


def test_indicators_are_ratios_of_sums_over_the_period():
    t = indicators.compute(small_reports(), "2024-Q1")
    # 甲: cases 2 / inspections 100; the mean of monthly rates would be (0.1 + 1/90) / 2
    assert t.loc["甲", "filing_rate"] == pytest.approx(2 / 100)
    assert t.loc["甲", "filing_rate"] != pytest.approx((0.1 + 1 / 90) / 2)
    assert t.loc["乙", "filing_rate"] == pytest.approx(2 / 20)
    assert t.loc["甲", "rectification_rate"] == pytest.approx(9 / 10)
    assert t.loc["甲", "enterprises_inspected"] == 100 and t["enterprises_inspected"].dtype == np.int64


def test_ratio_of_sums_over_a_year_to_date_on_the_demo(demo_reports):
    t = indicators.compute(demo_reports, Period.ytd(2024, 8))
    months = demo_reports[demo_reports["month"].between("2024-01", "2024-08")]
    sums = months.groupby("unit", observed=True)[["cases_filed", "enterprises_inspected"]].sum()
    expected = sums["cases_filed"] / sums["enterprises_inspected"]
    assert np.allclose(t["filing_rate"].to_numpy(), expected.loc[t.index].to_numpy())
    assert len(t) == 19


@pytest.mark.parametrize("period", ["2024-08", "2024-Q3", "2024-H2", "2024", "2024-01..2024-08", "2023-11..2024-02",
                                    "2024-02-01..2024-02-29"])
def test_every_period_kind_sums_exactly_its_months(demo_reports, period):
    p = Period.parse(period)
    t = indicators.compute(demo_reports, p)
    month = pd.to_datetime(demo_reports["month"])
    inside = demo_reports[(month.dt.date >= p.start) & (month.dt.date <= p.end)]
    expected = inside.groupby("unit", observed=True)["hazards_found"].sum()
    assert t["hazards_found"].to_dict() == expected.to_dict()


def test_money_totals_stay_exact(demo_reports):
    t = indicators.compute(demo_reports, "2024")
    assert t["fines_yuan"].dtype == np.int64
    assert t["fines_yuan"].sum() == demo_reports[demo_reports["month"].str.startswith("2024")]["fines_yuan"].sum()
    half = indicators.compute(small_reports(), "2024-Q1")
    assert half.loc["甲", "fines_yuan"] == Decimal("3000.50")


def test_year_on_year_and_period_on_period_columns(demo_reports):
    t = indicators.compute(demo_reports, "2024-08", yoy=True, mom=True)
    before = indicators.compute(demo_reports, "2023-08")
    prev = indicators.compute(demo_reports, "2024-07")
    for code in ("hazards_found", "filing_rate"):
        assert np.allclose(t[code + "_yoy"], anjian.change(t[code].astype(float), before[code].astype(float)),
                           equal_nan=True)
        assert np.allclose(t[code + "_mom"], anjian.change(t[code].astype(float), prev[code].astype(float)),
                           equal_nan=True)
    assert t.attrs["period"] == "2024-08" and t.attrs["catalog"].startswith("national/indicators@")


def test_zero_base_change_is_nan_and_flagged():
    r = small_reports()
    r2 = pd.concat([r, r.assign(month=r["month"].str.replace("2024", "2023"), hazards_found=0, hazards_rectified=0)])
    t = indicators.compute(r2, "2024-Q1", yoy=True)
    assert np.isnan(t.loc["甲", "hazards_found_yoy"])   # 0 hazards a year ago: no base
    flags = indicators.flags(t)
    assert ((flags["indicator"] == "rectification_rate_yoy") & (flags["flag"].str.contains("hazards_found = 0"))).any()


def test_zero_denominator_gives_nan_and_a_flag_not_a_crash():
    r = small_reports()
    t = indicators.compute(r, "2024-03")
    assert np.isnan(t.loc["甲", "filing_rate"])  # no inspections in March
    f = indicators.flags(t)
    row = f[(f["unit"] == "甲") & (f["indicator"] == "filing_rate")]
    assert row["flag"].tolist() == ["zero denominator: enterprises_inspected = 0"]


def test_a_unit_without_a_report_in_the_period_is_nan_and_flagged():
    r = small_reports()
    r = r[~((r["unit"] == "乙") & (r["month"] == "2024-03"))]
    t = indicators.compute(r, "2024-03")
    assert pd.isna(t.loc["乙", "hazards_found"]) and t.loc["甲", "hazards_found"] == 0
    assert t["hazards_found"].dtype == "Int64"
    assert (indicators.flags(t)["flag"] == "no report").sum() == 1


@pytest.mark.parametrize("months", [
    ["2024-01", "2024-02", "2024-03"] * 2,
    list(pd.to_datetime(["2024-01-15", "2024-02-29", "2024-03-01"] * 2)),
    [dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 31)] * 2,
    list(pd.period_range("2024-01", periods=3, freq="M")) * 2,
    [Period.month(2024, m) for m in (1, 2, 3)] * 2,
])
def test_month_column_as_text_dates_timestamps_or_periods(months):
    r = small_reports()
    r["month"] = months
    t = indicators.compute(r, "2024-Q1")
    assert t.loc["甲", "enterprises_inspected"] == 100


def test_duplicate_reports_are_an_error_naming_both_rows():
    r = pd.concat([small_reports(), small_reports().iloc[[1]]], ignore_index=True)
    with pytest.raises(anjian.Error, match=r"'甲' has more than one report for 2024-02 \(rows 1, 6\)"):
        indicators.compute(r, "2024-Q1")


@pytest.mark.parametrize("change, message", [
    (lambda r: r.assign(month=["2024-01", "2024-13", "2024-03", "2024-01", "2024-02", "2024-03"]),
     "column 'month', row 1: '2024-13' is not a month"),
    (lambda r: r.assign(hazards_found=[4, -6, 0, 2, 2, 0]), "column 'hazards_found', row 1: negative value -6"),
    (lambda r: r.assign(hazards_found=[4.0, np.nan, 0, 2, 2, 0]), "column 'hazards_found', row 1: missing count"),
    (lambda r: r.assign(cases_filed=["1", "一", "0", "1", "0", "1"]), "column 'cases_filed', row 1: '一' is not a number"),
    (lambda r: r.assign(major_hazards_found=[0, 7, 0, 0, 0, 0]),
     "row 1: major_hazards_found \\(7\\) exceeds hazards_found \\(6\\)"),
    (lambda r: r.drop(columns="unit"), "lack column\\(s\\) unit"),
    (lambda r: r.assign(备注=["", "", "", "", "", ""]), "not base fields of the catalogue: 备注"),
])
def test_bad_reports_raise_errors_naming_column_and_row(change, message):
    with pytest.raises(anjian.Error, match=message):
        indicators.compute(change(small_reports()), "2024-Q1")


def test_extra_columns_can_be_ignored_and_unneeded_fields_may_be_absent():
    r = small_reports().assign(备注="x")
    t = indicators.compute(r, "2024-Q1", extra="ignore")
    assert t.loc["甲", "suspensions"] == 0
    # only the fields the chosen indicators use are required
    t = indicators.compute(small_reports()[["unit", "month", "cases_filed", "enterprises_inspected"]], "2024-Q1",
                           indicators=["filing_rate"])
    assert t.loc["乙", "filing_rate"] == pytest.approx(0.1)


def test_periods_that_cut_months_or_hold_no_reports_are_errors():
    with pytest.raises(anjian.Error, match="does not cover whole months"):
        indicators.compute(small_reports(), Period.between(dt.date(2024, 1, 1), dt.date(2024, 1, 15)))
    with pytest.raises(anjian.Error, match="no reports in period 2025-01 \\(the reports cover 2024-01..2024-03\\)"):
        indicators.compute(small_reports(), "2025-01")


def test_choose_indicators_and_other_catalogues(demo_reports):
    t = indicators.compute(demo_reports, "2024-Q4", indicators=["filing_rate", "fines_yuan"])
    assert list(t.columns) == ["filing_rate", "fines_yuan"]
    with pytest.raises(anjian.Error, match="no indicator\\(s\\) nope"):
        indicators.compute(demo_reports, "2024-Q4", indicators=["nope"])
    ext = indicators.compute(demo_reports, "2024-Q4", catalog="national/indicators_extended")
    q4 = demo_reports[demo_reports["month"] >= "2024-10"].groupby("unit", observed=True)
    officers = q4["enforcement_officers"].mean()  # a stock: averaged over the months, not summed
    inspected = q4["enterprises_inspected"].sum()
    assert np.allclose(ext["inspections_per_officer"], (inspected / officers).loc[ext.index])


def test_reports_are_not_modified(demo_reports):
    before = demo_reports.copy()
    indicators.compute(demo_reports, "2024-06", yoy=True)
    pd.testing.assert_frame_equal(demo_reports, before)


def test_an_indicator_whose_base_fields_are_absent_is_nan_and_flagged_not_reported_the_others_computed():
    t = indicators.compute(small_reports().drop(columns="cases_filed"), "2024-Q1", yoy=True)
    assert t["cases_filed"].isna().all() and t["filing_rate"].isna().all() and t["filing_rate_yoy"].isna().all()
    assert t.loc["甲", "enterprises_inspected"] == 100
    f = indicators.flags(t)
    row = f[(f["unit"] == "甲") & (f["indicator"] == "filing_rate") & (f["period"] == "2024-Q1")]
    assert row["flag"].tolist() == ["not reported: cases_filed"]
    assert row["reason_zh"].tolist() == ["报表未含立案数，无法计算"]


def test_a_unit_that_reported_some_months_of_the_period_is_flagged_with_the_months_missing():
    r = small_reports()
    r = r[~((r["unit"] == "乙") & (r["month"] == "2024-02"))]
    t = indicators.compute(r, "2024-Q1")
    f = indicators.flags(t)
    row = f[(f["unit"] == "乙") & (f["indicator"] == "*")]
    assert row["flag"].tolist() == ["months missing: 2024-02"]
    assert row["reason_zh"].tolist() == ["缺报2024年2月，合计不含该月"]
    assert not ((f["unit"] == "甲") & (f["indicator"] == "*")).any()


def test_flags_give_their_reason_in_chinese_for_the_bulletin():
    r = small_reports()
    r = r[~((r["unit"] == "乙") & (r["month"] == "2024-03"))]
    f = indicators.flags(indicators.compute(r, "2024-03")).set_index(["unit", "indicator"])["reason_zh"]
    assert f[("甲", "filing_rate")] == "分母为零（检查企业数(家次)为0），无法计算"
    assert f[("乙", "*")] == "2024年3月未报送"


def test_a_rates_year_on_year_change_is_also_given_in_percentage_points():
    r = small_reports()
    r2 = pd.concat([r, r.assign(month=r["month"].str.replace("2024", "2023"), cases_filed=[2, 2, 0, 1, 0, 1])])
    t = indicators.compute(r2, "2024-Q1", yoy=True)
    # 甲: filing rate 2/100 now, 4/100 a year ago: down 2 percentage points, a 50 % relative fall
    assert t.loc["甲", "filing_rate_yoy_pp"] == pytest.approx(-2.0)
    assert t.loc["甲", "filing_rate_yoy"] == pytest.approx(-0.5)
    assert "cases_filed_yoy_pp" not in t.columns and "cases_filed_yoy" in t.columns
