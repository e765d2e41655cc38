import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings, strategies as st
from hypothesis.extra.numpy import arrays

import anjian
from anjian import indicators, ranking
from anjian.ranking import weights

TZENG = pd.DataFrame([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], index=["A1", "A2", "A3", "A4"],
                     columns=["durability", "capacity", "reliability"])


def test_topsis_tzeng_huang_2011_with_labels():
    # Tzeng & Huang (2011), Multiple Attribute Decision Making, CRC: closeness 0.5037 0.6581 0.7482 0.3340
    r = ranking.rank(TZENG, {"durability": 0.3, "capacity": 0.4, "reliability": 0.3}, method="topsis")
    assert r.normalize == "vector"  # TOPSIS's textbook default
    assert np.allclose(r.scores, [0.5037, 0.6581, 0.7482, 0.3340], atol=5e-5)
    assert r.ranks.to_dict() == {"A1": 3, "A2": 2, "A3": 1, "A4": 4}
    assert list(r.details) >= ["ideal", "anti_ideal", "d_plus", "d_minus"]
    assert r.details["ideal"]["capacity"] == pytest.approx(r.weighted["capacity"].max())


def test_vikor_opricovic_tzeng_2004():
    m = pd.DataFrame({"risk": [1.0, 2.0, 5.0], "altitude": [3000.0, 3750.0, 4500.0]}, index=["A1", "A2", "A3"])
    r = ranking.rank(m, [0.5, 0.5], {"risk": -1, "altitude": 1}, method="vikor")
    assert r.details["Q"].tolist() == [1.0, 0.0, 1.0]
    assert r.details["S"].tolist() == [0.5, 0.375, 0.5] and r.details["R"].tolist() == [0.5, 0.25, 0.5]
    assert r.details["acceptable_advantage"] and r.details["acceptable_stability"]
    assert r.details["compromise_set"] == ["A2"]
    assert r.ranks.tolist() == [2, 1, 2] and not r.higher_is_better


def test_weighted_sum_contributions_add_up_to_the_score_and_explain_a_unit():
    r = ranking.rank(TZENG, [0.2, 0.5, 0.3], [1, 1, -1])
    assert r.normalize == "minmax"
    assert np.allclose(r.contributions.sum(axis=1), r.scores)
    e = r.explain("A3")
    assert list(e.columns) == ["normalized", "weight", "contribution"]
    assert e.loc["capacity", "contribution"] == pytest.approx(0.5 * 1.0)  # A3 has the best capacity


@pytest.mark.parametrize("normalize", ["minmax", "vector", "max", "sum", "zscore"])
def test_every_normalisation_is_available(normalize):
    r = ranking.rank(TZENG, "equal", method="weighted_sum", normalize=normalize)
    assert r.normalize == normalize
    assert r.ranks.tolist() == r.scores.rank(method="min", ascending=False).astype(int).tolist()
    assert np.allclose(r.contributions.sum(axis=1), r.scores)


def test_ties_policies():
    m = np.array([[3.0], [2.0], [2.0], [1.0]])
    assert ranking.rank(m, ties="min").ranks.tolist() == [1, 2, 2, 4]
    assert ranking.rank(m, ties="dense").ranks.tolist() == [1, 2, 2, 3]
    assert ranking.rank(m, ties="ordinal").ranks.tolist() == [1, 2, 3, 4]


def test_bad_input_names_unit_and_indicator():
    m = TZENG.astype(float).copy()
    m.loc["A2", "capacity"] = np.nan
    with pytest.raises(anjian.Error, match="unit 'A2', indicator capacity: missing"):
        ranking.rank(m, "equal")
    with pytest.raises(anjian.Error, match="weight of capacity must be a non-negative number"):
        ranking.rank(TZENG, {"durability": 1, "capacity": -1, "reliability": 1})
    with pytest.raises(anjian.Error, match="weights missing for reliability"):
        ranking.rank(TZENG, {"durability": 1, "capacity": 1})
    with pytest.raises(anjian.Error, match="method must be one of"):
        ranking.rank(TZENG, method="electre")
    with pytest.raises(anjian.Error, match="direction of capacity must be \\+1 or -1"):
        ranking.rank(TZENG, directions=[1, 2, 1])


