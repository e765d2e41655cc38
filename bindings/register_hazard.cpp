// GB 18218 identification and grading. Quantities cross as int64 grams, β and α as tenths.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <anjian/rules/hazard.hpp>

#include "register.hpp"

namespace py = pybind11;
namespace hz = anjian::hazard;

namespace {

template <class T>
py::array_t<T> to_numpy(const std::vector<T>& v) {
    py::array_t<T> out(static_cast<py::ssize_t>(v.size()));
    std::copy(v.begin(), v.end(), out.mutable_data());
    return out;
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
        .def_readonly("chemicals", &hz::Table::chemicals)
        .def_readonly("categories", &hz::Table::categories)
        .def("find", &hz::Table::find, py::arg("key"))
        .def("alpha10", &hz::Table::alpha10, py::arg("people"));
    m.def("hazard_table", &anjian::rules::gb18218, py::arg("name_or_path"));
    m.def(
        "hazard_identify_many",
        [](const hz::Table& table, const py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>& unit,
           const std::vector<std::string>& substance, const std::vector<std::string>& categories,
           const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& q_grams,
           const py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>& people) {
            const auto n = static_cast<std::size_t>(unit.size());
            if (q_grams.size() != unit.size()) throw anjian::error("unit and quantity columns differ in length");
            hz::Batch b;
            {
                py::gil_scoped_release release;
                b = hz::identify_many(table, n, unit.data(), substance, categories, q_grams.data(),
                                      static_cast<std::size_t>(people.size()), people.data());
            }
            py::dict out;
            out["s"] = to_numpy(b.s);
            out["r"] = to_numpy(b.r);
            out["is_major"] = to_numpy(b.is_major);
            out["grade"] = to_numpy(b.grade);
            out["alpha10"] = to_numpy(b.alpha10);
            out["q_grams"] = to_numpy(b.q_grams);
            out["beta10"] = to_numpy(b.beta10);
            out["chemical"] = to_numpy(b.chemical);
            out["category"] = to_numpy(b.category);
            return out;
        },
        py::arg("table"), py::arg("unit"), py::arg("substance"), py::arg("categories"), py::arg("q_grams"),
        py::arg("people"));
}
