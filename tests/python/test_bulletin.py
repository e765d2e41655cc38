"""anjian.bulletin end to end: the demo units' return workbooks in, the bulletin workbook, drafted 通报 and
charts out; the workbook read back by a spreadsheet program equals what anjian computed."""

import shutil
import subprocess
import sys

import docx
import openpyxl
import pandas as pd
import pytest

import anjian
from anjian import _labels, demo, indicators, ranking, returns
from office_returns import table, write_xlsx

PERIOD = "2024-08"


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory):
    return demo.write_returns(tmp_path_factory.mktemp("returns"))


@pytest.fixture(scope="module")
def demo_bulletin(demo_files):
    return anjian.bulletin(demo_files, PERIOD, roster=demo.roster())


@pytest.fixture(scope="module")
def workbook(demo_bulletin, tmp_path_factory):
    return demo_bulletin.to_excel(tmp_path_factory.mktemp("out") / "通报.xlsx")


def test_the_bulletin_from_the_units_workbooks_equals_the_computation_on_the_reports(demo_bulletin):
    reports = demo.reports()
    table_ = indicators.compute(reports, PERIOD, yoy=True)
    board = ranking.bulletin(table_, previous=ranking.bulletin(indicators.compute(reports, "2024-07")))
    pd.testing.assert_series_equal(demo_bulletin.board["rank"], board["rank"])
    assert demo_bulletin.red == board.index[board["red"]].tolist()
    assert demo_bulletin.black == board.index[board["black"]].tolist()
    assert (demo_bulletin.board["rank_change"] == board["rank_change"]).all()
    together = reports.groupby("month")["hazards_found"].sum()
    assert demo_bulletin.overall.at["本期", "hazards_found"] == together["2024-08"]
    assert demo_bulletin.overall.at["本年累计", "hazards_found"] == together["2024-01":"2024-08"].sum()


def test_the_workbook_labels_every_sheet_and_holds_exact_values(workbook, demo_bulletin):
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["通报", "累计与同比", "加扣分", "说明", "得分说明", "图表", "规则包"]
    ws = book["通报"]
    assert ws["A1"].value == "安全生产执法工作月通报（2024年8月）"
    heads = [c.value for c in ws[4]]
    assert heads[:5] == ["名次", "单位", "综合得分", "名次升降", "红黑榜"] and "立案率（%）" in heads
    first = [c.value for c in ws[5]]
    assert first[:2] == [1, demo_bulletin.board.index[0]] and first[4] == "红榜"
    rate = heads.index("立案率（%）")
    assert ws.cell(row=5, column=rate + 1).number_format == "0.0%"
    assert ws.cell(row=5, column=rate + 1).value == pytest.approx(demo_bulletin.table.at[first[1], "filing_rate"])
    money = next(j for j, h in enumerate(heads) if h and h.startswith("罚款金额"))
    assert ws.cell(row=5, column=money + 1).value == demo_bulletin.table.at[first[1], "fines_yuan"]  # yuan, exact
    assert ws.freeze_panes == "C5" and ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$4"
    assert len(book["图表"]._charts) == 2
    packs = [r[0].value for r in book["规则包"].iter_rows(min_row=5, max_row=6)]
    assert packs == ["national/indicators", "national/ranking"]


def _office():
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.fail("LibreOffice (soffice) is needed to check the workbook as a spreadsheet program reads it; "
                    "make deps installs it (libreoffice-calc-nogui)")
    return office


def test_a_spreadsheet_program_reads_back_titles_ranks_lists_and_numbers(workbook, demo_bulletin, tmp_path):
    office = _office()
    for fmt in ("csv:Text - txt - csv (StarCalc):44,34,76", "pdf"):
        subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", fmt,
                        "--outdir", str(tmp_path), str(workbook)], check=True, capture_output=True, timeout=180)
    shown = pd.read_csv(tmp_path / "通报.csv", header=None, dtype=str, keep_default_na=False)
    assert shown.iat[0, 0] == "安全生产执法工作月通报（2024年8月）"
    rows = shown.iloc[4:4 + len(demo_bulletin.board)]
    assert rows[1].tolist() == [str(u) for u in demo_bulletin.board.index]
    assert rows[0].astype(int).tolist() == demo_bulletin.board["rank"].tolist()
    assert rows[rows[4] == "红榜"][1].tolist() == demo_bulletin.red
    assert rows[rows[4] == "黑榜"][1].tolist() == demo_bulletin.black
    rate = shown.iloc[3].tolist().index("立案率（%）")
    expected = [f"{100 * v:.1f}%" for v in demo_bulletin.table.loc[demo_bulletin.board.index, "filing_rate"]]
    assert rows[rate].tolist() == expected
    text = " ".join(shown.iloc[:, 0].tolist())
    assert f"红榜：{'、'.join(demo_bulletin.red)}" in text and f"黑榜：{'、'.join(demo_bulletin.black)}" in text
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        pdf = subprocess.run([pdftotext, "-layout", str(tmp_path / "通报.pdf"), "-"], capture_output=True, text=True,
                             check=True).stdout
        assert "安全生产执法工作月通报（2024年8月）" in pdf and "第 1 页" in pdf


