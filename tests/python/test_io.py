import os

import pandas as pd
import pytest

import anjian
from anjian import io as aio
from conftest import small_reports
from office_returns import write_csv, write_xls, write_xlsx


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip_and_spreadsheet_row_numbers(tmp_path, suffix):
    path = tmp_path / f"reports{suffix}"
    aio.write_table(small_reports(), path, index=False)
    back = aio.read_table(path)
    assert list(back.index) == [2, 3, 4, 5, 6, 7]  # the header is row 1
    assert back.attrs["source"] == str(path)
    assert back["unit"].tolist() == small_reports()["unit"].tolist()


def test_errors_name_the_file_and_the_spreadsheet_row(tmp_path):
    r = small_reports()
    r.loc[3, "hazards_found"] = -2
    path = tmp_path / "county.xlsx"
    aio.write_table(r, path, index=False)
    with pytest.raises(anjian.Error, match=r"county.xlsx, column 'hazards_found', row 5: negative value -2"):
        anjian.indicators.compute(aio.read_table(path), "2024-Q1")


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    class Broken(pd.DataFrame):
        def to_csv(self, *args, **kwargs):
            with open(args[0], "w") as f:
                f.write("half")
            raise OSError("disk full")

    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(anjian.Error, match="out.csv: cannot write: disk full"):
        aio.write_table(Broken(small_reports()), target)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.csv"]


def test_unknown_formats_and_missing_files(tmp_path):
    with pytest.raises(anjian.Error, match="no such file"):
        aio.read_table(tmp_path / "none.csv")
    (tmp_path / "x.txt").write_text("a")
    with pytest.raises(anjian.Error, match="unknown table format"):
        aio.read_table(tmp_path / "x.txt")
    with pytest.raises(anjian.Error, match="cannot write"):
        aio.write_table(small_reports(), tmp_path / "x.json")


# Tables as offices keep them: a title row above the header, GB18030 from Excel on Chinese Windows, .xls.
EVENTS = [["2024年安全生产事件台账", None, None], ["kind", "date", "level"], ["accident", "2024-01-06", 2],
          [None, None, None], ["penalty", "2024-02-01", 1]]


@pytest.mark.parametrize("shape", ["xlsx", "xls", "csv-gb18030", "csv-utf8-bom"])
def test_a_title_row_above_the_header_is_passed_over_and_rows_keep_their_excel_numbers(tmp_path, shape):
    if shape == "xlsx":
        path = write_xlsx(tmp_path / "t.xlsx", {"台账": EVENTS})
    elif shape == "xls":
        path = write_xls(tmp_path / "t.xls", EVENTS)
    else:
        path = write_csv(tmp_path / "t.csv", EVENTS, "gb18030" if shape == "csv-gb18030" else "utf-8-sig")
    frame = aio.read_table(path)
    assert list(frame.columns) == ["kind", "date", "level"]
    assert list(frame.index) == [3, 5]  # row 4 is empty: left out, its number with it
    assert frame["kind"].tolist() == ["accident", "penalty"]
    assert frame["level"].dtype.kind == "i" and frame["level"].tolist() == [2, 1]  # as if row 4 were not there


def test_the_header_row_can_be_given_as_excel_numbers_it(tmp_path):
    rows = [["填报单位：某县应急管理局", "填报日期：2024-03-01"], ["kind", "date"], ["accident", "2024-01-06"]]
    path = write_xlsx(tmp_path / "t.xlsx", {"Sheet1": rows})
    assert list(aio.read_table(path).columns) == ["填报单位：某县应急管理局", "填报日期：2024-03-01"]  # two cells: a header
    frame = aio.read_table(path, header_row=2)
    assert list(frame.columns) == ["kind", "date"] and list(frame.index) == [3]
    for bad in (0, True, "2"):
        with pytest.raises(anjian.Error, match="header_row must be a row number from 1"):
            aio.read_table(path, header_row=bad)
    with pytest.raises(anjian.Error, match="row 9 is empty or past the table's end"):
        aio.read_table(path, header_row=9)


def test_a_header_named_twice_is_refused_naming_both_cells(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", {"Sheet1": [["标题", None, None], ["unit", "date", "unit"], ["a", 1, "b"]]})
    with pytest.raises(anjian.Error, match=r"t.xlsx: the header names 'unit' twice \(A2, C2\)"):
        aio.read_table(path)


def test_values_under_an_empty_header_cell_are_refused_and_an_empty_column_is_left_out(tmp_path):
    path = write_csv(tmp_path / "t.csv", [["unit", None, "date"], ["a", None, "2024-01-01"], ["b", 7, "2024-01-02"]],
                     "utf-8")
    with pytest.raises(anjian.Error, match=r"t.csv: column B has values \(row 3\) but no header in row 1"):
        aio.read_table(path)
    path = write_csv(tmp_path / "u.csv", [["unit", None, "date"], ["a", None, "2024-01-01"]], "utf-8")
    assert list(aio.read_table(path).columns) == ["unit", "date"]


def test_a_csv_in_neither_utf8_nor_gb18030_is_refused_unless_its_encoding_is_given(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("unit,date\n单位甲,2024-01-01\n".encode("utf-16"))
    with pytest.raises(anjian.Error, match="neither UTF-8 nor GB18030"):
        aio.read_table(path)
    assert aio.read_table(path, encoding="utf-16")["unit"].tolist() == ["单位甲"]


def test_a_header_without_rows_is_an_empty_table_and_a_row_longer_than_the_first_is_refused(tmp_path):
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"t{suffix}"
        aio.write_table(pd.DataFrame({"unit": [], "date": []}), path, index=False)
        frame = aio.read_table(path)
        assert list(frame.columns) == ["unit", "date"] and len(frame) == 0
    path = write_csv(tmp_path / "long.csv", [["unit", "date"], ["a", "2024-01-01"], ["b", "2024-01-02", "x"]], "utf-8")
    with pytest.raises(anjian.Error, match="long.csv: cannot read table: .*line 3"):  # never read as an index
        aio.read_table(path)
