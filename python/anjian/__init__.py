"""anjian (安监): rules and metrics for work-safety administrative enforcement.

Periods, change figures and control-target progress, the indicator catalogue and the
monthly-bulletin indicator engine; every figure from rule packs that cite the law.

`import anjian` loads the compiled core only; the submodules (and pandas with them) load on
first use, so a script that grades one accident does not pay for the bulletin machinery.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._core import Error, InputError, PackError, Period, __version__

if TYPE_CHECKING:  # what the lazy names below are, for type checkers and editors
    from . import accident, demo, hazard, indicators, penalty, ranking, returns, triggers
    from ._bulletin import Bulletin, bulletin
    from ._figures import Progress, change, progress
    from ._stale import StaleRulesWarning
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

_SUBMODULES = {"accident", "demo", "hazard", "indicators", "penalty", "ranking", "returns", "triggers"}
_NAMES = {  # name -> the submodule that defines it
    "AccidentLevel": ".accident",
    "Bulletin": "._bulletin",
    "bulletin": "._bulletin",
    "Progress": "._figures",
    "change": "._figures",
    "progress": "._figures",
    "StaleRulesWarning": "._stale",
}


def __getattr__(name: str) -> Any:
    """A submodule or a name of one, imported on first use and kept (PEP 562)."""
    if name in _SUBMODULES:
        value: Any = importlib.import_module(f".{name}", __name__)
    elif name in _NAMES:
        value = getattr(importlib.import_module(_NAMES[name], __name__), name)
    else:
        raise AttributeError(f"module 'anjian' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
