"""anjian.returns: county returns in the shapes offices send them, read to the same figures, and
their mistakes named by file, sheet and cell."""

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import anjian
from anjian import _cells, indicators, returns
from office_returns import FIELDS, HEADERS_ZH, ROWS, bad_variants, good_variants, table, write_csv, write_xlsx

GOOD, BAD = good_variants(), bad_variants()


def figures(reports):
    """The reports as sorted tuples of (unit, month, figures...), whatever the row order or labels."""
    return sorted((str(r.unit), r.month, *(int(getattr(r, f)) for f in FIELDS))
                  for r in reports.itertuples())


@pytest.mark.parametrize("variant", list(GOOD))
def test_every_shape_offices_send_reads_to_the_same_figures(tmp_path, variant):
    files = GOOD[variant](tmp_path)
    reports = returns.read(files)
    assert figures(reports) == sorted(ROWS)
    assert list(reports.columns) == ["unit", "month", *FIELDS]
    assert returns.check(files) == []


@pytest.mark.parametrize("variant", list(BAD))
def test_every_mistake_is_named_with_its_file_sheet_and_cell_and_nothing_is_read(tmp_path, monkeypatch, variant):
    write, expected = BAD[variant]
    monkeypatch.chdir(tmp_path)  # the files as a user names them on the command line
    files = [f.relative_to(tmp_path) for f in write(tmp_path)]
    problems = returns.check(files)
    messages = [p["message"] for p in problems]
    for place, words in expected:
        assert any(m.startswith(place) and words in m for m in messages), (place, words, messages)
    with pytest.raises(anjian.InputError) as info:
        returns.read(files)
    assert info.value.problems == problems


def test_at_least_twenty_shapes_and_mistakes_are_tried():
    assert len(GOOD) + len(BAD) >= 40


def test_a_problem_carries_its_file_sheet_cell_and_field(tmp_path):
    rows = table()
    rows[3][4] = -2
    path = write_xlsx(tmp_path / "达川区.xlsx", {"Sheet1": rows})
    (p,) = returns.check([path])
    assert (p["file"], p["sheet"], p["cell"], p["row"], p["column"]) == (str(path), "Sheet1", "E4", 4, "hazards_found")
    assert p["message"] == f"{path}!Sheet1!E4: a negative count (-2)"


def test_every_problem_of_every_file_is_reported_at_once(tmp_path):
    one, two = table(), [[{"通川区": "万源市", "达川区": "宣汉县"}.get(c, c) for c in r] for r in table()]
    one[1][2], one[2][3] = "x", None
    two[4][2] = None
    files = [write_xlsx(tmp_path / "一.xlsx", {"Sheet1": one}), write_xlsx(tmp_path / "二.xlsx", {"Sheet1": two})]
    places = [p["message"].split(": ")[0].removeprefix(str(tmp_path) + "/") for p in returns.check(files)]
    assert places == ["一.xlsx!Sheet1!C2", "一.xlsx!Sheet1!D3", "二.xlsx!Sheet1!C5"]


def test_input_files_are_never_modified(tmp_path):
    files = GOOD["合计 rows that agree, one per month"](tmp_path)
    before = [f.read_bytes() for f in files]
    returns.read(files)
    assert [f.read_bytes() for f in files] == before


def test_totals_and_notes_are_left_out_and_listed(tmp_path):
    files = GOOD["a 序号 column and notes under the table"](tmp_path)
    left = returns.read(files).attrs["left_out"]
    assert [x["where"] for x in left] == [f"{files[0]}!Sheet1!7"]  # header 1, figures 2-5, blank 6
    assert "填表人:张三 审核人:李四" in left[0]["why"]
    files = GOOD["合计 rows that agree, one per month"](tmp_path)
    left = returns.read(files).attrs["left_out"]
    assert [x["why"] for x in left] == ["合计 row, equal to the sum of its 2 unit rows",
                                        "全市合计 row, equal to the sum of its 2 unit rows"]


def test_subtotals_are_checked_against_the_rows_since_the_previous_one(tmp_path):
    rows = by_group = table()[:3]
    by_group = [*rows, ["小计", None, 22, 61, 60, 1, 18000], *table()[3:5], ["小计", None, 20, 53, 53, 2, 12500],
                ["合计", None, 42, 114, 113, 3, 30500]]
    reports = returns.read([write_xlsx(tmp_path / "a.xlsx", {"Sheet1": by_group})])
    assert len(reports.attrs["left_out"]) == 3
    by_group[6][4] = 52
    (p,) = returns.check([write_xlsx(tmp_path / "b.xlsx", {"Sheet1": by_group})])
    assert p["cell"] == "E7" and "小计 row says 52 but the 2 unit rows above sum to 53" in p["message"]


def test_units_are_checked_against_a_roster_with_a_did_you_mean(tmp_path):
    roster = returns.roster(["通川区", "达川区", "万源市"])
    rows = table()
    rows[2][0] = "达州区"
    (p,) = returns.check([write_xlsx(tmp_path / "a.xlsx", {"Sheet1": rows})], roster=roster)
    assert p["cell"] == "A3" and "unit '达州区' is not in the roster (did you mean 达川区" in p["message"]


