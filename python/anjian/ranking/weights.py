"""Indicator weights: entropy, CRITIC and AHP (anjian.ranking.weights)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from .. import _core
from ._frames import as_matrix, directions_of, like_columns

__all__ = ["InconsistentJudgementsWarning", "ahp", "ahp_details", "critic", "entropy"]


class InconsistentJudgementsWarning(UserWarning):
    """An AHP pairwise matrix whose consistency ratio is above 0.1 (Saaty's limit)."""


def entropy(matrix: Any) -> Any:
    """Entropy weights: p = x / sum(x) per column, E = -sum(p ln p) / ln m with 0 ln 0 = 0,
    w = (1 - E) / sum(1 - E). Needs x >= 0 and at least two units. A Series for a DataFrame."""
    x, names, _ = as_matrix(matrix)
    w, _, _ = _core.entropy_weights(x, names)
    return like_columns(w, matrix)


def critic(matrix: Any, directions: Any = None) -> Any:
    """CRITIC weights (Diakoulaki et al. 1995): contrast (std of min-max scores) times conflict
    (sum of 1 - correlation). directions: +1/-1 per indicator (default all +1)."""
    x, names, _ = as_matrix(matrix)
    w, *_ = _core.critic_weights(x, directions_of(directions, matrix, x.shape[1]), names)
    return like_columns(w, matrix)


def ahp_details(pairwise: Any) -> dict:
    """Weights (principal eigenvector), lambda_max, CI = (lambda_max - n)/(n - 1), Saaty's RI,
    CR = CI/RI and whether CR <= 0.1."""
    a = np.asarray(pairwise, dtype=float)
    out = dict(_core.ahp_weights(a))
    out["consistent"] = out["cr"] <= 0.1
    out["weights"] = like_columns(out["weights"], pairwise)
    return out


def ahp(pairwise: Any) -> tuple[Any, float]:
    """(weights, consistency ratio) of a positive reciprocal pairwise matrix. A CR above 0.1 is
    reported with an InconsistentJudgementsWarning; a matrix that is not positive and
    reciprocal is an anjian.Error naming the cell."""
    d = ahp_details(pairwise)
    if not d["consistent"]:
        warnings.warn(f"AHP consistency ratio {d['cr']:.3f} is above 0.1: revise the judgements",
                      InconsistentJudgementsWarning, stacklevel=2)
    return d["weights"], d["cr"]
