"""anjian.hazard: GB 18218-2018 identification and grading; 重大事故隐患判定标准 assessment."""

import re
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

import anjian
from anjian import hazard


def test_sulphur_dioxide_200_t_with_60_people_is_grade_three():
    res = hazard.identify([("二氧化硫", 200)], exposed_people=60)
    assert (res.s, res.is_major, res.alpha, res.r, res.grade, res.grade_zh) == (10.0, True, 1.5, 30.0, 3, "三级")
    assert res.lines.loc[0, "q_from"] == "表1 #4" and res.lines.loc[0, "beta_from"] == "表3"


def test_s_exactly_one_is_a_major_hazard_source_and_one_gram_less_is_not():
    assert hazard.identify({"光气": 0.1, "异氰酸甲酯": 0.25, "#6": 0.1}).is_major
    assert not hazard.identify({"光气": 0.1, "异氰酸甲酯": 0.249999, "#6": 0.1}).is_major
    assert hazard.identify({"液氨": 10}).is_major and not hazard.identify({"液氨": 9.999999}).is_major


@pytest.mark.parametrize("people,alpha", [(0, 0.5), (1, 1.0), (29, 1.0), (30, 1.2), (49, 1.2), (50, 1.5),
                                          (99, 1.5), (100, 2.0)])
def test_alpha_by_people_within_500_m(people, alpha):
    assert hazard.identify({"氨": 20}, exposed_people=people).alpha == alpha


@pytest.mark.parametrize("tonnes,grade", [(500, 1), (499.999999, 2), (250, 2), (249.999999, 3), (50, 3),
                                          (49.999999, 4), (20, 4), (19.99, None)])
def test_grade_bands_at_each_bound(tonnes, grade):
    # SO2 with 100 people: R = 2.0 × 2 × q/20 = q/5
    assert hazard.identify({"二氧化硫": tonnes}, exposed_people=100).grade == grade


@given(st.lists(st.tuples(st.sampled_from(["甲醇", "氨", "氯", "汽油", "苯"]), st.integers(0, 10**9)), min_size=1,
                max_size=6), st.integers(0, 500))
def test_r_is_alpha_times_sum_of_beta_q_over_q(lines, people):
    cats = {"甲醇": "W5.3", "汽油": "W5.2", "苯": "W5.3"}
    inv = [(name, Decimal(grams) / 10**6, cats.get(name, "")) for name, grams in lines]
    res = hazard.identify(inv, exposed_people=people)
    q = {"甲醇": 500, "氨": 10, "氯": 5, "汽油": 200, "苯": 50}
    beta = {"甲醇": 1, "氨": 2, "氯": 4, "汽油": 1, "苯": 1}
    s = sum(Decimal(g) / 10**6 / q[n] for n, g in lines)
    assert res.s == pytest.approx(float(s), rel=1e-12, abs=1e-12)
    expected = res.alpha * float(sum(beta[n] * Decimal(g) / 10**6 / q[n] for n, g in lines))
    if s >= 1:
        assert res.r == pytest.approx(expected, rel=1e-12, abs=1e-12)
    else:  # not a major hazard source: R is not defined (4.3)
        assert res.r is None and res.grade is None


def test_below_s_one_no_category_is_demanded_for_beta():
    # 氨 is a named toxic gas (β from table 3); 甲醇 has no β without its category: needed only to grade
    below = hazard.identify([("氨", 1.0), ("甲醇", 1.0)], exposed_people=10)
    assert below.s == pytest.approx(0.102) and not below.is_major and below.r is None and below.grade is None
    with pytest.raises(anjian.Error, match="row 1: '甲醇' is not a named toxic gas .* give the category"):
        hazard.identify([("氨", 10.0), ("甲醇", 1.0)], exposed_people=10)  # S = 1.002: graded, β needed


def test_propane_and_butane_are_the_liquefied_petroleum_gas_row():
    for name in ("丙烷", "丁烷"):
        res = hazard.identify([(name, 10, "W2")])  # table 1 before table 2: Q 50 t, not W2's 10 t
        assert res.s == pytest.approx(0.2) and res.lines.loc[0, "q_from"] == "表1 #52"


def test_several_hazards_take_the_lowest_q():
    res = hazard.identify([("某溶剂", 60, ["W5.3", "J3"])], exposed_people=10)
    assert res.lines.loc[0, "q_t"] == 50 and res.lines.loc[0, "q_from"] == "表2 J3"


