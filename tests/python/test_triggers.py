"""anjian.triggers: windows at their edge days, the events that fired a rule, skipped rules."""

import numpy as np
import pandas as pd
import pytest

import anjian
from anjian import triggers


def accidents(days, level, **extra):
    """Accidents of one unit of a sector the 严重失信 办法 names (建材), each decided (penalty decision) on its
    own day unless decision_date is given."""
    n = len(days)
    extra.setdefault("decision_date", pd.to_datetime(days))
    extra.setdefault("sector", "建材")
    return pd.DataFrame({"date": pd.to_datetime(days), "kind": "accident", "unit": "甲", "region": "通川区",
                         "city": "达州市", "province": "四川省", "level": level, **extra}, index=range(100, 100 + n))


def rules_fired(frame, packs=None):
    return triggers.evaluate(frame, packs)["rule"].tolist()


@pytest.mark.parametrize("second,fires", [("2024-01-31", True), ("2024-02-01", False)])
def test_interview_for_two_major_accidents_within_30_days(second, fires):
    assert ("interview_two_major_30_days" in rules_fired(accidents(["2024-01-01", second], 3))) is fires


@pytest.mark.parametrize("third,fires", [("2024-07-15", True), ("2024-07-16", False)])
def test_interview_for_three_larger_accidents_within_6_months(third, fires):
    assert ("interview_three_larger_6_months" in rules_fired(accidents(["2024-01-15", "2024-03-01", third], 2))) is fires


@pytest.mark.parametrize("second,fires", [("2024-10-01", True), ("2024-10-02", False)])
def test_dishonesty_list_for_two_larger_accidents_within_12_months(second, fires):
    assert ("dishonest_two_larger_12_months" in rules_fired(accidents(["2023-10-01", second], "较大"))) is fires


def test_dishonesty_list_counts_only_from_its_effective_date():
    assert "dishonest_two_larger_12_months" not in rules_fired(accidents(["2023-09-30", "2024-03-01"], 2))


def penalties(days, flags):
    return pd.DataFrame({"date": pd.to_datetime(days), "kind": "penalty", "unit": "甲", "sector": "化工",
                         "major_hazard": flags}, index=[f"决定书{i}" for i in range(len(days))])


@pytest.mark.parametrize("third,flags,fires", [
    ("2024-06-29", [False, True, False], True),   # 180th day after 2024-01-01
    ("2024-06-30", [False, True, False], False),
    ("2024-06-29", [False, False, False], False),  # no 重大事故隐患
])
def test_closure_three_penalties_within_180_days_with_a_major_hazard(third, flags, fires):
    out = triggers.evaluate(penalties(["2024-01-01", "2024-03-01", third], flags))
    hit = out[out["rule"] == "closure_three_penalties_180_days"]
    assert (len(hit) == 1) is fires
    if fires:
        assert hit.iloc[0]["events"] == ["决定书0", "决定书1", "决定书2"]
        assert hit.iloc[0]["action"] == "提请关闭" and str(hit.iloc[0]["window_end"]) == "2024-06-29"


@pytest.mark.parametrize("fourth,fires", [("2025-02-28", True), ("2025-03-01", False)])
def test_closure_four_penalties_within_one_year_is_the_calendar_anniversary(fourth, fires):
    out = rules_fired(penalties(["2024-02-29", "2024-06-01", "2024-09-01", fourth], [True] * 4))
    assert ("closure_four_penalties_one_year" in out) is fires


@pytest.mark.parametrize("second,fires", [("2024-08-31", True), ("2024-09-01", False)])
def test_coal_closure_two_findings_within_3_months(second, fires):
    findings = pd.DataFrame({"date": pd.to_datetime(["2024-05-31", second]), "kind": "finding", "unit": "某煤矿",
                             "major_hazard": True, "producing": True})
    assert ("coal_closure_two_findings_3_months" in rules_fired(findings)) is fires


def test_levels_are_computed_from_casualties_when_absent():
    frame = accidents(["2024-01-01", "2024-01-20"], 0).drop(columns="level").assign(
        deaths=[10, 0], serious_injuries=[0, 60], direct_loss_yuan=[0, 0])
    assert "interview_two_major_30_days" in rules_fired(frame)


