import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import anjian
from anjian import penalty

from packs import RULES, facts_of, pack

CASES = yaml.safe_load((Path(__file__).resolve().parents[1] / "vectors" / "penalty_cases.yaml").read_text(encoding="utf-8"))["cases"]


def run(engine: penalty.Engine, case: dict) -> penalty.Recommendation:
    decision = case.get("decision")
    if case["call"] == "accident_fine":
        return engine.accident_fine(case["level"], case["act"], decision, case.get("aggravated", False),
                                    case.get("sector", "general"))
    if case["call"] == "principal_fine":
        return engine.principal_fine(case["level"], case["income"], case["act"], decision)
    return engine.recommend(case["provision"], case["facts"], case["act"], decision, party=case["party"],
                            income_yuan=case.get("income"), illegal_gains_yuan=case.get("gains"),
                            circumstances=case.get("circumstances", ()), reduce=case.get("reduce", False),
                            act_end=case.get("act_end"), discovered=case.get("discovered"),
                            harm_to_life_or_health=case.get("harm", False))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_shared_penalty_case(case):
    engine = penalty.Engine()
    if "error" in case:
        with pytest.raises(anjian.Error) as info:
            run(engine, case)
        assert case["error"] in str(info.value)
        return
    rec = run(engine, case)
    want = case["expect"]
    assert rec.no_fine == want.get("no_fine", False)
    if rec.no_fine:  # measures only: no amounts
        assert rec.min_yuan is None and rec.max_yuan is None and rec.recommended_yuan is None
    else:
        assert rec.min_yuan == Decimal(want["min"]) and rec.max_yuan == Decimal(want["max"])
    assert rec.basis == want["basis"] and rec.law_version == str(want["law_version"])
    assert rec.open_below == want.get("open_below", False)
    if "trace" in want:  # words some step of the trace says
        assert any(want["trace"] in f"{s['rule']}: {s['detail']}" for s in rec.trace), want["trace"]
    for key in ("band", "measures", "no_penalty", "time_barred", "hearing", "may_waive", "verified"):
        if key in want:
            assert getattr(rec, key) == want[key], key
    for key in ("band_min", "band_max", "recommended"):
        if key in want:
            assert getattr(rec, key + "_yuan") == Decimal(want[key]), key


@pytest.mark.parametrize("case", [c for c in CASES if "error" not in c], ids=[c["name"] for c in CASES if "error" not in c])
def test_every_field_python_reads_is_the_engines_own_for_that_field(case):
    # The binding writes each field into its slot by position: the engine's JSON of the same result,
    # field by field, catches a value written into its neighbour's slot.
    rec = run(penalty.Engine(), case)
    doc = json.loads(rec.to_json())
    for name in ("min_yuan", "max_yuan", "recommended_yuan", "band_min_yuan", "band_max_yuan"):
        value = getattr(rec, name)
        assert (None if value is None else Decimal(value)) == (None if doc[name] is None else Decimal(doc[name])), name
    for name in ("provision", "party", "open_below", "no_fine", "band", "measures", "no_penalty", "may_waive",
                 "time_barred", "hearing", "law_version", "verified", "pack", "trace"):
        assert getattr(rec, name) == doc[name], name
    assert rec.basis == doc["basis"]["text"]


def test_the_case_handlers_question_with_its_reasons():
    rec = penalty.Engine().accident_fine("较大", dt.date(2021, 8, 20), decision_date=dt.date(2021, 11, 3))
    assert (rec.min_yuan, rec.max_yuan) == (500_000, 1_000_000) and type(rec.min_yuan) is int
    rules = [s["rule"] for s in rec.trace]
    assert rules[:5] == ["provision", "act date", "case", "decision date", "从旧兼从轻"]
    assert "发生生产安全事故" in rec.trace[0]["detail"]  # the provision's title
    assert "行政处罚法(2021) 第三十七条" in rec.trace[4]["detail"]
    assert any(s["rule"] == "一事不二罚" and "行政处罚法(2014)" not in s["detail"] and "第二十九条" in s["detail"]
               for s in rec.trace)
    assert not rec.verified  # the 2014 edition's start date is general knowledge, not checked
    doc = json.loads(rec.to_json())
    assert doc["schema"] == "anjian.penalty.recommendation/1" and doc["engine"] == f"anjian {anjian.__version__}"
    assert doc["basis"] == {"text": "安全生产法(2014) 第一百零九条第二项", "law": "安全生产法", "edition": "2014",
                            "law_id": "aqsc2014", "article": 109, "paragraph": 0, "item": 2}
    assert (doc["act_date"], doc["decision_date"], doc["min_yuan"]) == ("2021-08-20", "2021-11-03", "500000")
    assert {p["name"] for p in doc["packs"]} == {"national/penalties", "national/penalty_general"}
    assert all(len(p["content_hash"]) == 16 for p in doc["packs"])


def test_levels_as_accident_level_numbers_and_bad_arguments():
    e = penalty.Engine()
    assert e.accident_fine(2, "2022-01-01").basis == e.accident_fine("较大", "2022-01-01").basis
    with pytest.raises(anjian.Error, match="accident level"):
        e.accident_fine("big", "2022-01-01")
    with pytest.raises(anjian.Error, match="last_year_income_yuan is not an amount of money in yuan"):
        e.principal_fine("一般", "100.005", "2022-01-01")
    with pytest.raises(anjian.Error, match="act_date: .yesterday. is not a date"):
        e.accident_fine("一般", "yesterday")
    with pytest.raises(anjian.Error, match="sector must be"):
        e.accident_fine("一般", "2022-01-01", sector="fishing")


def test_article_numbers_in_chinese():
    assert [anjian._core.article_zh(n) for n in (9, 10, 14, 20, 37, 95, 100, 101, 109, 110, 114)] == \
        ["第九条", "第十条", "第十四条", "第二十条", "第三十七条", "第九十五条", "第一百条", "第一百零一条",
         "第一百零九条", "第一百一十条", "第一百一十四条"]


