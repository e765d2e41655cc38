"""Every public function, every argument, every kind of wrong value: the call answers or raises
anjian.Error -- never a TypeError from pybind11, a ValueError from numpy, an AttributeError or a
KeyError from pandas. Each public callable has one valid call below; each of its parameters is then
given each hostile value in turn."""

import datetime as dt
import inspect
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import anjian
from anjian import accident, demo, hazard, indicators, penalty, ranking, returns, triggers

dd = pytest.importorskip("dask.dataframe")
import anjian.dask as adask  # noqa: E402

HOSTILE = {"None": None, "NaN": float("nan"), "inf": float("inf"), "-1": -1, "1.5": 1.5, "a text": "x",
           "an object": object(), "2**70": 2**70, "an empty list": [], "an empty frame": pd.DataFrame(),
           "True": True, "NaT": pd.NaT, "bytes": b"\xff", "a dict": {"a": 1}, "a 2-d array": np.zeros((2, 2)),
           "a Decimal NaN": Decimal("NaN")}


def _valid_calls(tmp):
    """{name: (callable, valid keyword arguments)} over the public API."""
    reports = demo.reports()
    table = indicators.compute(reports, "2024-06")
    engine = penalty.Engine()
    files = demo.write_returns(tmp / "returns")[:2]
    board = anjian.bulletin(reports, "2024-06")
    fine = engine.accident_fine(2, "2024-01-05")
    cases = pd.DataFrame({"level": [2, 3], "act_date": ["2024-01-05", "2024-02-05"]})
    return {
        "change": (anjian.change, dict(current=5, previous=4)),
        "progress": (anjian.progress, dict(actual=5, target=10, elapsed=0.5)),
        "Period.parse": (anjian.Period.parse, dict(text="2024-08")),
        "Period.month": (anjian.Period.month, dict(year=2024, month=8)),
        "Period.between": (anjian.Period.between, dict(start=dt.date(2024, 1, 1), end=dt.date(2024, 2, 1))),
        "Period.contains": (anjian.Period.parse("2024-08").contains, dict(date=dt.date(2024, 8, 5))),
        "accident.classify": (accident.classify, dict(deaths=1, serious_injuries=0, direct_loss_yuan=0)),
        "accident.explain": (accident.explain, dict(deaths=1, serious_injuries=0, direct_loss_yuan=0)),
        "accident.grade": (accident.grade, dict(accidents=pd.DataFrame(
            {"deaths": [1], "serious_injuries": [0], "direct_loss_yuan": [0]}))),
        "accident.level_code": (accident.level_code, dict(value=2)),
        "accident.rules": (accident.rules, dict(name_or_path="national/accidents")),
        "hazard.assess": (hazard.assess, dict(findings={}, industry="chemical", date="2024-06-01")),
        "hazard.assess_many": (hazard.assess_many, dict(inspections=pd.DataFrame({"date": ["2024-06-01"]}),
                                                        industry="chemical")),
        "hazard.identify": (hazard.identify, dict(inventory=[("氯", 1.0, "")], exposed_people=10)),
        "hazard.identify_many": (hazard.identify_many, dict(inventory=pd.DataFrame(
            {"unit": ["a"], "substance": ["氯"], "tonnes": [1.0]}), exposed_people=10)),
        "hazard.lookup": (hazard.lookup, dict(key="氯")),
        "hazard.standard": (hazard.standard, dict(industry="chemical", date="2024-06-01")),
        "hazard.standards": (hazard.standards, dict()),
        "hazard.table": (hazard.table, dict(name_or_path="national/gb18218")),
        "indicators.aggregate": (indicators.aggregate, dict(events=demo.events().head(200))),
        "indicators.catalog": (indicators.catalog, dict(name_or_path=None)),
        "indicators.compute": (indicators.compute, dict(reports=reports, period="2024-06")),
        "indicators.flags": (indicators.flags, dict(table=table)),
        "indicators.merge": (indicators.merge, dict(reports=[reports, reports])),
        "indicators.months": (indicators.months, dict(reports=reports)),
        "penalty.Engine": (penalty.Engine, dict(pack_paths=None)),
        "Engine.circumstances": (engine.circumstances, dict()),
        "Engine.late_payment_surcharge": (engine.late_payment_surcharge,
                                          dict(fine_yuan=1000, due_date="2024-01-01", paid_date="2024-02-01")),
        "Engine.accident_fine": (engine.accident_fine, dict(level=2, act_date="2024-01-05")),
        "Engine.principal_fine": (engine.principal_fine,
                                  dict(level=2, last_year_income_yuan=100000, act_date="2024-01-05")),
        "Engine.recommend": (engine.recommend, dict(provision="safety_equipment", facts={"stage": "first"},
                                                    act_date="2024-01-05")),
        "Engine.accident_fines": (engine.accident_fines, dict(cases=pd.DataFrame(
            {"level": [2], "act_date": ["2024-01-05"]}))),
        "Engine.principal_fines": (engine.principal_fines, dict(cases=pd.DataFrame(
            {"level": [2], "last_year_income_yuan": [100000], "act_date": ["2024-01-05"]}))),
        "Engine.recommend_many": (engine.recommend_many, dict(cases=pd.DataFrame(
            {"provision": ["safety_equipment"], "act_date": ["2024-01-05"], "stage": ["first"]}))),
        "Recommendation.to_json": (fine.to_json, dict(indent=2)),
        "penalty.daily_penalty": (penalty.daily_penalty,
                                  dict(original_yuan=1000, order_date="2024-01-01", through="2024-01-10")),
        "penalty.late_payment_surcharge": (penalty.late_payment_surcharge,
                                           dict(fine_yuan=1000, due_date="2024-01-01", paid_date="2024-02-01")),
        "penalty.total": (penalty.total, dict(recommendations=[fine])),
        "ranking.bulletin": (ranking.bulletin, dict(table=table)),
        "ranking.config": (ranking.config, dict(name_or_path=None)),
        "ranking.lists": (ranking.lists, dict(ranks=pd.Series(range(1, 8)))),
        "ranking.points": (ranking.points, dict(ranks=pd.Series(range(1, 8)))),
        "ranking.rank": (ranking.rank, dict(matrix=np.arange(12.0).reshape(4, 3))),
        "ranking.rank_batch": (ranking.rank_batch, dict(matrices=np.random.default_rng(1).random((2, 4, 3)))),
        "ranking.ranked": (ranking.ranked, dict(table=table)),
        "ranking.annual_points": (ranking.annual_points, dict(reports=reports, year=2024)),
        "RankResult.explain": (ranking.rank(pd.DataFrame(np.arange(12.0).reshape(4, 3), index=list("abcd"))).explain,
                               dict(unit="a")),
        "triggers.evaluate": (triggers.evaluate, dict(events=demo.incidents().head(40))),
        "triggers.rules": (triggers.rules, dict(name_or_path="national/triggers")),
        "returns.roster": (returns.roster, dict(source=["甲", "乙"])),
        "returns.read": (returns.read, dict(paths=files)),
        "returns.check": (returns.check, dict(paths=files)),
        "returns.template": (returns.template, dict(path=tmp / "template.xlsx")),
        "bulletin": (anjian.bulletin, dict(reports=reports, period="2024-06")),
        "Bulletin.to_excel": (board.to_excel, dict(path=tmp / "b.xlsx")),
        "Bulletin.to_docx": (board.to_docx, dict(path=tmp / "b.docx")),
        "Bulletin.charts": (board.charts, dict(directory=tmp / "charts", formats=["svg"])),
        "demo.events": (demo.events, dict()),
        "demo.roster": (demo.roster, dict()),
        "demo.incidents": (demo.incidents, dict()),
        "demo.reports": (demo.reports, dict()),
        "demo.write_returns": (demo.write_returns, dict(directory=tmp / "demo")),
        "dask.aggregate": (adask.aggregate, dict(events=dd.from_pandas(demo.events().head(200), npartitions=2))),
        "dask.bulletin": (adask.bulletin, dict(events=dd.from_pandas(demo.events(), npartitions=2), period="2024-06")),
        "dask.triggers": (adask.triggers, dict(events=dd.from_pandas(demo.incidents().head(40), npartitions=2))),
        "dask.map_batch": (adask.map_batch, dict(frame=dd.from_pandas(cases, npartitions=2),
                                                 batch=engine.accident_fines)),
        "dask.accident_fines": (adask.accident_fines, dict(cases=dd.from_pandas(cases, npartitions=2))),
        "dask.principal_fines": (adask.principal_fines, dict(cases=dd.from_pandas(
            cases.assign(last_year_income_yuan=100000), npartitions=2))),
        "dask.recommend_many": (adask.recommend_many, dict(cases=dd.from_pandas(pd.DataFrame(
            {"provision": ["safety_equipment"] * 2, "act_date": ["2024-01-05"] * 2, "stage": ["first"] * 2}),
            npartitions=2))),
        "dask.grade": (adask.grade, dict(accidents=dd.from_pandas(pd.DataFrame(
            {"deaths": [1, 0], "serious_injuries": [0, 12], "direct_loss_yuan": [0, 0]}), npartitions=2))),
        "dask.identify_many": (adask.identify_many, dict(inventory=dd.from_pandas(pd.DataFrame(
            {"unit": ["a", "b"], "substance": ["氯", "氨"], "tonnes": [1.0, 2.0]}), npartitions=2), exposed_people=10)),
    }


