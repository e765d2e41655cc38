#pragma once
// Composite scores (weighted sum, TOPSIS, VIKOR), ranks with a tie policy, red/black lists
// and bonus/deduction points. Every intermediate is kept so that a rank can be explained.

#include <algorithm>
#include <anjian/parallel.hpp>
#include <anjian/ranking/weights.hpp>
#include <numeric>
#include <thread>

namespace anjian::ranking {

enum class Method { weighted_sum, topsis, vikor };
enum class Ties { min, dense, ordinal };

inline Method parse_method(std::string_view s) {
    if (s == "weighted_sum") return Method::weighted_sum;
    if (s == "topsis") return Method::topsis;
    if (s == "vikor") return Method::vikor;
    throw error("method must be one of weighted_sum, topsis, vikor; got '" + std::string(s) + "'");
}

inline Ties parse_ties(std::string_view s) {
    if (s == "min") return Ties::min;
    if (s == "dense") return Ties::dense;
    if (s == "ordinal") return Ties::ordinal;
    throw error("ties must be one of min (1,2,2,4), dense (1,2,2,3), ordinal; got '" + std::string(s) + "'");
}

// Textbook normalisation of each method: min-max for the weighted sum, vector for TOPSIS
// (Hwang & Yoon); VIKOR scales by (f* - f) / (f* - f-) itself and ignores the choice.
inline Normalization default_normalization(Method m) {
    return m == Method::topsis ? Normalization::vector : Normalization::minmax;
}

struct Options {
    Method method = Method::weighted_sum;
    Normalization normalization = Normalization::minmax;
    Ties ties = Ties::min;
    double v = 0.5;  // VIKOR: weight of the group utility S against the individual regret R
};

// Options from their names; an empty normalisation is the method's default.
inline Options make_options(std::string_view method, std::string_view normalize, std::string_view ties, double v) {
    Options o;
    o.method = parse_method(method);
    o.normalization = normalize.empty() ? default_normalization(o.method) : parse_normalization(normalize);
    o.ties = parse_ties(ties);
    if (!(v >= 0.0 && v <= 1.0)) throw error("v (VIKOR's weight of group utility) must be from 0 to 1");
    o.v = v;
    return o;
}

// Ranks 1..n of scores; higher_is_better says which end is rank 1. Scores within 1e-12
// (relative) of each other tie, so that floating noise does not decide a place.
inline std::vector<int> rank_scores(const Vector& scores, bool higher_is_better, Ties ties) {
    const Eigen::Index n = scores.size();
    std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    const auto better = [&](Eigen::Index a, Eigen::Index b) {
        return higher_is_better ? scores(a) > scores(b) : scores(a) < scores(b);
    };
    std::stable_sort(order.begin(), order.end(), better);
    const auto same = [&](Eigen::Index a, Eigen::Index b) {
        return std::fabs(scores(a) - scores(b)) <= 1e-12 * std::max({1.0, std::fabs(scores(a)), std::fabs(scores(b))});
    };
    std::vector<int> ranks(static_cast<std::size_t>(n));
    int dense = 0;
    for (std::size_t k = 0; k < order.size(); ++k) {
        const bool tied = k > 0 && same(order[k], order[k - 1]);
        if (!tied) ++dense;
        int r = static_cast<int>(k) + 1;
        if (ties == Ties::dense)
            r = dense;
        else if (ties == Ties::min && tied)
            r = ranks[static_cast<std::size_t>(order[k - 1])];
        ranks[static_cast<std::size_t>(order[k])] = r;
    }
    return ranks;
}

struct Result {
    Method method = Method::weighted_sum;
    Normalization normalization = Normalization::minmax;
    Vector weights;
    Vector scores;  // weighted sum or TOPSIS closeness (higher better); VIKOR Q (lower better)
    bool higher_is_better = true;
    std::vector<int> ranks;
    Matrix normalized;     // as used by the method
    Matrix weighted;       // weights * normalized
    Matrix contributions;  // per unit and indicator: what each indicator adds (see below)
    // TOPSIS
    Vector ideal, anti_ideal, d_plus, d_minus;
    // VIKOR
    Vector best, worst, S, R, Q;
    bool acceptable_advantage = false, acceptable_stability = false;
    std::vector<int> compromise_set;  // unit positions
};

// contributions: weighted sum -- w_j r_ij (they add up to the score); TOPSIS -- the share of
// each indicator in the squared distance to the anti-ideal minus that to the ideal,
// (v_ij - a_j)^2 - (v_ij - i_j)^2 (positive helps); VIKOR -- w_j (f*_j - f_ij) / (f*_j - f-_j),
// the regret terms that add up to S (lower is better).
inline Result evaluate(const MatrixRef& x, const Vector& weights, const std::vector<int>& directions, const Options& opt,
                       const std::vector<std::string>& names = {}) {
    check_shape(x, directions, names);
    if (weights.size() != x.cols()) throw error("one weight per indicator needed");
    Result res;
    res.method = opt.method;
    res.normalization = opt.normalization;
    res.weights = weights;
    const Eigen::Index m = x.rows(), n = x.cols();
    switch (opt.method) {
        case Method::weighted_sum: {
            res.normalized = normalize(x, opt.normalization, directions, true, names);
            res.weighted = res.normalized * weights.asDiagonal();
            res.contributions = res.weighted;
            res.scores = res.weighted.rowwise().sum();
            break;
        }
        case Method::topsis: {
            res.normalized = normalize(x, opt.normalization, directions, false, names);
            res.weighted = res.normalized * weights.asDiagonal();
            res.ideal.resize(n), res.anti_ideal.resize(n);
            for (Eigen::Index j = 0; j < n; ++j) {
                const double hi = res.weighted.col(j).maxCoeff(), lo = res.weighted.col(j).minCoeff();
                const bool benefit = directions[static_cast<std::size_t>(j)] > 0;
                res.ideal(j) = benefit ? hi : lo;
                res.anti_ideal(j) = benefit ? lo : hi;
            }
            const Matrix to_ideal = (res.weighted.rowwise() - res.ideal.transpose()).array().square();
            const Matrix to_anti = (res.weighted.rowwise() - res.anti_ideal.transpose()).array().square();
            res.contributions = to_anti - to_ideal;
            res.d_plus = to_ideal.rowwise().sum().cwiseSqrt();
            res.d_minus = to_anti.rowwise().sum().cwiseSqrt();
            res.scores.resize(m);
            for (Eigen::Index i = 0; i < m; ++i) {
                const double total = res.d_plus(i) + res.d_minus(i);
                res.scores(i) = total == 0 ? 0.5 : res.d_minus(i) / total;  // all units identical: all tie
            }
            break;
        }
        case Method::vikor: {
            if (!(opt.v >= 0 && opt.v <= 1)) throw error("VIKOR v must be in [0, 1], got " + std::to_string(opt.v));
            res.normalized.resize(m, n);
            res.best.resize(n), res.worst.resize(n);
            for (Eigen::Index j = 0; j < n; ++j) {
                const bool benefit = directions[static_cast<std::size_t>(j)] > 0;
                const double hi = x.col(j).maxCoeff(), lo = x.col(j).minCoeff();
                res.best(j) = benefit ? hi : lo;
                res.worst(j) = benefit ? lo : hi;
                for (Eigen::Index i = 0; i < m; ++i)  // regret share: 0 at the best value, 1 at the worst
                    res.normalized(i, j) = hi == lo ? 0.0 : (res.best(j) - x(i, j)) / (res.best(j) - res.worst(j));
            }
            res.weighted = res.normalized * weights.asDiagonal();
            res.contributions = res.weighted;
            res.S = res.weighted.rowwise().sum();
            res.R = res.weighted.rowwise().maxCoeff();
            const double s_best = res.S.minCoeff(), s_worst = res.S.maxCoeff();
            const double r_best = res.R.minCoeff(), r_worst = res.R.maxCoeff();
            res.Q.resize(m);
            for (Eigen::Index i = 0; i < m; ++i)
                res.Q(i) = (s_worst == s_best ? 0.0 : opt.v * (res.S(i) - s_best) / (s_worst - s_best)) +
                           (r_worst == r_best ? 0.0 : (1 - opt.v) * (res.R(i) - r_best) / (r_worst - r_best));
            res.scores = res.Q;
            res.higher_is_better = false;
            // Opricovic & Tzeng (2004): C1 acceptable advantage Q(a'') - Q(a') >= 1/(m-1);
            // C2 acceptable stability: a' is also best by S or by R.
            std::vector<Eigen::Index> order(static_cast<std::size_t>(m));
            std::iota(order.begin(), order.end(), Eigen::Index{0});
            std::stable_sort(order.begin(), order.end(),
                             [&](Eigen::Index a, Eigen::Index b) { return res.Q(a) < res.Q(b); });
            const Eigen::Index first = order[0];
            const double dq = m > 1 ? 1.0 / static_cast<double>(m - 1) : 0.0;
            res.acceptable_advantage = m < 2 || res.Q(order[1]) - res.Q(first) >= dq - 1e-12;
            res.acceptable_stability = res.S(first) <= s_best + 1e-12 || res.R(first) <= r_best + 1e-12;
            if (!res.acceptable_advantage) {
                for (const Eigen::Index k : order)
                    if (res.Q(k) - res.Q(first) < dq - 1e-12) res.compromise_set.push_back(static_cast<int>(k));
            } else {
                res.compromise_set.push_back(static_cast<int>(first));
                if (!res.acceptable_stability && m > 1) res.compromise_set.push_back(static_cast<int>(order[1]));
            }
            std::sort(res.compromise_set.begin(), res.compromise_set.end());
            break;
        }
    }
    res.ranks = rank_scores(res.scores, res.higher_is_better, opt.ties);
    return res;
}

// Red and black lists (红黑榜): the units placed at or above the red-th best place, and those at or
// below the black-th worst (a tie at either edge takes everyone tied, so a list may be longer than its
// size). A unit is never on both: when red + black exceed the units, that is an error unless
// `reduce` allows the black list to shrink to the units left (the caller says so in the bulletin).
struct Lists {
    std::vector<bool> red, black;
};

inline Lists lists_by_rank(const std::vector<int>& ranks, int red, int black, bool reduce = false) {
    if (red < 0 || black < 0) throw error("list sizes must be non-negative");
    const auto n = static_cast<int>(ranks.size());
    if (red + black > n && !reduce)
        throw input_error("red and black lists of " + std::to_string(red) + " + " + std::to_string(black) +
                          " units need at least " + std::to_string(red + black) + " units; there are " +
                          std::to_string(n) + " (a configuration may allow the lists to shrink: lists.when_too_few: "
                          "reduce)");
    Lists out{std::vector<bool>(ranks.size()), std::vector<bool>(ranks.size())};
    std::vector<int> sorted = ranks;
    std::sort(sorted.begin(), sorted.end());
    const int red_cut = red > 0 && n > 0 ? sorted[static_cast<std::size_t>(std::min(red, n) - 1)] : 0;
    for (std::size_t i = 0; i < ranks.size(); ++i) out.red[i] = red > 0 && ranks[i] <= red_cut;
    std::vector<int> rest;  // the places of the units not on the red list, worst first
    for (std::size_t i = 0; i < ranks.size(); ++i)
        if (!out.red[i]) rest.push_back(ranks[i]);
    std::sort(rest.rbegin(), rest.rend());
    const int k = std::min(black, static_cast<int>(rest.size()));
    if (k > 0) {
        const int black_cut = rest[static_cast<std::size_t>(k - 1)];
        for (std::size_t i = 0; i < ranks.size(); ++i) out.black[i] = !out.red[i] && ranks[i] >= black_cut;
    }
    return out;
}

// By score thresholds: red when the score is at least as good as red_at, black when at least as bad
// as black_at. Thresholds that would put a unit on both are an error.
inline Lists lists_by_score(const Vector& scores, bool higher_is_better, double red_at, double black_at) {
    const bool overlap = higher_is_better ? black_at >= red_at : black_at <= red_at;
    if (overlap) throw error("red and black thresholds overlap: a unit could be on both lists");
    Lists out{std::vector<bool>(static_cast<std::size_t>(scores.size())),
              std::vector<bool>(static_cast<std::size_t>(scores.size()))};
    for (Eigen::Index i = 0; i < scores.size(); ++i) {
        const double s = scores(i);
        out.red[static_cast<std::size_t>(i)] = higher_is_better ? s >= red_at : s <= red_at;
        out.black[static_cast<std::size_t>(i)] = higher_is_better ? s <= black_at : s >= black_at;
    }
    return out;
}

// Bonus/deduction points by rank bands: the first `count` places (from the top, or from the
// bottom) get `points`. Summed over the bands a unit falls in.
struct PointBand {
    bool from_top = true;
    int count = 0;
    double points = 0;
};

inline std::vector<double> points_for(const std::vector<int>& ranks, const std::vector<PointBand>& bands) {
    std::vector<double> out(ranks.size(), 0.0);
    for (std::size_t i = 0; i < ranks.size(); ++i) {
        const int from_bottom =
            static_cast<int>(std::count_if(ranks.begin(), ranks.end(), [&](int r) { return r >= ranks[i]; }));
        for (const auto& b : bands)
            if ((b.from_top && ranks[i] <= b.count) || (!b.from_top && from_bottom <= b.count)) out[i] += b.points;
    }
    return out;
}

// Many periods at once: periods x units x indicators (row-major), one ranking per period with
// its own entropy weights (or the given ones), in parallel over periods.
enum class Weighting { given, entropy, critic };

inline Weighting parse_weighting(std::string_view s) {
    if (s == "entropy") return Weighting::entropy;
    if (s == "critic") return Weighting::critic;
    if (s == "given") return Weighting::given;
    throw error("weighting must be entropy, critic or given; got '" + std::string(s) + "'");
}

struct Batch {
    Matrix scores;  // periods x units
    Eigen::Matrix<int, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> ranks;
    Matrix weights;  // periods x indicators
};

inline Batch evaluate_batch(const double* data, Eigen::Index periods, Eigen::Index units, Eigen::Index indicators,
                            Weighting weighting, const Vector& given, const std::vector<int>& directions,
                            const Options& opt, unsigned threads = 0) {
    Batch out{Matrix(periods, units), decltype(Batch::ranks)(periods, units), Matrix(periods, indicators)};
    // threads = 0: one below the work at which a second thread was measured to pay
    // (benchmarks/bench_ranking.cpp, BM_RankingThreadCrossover: slower at 12 periods x 100 units x 14
    // indicators, faster at 12 x 300 x 14), else every core.
    constexpr std::size_t crossover_cells = std::size_t{1} << 15;
    if (threads == 0)
        threads = threads_from(static_cast<std::size_t>(periods * units * indicators), crossover_cells);
    threads = static_cast<unsigned>(std::min<Eigen::Index>(threads, std::max<Eigen::Index>(periods, 1)));
    std::vector<std::string> errors(threads);
    auto work = [&](unsigned t) {
        Eigen::Index p = t;
        try {
            for (; p < periods; p += threads) {
                const Eigen::Map<const Matrix> x(data + p * units * indicators, units, indicators);
                Vector w = weighting == Weighting::entropy  ? entropy_weights(x).weights
                           : weighting == Weighting::critic ? critic_weights(x, directions).weights
                                                            : given;
                const Result r = evaluate(x, w, directions, opt);
                out.scores.row(p) = r.scores.transpose();
                for (Eigen::Index u = 0; u < units; ++u) out.ranks(p, u) = r.ranks[static_cast<std::size_t>(u)];
                out.weights.row(p) = w.transpose();
            }
        } catch (const std::exception& e) {
            errors[t] = "period " + std::to_string(p) + ": " + e.what();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& th : pool) th.join();
    for (const auto& e : errors)
        if (!e.empty()) throw error("batch ranking: " + e);
    return out;
}

}  // namespace anjian::ranking