@pytest.mark.parametrize("second,casualties,fires", [("2024-04-30", 3, True), ("2024-05-01", 3, False),
                                                     ("2024-04-30", 2, False)])
def test_jiaxing_warning_for_a_repeat_same_type_accident_within_60_days(second, casualties, fires):
    frame = accidents(["2024-03-01", second], 1, deaths=[2, 0], casualties=[2, casualties],
                      serious_injuries=[0, 1], type=["机械伤害", "机械伤害"])
    out = rules_fired(frame, ["examples/triggers_jiaxing"])
    assert ("jiaxing_warning_repeat_same_type" in out) is fires
    assert out.count("jiaxing_supervised_general_accident") == 1  # 一次死亡2人


def test_jiaxing_warning_needs_the_same_type():
    frame = accidents(["2024-03-01", "2024-03-10"], 1, deaths=[2, 2], casualties=[2, 2], serious_injuries=[0, 0],
                      type=["机械伤害", "触电"])
    assert "jiaxing_warning_repeat_same_type" not in rules_fired(frame, ["examples/triggers_jiaxing"])


@pytest.mark.parametrize("packs", [["examples/triggers_jiaxing"], ["national/triggers", "examples/triggers_jiaxing"],
                                   ["examples/triggers_jiaxing", "national/triggers"]])
def test_the_group_names_the_value_of_each_key_the_rule_groups_by(packs):
    # Two 一般 accidents of one type and two 重大 ones: rules of both packs fire, grouped by different keys.
    frame = accidents(["2024-03-01", "2024-03-10", "2024-03-12", "2024-03-20"], [1, 1, 3, 3],
                      deaths=[2, 2, 10, 10], casualties=[2, 2, 10, 10], serious_injuries=[0, 0, 0, 0],
                      type=["机械伤害", "机械伤害", "触电", "火灾"])
    out = triggers.evaluate(frame, packs)
    group = dict(zip(out["rule"], out["group"]))
    assert group["jiaxing_warning_repeat_same_type"] == "region=通川区, type=机械伤害"  # group_by region, same type
    assert group["jiaxing_supervised_general_accident"] == "unit=甲"
    if "national/triggers" in packs:
        assert group["interview_two_major_30_days"] == "province=四川省"
        assert group["supervised_major_accident"] == "unit=甲"
    assert out["group"].map(type).eq(str).all()


@pytest.mark.parametrize("days,fires", [(["2024-01-01", "2024-06-01", "2024-12-31"], True),
                                        (["2024-06-01", "2024-12-31", "2025-01-01"], False)])
def test_one_vote_veto_counts_within_the_calendar_year(days, fires):
    assert ("bazhong_veto_three_larger" in rules_fired(accidents(days, 2), ["examples/triggers_veto"])) is fires


def test_rules_needing_absent_fields_are_skipped_with_the_reason():
    out = triggers.evaluate(accidents(["2024-01-01"], 3))
    assert out.attrs["skipped"]["closure_three_penalties_180_days"] == ["major_hazard"]


def test_bad_level_is_an_error_naming_the_row():
    with pytest.raises(anjian.InputError, match="row 101"):
        triggers.evaluate(accidents(["2024-01-01", "2024-01-02"], ["较大", "严重"]))


def test_demo_incidents_fire_the_planted_histories():
    out = triggers.evaluate(anjian.demo.incidents())
    assert {"closure_three_penalties_180_days", "dishonest_two_larger_12_months",
            "interview_three_larger_6_months"} <= set(out["rule"])


def test_every_built_in_pack_validates(tmp_path):
    import pathlib
    root = pathlib.Path(anjian.__file__).resolve().parents[2] / "rules"
    for path in sorted(root.rglob("*.yaml")):
        assert anjian._core.validate_pack(str(path)).name


def test_an_event_of_a_counted_kind_without_a_date_is_refused_naming_the_rule():
    frame = accidents(["2024-01-01", None], 3)
    with pytest.raises(anjian.InputError, match="column 'date', row 101: no date: rule .* cannot place") as info:
        triggers.evaluate(frame)
    assert info.value.row == 101 and info.value.column == "date"


