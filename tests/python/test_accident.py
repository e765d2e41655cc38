"""anjian.accident: 493号令 第三条 levels, the deciding criterion, reporting limits and 迟报."""

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

import anjian
from anjian import AccidentLevel, accident

# test vectors, each bound from both sides.
VECTORS = [
    ((2, 0, 0), 1), ((3, 0, 0), 2), ((9, 49, Decimal("49999999.99")), 2), ((10, 0, 0), 3), ((29, 0, 0), 3),
    ((30, 0, 0), 4), ((0, 9, 0), 1), ((0, 10, 0), 2), ((0, 49, 0), 2), ((0, 50, 0), 3), ((0, 99, 0), 3),
    ((0, 100, 0), 4), ((0, 0, Decimal("9999999.99")), 1), ((0, 0, 10_000_000), 2), ((0, 0, 50_000_000), 3),
    ((0, 0, Decimal("99999999.99")), 3), ((0, 0, 100_000_000), 4), ((2, 12, 0), 2),
]


@pytest.mark.parametrize("args,level", VECTORS)
def test_level_is_the_highest_any_criterion_reaches_lower_bound_inclusive(args, level):
    assert accident.classify(*args) == AccidentLevel(level)


def test_arrays_give_an_int8_array_of_the_same_levels():
    d, s, loss = (np.array([a[i] for a, _ in VECTORS], dtype=object) for i in range(3))
    out = accident.classify(d.astype(int), s.astype(int), [float(x) for x in loss])
    assert out.dtype == np.int8
    assert out.tolist() == [lvl for _, lvl in VECTORS]


@given(st.integers(0, 200), st.integers(0, 300), st.integers(0, 2 * 10**8))
def test_level_is_monotone_in_every_criterion(d, s, loss):
    level = accident.classify(d, s, loss)
    assert accident.classify(d + 1, s, loss) >= level
    assert accident.classify(d, s + 1, loss) >= level
    assert accident.classify(d, s, loss + 1) >= level
    assert level == max(accident.classify(d, 0, 0), accident.classify(0, s, 0), accident.classify(0, 0, loss))


def test_levels_feed_the_penalty_engine():
    rec = anjian.penalty.Engine().accident_fine(accident.classify(12, 0, 0), dt.date(2024, 6, 1))
    assert rec.min_yuan == 2_000_000 and rec.max_yuan == 10_000_000


def test_explain_names_the_deciding_criterion_investigator_and_chain():
    c = accident.explain(2, 12, "500万")
    assert c.level == AccidentLevel.LARGER and c.decided_by == ("serious_injuries",)
    assert c.investigated_by == "事故发生地设区的市级人民政府"
    assert [m for _, m in c.reporting_chain] == [60, 180, 300]
    assert "12 reaches 较大事故" in c.why


@pytest.mark.parametrize("bad", [-1, 1.5, True])
def test_bad_counts_are_errors(bad):
    with pytest.raises(anjian.Error, match="deaths"):
        accident.classify(bad, 0, 0)


def test_loss_finer_than_a_fen_is_an_error():
    with pytest.raises(anjian.Error, match="fen"):
        accident.classify(0, 0, Decimal("0.001"))


def frame():
    return pd.DataFrame({
        "deaths": [1, 3, 0], "serious_injuries": [0, 0, 10], "direct_loss_yuan": [1000, 0, 125000.5],
        "date": ["2024-01-31", "2024-02-01", "2024-03-01"], "type": ["fire", "industrial", "road_traffic"],
        "head_told_at": pd.to_datetime(["2024-01-31 08:00:00", "2024-02-01 09:00:00", "2024-03-01 10:00:00"]),
        "reported_at": pd.to_datetime(["2024-01-31 09:00:00", "2024-02-01 10:00:01", "2024-03-01 10:30:00"]),
        "office_1_at": pd.to_datetime(["2024-01-31 11:00:00", "2024-02-01 12:00:00", pd.NaT]),
        "office_2_at": pd.to_datetime([pd.NaT, pd.NaT, "2024-03-01 14:30:00"]),
    }, index=[11, 12, 13])