def test_a_category_alone_identifies_a_line():
    assert hazard.identify([("W2", 10)]).is_major


@pytest.mark.parametrize("inventory,message", [
    ([("某溶剂", 60)], "'某溶剂' is not in GB 18218 table 1"),
    ([("某溶剂", 60, "W12")], "unknown hazard category 'W12'"),
    ([("硝化纤维素", 1)], "#37"),
    ([("一氧化碳", 1)], "give its hazard categories"),
])
def test_unknown_or_ambiguous_substances_are_errors_naming_them(inventory, message):
    with pytest.raises(anjian.InputError, match=message):
        hazard.identify(inventory)


def test_grading_a_table_one_chemical_without_category_needs_its_category():
    with pytest.raises(anjian.InputError, match="'甲醇' is not a named toxic gas"):
        hazard.identify({"甲醇": 600}, exposed_people=10)


def test_lookup_by_alias_cas_and_row():
    assert hazard.lookup("光气")["q_t"] == Decimal("0.3")
    assert hazard.lookup("7664-41-7")["name"] == "氨"
    assert hazard.lookup("#27")["verified"] is False
    with pytest.raises(anjian.Error, match="several rows"):
        hazard.lookup("硝酸铵")


def plant():
    return pd.DataFrame({"unit": ["罐区A", "罐区A", "装置B", "装置C"], "substance": ["液氨", "甲醇", "", "氯"],
                         "category": ["", "W5.3", "W2", ""], "tonnes": [8, 600, 3, 1],
                         "people": [120, 120, 20, 0]}, index=[2, 3, 4, 5])


def test_identify_many_is_one_result_per_unit():
    out = hazard.identify_many(plant(), "people")
    assert out.index.tolist() == ["罐区A", "装置B", "装置C"]
    assert out.loc["罐区A", "s"] == pytest.approx(2.0) and out.loc["罐区A", "r"] == pytest.approx(5.6)
    assert out.loc["罐区A", "grade_zh"] == "四级"
    assert not out.loc["装置B", "is_major"] and out.loc["装置B", "grade"] == 0
    single = hazard.identify(plant().query("unit == '罐区A'"), exposed_people=120)
    assert single.r == pytest.approx(out.loc["罐区A", "r"])


def test_identify_many_names_the_grade_in_text_empty_when_ungraded():
    out = hazard.identify_many(plant(), "people")
    assert not isinstance(out["grade_zh"].dtype, pd.CategoricalDtype)  # text (object, or str under pandas 3)
    assert out["grade_zh"].tolist() == ["四级", "", ""]
    assert out["grade"].tolist() == [4, 0, 0]


def test_identify_many_errors_name_the_row_and_column():
    bad = plant()
    bad.loc[4, "category"] = ""
    with pytest.raises(anjian.InputError, match="row 4"):
        hazard.identify_many(bad)
    bad = plant()
    bad.loc[3, "people"] = 7
    with pytest.raises(anjian.InputError, match="two numbers of exposed people"):
        hazard.identify_many(bad, "people")


def test_identify_many_names_every_unreadable_line_or_leaves_its_unit_unjudged():
    bad = plant()
    bad.loc[3, ["substance", "category"]] = ["不存在的物质", ""]  # neither in table 1 nor with a category
    bad.loc[4, "category"] = ""
    with pytest.raises(anjian.InputError) as e:
        hazard.identify_many(bad)
    assert e.value.refused == 2 and [p["row"] for p in e.value.problems] == [3, 4]
    out = hazard.identify_many(bad, "people", errors="status")
    assert out["status"].tolist() == ["refused", "refused", "ok"]
    assert np.isnan(out.loc["罐区A", "s"]) and out.loc["罐区A", "is_major"] is None  # never the sum of the rest
    assert out.loc["装置C", "s"] == hazard.identify_many(plant(), "people").loc["装置C", "s"]
    assert out.loc["装置B", "problem"] != ""