def test_an_event_without_a_kind_is_refused_when_a_rule_counts_by_kind():
    frame = accidents(["2024-01-01", "2024-01-02"], 3)
    frame.loc[101, "kind"] = None
    with pytest.raises(anjian.InputError, match="column 'kind', row 101: no kind"):
        triggers.evaluate(frame)


def test_an_event_without_the_key_a_rule_groups_by_is_refused():
    frame = accidents(["2024-01-01", "2024-01-02"], 3)
    frame.loc[100, "unit"] = None
    with pytest.raises(anjian.InputError, match="column 'unit', row 100: no unit: rule .* cannot attribute"):
        triggers.evaluate(frame)


def test_an_event_missing_a_fact_a_rule_reads_is_refused_not_guessed():
    frame = accidents(["2024-01-01", "2024-01-02"], [3, None])
    with pytest.raises(anjian.InputError, match="column 'level', row 101: no level: rule .* cannot tell"):
        triggers.evaluate(frame)


def test_an_event_of_a_kind_no_rule_counts_needs_none_of_their_facts():
    frame = pd.concat([accidents(["2024-01-01"], 3),
                       pd.DataFrame({"date": pd.to_datetime(["2024-01-02"]), "kind": "inspection", "unit": None,
                                     "region": None, "city": None, "province": None, "level": None}, index=[7])])
    pd.testing.assert_frame_equal(triggers.evaluate(frame), triggers.evaluate(frame.loc[[100]]))


def test_every_refused_event_is_named_in_one_error_and_dates_that_are_not_dates_among_them():
    frame = accidents(["2024-01-01", "2024-01-02", None], 3)
    frame["date"] = ["2024-01-01", "someday", None]
    with pytest.raises(anjian.InputError, match="2 of 3 rows refused") as info:
        triggers.evaluate(frame)
    assert [(p["row"], p["column"]) for p in info.value.problems] == [(101, "date"), (102, "date")]
    assert "'someday' is not a date" in info.value.problems[0]["message"]


def test_errors_status_fires_over_the_other_events_and_says_why_each_was_refused():
    frame = accidents(["2024-01-01", "2024-01-10", "2024-01-20"], [3, None, 3])
    fired, status = triggers.evaluate(frame, errors="status")
    assert status["status"].tolist() == ["ok", "refused", "ok"]
    assert status["problem"][101].startswith("no level: rule ")
    interview = fired[fired["rule"] == "interview_two_major_30_days"]
    assert interview["events"].tolist() == [[100, 102]]
    expected = triggers.evaluate(frame.drop(index=101))
    pd.testing.assert_frame_equal(fired, expected)


def test_errors_status_with_nothing_refused_gives_ok_for_every_event():
    fired, status = triggers.evaluate(accidents(["2024-01-01"], 3), errors="status")
    assert status["status"].tolist() == ["ok"] and status["problem"].tolist() == [""]


def test_yes_no_flags_written_in_chinese_count_as_flags():
    flags = penalties(["2024-01-01", "2024-02-01", "2024-03-01"], ["是", "否", "否"])
    booleans = penalties(["2024-01-01", "2024-02-01", "2024-03-01"], [True, False, False])
    assert rules_fired(flags) == rules_fired(booleans) and rules_fired(flags)


@pytest.mark.parametrize("level", [258, 2.5, True])
def test_a_level_that_is_not_one_of_the_four_is_refused_not_counted(level):
    frame = accidents(["2024-01-01", "2024-01-02"], [3, level])
    with pytest.raises(anjian.InputError, match="accident level must be 1..4"):
        triggers.evaluate(frame.astype({"level": object}))


def test_the_counted_events_read_and_compare_as_lists_and_share_one_array():
    frame = accidents(["2024-01-01", "2024-01-10", "2024-01-20"], 3)
    fired = triggers.evaluate(frame)
    events = fired.loc[fired["rule"] == "interview_two_major_30_days", "events"].tolist()
    assert events == [[100, 101], [100, 101, 102]]
    first = events[0]
    assert list(first) == [100, 101] and first[0] == 100 and len(first) == 2 and repr(first) == "[100, 101]"
    assert first._labels is events[-1]._labels  # one array behind every firing


