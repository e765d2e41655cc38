import subprocess
import sys

import pandas as pd
import pytest

from anjian import cli, demo, io as aio
from conftest import small_reports


def run(*args):
    return subprocess.run([sys.executable, "-m", "anjian", *args], capture_output=True, text=True)


def test_help_lists_the_subcommands():
    out = run("--help").stdout
    for sub in ("demo", "indicators", "aggregate", "catalog", "rules"):
        assert sub in out


def test_demo_prints_the_bulletin_of_19_units_with_year_on_year(capsys, tmp_path):
    assert cli.main(["demo", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "2024-12" in out and "19 units" in out and "同比" in out
    for unit in ("通川区", "达州高新区", "市消防救援支队"):
        assert unit in out
    assert "立案率" in out and "%" in out


def test_demo_writes_the_table(tmp_path, capsys):
    out = tmp_path / "bulletin.xlsx"
    assert cli.main(["demo", "--period", "2024-Q4", "--out", str(out), "--dir", str(tmp_path)]) == 0
    table = aio.read_table(out)
    assert len(table) == 19 and "filing_rate_yoy" in table.columns


def test_indicators_from_a_csv_file(tmp_path, capsys):
    path = tmp_path / "reports.csv"
    aio.write_table(small_reports(), path, index=False)
    assert cli.main(["indicators", str(path), "--period", "2024-Q1", "--mom"]) == 0
    out = capsys.readouterr().out
    assert "甲" in out and "2.0%" in out  # 甲's filing rate: 2 cases / 100 inspections


def test_bad_input_exits_1_with_one_located_line_per_problem(tmp_path):
    r = small_reports()
    r["cases_filed"] = r["cases_filed"].astype(object)
    r.loc[2, "cases_filed"] = "x"
    r.loc[3, "hazards_found"] = -1
    path = tmp_path / "bad.csv"
    aio.write_table(r, path, index=False)
    res = run("indicators", str(path), "--period", "2024-Q1")
    assert res.returncode == 1
    assert res.stderr.splitlines() == [f"anjian: error: {path}!bad!D4: 'x' is not a whole number",
                                       f"anjian: error: {path}!bad!E5: a negative count (-1)"]


def test_a_usage_mistake_exits_2():
    assert run("indicators", "--period").returncode == 2


def test_messages_name_the_command_line_flags_not_python_arguments(tmp_path):
    path = tmp_path / "r.csv"
    aio.write_table(small_reports().assign(备注x=1), path, index=False)
    res = run("validate", str(path))
    assert res.returncode == 1
    assert "give --extra ignore to leave it out" in res.stdout and "extra=" not in res.stdout


def test_aggregate_command(tmp_path, demo_events):
    events = tmp_path / "events.csv"
    aio.write_table(demo_events.head(500), events, index=False)
    res = run("aggregate", str(events), "--out", str(tmp_path / "reports.csv"))
    assert res.returncode == 0, res.stderr
    assert "500 events" in res.stdout


def test_rules_validate_reports_every_problem(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("anjian_pack: 2\nname: x\nkind: indicator_catalog\nversion: '1'\n"
                   "base_fields:\n  a: {name_zh: 甲, unit: 项, kind: weight, source: s}\n"
                   "indicators:\n  a: {name_zh: 甲, unit: 项, direction: sideways, formula: a, source: s}\n",
                   encoding="utf-8")
    res = run("rules", "validate", "rules/national/indicators.yaml", str(bad))
    assert res.returncode == 1
    assert "ok: rules/national/indicators.yaml" in res.stdout
    assert f"{bad}:6:" in res.stderr and "base_fields.a.kind" in res.stderr
    assert "indicators.a.direction" in res.stderr


@pytest.mark.parametrize("name", [None, "national/indicators_extended"])
def test_catalog_lists_fields_indicators_and_sources(capsys, name):
    assert cli.main(["catalog"] + ([name] if name else [])) == 0
    out = capsys.readouterr().out
    assert "filing_rate" in out and "source:" in out and "(unverified)" in out


def test_rank_prints_the_bulletin_with_lists_and_movement(tmp_path, demo_reports, capsys):
    path = tmp_path / "reports.xlsx"
    aio.write_table(demo_reports, path, index=False)
    out = tmp_path / "board.csv"
    assert cli.main(["rank", str(path), "--period", "2024-12", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "红榜: 开江县" in text and "黑榜:" in text and "升降" in text
    board = aio.read_table(out)
    assert len(board) == 19 and board["red"].sum() == 3 and board["black"].sum() == 3


def test_penalty_answers_the_case_handlers_question(capsys):
    assert cli.main(["penalty", "accident", "--level", "较大", "--act", "2021-08-20", "--decision", "2021-11-03"]) == 0
    out = capsys.readouterr().out
    assert "unit: 500000元 – 1000000元" in out and "依据: 安全生产法(2014) 第一百零九条第二项" in out
    assert "从旧兼从轻" in out and "第三十七条" in out


def test_penalty_json_list_and_errors(capsys):
    assert cli.main(["penalty", "principal", "--level", "重大", "--income", "360000", "--act", "2022-03-01", "--json"]) == 0
    assert '"min_yuan": "288000"' in capsys.readouterr().out
    assert cli.main(["penalty", "list"]) == 0
    assert "accident_unit" in capsys.readouterr().out
    assert cli.main(["penalty", "accident", "--level", "较大", "--act", "2013-01-01"]) == 1
    assert "never carries a rule past its last known date" in capsys.readouterr().err


def test_penalty_level_may_be_given_as_a_number(capsys):
    assert cli.main(["penalty", "principal", "--level", "2", "--income", "123456.78", "--act", "2022-01-01"]) == 0
    assert "principal: 74074.07元 – 74074.07元" in capsys.readouterr().out  # 60% rounded half up to the fen


def test_accident_level_explains_the_grade(capsys):
    assert cli.main(["accident", "level", "--deaths", "2", "--injuries", "12", "--loss", "500万"]) == 0
    out = capsys.readouterr().out
    assert "较大事故" in out and "事故发生地设区的市级人民政府" in out and " 5 h 00 min" in out


def test_accident_grade_reads_a_file_and_writes_the_levels(tmp_path, capsys):
    path, out = tmp_path / "accidents.csv", tmp_path / "graded.xlsx"
    aio.write_table(pd.DataFrame({"deaths": [0, 10], "serious_injuries": [1, 0], "direct_loss_yuan": [0, 0]}), path,
                    index=False)
    assert cli.main(["accident", "grade", str(path), "--out", str(out)]) == 0
    assert aio.read_table(out)["level"].tolist() == [1, 3]
    bad = tmp_path / "bad.csv"
    aio.write_table(pd.DataFrame({"deaths": [0, "x"], "serious_injuries": [1, 0], "direct_loss_yuan": [0, 0]}), bad,
                    index=False)
    assert cli.main(["accident", "grade", str(bad)]) == 1
    assert "bad.csv" in capsys.readouterr().err


def test_hazard_identify_inline_items(capsys):
    assert cli.main(["hazard", "identify", "--item", "二氧化硫=200", "--people", "60"]) == 0
    out = capsys.readouterr().out
    assert "构成重大危险源" in out and "R = α Σ β q/Q = 1.5 × 20 = 30" in out and "三级" in out


def test_hazard_identify_an_inventory_table_per_unit(tmp_path, capsys):
    path = tmp_path / "inventory.csv"
    aio.write_table(pd.DataFrame({"unit": ["罐区A", "罐区A", "装置B"], "substance": ["液氨", "甲醇", "氯"],
                                  "category": ["", "W5.3", ""], "tonnes": [8, 600, 1], "people": [120, 120, 0]}),
                    path, index=False)
    assert cli.main(["hazard", "identify", str(path), "--people-column", "people"]) == 0
    assert "major hazard sources: 1 of 2 units" in capsys.readouterr().out


def test_hazard_assess_prints_items_and_consequences(capsys):
    assert cli.main(["hazard", "assess", "--industry", "工贸", "--date", "2024-06-01", "--finding",
                     "quick_freezing_room_workers=10"]) == 0
    out = capsys.readouterr().out
    assert "第十二条(二)" in out and "第六十五条" in out
    assert cli.main(["hazard", "assess", "--industry", "化工", "--date", "2024-06-01", "--finding", "nope=1"]) == 1


def test_triggers_on_the_demo_events(capsys):
    assert cli.main(["triggers"]) == 0
    out = capsys.readouterr().out
    assert "提请关闭" in out and "约谈" in out and "skipped" in out
    assert "pending dishonest_major_accident:" in out and "严重失信主体名单" in out  # dated by the decision


def test_rules_validate_accepts_every_new_pack_kind(capsys):
    import anjian
    import pathlib
    rules = pathlib.Path(anjian.__file__).resolve().parents[2] / "rules"
    packs = [rules / "national" / n for n in ("accidents.yaml", "gb18218.yaml", "hazard_chemical.yaml",
                                               "hazard_consequences.yaml", "triggers.yaml")]
    assert cli.main(["rules", "validate", *map(str, packs)]) == 0
    assert capsys.readouterr().out.count("ok:") == 5


@pytest.mark.parametrize("period", ["2023", "2023-01", "2023-Q1"])
def test_demo_for_a_period_without_a_previous_or_year_ago_one(capsys, tmp_path, period):
    assert cli.main(["demo", "--period", period, "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "红榜" in out and "同比" not in out


def _json_commands(tmp):
    reports = tmp / "reports.csv"
    aio.write_table(small_reports(), reports, index=False)
    return [
        ["demo", "--dir", str(tmp / "demo")], ["catalog"], ["rules", "validate", "rules/national/indicators.yaml"],
        ["penalty", "list"], ["penalty", "accident", "--level", "较大", "--act", "2024-01-01"],
        ["accident", "level", "--deaths", "3"], ["hazard", "identify", "--item", "二氧化硫=200", "--people", "60"],
        ["hazard", "lookup", "氯"], ["hazard", "standards"], ["triggers"], ["template", "-o", str(tmp / "t.xlsx")],
        ["validate", str(reports)], ["indicators", str(reports), "--period", "2024-Q1"],
        ["bulletin", *map(str, demo.write_returns(tmp / "returns")), "--period", "2024-03", "-o", str(tmp / "b.xlsx")],
    ]


def test_every_command_answers_in_json_on_request(tmp_path, capsys, monkeypatch):
    import json
    import pathlib

    monkeypatch.chdir(pathlib.Path(__file__).parents[2])
    for command in _json_commands(tmp_path):
        assert cli.main([*command, "--json"]) == 0, command
        json.loads(capsys.readouterr().out)  # nothing but JSON on stdout


def test_triggers_read_a_gb18030_csv_with_a_title_row_as_excel_numbers_its_rows(tmp_path, capsys):
    import csv
    import json

    events = demo.incidents(2024)
    cells = events.astype(object).where(events.notna(), "")
    rows = [["2024年度安全生产事件台账"], list(events.columns)]
    rows += [[v.date().isoformat() if isinstance(v, pd.Timestamp) else v for v in r]
             for r in cells.itertuples(index=False)]
    rows.insert(5, [])  # an empty row: Excel row 6
    path = tmp_path / "事件台账.csv"
    with open(path, "w", encoding="gb18030", newline="") as f:
        csv.writer(f).writerows(rows)
    assert cli.main(["triggers", str(path), "--json"]) == 0
    from_file = json.loads(capsys.readouterr().out)
    assert cli.main(["triggers", "--json"]) == 0
    on_demo = json.loads(capsys.readouterr().out)
    assert len(from_file["fired"]) == len(on_demo["fired"]) > 0
    excel_row = {i: i + 3 + (i + 3 >= 6) for i in range(len(events))}  # data from row 3, row 6 empty
    for rule, pending in on_demo["pending"].items():
        assert from_file["pending"][rule] == [str(excel_row[int(r)]) for r in pending]
    assert cli.main(["triggers", str(path), "--header-row", "1"]) == 1  # the title as the header
    assert "column B has values (row 2) but no header in row 1" in capsys.readouterr().err


def test_triggers_without_a_file_says_it_runs_on_demo_events(capsys):
    assert cli.main(["triggers"]) == 0
    assert capsys.readouterr().out.startswith("no events file given: running on the built-in demo events")


@pytest.mark.parametrize("where, words", [("a directory", "is a directory, not a file to write"),
                                          ("under no directory", "cannot write here")])
def test_an_output_that_cannot_be_written_is_one_line_not_a_traceback(tmp_path, where, words):
    (tmp_path / "adir").mkdir()
    target = tmp_path / "adir" if where == "a directory" else "/proc/none/x.xlsx"
    res = run("template", "-o", str(target))
    assert res.returncode == 1 and words in res.stderr and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_a_unit_column_named_but_absent_is_an_error_not_one_unit(tmp_path):
    path = tmp_path / "inventory.csv"
    pd.DataFrame({"unit": ["a", "b"], "substance": ["氯", "氯"], "tonnes": [1, 10]}).to_csv(path, index=False)
    res = run("hazard", "identify", str(path), "--by", "企业")
    assert res.returncode == 1 and "no unit column '企业'" in res.stderr


def test_an_output_that_is_an_input_file_is_refused_and_the_input_kept(tmp_path):
    path = tmp_path / "reports.csv"
    aio.write_table(small_reports(), path, index=False)
    before = path.read_bytes()
    res = run("indicators", str(path), "--period", "2024-Q1", "--out", str(path))
    assert res.returncode == 1 and "is one of the input files" in res.stderr
    assert path.read_bytes() == before