def test_identify_many_leaves_a_unit_with_a_line_of_no_quantity_unjudged_with_errors_status():
    bad = plant()
    bad.loc[3, "tonnes"] = -600  # negative: one reason; an empty cell and one above 10^9 t: theirs
    bad.loc[5, "tonnes"] = np.nan
    with pytest.raises(anjian.InputError) as e:
        hazard.identify_many(bad, "people")
    assert [p["row"] for p in e.value.problems] == [3, 5] and "tonnes" in str(e.value)
    out = hazard.identify_many(bad, "people", errors="status")
    assert out["status"].tolist() == ["refused", "ok", "refused"]
    assert out.loc["罐区A", "problem"] == "-600.0 is not a quantity in tonnes from 0 to 1e+09"
    assert out.loc["装置C", "problem"].startswith("nan is not a quantity") and np.isnan(out.loc["装置C", "s"])
    assert out.loc["装置B", "s"] == hazard.identify_many(plant(), "people").loc["装置B", "s"]
    huge = plant()
    huge.loc[4, "tonnes"] = 2e9
    assert hazard.identify_many(huge, errors="status")["status"].tolist() == ["ok", "refused", "ok"]


# 化工 standard (安监总管三〔2017〕121号): the findings that meet each of the 20 items, one at a time.
CHEMICAL_ITEMS = {
    1: {"principal_or_safety_manager_not_certified": True},
    2: {"uncertified_special_operators": 1},
    3: {"involves_two_key_one_major": True, "external_safety_distance_m": 99.9,
        "required_external_safety_distance_m": 100},
    4: {"key_process_without_automation_or_esd": True},
    5: {"tank_farm_hazard_grade": 2, "tank_farm_emergency_shutoff": False},
    6: {"pressurized_lpg_tank_without_water_injection": True},
    7: {"liquefied_gas_filling_without_loading_arm": True},
    8: {"toxic_gas_pipeline_through_public_area": True},
    9: {"overhead_power_line_through_production_area": True},
    10: {"plant_without_design_or_diagnosis": True},
    11: {"eliminated_process_or_equipment": True},
    12: {"gas_detection_or_explosion_proofing_missing": True},
    13: {"control_room_not_blast_protected": True},
    14: {"no_dual_power_or_ups": True},
    15: {"safety_accessories_not_in_service": True},
    16: {"no_responsibility_system_or_hazard_rules": True},
    17: {"no_operating_procedures": True},
    18: {"special_work_rules_missing_or_ineffective": True},
    19: {"process_not_trialled_or_assessed": True},
    20: {"stored_tonnes": 100.5, "permitted_tonnes": 100},
}


@pytest.mark.parametrize("item", sorted(CHEMICAL_ITEMS))
def test_each_chemical_item_is_met_by_its_findings_alone(item):
    a = hazard.assess(CHEMICAL_ITEMS[item], "化工", "2024-06-01")
    assert a.matched["id"].tolist() == [f"chemical.{item}"]
    assert a.is_major_hazard and any(c["basis"].startswith("安全生产法 第六十五条") for c in a.consequences)


@pytest.mark.parametrize("findings", [
    {"uncertified_special_operators": 0},
    {"involves_two_key_one_major": True, "external_safety_distance_m": 100, "required_external_safety_distance_m": 100},
    {"involves_two_key_one_major": False, "external_safety_distance_m": 10, "required_external_safety_distance_m": 100},
    {"tank_farm_hazard_grade": 3, "tank_farm_emergency_shutoff": False},
    {"tank_farm_hazard_grade": 0, "tank_farm_emergency_shutoff": False},
    {"stored_tonnes": 100, "permitted_tonnes": 100},
])
def test_chemical_items_on_the_safe_side_of_their_thresholds(findings):
    assert not hazard.assess(findings, "chemical", "2024-06-01").is_major_hazard


def test_chemical_item_five_links_gb18218_grading():
    grade = hazard.identify({"液氯": 60}, exposed_people=200).grade  # R = 2 × 4 × 12 = 96: 二级
    a = hazard.assess({"tank_farm_hazard_grade": grade, "tank_farm_emergency_shutoff": True,
                       "tank_farm_toxic_or_liquefied": True, "tank_farm_independent_sis": False}, "化工", "2024-06-01")
    assert grade == 2 and a.matched["id"].tolist() == ["chemical.5"]


@pytest.mark.parametrize("workers,met", [(9, False), (10, True)])
def test_ammonia_quick_freezing_room_with_more_than_nine_workers(workers, met):
    a = hazard.assess({"quick_freezing_room_workers": workers, "quick_freezer_not_in_separate_room": False}, "工贸",
                      "2024-06-01")
    assert a.is_major_hazard is met