def test_weights_entropy_critic_ahp():
    w = weights.entropy(TZENG)
    assert isinstance(w, pd.Series) and w.sum() == pytest.approx(1.0)
    p = TZENG / TZENG.sum()
    e = -(p * np.log(p)).sum() / np.log(len(TZENG))
    assert np.allclose(w, (1 - e) / (1 - e).sum())  # the documented formula
    assert weights.critic(TZENG).sum() == pytest.approx(1.0)
    w, cr = weights.ahp([[1, 4, 3, 7], [1 / 4, 1, 1 / 3, 3], [1 / 3, 3, 1, 5], [1 / 7, 1 / 3, 1 / 5, 1]])
    assert np.allclose(w, [0.547, 0.127, 0.270, 0.056], atol=1e-3) and cr < 0.1  # Wikipedia's leader example


def test_ahp_inconsistency_warns_and_bad_matrices_raise():
    with pytest.warns(weights.InconsistentJudgementsWarning, match="above 0.1"):
        _, cr = weights.ahp([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])
    assert cr > 0.1
    assert not weights.ahp_details([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])["consistent"]
    with pytest.raises(anjian.Error, match=r"pairwise\[0\]\[1\] = 2.0+ but pairwise\[1\]\[0\] = 2.0+: the matrix must be reciprocal"):
        weights.ahp([[1, 2], [2, 1]])


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, (6, 3), elements=st.floats(1, 1000)), st.floats(0.01, 1000),
       st.sampled_from(["minmax", "vector", "max", "sum", "zscore"]), st.sampled_from(["weighted_sum", "topsis"]))
def test_ranks_do_not_change_when_a_column_is_scaled(x, k, normalize, method):
    before = ranking.rank(x, [0.2, 0.3, 0.5], [1, -1, 1], method=method, normalize=normalize).ranks
    y = x.copy()
    y[:, 1] *= k
    assert ranking.rank(y, [0.2, 0.3, 0.5], [1, -1, 1], method=method, normalize=normalize).ranks.tolist() == before.tolist()


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, (5, 4), elements=st.floats(0, 1000)))
def test_weights_sum_to_one(x):
    assert weights.entropy(x).sum() == pytest.approx(1.0)
    if np.ptp(x, axis=0).max() > 0:
        assert weights.critic(x).sum() == pytest.approx(1.0)


def test_lists_by_rank_and_by_score():
    ranks = pd.Series([1, 2, 3, 4, 5, 6, 7], index=list("abcdefg"))
    l = ranking.lists(ranks, red=3, black=3)
    assert l.index.tolist() == list("abcdefg")
    assert l["red"].tolist() == [True] * 3 + [False] * 4 and l["black"].tolist() == [False] * 4 + [True] * 3
    assert not (l["red"] & l["black"]).any()
    s = ranking.lists(scores=pd.Series([0.9, 0.5, 0.1]), red_at=0.8, black_at=0.2)
    assert s["red"].tolist() == [True, False, False] and s["black"].tolist() == [False, False, True]
    with pytest.raises(anjian.Error, match="overlap"):
        ranking.lists(scores=[0.5], red_at=0.2, black_at=0.8)


def test_points_per_period_and_over_a_year():
    ranks = pd.DataFrame({"2024-01": [1, 2, 3, 4, 5, 6, 7], "2024-02": [7, 6, 5, 4, 3, 2, 1]}, index=list("abcdefg"))
    assert ranking.points(ranks["2024-01"]).tolist() == [2, 2, 2, 0, -2, -2, -2]  # the built-in bands
    assert ranking.points(ranks).tolist() == [0, 0, 0, 0, 0, 0, 0]
    assert ranking.points(ranks, [(True, 1, 5.0)]).tolist() == [5, 0, 0, 0, 0, 0, 5]


