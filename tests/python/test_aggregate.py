from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import anjian
from anjian import indicators


def events(**overrides):
    base = {
        "unit": ["甲", "乙", "甲", "甲"],
        "date": pd.to_datetime(["2024-01-03", "2024-01-31", "2024-02-01", "2024-01-15"]),
        "enterprises_inspected": [1, 1, 1, 1],
        "hazards_found": [2, 0, 1, 3],
        "major_hazards_found": [1, 0, 0, 0],
        "fines_yuan": [0.0, 200.0, 50.5, 0.0],
    }
    base.update(overrides)
    return pd.DataFrame(base)


def test_sums_each_field_per_unit_and_month():
    out = indicators.aggregate(events())
    assert list(out.columns) == ["unit", "month", "enterprises_inspected", "hazards_found", "major_hazards_found",
                                 "fines_yuan"]
    assert out[["unit", "month"]].values.tolist() == [["乙", "2024-01"], ["甲", "2024-01"], ["甲", "2024-02"]]
    assert out["hazards_found"].tolist() == [0, 5, 1]
    assert out["enterprises_inspected"].tolist() == [1, 2, 1]


def test_money_is_exact_int_yuan_when_whole_and_decimal_otherwise():
    out = indicators.aggregate(events())
    assert [type(v) for v in out["fines_yuan"]] == [Decimal] * 3
    assert out["fines_yuan"].tolist() == [Decimal("200.00"), Decimal("0.00"), Decimal("50.50")]
    whole = indicators.aggregate(events(fines_yuan=[1, 2, 3, 4]))
    assert whole["fines_yuan"].dtype == np.int64 and whole["fines_yuan"].tolist() == [2, 5, 3]


def test_nullable_flags_and_counts_are_summed_as_numbers_and_an_empty_cell_is_refused_by_row_and_column():
    flags = pd.array([True, False, True, True], dtype="boolean")
    out = indicators.aggregate(events(enterprises_inspected=flags, hazards_found=pd.array([2, 0, 1, 3], dtype="Int64")))
    assert out["enterprises_inspected"].tolist() == [0, 2, 1] and out["hazards_found"].tolist() == [0, 5, 1]
    for empty in (pd.array([True, None, True, True], dtype="boolean"), pd.array([1, None, 1, 1], dtype="Int64")):
        with pytest.raises(anjian.InputError, match=r"column 'enterprises_inspected', row 1: missing count"):
            indicators.aggregate(events(enterprises_inspected=empty))


def test_floats_that_are_not_whole_fen_are_refused():
    with pytest.raises(anjian.Error, match=r"column 'fines_yuan', row 2: amount 0.125 is not a whole number of fen"):
        indicators.aggregate(events(fines_yuan=[0.0, 1.0, 0.125, 0.0]))


@pytest.mark.parametrize("unit", [["甲", "乙", "甲", "甲"], pd.Categorical(["甲", "乙", "甲", "甲"], categories=["甲", "乙"]),
                                  [7, 3, 7, 7]])
def test_units_as_strings_categories_or_integer_codes(unit):
    out = indicators.aggregate(events(unit=unit))
    labels = list(pd.unique(np.asarray(unit)))  # first-seen: 甲 (or 7), then 乙 (or 3)
    totals = out.groupby("unit", observed=True)["hazards_found"].sum()
    assert totals[labels[0]] == 6 and totals[labels[1]] == 0
    assert len(out) == 3


def test_categorical_units_keep_their_order():
    unit = pd.Categorical(["乙", "甲", "乙", "乙"], categories=["乙", "甲"])
    out = indicators.aggregate(events(unit=unit))
    assert isinstance(out["unit"].dtype, pd.CategoricalDtype)
    assert out["unit"].tolist() == ["乙", "乙", "甲"]


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_datetime64_in_any_resolution_and_plain_dates(unit):
    e = events()
    e["date"] = e["date"].astype(f"datetime64[{unit}]")
    expected = indicators.aggregate(events())
    pd.testing.assert_frame_equal(indicators.aggregate(e), expected)
    e["date"] = [d.date() for d in events()["date"]]
    pd.testing.assert_frame_equal(indicators.aggregate(e), expected)
    e["date"] = [str(d.date()) for d in events()["date"]]
    pd.testing.assert_frame_equal(indicators.aggregate(e), expected)


