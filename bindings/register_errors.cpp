// anjian::error -> anjian.Error (a ValueError), with where it happened as attributes: code, file,
// sheet, cell, line, row (0-based position), column, key, and .problems: every problem, each with
// those fields and its message (a PackError lists all of a pack's problems; other errors one).
#include <anjian/error.hpp>

#include "register.hpp"

namespace py = pybind11;

namespace {

py::object location_or_none(const std::string& s) { return s.empty() ? py::none() : py::object(py::str(s)); }

// One problem as Python sees it, from C++ and from Python alike (anjian._errors.problem):
// code, file, sheet, cell, line, row, column, key, message.
py::dict problem(const char* code, const anjian::Location& w, const std::string& message) {
    py::dict d;
    d["code"] = code;
    d["file"] = location_or_none(w.file);
    d["sheet"] = py::none();
    d["cell"] = py::none();
    d["line"] = w.line > 0 ? py::object(py::int_(w.line)) : py::none();
    d["row"] = w.row >= 0 ? py::object(py::int_(w.row)) : py::none();
    d["column"] = location_or_none(w.field);
    d["key"] = location_or_none(w.key);
    d["message"] = message;
    return d;
}

void raise(const char* type_name, const char* code, const anjian::error& e, py::list problems,
           py::object refused = py::none()) {
    const py::object type = py::module_::import("anjian._core").attr(type_name);
    py::object exc = type(py::str(e.what()));
    const auto& w = e.where();
    if (problems.empty()) problems.append(problem(code, w, e.message()));
    exc.attr("code") = code;
    exc.attr("row") = w.row >= 0 ? py::object(py::int_(w.row)) : py::none();
    exc.attr("column") = location_or_none(w.field);
    exc.attr("key") = location_or_none(w.key);
    exc.attr("file") = location_or_none(w.file);
    exc.attr("line") = w.line > 0 ? py::object(py::int_(w.line)) : py::none();
    exc.attr("sheet") = py::none();
    exc.attr("cell") = py::none();
    exc.attr("reason") = py::str(e.message());
    exc.attr("problems") = problems;
    exc.attr("refused") = refused;  // a batch: how many rows it refused (problems lists the first ones)
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
            for (const auto& d : e.problems()) problems.append(problem("pack", d.where, d.message));
            raise("PackError", "pack", e, problems);
        } catch (const anjian::batch_error& e) {
            py::list problems;
            for (const auto& d : e.problems()) problems.append(problem("input", d.where, d.message));
            raise("InputError", "input", e, problems, py::int_(e.refused()));
        } catch (const anjian::input_error& e) {
            raise("InputError", "input", e, py::list());
        } catch (const anjian::error& e) {
            raise("Error", "error", e, py::list());
        }
    });
}