def test_a_bad_penalty_pack_reports_every_problem(tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text(
        "anjian_pack: 2\nname: x\nkind: penalty_table\nversion: '1'\n"
        "laws:\n  a: {name_zh: 法, edition: '1', effective: {from: 2020-01-01, to: null}, source: s}\n"
        "  b: {name_zh: 法, edition: '2', effective: {from: 2021-01-01, to: null}, source: s}\n"
        "provisions:\n  p:\n    title_zh: t\n    versions:\n"
        "      - {law: a, article: 1, source: s, cases: [{unit: {from: 2万, to: 1万}}]}\n"
        "      - {law: b, article: 0, source: s, cases: [{unit: {from: 1.234, to: 2万}}]}\n", encoding="utf-8")
    with pytest.raises(anjian.PackError) as info:
        penalty.Engine([str(bad)])
    keys = {p["key"]: p["message"] for p in info.value.problems}
    assert "'from' is above 'to'" in keys["provisions.p.versions[0].cases[0].unit"]
    assert "positive whole number" in keys["provisions.p.versions[1].article"]
    assert "whole number of fen" in keys["provisions.p.versions[1].cases[0].unit.from"]
    assert "in force at the same time" in keys["provisions.p.versions[1]"]


def test_daily_fines_late_surcharges_and_totals():
    # 安全生产法 第一百一十二条: from the day after the order, every day
    assert penalty.daily_penalty(10000, "2024-03-01", "2024-03-02") == 10000
    assert penalty.daily_penalty(10000, "2024-03-01", "2024-03-11") == 100000
    with pytest.raises(anjian.Error, match="start the day after"):
        penalty.daily_penalty(10000, "2024-03-01", "2024-03-01")
    # 行政处罚法 第七十二条: 3% a day, never more than the fine
    assert penalty.late_payment_surcharge(50000, "2024-03-01", "2024-03-01") == 0
    assert penalty.late_payment_surcharge(50000, "2024-03-01", "2024-03-03") == 3000
    assert penalty.late_payment_surcharge(50000, "2024-03-01", "2024-04-03") == 49500   # 33 days
    assert penalty.late_payment_surcharge(50000, "2024-03-01", "2024-04-04") == 50000   # 34 days: capped
    assert penalty.late_payment_surcharge("0.50", "2024-03-01", "2024-03-02") == Decimal("0.02")  # 1.5 fen rounds up
    e = penalty.Engine()
    recs = [e.recommend("liability_insurance", {"stage": "first"}, "2023-01-01"),
            e.recommend("safety_equipment", {"stage": "first"}, "2023-01-01")]
    assert penalty.total(recs) == 75000 + 25000


def test_circumstances_are_documented_with_their_basis():
    assert penalty.CIRCUMSTANCES["minor_corrected_no_harm"]["effect"] == "no_penalty"
    assert "第三十二条" in penalty.CIRCUMSTANCES["confessed"]["basis"]
    assert not penalty.CIRCUMSTANCES["repeat_within_year"]["verified"]


def test_a_provincial_benchmark_narrows_the_range_by_a_measurable_fact():
    e = penalty.Engine(["sichuan/discretion"])
    assert [o.name for o in e._engine.overlays] == ["sichuan/discretion"]
    one = e.recommend("evaluation_report_untrue", {"untrue_points": 1}, "2024-01-01")
    two = e.recommend("evaluation_report_untrue", {"untrue_points": 2}, "2024-01-01")
    assert (one.band_min_yuan, one.band_max_yuan) == (30000, 50000) and one.recommended_yuan == 40000
    assert (two.band_min_yuan, two.band_max_yuan) == (50000, 80000)
    assert (two.min_yuan, two.max_yuan) == (30000, 100000)  # the legal range is unchanged
    assert any("川应急规〔2023〕1号" in s["detail"] for s in two.trace)


def test_outside_a_benchmark_the_default_bands_apply_and_the_trace_says_why():
    e = penalty.Engine(["sichuan/discretion"])
    three = e.recommend("evaluation_report_untrue", {"untrue_points": 3}, "2024-01-01")
    assert three.band == "一般" and any("no band for untrue_points = 3" in s["detail"] for s in three.trace)
    missing = e.recommend("evaluation_report_untrue", {}, "2024-01-01")
    assert any("which the facts do not give: default bands used" in s["detail"] for s in missing.trace)
    before = e.recommend("evaluation_report_untrue", {"untrue_points": 1}, "2023-04-22")  # the day before it took effect
    assert before.band == "一般"
    on = e.recommend("evaluation_report_untrue", {"untrue_points": 1}, "2023-04-23")
    assert on.band == "裁量基准"


def test_a_benchmark_outside_the_statutory_range_is_refused_with_its_line(tmp_path):
    bad = tmp_path / "d.yaml"
    bad.write_text("anjian_pack: 2\nname: t/d\nkind: discretion_benchmark\nversion: '1'\njurisdiction: 某省\n"
                   "effective: {from: 2022-01-01, to: null}\nsource: s\nfacts: {untrue_points: {type: number}}\nbenchmarks:\n"
                   "  - provision: evaluation_report_untrue\n    party: unit\n    key: untrue_points\n    bands:\n"
                   "      - {at_least: 1, below: 2, from: 2万, to: 5万}\n"
                   "      - {at_least: 2, below: 5, from: 5万, to: 12万}\n", encoding="utf-8")
    with pytest.raises(anjian.PackError) as info:
        penalty.Engine([str(bad)])
    lines = sorted(p["line"] for p in info.value.problems)
    assert lines == [14, 15] and all("a benchmark may only narrow" in p["message"] for p in info.value.problems)
    res = __import__("subprocess").run([__import__("sys").executable, "-m", "anjian", "rules", "validate", str(bad)],
                                       capture_output=True, text=True)
    assert res.returncode == 1 and "lies outside the statutory range 3万元–10万元" in res.stderr


def test_benchmarks_and_circumstances_combine():
    e = penalty.Engine(["shanxi/discretion", "examples/discretion"])
    r = e.recommend("construction_safety_facilities", {"stage": "first", "investment_yuan": 80_000_000}, "2023-01-01",
                    party="responsible", circumstances=["eliminated_harm"])
    assert r.band == "裁量基准 从轻" and (r.band_min_yuan, r.band_max_yuan) == (40000, 45000)
    assert not r.verified  # the 山西 pack's dates are assumptions
    low = e.recommend("management_failures", {"stage": "first", "affected_share_percent": 9.99}, "2023-01-01")
    assert (low.band_min_yuan, low.band_max_yuan) == (0, 30000)
    edge = e.recommend("management_failures", {"stage": "first", "affected_share_percent": 10}, "2023-01-01")
    assert (edge.band_min_yuan, edge.band_max_yuan) == (30000, 70000)
    with pytest.raises(anjian.Error, match="ranking_config"):
        penalty.Engine(["national/ranking"])


def test_batches_equal_the_single_case_engine_row_by_row():
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(4)
    n = 400
    cases = pd.DataFrame({"level": rng.choice(["一般", "较大", "重大", "特别重大"], n),
                          "act_date": pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 3650, n), unit="D")},
                         index=pd.RangeIndex(100, 100 + n))
    cases["decision_date"] = cases["act_date"] + pd.to_timedelta(rng.integers(0, 400, n), unit="D")
    cases["aggravated"] = rng.random(n) < 0.2
    cases["last_year_income_yuan"] = rng.integers(0, 10_000_000, n) / 100
    e = penalty.Engine()
    units, principals = e.accident_fines(cases), e.principal_fines(cases.drop(columns="aggravated"))
    assert list(units.index) == list(cases.index)
    for i in cases.index[::7]:
        row = cases.loc[i]
        one = e.accident_fine(row.level, row.act_date.date(), row.decision_date.date(), bool(row.aggravated))
        assert (units.loc[i, "min_yuan"], units.loc[i, "max_yuan"], units.loc[i, "basis"], units.loc[i, "law_version"]) == \
            (one.min_yuan, one.max_yuan, one.basis, one.law_version)
        assert units.loc[i, "recommended_yuan"] == one.recommended_yuan
        p = e.principal_fine(row.level, Decimal(str(row.last_year_income_yuan)), row.act_date.date(), row.decision_date.date())
        assert (principals.loc[i, "min_yuan"], principals.loc[i, "basis"]) == (p.min_yuan, p.basis)
        assert principals.loc[i, "recommended_yuan"] == p.recommended_yuan


