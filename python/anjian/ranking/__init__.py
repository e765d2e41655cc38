"""Composite ranking of the monthly bulletin (月通报综合评价): normalisation, weights, weighted
sum / TOPSIS / VIKOR with every intermediate, tie policies, red/black lists (红黑榜) and
bonus/deduction points, from a ranking configuration pack.

    r = anjian.ranking.rank(matrix, weights, directions, method="topsis")
    r.scores, r.ranks, r.normalized, r.details, r.contributions, r.explain(unit)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Hashable, Sequence

import numpy as np
import pandas as pd

from .. import _args, _core, indicators
from .._core import Error, Period, RankingConfig
from .._frames import require_column, require_frame
from . import weights
from ._frames import floats, as_matrix, directions_of, like_rows, per_column

__all__ = ["RankResult", "RankingConfig", "annual_points", "bulletin", "config", "lists", "points", "rank",
           "rank_batch", "ranked", "weights"]

DEFAULT = "national/ranking"
MAX_PLACE = 2**31 - 1  # a place or a list size, as the kernels hold it


@dataclass(frozen=True)
class RankResult:
    """Scores and ranks with everything that produced them.

    scores: weighted sum or TOPSIS closeness (higher is better) or VIKOR Q (lower is better);
    ranks: 1 = best under the tie policy; normalized: the matrix as the method used it;
    contributions: per unit and indicator -- weighted sum: w_j r_ij (adds up to the score);
    TOPSIS: (v_ij - anti_j)^2 - (v_ij - ideal_j)^2 (positive helps); VIKOR: the regret terms
    w_j (f*_j - f_ij) / (f*_j - f-_j) (adds up to S, lower is better).
    details: weights and the method's intermediates (ideal, anti_ideal, d_plus, d_minus /
    best, worst, S, R, Q, acceptable_advantage, acceptable_stability, compromise_set).
    """

    method: str
    normalize: str
    higher_is_better: bool
    scores: Any
    ranks: Any
    normalized: Any
    weighted: Any
    contributions: Any
    weights: Any
    details: dict = field(default_factory=dict)

    def explain(self, unit: Any) -> pd.DataFrame:
        """One unit's indicators: normalised value, weight and contribution."""
        if not isinstance(self.contributions, pd.DataFrame):
            raise Error("explain() needs a ranking of a DataFrame (units as the index)")
        if not isinstance(unit, Hashable) or unit not in self.contributions.index:
            raise Error(f"no unit {unit!r} in this ranking")
        return pd.DataFrame({"normalized": self.normalized.loc[unit], "weight": self.weights,
                             "contribution": self.contributions.loc[unit]})


def _weights(spec: Any, x: np.ndarray, names: list[str], matrix: Any, directions: list[int]) -> np.ndarray:
    if spec is None or (isinstance(spec, str) and spec == "equal"):
        return np.full(x.shape[1], 1.0 / x.shape[1])
    if isinstance(spec, str):
        if spec == "entropy":
            return _core.entropy_weights(x, names)[0]
        if spec == "critic":
            return _core.critic_weights(x, directions, names)[0]
        raise Error(f"weights must be numbers, 'equal', 'entropy' or 'critic'; got {spec!r}")
    w = per_column(spec, matrix, x.shape[1], "weights")
    bad = np.flatnonzero(~np.isfinite(w) | (w < 0))
    if bad.size:
        label = names[bad[0]] if names else f"column {bad[0]}"
        raise Error(f"weight of {label} must be a non-negative number, got {w[bad[0]]}")
    if w.sum() <= 0:
        raise Error("weights are all zero")
    return w / w.sum()


