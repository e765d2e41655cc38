// Ranking: normalisation, weights, TOPSIS / VIKOR / weighted sum, lists, points, batches.
// Arrays in (float64, C order), arrays out; the batch runs with the GIL released.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <anjian/rules/ranking.hpp>

#include "columns.hpp"
#include "register.hpp"

namespace py = pybind11;
namespace rk = anjian::ranking;

namespace {

using farray = py::array_t<double, py::array::c_style | py::array::forcecast>;

// The array's own buffer, read where it lies (C order, float64: the caster made it so).
Eigen::Map<const rk::Matrix> matrix_of(const farray& a, const char* what) {
    if (a.ndim() != 2) throw anjian::error(std::string(what) + " must be 2-dimensional (units x indicators)");
    return {a.data(), a.shape(0), a.shape(1)};
}

py::array_t<double> to_numpy(const rk::Matrix& m) {
    py::array_t<double> out({m.rows(), m.cols()});
    std::copy(m.data(), m.data() + m.size(), out.mutable_data());
    return out;
}

// A result matrix handed to numpy with its storage, not copied (a capsule frees it): a ranking of 3,000
// units copied three such matrices out, each into pages fresh from the system.
py::array_t<double> to_numpy(rk::Matrix&& m) {
    auto* owned = new rk::Matrix(std::move(m));
    py::capsule free_when_done(owned, [](void* p) { delete static_cast<rk::Matrix*>(p); });
    return py::array_t<double>({owned->rows(), owned->cols()}, owned->data(), free_when_done);
}

py::array_t<double> to_numpy(const rk::Vector& v) {
    py::array_t<double> out(v.size());
    std::copy(v.data(), v.data() + v.size(), out.mutable_data());
    return out;
}

const char* name_of(rk::Normalization n) {
    switch (n) {
        case rk::Normalization::minmax:
            return "minmax";
        case rk::Normalization::vector:
            return "vector";
        case rk::Normalization::max:
            return "max";
        case rk::Normalization::sum:
            return "sum";
        case rk::Normalization::linear:
            return "linear";
        case rk::Normalization::sum_inverse:
            return "sum_inverse";
        case rk::Normalization::zscore:
            break;
    }
    return "zscore";
}

py::dict evaluate(const farray& x, const farray& w, const std::vector<int>& directions, const std::string& method,
                  const std::string& normalize, const std::string& ties, double v,
                  const std::vector<std::string>& names) {
    const auto m = matrix_of(x, "matrix");
    if (w.ndim() != 1) throw anjian::error("weights must be 1-dimensional");
    const rk::Vector weights = Eigen::Map<const rk::Vector>(w.data(), w.shape(0));
    rk::Result r = rk::evaluate(m, weights, directions, rk::make_options(method, normalize, ties, v), names);
    py::dict out;
    out["scores"] = to_numpy(r.scores);
    out["ranks"] = ::to_numpy(std::vector<std::int64_t>(r.ranks.begin(), r.ranks.end()));  // as numpy reads a list
    out["higher_is_better"] = r.higher_is_better;
    out["normalize"] = name_of(r.normalization);
    out["normalized"] = to_numpy(std::move(r.normalized));
    out["weighted"] = to_numpy(std::move(r.weighted));
    out["contributions"] = to_numpy(std::move(r.contributions));
    out["weights"] = to_numpy(r.weights);
    if (r.method == rk::Method::topsis) {
        out["ideal"] = to_numpy(r.ideal);
        out["anti_ideal"] = to_numpy(r.anti_ideal);
        out["d_plus"] = to_numpy(r.d_plus);
        out["d_minus"] = to_numpy(r.d_minus);
    }
    if (r.method == rk::Method::vikor) {
        out["best"] = to_numpy(r.best);
        out["worst"] = to_numpy(r.worst);
        out["S"] = to_numpy(r.S);
        out["R"] = to_numpy(r.R);
        out["Q"] = to_numpy(r.Q);
        out["acceptable_advantage"] = r.acceptable_advantage;
        out["acceptable_stability"] = r.acceptable_stability;
        out["compromise_set"] = r.compromise_set;
    }
    return out;
}

}  // namespace

