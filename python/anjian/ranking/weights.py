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
    (sum of 1 - correlation). directions: +1/-1 per indicator (default all +1). An indicator on
    which every unit scores the same gets weight 0 and is left out of the others' conflict sums, so
    it changes no other weight (as if the column were not there). Varying indicators without any
    conflict between them (one alone, or all perfectly correlated) share the weight equally."""
    x, names, _ = as_matrix(matrix)
    w, *_ = _core.critic_weights(x, directions_of(directions, matrix, x.shape[1]), names)
    return like_columns(w, matrix)


def ahp_details(pairwise: Any) -> dict:
    """Weights (principal eigenvector), lambda_max, CI = (lambda_max - n)/(n - 1), Saaty's RI (1980,
    n <= 10), CR = CI/RI and whether CR <= 0.1. Above 10 criteria the published RI tables disagree:
    RI and CR are NaN and `consistent` is None (not judged); the weights are given."""
    a = np.asarray(pairwise, dtype=float)
    out = dict(_core.ahp_weights(a))
    out["consistent"] = None if np.isnan(out["cr"]) else bool(out["cr"] <= 0.1)
    out["weights"] = like_columns(out["weights"], pairwise)
    return out


def ahp(pairwise: Any) -> tuple[Any, float]:
    """(weights, consistency ratio) of a positive reciprocal pairwise matrix. A CR above 0.1 is
    reported with an InconsistentJudgementsWarning; a matrix that is not positive and
    reciprocal is an anjian.Error naming the cell."""
    d = ahp_details(pairwise)
    if d["consistent"] is None:
        warnings.warn(f"AHP with {len(d['weights'])} criteria: no random index is published consistently beyond 10, "
                      "so the consistency ratio is not computed", InconsistentJudgementsWarning, stacklevel=2)
    elif not d["consistent"]:
        warnings.warn(f"AHP consistency ratio {d['cr']:.3f} is above 0.1: revise the judgements",
                      InconsistentJudgementsWarning, stacklevel=2)
    return d["weights"], d["cr"]
