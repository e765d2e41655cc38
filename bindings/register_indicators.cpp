// Catalogues, the monthly aggregation kernel and indicator evaluation. Arrays in, arrays
// out; the kernels run with the GIL released.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <anjian/indicators/aggregate.hpp>
#include <anjian/rules/catalog.hpp>
#include <anjian/rules/validate.hpp>

#include "casters.hpp"
#include "columns.hpp"
#include "refusals.hpp"
#include "register.hpp"

namespace py = pybind11;
namespace ind = anjian::indicators;
namespace rules = anjian::rules;

namespace {

template <class T>
using carray = py::array_t<T, py::array::c_style>;

ind::FieldKind field_kind(const std::string& s) {
    if (s == "money") return ind::FieldKind::money;
    if (s == "count") return ind::FieldKind::count;
    throw anjian::error("field kind must be 'count' or 'money', got '" + s + "'");
}

ind::MonthlySums aggregate(const py::dict& columns, std::int64_t rows, const std::string& unit, std::int32_t n_units,
                           const std::string& date, const std::vector<std::pair<std::string, std::string>>& fields,
                           const std::vector<std::pair<int, int>>& rules_, unsigned threads,
                           anjian::RowStatus* status = nullptr) {
    const anjian::Table t = to_table(columns, rows);
    std::vector<std::pair<std::string, ind::FieldKind>> kinds;
    for (const auto& [name, kind] : fields) kinds.emplace_back(name, field_kind(kind));
    std::vector<ind::RowRule> rr;
    for (const auto& [a, b] : rules_) {
        if (a < 0 || b < 0 || static_cast<std::size_t>(a) >= kinds.size() ||
            static_cast<std::size_t>(b) >= kinds.size())
            throw anjian::error("row rule refers to a missing column");
        rr.push_back({a, b});
    }
    py::gil_scoped_release release;
    return ind::aggregate_monthly(t, unit, n_units, date, kinds, rr, threads,
                                  status ? anjian::Refusal::status : anjian::Refusal::raise, status);
}

}  // namespace