def test_twenty_thousand_events_of_one_unit_are_counted_in_every_window():
    import numpy as np

    rng = np.random.default_rng(1)
    days = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 730, 20_000), unit="D")
    frame = pd.DataFrame({"date": days, "kind": "penalty", "unit": "甲", "major_hazard": True})
    fired = triggers.evaluate(frame)
    closure = fired[fired["rule"] == "closure_three_penalties_180_days"]
    assert (closure["count"] == closure["events"].map(len)).all()
    sample = closure.iloc[len(closure) // 2]
    window = frame[(frame["date"] >= pd.Timestamp(sample["window_start"])) &
                   (frame["date"] <= pd.Timestamp(sample["fired_on"]))]
    assert sorted(sample["events"]) == sorted(window.index)


@pytest.mark.parametrize("absconded, day, fires", [(True, "2023-10-01", True), (False, "2023-10-01", False),
                                                   (True, "2023-09-30", False)])
def test_dishonesty_list_when_the_principal_fled_or_did_not_organise_rescue(absconded, day, fires):
    events = accidents([day], 1, principal_absconded=[absconded])
    assert ("dishonest_principal_absconded" in rules_fired(events)) is fires


@pytest.mark.parametrize("level, poor, fires", [(3, True, True), (3, False, False), (2, True, False)])
def test_city_interview_for_a_major_accident_where_the_citys_work_was_poor(level, poor, fires):
    events = accidents(["2024-03-01"], level, city_safety_work_poor=[poor])
    assert ("interview_city_major_accident" in rules_fired(events)) is fires


def test_the_judgement_rules_are_skipped_and_named_when_events_lack_their_facts():
    skipped = triggers.evaluate(accidents(["2024-03-01"], 3)).attrs["skipped"]
    assert skipped["interview_city_major_accident"] == ["city_safety_work_poor"]
    assert skipped["dishonest_principal_absconded"] == ["principal_absconded"]


@pytest.mark.parametrize("decided, fires", [("2024-09-30", True), ("2024-10-02", False)])
def test_dishonesty_listing_is_dated_by_the_penalty_decision_not_the_accident(decided, fires):
    # accidents 2023-10-01 and 2024-03-01; the second decided on `decided`: within 12 months of the first
    # decision (2023-10-01) only up to 2024-10-01
    events = accidents(["2023-10-01", "2024-03-01"], 2, decision_date=pd.to_datetime(["2023-10-01", decided]))
    assert ("dishonest_two_larger_12_months" in rules_fired(events)) is fires


def test_an_accident_not_yet_decided_is_pending_for_the_listing_and_counted_by_the_other_rules():
    events = accidents(["2024-01-01", "2024-01-20"], 3, decision_date=pd.to_datetime(["2024-03-01", None]))
    fired = triggers.evaluate(events)
    assert "interview_two_major_30_days" in fired["rule"].tolist()  # both accidents count here
    listed = fired[fired["rule"] == "dishonest_major_accident"]
    assert listed["events"].map(list).tolist() == [[100]] and str(listed["fired_on"].iloc[0])[:10] == "2024-03-01"
    assert fired.attrs["pending"] == {"dishonest_major_accident": [101], "dishonest_two_larger_12_months": [101]}


def test_only_a_later_date_can_be_pending(tmp_path):
    text = anjian._core.builtin_pack_text("national/triggers").replace(
        "    date_field: decision_date   # listed on the penalty decision (谁处罚、谁决定), not the accident day\n", "", 1)
    path = tmp_path / "triggers.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(anjian.PackError, match="an event without its own date cannot be pending"):
        triggers.rules(str(path))


@pytest.mark.parametrize("sector, listed", [("矿山", True), ("尾矿库", True), ("石油化工", True), ("商贸", True),
                                            ("其他", False)])
def test_dishonesty_list_only_for_the_sectors_named_by_article_2(sector, listed):
    # 令第11号 第二条: a unit of a sector it does not name is not listed, whatever its accidents; the 挂牌督办
    # of the same accident does not depend on the sector
    fired = rules_fired(accidents(["2024-03-01"], 3, sector=sector))
    assert ("dishonest_major_accident" in fired) is listed
    assert "supervised_major_accident" in fired


def test_an_accident_whose_sector_is_missing_or_not_listed_is_refused_naming_the_column():
    events = accidents(["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04"], [3, 3, 3, 1],
                       sector=[None, "建筑施工", "建材", None])  # the last: 一般, which no listing counts
    with pytest.raises(anjian.InputError) as err:
        triggers.evaluate(events)
    text = str(err.value)
    assert "100" in text and "101" in text and "102" not in text and "103" not in text
    assert "no sector: rule dishonest_major_accident cannot tell whether 安全生产严重失信主体名单管理办法" in text
    assert "sector '建筑施工' is not one of 矿山, 尾矿库" in text
    fired, status = triggers.evaluate(events, errors="status")
    assert status["status"].tolist() == ["refused", "refused", "ok", "ok"]
    assert fired[fired["rule"] == "dishonest_major_accident"]["events"].map(list).tolist() == [[102]]


def test_without_a_sector_column_the_listing_rules_are_skipped_naming_it():
    events = accidents(["2024-03-01"], 3).drop(columns="sector")
    fired = triggers.evaluate(events)
    assert fired.attrs["skipped"]["dishonest_major_accident"] == ["sector"]
    assert "supervised_major_accident" in fired["rule"].tolist()


def test_the_scope_is_read_from_the_rules():
    rule = next(r for r in triggers.rules().rules if r["id"] == "dishonest_major_accident")
    assert rule["scope_basis"].endswith("第二条") and rule["scope"].startswith("sector in [矿山, 尾矿库, ")
    assert rule["scope_source"].startswith("应急管理部令第11号")
    interview = next(r for r in triggers.rules().rules if r["id"] == "interview_city_major_accident")
    assert interview["match"] == "level == 3 and city_safety_work_poor is true" and interview["scope"] == ""
    assert "sector" in rule["fields"]


def penalty_with(fact, value, day="2023-10-01"):
    return pd.DataFrame({"date": pd.to_datetime([day]), "kind": "penalty", "unit": "某安全评价机构",
                         "sector": "安全评价检测检验机构", fact: [value]}, index=["决定书1"])


@pytest.mark.parametrize("rule, fact", [
    ("dishonest_institution_false_report", "institution_false_report"),  # 令第11号 第八条第二项
    ("dishonest_evading_execution", "evading_execution"),                # 第八条第三项
    ("dishonest_other_serious_violation", "other_serious_violation"),    # 第八条第四项
])
@pytest.mark.parametrize("value, day, fires", [(True, "2023-10-01", True), (False, "2023-10-01", False),
                                               (True, "2023-09-30", False)])
def test_dishonesty_list_for_the_non_accident_situations_of_article_8(rule, fact, value, day, fires):
    fired = triggers.evaluate(penalty_with(fact, value, day))
    hit = fired[fired["rule"] == rule]
    assert (len(hit) == 1) is fires
    if fires:
        assert hit.iloc[0]["events"] == ["决定书1"] and hit.iloc[0]["action"] == "严重失信主体名单"
        assert "第八条" in hit.iloc[0]["basis"]


def test_the_article_8_situations_are_skipped_and_named_when_penalties_lack_their_facts():
    skipped = triggers.evaluate(penalties(["2024-03-01"], [True])).attrs["skipped"]
    assert skipped["dishonest_institution_false_report"] == ["institution_false_report"]
    assert skipped["dishonest_evading_execution"] == ["evading_execution"]
    assert skipped["dishonest_other_serious_violation"] == ["other_serious_violation"]


# -- the window kernel against a reading of the rules done by hand -----------------------------------

import calendar  # noqa: E402
import datetime as dt  # noqa: E402

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402


def _add_months(day, n):
    """The corresponding day n months later, or that month's last day (民法典 第二百零二条)."""
    y, m = divmod(day.month - 1 + n, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _by_hand(events, count, window_end):
    """(fired_on, window_start, window_end, labels) of a 'count events within the window, one of them a
    重大事故隐患' rule, judged per unit once per day after the day's last event (the start day not counted)."""
    out = []
    for _, unit in events.sort_values(["date"], kind="stable").groupby("unit", sort=False):
        days = [d.date() for d in unit["date"]]
        labels, flags = list(unit.index), list(unit["major_hazard"])
        for i, day in enumerate(days):
            if i + 1 < len(days) and days[i + 1] == day:
                continue
            j = next(k for k in range(i + 1) if day <= window_end(days[k]))
            if i - j + 1 >= count and any(flags[j:i + 1]):
                out.append((day, days[j], window_end(days[j]), labels[j:i + 1]))
    return sorted(out, key=lambda f: (f[0], f[3]))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from("甲乙丙"), st.dates(dt.date(2023, 1, 1), dt.date(2024, 12, 31)), st.booleans()),
                min_size=1, max_size=120),
       st.booleans())