def rank(matrix: Any, weights: Any = None, directions: Any = None, method: str = "weighted_sum",
         normalize: str | None = None, ties: str = "min", v: float = 0.5) -> RankResult:
    """Rank units (rows) on indicators (columns).

    weights: one per indicator (normalised to sum 1), or "equal" (default), "entropy", "critic".
    directions: +1 higher is better / -1 lower is better, per indicator (default all +1).
    method: "weighted_sum" | "topsis" | "vikor". normalize: "minmax" | "vector" | "max" | "sum" |
    "zscore"; default minmax for the weighted sum and vector for TOPSIS (the textbook choice,
    Hwang & Yoon 1981); VIKOR scales by (f* - f) / (f* - f-) itself. ties: "min" (1,2,2,4),
    "dense" (1,2,2,3), "ordinal" (input order). A NaN cell is an error naming unit and indicator.

    Conventions (where libraries differ, this is what anjian does):
    - A cost indicator under the weighted sum is turned around by the normalisation itself:
      minmax (max - x)/(max - min); vector, max and sum 1 - x/norm; zscore (mean - x)/sd. The
      inverse forms other libraries use are options: normalize="linear" (x/max, cost min/x) and
      "sum_inverse" (x/sum, cost (1/x)/sum(1/x)), as pymcdm's linear and sum normalisations (x > 0).
      TOPSIS and VIKOR scale every column as a benefit and take the direction into their ideal points.
    - A column that cannot tell units apart (constant, or all zero) gives every unit the same
      value (1 for minmax, 0 for zscore, else the formula with 0/0 read as 0): it moves no rank.
      Entropy and CRITIC give it weight 0, and CRITIC leaves it out of the other columns'
      conflict sums, so it is the same as no column.
    - Scores within 1e-12 (relative, at least absolute 1e-12) are tied.
    - vector, max and sum need non-negative columns; a column near 1e308 or of denormals is
      rescaled first (ranks never change with a column's scale).
    """
    x, names, index = as_matrix(matrix)
    dirs = directions_of(directions, matrix, x.shape[1])
    method, normalize, ties, v = _options(method, normalize, ties, v)
    try:
        w = _weights(weights, x, names, matrix, dirs)
        out = _core.ranking_evaluate(x, w, dirs, method, normalize or "", ties, v, names)
    except _core.InputError as exc:  # a NaN cell: name the unit rather than its position
        unit = index[exc.row] if index is not None else exc.row
        raise Error(f"unit {unit!r}, indicator {exc.column}: missing or infinite value; fill it or choose "
                    "how to treat it (bulletin(missing='worst'))") from None
    return _result(out, method, index, getattr(matrix, "columns", None))


def _options(method: Any, normalize: Any, ties: Any, v: Any) -> tuple[str, str, str, float]:
    """The method's options as the kernel takes them (which names exist, the kernel says)."""
    return (_args.text(method, "method"), _args.optional_text(normalize, "normalize") or "",
            _args.text(ties, "ties"), _args.real(v, "v (VIKOR's weight of group utility)", 0, 1))


def _result(out: dict, method: str, index: Any, columns: Any) -> RankResult:
    def frame(a: np.ndarray) -> Any:
        return pd.DataFrame(a, index=index, columns=columns) if index is not None else a

    detail_keys = ("ideal", "anti_ideal", "d_plus", "d_minus", "best", "worst", "S", "R", "Q",
                   "acceptable_advantage", "acceptable_stability", "compromise_set")
    details = {k: out[k] for k in detail_keys if k in out}
    for k in ("d_plus", "d_minus", "S", "R", "Q"):
        if k in details:
            details[k] = like_rows(details[k], index, k)
    for k in ("ideal", "anti_ideal", "best", "worst"):
        if k in details and columns is not None:
            details[k] = pd.Series(details[k], index=columns, name=k)
    if "compromise_set" in details and index is not None:
        details["compromise_set"] = list(index[details["compromise_set"]])
    w = pd.Series(out["weights"], index=columns, name="weight") if columns is not None else out["weights"]
    details["weights"] = w
    return RankResult(method=method, normalize=out["normalize"], higher_is_better=out["higher_is_better"],
                      scores=like_rows(out["scores"], index, "score"), ranks=like_rows(out["ranks"], index, "rank"),
                      normalized=frame(out["normalized"]), weighted=frame(out["weighted"]),
                      contributions=frame(out["contributions"]), weights=w, details=details)


def lists(ranks: Any = None, red: int = 3, black: int = 3, *, scores: Any = None, red_at: float | None = None,
          black_at: float | None = None, higher_is_better: bool = True, reduce: bool = False) -> pd.DataFrame:
    """Red and black list membership (红黑榜): the top `red` and bottom `black` places by rank
    (everyone tied at the edge is in), or, with scores=, red_at= and black_at=, by thresholds.
    A unit is never on both lists: fewer than red + black units is an error unless `reduce` lets
    the black list shrink to the units left; overlapping thresholds are an error."""
    if scores is not None:
        if red_at is None or black_at is None:
            raise Error("lists by score need both red_at and black_at")
        s = np.ascontiguousarray(floats(scores, "scores"))
        r, b = _core.lists_by_score(s, _args.flag(higher_is_better, "higher_is_better"),
                                    _args.real(red_at, "red_at"), _args.real(black_at, "black_at"))
        index = scores.index if isinstance(scores, pd.Series) else None
    else:
        if ranks is None:
            raise Error("lists need ranks (or scores with thresholds)")
        red = _args.whole(red, "the red list's size", 0, MAX_PLACE)
        black = _args.whole(black, "the black list's size", 0, MAX_PLACE)
        r, b = _core.lists_by_rank(_places(ranks), red, black, _args.flag(reduce, "reduce"))
        index = ranks.index if isinstance(ranks, pd.Series) else None
    return pd.DataFrame({"red": r, "black": b}, index=index)


