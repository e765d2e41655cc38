// Trigger rules over event tables. Columns cross as float64 (numbers, booleans, dates as day
// numbers; NaN = missing) or as int32 codes with their labels (texts; -1 = missing).
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <anjian/rules/triggers.hpp>

#include "casters.hpp"
#include "columns.hpp"
#include "refusals.hpp"
#include "register.hpp"

namespace py = pybind11;
namespace tg = anjian::triggers;

void register_triggers(py::module_& m) {
    py::class_<tg::RuleSet>(m, "TriggerRules")
        .def_readonly("pack", &tg::RuleSet::pack)
        .def_readonly("source", &tg::RuleSet::source)
        .def_readonly("counting", &tg::RuleSet::counting)
        .def_readonly("start_day_counts", &tg::RuleSet::start_day_counts)
        .def("only", &tg::only, py::arg("ids"),
             "The rules named in `ids`, in the pack's order (the same pack): an unknown id is an error.")
        .def_property_readonly("rules", [](const tg::RuleSet& s) {
            py::list out;
            for (const auto& r : s.rules) {
                out.append(py::dict(
                    py::arg("id") = r.id, py::arg("action") = r.action, py::arg("title_zh") = r.title_zh,
                    py::arg("basis") = r.basis, py::arg("source") = r.source, py::arg("note") = r.note,
                    py::arg("verified") = r.verified, py::arg("events") = r.events, py::arg("match") = r.match.str(),
                    py::arg("scope") = r.scope.str(), py::arg("scope_basis") = r.scope_basis,
                    py::arg("scope_source") = r.scope_source,
                    py::arg("count") = r.count, py::arg("within") = r.within.str(),
                    py::arg("windowed") = r.within.kind != tg::Window::Kind::none, py::arg("group_by") = r.group_by,
                    py::arg("same") = r.same, py::arg("date_field") = r.date_field,
                    py::arg("undated_pending") = r.undated_pending, py::arg("fields") = r.fields(),
                    py::arg("effective_from") = r.effective.from));
            }
            return out;
        });
    m.def("trigger_rules", &anjian::rules::trigger_rules, py::arg("name_or_path"));
    m.def(
        "triggers_evaluate",
        [](const std::vector<const tg::RuleSet*>& sets, const py::dict& columns, std::int64_t rows, bool status,
           const std::vector<std::tuple<std::size_t, std::string, std::string>>& refused_before) {
            const anjian::Table t = to_table(columns, rows);
            tg::Events events;  // converted once for every rule set
            anjian::RowStatus refused;
            {
                py::gil_scoped_release release;
                events = tg::events_of(t);
                anjian::Refusals refusals(refused, events.rows);
                for (const auto& [row, column, why] : refused_before) {
                    if (row >= events.rows) throw anjian::error("a row refused before evaluation is out of range");
                    refusals.refuse(row, why, column);
                }
                for (const tg::RuleSet* rules : sets) tg::refuse_unjudged(*rules, events, refusals);
                refusals.finish(status ? anjian::Refusal::status : anjian::Refusal::raise);
            }
            py::list results;
            for (const tg::RuleSet* rules : sets) {
                std::vector<tg::Firing> fires;
                std::vector<tg::Skipped> skipped;
                {
                    py::gil_scoped_release release;
                    fires = tg::evaluate(*rules, events, &skipped, &refused);
                }
                // Columns of the firings; the counted rows of firing k are rows[begin[k]:stop[k]], one array
                // for every firing (linear in the events, however long the windows).
                const auto n = static_cast<py::ssize_t>(fires.size());
                py::array_t<std::int32_t> rule(n);
                py::array_t<std::int64_t> event(n), day(n), start(n), end(n), begin(n), stop(n);
                std::int32_t* rule_of = rule.mutable_data();
                std::int64_t *event_of = event.mutable_data(), *day_of = day.mutable_data(),
                             *start_of = start.mutable_data(), *end_of = end.mutable_data(),
                             *begin_of = begin.mutable_data(), *stop_of = stop.mutable_data();
                std::vector<const double*> dates_of(rules->rules.size(), nullptr);  // each rule's date field
                for (std::size_t r = 0; r < rules->rules.size(); ++r)
                    if (const tg::Column* c = events.find(rules->rules[r].date_field)) dates_of[r] = c->numbers.data();
                for (std::size_t k = 0; k < fires.size(); ++k) {
                    const auto& f = fires[k];
                    rule_of[k] = static_cast<std::int32_t>(f.rule);
                    event_of[k] = static_cast<std::int64_t>(f.event);
                    day_of[k] = static_cast<std::int64_t>(dates_of[f.rule][f.event]);  // the completing event's
                    start_of[k] = anjian::day_number(f.window_start);
                    end_of[k] = anjian::day_number(f.window_end);
                    begin_of[k] = static_cast<std::int64_t>(f.begin);
                    stop_of[k] = static_cast<std::int64_t>(f.end);
                }
                const auto* all = fires.empty() ? nullptr : fires.front().counted.get();
                py::array_t<std::int64_t> counted(static_cast<py::ssize_t>(all ? all->size() : 0));
                if (all) std::copy(all->begin(), all->end(), counted.mutable_data());
                py::dict out;
                out["rule"] = rule;
                out["event"] = event;
                out["day"] = day;
                out["start"] = start;
                out["end"] = end;
                out["begin"] = begin;
                out["stop"] = stop;
                out["rows"] = counted;
                py::list skip;
                for (const auto& x : skipped) skip.append(py::make_tuple(x.rule, x.missing));
                results.append(py::make_tuple(out, skip));
            }
            return py::make_tuple(results, status_column(refused, events.rows), refused.reasons);
        },
        py::arg("rule_sets"), py::arg("columns"), py::arg("rows"), py::arg("status") = false,
        py::arg("refused") = std::vector<std::tuple<std::size_t, std::string, std::string>>{},
        "(per rule set (firings, skipped rules), refused per row (-1 = judged), reasons) over the events,\n"
        "converted once. Rows in `refused` (row, column, why) and rows a rule cannot judge are refused: all\n"
        "named in one error, or with status=True left out of every rule.");
}