def test_batch_errors_name_the_row():
    import pandas as pd

    e = penalty.Engine()
    cases = pd.DataFrame({"level": ["一般", "巨大"], "act_date": ["2022-01-01", "2022-01-02"]}, index=[7, 8])
    with pytest.raises(anjian.Error, match="column 'level', row 8"):
        e.accident_fines(cases)
    early = pd.DataFrame({"level": [1, 2], "act_date": pd.to_datetime(["2022-01-01", "2013-06-01"])}, index=[7, 8])
    with pytest.raises(anjian.Error, match="row 8: no version of 'accident_unit' is in force"):
        e.accident_fines(early)
    backwards = pd.DataFrame({"level": [1], "act_date": pd.to_datetime(["2022-01-05"]),
                              "decision_date": pd.to_datetime(["2022-01-01"])})
    with pytest.raises(anjian.Error, match="row 0: decision date is before the act date"):
        e.accident_fines(backwards)
    with pytest.raises(anjian.Error, match="lack column\\(s\\) last_year_income_yuan"):
        e.principal_fines(cases)


def test_a_provincial_table_adds_provisions_but_cannot_redefine_national_ones(tmp_path):
    add = tmp_path / "add.yaml"
    add.write_text("anjian_pack: 2\nname: t/local\nkind: penalty_table\nversion: '1'\n"
                   "laws:\n  local2022: {name_zh: 某省安全生产条例, edition: '2022', effective: {from: 2022-03-01, to: null}, source: s}\n"
                   "provisions:\n  local_gas_alarm:\n    title_zh: 餐饮场所未安装燃气报警装置\n    versions:\n"
                   "      - {law: local2022, article: 45, source: s, cases: [{unit: {from: 1万, to: 3万}}]}\n",
                   encoding="utf-8")
    e = penalty.Engine([str(add)])
    r = e.recommend("local_gas_alarm", {}, "2023-01-01")
    assert r.basis == "某省安全生产条例(2022) 第四十五条" and (r.min_yuan, r.max_yuan) == (10000, 30000)
    assert e.accident_fine("较大", "2023-01-01").max_yuan == 2_000_000  # the national provisions are still there
    clash = tmp_path / "clash.yaml"
    clash.write_text(add.read_text(encoding="utf-8").replace("local_gas_alarm", "accident_unit"), encoding="utf-8")
    with pytest.raises(anjian.PackError, match="already defined by national/penalties"):
        penalty.Engine([str(clash)])