def points(ranks: Any, bands: Sequence[tuple[bool, int, float]] | RankingConfig | None = None) -> Any:
    """Bonus/deduction points by rank bands, (from_top, count, points) each -- e.g. the first three
    +2 and the last three -2 -- or those of a ranking configuration (default: the built-in one).
    ranks: one ranking (Series/array) or a DataFrame of units x periods; then the points of every
    period are added up per unit (the annual assessment)."""
    if bands is None or isinstance(bands, RankingConfig):
        bands = (bands or config()).points
    if isinstance(bands, (str, bytes, dict)) or not isinstance(bands, Sequence):
        raise Error(f"bands must be a list of (from_top, count, points), got {type(bands).__name__}")
    checked = []
    for band in bands:
        if not isinstance(band, (tuple, list)) or len(band) != 3:
            raise Error(f"a points band is (from_top, count, points), got {band!r}")
        top, n, p = band
        checked.append((_args.flag(top, "a points band's from_top"),
                        _args.whole(n, "a points band's count of places", 1, MAX_PLACE),
                        _args.real(p, "a points band's points")))
    if isinstance(ranks, pd.DataFrame):
        per_period = ranks.apply(lambda col: pd.Series(_core.points_for(_places(col), checked), index=col.index))
        return per_period.sum(axis=1).rename("points")
    out = _core.points_for(_places(ranks), checked)
    return like_rows(out, ranks.index if isinstance(ranks, pd.Series) else None, "points")


def _places(ranks: Any) -> list[int]:
    """Ranks as places 1, 2, ...: a fraction, zero, a negative or a missing place is an error."""
    if isinstance(ranks, (str, bytes, dict)) or ranks is None:
        raise Error(f"ranks must be places 1, 2, ... (a Series, array or list), got {type(ranks).__name__}")
    out = []
    for v in np.asarray(ranks, dtype=object).ravel():
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer, float, np.floating)) \
                or not np.isfinite(float(v)) or float(v) != int(v) or not 1 <= int(v) <= MAX_PLACE:
            raise Error(f"ranks are places 1, 2, ...; got {v!r}")
        out.append(int(v))
    return out


def config(name_or_path: str | os.PathLike | RankingConfig | None = None) -> RankingConfig:
    """The built-in bulletin ranking configuration, another built-in one, or a pack file."""
    if isinstance(name_or_path, RankingConfig):
        return name_or_path
    return _core.ranking_config(DEFAULT if name_or_path is None else _args.pack_name(name_or_path, "config"))


_config = config  # for functions whose `config` parameter hides the function


def _criteria_matrix(table: pd.DataFrame, cfg: RankingConfig, missing: str) -> pd.DataFrame:
    table = require_frame(table, "table")
    missing = _args.choice(missing, "missing", ("error", "worst"))
    absent = [c for c in cfg.criteria if c not in table.columns]
    if absent:
        raise Error(f"the table lacks the ranking criteria {', '.join(absent)} (configuration {cfg.pack.stamp})")
    m = table[list(cfg.criteria)].astype(float)
    if missing == "worst":
        for col, d in zip(m.columns, cfg.directions):
            worst = m[col].min() if d > 0 else m[col].max()
            m[col] = m[col].fillna(worst)
    return m


def ranked(table: pd.DataFrame, config: RankingConfig | str | None = None,
           missing: str = "error") -> tuple[pd.DataFrame, RankResult]:
    """The criteria matrix of a compute() table and its ranking under the configuration, with every
    intermediate (``RankResult.explain(unit)`` says what placed a unit where it is)."""
    cfg = _config(config)
    m = _criteria_matrix(table, cfg, missing)
    w = cfg.weights if cfg.weighting == "given" else cfg.weighting
    return m, rank(m, w, cfg.directions, method=cfg.method, normalize=cfg.normalize, ties=cfg.ties, v=cfg.v)


