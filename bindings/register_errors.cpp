// anjian::error -> anjian.Error (a ValueError), with where it happened as attributes:
// row (0-based position), column, key, file, line; PackError also has .problems.
#include <anjian/error.hpp>

#include "register.hpp"

namespace py = pybind11;

namespace {

py::object location_or_none(const std::string& s) { return s.empty() ? py::none() : py::object(py::str(s)); }

void raise(const char* type_name, const anjian::error& e, py::object problems = py::none()) {
    const py::object type = py::module_::import("anjian._core").attr(type_name);
    py::object exc = type(py::str(e.what()));
    const auto& w = e.where();
    exc.attr("row") = w.row >= 0 ? py::object(py::int_(w.row)) : py::none();
    exc.attr("column") = location_or_none(w.field);
    exc.attr("key") = location_or_none(w.key);
    exc.attr("file") = location_or_none(w.file);
    exc.attr("line") = w.line > 0 ? py::object(py::int_(w.line)) : py::none();
    exc.attr("reason") = py::str(e.message());
    exc.attr("problems") = problems;
    PyErr_SetObject(type.ptr(), exc.ptr());
}

}  // namespace

void register_errors(py::module_& m) {
    static py::exception<anjian::error> base(m, "Error", PyExc_ValueError);
    static py::exception<anjian::pack_error> pack(m, "PackError", base.ptr());
    static py::exception<anjian::input_error> input(m, "InputError", base.ptr());
    m.attr("Error").attr("__doc__") = "Base of every error anjian raises; the message names what was wrong and where.";
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const anjian::pack_error& e) {
            py::list problems;
            for (const auto& d : e.problems())
                problems.append(py::dict(py::arg("file") = d.where.file, py::arg("line") = d.where.line,
                                         py::arg("column") = d.where.column, py::arg("key") = d.where.key,
                                         py::arg("message") = d.message));
            raise("PackError", e, problems);
        } catch (const anjian::input_error& e) {
            raise("InputError", e);
        } catch (const anjian::error& e) {
            raise("Error", e);
        }
    });
}