def test_closure_windows_equal_the_rules_read_by_hand(rows, text_labels):
    _closure_windows_equal_the_rules_read_by_hand(rows, text_labels)


# Many units of a few events each: the kernel sorts each unit's short run by day itself (from 64 events).
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from([f"单位{i}" for i in range(40)]),
                          st.dates(dt.date(2023, 1, 1), dt.date(2024, 12, 31)), st.booleans()),
                min_size=64, max_size=400),
       st.booleans())
def test_closure_windows_of_many_units_equal_the_rules_read_by_hand(rows, text_labels):
    _closure_windows_equal_the_rules_read_by_hand(rows, text_labels)


def _closure_windows_equal_the_rules_read_by_hand(rows, text_labels):
    index = [f"决定书{i}" for i in range(len(rows))] if text_labels else range(500, 500 + len(rows))
    events = pd.DataFrame({"date": pd.to_datetime([r[1] for r in rows]), "kind": "penalty",
                           "unit": [r[0] for r in rows], "major_hazard": [r[2] for r in rows]}, index=index)
    fired = triggers.evaluate(events)
    for rule, count, end in [("closure_three_penalties_180_days", 3, lambda d: d + dt.timedelta(days=180)),
                             ("closure_four_penalties_one_year", 4, lambda d: _add_months(d, 12))]:
        hit = fired[fired["rule"] == rule]
        got = sorted(zip(hit["fired_on"], hit["window_start"], hit["window_end"], hit["events"].map(list)),
                     key=lambda f: (f[0], f[3]))
        assert got == _by_hand(events, count, end), rule
        assert (hit["count"] == hit["events"].map(len)).all()