def test_recommend_many_equals_recommend_row_by_row():
    import pandas as pd

    e = penalty.Engine(["sichuan/discretion"])
    cases = pd.DataFrame({
        "provision": ["management_failures", "evaluation_report_untrue", "principal_rescue_or_reporting",
                      "management_failures", "evaluation_false_or_lent", "management_failures"],
        "party": ["unit", "unit", "principal", "responsible", "unit", "unit"],
        "act_date": ["2023-01-01", "2024-01-01", "2021-08-31", "2023-01-01", "2023-01-01", "2023-01-01"],
        "decision_date": [None, None, "2022-01-01", None, None, None],
        "stage": ["first", None, None, "deadline_missed", None, "first"],
        "untrue_points": [None, 2, None, None, None, None],
        "income_yuan": [None, None, 300000, None, None, None],
        "illegal_gains_yuan": [None, None, None, None, 150000, None]}, index=list("abcdef"))
    many = e.recommend_many(cases)
    for label, row in cases.iterrows():
        facts = {k: row[k] for k in ("stage", "untrue_points") if pd.notna(row[k])}
        if "untrue_points" in facts:
            facts["untrue_points"] = int(facts["untrue_points"])
        one = e.recommend(row.provision, facts, row.act_date, row.decision_date if pd.notna(row.decision_date) else None,
                          party=row.party, income_yuan=None if pd.isna(row.income_yuan) else int(row.income_yuan),
                          illegal_gains_yuan=None if pd.isna(row.illegal_gains_yuan) else int(row.illegal_gains_yuan))
        got = many.loc[label]
        assert (got.min_yuan, got.max_yuan, got.recommended_yuan, got.basis, got.band) == \
            (one.min_yuan, one.max_yuan, one.recommended_yuan, one.basis, one.band), label
    bad = cases.assign(stage=["first", None, None, "sometimes", None, "first"])
    with pytest.raises(anjian.Error, match="row d: fact 'stage' must be one of first, deadline_missed, accident, refused, got 'sometimes'"):
        e.recommend_many(bad)


def test_a_province_may_replace_the_general_part_with_its_own_hearing_thresholds(tmp_path):
    national = (Path(__file__).resolve().parents[2] / "rules" / "national" / "penalty_general.yaml").read_text(encoding="utf-8")
    own = tmp_path / "general.yaml"
    own.write_text(national.replace("name: national/penalty_general", "name: example/penalty_general")
                   .replace("amounts: {unit: 5万, individual: 2万}", "amounts: {unit: 10万, individual: 2万}"), encoding="utf-8")
    facts = {"stage": "first"}
    assert penalty.Engine().recommend("liability_insurance", facts, "2023-01-01").hearing  # 7.5万 >= 5万
    rec = penalty.Engine([str(own)]).recommend("liability_insurance", facts, "2023-01-01")
    assert rec.recommended_yuan == 75000 and not rec.hearing  # 7.5万 < 10万
    assert "example/penalty_general" in {p.name for p in penalty.Engine([str(own)]).packs}


def test_the_circumstances_are_listed_per_text_with_their_dates():
    table = penalty.Engine().circumstances()
    first = table[table["key"] == "first_offence_minor_corrected"]
    assert first["instrument"].tolist() == ["xzcf2021"] and first["effective"].iloc[0] == "[2021-07-15, open)"
    coerced = table[table["key"] == "coerced"]
    assert coerced["instrument"].tolist() == ["xzcf2017", "xzcf2021"]
    assert "受他人胁迫有违法行为的" in coerced["basis"].iloc[0] and "诱骗" in coerced["basis"].iloc[1]


def test_a_penalty_general_pack_validates_like_it_loads(tmp_path):
    bad = tmp_path / "g.yaml"
    bad.write_text("anjian_pack: 2\nname: t/g\nkind: penalty_general\nversion: '1'\ninstruments: {}\n", encoding="utf-8")
    with pytest.raises(anjian.PackError) as info:
        anjian._core.validate_pack(str(bad))
    assert "missing required key 'default_bands'" in str(info.value)
    with pytest.raises(anjian.PackError):
        penalty.Engine([str(bad)])


FORMAT_ONE_TABLE = """# 某省安全生产条例 (an example)
anjian_pack: 1
name: t/local
kind: penalty_table
version: '1'
laws:
  local2022: {name_zh: 某省安全生产条例, edition: '2022', effective: {from: 2022-01-01, to: null}, source: s}
provisions:
  local_rule:
    title_zh: 某条
    versions:
      - law: local2022
        article: 45
        source: s
        cases:
          - {when: {stage: first}, unit: {from: 1万, to: 3万}}   # first finding
          - {when: {stage: deadline_missed}, unit: {from: 3万, to: 5万}}
"""


def test_a_format_one_pack_is_refused_and_migrate_rewrites_it_keeping_comments(tmp_path, capsys):
    from anjian import cli

    old = tmp_path / "local.yaml"
    old.write_text(FORMAT_ONE_TABLE, encoding="utf-8")
    with pytest.raises(anjian.PackError, match="run `anjian rules migrate"):
        penalty.Engine([str(old)])
    assert cli.main(["rules", "migrate", str(old)]) == 0
    text = old.read_text(encoding="utf-8")
    assert "anjian_pack: 2" in text and "# first finding" in text and "# 某省安全生产条例" in text
    assert "{when: {fact: stage, is: first}, unit:" in text and "stage: {type: enum, values: [first, deadline_missed]}" in text
    rec = penalty.Engine([str(old)]).recommend("local_rule", {"stage": "deadline_missed"}, "2023-01-01")
    assert (rec.min_yuan, rec.max_yuan) == (30000, 50000)
    assert cli.main(["rules", "migrate", str(old)]) == 1  # already format 2: nothing to migrate
    assert "not a pack of format 1" in capsys.readouterr().err


def test_migrate_renames_trigger_fields_and_declares_benchmark_keys(tmp_path):
    from anjian._migrate import migrate_text

    triggers = ("anjian_pack: 1\nkind: trigger_rules\nrules:\n"
                "  r: {date_field: date, match: {field: level, '>=': 3}, group_by: [unit]}\n")
    out = migrate_text(triggers)
    assert "match: {fact: level, '>=': 3}" in out and "date_field: date" in out
    assert "facts:\n  level: {type: number}\n  unit: {type: text}\n\nrules:" in out
    bench = ("anjian_pack: 1\nkind: discretion_benchmark\nbenchmarks:\n"
             "  - {provision: p, party: unit, when: {stage: first}, key: n, bands: []}\n")
    out = migrate_text(bench)
    assert "facts:\n  n: {type: number}" in out and "when: {fact: stage, is: first}" in out
    with pytest.raises(anjian.Error, match="a JSON pack"):
        migrate_text('{"anjian_pack": 1, "kind": "trigger_rules", "rules": {}}')
    with pytest.raises(anjian.Error, match="<pack>:5: a block-style 'when:' map"):
        migrate_text("anjian_pack: 1\nkind: penalty_table\nprovisions:\n  p:\n    when:\n      stage: first\n")