def test_the_builtin_configuration_and_a_bad_pack(tmp_path):
    cfg = ranking.config()
    assert cfg.criteria == ["enterprises_inspected", "hazards_found", "cases_filed", "filing_rate", "rectification_rate"]
    assert (cfg.method, cfg.normalize, cfg.weighting, cfg.ties, cfg.red, cfg.black) == \
        ("topsis", "vector", "entropy", "min", 3, 3)
    assert cfg.points == [(True, 3, 2.0), (False, 3, -2.0)] and not cfg.points_verified
    bad = tmp_path / "r.yaml"
    bad.write_text("anjian_pack: 2\nname: x\nkind: ranking_config\nversion: '1'\nsource: s\n"
                   "catalog: national/indicators\ncriteria:\n  filing_rate: {weight: 1}\n"
                   "weighting: given\nmethod: topsis\nties: tied\n", encoding="utf-8")
    with pytest.raises(anjian.PackError, match="ties must be one of"):
        ranking.config(bad)


def test_bulletin_of_the_demo(demo_reports):
    table = indicators.compute(demo_reports, "2024-12")
    before = ranking.bulletin(indicators.compute(demo_reports, "2024-11"))
    b = ranking.bulletin(table, previous=before)
    assert len(b) == 19 and b["rank"].is_monotonic_increasing
    assert b["red"].sum() == 3 and b["black"].sum() == 3 and not (b["red"] & b["black"]).any()
    assert (b.loc[b["red"], "points"] == 2).all() and (b.loc[b["black"], "points"] == -2).all()
    assert (b["rank_change"] == before["rank"].reindex(b.index) - b["rank"]).all()
    assert sum(b.attrs["weights"].values()) == pytest.approx(1.0) and b.attrs["method"] == "topsis"


def test_bulletin_missing_values_error_or_worst(demo_reports):
    table = indicators.compute(demo_reports, "2024-12")
    table.loc["市商务局", "filing_rate"] = np.nan
    with pytest.raises(anjian.Error, match="unit '市商务局', indicator filing_rate"):
        ranking.bulletin(table)
    b = ranking.bulletin(table, missing="worst")
    assert b.loc["市商务局", "filing_rate"] == table["filing_rate"].min()


def test_annual_points_add_up_the_monthly_bands(demo_reports):
    year = ranking.annual_points(demo_reports, 2024)
    months = [c for c in year.columns if c != "points"]
    assert len(months) == 12
    assert year["points"].sum() == 0  # three +2 and three -2 every month
    assert year["points"].equals(ranking.points(year[months]))


def test_batch_equals_one_ranking_per_period():
    rng = np.random.default_rng(1)
    x = rng.uniform(0, 10, (12, 19, 5))
    scores, ranks, w = ranking.rank_batch(x, "entropy", [1, 1, -1, 1, 1], method="topsis")
    for p in (0, 7, 11):
        one = ranking.rank(x[p], "entropy", [1, 1, -1, 1, 1], method="topsis")
        assert np.allclose(scores[p], one.scores) and ranks[p].tolist() == one.ranks.tolist()
        assert np.allclose(w[p], weights.entropy(x[p]))
    fixed = ranking.rank_batch(x, [1, 1, 1, 1, 1], method="weighted_sum")
    assert np.allclose(fixed[2], 0.2)


def _config_with(tmp_path, lists):
    import pathlib
    import re

    pack = (pathlib.Path(__file__).parents[2] / "rules/national/ranking.yaml").read_text(encoding="utf-8")
    pack = re.sub(r"lists:\n(  .*\n)+", "lists:\n" + lists, pack).replace("name: national/ranking", "name: t/ranking")
    path = tmp_path / "ranking.yaml"
    path.write_text(pack, encoding="utf-8")
    return ranking.config(path)


def test_too_few_units_for_both_lists_is_an_error_unless_the_configuration_allows_a_reduction(demo_reports, tmp_path):
    table = indicators.compute(demo_reports, "2024-12").iloc[:5]
    with pytest.raises(anjian.Error, match="need at least 6 units; there are 5"):
        ranking.bulletin(table)
    cfg = _config_with(tmp_path, "  red: 3\n  black: 3\n  when_too_few: reduce\n  source: s\n")
    b = ranking.bulletin(table, cfg)
    assert b["red"].sum() == 3 and b["black"].sum() == 2
    assert b.attrs["list_notes"] == ["参评单位仅5个，不足红黑榜合计6个，按配置黑榜减为2个单位。"]


