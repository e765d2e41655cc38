"""anjian beside the peers on 200 random matrices: TOPSIS (min-max and vector), VIKOR's Q, entropy and
CRITIC weights agree with pymcdm and scikit-criteria to 1e-12. The peers' outputs were made once, in a
separate environment, by scripts/peer_vectors.py (they are not dependencies). Where a peer differs,
the cause is a convention, tested as such below."""

import json
from pathlib import Path

import numpy as np
import pytest

import anjian
from anjian import ranking
from anjian.ranking import weights

VECTORS = json.loads((Path(__file__).resolve().parents[1] / "vectors" / "ranking_peers.json").read_text(encoding="utf-8"))
CASES = VECTORS["cases"]
TOL = 1e-12


def _close(ours, theirs):
    return np.allclose(np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float), rtol=TOL, atol=TOL)


@pytest.mark.parametrize("normalize", ["minmax", "vector"])
def test_topsis_agrees_with_pymcdm(normalize):
    for i, c in enumerate(CASES):
        ours = ranking.rank(np.array(c["matrix"]), c["weights"], c["directions"], method="topsis",
                            normalize=normalize).scores
        assert _close(ours, c["pymcdm"][f"topsis_{normalize}"]), i


def test_vikor_q_agrees_with_pymcdm():
    for i, c in enumerate(CASES):
        r = ranking.rank(np.array(c["matrix"]), c["weights"], c["directions"], method="vikor", v=0.5)
        assert _close(r.details["Q"], c["pymcdm"]["vikor_q"]), i


@pytest.mark.parametrize("peer", ["pymcdm", "skcriteria"])
def test_entropy_weights_agree(peer):
    for i, c in enumerate(CASES):
        assert _close(weights.entropy(np.array(c["matrix"])), c[peer]["entropy_weights"]), i


def test_critic_weights_agree_with_scikit_criteria_which_orients_cost_columns_as_anjian_does():
    for i, c in enumerate(CASES):
        assert _close(weights.critic(np.array(c["matrix"]), c["directions"]), c["skcriteria"]["critic_weights"]), i


def test_critic_weights_agree_with_pymcdm_read_without_directions():
    """pymcdm's critic_weights takes no criteria types (every column a benefit) and a sample standard
    deviation; the latter scales every column alike and leaves the weights unchanged."""
    differs = 0
    for i, c in enumerate(CASES):
        x = np.array(c["matrix"])
        assert _close(weights.critic(x), c["pymcdm"]["critic_weights"]), i
        differs += not _close(weights.critic(x, c["directions"]), c["pymcdm"]["critic_weights"])
    assert differs > 0  # with cost columns the conventions give other weights: the vectors do test it


@pytest.mark.parametrize("normalize", ["minmax", "max", "linear", "sum_inverse"])
def test_the_weighted_sum_agrees_with_pymcdm_wsm_under_its_normalisations(normalize):
    """anjian's sum turns a cost column as 1 - x/sum; pymcdm's sum normalisation (1/x)/sum(1/x) is
    anjian's sum_inverse, and pymcdm's linear (cost min/x) anjian's linear."""
    for i, c in enumerate(CASES):
        ours = ranking.rank(np.array(c["matrix"]), c["weights"], c["directions"], method="weighted_sum",
                            normalize=normalize).scores
        assert _close(ours, c["pymcdm"][f"wsm_{normalize}"]), i


def test_the_inverse_forms_need_positive_values():
    with pytest.raises(anjian.Error, match="column 1 has values <= 0: linear and sum_inverse normalisation need x > 0"):
        ranking.rank(np.array([[1.0, 0.0], [2.0, 3.0]]), None, [1, -1], normalize="sum_inverse")