def test_coal_slope_angle_above_design_maximum_without_effective_measures():
    def met(**findings):
        return hazard.assess(findings, "煤矿", "2024-06-01").is_major_hazard

    assert met(slope_angle_deg=36, slope_angle_design_max_deg=35, slope_measures_effective=False)
    assert not met(slope_angle_deg=36, slope_angle_design_max_deg=35, slope_measures_effective=True)
    assert not met(slope_angle_deg=35, slope_angle_design_max_deg=35, slope_severely_deformed=False,
                   slope_measures_effective=False)


@pytest.mark.parametrize("item, condition, measures", [
    ("coal.7", "serious_water_hazard", "water_hazard_measures_effective"),
    ("coal.8", "rock_burst_danger", "rock_burst_measures_effective"),
    ("coal.9", "spontaneous_combustion_serious", "spontaneous_combustion_measures_effective"),
])
def test_coal_conditions_are_hazards_only_without_effective_measures(item, condition, measures):
    def assess(**findings):
        return hazard.assess(findings, "煤矿", "2024-06-01")

    assert list(assess(**{condition: True, measures: False}).matched["id"]) == [item]
    assert assess(**{condition: True, measures: True}).matched.empty
    assert item in assess(**{condition: True}).not_assessed  # whether measures were taken is not known


def test_trade_al_mg_positive_pressure_is_a_hazard_by_itself_other_dust_only_without_ignition_control():
    def met(**findings):
        return "trade.11.4" in set(hazard.assess(findings, "工贸", "2024-06-01").matched["id"])

    assert met(al_mg_positive_pressure_collection=True)
    assert met(other_dust_positive_pressure_blowing=True, ignition_source_measures_taken=False)
    assert not met(other_dust_positive_pressure_blowing=True, ignition_source_measures_taken=True,
                   al_mg_positive_pressure_collection=False)


def test_trade_confined_space_item_needs_both_findings():
    def met(ledger, signs):
        return "trade.13.1" in set(hazard.assess({"confined_space_not_identified_or_no_ledger": ledger,
                                                  "confined_space_no_warning_signs": signs}, "工贸",
                                                 "2024-06-01").matched["id"])

    assert met(True, True)
    assert not met(True, False) and not met(False, True)


def test_a_failed_listed_device_brings_article_99_and_no_standard_lists_article_101_item_5():
    failed = hazard.assess({"listed_safety_devices_failed": True}, "工贸", "2024-06-01")
    other = hazard.assess({"al_mg_positive_pressure_collection": True}, "工贸", "2024-06-01")
    assert "安全生产法 第九十九条第三项" in [c["basis"] for c in failed.consequences]
    assert "安全生产法 第九十九条第三项" not in [c["basis"] for c in other.consequences]
    for industry in ("chemical", "industry_trade", "coal", "metal_nonmetal_mine", "construction"):
        assert "aqsc_101_5" not in [c["id"] for c in hazard.standard(industry, "2024-06-01").consequences]


def test_missing_findings_leave_items_not_assessed():
    a = hazard.assess({}, "chemical", "2024-06-01")
    assert not a.is_major_hazard and len(a.not_assessed) == 20 and a.consequences == []


def test_standard_by_date_and_bad_findings():
    with pytest.raises(anjian.Error, match="on 2024-04-30 .*which is not encoded"):
        hazard.assess({}, "coal", "2024-04-30")
    with pytest.raises(anjian.Error, match="no 重大事故隐患判定标准 for industry 'fireworks' in force on 2024-06-01"):
        hazard.assess({}, "fireworks", "2024-06-01")
    with pytest.raises(anjian.InputError, match="'tank_farm_grade' is not a finding"):
        hazard.assess({"tank_farm_grade": 1}, "chemical", "2024-06-01")
    with pytest.raises(anjian.InputError, match="grade 1..4"):
        hazard.assess({"tank_farm_hazard_grade": 5}, "chemical", "2024-06-01")


@pytest.mark.parametrize("industry, first, earlier", [("industry_trade", "2023-05-15", "安监总管四〔2017〕129号"),
                                                     ("coal", "2024-05-01", "应急管理部令第4号"),
                                                     ("metal_nonmetal_mine", "2022-09-01", "安监总管一〔2017〕98号")])
def test_a_day_before_the_encoded_standard_is_refused_naming_the_earlier_standard(industry, first, earlier):
    day_before = (pd.Timestamp(first) - pd.Timedelta(days=1)).date().isoformat()
    hazard.assess({}, industry, first)  # the first day of the encoded standard is judged by it
    with pytest.raises(anjian.Error, match=f"on {day_before} .*{re.escape(earlier)}.* which is not encoded"):
        hazard.assess({}, industry, day_before)
    frame = pd.DataFrame({"industry": [industry], "date": [day_before]})
    with pytest.raises(anjian.Error, match=re.escape(earlier)):
        hazard.assess_many(frame, industry_column="industry", date_column="date")


