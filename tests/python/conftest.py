import pandas as pd
import pytest
from hypothesis import HealthCheck, settings

import anjian

# Properties are checked, never timed: no per-example deadline and no too-slow health check (speed is
# the benchmarks' business; the suites under each pandas run side by side and share the cores).
settings.register_profile("anjian", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("anjian")


@pytest.fixture(scope="session")
def demo_reports() -> pd.DataFrame:
    return anjian.demo.reports(2024)


@pytest.fixture(scope="session")
def demo_events() -> pd.DataFrame:
    return anjian.demo.events(2024)


def small_reports() -> pd.DataFrame:
    """Two units, three months, by hand."""
    return pd.DataFrame({
        "unit": ["甲", "甲", "甲", "乙", "乙", "乙"],
        "month": ["2024-01", "2024-02", "2024-03", "2024-01", "2024-02", "2024-03"],
        "enterprises_inspected": [10, 90, 0, 5, 5, 10],
        "cases_filed": [1, 1, 0, 1, 0, 1],
        "hazards_found": [4, 6, 0, 2, 2, 0],
        "hazards_rectified": [4, 3, 2, 1, 2, 1],
        "fines_yuan": [1000, 2000.5, 0, 300, 0, 0],
        **{f: [0] * 6 for f in ("inspection_teams", "major_hazards_found", "major_hazards_rectified", "cases_closed",
                                "suspensions", "licence_actions", "closures", "criminal_transfers")},
    })


def pytest_report_header() -> str:
    return f"pandas {pd.__version__}"
