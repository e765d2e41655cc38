#include <pybind11/numpy.h>
#include <pybind11/operators.h>
#include <pybind11/stl.h>

#include <anjian/indicators/change.hpp>
#include <anjian/period.hpp>
#include <limits>

#include "casters.hpp"
#include "register.hpp"

namespace py = pybind11;
using anjian::Period;
using anjian::python::Whole;

namespace {
// A whole-number argument within what the calendar functions take (they check the exact range).
int small(Whole w, const char* what) {
    if (w.value < -1'000'000 || w.value > 1'000'000)
        throw anjian::error(std::string(what) + " is out of range, got " + std::to_string(w.value));
    return static_cast<int>(w.value);
}

std::string type_name(const py::handle& h) { return py::str(py::type::handle_of(h).attr("__name__")); }

// The last overload of a static: any arguments the typed one did not take are an anjian.Error
// showing the call, not pybind11's TypeError.
void refuse_other_arguments(py::class_<Period>& cls, const char* name, const std::string& usage) {
    cls.def_static(name, [usage](const py::args& args, const py::kwargs& kwargs) -> Period {
        std::string given;
        for (const auto& a : args) given += (given.empty() ? "" : ", ") + type_name(a);
        for (const auto& [k, v] : kwargs)
            given += (given.empty() ? "" : ", ") + std::string(py::str(k)) + "=" +
                     type_name(v);
        throw anjian::error(usage + ", got (" + given + ")");
    });
}

const char* kind_name(Period::Kind k) {
    switch (k) {
        case Period::Kind::month:
            return "month";
        case Period::Kind::quarter:
            return "quarter";
        case Period::Kind::half:
            return "half";
        case Period::Kind::year:
            return "year";
        case Period::Kind::ytd:
            return "ytd";
        case Period::Kind::range:
            break;
    }
    return "range";
}
}  // namespace

void register_period(py::module_& m) {
    py::class_<Period> cls(m, "Period", "A reporting period with inclusive start and end dates.");
    cls.def_static(
           "month", [](Whole y, Whole n) { return Period::month(small(y, "year"), small(n, "month")); },
           py::arg("year"), py::arg("month"))
        .def_static(
            "quarter", [](Whole y, Whole q) { return Period::quarter(small(y, "year"), small(q, "quarter")); },
            py::arg("year"), py::arg("quarter"))
        .def_static(
            "half", [](Whole y, Whole h) { return Period::half(small(y, "year"), small(h, "half")); }, py::arg("year"),
            py::arg("half"))
        .def_static(
            "year", [](Whole y) { return Period::year(small(y, "year")); }, py::arg("year"))
        .def_static(
            "ytd", [](Whole y, Whole n) { return Period::ytd(small(y, "year"), small(n, "month")); }, py::arg("year"),
            py::arg("month"), "1 January through the end of `month`.")
        .def_static("between", &Period::between, py::arg("start"), py::arg("end"),
                    "Any range of dates, both inclusive.")
        .def_static(
            "parse", [](const py::str& text) { return Period::parse(std::string(text)); },  // str, not bytes
            py::arg("text"),
                    "'2024-08', '2024-Q3', '2024-H2', '2024', '2024-01..2024-08', '2024-01-05..2024-02-10'.")  // law-in-code: examples of the period syntax
        .def_property_readonly("start", &Period::start)
        .def_property_readonly("end", &Period::end)
        .def_property_readonly("days", &Period::days)
        .def_property_readonly("kind", [](const Period& p) { return kind_name(p.kind()); })
        .def_property_readonly("month_aligned", &Period::month_aligned)
        .def("previous", &Period::previous, "The period of the same kind just before (环比).")
        .def("year_ago", &Period::year_ago, "The same period one year earlier (同比).")
        .def("contains", &Period::contains, py::arg("date"))
        .def("__contains__", &Period::contains)
        .def("__str__", &Period::str)
        .def("__repr__", [](const Period& p) { return "Period('" + p.str() + "')"; })
        .def("__hash__", &Period::hash)
        .def(py::self == py::self)
        .def(py::self < py::self)
        .def("__le__", [](const Period& a, const Period& b) { return a < b || a == b; })
        .def("__gt__", [](const Period& a, const Period& b) { return b < a; })
        .def("__ge__", [](const Period& a, const Period& b) { return b < a || a == b; })
        .def(
            py::pickle([](const Period& p) { return p.str(); }, [](const std::string& s) { return Period::parse(s); }));
    refuse_other_arguments(cls, "month", "Period.month(year, month) takes two whole numbers");
    refuse_other_arguments(cls, "quarter", "Period.quarter(year, quarter) takes two whole numbers");
    refuse_other_arguments(cls, "half", "Period.half(year, half) takes two whole numbers");
    refuse_other_arguments(cls, "year", "Period.year(year) takes a whole number");
    refuse_other_arguments(cls, "ytd", "Period.ytd(year, month) takes two whole numbers");
    refuse_other_arguments(cls, "between", "Period.between(start, end) takes two dates (datetime.date)");
    refuse_other_arguments(cls, "parse", "Period.parse(text) takes a text such as '2024-08'");
    cls.def("contains", [](const Period&, const py::args& args, const py::kwargs&) -> bool {
        std::string given;
        for (const auto& a : args) given += (given.empty() ? "" : ", ") + type_name(a);
        throw anjian::error("Period.contains(date) takes a date (datetime.date), got (" + given + ")");
    });

    namespace ind = anjian::indicators;
    m.def("change", &ind::change, py::arg("current"), py::arg("previous"),
          "(current - previous) / previous; None when previous is 0.");
    m.def("change_array", py::vectorize([](double c, double p) {
              return ind::change(c, p).value_or(std::numeric_limits<double>::quiet_NaN());
          }),
          py::arg("current"), py::arg("previous"));
    m.def("schedule_share", &ind::schedule_share, py::arg("through"));
    m.def(
        "progress",
        [](double actual, double target, double elapsed) {
            const auto p = ind::progress(actual, target, elapsed);
            return py::make_tuple(p.used_share, p.schedule_share, p.over_by);
        },
        py::arg("actual"), py::arg("target"), py::arg("elapsed_share"));
    m.def(
        "progress_array",
        [](const py::array_t<double, py::array::c_style>& actual, const py::array_t<double, py::array::c_style>& target,
           double elapsed) {
            if (actual.size() != target.size()) throw anjian::error("actual and target differ in length");
            py::array_t<double> used(actual.size()), over(actual.size());
            auto u = used.mutable_unchecked<1>();
            auto o = over.mutable_unchecked<1>();
            for (py::ssize_t i = 0; i < actual.size(); ++i) {
                try {
                    const auto p = ind::progress(actual.data()[i], target.data()[i], elapsed);
                    u(i) = p.used_share, o(i) = p.over_by;
                } catch (const anjian::error& e) {
                    anjian::Location where;
                    where.row = i;
                    throw anjian::input_error(e.message(), where);
                }
            }
            return py::make_tuple(used, over);
        },
        py::arg("actual"), py::arg("target"), py::arg("elapsed_share"));
}