def test_a_recommendation_pickles_with_its_json():
    import pickle

    rec = penalty.Engine().accident_fine("较大", dt.date(2021, 8, 20), decision_date=dt.date(2021, 11, 3))
    back = pickle.loads(pickle.dumps(rec))
    assert back == rec and back.to_json() == rec.to_json() and back.trace == rec.trace


def refused_cases():
    return pd.DataFrame({"provision": ["liability_insurance", "liability_insurance", "management_failures",
                                       "liability_insurance", "nothing_such"],
                         "act_date": ["2023-01-01", "2019-01-01", "2023-01-01", "2023-01-01", "2023-01-01"],
                         "stage": ["first", "first", "sometimes", "deadline_missed", "first"]},
                        index=["甲", "乙", "丙", "丁", "戊"])


def test_a_batch_names_every_row_it_refuses_in_one_error():
    with pytest.raises(anjian.InputError) as info:
        penalty.Engine().recommend_many(refused_cases())
    rows = [p["row"] for p in info.value.problems]
    assert rows == ["乙", "丙", "戊"] and str(info.value).startswith("3 of 5 rows refused")
    assert "no version of 'liability_insurance' is in force on the act date 2019-01-01" in str(info.value)


def test_with_errors_status_a_batch_answers_every_other_row_and_says_why():
    e = penalty.Engine()
    out = e.recommend_many(refused_cases(), errors="status")
    assert out["status"].tolist() == ["ok", "refused", "refused", "ok", "refused"]
    assert out.loc["乙", "problem"].startswith("no version of 'liability_insurance'") and out.loc["甲", "problem"] == ""
    assert out.loc["乙", ["min_yuan", "max_yuan", "recommended_yuan", "basis", "law_version"]].isna().all()
    one = e.recommend("liability_insurance", {"stage": "deadline_missed"}, "2023-01-01")
    assert (out.loc["丁", "max_yuan"], out.loc["丁", "basis"]) == (one.max_yuan, one.basis)
    fines = e.accident_fines(pd.DataFrame({"level": [2, 2], "act_date": ["2023-01-01", "2023-01-01"],
                                           "decision_date": ["2023-02-01", "2022-12-01"]}), errors="status")
    assert fines["status"].tolist() == ["ok", "refused"] and fines["problem"].iloc[1] == "decision date is before the act date"
    with pytest.raises(anjian.Error, match="errors must be 'raise' or 'status'"):
        e.recommend_many(refused_cases(), errors="ignore")


def test_cells_that_are_not_dates_are_all_named_at_once_or_refused_per_row():
    cases = pd.DataFrame({"provision": ["liability_insurance"] * 4, "stage": ["first"] * 4,
                          "act_date": ["2023-01-01", "去年", "2023-01-01", "2023-13-45"],
                          "decision_date": ["2023-02-01", "2023-02-01", "不详", "2023-02-01"]}, index=list("abcd"))
    with pytest.raises(anjian.InputError) as info:
        penalty.Engine().recommend_many(cases)
    assert [(p["row"], p["column"]) for p in info.value.problems] == [("b", "act_date"), ("c", "decision_date"),
                                                                      ("d", "act_date")]
    assert str(info.value).startswith("3 of 4 rows refused")
    out = penalty.Engine().recommend_many(cases, errors="status")
    assert out["status"].tolist() == ["ok", "refused", "refused", "refused"]
    assert out["problem"].tolist()[1:] == ["'去年' is not a date (write 2024-01-05 or 2024年1月5日)",
                                           "'不详' is not a date (write 2024-01-05 or 2024年1月5日)",
                                           "'2023-13-45' is not a date of the calendar"]
    assert out.loc["c", ["band", "hearing", "max_yuan"]].isna().all() and out.loc["a", "band"] == "一般"


@pytest.mark.parametrize("act, expected", [("2024年1月5日", "2024-01-05"), ("2024/1/5", "2024-01-05"),
                                           ("20240105", "2024-01-05"), ("2024-01-05 10:30", "2024-01-05")])
def test_act_dates_are_read_by_the_same_table_of_forms_as_the_returns(act, expected):
    cases = pd.DataFrame({"provision": ["liability_insurance"], "stage": ["first"], "act_date": [act],
                          "decision_date": ["2024-02-01"]})
    one = penalty.Engine().recommend("liability_insurance", {"stage": "first"}, expected, "2024-02-01")
    assert penalty.Engine().recommend_many(cases)["max_yuan"].tolist() == [one.max_yuan]


@pytest.mark.parametrize("act, words", [("2024-01", "names a month, not a day"), ("05/01/2024", "ambiguous")])
def test_an_act_date_that_names_no_single_day_is_refused(act, words):
    cases = pd.DataFrame({"provision": ["liability_insurance"], "stage": ["first"], "act_date": [act],
                          "decision_date": ["2024-02-01"]})
    with pytest.raises(anjian.InputError, match=words):
        penalty.Engine().recommend_many(cases)


def test_one_pack_named_as_a_string_is_one_pack_not_its_characters():
    one = penalty.Engine("sichuan/discretion")
    assert [p.name for p in one.packs][-1] == penalty.Engine(["sichuan/discretion"]).packs[-1].name


@pytest.mark.parametrize("level", [1.5, 2.7, True, 258, -1, "较打"])
def test_an_accident_level_that_is_not_one_of_the_four_is_refused_never_truncated_or_wrapped(level):
    cases = pd.DataFrame({"level": [2, level], "act_date": ["2024-01-05"] * 2}, index=["a", "b"])
    with pytest.raises(anjian.InputError, match="accident level must be 1..4") as info:
        penalty.Engine().accident_fines(cases)
    assert info.value.row == "b" and info.value.column == "level"
    out = penalty.Engine().accident_fines(cases, errors="status")
    assert out["status"].tolist() == ["ok", "refused"]


