// The penalty engine. Money crosses as fen (int); the Python layer turns it into int yuan or
// Decimal. Dates are datetime.date.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <anjian/penalty/batch.hpp>
#include <anjian/rules/penalty.hpp>
#include <anjian/rules/validate.hpp>

#include "casters.hpp"
#include "columns.hpp"
#include "refusals.hpp"
#include "register.hpp"

namespace py = pybind11;
namespace pn = anjian::penalty;

namespace {

// The fields Python's Recommendation is built from, and the C++ result itself ("native"), kept so
// that its JSON is made only when asked for.
py::dict to_dict(pn::Recommendation&& r) {
    py::list trace;
    for (const auto& s : r.trace) trace.append(py::dict(py::arg("rule") = s.rule, py::arg("detail") = s.detail));
    py::dict d;
    d["provision"] = r.provision;
    d["party"] = r.party;
    d["min_fen"] = r.min.fen();
    d["max_fen"] = r.max.fen();
    d["recommended_fen"] = r.recommended.fen();
    d["open_below"] = r.open_below;
    d["basis"] = r.basis;
    d["law_id"] = r.law_id;
    d["law_version"] = r.law_version;
    d["verified"] = r.verified;
    d["band"] = r.band;
    d["band_min_fen"] = r.band_min.fen();
    d["band_max_fen"] = r.band_max.fen();
    d["measures"] = r.measures;
    d["no_penalty"] = r.no_penalty;
    d["may_waive"] = r.may_waive;
    d["time_barred"] = r.time_barred;
    d["hearing"] = r.hearing;
    d["pack"] = r.pack;
    d["trace"] = trace;
    d["native"] = py::cast(std::move(r));
    return d;
}

// Per row: -1, or the index of why it was refused (the batch leaves it empty when none was).
// The money, basis and refusal columns every penalty batch returns.
py::dict money_columns(const pn::BatchResult& r, std::size_t rows) {
    const auto n = static_cast<py::ssize_t>(rows);
    py::dict out;
    out["min_fen"] = py::array_t<std::int64_t>(n, r.min_fen.data());
    out["max_fen"] = py::array_t<std::int64_t>(n, r.max_fen.data());
    out["recommended_fen"] = py::array_t<std::int64_t>(n, r.recommended_fen.data());
    out["basis"] = py::array_t<std::int32_t>(n, r.basis.data());
    out["bases"] = r.bases;
    out["law_versions"] = r.law_versions;
    out["refused"] = status_column(r, rows);
    out["reasons"] = r.reasons;
    return out;
}

}  // namespace