def test_grade_a_frame_with_deadlines_and_late_reports():
    g = accident.grade(frame())
    assert g.index.tolist() == [11, 12, 13]
    assert g["level"].tolist() == [1, 2, 2]
    assert g["decided_by"].tolist() == ["", "deaths", "serious_injuries"]
    assert g["regrade_until"].dt.date.tolist() == [dt.date(2024, 2, 7), dt.date(2024, 3, 2), dt.date(2024, 3, 8)]
    assert g["report_due"].dt.date.tolist()[0] == dt.date(2024, 3, 31)
    # 09:00 -> 10:00:01 is one second over the hour; the third skips office 1 and takes 4 h for two levels.
    assert g["late"].tolist() == [False, True, False]
    assert g.loc[12, "late_by"] == pd.Timedelta(seconds=1) and g.loc[12, "late_steps"] == 1


def test_grade_errors_name_the_row_and_column():
    f = frame()
    f.loc[12, "deaths"] = -2
    with pytest.raises(anjian.InputError, match="column 'deaths', row 12"):
        accident.grade(f)
    f = frame()
    f.loc[13, "office_1_at"] = pd.Timestamp("2024-03-01 09:00:00")
    with pytest.raises(anjian.InputError, match="row 13"):
        accident.grade(f)


def test_grade_names_every_bad_row_at_once_or_refuses_them_per_row():
    f = frame()
    f["deaths"] = [1.5, 3, None]
    f["direct_loss_yuan"] = [1000, -5, 0]
    with pytest.raises(anjian.InputError) as e:
        accident.grade(f)
    assert e.value.refused == 3
    assert [(p["row"], p["column"], p["message"]) for p in e.value.problems] == [
        (11, "deaths", "count 1.5 is not a whole number"), (12, "direct_loss_yuan", "negative value -5"),
        (13, "deaths", "missing count (NaN, an empty cell)")]
    f["deaths"] = [1, 3, None]
    g = accident.grade(f, errors="status")
    assert g["status"].tolist() == ["ok", "refused", "refused"]
    assert g["problem"].tolist() == ["", "negative value -5", "missing count (NaN, an empty cell)"]
    assert g["level"].tolist() == [1, pd.NA, pd.NA]
    assert g["level_zh"].isna().tolist() == [False, True, True]
    assert g.columns[-2:].tolist() == ["status", "problem"]
    assert g.loc[11, "level_zh"] == accident.grade(f.loc[[11]])["level_zh"].iloc[0]  # the others as alone


def test_reporting_times_that_contradict_each_other_are_all_named_or_refused_per_row():
    f = frame()
    f.loc[11, "reported_at"] = pd.Timestamp("2024-01-31 07:00:00")  # before the head was told
    f.loc[13, "head_told_at"] = pd.NaT
    with pytest.raises(anjian.InputError) as e:
        accident.grade(f)
    assert [(p["row"], p["message"]) for p in e.value.problems] == [
        (11, "the first office was told before the unit head"), (13, "the time the unit head was told is missing")]
    g = accident.grade(f, errors="status")
    assert g["status"].tolist() == ["refused", "ok", "refused"]
    assert g["late"].tolist() == [None, True, None]
    assert g.loc[12, "late_by"] == pd.Timedelta(seconds=1)
    assert g["level"].tolist() == [1, 2, 2]  # the level stands: only the times are refused


def test_pack_records_the_boundary_reading():
    r = accident.rules()
    assert r.lower_inclusive and "包括本数" in r.bounds_source
    assert r.thresholds["direct_loss_yuan"] == [10**9, 5 * 10**9, 10**10]  # fen


