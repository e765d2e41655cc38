// The C ABI of ranking: a matrix in, scores, ranks and red/black lists out.
#include <anjian/ranking/methods.hpp>

#include "abi.hpp"

namespace c = anjian::c;
namespace rk = anjian::ranking;

namespace {

constexpr std::int64_t max_cells = std::int64_t{1} << 40;

void check_shape(const double* matrix, std::int64_t periods, std::int64_t units, std::int64_t indicators) {
    c::need(matrix, "matrix");
    if (periods < 1 || units < 1 || indicators < 1 || periods > max_cells / units ||
        periods * units > max_cells / indicators)
        throw c::argument_error("the matrix must have at least one unit and one indicator (and fewer than 2^40 "
                                "cells), got " + std::to_string(units) + " units x " + std::to_string(indicators) +
                                " indicators");
}

std::vector<int> directions_of(const int32_t* directions, std::int64_t indicators) {
    if (!directions) return std::vector<int>(static_cast<std::size_t>(indicators), 1);
    return std::vector<int>(directions, directions + indicators);
}

// The weighting's name (NULL: "given" when weights are given, else "equal") and the given weights.
std::pair<std::string, std::vector<double>> weighting_of(const char* weighting, const double* weights,
                                                         std::int64_t indicators) {
    std::string how = c::text_or(weighting, weights ? "given" : "equal");
    if (how == "equal") return {"given", std::vector<double>(static_cast<std::size_t>(indicators), 1.0)};
    if (how == "given") return {how, std::vector<double>(&c::need(weights, "weights"), weights + indicators)};
    rk::parse_weighting(how);  // an unknown name is refused here, naming the ones there are
    return {how, {}};
}

rk::Options options_of(const char* method, const char* normalize, const char* ties, double v) {
    return rk::make_options(c::text(method, "method"), c::text_or(normalize, ""), c::text_or(ties, "min"), v);
}

}  // namespace

extern "C" {

anjian_status anjian_rank(const double* matrix, int64_t units, int64_t indicators, const char* weighting,
                          const double* weights, const int32_t* directions, const char* method, const char* normalize,
                          const char* ties, double v, int32_t red, int32_t black, anjian_result** out) {
    return c::create(out, [&] {
        check_shape(matrix, 1, units, indicators);
        const Eigen::Map<const rk::Matrix> x(matrix, units, indicators);  // read where it lies
        const std::vector<int> dirs = directions_of(directions, indicators);
        const auto [how, given] = weighting_of(weighting, weights, indicators);
        const rk::Vector w = how == "entropy" ? rk::entropy_weights(x).weights
                             : how == "critic" ? rk::critic_weights(x, dirs).weights
                                               : rk::given_weights(given, indicators);
        const rk::Result r = rk::evaluate(x, w, dirs, options_of(method, normalize, ties, v));
        const rk::Lists lists = rk::lists_by_rank(r.ranks, red, black);
        anjian_result res;
        res.reals("score", std::vector<double>(r.scores.data(), r.scores.data() + r.scores.size()));
        res.ints("rank", r.ranks);
        res.ints("red", lists.red);
        res.ints("black", lists.black);
        res.reals("weight", std::vector<double>(r.weights.data(), r.weights.data() + r.weights.size()));
        return res;
    });
}

anjian_status anjian_rank_batch(const double* matrices, int64_t periods, int64_t units, int64_t indicators,
                                const char* weighting, const double* weights, const int32_t* directions,
                                const char* method, const char* normalize, const char* ties, double v,
                                unsigned threads, anjian_result** out) {
    return c::create(out, [&] {
        check_shape(matrices, periods, units, indicators);
        const auto [how, given] = weighting_of(weighting, weights, indicators);
        const rk::Vector w = how == "given" ? rk::given_weights(given, indicators) : rk::Vector();
        const rk::Batch b = rk::evaluate_batch(
            matrices, periods, units, indicators, rk::parse_weighting(how), w, directions_of(directions, indicators),
            options_of(method, normalize, ties, v), threads);
        anjian_result res;
        res.reals("score", std::vector<double>(b.scores.data(), b.scores.data() + b.scores.size()));
        res.ints("rank", std::vector<int>(b.ranks.data(), b.ranks.data() + b.ranks.size()));
        res.reals("weight", std::vector<double>(b.weights.data(), b.weights.data() + b.weights.size()));
        return res;
    });
}

}  // extern "C"