def test_the_drafted_tongbao_states_the_computed_numbers_in_order(demo_bulletin, tmp_path):
    path = demo_bulletin.to_docx(tmp_path / "通报.docx")
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    order = ["关于2024年8月安全生产执法工作情况的通报", "一、总体情况", "二、综合评价情况", "三、红黑榜", "四、存在的问题",
             "五、下步工作要求"]
    assert [text.index(h) for h in order] == sorted(text.index(h) for h in order)
    now = demo_bulletin.overall.loc["本期"]
    assert f"检查企业{int(now['enterprises_inspected'])}家（次）" in text
    assert f"发现隐患{int(now['hazards_found'])}项（其中重大隐患{int(now['major_hazards_found'])}项）" in text
    before = demo_bulletin.overall.loc["上年同期"]
    growth = (now["enterprises_inspected"] - before["enterprises_inspected"]) / before["enterprises_inspected"]
    assert f"检查企业数{_labels.change_zh(growth, False)}" in text
    points = (now["filing_rate"] - before["filing_rate"]) * 100
    assert f"立案率{_labels.change_zh(points, True)}" in text and "个百分点" in text
    assert f"红榜：{'、'.join(demo_bulletin.red)}。" in text
    table_ = docx.Document(path).tables[0]
    assert [c.text for c in table_.rows[1].cells[:2]] == ["1", demo_bulletin.board.index[0]]


def test_charts_are_written_with_chinese_text(demo_bulletin, tmp_path):
    written = demo_bulletin.charts(tmp_path / "图表")
    assert sorted(p.name for p in written) == ["综合得分.png", "综合得分.svg", "逐月走势.png", "逐月走势.svg"]
    svg = (tmp_path / "图表" / "综合得分.svg").read_text(encoding="utf-8")
    assert "综合得分" in svg and demo_bulletin.board.index[0] in svg


@pytest.mark.parametrize("value, rate, text", [(0.125, False, "增长12.5%"), (-0.5, False, "下降50.0%"), (0.0, False, "持平"),
                                               (-50.0, True, "下降50.0个百分点"), (1.25, True, "上升1.2个百分点"),
                                               (float("nan"), True, "—")])
def test_year_on_year_is_stated_in_percent_for_counts_and_percentage_points_for_rates(value, rate, text):
    assert _labels.change_zh(value, rate) == text


def test_the_cli_writes_the_bulletin_or_nothing(demo_files, tmp_path):
    out = tmp_path / "通报.xlsx"
    run = [sys.executable, "-m", "anjian", "bulletin", *map(str, demo_files), "--period", PERIOD, "-o", str(out),
           "--docx", str(tmp_path / "通报.docx"), "--charts", str(tmp_path / "图表")]
    res = subprocess.run(run, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert "红榜: " in res.stdout and out.exists() and (tmp_path / "图表" / "综合得分.png").exists()
    bad = write_xlsx(tmp_path / "坏.xlsx", {"Sheet1": [*table()[:2], ["达川区", "2024-08", -1, 1, 1, 0, 0]]})
    again = tmp_path / "again.xlsx"
    res = subprocess.run([sys.executable, "-m", "anjian", "bulletin", str(bad), "--period", PERIOD, "-o", str(again)],
                         capture_output=True, text=True)
    assert res.returncode == 1 and "坏.xlsx!Sheet1!C3: a negative count (-1)" in res.stderr
    assert "Traceback" not in res.stderr and not again.exists()


def test_an_existing_bulletin_is_replaced_only_by_a_complete_new_one(demo_bulletin, tmp_path, monkeypatch):
    path = demo_bulletin.to_excel(tmp_path / "通报.xlsx")
    before = path.read_bytes()

    def broken(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken)
    with pytest.raises(anjian.Error, match="cannot write: disk full"):
        demo_bulletin.to_excel(path)
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["通报.xlsx"]


def test_a_roster_unit_without_returns_is_ranked_only_if_the_configuration_says_how(demo_files, tmp_path):
    roster = returns.roster([*demo.UNITS, "新设园区"])
    with pytest.raises(anjian.Error, match="新设园区"):
        anjian.bulletin(demo_files, PERIOD, roster=roster)
    b = anjian.bulletin(demo_files, PERIOD, roster=roster, missing="worst")
    assert "新设园区" in b.board.index
    assert "2024年8月未报送" in b.flags.query("unit == '新设园区'")["reason_zh"].tolist()


def test_large_money_reads_in_wan_yuan_while_the_cell_holds_exact_yuan(tmp_path):
    reports = demo.reports()
    reports["fines_yuan"] = [v * 100 for v in reports["fines_yuan"]]
    b = anjian.bulletin(reports, PERIOD)
    path = b.to_excel(tmp_path / "通报.xlsx")
    ws = openpyxl.load_workbook(path)["通报"]
    heads = [c.value for c in ws[4]]
    money = heads.index("罚款金额（万元）")
    unit = ws.cell(row=5, column=2).value
    assert ws.cell(row=5, column=money + 1).value == b.table.at[unit, "fines_yuan"]
    subprocess.run([_office(), "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    shown = pd.read_csv(tmp_path / "通报.csv", header=None, dtype=str, keep_default_na=False)
    yuan = b.table.at[unit, "fines_yuan"]
    assert shown.iat[4, money] == f"{round(yuan) / 10000:.4f}万元"