@pytest.fixture(scope="module")
def calls(tmp_path_factory):
    return _valid_calls(tmp_path_factory.mktemp("calls"))


def _names():
    """The keys of _valid_calls, read from its source (the calls themselves need the fixture)."""
    import ast
    import textwrap

    tree = ast.parse(textwrap.dedent(inspect.getsource(_valid_calls)))
    returned = next(n for n in ast.walk(tree) if isinstance(n, ast.Return))
    return [k.value for k in returned.value.keys]


@pytest.mark.parametrize("name", _names())
def test_every_wrong_argument_is_an_anjian_error_or_an_answer(name, calls, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a text given as a path writes here, not into the tree
    function, valid = calls[name]
    function(**valid)  # the valid call answers
    try:
        parameters = [p.name for p in inspect.signature(function).parameters.values()
                      if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    except ValueError:  # a pybind11 function without a signature: its valid keywords
        parameters = list(valid)
    wrong = []
    for parameter in parameters:
        for label, value in HOSTILE.items():
            try:
                function(**{**valid, parameter: value})
            except anjian.Error:
                pass
            except OSError:  # a path that names something else on disk: the OS says what
                pass
            except Exception as exc:  # noqa: BLE001 -- what the test is after
                wrong.append(f"{parameter}={label}: {type(exc).__name__}: {exc}"[:200])
    assert not wrong, "\n".join(wrong)


def test_every_public_callable_has_a_valid_call_here():
    listed = set(_names())
    public = set()
    for module in (anjian, accident, hazard, indicators, penalty, ranking, returns, triggers, demo, adask):
        prefix = "" if module is anjian else module.__name__.split(".")[-1] + "."
        for name in module.__all__:
            thing = getattr(module, name)
            if inspect.isfunction(thing):
                public.add(prefix + name)
    assert public - listed == set()
