#pragma once
// Normalisation of a units x indicators matrix, column by column, with each column's
// direction: +1 higher is better (benefit), -1 lower is better (cost).
//
//            benefit                    cost (when `orient` is set)
//   minmax   (x - min) / (max - min)     (max - x) / (max - min)
//   vector   x / sqrt(sum x^2)           1 - x / sqrt(sum x^2)
//   max      x / max                     1 - x / max
//   sum      x / sum x                   1 - x / sum x
//   zscore   (x - mean) / sd             (mean - x) / sd          (sd: population)
//   linear   x / max                     min / x                  (the inverse cost forms some
//   sum_inverse  x / sum x               (1/x) / sum(1/x)          libraries use; x > 0)
//
// Without `orient` (TOPSIS and VIKOR, which take the direction into their ideal points) every
// column is scaled by the benefit formula. A column that cannot tell units apart (constant, or
// all zero) gives every unit the same value: 1 for minmax, 0 for zscore, the formula's value
// otherwise with 0/0 read as 0. It never divides by zero. NaN is an error naming the cell;
// vector, max and sum need non-negative columns.

#include <Eigen/Dense>
#include <anjian/error.hpp>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

namespace anjian::ranking {

using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vector = Eigen::VectorXd;
// A matrix read where it lies: a Matrix, or a Map of a caller's row-major buffer (a numpy array), not
// copied first.
using MatrixRef = Eigen::Ref<const Matrix>;

enum class Normalization { minmax, vector, max, sum, zscore, linear, sum_inverse };

inline Normalization parse_normalization(std::string_view s) {
    if (s == "minmax") return Normalization::minmax;
    if (s == "vector") return Normalization::vector;
    if (s == "max") return Normalization::max;
    if (s == "sum") return Normalization::sum;
    if (s == "zscore") return Normalization::zscore;
    if (s == "linear") return Normalization::linear;
    if (s == "sum_inverse") return Normalization::sum_inverse;
    throw error("normalize must be one of minmax, vector, max, sum, zscore, linear, sum_inverse; got '" +
                std::string(s) + "'");
}

// Names of the columns, for messages ("column 3" when none are given).
inline std::string column_name(const std::vector<std::string>& names, Eigen::Index j) {
    return j < static_cast<Eigen::Index>(names.size()) ? names[static_cast<std::size_t>(j)]
                                                       : "column " + std::to_string(j);
}

inline void check_shape(const MatrixRef& x, const std::vector<int>& directions, const std::vector<std::string>& names) {
    if (x.rows() < 1 || x.cols() < 1) throw error("the matrix needs at least one unit and one indicator");
    if (static_cast<Eigen::Index>(directions.size()) != x.cols())
        throw error("one direction per indicator needed: " + std::to_string(x.cols()) + " indicators, " +
                    std::to_string(directions.size()) + " directions");
    for (std::size_t j = 0; j < directions.size(); ++j)
        if (directions[j] != 1 && directions[j] != -1)
            throw error("direction of " + column_name(names, static_cast<Eigen::Index>(j)) + " must be +1 or -1, got " +
                        std::to_string(directions[j]));
    for (Eigen::Index i = 0; i < x.rows(); ++i)
        for (Eigen::Index j = 0; j < x.cols(); ++j)
            if (!std::isfinite(x(i, j))) {
                Location where;
                where.row = i;
                where.field = column_name(names, j);
                throw input_error("missing or infinite value in the ranking matrix", where);
            }
}

// Column j, divided by its largest |value| when that is extreme. Every normalisation and weighting is
// unchanged by scaling a column by a positive number, but in doubles a column near 1e308 overflows
// (max - min, sums, squares become inf) and one of denormals underflows (squares become 0): both
// changed ranks. Ordinary columns are returned as they are, bit for bit.
inline Vector tamed_column(const MatrixRef& x, Eigen::Index j) {
    Vector col = x.col(j);
    const double big = col.cwiseAbs().maxCoeff();
    if (big > 1e150 || (big > 0.0 && big < 1e-150)) col /= big;
    return col;
}

inline Matrix normalize(const MatrixRef& x, Normalization how, const std::vector<int>& directions, bool orient,
                        const std::vector<std::string>& names = {}) {
    check_shape(x, directions, names);
    Matrix r(x.rows(), x.cols());
    const auto ratio = [](double a, double b) { return b == 0.0 ? 0.0 : a / b; };
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const Vector col = tamed_column(x, j);
        const bool cost = orient && directions[static_cast<std::size_t>(j)] < 0;
        if ((how == Normalization::vector || how == Normalization::max || how == Normalization::sum) &&
            col.minCoeff() < 0)
            throw error(column_name(names, j) + " has negative values: vector, max and sum normalisation need x >= 0");
        switch (how) {
            case Normalization::minmax: {
                const double lo = col.minCoeff(), hi = col.maxCoeff();
                for (Eigen::Index i = 0; i < x.rows(); ++i)
                    r(i, j) = hi == lo ? 1.0 : (cost ? hi - col(i) : col(i) - lo) / (hi - lo);
                break;
            }
            case Normalization::zscore: {
                const double mean = col.mean();
                const double sd = std::sqrt((col.array() - mean).square().mean());
                for (Eigen::Index i = 0; i < x.rows(); ++i)
                    r(i, j) = sd == 0.0 ? 0.0 : (cost ? mean - col(i) : col(i) - mean) / sd;
                break;
            }
            case Normalization::vector:
            case Normalization::max:
            case Normalization::sum: {
                const double scale = how == Normalization::vector ? col.norm()
                                     : how == Normalization::max  ? col.maxCoeff()
                                                                  : col.sum();
                for (Eigen::Index i = 0; i < x.rows(); ++i) {
                    const double v = ratio(col(i), scale);
                    r(i, j) = cost ? 1.0 - v : v;
                }
                break;
            }
            case Normalization::linear:
            case Normalization::sum_inverse: {  // the inverse cost forms divide by x: x > 0
                if (col.minCoeff() <= 0)
                    throw error(column_name(names, j) +
                                " has values <= 0: linear and sum_inverse normalisation need x > 0");
                const double inverse_sum = col.cwiseInverse().sum();
                for (Eigen::Index i = 0; i < x.rows(); ++i)
                    r(i, j) = how == Normalization::linear ? (cost ? col.minCoeff() / col(i) : col(i) / col.maxCoeff())
                                                           : (cost ? (1.0 / col(i)) / inverse_sum : col(i) / col.sum());
                break;
            }
        }
    }
    return r;
}

}  // namespace anjian::ranking