@pytest.mark.parametrize("dtype", ["int8", "uint8", "int16", "int32", "uint32", "int64"])
def test_accident_levels_of_every_integer_type_are_read_as_they_lie_and_one_outside_1_to_4_is_named(dtype):
    good = pd.DataFrame({"level": np.array([1, 4], dtype=dtype), "act_date": ["2024-01-05"] * 2})
    assert penalty.Engine().accident_fines(good)["recommended_yuan"].tolist() == \
        penalty.Engine().accident_fines(good.astype({"level": object}))["recommended_yuan"].tolist()
    for level in (0, 5):
        cases = pd.DataFrame({"level": np.array([2, level], dtype=dtype), "act_date": ["2024-01-05"] * 2},
                             index=["a", "b"])
        with pytest.raises(anjian.InputError, match=f"accident level must be 1..4, got {level}") as info:
            penalty.Engine().accident_fines(cases)
        assert info.value.row == "b" and info.value.column == "level"
        assert penalty.Engine().accident_fines(cases, errors="status")["status"].tolist() == ["ok", "refused"]


@pytest.mark.parametrize("flag, aggravated", [(True, True), (1, True), ("是", True), ("否", False), (None, False),
                                              (0.0, False)])
def test_aggravated_is_yes_or_no(flag, aggravated):
    cases = pd.DataFrame({"level": [2], "act_date": ["2024-01-05"], "aggravated": pd.Series([flag], dtype=object)})
    one = penalty.Engine().accident_fine(2, "2024-01-05", aggravated=aggravated)
    assert penalty.Engine().accident_fines(cases)["recommended_yuan"].tolist() == [one.recommended_yuan]


@pytest.mark.parametrize("flag", [256, 0.5, "maybe", 2])
def test_an_aggravated_flag_that_is_not_yes_or_no_is_refused(flag):
    cases = pd.DataFrame({"level": [2], "act_date": ["2024-01-05"], "aggravated": pd.Series([flag], dtype=object)})
    with pytest.raises(anjian.InputError, match="is not yes or no"):
        penalty.Engine().accident_fines(cases)


def test_an_income_beyond_64_bit_fen_is_refused_not_a_type_error():
    with pytest.raises(anjian.Error, match="beyond the amounts anjian computes with"):
        penalty.Engine().principal_fine("较大", 10**17, "2024-01-05")


def test_an_income_never_appears_in_an_error_only_its_row_and_column():
    secret = "1234567.891"
    cases = pd.DataFrame({"level": [2, 2], "act_date": ["2024-01-05"] * 2, "last_year_income_yuan": ["80万", secret]})
    with pytest.raises(anjian.InputError) as info:
        penalty.Engine().principal_fines(cases)
    assert secret not in str(info.value) and info.value.row == 1 and info.value.column == "last_year_income_yuan"
    with pytest.raises(anjian.Error) as info:
        penalty.Engine().principal_fine("较大", secret, "2024-01-05")
    assert secret not in str(info.value)
    ok = penalty.Engine().principal_fines(cases.iloc[:1])
    assert ok["max_yuan"].tolist() == [penalty.Engine().principal_fine("较大", 800_000, "2024-01-05").max_yuan]


@pytest.mark.parametrize("provision", sorted(pack("national/penalties")["provisions"]))
def test_every_edition_of_every_provision_answers_or_is_named_as_not_encoded(provision):
    """On the first day of each edition an article is encoded for, each case answers from that
    edition's article; an article marked not encoded is refused naming it; the day before the first
    edition, no rule is carried back."""
    table, engine = pack("national/penalties"), penalty.Engine()
    versions = table["provisions"][provision]["versions"]
    for version in versions:
        law = table["laws"][version["law"]]
        first_day = law["effective"]["from"]
        cited = f"{law['name_zh']}({law['edition']}) {anjian._core.article_zh(version['article'])}"
        if "not_encoded" in version:
            with pytest.raises(anjian.Error, match=rf"^{re.escape(cited)} .* its text is not encoded"):
                engine.recommend(provision, {}, first_day)
            continue
        for case in version["cases"]:
            parties = [k for k in case if k not in ("when", "paragraph", "measures")] or ["unit"]
            for party in parties:
                rec = engine.recommend(provision, {**facts_of(case.get("when")), "aggravated": "false"}, first_day,
                                       party=party, income_yuan=100_000, illegal_gains_yuan=0)
                assert rec.basis.startswith(cited), (party, rec.basis)
    earliest = min(table["laws"][v["law"]]["effective"]["from"] for v in versions)
    with pytest.raises(anjian.Error, match="is in force on the act date"):
        engine.recommend(provision, {}, earliest - dt.timedelta(days=1))


@pytest.mark.parametrize("circumstance, band, low, high", [("轻微", "较轻", 0, 10000), ("一般", "一般", 10000, 30000),
                                                           ("严重", "较重", 30000, 50000)])
def test_a_benchmark_of_tiers_selects_the_tier_whose_conditions_hold(circumstance, band, low, high):
    engine = penalty.Engine(["examples/discretion_tiers"])
    rec = engine.recommend("safety_equipment", {"stage": "first", "circumstance": circumstance}, "2025-01-01")
    assert (rec.band_min_yuan, rec.band_max_yuan) == (low, high)
    assert any(f"{band}, 适用条件 circumstance is {circumstance}" in s["detail"] for s in rec.trace)
    unknown = engine.recommend("safety_equipment", {"stage": "first"}, "2025-01-01")
    assert any("no 阶次's 适用条件 holds" in s["detail"] for s in unknown.trace)


@pytest.mark.parametrize("old, new, words", [
    ("{label: 一般, when: {fact: circumstance, is: 一般}", "{label: 一般, when: {fact: circumstance, in: [一般, 严重]}",
     "can hold together with those of 一般"),
    ("{label: 较轻, when: {fact: circumstance, is: 轻微}, up_to: 1万}", "{label: 较轻, at_least: 1, up_to: 1万}",
     "selects bands by 'when', not 'at_least'"),
    ("{label: 较轻, when: {fact: circumstance, is: 轻微}", "{label: 较轻, when: {fact: circumstance, is: 很轻}",
     "'circumstance' must be one of"),
])
def test_a_tier_table_that_is_not_well_formed_is_refused_with_its_place(tmp_path, old, new, words):
    text = (RULES / "examples" / "discretion_tiers.yaml").read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "tiers.yaml"
    bad.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(anjian.Error, match=re.escape(words)):
        penalty.Engine([str(bad)])


