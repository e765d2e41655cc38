import numpy as np

from anjian import demo, indicators


def test_deterministic_by_seed():
    a, b = demo.events(7), demo.events(7)
    assert a.equals(b)
    assert not a.equals(demo.events(8))


def test_shaped_like_dazhou_seven_counties_two_parks_ten_departments(demo_reports):
    assert len(demo.COUNTIES) == 7 and len(demo.PARKS) == 2 and len(demo.DEPARTMENTS) == 10
    assert list(demo_reports["unit"].cat.categories) == demo.UNITS
    assert demo_reports["month"].min() == "2023-01" and demo_reports["month"].max() == "2024-12"
    assert len(demo_reports) == 19 * 24


def test_2024_totals_are_near_the_published_ones(demo_reports):
    year = indicators.compute(demo_reports, "2024")
    published = {"enterprises_inspected": 14719, "inspection_teams": 4264, "hazards_found": 16019,
                 "cases_filed": 1244, "fines_yuan": 9_660_780}
    for code, value in published.items():
        assert abs(year[code].sum() / value - 1) < 0.1, code
    assert 100 < year["major_hazards_found"].sum() < 400  # published: 219


def test_reports_are_the_events_aggregated(demo_events, demo_reports):
    again = indicators.aggregate(demo_events)
    fields = [c for c in again.columns if c not in ("unit", "month")]
    assert np.array_equal(again[fields].to_numpy(), demo_reports[fields].to_numpy())
