"""Bad inputs by class, for every batch: each gives a located anjian.Error (never a numpy, pandas or
pybind11 traceback), and an empty input gives an empty result with the right columns."""

import pandas as pd
import pytest

import anjian
from anjian import accident, demo, indicators, penalty, triggers

BATCHES = {
    "aggregate": (lambda f: indicators.aggregate(f), lambda: demo.events().head(50)),
    "accident_fines": (lambda f: penalty.Engine().accident_fines(f),
                       lambda: pd.DataFrame({"level": [2, 3], "act_date": ["2024-01-05", "2024-02-01"]})),
    "grade": (lambda f: accident.grade(f),
              lambda: pd.DataFrame({"deaths": [1, 3], "serious_injuries": [0, 0], "direct_loss_yuan": [0, 0]})),
    "triggers": (lambda f: triggers.evaluate(f), lambda: demo.incidents().head(30)),
}
HOSTILE = {
    "a column given twice": lambda f: pd.concat([f, f.iloc[:, :1]], axis=1),
    "numbers beyond int64": lambda f: f.assign(**{f.columns[-1]: [2**70] * len(f)}),
    "text where numbers belong": lambda f: f.assign(**{f.columns[-1]: "x"}),
    "NaT dates": lambda f: f.assign(**{c: pd.NaT for c in f.columns if "date" in c}),
    "not a frame": lambda f: f.to_dict(),
}


@pytest.mark.parametrize("batch", list(BATCHES))
@pytest.mark.parametrize("hostile", list(HOSTILE))
def test_a_hostile_frame_is_a_located_anjian_error_or_an_answer_never_a_traceback(batch, hostile):
    call, make = BATCHES[batch]
    try:
        call(HOSTILE[hostile](make()))
    except anjian.Error:
        pass


@pytest.mark.parametrize("batch", list(BATCHES))
def test_an_empty_input_gives_an_empty_result_with_the_columns_of_a_full_one(batch):
    call, make = BATCHES[batch]
    full, empty = call(make()), call(make().iloc[:0])
    assert len(empty) == 0 and list(empty.columns) == list(full.columns)


def test_a_column_given_twice_is_named():
    with pytest.raises(anjian.InputError, match="have the column\\(s\\) unit more than once"):
        indicators.aggregate(pd.concat([demo.events().head(5), demo.events().head(5)[["unit"]]], axis=1))


@pytest.mark.parametrize("threads", [-1, 1.5, "2", True])
def test_threads_is_a_whole_number(threads):
    with pytest.raises(anjian.Error, match="threads \\(0: chosen by the work's size\\) must be a whole number"):
        indicators.aggregate(demo.events().head(5), threads=threads)


@pytest.mark.parametrize("value", [1e300, "x", True, -1, 2.5])
def test_accident_counts_are_whole_numbers_in_range(value):
    with pytest.raises(anjian.Error, match="deaths must be a whole number from 0 to"):
        accident.classify(value, 0, 0)


@pytest.mark.parametrize("tonnes, words", [(1e20, "not a quantity in tonnes from 0 to 1e\\+09"),
                                           (-1, "not a quantity in tonnes"), (float("nan"), "not a quantity")])
def test_an_absurd_quantity_is_named_as_such_not_as_negative(tonnes, words):
    with pytest.raises(anjian.Error, match=words):
        anjian.hazard.identify([("氯", tonnes, "")])