def test_a_roster_gives_every_expected_unit_so_one_without_a_return_shows_as_not_reported(tmp_path):
    roster = returns.roster(["通川区", "达川区", "万源市"])
    reports = returns.read([write_xlsx(tmp_path / "a.xlsx", {"Sheet1": table()})], roster=roster)
    assert list(reports["unit"].cat.categories) == ["通川区", "达川区", "万源市"]
    t = indicators.compute(reports, "2024-08")
    assert pd.isna(t.loc["万源市", "hazards_found"])
    assert indicators.flags(t).query("unit == '万源市'")["reason_zh"].tolist() == ["2024年8月未报送"]


def test_a_roster_file_in_gb18030_with_region_and_kind(tmp_path):
    path = write_csv(tmp_path / "名册.csv", [["序号", "单位名称", "区域", "类别"], [1, "通川区 ", "达州", "县(市、区)"],
                                            [2, "市应急管理局", "达州", "市级部门"]], "gb18030")
    r = returns.roster(path)
    assert r.units == ["通川区", "市应急管理局"] and r.kind["市应急管理局"] == "市级部门"
    with pytest.raises(anjian.Error, match="listed twice"):
        returns.roster(["通川区", "通川区 "])


def test_without_a_roster_the_units_found_are_listed(tmp_path):
    reports = returns.read([write_xlsx(tmp_path / "a.xlsx", {"Sheet1": table()})])
    assert reports.attrs["units"] == ["达川区", "通川区"]


def test_a_file_lacking_base_fields_is_read_and_only_their_indicators_are_not_computed(tmp_path):
    rows = [[r[0], r[1], r[3], r[4]] for r in table()]  # 单位, 月份, 检查企业数, 发现隐患数
    reports = returns.read([write_xlsx(tmp_path / "a.xlsx", {"Sheet1": rows})])
    assert "cases_filed" in reports.attrs["missing_fields"]
    t = indicators.compute(reports, "2024-08")
    assert t.loc["通川区", "hazards_found"] == 35 and t["filing_rate"].isna().all()


def test_sheet_header_row_month_and_encoding_can_be_given(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", {"说明": [["单位", "检查组数"], ["甲", 1]], "数据": [["x"], *table()]})
    assert len(returns.read(path, sheet="数据")) == 4
    assert len(returns.read(path, sheet=1, header_row=2)) == 4
    with pytest.raises(anjian.Error, match="no sheet '表1' \\(it has: 说明, 数据\\)"):
        returns.read(path, sheet="表1")
    csv_path = write_csv(tmp_path / "b.csv", [[h for h in HEADERS_ZH if h != "月份"], ["通川区", 1, 2, 3, 0, 5]],
                         "gb18030")
    reports = returns.read(csv_path, month="2024年8月", encoding="gb18030")
    assert reports["month"].tolist() == ["2024-08"]
    with pytest.raises(anjian.Error, match="line 1 is not utf-8"):
        returns.read(csv_path, encoding="utf-8")


def test_rows_are_indexed_by_their_place_so_later_errors_point_into_the_file(tmp_path):
    reports = returns.read([write_xlsx(tmp_path / "达川区.xlsx", {"Sheet1": [["标题"], *table()]})])
    path = tmp_path / "达川区.xlsx"
    assert reports.index.tolist() == [f"{path}!Sheet1!{r}" for r in (3, 4, 5, 6)]


@pytest.mark.parametrize("text, expected", [
    ("2024-01", (dt.date(2024, 1, 1), True)), ("2024/1", (dt.date(2024, 1, 1), True)),
    ("2024年1月", (dt.date(2024, 1, 1), True)), ("2024年01月", (dt.date(2024, 1, 1), True)),
    ("202401", (dt.date(2024, 1, 1), True)), (202401, (dt.date(2024, 1, 1), True)),
    ("2024-01-05", (dt.date(2024, 1, 5), False)), ("2024/1/5", (dt.date(2024, 1, 5), False)),
    ("2024年1月5日", (dt.date(2024, 1, 5), False)), ("2024年01月05号", (dt.date(2024, 1, 5), False)),
    ("20240105", (dt.date(2024, 1, 5), False)), ("２０２４－０１", (dt.date(2024, 1, 1), True)),
    (dt.datetime(2024, 1, 5, 9, 30), (dt.date(2024, 1, 5), False)), (dt.date(2024, 1, 5), (dt.date(2024, 1, 5), False)),
])
def test_the_accepted_date_forms(text, expected):
    assert _cells.day_or_month(text) == expected


@pytest.mark.parametrize("text, words", [
    ("05/01/2024", "ambiguous"), ("1-5-2024", "ambiguous"), ("5.1.24", "ambiguous"), (45296, "is a number, not a date"),
    (45296.0, "is a number, not a date"), ("2024", "is not a date or month"), ("2024-02-30", "not a date of the"),
    ("下月", "is not a date or month"), (True, "is a number"),
])
def test_refused_date_forms(text, words):
    with pytest.raises(ValueError, match=words):
        _cells.day_or_month(text)


@pytest.mark.parametrize("cell, scale, yuan", [
    (300, 1, Decimal(300)), ("300万", 1, Decimal(3_000_000)), ("300万元", 1, Decimal(3_000_000)),
    ("1,234.50元", 1, Decimal("1234.50")), ("１２元", 1, Decimal(12)), (1.5, 10_000, Decimal(15_000)),
    ("1.5", 10_000, Decimal(15_000)), ("2元", 10_000, Decimal(2)), (0.1, 1, Decimal("0.1")),
    (Decimal("0.01"), 1, Decimal("0.01")),
])
def test_money_cells_read_exactly_in_yuan(cell, scale, yuan):
    assert _cells.yuan(cell, scale) == yuan


@pytest.mark.parametrize("cell, words", [("-1", "negative"), ("0.001", "whole number of fen"), ("三百", "not an amount"),
                                         (float("nan"), "not an amount"), (True, "not an amount")])
def test_refused_money_cells(cell, words):
    with pytest.raises(ValueError, match=words):
        _cells.yuan(cell)


def test_money_reads_the_same_in_the_penalty_api_and_the_returns():
    eng = anjian.penalty.Engine()
    a = eng.principal_fine("较大", "300万", dt.date(2024, 1, 1))
    b = eng.principal_fine("较大", 3_000_000, dt.date(2024, 1, 1))
    assert a.min_yuan == b.min_yuan


@pytest.mark.parametrize("name", ["通川区 ", " 通川区", "通 川 区", "通川区\u3000", "\t通川区\n"])
def test_unit_names_are_one_spelling(name):
    assert _cells.unit_name(name) == "通川区"


def test_the_template_filled_in_reads_back_as_written(tmp_path):
    import openpyxl

    path = returns.template(tmp_path / "月报表.xlsx", roster=returns.roster(["通川区", "达川区"]), month="2024年8月")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:2] == ["填报说明", "月报表"] and book.active.title == "月报表"
    ws = book["月报表"]
    assert ws["A2"].value == "单位" and ws["C2"].value == "检查组数（个）" and ws["K2"].value == "罚款金额（元）"
    rules = {r: dv.type for dv in ws.data_validations.dataValidation for r in str(dv.sqref).split()}
    assert rules["C3:C204"] == "whole" and rules["K3:K204"] == "decimal" and rules["A3:A204"] == "list"
    for row in (3, 4):
        for column in range(3, 3 + len(indicators.catalog().fields)):
            ws.cell(row=row, column=column, value=row)
    book.save(path)
    reports = returns.read(path)
    assert reports["unit"].tolist() == ["通川区", "达川区"] and reports["month"].tolist() == ["2024-08"] * 2
    assert reports["hazards_found"].tolist() == [3, 4] and reports["fines_yuan"].tolist() == [3, 4]


