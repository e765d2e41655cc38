// The column conversion seen from Python: what a kernel would read from the columns given.
#include <pybind11/stl.h>

#include "columns.hpp"
#include "register.hpp"

namespace py = pybind11;

void register_columns(py::module_& m) {
    m.def(
        "read_columns",
        [](const py::dict& columns, std::int64_t rows) {
            const anjian::Table t = to_table(columns, rows);
            py::list out;
            for (const anjian::Column& c : t.columns()) {
                py::list cells;
                for (std::size_t i = 0; i < c.size(); ++i) {
                    if (!c.valid(i))
                        cells.append(py::none());
                    else if (c.is_text())
                        cells.append(py::str(std::string(c.text(i))));
                    else if (c.is_date())
                        cells.append(py::make_tuple("day", c.day(i)));
                    else
                        cells.append(c.number(i));
                }
                out.append(py::make_tuple(c.name, anjian::to_string(c.type), cells));
            }
            return out;
        },
        py::arg("columns"), py::arg("rows"),
        "(name, type, cells) of each column as the kernels read it: None where missing, ('day', n) for "
        "dates, n counted from the Unix epoch.");
    m.def("factorize_text", &factorize_text, py::arg("cells"),
          "pandas.factorize(cells, use_na_sentinel=True) of an object array of text and missing cells: (codes,\n"
          "labels), the first object seen of each text; None when a cell is neither (a number, a date).");
}