void register_indicators(py::module_& m) {
    py::class_<ind::BaseField>(m, "BaseField")
        .def_readonly("code", &ind::BaseField::code)
        .def_readonly("name_zh", &ind::BaseField::name_zh)
        .def_readonly("aliases", &ind::BaseField::aliases)
        .def_readonly("unit", &ind::BaseField::unit)
        .def_property_readonly("kind", [](const ind::BaseField& f) { return ind::to_string(f.kind); })
        .def_property_readonly("aggregation", [](const ind::BaseField& f) { return ind::to_string(f.aggregation); })
        .def_readonly("description", &ind::BaseField::description)
        .def_readonly("source", &ind::BaseField::source)
        .def_readonly("verified", &ind::BaseField::verified)
        .def("__repr__", [](const ind::BaseField& f) { return "BaseField('" + f.code + "', '" + f.name_zh + "')"; });

    py::class_<ind::Indicator>(m, "Indicator")
        .def_readonly("code", &ind::Indicator::code)
        .def_readonly("name_zh", &ind::Indicator::name_zh)
        .def_readonly("unit", &ind::Indicator::unit)
        .def_readonly("kind", &ind::Indicator::kind)
        .def_property_readonly("direction", [](const ind::Indicator& i) { return static_cast<int>(i.direction); })
        .def_property_readonly("formula", [](const ind::Indicator& i) { return i.formula.text(); })
        .def_property_readonly("fields", [](const ind::Indicator& i) { return i.formula.fields(); })
        .def_readonly("description", &ind::Indicator::description)
        .def_readonly("source", &ind::Indicator::source)
        .def_readonly("verified", &ind::Indicator::verified)
        .def_property_readonly("effective",
                               [](const ind::Indicator& i) -> py::object {
                                   if (!i.effective) return py::none();
                                   return py::make_tuple(i.effective->from,
                                                         i.effective->to ? py::cast(*i.effective->to) : py::none());
                               })
        .def("in_force", &ind::Indicator::in_force, py::arg("date"))
        .def("__repr__", [](const ind::Indicator& i) {
            return "Indicator('" + i.code + "', '" + i.name_zh + "', formula='" + i.formula.text() + "')";
        });

    py::class_<rules::PackInfo>(m, "PackInfo")
        .def_readonly("name", &rules::PackInfo::name)
        .def_readonly("kind", &rules::PackInfo::kind)
        .def_readonly("version", &rules::PackInfo::version)
        .def_readonly("title", &rules::PackInfo::title)
        .def_readonly("reviewed_through", &rules::PackInfo::reviewed_through)
        .def_readonly("file", &rules::PackInfo::file)
        .def_readonly("content_hash", &rules::PackInfo::content_hash)
        .def_readonly("builtin", &rules::PackInfo::builtin)
        .def_property_readonly("stamp", &rules::PackInfo::stamp)
        .def("__repr__", [](const rules::PackInfo& p) { return "PackInfo('" + p.stamp() + "')"; });

    py::class_<ind::Catalog>(m, "Catalog", "An indicator catalogue loaded from a rule pack.")
        .def_readonly("pack", &ind::Catalog::pack)
        .def_readonly("fields", &ind::Catalog::fields)
        .def_readonly("indicators", &ind::Catalog::indicators)
        .def_property_readonly("codes", &ind::Catalog::codes)
        .def_property_readonly("field_codes",
                               [](const ind::Catalog& c) {
                                   std::vector<std::string> out;
                                   for (const auto& f : c.fields) out.push_back(f.code);
                                   return out;
                               })
        .def_property_readonly("checks",
                               [](const ind::Catalog& c) {
                                   std::vector<std::tuple<std::string, std::string, std::string>> out;
                                   for (const auto& k : c.checks) out.emplace_back(k.lesser, k.greater, k.source);
                                   return out;
                               })
        .def("field",
             [](const ind::Catalog& c, const std::string& code) {
                 const int i = c.field_index(code);
                 if (i < 0) throw anjian::error("no base field '" + code + "' in catalogue " + c.pack.name);
                 return c.fields[static_cast<std::size_t>(i)];
             })
        .def("__getitem__", &ind::Catalog::indicator, py::return_value_policy::copy)
        .def("__contains__",
             [](const ind::Catalog& c, const std::string& code) { return c.indicator_index(code) >= 0; })
        .def("__len__", [](const ind::Catalog& c) { return c.indicators.size(); })
        .def("__repr__", [](const ind::Catalog& c) {
            return "Catalog('" + c.pack.stamp() + "', " + std::to_string(c.indicators.size()) + " indicators)";
        });

    m.def("builtin_pack_names", &rules::builtin_pack_names);
    m.def(
        "builtin_pack_text", [](const std::string& name) { return std::string(rules::builtin_pack_text(name)); },
        py::arg("name"), "The YAML text of a built-in pack, as compiled in.");
    m.def("builtin_catalog", &rules::builtin_catalog, py::arg("name") = std::string(rules::default_catalog));
    m.def("load_catalog", &rules::load_catalog, py::arg("path"));
    m.def("catalog", &rules::catalog, py::arg("name_or_path"));  // built-in name or file: the one lookup
    m.def("parse_catalog", &rules::parse_catalog, py::arg("text"), py::arg("file") = "<text>");
    m.def(
        "validate_pack", [](const std::string& name_or_path) { return rules::validate(name_or_path); },
        py::arg("path"), "Check a built-in pack or a pack file of any kind; PackError lists every problem.");

    py::class_<ind::MonthlySums>(m, "MonthlySums", "Mergeable partial aggregate: sums per (unit code, month).")
        .def_readonly("fields", &ind::MonthlySums::fields)
        .def_property_readonly("cells", &ind::MonthlySums::cells)
        .def_property_readonly("unit",
                               [](const ind::MonthlySums& s) {
                                   return py::array_t<std::int32_t>(static_cast<py::ssize_t>(s.cells()), s.unit.data());
                               })
        .def_property_readonly("month",
                               [](const ind::MonthlySums& s) {
                                   return py::array_t<std::int32_t>(static_cast<py::ssize_t>(s.cells()),
                                                                    s.month.data());
                               })
        .def_property_readonly("rows",
                               [](const ind::MonthlySums& s) {
                                   return py::array_t<std::int64_t>(static_cast<py::ssize_t>(s.cells()), s.rows.data());
                               })
        .def_property_readonly("sums",
                               [](const ind::MonthlySums& s) {
                                   return py::array_t<std::int64_t>(
                                       {static_cast<py::ssize_t>(s.cells()), static_cast<py::ssize_t>(s.fields.size())},
                                       s.sums.data());
                               })
        .def_static("merge", &ind::MonthlySums::merge)
        .def(py::pickle(  // a Dask or Spark worker ships its partial aggregate to the one that merges
            [](const ind::MonthlySums& s) {
                std::vector<std::string> kinds;
                for (const auto k : s.kinds) kinds.push_back(ind::to_string(k));
                return py::make_tuple(1, s.fields, kinds, s.unit, s.month, s.rows, s.sums);
            },
            [](const py::tuple& t) {
                if (t.size() != 7 || t[0].cast<int>() != 1) throw anjian::error("not a pickled MonthlySums of format 1");
                ind::MonthlySums s;
                s.fields = t[1].cast<std::vector<std::string>>();
                for (const auto& k : t[2].cast<std::vector<std::string>>()) s.kinds.push_back(field_kind(k));
                s.unit = t[3].cast<std::vector<std::int32_t>>();
                s.month = t[4].cast<std::vector<std::int32_t>>();
                s.rows = t[5].cast<std::vector<std::int64_t>>();
                s.sums = t[6].cast<std::vector<std::int64_t>>();
                if (s.kinds.size() != s.fields.size() || s.month.size() != s.unit.size() ||
                    s.rows.size() != s.unit.size() || s.sums.size() != s.unit.size() * s.fields.size())
                    throw anjian::error("a pickled MonthlySums whose columns differ in length");
                return s;
            }));

    m.def(
        "aggregate_monthly",
        [](const py::dict& columns, std::int64_t rows, const std::string& unit, std::int32_t n_units,
           const std::string& date, const std::vector<std::pair<std::string, std::string>>& fields,
           const std::vector<std::pair<int, int>>& rules_,
           unsigned threads) { return aggregate(columns, rows, unit, n_units, date, fields, rules_, threads); },
        py::arg("columns"), py::arg("rows"), py::arg("unit"), py::arg("n_units"), py::arg("date"), py::arg("fields"),
        py::arg("rules") = std::vector<std::pair<int, int>>{}, py::arg("threads") = 0u);
    m.def(
        "aggregate_monthly_status",
        [](const py::dict& columns, std::int64_t rows, const std::string& unit, std::int32_t n_units,
           const std::string& date, const std::vector<std::pair<std::string, std::string>>& fields,
           const std::vector<std::pair<int, int>>& rules_, unsigned threads) {
            anjian::RowStatus status;
            ind::MonthlySums sums = aggregate(columns, rows, unit, n_units, date, fields, rules_, threads, &status);
            return py::make_tuple(std::move(sums), status_column(status, static_cast<std::size_t>(rows)),
                                  status.reasons);
        },
        "aggregate_monthly with refused rows left out: (sums, refused per row (-1 = summed), reasons)",
        py::arg("columns"), py::arg("rows"), py::arg("unit"), py::arg("n_units"), py::arg("date"), py::arg("fields"),
        py::arg("rules") = std::vector<std::pair<int, int>>{}, py::arg("threads") = 0u);

    m.def(
        "period_values",
        [](const ind::Catalog& cat, const ind::MonthlySums& sums, std::int32_t n_units, const anjian::Period& period,
           const std::vector<int>& which) {
            std::vector<ind::Aggregation> how;
            for (const auto& name : sums.fields) {
                const int f = cat.field_index(name);
                if (f < 0) throw anjian::error("'" + name + "' is not a base field of catalogue " + cat.pack.name);
                how.push_back(cat.fields[static_cast<std::size_t>(f)].aggregation);
            }
            for (const int w : which)
                if (w < 0 || static_cast<std::size_t>(w) >= cat.indicators.size())
                    throw anjian::error("indicator index out of range");
            // Indicators index catalogue fields; the sums hold the catalogue's fields in its order.
            if (sums.fields.size() != cat.fields.size())
                throw anjian::error("sums must hold every base field of the catalogue");
            ind::PeriodTotals totals;
            ind::IndicatorValues values;
            {
                py::gil_scoped_release release;
                totals = ind::period_totals(sums, period, n_units, how);
                values = ind::evaluate(cat, totals, which);
            }
            const auto nu = static_cast<py::ssize_t>(n_units), nf = static_cast<py::ssize_t>(sums.fields.size()),
                       ni = static_cast<py::ssize_t>(which.size());
            py::dict out;
            out["months_reported"] = to_numpy(std::move(totals.months_reported));
            out["sums"] = to_numpy(std::move(totals.sums)).reshape({nf, nu});
            out["values"] = to_numpy(std::move(values.values)).reshape({nu, ni});
            out["zero_division"] = to_numpy(std::move(values.zero_division)).reshape({nu, ni});
            return out;
        },
        py::arg("catalog"), py::arg("sums"), py::arg("n_units"), py::arg("period"), py::arg("which"));

    m.def(
        "denominator",
        [](const ind::Catalog& cat, const std::string& code, int id) {
            return cat.indicator(code).formula.denominator(id);
        },
        py::arg("catalog"), py::arg("code"), py::arg("id"));
}