def test_a_tie_at_the_edge_of_a_list_takes_everyone_tied_and_is_said(demo_reports):
    table = indicators.compute(demo_reports, "2024-12")
    b = ranking.bulletin(table)
    third, fourth = b.index[2], b.index[3]
    table.loc[fourth, list(ranking.config().criteria)] = table.loc[third, list(ranking.config().criteria)]
    tied = ranking.bulletin(table)
    assert tied["red"].sum() == 4 and tied.loc[[third, fourth], "rank"].tolist() == [3, 3]
    assert tied.attrs["list_notes"] == ["红榜按3个单位确定，第3名并列，红榜共4个单位。"]
    assert ranking.bulletin(indicators.compute(demo_reports, "2024-12")).attrs["list_notes"] == []


@pytest.mark.parametrize("method, normalize", [("weighted_sum", "minmax"), ("weighted_sum", "vector"),
                                               ("topsis", "vector"), ("vikor", "minmax"), ("weighted_sum", "zscore")])
@pytest.mark.parametrize("scale", [1e300, 1e-310])
def test_a_column_near_the_limits_of_double_ranks_as_the_same_column_scaled(method, normalize, scale):
    x = np.array([[3.0, 1.0], [2.0, 5.0], [1.0, 2.0], [4.0, 3.0]])
    extreme = x.copy()
    extreme[:, 0] *= scale
    for weights_ in ("entropy", [0.6, 0.4]):
        a = ranking.rank(x, weights_, [1, 1], method=method, normalize=normalize)
        b = ranking.rank(extreme, weights_, [1, 1], method=method, normalize=normalize)
        assert b.ranks.tolist() == a.ranks.tolist()
        assert np.allclose(b.scores, a.scores)


@pytest.mark.parametrize("ranks", [[0, 1, 2], [1.5, 2, 3], [-1, 1, 2], [1, None, 2], [True, 2, 3]])
def test_lists_and_points_take_places_not_fractions_zeros_or_negatives(ranks):
    with pytest.raises(anjian.Error, match="ranks are places"):
        ranking.lists(ranks, 1, 1)
    with pytest.raises(anjian.Error, match="ranks are places"):
        ranking.points(ranks)


@pytest.mark.parametrize("bands", [[(True, 0, 2.0)], [(True, 1.5, 2.0)], [(True, -1, 2.0)], [(True, 1, float("nan"))]])
def test_points_bands_count_whole_places_and_give_finite_points(bands):
    with pytest.raises(anjian.Error, match="points band"):
        ranking.points([1, 2, 3], bands)


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, (5, 3), elements=st.floats(1, 1000)), st.floats(0, 100))
def test_critic_a_constant_column_is_the_same_as_no_column(x, value):
    assume((x.max(axis=0) > x.min(axis=0)).any())  # some indicator varies, else CRITIC has no answer
    with_constant = np.column_stack([x, np.full(len(x), value)])
    base = weights.critic(x)
    widened = weights.critic(with_constant)
    assert widened[-1] == 0 and np.allclose(widened[:-1], base, rtol=1e-12, atol=1e-15)
    assert list(ranking.rank(x, "critic", method="topsis").ranks) == \
        list(ranking.rank(with_constant, "critic", method="topsis").ranks)


def test_ahp_above_ten_criteria_gives_weights_without_a_consistency_ratio():
    n = 11
    a = np.ones((n, n))  # every criterion as important as every other
    with pytest.warns(weights.InconsistentJudgementsWarning, match="no random index is published consistently"):
        w, cr = weights.ahp(a)
    assert np.allclose(w, 1 / n) and np.isnan(cr)
    d = weights.ahp_details(a)
    assert d["consistent"] is None and np.isnan(d["ri"])
    assert weights.ahp_details(np.ones((10, 10)))["consistent"] is True  # Saaty's table still covers 10