void register_penalty(py::module_& m) {
    py::class_<pn::Recommendation>(m, "PenaltyRecommendation")
        .def("to_json", [](const pn::Recommendation& r) { return pn::to_json(r); });
    py::class_<pn::Engine>(m, "PenaltyEngine")
        .def(py::init([](const std::vector<std::string>& packs) {
                 // The national table, then overlays in order: penalty tables add provisions,
                 // discretion benchmarks narrow ranges.
                 pn::Engine e = anjian::rules::penalty_engine();
                 for (const auto& p : packs) {
                     const std::string kind = anjian::rules::pack_kind(p);
                     if (kind == "penalty_table")
                         e.add_table(anjian::rules::penalties(p));
                     else if (kind == "discretion_benchmark")
                         e.add_discretion(anjian::rules::discretion(p));
                     else if (kind == "penalty_general")  // replaces the national general part
                         e.set_general(anjian::rules::penalty_general(p));
                     else
                         throw anjian::error("'" + p + "' is a '" + kind +
                                             "' pack; the penalty engine takes penalty_table, discretion_benchmark "
                                             "and penalty_general packs");
                 }
                 return e;
             }),
             py::arg("packs") = std::vector<std::string>{})
        .def_property_readonly("overlays",
                               [](const pn::Engine& e) {
                                   std::vector<anjian::rules::PackInfo> out = e.table_overlays();
                                   for (const auto& d : e.discretion()) out.push_back(d.pack);
                                   return out;
                               })
        .def_property_readonly("pack", [](const pn::Engine& e) { return e.table().pack; })
        .def_property_readonly("packs", &pn::Engine::packs)
        .def(
            "late_payment_surcharge_fen",
            [](const pn::Engine& e, std::int64_t fen, const anjian::date& due, const anjian::date& paid) {
                return pn::late_payment_surcharge(e.general(), anjian::Money::from_fen(fen), due, paid).fen();
            },
            py::arg("fine_fen"), py::arg("due_date"), py::arg("paid_date"))
        .def_property_readonly("circumstances",
                               [](const pn::Engine& e) {
                                   // (key, effect, citation, instrument, its dates, verified) per rule
                                   std::vector<std::tuple<std::string, std::string, std::string, std::string,
                                                          std::string, bool>>
                                       out;
                                   for (const auto& in : e.general().instruments)
                                       for (const auto& c : in.circumstances)
                                           out.emplace_back(c.key, pn::effect_name(c.effect), c.basis.quoted(), in.id,
                                                            in.effective.str(), c.basis.verified);
                                   return out;
                               })
        .def_property_readonly("provisions",
                               [](const pn::Engine& e) {
                                   std::vector<std::pair<std::string, std::string>> out;
                                   for (const auto& p : e.table().provisions) out.emplace_back(p.id, p.title_zh);
                                   return out;
                               })
        .def(
            "accident_fine",
            [](const pn::Engine& e, const std::string& level, const anjian::date& act,
               std::optional<anjian::date> decision, bool aggravated, const std::string& sector) {
                return to_dict(e.accident_fine(level, act, decision, aggravated, sector));
            },
            py::arg("level"), py::arg("act_date"), py::arg("decision_date") = py::none(), py::arg("aggravated") = false,
            py::arg("sector") = "general")
        .def(
            "principal_fine",
            [](const pn::Engine& e, const std::string& level, std::int64_t income_fen, const anjian::date& act,
               std::optional<anjian::date> decision, const std::string& sector) {
                return to_dict(e.principal_fine(level, anjian::Money::from_fen(income_fen), act, decision, sector));
            },
            py::arg("level"), py::arg("income_fen"), py::arg("act_date"), py::arg("decision_date") = py::none(),
            py::arg("sector") = "general")
        .def(
            "recommend",
            [](const pn::Engine& e, const std::string& provision, const std::string& party,
               const std::map<std::string, std::string>& facts, std::optional<std::int64_t> income_fen,
               std::optional<std::int64_t> gains_fen, const std::vector<std::string>& circumstances, bool reduce,
               std::optional<anjian::date> act_end, std::optional<anjian::date> discovered, bool harm,
               const anjian::date& act, std::optional<anjian::date> decision) {
                pn::Facts f;
                f.values = facts;
                if (income_fen) f.income = anjian::Money::from_fen(*income_fen);
                if (gains_fen) f.illegal_gains = anjian::Money::from_fen(*gains_fen);
                f.circumstances = circumstances;
                f.reduce = reduce;
                f.act_end = act_end;
                f.discovered = discovered;
                f.harm_to_life_or_health = harm;
                return to_dict(e.recommend(provision, party, f, act, decision));
            },
            py::arg("provision"), py::arg("party"), py::arg("facts"), py::arg("income_fen"), py::arg("gains_fen"),
            py::arg("circumstances"), py::arg("reduce"), py::arg("act_end"), py::arg("discovered"), py::arg("harm"),
            py::arg("act_date"), py::arg("decision_date") = py::none());
    m.def(
        "penalty_batch",
        [](const pn::Engine& e, const py::dict& columns, std::int64_t rows, bool principal, const std::string& sector,
           bool status) {
            const anjian::Table t = to_table(columns, rows);
            pn::BatchResult r;
            {
                py::gil_scoped_release release;
                r = pn::BatchEngine(e).run(t, principal, sector, status ? pn::Refusal::status : pn::Refusal::raise);
            }
            return money_columns(r, t.size());
        },
        py::arg("engine"), py::arg("columns"), py::arg("rows"), py::arg("principal"), py::arg("sector") = "general",
        py::arg("status") = false);
    m.def(
        "penalty_many",
        [](const pn::Engine& e, const py::dict& columns, std::int64_t rows, const std::vector<std::string>& facts,
           bool status) {
            const anjian::Table t = to_table(columns, rows);
            pn::BatchEngine::ManyResult r;
            {
                py::gil_scoped_release release;
                r = pn::BatchEngine(e).run_many(t, facts, status ? pn::Refusal::status : pn::Refusal::raise);
            }
            const auto n = static_cast<py::ssize_t>(t.rows());
            py::dict out = money_columns(r.money, t.size());
            out["band"] = r.band;
            out["no_penalty"] = py::array_t<std::uint8_t>(n, r.no_penalty.data());
            out["hearing"] = py::array_t<std::uint8_t>(n, r.hearing.data());
            return out;
        },
        py::arg("engine"), py::arg("columns"), py::arg("rows"), py::arg("facts"), py::arg("status") = false);
    m.def("article_zh", &pn::article_zh, py::arg("number"));
    m.def(
        "daily_penalty_fen",
        [](std::int64_t fen, const anjian::date& order, const anjian::date& through) {
            return pn::daily_penalty(anjian::Money::from_fen(fen), order, through).fen();
        },
        py::arg("original_fen"), py::arg("order_date"), py::arg("through"));
}
