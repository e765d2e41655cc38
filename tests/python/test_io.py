import os

import pandas as pd
import pytest

import anjian
from anjian import io as aio
from conftest import small_reports


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