def test_an_item_is_refused_when_the_lighter_later_article_numbers_its_items_otherwise(tmp_path):
    """The item names a 项 of the article in force on the act date; when 从旧兼从轻 applies a later article
    that lists another number of 项, which one is meant is not known."""
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("""anjian_pack: 2
name: test/items
kind: penalty_table
version: "1"
laws:
  old: {name_zh: 某法, edition: "旧", effective: {from: 2014-12-01, to: 2021-09-01}, source: s}
  new: {name_zh: 某法, edition: "新", effective: {from: 2021-09-01, to: null}, source: s}
facts:
  stage: {type: enum, label_zh: 阶段, values: [first, deadline_missed, accident, refused]}
  item: {type: number, label_zh: 项}
provisions:
  renumbered:
    title_zh: 项的编号变了
    versions:
      - {law: old, article: 10, items: 6, source: s, cases: [{when: {fact: stage, is: first}, unit: {up_to: 5万}}]}
      - {law: new, article: 12, items: 7, source: s, cases: [{when: {fact: stage, is: first}, unit: {up_to: 1万}}]}
""", encoding="utf-8")
    engine = penalty.Engine([str(overlay)])
    with pytest.raises(anjian.Error, match="is a 项 of 某法\\(旧\\) 第十条, which lists 6"):
        engine.recommend("renumbered", {"stage": "first", "item": 3}, "2021-08-31", "2021-10-01")
    assert engine.recommend("renumbered", {"stage": "first"}, "2021-08-31", "2021-10-01").max_yuan == 10000
    assert engine.recommend("renumbered", {"stage": "first", "item": 3}, "2021-08-31").basis == "某法(旧) 第十条第三项"


def test_an_engine_pickles_as_its_packs_and_answers_the_same_after():
    import pickle

    for packs in (None, ["sichuan/discretion"]):
        engine = penalty.Engine(packs)
        again = pickle.loads(pickle.dumps(engine))
        assert [p.stamp for p in again.packs] == [p.stamp for p in engine.packs]
        assert again.accident_fine(2, "2024-01-05").to_json() == engine.accident_fine(2, "2024-01-05").to_json()


def test_facts_are_read_as_text_true_and_false_as_the_pack_writes_them():
    engine = penalty.Engine()
    day = dt.date(2023, 1, 1)
    as_text = engine.recommend("accident_unit", {"level": "较大", "aggravated": "true"}, day)
    assert engine.recommend("accident_unit", {"level": "较大", "aggravated": True}, day) == as_text
    assert as_text.max_yuan == 10_000_000  # 第一百一十四条第二款: aggravated, up to five times
    assert engine.recommend("accident_unit", {"level": "较大", "aggravated": False}, day).max_yuan == 2_000_000
    assert (engine.recommend("management_failures", {"stage": "first", "item": 2}, day).basis
            == engine.recommend("management_failures", {"stage": "first", "item": "2"}, day).basis
            == "安全生产法(2021) 第九十七条第二项")
    from types import MappingProxyType

    assert engine.recommend("accident_unit", MappingProxyType({"level": "较大"}), day) == \
        engine.recommend("accident_unit", {"level": "较大"}, day)
    with pytest.raises(anjian.Error, match="facts must be a mapping"):
        engine.recommend("accident_unit", [("level", "较大")], day)


def test_money_crosses_from_the_engine_as_the_python_layer_writes_yuan():
    from anjian._core import yuan_of_fen
    from anjian._frames import yuan

    rng = np.random.default_rng(3)
    amounts = [0, 1, 5, 10, 50, 99, 100, 101, 199, 200, 133_333_333, 166_666_667, -1, -5, -50, -100, -150,
               2**63 - 1, -2**63] + [int(x) for x in rng.integers(-10**15, 10**15, 2000)]
    for fen in amounts + amounts[::-1]:  # the second time round, many come from the binding's table of Decimals made
        ours, theirs = yuan_of_fen(fen), yuan(fen)
        assert type(ours) is type(theirs) and ours == theirs and repr(ours) == repr(theirs), fen


def test_a_decisions_trace_states_each_step_in_the_words_a_case_handler_reads():
    # Each line is written from parts (citations, the edition's dates, amounts, ranges) in one string: these are
    # the lines the engine wrote before it did so, word for word.
    engine = penalty.Engine()

    def steps(rec: penalty.Recommendation) -> list[tuple[str, str]]:
        return [(s["rule"], s["detail"]) for s in rec.trace]

    assert steps(engine.recommend("accident_unit", {"level": "较大"}, dt.date(2023, 1, 1))) == [
        ("provision", "accident_unit: 发生生产安全事故，对负有责任的生产经营单位罚款"),
        ("act date", "2023-01-01: 安全生产法(2021) 第一百一十四条 in force ([2021-09-01, open))"),
        ("case", "安全生产法(2021) 第一百一十四条第一款第二项 (level is 较大): unit 100万元–200万元"),
        ("时效", "行政处罚法(2021) 第三十六条 not checked: no discovery date given"),
        ("recommended", "150万元: midpoint of the 一般 band 1333333.33元–1666666.67元 (default bands of the general "
                        "part, unverified)"),
        ("听证", "行政处罚法(2021) 第六十三条: the party may request a hearing (较大数额: 150万元 >= 5万元 for a unit)"),
        ("unverified", "a value used is marked verified: false in its pack")]
    later = dict(steps(engine.accident_fine("较大", dt.date(2021, 8, 20), decision_date=dt.date(2021, 11, 3))))
    assert later["act date"] == "2021-08-20: 安全生产法(2014) 第一百零九条 in force ([2014-12-01, 2021-09-01))"
    assert later["decision date"] == "2021-11-03: 安全生产法(2021) 第一百一十四条 in force, range 100万元–200万元"
    assert later["从旧兼从轻"] == ("行政处罚法(2021) 第三十七条: the norm in force at the act (50万元–100万元) is not "
                              "heavier than the later one, so 安全生产法(2014) 第一百零九条 applies")
    assert steps(engine.recommend("management_failures", {"stage": "first", "item": 2}, dt.date(2023, 1, 1),
                                  circumstances=["confessed"], discovered=dt.date(2024, 6, 1)))[2:] == [
        ("case", "安全生产法(2021) 第九十七条 (stage is first): unit 10万元以下"),
        ("项", "安全生产法(2021) 第九十七条第二项 (the fact 'item')"),
        ("时效", "行政处罚法(2021) 第三十六条: 2 years from 2023-01-01 run to 2025-01-01; discovered 2024-06-01: in time"),
        ("circumstance", "行政处罚法(2021) 第三十二条第三项: 主动供述行政机关尚未掌握的违法行为的"),
        ("recommended", "1万元: midpoint of the 从轻 band 0元–2万元 (default bands of the general part, unverified)")]


