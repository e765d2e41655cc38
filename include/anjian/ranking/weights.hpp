#pragma once
// Indicator weights: given (validated), entropy, CRITIC, and AHP from a pairwise matrix.

#include <Eigen/Eigenvalues>
#include <anjian/ranking/normalize.hpp>
#include <array>
#include <cmath>
#include <limits>

namespace anjian::ranking {

// Given weights: one per indicator, finite, non-negative, not all zero; returned summing to 1.
inline Vector given_weights(const std::vector<double>& w, Eigen::Index n, const std::vector<std::string>& names = {}) {
    if (static_cast<Eigen::Index>(w.size()) != n)
        throw error("one weight per indicator needed: " + std::to_string(n) + " indicators, " +
                    std::to_string(w.size()) + " weights");
    Vector out(n);
    for (Eigen::Index j = 0; j < n; ++j) {
        const double v = w[static_cast<std::size_t>(j)];
        if (!std::isfinite(v) || v < 0)
            throw error("weight of " + column_name(names, j) + " must be a non-negative number, got " +
                        std::to_string(v));
        out(j) = v;
    }
    if (out.sum() <= 0) throw error("weights are all zero");
    return out / out.sum();
}

// Entropy weights: p = x / sum x per column, E = -sum p ln p / ln m with 0 ln 0 = 0,
// w = (1 - E) / sum(1 - E). An all-zero column has E = 1 (no information, weight 0). If no
// column carries information every weight is equal (and `uninformative` says so).
struct EntropyWeights {
    Vector weights, entropy;
    bool uninformative = false;
};

inline EntropyWeights entropy_weights(const MatrixRef& x, const std::vector<std::string>& names = {}) {
    check_shape(x, std::vector<int>(static_cast<std::size_t>(x.cols()), 1), names);
    const Eigen::Index m = x.rows(), n = x.cols();
    if (m < 2) throw error("entropy weights need at least two units");
    EntropyWeights out{Vector(n), Vector(n)};
    const double k = 1.0 / std::log(static_cast<double>(m));
    for (Eigen::Index j = 0; j < n; ++j) {
        const Vector col = tamed_column(x, j);
        if (col.minCoeff() < 0)
            throw error(column_name(names, j) + " has negative values: entropy weights need x >= 0");
        const double total = col.sum();
        double h = 0;
        if (total > 0)
            for (Eigen::Index i = 0; i < m; ++i) {
                const double p = col(i) / total;
                if (p > 0) h -= p * std::log(p);
            }
        out.entropy(j) = total > 0 ? h * k : 1.0;
    }
    Vector d = (1.0 - out.entropy.array()).max(0.0).matrix();
    if (d.sum() <= 1e-15) {
        out.uninformative = true;
        out.weights = Vector::Constant(n, 1.0 / static_cast<double>(n));
    } else {
        out.weights = d / d.sum();
    }
    return out;
}

// CRITIC (Diakoulaki et al. 1995): min-max normalise (with directions), sigma_j the standard
// deviation of column j, r the Pearson correlation, C_j = sigma_j * sum_k (1 - r_jk),
// w = C / sum C. A constant column has sigma 0 and weight 0, and is left out of the other columns'
// conflict sums: adding a column on which every unit scores the same changes no other weight. When
// the varying columns carry no conflict (one alone, or all perfectly correlated) they share it equally.
struct CriticWeights {
    Vector weights, sigma, information;
    Matrix correlation;
};

inline CriticWeights critic_weights(const MatrixRef& x, const std::vector<int>& directions,
                                    const std::vector<std::string>& names = {}) {
    const Matrix z = normalize(x, Normalization::minmax, directions, true, names);
    const Eigen::Index m = z.rows(), n = z.cols();
    if (m < 2) throw error("CRITIC weights need at least two units");
    CriticWeights out{Vector(n), Vector(n), Vector(n), Matrix::Zero(n, n)};
    Matrix centred = z.rowwise() - z.colwise().mean();
    for (Eigen::Index j = 0; j < n; ++j)
        out.sigma(j) = std::sqrt(centred.col(j).squaredNorm() / static_cast<double>(m));
    for (Eigen::Index a = 0; a < n; ++a)
        for (Eigen::Index b = 0; b < n; ++b) {
            if (out.sigma(a) == 0 || out.sigma(b) == 0) continue;
            out.correlation(a, b) =
                centred.col(a).dot(centred.col(b)) / (static_cast<double>(m) * out.sigma(a) * out.sigma(b));
        }
    for (Eigen::Index j = 0; j < n; ++j) {
        double conflict = 0;
        for (Eigen::Index k = 0; k < n; ++k)
            if (out.sigma(k) > 0) conflict += 1.0 - out.correlation(j, k);
        out.information(j) = out.sigma(j) * conflict;
    }
    if ((out.sigma.array() <= 0).all()) throw error("CRITIC weights: no indicator varies across units");
    if (out.information.sum() <= 0)  // one varying indicator, or all perfectly correlated: no conflict to weigh
        out.weights = (out.sigma.array() > 0).cast<double>() / static_cast<double>((out.sigma.array() > 0).count());
    else
        out.weights = out.information / out.information.sum();
    return out;
}

// Saaty's random index RI for n = 1..10 (Saaty 1980). Beyond it the published tables disagree, so
// RI, and with it the consistency ratio, is left undefined (NaN): the weights are still given.
inline double random_index(Eigen::Index n) {
    static constexpr std::array<double, 11> ri{0, 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49};
    if (n < 1) throw error("AHP needs at least one criterion");
    return n > 10 ? std::numeric_limits<double>::quiet_NaN() : ri[static_cast<std::size_t>(n)];
}

struct AhpWeights {
    Vector weights;
    double lambda_max = 0, ci = 0, ri = 0, cr = 0;  // ri, cr NaN above 10 criteria
    bool consistent() const { return cr <= 0.1; }  // false when CR is undefined
};

// AHP: the principal eigenvector of a positive reciprocal matrix (a_ji = 1 / a_ij, a_ii = 1),
// lambda_max, CI = (lambda_max - n) / (n - 1), CR = CI / RI (0 for n <= 2).
inline AhpWeights ahp_weights(const Matrix& a) {
    const Eigen::Index n = a.rows();
    if (n < 1 || a.cols() != n)
        throw error("AHP needs a square pairwise matrix, got " + std::to_string(a.rows()) + "x" +
                    std::to_string(a.cols()));
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j) {
            const std::string cell = "pairwise[" + std::to_string(i) + "][" + std::to_string(j) + "]";
            if (!std::isfinite(a(i, j)) || a(i, j) <= 0)
                throw error(cell + " must be a positive number, got " + std::to_string(a(i, j)));
            if (i == j && std::fabs(a(i, j) - 1.0) > 1e-9)
                throw error(cell + " must be 1 (a criterion against itself)");
            if (std::fabs(a(i, j) * a(j, i) - 1.0) > 1e-6)
                throw error(cell + " = " + std::to_string(a(i, j)) + " but pairwise[" + std::to_string(j) + "][" +
                            std::to_string(i) + "] = " + std::to_string(a(j, i)) + ": the matrix must be reciprocal");
        }
    AhpWeights out;
    out.ri = random_index(n);
    if (n == 1) {
        out.weights = Vector::Ones(1);
        out.lambda_max = 1;
        return out;
    }
    Eigen::EigenSolver<Eigen::MatrixXd> solver(a, true);
    const auto values = solver.eigenvalues();
    Eigen::Index k = 0;
    for (Eigen::Index i = 1; i < n; ++i)
        if (values(i).real() > values(k).real()) k = i;
    Vector v = solver.eigenvectors().col(k).real().cwiseAbs();  // Perron vector: one sign
    out.weights = v / v.sum();
    out.lambda_max = values(k).real();
    out.ci = n <= 2 ? 0.0 : (out.lambda_max - static_cast<double>(n)) / static_cast<double>(n - 1);
    out.cr = n <= 2 ? 0.0 : out.ci / out.ri;
    return out;
}

}  // namespace anjian::ranking
