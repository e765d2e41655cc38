// Accident levels and reporting limits (国务院令第493号). Counts and fen cross as int64 columns;
// times as int64 seconds since 1970-01-01 (INT64_MIN = not recorded).
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <anjian/accident/reporting.hpp>
#include <anjian/rules/accident.hpp>

#include "casters.hpp"
#include "columns.hpp"
#include "refusals.hpp"
#include "register.hpp"

namespace py = pybind11;
namespace ac = anjian::accident;

void register_accident(py::module_& m) {
    py::class_<ac::Rules>(m, "AccidentRules")
        .def_readonly("pack", &ac::Rules::pack)
        .def_readonly("source", &ac::Rules::source)
        .def_readonly("lower_inclusive", &ac::Rules::lower_inclusive)
        .def_readonly("bounds_source", &ac::Rules::bounds_source)
        .def_readonly("levels_source", &ac::Rules::levels_source)
        .def_readonly("chain", &ac::Rules::chain)
        .def(
            "investigated_by",
            [](const ac::Rules& r, int level, const std::string& sector, const anjian::date& day) {
                if (level < 1 || level > 4) throw anjian::error("an accident level is 1..4");
                const auto [body, basis] = r.investigated_by(static_cast<ac::Level>(level), sector, day);
                return std::make_pair(body, basis);
            },
            py::arg("level"), py::arg("sector"), py::arg("day"),
            "Who investigates an accident of `level` (1..4) in `sector` that happened on `day`, and the rule.")
        .def_property_readonly(
            "criteria_zh", [](const ac::Rules& r) { return std::vector(r.criterion_zh.begin(), r.criterion_zh.end()); })
        .def_property_readonly("thresholds",
                               [](const ac::Rules& r) {
                                   // {criterion: [larger, major, especially_major]}; loss in fen
                                   py::dict out;
                                   for (std::size_t c = 0; c < 3; ++c)
                                       out[ac::criterion_codes[c]] = std::vector(r.lower[c].begin(), r.lower[c].end());
                                   return out;
                               })
        .def_property_readonly("levels",
                               [](const ac::Rules& r) {
                                   py::list out;
                                   for (const auto& l : r.levels)
                                       out.append(py::make_tuple(l.name_zh, l.investigated_by, l.reported_up_to));
                                   return out;
                               })
        .def_property_readonly("reporting", [](const ac::Rules& r) {
            const auto& x = r.reporting;
            py::dict d;
            d["unit_to_authority_minutes"] = x.unit_to_authority_minutes;
            d["per_escalation_minutes"] = x.per_escalation_minutes;
            d["regrade_days"] = x.regrade_days;
            d["regrade_days_short"] = x.regrade_days_short;
            d["short_window_types"] = x.short_window_types;
            d["investigation_report_days"] = x.investigation_report_days;
            d["investigation_extension_days"] = x.investigation_extension_days;
            d["source"] = x.source;
            d["counting"] = x.counting;
            return d;
        });
    m.def("accident_rules", &anjian::rules::accident_rules, py::arg("name_or_path"));

    m.def(
        "accident_classify",
        [](const ac::Rules& rules, const py::dict& columns, std::int64_t rows, const std::array<std::string, 3>& names,
           bool status, bool levels_only) -> py::tuple {
            const anjian::Table t = to_table(columns, rows);
            py::array_t<std::int8_t> level(static_cast<py::ssize_t>(t.rows()));
            // levels_only (the levels of a call that refuses any bad row): no decided_by nor status column.
            const bool details = status || !levels_only;
            py::array_t<std::uint8_t> decided(static_cast<py::ssize_t>(details ? t.rows() : 0));
            anjian::RowStatus refused;
            {
                py::gil_scoped_release release;
                refused = ac::classify_many(rules, t, level.mutable_data(), details ? decided.mutable_data() : nullptr,
                                            status ? anjian::Refusal::status : anjian::Refusal::raise, names);
            }
            if (!details) return py::make_tuple(level, py::none(), py::none(), refused.reasons);
            return py::make_tuple(level, decided, status_column(refused, t.size()), refused.reasons);
        },
        py::arg("rules"), py::arg("columns"), py::arg("rows"), py::arg("names"), py::arg("status") = false,
        py::arg("levels_only") = false);
    m.def(
        "accident_classify_one",
        [](const ac::Rules& r, std::int64_t d, std::int64_t s, std::int64_t fen) {
            const auto c = r.classify(d, s, anjian::Money::from_fen(fen));
            return py::make_tuple(static_cast<int>(c.level), c.decided_by);
        },
        py::arg("rules"), py::arg("deaths"), py::arg("serious_injuries"), py::arg("loss_fen"));
    m.def("accident_explain", [](const ac::Rules& r, std::int64_t d, std::int64_t s, std::int64_t fen) {
        return r.explain(d, s, anjian::Money::from_fen(fen));
    });
    m.def("accident_chain", [](const ac::Rules& r, int level) {
        if (level < 1 || level > 4) throw anjian::error("accident level must be 1..4, got " + std::to_string(level));
        std::vector<std::pair<std::string, std::int64_t>> out;
        for (const auto& s : ac::reporting_chain(r, static_cast<ac::Level>(level)))
            out.emplace_back(s.office, s.limit_minutes);
        return out;
    });
    m.def("accident_deadlines", [](const ac::Rules& r, const anjian::date& day, const std::string& type) {
        const auto d = ac::deadlines(r, day, type);
        return py::make_tuple(d.regrade_until, d.investigation_report_due, d.investigation_report_latest);
    });
    m.def(
        "accident_timeliness",
        [](const ac::Rules& rules, const py::dict& columns, std::int64_t rows, const std::string& head,
           const std::vector<std::string>& offices, bool status) {
            const anjian::Table t = to_table(columns, rows);
            ac::TimelinessBatch r;
            {
                py::gil_scoped_release release;
                r = ac::timeliness_many(rules, t, head, offices,
                                        status ? anjian::Refusal::status : anjian::Refusal::raise);
            }
            const auto n = static_cast<py::ssize_t>(t.rows());
            return py::make_tuple(py::array_t<std::uint8_t>(n, r.late.data()).attr("astype")("bool"),
                                  py::array_t<std::int64_t>(n, r.late_seconds.data()),
                                  py::array_t<std::uint32_t>(n, r.late_steps.data()), status_column(r, t.size()),
                                  r.reasons);
        },
        py::arg("rules"), py::arg("columns"), py::arg("rows"), py::arg("head"), py::arg("offices"),
        py::arg("status") = false);
}