void register_ranking(py::module_& m) {
    m.def("ranking_evaluate", &evaluate, py::arg("matrix"), py::arg("weights"), py::arg("directions"),
          py::arg("method"), py::arg("normalize") = "", py::arg("ties") = "min", py::arg("v") = 0.5,
          py::arg("names") = std::vector<std::string>{});
    m.def(
        "entropy_weights",
        [](const farray& x, const std::vector<std::string>& names) {
            const auto r = rk::entropy_weights(matrix_of(x, "matrix"), names);
            return py::make_tuple(to_numpy(r.weights), to_numpy(r.entropy), r.uninformative);
        },
        py::arg("matrix"), py::arg("names") = std::vector<std::string>{});
    m.def(
        "critic_weights",
        [](const farray& x, const std::vector<int>& directions, const std::vector<std::string>& names) {
            const auto r = rk::critic_weights(matrix_of(x, "matrix"), directions, names);
            return py::make_tuple(to_numpy(r.weights), to_numpy(r.sigma), to_numpy(r.correlation),
                                  to_numpy(r.information));
        },
        py::arg("matrix"), py::arg("directions"), py::arg("names") = std::vector<std::string>{});
    m.def(
        "ahp_weights",
        [](const farray& a) {
            const auto r = rk::ahp_weights(matrix_of(a, "pairwise matrix"));
            py::dict out;
            out["weights"] = to_numpy(r.weights);
            out["lambda_max"] = r.lambda_max;
            out["ci"] = r.ci;
            out["ri"] = r.ri;
            out["cr"] = r.cr;
            return out;
        },
        py::arg("pairwise"));
    m.def(
        "lists_by_rank",
        [](const std::vector<int>& ranks, int red, int black, bool reduce) {
            const auto l = rk::lists_by_rank(ranks, red, black, reduce);
            return py::make_tuple(l.red, l.black);
        },
        py::arg("ranks"), py::arg("red"), py::arg("black"), py::arg("reduce") = false);
    m.def(
        "lists_by_score",
        [](const farray& scores, bool higher_is_better, double red_at, double black_at) {
            const auto l = rk::lists_by_score(Eigen::Map<const rk::Vector>(scores.data(), scores.size()),
                                              higher_is_better, red_at, black_at);
            return py::make_tuple(l.red, l.black);
        },
        py::arg("scores"), py::arg("higher_is_better"), py::arg("red_at"), py::arg("black_at"));
    m.def(
        "points_for",
        [](const std::vector<int>& ranks, const std::vector<std::tuple<bool, int, double>>& bands) {
            std::vector<rk::PointBand> b;
            for (const auto& [top, n, pts] : bands) b.push_back({top, n, pts});
            return rk::points_for(ranks, b);
        },
        py::arg("ranks"), py::arg("bands"));
    m.def(
        "ranking_batch",
        [](const farray& x, const std::string& weighting, const farray& given, const std::vector<int>& directions,
           const std::string& method, const std::string& normalize, const std::string& ties, double v,
           unsigned threads) {
            if (x.ndim() != 3) throw anjian::error("batch matrix must be 3-dimensional (periods x units x indicators)");
            const auto weigh = rk::parse_weighting(weighting);
            rk::Vector w;
            if (weigh == rk::Weighting::given)
                w = rk::given_weights(std::vector<double>(given.data(), given.data() + given.size()), x.shape(2));
            const auto opt = rk::make_options(method, normalize, ties, v);
            rk::Batch b;
            {
                py::gil_scoped_release release;
                b = rk::evaluate_batch(x.data(), x.shape(0), x.shape(1), x.shape(2), weigh, w, directions, opt,
                                       threads);
            }
            py::array_t<int> ranks({b.ranks.rows(), b.ranks.cols()});
            std::copy(b.ranks.data(), b.ranks.data() + b.ranks.size(), ranks.mutable_data());
            return py::make_tuple(to_numpy(b.scores), ranks, to_numpy(b.weights));
        },
        py::arg("matrix"), py::arg("weighting"), py::arg("weights"), py::arg("directions"), py::arg("method"),
        py::arg("normalize") = "", py::arg("ties") = "min", py::arg("v") = 0.5, py::arg("threads") = 0u);

    py::class_<rk::Config>(m, "RankingConfig", "The bulletin's ranking configuration, from a rule pack.")
        .def_readonly("pack", &rk::Config::pack)
        .def_readonly("catalog", &rk::Config::catalog)
        .def_property_readonly("criteria", &rk::Config::codes)
        .def_property_readonly("directions", &rk::Config::directions)
        .def_property_readonly("weights",
                               [](const rk::Config& c) -> py::object {
                                   if (c.weighting != rk::Weighting::given) return py::none();
                                   std::vector<double> w;
                                   for (const auto& k : c.criteria) w.push_back(k.weight.value_or(0));
                                   return py::cast(w);
                               })
        .def_property_readonly("weighting",
                               [](const rk::Config& c) {
                                   return c.weighting == rk::Weighting::given    ? "given"
                                          : c.weighting == rk::Weighting::critic ? "critic"
                                                                                 : "entropy";
                               })
        .def_property_readonly("method",
                               [](const rk::Config& c) {
                                   return c.options.method == rk::Method::topsis  ? "topsis"
                                          : c.options.method == rk::Method::vikor ? "vikor"
                                                                                  : "weighted_sum";
                               })
        .def_property_readonly("normalize", [](const rk::Config& c) { return name_of(c.options.normalization); })
        .def_property_readonly("ties",
                               [](const rk::Config& c) {
                                   return c.options.ties == rk::Ties::dense     ? "dense"
                                          : c.options.ties == rk::Ties::ordinal ? "ordinal"
                                                                                : "min";
                               })
        .def_property_readonly("v", [](const rk::Config& c) { return c.options.v; })
        .def_readonly("red", &rk::Config::red)
        .def_readonly("black", &rk::Config::black)
        .def_readonly("reduce_lists", &rk::Config::reduce_lists)
        .def_property_readonly("points",
                               [](const rk::Config& c) {
                                   std::vector<std::tuple<bool, int, double>> out;
                                   for (const auto& b : c.points) out.emplace_back(b.from_top, b.count, b.points);
                                   return out;
                               })
        .def_readonly("points_verified", &rk::Config::points_verified)
        .def_readonly("points_source", &rk::Config::points_source)
        .def_readonly("lists_source", &rk::Config::lists_source)
        .def_readonly("source", &rk::Config::source)
        .def("__repr__", [](const rk::Config& c) { return "RankingConfig('" + c.pack.stamp() + "')"; });
    m.def("builtin_ranking", &anjian::rules::builtin_ranking,
          py::arg("name") = std::string(anjian::rules::default_ranking));
    m.def("load_ranking", &anjian::rules::load_ranking, py::arg("path"));
    m.def("ranking_config", &anjian::rules::ranking_config, py::arg("name_or_path"));
}