def test_an_unfilled_row_of_the_template_is_not_reported_and_listed(tmp_path):
    path = returns.template(tmp_path / "t.xlsx", roster=returns.roster(["通川区"]), month="2024-08")
    reports = returns.read(path)
    assert len(reports) == 0
    assert {"where": f"{path}!月报表!3", "why": "通川区: no figures, read as not reported"} in reports.attrs["left_out"]


def test_written_files_get_the_users_usual_permissions(tmp_path):
    import os

    umask = os.umask(0o022)
    try:
        path = returns.template(tmp_path / "t.xlsx")
    finally:
        os.umask(umask)
    assert oct(path.stat().st_mode & 0o777) == oct(0o644)


def test_progress_is_shown_at_a_terminal_and_quiet_when_piped(tmp_path, monkeypatch):
    import io

    from anjian import _progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    files = [write_xlsx(tmp_path / f"{m}.xlsx", {"Sheet1": table()[:2]}) for m in range(6)]
    for stream, shown in ((Terminal(), True), (io.StringIO(), False)):
        monkeypatch.setattr(_progress.sys, "stderr", stream)
        returns.check(files)
        assert ("读取报表 6/6" in stream.getvalue()) is shown


CELLS = st.one_of(st.none(), st.text(max_size=12), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                  st.sampled_from(["单位", "月份", "检查组数", "罚款金额（万元）", "合计", "2024年8月", "1.5万", "填表人："]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(CELLS, max_size=8), max_size=12), st.sampled_from(["csv", "xlsx"]))
def test_any_cells_in_any_shape_are_read_or_refused_with_places_never_a_crash(tmp_path_factory, rows, fmt):
    path = tmp_path_factory.mktemp("fuzz") / f"r.{fmt}"
    if fmt == "csv":
        write_csv(path, [[("" if v is None else v) for v in r] for r in rows], "utf-8")
    else:
        clean = [[v if not isinstance(v, str) else "".join(ch for ch in v if ch.isprintable()) for v in r]
                 for r in rows]
        write_xlsx(path, {"Sheet1": clean or [[]]})
    problems = returns.check([path])
    assert all(p["message"].startswith(str(path)) for p in problems)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_as_a_csv_are_read_or_refused_never_a_crash(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "r.csv"
    path.write_bytes(data)
    for p in returns.check([path]):
        assert p["file"] == str(path)