def bulletin(table: pd.DataFrame, config: RankingConfig | str | None = None, previous: Any = None,
             missing: str = "error") -> pd.DataFrame:
    """The ranked bulletin of one period from an indicators.compute() table.

    Returns the criteria, score, rank, rank_change (places gained since `previous`, a bulletin
    or a Series of ranks), red, black and points, sorted by rank. missing: "error" (a NaN
    criterion names unit and indicator) or "worst" (a unit without a value takes the column's
    worst value). attrs: weights, method, configuration stamp and period.
    """
    cfg = _config(config)
    m, r = ranked(table, cfg, missing)
    out = m.copy()
    out["score"] = r.scores
    out["rank"] = r.ranks
    if previous is not None:
        before = _previous_ranks(previous)
        out["rank_change"] = before.reindex(out.index) - out["rank"]
    flags = lists(r.ranks, cfg.red, cfg.black, reduce=cfg.reduce_lists)
    out["red"], out["black"] = flags["red"], flags["black"]
    notes = _list_notes(flags, r.ranks, cfg)
    out["points"] = points(r.ranks, cfg.points)
    out.attrs.update({"weights": r.weights.to_dict(), "method": cfg.method, "normalize": r.normalize,
                      "ranking": cfg.pack.stamp, "period": table.attrs.get("period"),
                      "points_verified": cfg.points_verified, "list_notes": notes})
    return out.sort_values(["rank", "score"], ascending=[True, not r.higher_is_better], kind="stable")


def _previous_ranks(previous: Any) -> pd.Series:
    """The ranks of an earlier bulletin (its frame, or ranks by unit as a Series or mapping)."""
    if isinstance(previous, pd.DataFrame):
        previous = require_column(previous, "rank")
    elif isinstance(previous, dict):
        previous = pd.Series(previous, dtype=object)
    if not isinstance(previous, pd.Series):
        raise Error("previous must be an earlier bulletin, or its ranks by unit (a Series or dict), "
                    f"got {type(previous).__name__}")
    return pd.Series(_places(previous), index=previous.index, dtype=float)


def _list_notes(flags: pd.DataFrame, ranks: Any, cfg: RankingConfig) -> list[str]:
    """What a reader of the lists must be told: a list longer than its size because of a tie at its
    edge, and a black list shortened because too few units were ranked."""
    notes = []
    ranks = pd.Series(np.asarray(ranks), index=flags.index)
    for name, column, size in (("红榜", "red", cfg.red), ("黑榜", "black", cfg.black)):
        members = int(flags[column].sum())
        if members > size:
            edge = int(ranks[flags[column]].max() if column == "red" else ranks[flags[column]].min())
            notes.append(f"{name}按{size}个单位确定，第{edge}名并列，{name}共{members}个单位。")
        elif column == "black" and members < size:
            notes.append(f"参评单位仅{len(flags)}个，不足红黑榜合计{cfg.red + cfg.black}个，按配置黑榜减为{members}个单位。")
    return notes


def annual_points(reports: pd.DataFrame, year: int, config: RankingConfig | str | None = None,
                  catalog: Any = None, missing: str = "error", **compute_options: Any) -> pd.DataFrame:
    """Rank every month of `year` that has reports and add up each unit's points: the annual
    assessment's bonus/deduction (one column per month's rank, then points)."""
    cfg = _config(config)
    year = _args.whole(year, "year", 1, 9999)
    cat = indicators.catalog(cfg.catalog if catalog is None else catalog)
    months = [m for m in indicators.months(reports) if m.startswith(f"{year:04d}-")]
    if not months:
        raise Error(f"no reports for {year}")
    ranks = {}
    for month in months:
        table = indicators.compute(reports, Period.parse(month), catalog=cat, indicators=list(cfg.criteria), **compute_options)
        ranks[month] = bulletin(table, cfg, missing=missing)["rank"]
    frame = pd.DataFrame(ranks)
    frame["points"] = points(frame[months], cfg)
    return frame.sort_values("points", ascending=False, kind="stable")


def rank_batch(matrices: Any, weights: Any = "entropy", directions: Any = None, method: str = "topsis",
               normalize: str | None = None, ties: str = "min", v: float = 0.5, threads: int = 0):
    """Rank many periods at once: matrices is periods x units x indicators. weights: "entropy"
    or "critic" (computed per period) or fixed numbers. Returns (scores, ranks, weights) arrays
    of periods x units, periods x units, periods x indicators. One C++ call, GIL released; threads=0
    uses every core once periods x units x indicators reaches 32,768 (one below), or give a number."""
    x = np.ascontiguousarray(floats(matrices, "matrices"))
    if x.ndim != 3:
        raise Error(f"rank_batch needs periods x units x indicators, got {x.ndim} dimension(s)")
    dirs = directions_of(directions, None, x.shape[2])
    if isinstance(weights, str):
        kind, given = weights, np.zeros(0)
    else:
        kind, given = "given", np.ascontiguousarray(per_column(weights, None, x.shape[2], "weights"))
    method, normalize, ties, v = _options(method, normalize, ties, v)
    threads = _args.whole(threads, "threads (0: chosen by the work's size)", 0, indicators.MAX_THREADS)
    return _core.ranking_batch(x, kind, given, dirs, method, normalize, ties, v, threads)
