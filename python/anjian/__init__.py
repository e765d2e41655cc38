"""anjian (安监): rules and metrics for work-safety administrative enforcement.

Periods, change figures and control-target progress, the indicator catalogue and the
monthly-bulletin indicator engine; every figure from rule packs that cite the law.
"""

from ._core import Error, InputError, PackError, Period, __version__
from ._figures import Progress, change, progress
from ._stale import StaleRulesWarning
from . import accident, demo, hazard, indicators, penalty, ranking, returns, triggers
from ._bulletin import Bulletin, bulletin
from .accident import AccidentLevel

__all__ = [
    "AccidentLevel",
    "Bulletin",
    "Error",
    "InputError",
    "PackError",
    "Period",
    "StaleRulesWarning",
    "Progress",
    "__version__",
    "accident",
    "bulletin",
    "change",
    "demo",
    "hazard",
    "indicators",
    "penalty",
    "progress",
    "ranking",
    "returns",
    "triggers",
]