def test_text_crosses_from_the_engine_as_it_was_written_whatever_was_made_before():
    from anjian._core import text_of

    rng = np.random.default_rng(5)
    words = ["", "一般", "安全生产法(2021) 第一百一十四条第一款第二项", "a" * 300] + [
        "".join(rng.choice(list("安全生产法第条款项abc 0123"), rng.integers(1, 40))) for _ in range(3000)]
    for text in words + words[::-1]:  # far more texts than the binding keeps: they displace one another
        made = text_of(text)
        assert type(made) is str and made == text
    assert text_of(words[2]) is text_of(words[2])  # made once while no other text displaces it


def test_text_crosses_from_the_engine_as_it_wrote_it_whichever_decision_came_before():
    import json

    engine = penalty.Engine()
    day = dt.date(2023, 1, 1)
    decisions = [lambda level=level: engine.accident_fine(level, day) for level in (1, 2, 3, 4)]
    decisions += [lambda item=item: engine.recommend("management_failures", {"stage": "first", "item": item}, day)
                  for item in range(1, 5)]
    decisions += [lambda: engine.principal_fine(2, 300_000, day), lambda: engine.accident_fine(2, day, sector="coal")]
    for decide in decisions + decisions[::-1]:  # the second time round, the binding has made these texts before
        rec = decide()
        doc = json.loads(rec.to_json())
        assert (rec.provision, rec.party, rec.band, rec.basis, rec.law_version, rec.pack) == (
            doc["provision"], doc["party"], doc["band"], doc["basis"]["text"], doc["law_version"], doc["pack"])


def test_a_recommendations_trace_is_read_when_asked_and_then_kept():
    import copy
    import dataclasses

    rec = penalty.Engine().recommend("accident_unit", {"level": "较大"}, dt.date(2023, 1, 1))
    assert rec.trace == rec._native.trace and rec.trace[0]["rule"] == "provision"
    assert rec.trace is rec.trace  # decoded once
    assert dataclasses.asdict(rec)["trace"] == rec.trace and copy.deepcopy(rec) == rec
    fresh = penalty.Engine().recommend("accident_unit", {"level": "较大"}, dt.date(2023, 1, 1))
    assert fresh == rec and "trace" in repr(fresh)
    given = dataclasses.replace(rec, trace=[{"rule": "given", "detail": "by hand"}])
    assert given.trace == [{"rule": "given", "detail": "by hand"}] and given != rec
    assert [f.name for f in dataclasses.fields(penalty.Recommendation)][-2:] == ["trace", "_native"]
    # The binding fills every field the dataclass declares in its slot (the trace on first read).
    made = penalty.Engine().recommend("accident_unit", {"level": "较大"}, dt.date(2023, 1, 1))
    for f in dataclasses.fields(penalty.Recommendation):
        slot = penalty.Recommendation.__dict__[f.name]
        if f.name == "trace":
            assert slot.slot.__get__(made, penalty.Recommendation) is None  # not decoded until read
        elif f.name == "_native":
            assert slot.__get__(made, penalty.Recommendation).to_json() == fresh._native.to_json()
        else:
            assert slot.__get__(made, penalty.Recommendation) == getattr(fresh, f.name), f.name
    assert made.trace == fresh.trace and not hasattr(made, "__dict__")


def test_a_recommendation_class_without_slots_is_refused_by_the_binding_not_written_into():
    import dataclasses

    @dataclasses.dataclass(frozen=True)
    class Plain:
        provision: str

    with pytest.raises(TypeError, match="field provision in a slot"):
        penalty.Engine()._engine.recommend(Plain, "accident_unit", "unit", {"level": "较大"}, None, None, [], False,
                                           None, None, False, dt.date(2023, 1, 1), None)


def test_arguments_left_out_and_the_same_given_explicitly_decide_alike():
    e = penalty.Engine()
    plain = e.recommend("accident_unit", {"level": "较大"}, dt.date(2023, 1, 1), dt.date(2023, 3, 1))
    spelled = e.recommend("accident_unit", {"level": "较大"}, dt.datetime(2023, 1, 1, 9, 30), "2023-03-01",
                          party="unit", income_yuan=None, illegal_gains_yuan=None, circumstances=[],
                          reduce=np.bool_(False), act_end=None, discovered=None, harm_to_life_or_health=False)
    assert spelled == plain and spelled.trace == plain.trace
    with pytest.raises(anjian.Error, match="reduce must be True or False"):
        e.recommend("accident_unit", {"level": "较大"}, dt.date(2023, 1, 1), reduce="no")
    with pytest.raises(anjian.Error, match="act_date must be a datetime.date"):
        e.recommend("accident_unit", {"level": "较大"}, 20230101)