# -- the events column --------------------------------------------------------------------------------

def test_the_events_column_reads_as_lists_and_survives_what_pandas_does_to_columns():
    events = accidents(["2024-01-01", "2024-01-20", "2024-02-01"], 3)
    fired = triggers.evaluate(events)
    column = fired["events"]
    assert str(column.dtype) == "anjian.events"
    assert column.map(list).tolist() == [list(e) for e in column] == [e.tolist() for e in column.to_numpy()]
    longest = column.iloc[int(fired["count"].to_numpy().argmax())]
    assert longest.tolist() == [100, 101, 102] and (longest[0], longest[-1], longest[-3]) == (100, 102, 100)
    assert type(longest[0]) is int and longest[1:] == [101, 102] and longest[::-1] == [102, 101, 100]
    for outside in (3, -4):
        with pytest.raises(IndexError):
            longest[outside]
    # filter, reorder, reindex with gaps, concatenate, copy
    assert fired[fired["count"] >= 2]["events"].map(len).tolist() == [n for n in fired["count"] if n >= 2]
    backwards = fired.iloc[::-1]
    assert backwards["events"].map(list).tolist() == column.map(list).tolist()[::-1]
    gaps = column.reindex(list(range(len(column))) + [99])
    assert gaps.isna().tolist() == [False] * len(column) + [True] and gaps.iloc[-1] is None
    both = pd.concat([fired, triggers.evaluate(events.rename(index=lambda i: f"x{i}"))], ignore_index=True)
    assert both["events"].map(list).tolist() == column.map(list).tolist() + [
        [f"x{i}" for i in e] for e in column.map(list)]
    assert fired.copy()["events"].map(list).tolist() == column.map(list).tolist()
    assert (column == column.copy()).all() and (column.array == column.map(list).tolist()).all()
    assert (column.array == longest.tolist()).tolist() == [e == longest for e in column]
    assert "[100, 101]" in fired[["rule", "events"]].to_string()
    assert pd.Series(list(column), dtype="anjian.events").map(list).tolist() == column.map(list).tolist()


