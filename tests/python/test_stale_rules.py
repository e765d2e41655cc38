"""A pack states the last day its content was checked against its sources (reviewed_through); using it
for a later day warns, so an amendment since then is not silently missed."""

import datetime as dt

import pandas as pd
import pytest

import anjian
from anjian import accident, hazard, penalty

from packs import pack

REVIEWED = pack("national/penalties")["reviewed_through"]
AFTER = REVIEWED + dt.timedelta(days=1)


def test_a_penalty_on_the_review_day_does_not_warn_and_the_day_after_does():
    engine = penalty.Engine()
    with pytest.warns(anjian.StaleRulesWarning, match=f"last checked against its sources on {REVIEWED}"):
        rec = engine.accident_fine(2, AFTER)
    assert any(s["rule"] == "review" for s in rec.trace)
    assert not any(s["rule"] == "review" for s in engine.accident_fine(2, REVIEWED).trace)


def test_a_batch_warns_once_for_its_latest_date():
    cases = pd.DataFrame({"level": [2, 2], "act_date": [REVIEWED, AFTER]})
    with pytest.warns(anjian.StaleRulesWarning):
        penalty.Engine().accident_fines(cases)


def test_hazard_and_accident_packs_warn_past_their_review():
    after = pack("national/hazard_coal")["reviewed_through"] + dt.timedelta(days=1)
    with pytest.warns(anjian.StaleRulesWarning, match="national/hazard_coal"):
        hazard.assess({}, "煤矿", after)
    with pytest.warns(anjian.StaleRulesWarning, match="national/accidents"):
        accident.explain(1, 0, 0, sector="coal", date=pack("national/accidents")["reviewed_through"] + dt.timedelta(1))


def test_reviewed_through_must_be_a_date(tmp_path):
    text = (anjian._core.builtin_pack_text("national/accidents")
            .replace("reviewed_through: 2026-11-30", "reviewed_through: soon"))
    path = tmp_path / "accidents.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(anjian.PackError, match="reviewed_through"):
        anjian._core.validate_pack(str(path))


def test_the_latest_day_of_date_columns_skips_missing_days_whatever_their_resolution():
    import numpy as np

    from anjian import _stale

    ns = np.array(["2024-01-05T23:00", "NaT"], dtype="datetime64[ns]")
    days = np.array(["2024-03-01"], dtype="datetime64[D]")
    assert str(_stale.latest([ns, days, np.array(["NaT"], "datetime64[s]")])) == "2024-03-01"
    assert str(_stale.latest([ns])) == "2024-01-05"
    assert str(_stale.latest([np.array(["1960-02-29", "NaT"], "datetime64[ns]")])) == "1960-02-29"
    assert _stale.latest([np.array(["NaT", "NaT"], "datetime64[ns]")]) is None
    assert _stale.latest([]) is None and _stale.latest([np.array([], "datetime64[ns]")]) is None