def test_events_outside_the_period_are_an_error_naming_the_row():
    with pytest.raises(anjian.Error, match=r"column 'date', row 2: date .*2024-02-01.* is outside the period 2024-01"):
        indicators.aggregate(events(), period="2024-01")
    assert len(indicators.aggregate(events(), period="2024-Q1")) == 3


def test_every_event_outside_the_period_is_named_not_only_the_first():
    e = events(date=pd.to_datetime(["2024-01-03", "2024-03-01", "2024-02-01", "2024-01-15"]))
    with pytest.raises(anjian.InputError, match="2 of 4 rows refused") as info:
        indicators.aggregate(e, period="2024-01")
    assert [(p["row"], p["column"]) for p in info.value.problems] == [(1, "date"), (2, "date")]


def test_errors_status_sums_the_other_rows_and_says_per_event_why_one_was_left_out():
    e = events(hazards_found=["2", "x", "1", "3"], date=["2024-01-03", "2024-01-31", "someday", "2024-01-15"])
    e.index = ["a", "b", "c", "d"]
    reports, status = indicators.aggregate(e, errors="status")
    pd.testing.assert_frame_equal(reports, indicators.aggregate(e.loc[["a", "d"]].astype({"hazards_found": int})),
                                  check_dtype=False)
    assert status.index.tolist() == ["a", "b", "c", "d"]
    assert status["status"].tolist() == ["ok", "refused", "refused", "ok"]
    assert status["problem"].tolist() == ["", "'x' is not a number",
                                          "'someday' is not a date (write 2024-01-05 or 2024年1月5日)", ""]


def test_errors_status_refuses_events_outside_the_period_under_that_reason():
    reports, status = indicators.aggregate(events(), period="2024-01", errors="status")
    assert status["status"].tolist() == ["ok", "ok", "refused", "ok"]
    assert status["problem"][2].endswith("is outside the period 2024-01")
    assert reports["month"].tolist() == ["2024-01", "2024-01"]


def test_errors_status_with_every_row_refused_gives_empty_reports_with_the_columns():
    reports, status = indicators.aggregate(events(hazards_found=[-1, -1, -1, -1]), errors="status")
    assert len(reports) == 0 and "hazards_found" in reports.columns
    assert (status["status"] == "refused").all()


def test_errors_is_raise_or_status():
    with pytest.raises(anjian.Error, match="errors must be 'raise' or 'status'"):
        indicators.aggregate(events(), errors="ignore")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["u0", "u1", None]), st.integers(-5, 400),
                          st.sampled_from([0, 1, 2, -1, "x", 0.5]), st.integers(0, 10**6)),
                min_size=1, max_size=80))
def test_errors_status_equals_aggregate_of_the_rows_it_calls_ok(rows):
    frame = pd.DataFrame(rows, columns=["unit", "day", "hazards_found", "fen"])
    e = pd.DataFrame({"unit": frame["unit"],
                      "date": (pd.Timestamp("2024-01-01") + pd.to_timedelta(frame["day"], unit="D")).where(
                          frame["day"] >= 0),
                      "hazards_found": frame["hazards_found"].astype(object), "fines_yuan": frame["fen"] / 100})
    reports, status = indicators.aggregate(e, errors="status", period="2024")
    ok = status["status"] == "ok"
    assert ((status["problem"] == "") == ok).all()
    if ok.any():
        kept = e[ok].astype({"hazards_found": float})
        pd.testing.assert_frame_equal(reports, indicators.aggregate(kept, period="2024"), check_dtype=False)
    else:
        assert len(reports) == 0
    if not ok.all():  # raise mode names the same rows
        with pytest.raises(anjian.InputError) as info:
            indicators.aggregate(e, period="2024")
        assert [p["row"] for p in info.value.problems] == status.index[~ok].tolist()[:100]


@pytest.mark.parametrize("column, values, message", [
    ("hazards_found", [2, -1, 1, 3], "row 1: negative value -1"),
    ("hazards_found", [2.0, np.nan, 1.0, 3.0], "row 1: missing count"),
    ("hazards_found", [2.0, 0.5, 1.0, 3.0], "row 1: count 0.5 is not a whole number"),
    ("hazards_found", ["2", "x", "1", "3"], "row 1: 'x' is not a number"),
    ("major_hazards_found", [1, 0, 2, 0], "row 2: major_hazards_found \\(2\\) exceeds hazards_found \\(1\\)"),
    ("unit", ["甲", None, "甲", "甲"], "column 'unit', row 1: missing or unknown unit"),
    ("date", pd.to_datetime(["2024-01-03", None, "2024-02-01", "2024-01-15"]), "column 'date', row 1: missing date"),
    ("date", ["2024-01-03", "someday", "2024-02-01", "2024-01-15"], "column 'date', row 1: 'someday' is not a date"),
])
def test_bad_cells_raise_input_error_naming_column_and_row(column, values, message):
    with pytest.raises(anjian.InputError, match=message) as info:
        indicators.aggregate(events(**{column: values}))
    assert info.value.column == column
    assert info.value.row == (2 if column == "major_hazards_found" else 1)