def test_the_first_and_last_events_of_every_firing_are_read_at_once():
    events = accidents(["2024-01-01", "2024-01-20", "2024-02-01"], 3).rename(index=lambda i: f"事故{i}")
    fired = triggers.evaluate(events)
    column = fired["events"]
    assert column.array.last().tolist() == [e[-1] for e in column] and len(column) >= 2
    assert column.array.first().tolist() == [e[0] for e in column]
    gaps = column.reindex([1, 99, 0]).array  # a gap reads as None
    assert gaps.last().tolist() == [column.iloc[1][-1], None, column.iloc[0][-1]]
    assert gaps.first().tolist() == [column.iloc[1][0], None, column.iloc[0][0]]


def test_the_events_column_is_read_only():
    fired = triggers.evaluate(accidents(["2024-01-01", "2024-01-20"], 3))
    with pytest.raises(TypeError, match="read-only"):
        fired["events"].array[0] = [1]


@pytest.mark.parametrize("cells, read", [
    (["是", "否", None], [1.0, 0.0, None]),            # yes/no cells with a gap: a flag
    ([True, False, None], [1.0, 0.0, None]),
    ([1, "1", None], ("codes", [0, 0, -1], ["1"])),    # a number and its text: one text value
    ([0, 1, 1], ("codes", [0, 1, 1], ["0", "1"])),     # numbers in a text column are not flags
    (["甲", "乙", "甲"], ("codes", [0, 1, 0], ["甲", "乙"])),
])
def test_a_column_of_cells_is_read_as_flags_or_as_text(cells, read):
    got = triggers._flags_or_text(pd.Series(cells, dtype=object))
    if isinstance(read, tuple):
        assert got[0] == "codes" and got[1].tolist() == read[1] and list(got[2]) == read[2]
    else:
        assert [None if np.isnan(v) else v for v in got] == read


def test_only_evaluates_the_named_rules_as_the_whole_pack_does():
    frame = penalties(["2024-01-01", "2024-03-01", "2024-06-29", "2024-12-01"], [False, True, False, False])
    every = triggers.evaluate(frame)
    one = triggers.evaluate(frame, only=["closure_four_penalties_one_year"])
    assert set(every["rule"]) == {"closure_three_penalties_180_days", "closure_four_penalties_one_year"}
    want = every[every["rule"] == "closure_four_penalties_one_year"].reset_index(drop=True)
    pd.testing.assert_frame_equal(one, want)


def test_only_leaves_the_other_rules_out_of_refusing_events():
    frame = accidents(["2024-01-01", "2024-01-20"], 3).drop(columns=["region", "city", "province"])
    frame.loc[101, "unit"] = None  # an accident no rule grouping by unit can attribute
    with pytest.raises(anjian.InputError, match="no unit"):
        triggers.evaluate(frame)
    out = triggers.evaluate(frame, only=["closure_three_penalties_180_days"])  # counts penalties only
    assert out.empty


def test_only_names_an_unknown_rule_and_the_rules_there_are():
    with pytest.raises(anjian.Error,
                       match="no rule 'closure_180' in the packs; their rules: .*closure_three_penalties_180_days"):
        triggers.evaluate(penalties(["2024-01-01"], [True]), only=["closure_180"])
    with pytest.raises(anjian.Error, match="only must be a list of rule ids"):
        triggers.evaluate(penalties(["2024-01-01"], [True]), only="closure_three_penalties_180_days")


def test_firings_are_ordered_by_day_then_rule_id():
    days = ["2024-01-01", "2024-01-10", "2024-01-20", "2024-02-01", "2024-03-01"]
    frame = pd.concat([accidents(days, 3), penalties(days, [True] * 5).assign(unit="甲")], ignore_index=True)
    fired = triggers.evaluate(frame)
    keys = list(zip(fired["fired_on"], fired["rule"]))
    assert len(set(fired["rule"])) >= 3 and keys == sorted(keys)


@pytest.mark.parametrize("span", [100, 70_000])  # 16-bit radix passes, and the comparison sort past 65,535 days
def test_the_firing_order_is_lexsort_of_day_then_rule(span):
    rng = np.random.default_rng(span)
    day = rng.integers(0, span, 5_000) + 19_000
    rank = rng.integers(0, 19, 5_000)
    assert np.array_equal(triggers._by_day_then_rule(day, rank), np.lexsort((rank, day)))
