"""What the Dask and the Spark tests share: events spanning years, and firings held to one process's."""

import numpy as np
import pandas as pd

from anjian import _partials


def many_years_of_events(n=3000, seed=11):
    """Accidents and penalties of 30 units in 3 cities over four years, dense around the new years
    (where a window reaches into the year before), some accidents not yet decided."""
    rng = np.random.default_rng(seed)
    units = [f"单位{u:02d}" for u in range(30)]
    unit = rng.choice(units, n)
    day = pd.Timestamp("2022-01-01") + pd.to_timedelta(np.where(rng.random(n) < 0.5, rng.integers(0, 1461, n),
                                                                  365 * rng.integers(1, 4, n) + rng.integers(-40, 40, n)),
                                                         unit="D")
    kind = rng.choice(["accident", "penalty"], n, p=[0.4, 0.6])
    decided = day + pd.to_timedelta(rng.integers(0, 120, n), unit="D")
    return pd.DataFrame({"date": day, "kind": kind, "unit": unit, "city": [f"市{int(u[-2:]) % 3}" for u in unit],
                         "province": "四川省", "region": [f"区{int(u[-2:]) % 7}" for u in unit],
                         "level": rng.integers(1, 5, n), "type": rng.choice(["火灾", "坍塌"], n),
                         "deaths": rng.integers(0, 4, n), "casualties": rng.integers(0, 5, n),
                         "major_hazard": rng.random(n) < 0.4,
                         "decision_date": decided.where(rng.random(n) < 0.9)},
                        index=pd.Index([f"事件{i}" for i in range(n)], name="event"))


def assert_same_firings(got, one):
    """Firings from a cluster equal one process's (`one`, evaluated on the events sorted by label), in the
    canonical order, with their events, skipped rules and pending events."""
    expected = _partials.canonical(one)
    assert len(got) == len(one) > 0
    pd.testing.assert_frame_equal(got.drop(columns="events"), expected.drop(columns="events"))
    assert got["events"].map(list).tolist() == expected["events"].map(list).tolist()
    assert got.attrs["skipped"] == one.attrs["skipped"]
    assert {r: sorted(v) for r, v in got.attrs["pending"].items()} == \
        {r: sorted(v) for r, v in one.attrs["pending"].items()}