def test_row_labels_not_positions_are_named():
    e = events(hazards_found=[2, -1, 1, 3])
    e.index = [101, 102, 103, 104]
    with pytest.raises(anjian.Error, match="row 102"):
        indicators.aggregate(e)


def test_unknown_and_missing_columns():
    with pytest.raises(anjian.Error, match="not base fields of the catalogue: inspector"):
        indicators.aggregate(events(inspector=["王", "李", "王", "张"]))
    assert "inspector" not in indicators.aggregate(events(inspector=["王", "李", "王", "张"]), extra="ignore")
    with pytest.raises(anjian.Error, match="lack column\\(s\\) date"):
        indicators.aggregate(events().drop(columns="date"))
    with pytest.raises(anjian.Error, match="freq"):
        indicators.aggregate(events(), freq="week")


def test_input_is_not_modified():
    e = events()
    before = e.copy()
    indicators.aggregate(e)
    pd.testing.assert_frame_equal(e, before)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 700), st.integers(0, 5), st.integers(0, 10**7)),
                min_size=1, max_size=300),
       st.integers(0, 300))
def test_merged_partials_equal_the_whole(rows, cut):
    frame = pd.DataFrame(rows, columns=["unit", "day", "hazards_found", "fen"])
    e = pd.DataFrame({"unit": frame["unit"].map(lambda u: f"u{u}"),
                      "date": pd.Timestamp("2023-01-01") + pd.to_timedelta(frame["day"], unit="D"),
                      "hazards_found": frame["hazards_found"], "fines_yuan": frame["fen"] / 100})
    cut = min(cut, len(e))
    parts = [indicators.aggregate(p) for p in (e.iloc[:cut], e.iloc[cut:]) if len(p)]
    merged = indicators.merge(parts)
    whole = indicators.aggregate(e)
    pd.testing.assert_frame_equal(merged.reset_index(drop=True), whole.reset_index(drop=True), check_dtype=False)
    # and the totals equal pandas' own, exactly
    assert whole["hazards_found"].sum() == frame["hazards_found"].sum()
    assert sum(Decimal(str(v)) for v in whole["fines_yuan"]) == Decimal(int(frame["fen"].sum())) / 100


def test_merge_adds_the_same_unit_month_and_keeps_fields_missing_from_a_part():
    a = pd.DataFrame({"unit": ["甲"], "month": ["2024-01"], "hazards_found": [2]})
    b = pd.DataFrame({"unit": ["甲", "乙"], "month": ["2024-01", "2024-01"], "hazards_found": [3, 1], "cases_filed": [1, 1]})
    out = indicators.merge([a, b])
    assert out.values.tolist() == [["乙", "2024-01", 1, 1], ["甲", "2024-01", 5, 1]]


def test_threads_do_not_change_the_result(demo_events):
    one = indicators.aggregate(demo_events, threads=1)
    pd.testing.assert_frame_equal(one, indicators.aggregate(demo_events, threads=2))


