// The penalty engine. Money crosses as fen (int); the Python layer turns it into int yuan or
// Decimal. Dates are datetime.date.
#include <pybind11/stl.h>

#include <anjian/rules/penalty.hpp>

#include "casters.hpp"
#include "register.hpp"

namespace py = pybind11;
namespace pn = anjian::penalty;

namespace {

py::dict to_dict(const pn::Recommendation& r) {
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
    d["pack"] = r.pack;
    d["trace"] = trace;
    return d;
}

}  // namespace

void register_penalty(py::module_& m) {
    py::class_<pn::Engine>(m, "PenaltyEngine")
        .def(py::init([](const std::vector<std::string>& packs) {
                 if (packs.empty()) return pn::Engine(anjian::rules::builtin_penalties());
                 if (packs.size() > 1)
                     throw anjian::error("one penalty pack at a time for now (overlays come with provincial packs)");
                 return pn::Engine(anjian::rules::penalties(packs.front()));
             }),
             py::arg("packs") = std::vector<std::string>{})
        .def_property_readonly("pack", [](const pn::Engine& e) { return e.table().pack; })
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
               const anjian::date& act, std::optional<anjian::date> decision) {
                pn::Facts f;
                f.values = facts;
                if (income_fen) f.income = anjian::Money::from_fen(*income_fen);
                return to_dict(e.recommend(provision, party, f, act, decision));
            },
            py::arg("provision"), py::arg("party"), py::arg("facts"), py::arg("income_fen"), py::arg("act_date"),
            py::arg("decision_date") = py::none());
    m.def("article_zh", &pn::article_zh, py::arg("number"));
}
