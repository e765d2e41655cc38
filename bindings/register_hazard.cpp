// GB 18218 identification and grading. Quantities cross as int64 grams, β and α as tenths.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <functional>
#include <span>

#include <anjian/rules/hazard.hpp>

#include "casters.hpp"
#include "columns.hpp"
#include "refusals.hpp"
#include "register.hpp"

namespace py = pybind11;
namespace hz = anjian::hazard;

namespace {

// A Python finding as a Value: bool, number or text; None and NaN are "not given".
anjian::Value to_value(const py::handle& v, const std::string& key) {
    if (v.is_none()) return {};
    if (py::isinstance<py::bool_>(v)) return v.cast<bool>();
    if (py::isinstance<py::str>(v)) return v.cast<std::string>();
    try {
        const double d = py::float_(py::reinterpret_borrow<py::object>(v)).cast<double>();
        if (d != d) return {};
        return d;
    } catch (const py::error_already_set&) {
        anjian::Location where;
        where.key = key;
        throw anjian::input_error("expected true/false, a number or a text, got " + py::repr(v).cast<std::string>(),
                                  where);
    }
}

}  // namespace

void register_hazard(py::module_& m) {
    py::class_<hz::Chemical>(m, "Chemical")
        .def_readonly("row", &hz::Chemical::row)
        .def_readonly("name", &hz::Chemical::name)
        .def_readonly("aliases", &hz::Chemical::aliases)
        .def_readonly("cas", &hz::Chemical::cas)
        .def_readonly("q_grams", &hz::Chemical::q_grams)
        .def_readonly("beta10", &hz::Chemical::beta10)
        .def_readonly("verified", &hz::Chemical::verified)
        .def_readonly("note", &hz::Chemical::note);
    py::class_<hz::Category>(m, "HazardCategory")
        .def_readonly("symbol", &hz::Category::symbol)
        .def_readonly("name_zh", &hz::Category::name_zh)
        .def_readonly("q_grams", &hz::Category::q_grams)
        .def_readonly("beta10", &hz::Category::beta10)
        .def_readonly("note", &hz::Category::note);
    py::class_<hz::Table>(m, "HazardTable")
        .def_readonly("pack", &hz::Table::pack)
        .def_readonly("source", &hz::Table::source)
        .def_property_readonly("effective_from", [](const hz::Table& t) { return t.effective.from; })
        .def_readonly("chemicals", &hz::Table::chemicals)
        .def_readonly("categories", &hz::Table::categories)
        .def("find", &hz::Table::find, py::arg("key"))
        .def(
            "resolve",  // where one line's Q and β come from: (q_from, beta_from)
            [](const hz::Table& t, const std::string& substance, const std::string& categories) {
                const auto r = t.resolve({substance, hz::split_categories(categories), 0});
                return py::make_tuple(r.q_from, r.beta_from);
            },
            py::arg("substance"), py::arg("categories"))
        .def("alpha10", &hz::Table::alpha10, py::arg("people"));
    m.def("hazard_table", &anjian::rules::gb18218, py::arg("name_or_path"));
    m.def(
        "hazard_identify_many",
        [](const hz::Table& table, const py::dict& lines, std::int64_t n_lines, const py::dict& units,
           std::int64_t n_units, const anjian::date& on, bool status, bool per_line) {
            const anjian::Table l = to_table(lines, n_lines), u = to_table(units, n_units);
            hz::Batch b;
            {
                py::gil_scoped_release release;
                b = hz::identify_many(table, l, u, on, status ? anjian::Refusal::status : anjian::Refusal::raise,
                                      per_line);
            }
            py::dict out;
            out["s"] = to_numpy(std::move(b.s));
            out["r"] = to_numpy(std::move(b.r));
            out["is_major"] = to_numpy(std::move(b.is_major));
            out["grade"] = to_numpy(std::move(b.grade));
            out["alpha10"] = to_numpy(std::move(b.alpha10));
            if (per_line) {
                out["q_grams"] = to_numpy(std::move(b.q_grams));
                out["beta10"] = to_numpy(std::move(b.beta10));
                out["chemical"] = to_numpy(std::move(b.chemical));
            }
            out["refused"] = status_column(b, l.size());
            out["reasons"] = b.reasons;
            return out;
        },
        py::arg("table"), py::arg("lines"), py::arg("n_lines"), py::arg("units"), py::arg("n_units"), py::arg("on"),
        py::arg("status") = false, py::arg("per_line") = true);

    py::class_<hz::Standard>(m, "HazardStandard")
        .def_readonly("pack", &hz::Standard::pack)
        .def_readonly("title", &hz::Standard::title)
        .def_readonly("document", &hz::Standard::document)
        .def_readonly("industry", &hz::Standard::industry)
        .def_readonly("source", &hz::Standard::source)
        .def_readonly("effective_source", &hz::Standard::effective_source)
        .def_readonly("predecessor", &hz::Standard::predecessor)
        .def_property_readonly("effective_from", [](const hz::Standard& s) { return s.effective.from; })
        .def_property_readonly("effective_to",
                               [](const hz::Standard& s) { return s.effective.to.value_or(anjian::date()); })
        .def_property_readonly("facts",
                               [](const hz::Standard& s) {
                                   py::list out;
                                   for (const auto& f : s.facts)
                                       out.append(py::make_tuple(f.code, f.type, f.meaning_zh));
                                   return out;
                               })
        .def_property_readonly(
            "items",
            [](const hz::Standard& s) {
                py::list out;
                for (const auto& i : s.items) {
                    out.append(
                        py::dict(py::arg("id") = i.id, py::arg("article") = i.article, py::arg("text_zh") = i.text_zh,
                                 py::arg("kind") = hz::item_kind_names[static_cast<int>(i.kind)],
                                 py::arg("verified") = i.verified, py::arg("note") = i.note,
                                 py::arg("when") = i.when.str()));
                }
                return out;
            })
        .def_property_readonly("consequences", [](const hz::Standard& s) {
            py::list out;
            for (const auto& c : s.consequences)
                out.append(py::dict(py::arg("id") = c.id, py::arg("action_zh") = c.action_zh,
                                    py::arg("basis") = c.basis, py::arg("provision") = c.provision,
                                    py::arg("verified") = c.verified, py::arg("items") = c.items));
            return out;
        });
    m.def("hazard_standard", &anjian::rules::hazard_standard, py::arg("name_or_path"));
    m.def("hazard_standards", &anjian::rules::builtin_hazard_standards, py::return_value_policy::reference);
    m.def("hazard_standard_for", &anjian::rules::hazard_standard_for, py::arg("industry"), py::arg("day"),
          py::return_value_policy::reference);
    m.def(
        "hazard_assess",
        [](const hz::Standard& standard, const py::dict& findings) {
            hz::Findings f;
            for (const auto& kv : findings) {
                const std::string key = py::str(kv.first);
                f[key] = to_value(kv.second, key);
            }
            const hz::Assessment a = hz::assess(standard, f);
            py::list matched, not_assessed, clear;
            for (const auto& x : a.matched) matched.append(py::make_tuple(x.item->id, x.why));
            for (const auto* x : a.not_assessed) not_assessed.append(x->id);
            for (const auto* x : a.clear) clear.append(x->id);
            return py::make_tuple(matched, not_assessed, clear);
        },
        py::arg("standard"), py::arg("findings"));
    m.def(
        "hazard_assess_many",
        // standard_of: per row an index into `standards`, or -1 - k for the k-th of `no_standard`, the
        // distinct reasons a row has no standard.
        [](const std::vector<const hz::Standard*>& standards,
           const py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>& standard_index,
           const std::vector<std::string>& no_standard, const py::dict& columns, std::int64_t rows,
           const std::vector<std::string>& findings, bool status) {
            const anjian::Table t = to_table(columns, rows);
            const std::span<const std::int32_t> standard_of(standard_index.data(),
                                                            static_cast<std::size_t>(standard_index.size()));
            hz::AssessedRows r;
            {
                py::gil_scoped_release release;
                r = hz::assess_many(standards, standard_of, no_standard, t, findings,
                                    status ? anjian::Refusal::status : anjian::Refusal::raise);
            }
            // Each match's item as its position among all the standards' items in order (the caller
            // takes ids and texts from them at once, not a Python string per match).
            // A standard listed twice: its first place. Matches come a row at a time, mostly of one standard.
            std::vector<std::int32_t> first_item(standards.size() + 1, 0);
            for (std::size_t s = 0; s < standards.size(); ++s)
                first_item[s + 1] = first_item[s] + static_cast<std::int32_t>(standards[s]->items.size());
            auto position = [&, last = std::size_t{0}](const hz::Item* i) mutable {
                const auto in = [&](std::size_t s) {
                    const auto& items = standards[s]->items;
                    const std::less<const hz::Item*> before;  // a total order over unrelated arrays too
                    return !before(i, items.data()) && before(i, items.data() + items.size());
                };
                if (!in(last))
                    for (last = 0; !in(last); ++last) {}
                return first_item[last] + static_cast<std::int32_t>(i - standards[last]->items.data());
            };
            std::vector<std::int32_t> item;
            item.reserve(r.item.size());
            for (const hz::Item* i : r.item) item.push_back(position(i));
            py::dict out;
            // The rows as int64 without a copy: a row number is far below 2^63.
            static_assert(sizeof(std::size_t) == sizeof(std::int64_t));
            out["row"] = to_numpy(std::move(r.row)).attr("view")(py::dtype::of<std::int64_t>());
            out["item"] = to_numpy(std::move(item));
            // The clauses shown repeat (most items have one clause, shown without values): each distinct
            // text is one Python string, and the column is their codes.
            out["why"] = to_numpy(std::move(r.why));
            py::list texts;
            for (const std::string& w : r.why_texts) texts.append(py::str(w));
            out["why_texts"] = texts;
            out["refused"] = status_column(r, t.size());
            out["reasons"] = r.reasons;
            return out;
        },
        py::arg("standards"), py::arg("standard_of"), py::arg("no_standard"), py::arg("columns"), py::arg("rows"),
        py::arg("findings"), py::arg("status") = false);
}