def test_partial_aggregates_pickle_and_merge_to_the_whole_exactly():
    # What a Dask or Spark worker ships: the partial sums of its rows, merged exactly elsewhere.
    import pickle

    import numpy as np

    from anjian import _core

    rng = np.random.default_rng(5)
    n = 3_000
    units = rng.integers(0, 4, n).astype(np.int32)
    days = (np.datetime64("2023-01-01") + rng.integers(0, 700, n)).astype("datetime64[D]")
    hazards = rng.integers(0, 5, n).astype(np.int64)
    fines = rng.integers(0, 10**6, n) / 100

    def partial(lo: int, hi: int):
        columns = {"unit": units[lo:hi], "date": days[lo:hi], "hazards_found": hazards[lo:hi],
                   "fines_yuan": fines[lo:hi]}
        return _core.aggregate_monthly(columns, hi - lo, "unit", 4, "date",
                                       [("hazards_found", "count"), ("fines_yuan", "money")])

    whole = partial(0, n)
    parts = [pickle.loads(pickle.dumps(partial(lo, hi))) for lo, hi in ((0, 1000), (1000, 1001), (1001, n))]
    merged = _core.MonthlySums.merge(_core.MonthlySums.merge(parts[2], parts[0]), parts[1])
    for name in ("unit", "month", "rows", "sums"):
        assert np.array_equal(getattr(merged, name), getattr(whole, name)), name
    assert merged.fields == whole.fields == ["hazards_found", "fines_yuan"]
    with pytest.raises(anjian.Error, match="not a pickled MonthlySums"):
        _core.MonthlySums.__new__(_core.MonthlySums).__setstate__((2,))


def test_every_bad_event_is_named_in_one_error_under_the_frames_own_column_names():
    events = pd.DataFrame({"county": ["甲", None, "乙", "甲"],
                           "when": pd.to_datetime(["2024-01-03", "2024-01-04", None, "2024-01-05"]),
                           "hazards_found": [1, 2, 3, -4]}, index=[10, 11, 12, 13])
    with pytest.raises(anjian.InputError) as e:
        indicators.aggregate(events, by="county", date="when")
    assert e.value.refused == 3
    assert [(p["row"], p["column"], p["message"]) for p in e.value.problems] == [
        (11, "county", "missing or unknown unit"), (12, "when", "missing date (NaT)"),
        (13, "hazards_found", "negative value -4")]
    assert str(e.value).startswith("3 of 4 rows refused")


def test_no_events_give_empty_reports_and_status_with_the_columns():
    empty = events().iloc[:0]
    assert list(indicators.aggregate(empty).columns) == list(indicators.aggregate(events()).columns)
    reports, status = indicators.aggregate(empty, errors="status")
    assert len(reports) == 0 and list(status.columns) == ["status", "problem"] and len(status) == 0


def test_money_text_reads_as_in_the_returns_and_a_count_takes_no_wan():
    e = events(fines_yuan=["0", "2万", "50.5元", "1,000"])
    out = indicators.aggregate(e)
    assert out["fines_yuan"].tolist() == [Decimal("20000.00"), Decimal("1000.00"), Decimal("50.50")]
    with pytest.raises(anjian.InputError, match="'3万' is not a number"):
        indicators.aggregate(events(hazards_found=["2", "3万", "1", "3"]))


def test_a_sum_beyond_the_int64_range_is_refused_with_its_row_not_wrapped_negative():
    e = events(hazards_found=[2**62, 2**62, 1, 2**62])
    with pytest.raises(anjian.InputError, match="exceeds the 64-bit range") as info:
        indicators.aggregate(e)
    assert info.value.row == 3 and info.value.column == "hazards_found"


def test_a_count_of_minus_one_as_a_float_is_refused_not_summed():
    events = pd.DataFrame({"unit": ["甲", "甲"], "date": pd.to_datetime(["2024-01-05", "2024-01-06"]),
                           "hazards_found": [3.0, -1.0]})
    with pytest.raises(anjian.InputError, match="negative count -1"):
        anjian.indicators.aggregate(events)


def test_month_labels_are_yyyy_mm_with_four_digits_of_year():
    # Month ordinals (year * 12 + month - 1), close together or spread over centuries, repeated and out of
    # order: each label is the month as YYYY-MM, four digits of year before 1000 too.
    from anjian._frames import month_labels

    @settings(max_examples=300, deadline=None)
    @given(st.integers(1 * 12, 8999 * 12 - 1), st.sampled_from([30, 12_000]),  # the last, at most 9998-12
           st.lists(st.integers(0, 12_000), max_size=60), st.integers(0, 3))
    def check(base, span, offsets, repeat):  # within 30 months (every month written) or 1,000 years (each)
        ordinals = [base + o % (span + 1) for o in offsets] * (repeat + 1)
        got = month_labels(np.array(ordinals, dtype=np.int64))
        assert got.tolist() == [f"{o // 12:04d}-{o % 12 + 1:02d}" for o in ordinals]
        assert got.dtype == object  # str objects, as the reports frame holds them

    check()
    assert month_labels([2024 * 12 + 7, 999 * 12]).tolist() == ["2024-08", "0999-01"]
    assert month_labels([]).tolist() == []