@pytest.mark.parametrize("spelling", [2, "2", "较大", "较大事故", "larger", accident.AccidentLevel.LARGER, 2.0])
def test_every_spelling_of_a_level_is_one_value_in_every_module(spelling):
    import datetime as dt

    from anjian import penalty

    assert accident.level_code(spelling) == 2
    assert penalty.Engine().accident_fine(spelling, dt.date(2023, 1, 1)).basis == "安全生产法(2021) 第一百一十四条第一款第二项"


@pytest.mark.parametrize("bad", [0, 5, "较小", True, 2.5, None])
def test_anything_else_is_no_level(bad):
    assert accident.level_code(bad) is None


def test_a_loss_written_in_wan_yuan_is_read_as_everywhere_else():
    from anjian import accident as acc

    frame = pd.DataFrame({"deaths": [0, 0], "serious_injuries": [0, 0], "direct_loss_yuan": ["1000万", "999.99万元"]})
    assert acc.grade(frame)["level"].tolist() == [2, 1]


def test_a_coal_mine_accident_from_2024_05_01_is_investigated_by_the_mine_safety_inspectorate():
    inspectorate = "国家矿山安全监察机构及其设在地方的矿山安全监察机构"
    assert accident.explain(1, 0, 0, sector="coal", date="2024-05-01").investigated_by == inspectorate
    assert accident.explain(5, 0, 0, sector="coal", date="2024-05-01").investigated_by == inspectorate
    assert accident.explain(1, 0, 0, sector="coal", date="2024-04-30").investigated_by == "事故发生地县级人民政府"
    assert accident.explain(30, 0, 0, sector="coal", date="2024-06-01").investigated_by == "国务院或者国务院授权有关部门"
    assert "第六十条" in accident.explain(1, 0, 0, sector="coal", date="2024-06-01").investigation_basis
    with pytest.raises(anjian.Error, match="date is required for sector 'coal'"):
        accident.explain(1, 0, 0, sector="coal")


def test_grade_takes_the_investigating_body_from_a_sector_column_and_the_accident_day():
    frame = pd.DataFrame({"deaths": [1, 1, 3], "serious_injuries": [0, 0, 0], "direct_loss_yuan": [0, 0, 0],
                          "date": ["2024-05-01", "2024-04-30", "2024-05-01"], "sector": ["coal", "coal", None]})
    assert list(accident.grade(frame)["investigated_by"]) == [
        "国家矿山安全监察机构及其设在地方的矿山安全监察机构", "事故发生地县级人民政府", "事故发生地设区的市级人民政府"]
    with pytest.raises(anjian.Error, match="give the date column"):
        accident.grade(frame.drop(columns="date"))


def test_a_death_count_of_minus_one_as_a_float_is_refused_not_graded():
    with pytest.raises(anjian.InputError, match="negative count -1"):
        anjian.accident.classify(np.array([-1.0]), np.array([0.0]), np.array([0.0]))


def test_many_accidents_split_over_two_threads_equal_the_scalar_rule_and_a_bad_row_is_named_by_its_row():
    """40,000 accidents (past the size where classify takes a second thread): every level is the scalar
    classify's, and a bad cell in the second half is named by its row."""
    rng = np.random.default_rng(8)
    n = 40_000
    d, s = rng.integers(0, 40, n), rng.integers(0, 120, n)
    loss = rng.choice(np.array([0, 9_999_999, 10**7, 5 * 10**7 - 1, 5 * 10**7, 10**8 - 1, 10**8]), n)
    levels = anjian.accident.classify(d, s, loss)
    combos, first = np.unique(np.stack([d, s, loss], axis=1), axis=0, return_inverse=True)
    scalar = np.array([int(anjian.accident.classify(int(a), int(b), int(c))) for a, b, c in combos])
    assert np.array_equal(levels, scalar[first.ravel()])
    bad = d.astype(float)
    bad[n - 3] = 2.5
    with pytest.raises(anjian.InputError, match=f"row {n - 3}.*count 2.5 is not a whole number"):
        anjian.accident.classify(bad, s, loss)