def test_consequences_name_penalty_provisions_that_exist():
    provisions = {pid for pid, _ in anjian.penalty.Engine().provisions}
    for industry in ("chemical", "coal", "industry_trade", "metal_nonmetal_mine", "construction"):
        for c in hazard.standard(industry, "2024-06-01").consequences:
            assert not c["provision"] or c["provision"] in provisions


def test_standards_list_their_verification():
    s = hazard.standards().set_index("industry")
    assert s.loc["chemical", "items"] == 20 and s.loc["chemical", "unverified_items"] == 0
    assert s.loc["coal", "items"] == 17
    assert s.loc["construction", "unverified_items"] == s.loc["construction", "items"]


def test_assess_many_one_row_per_matched_item():
    inspections = pd.DataFrame({"unit": ["甲", "乙", "丙"], "industry": ["化工", "工贸", "化工"],
                                "date": ["2024-06-01"] * 3, "tank_farm_hazard_grade": [1, np.nan, 3],
                                "tank_farm_emergency_shutoff": ["否", None, "否"],
                                "quick_freezing_room_workers": [np.nan, 12, np.nan]}, index=[10, 11, 12])
    out = anjian.hazard.assess_many(inspections, keys=["unit"])
    assert out.index.tolist() == [10, 11] and out["id"].tolist() == ["chemical.5", "trade.12.2"]


@pytest.mark.parametrize("index", [pd.RangeIndex(3), pd.RangeIndex(10, 16, 2), pd.RangeIndex(5, -1, -2),
                                   pd.Index(["甲", "乙", "丙"]), pd.date_range("2024-01-01", periods=3),
                                   pd.MultiIndex.from_tuples([("a", 1), ("a", 2), ("b", 1)])])
def test_assess_many_labels_each_match_with_its_rows_label_whatever_the_index(index):
    inspections = pd.DataFrame({"tank_farm_hazard_grade": [1, 3, 2],
                                "tank_farm_emergency_shutoff": [False, False, False]}, index=index)
    out = anjian.hazard.assess_many(inspections, industry="化工", date="2024-06-01")
    assert out.index.name == "row" and out.index.tolist() == [index[0], index[2]]
    assert out["id"].tolist() == ["chemical.5", "chemical.5"]


def test_assess_many_names_every_row_it_cannot_assess_or_refuses_them_per_row():
    inspections = pd.DataFrame({"unit": ["甲", "乙", "丙", "丁"], "industry": ["化工", None, "化工", "化工"],
                                "date": ["2024-06-01"] * 4, "tank_farm_hazard_grade": [1, np.nan, 9, 2],
                                "tank_farm_emergency_shutoff": ["否", None, None, "是"]}, index=[10, 11, 12, 13])
    with pytest.raises(anjian.InputError) as e:
        anjian.hazard.assess_many(inspections, keys=["unit"])
    assert [(p["row"], p["message"][:25]) for p in e.value.problems] == [
        (11, "no industry: give industr"), (12, "'tank_farm_hazard_grade' ")]
    out = anjian.hazard.assess_many(inspections, keys=["unit"], errors="status")
    assert out.index.tolist() == [10, 11, 12]  # 13 meets nothing: its shut-off is there (是)
    assert out["status"].tolist() == ["ok", "refused", "refused"]
    assert out.loc[10, "id"] == "chemical.5" and out.loc[11, "unit"] == "乙"
    assert out.loc[12, "problem"].startswith("'tank_farm_hazard_grade' is a GB 18218 grade")


@pytest.mark.parametrize("dtype", ["boolean", "Int64", "Int8", "UInt64", "Float64", "float64", "object"])
def test_assess_many_reads_nullable_columns_as_their_values_and_na_as_not_given(dtype):
    # pandas' masked arrays go to the kernel as (values, missing) as they lie; UInt64 is widened to float.
    shutoff = [False, True, False, False, None, 2]  # the last: no flag, refused naming the finding
    grade = [1, 2, None, 3, 1, 1]
    if dtype == "boolean":
        shutoff_col = pd.array(shutoff[:5] + [None], dtype="boolean")
    elif dtype in ("object", "float64"):
        shutoff_col = pd.Series(shutoff, dtype=dtype)
    else:
        shutoff_col = pd.array([None if v is None else int(v) for v in shutoff], dtype=dtype)
    grade_col = pd.array(grade, dtype="Int64" if dtype != "object" else object)
    inspections = pd.DataFrame({"tank_farm_emergency_shutoff": shutoff_col, "tank_farm_hazard_grade": grade_col})
    out = anjian.hazard.assess_many(inspections, industry="化工", date="2024-06-01", errors="status")
    assert out.index.tolist() == ([0] if dtype == "boolean" else [0, 5]) and out.loc[0, "id"] == "chemical.5"
    assert out.loc[0, "why"].startswith("tank_farm_hazard_grade in [1, 2] (1)")
    if dtype != "boolean":
        assert out.loc[5, "problem"] == "'tank_farm_emergency_shutoff' is a boolean, got '2'"


def test_assess_many_equals_assess_row_by_row():
    inspections = pd.DataFrame({"industry": ["化工"] * 4, "date": ["2024-06-01"] * 4,
                                "tank_farm_hazard_grade": [1, 2, np.nan, 4],
                                "tank_farm_emergency_shutoff": ["否", "false", None, True]})
    many = anjian.hazard.assess_many(inspections)
    for label, row in inspections.iterrows():
        given = {k: v for k, v in row.items() if k not in ("industry", "date") and not pd.isna(v)}
        one = anjian.hazard.assess(given, "化工", "2024-06-01")
        assert sorted(many.loc[[label]]["id"].tolist() if label in many.index else []) == sorted(
            one.matched["id"].tolist())


@pytest.mark.parametrize("identify", [
    lambda on: hazard.identify([("氨", 10)], on=on),
    lambda on: hazard.identify_many(pd.DataFrame({"unit": ["甲"], "substance": ["氨"], "tonnes": [10]}), on=on),
])
def test_gb18218_2018_applies_from_2019_03_01_and_is_named(identify):
    assert "GB 18218-2018" in str(getattr(identify("2019-03-01"), "standard", None) or
                                 identify("2019-03-01").attrs["standard"])
    with pytest.raises(anjian.Error, match="on 2019-02-28 GB 18218-2009 危险化学品重大危险源辨识 applies, which is not encoded"):
        identify("2019-02-28")


def test_assess_many_looks_up_each_industry_and_date_as_assess_would():
    # A date of None is today; NaT, an unknown industry and a date before any standard are refused with
    # their own reasons, each row by its own; a missing industry names the argument to give.
    inspections = pd.DataFrame({"industry": ["化工", "化工", "工贸", None, "钢铁", "化工", "化工", np.nan],
                                "date": ["2024-06-01", None, "2024-06-01", "2024-06-01", "2024-06-01", pd.NaT,
                                         "2000-01-01", "2024-06-01"],
                                "tank_farm_hazard_grade": [1, 1, np.nan, 1, 1, 1, 1, 1],
                                "tank_farm_emergency_shutoff": [False, False, None, False, False, False, False,
                                                                False]})
    out = anjian.hazard.assess_many(inspections, errors="status")
    assert out.loc[[0], "id"].tolist() == ["chemical.5"] and out.loc[[1], "id"].tolist() == ["chemical.5"]
    assert 2 not in out.index  # 工贸: no finding of its items given
    problems = out[out["status"] == "refused"]["problem"]
    assert problems.index.tolist() == [3, 4, 5, 6, 7]
    assert problems[3].startswith("no industry") and problems[7].startswith("no industry")
    for row in (4, 5, 6):
        with pytest.raises(anjian.Error) as e:
            hazard.standard(inspections.loc[row, "industry"], inspections.loc[row, "date"])
        assert problems[row] == str(getattr(e.value, "reason", None) or e.value)
    industry_given = anjian.hazard.assess_many(inspections.drop(columns="industry"), industry="化工",
                                               errors="status")
    assert industry_given["status"].tolist().count("refused") == 2  # the NaT and the year 2000


def test_an_items_condition_reads_as_its_clauses_joined_by_and_and_or():
    items = anjian._core.hazard_standard("national/hazard_coal").items
    assert next(i for i in items if i["id"] == "coal.2")["when"] == "gas_over_limit_operation is true"
    assert ("slope_angle_deg > slope_angle_design_max_deg and slope_measures_effective is false or "
            "slope_severely_deformed is true and slope_measures_effective is false") in [i["when"] for i in items]
