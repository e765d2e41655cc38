// The column conversion seen from Python: what a kernel would read from the columns given.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <algorithm>
#include <anjian/money.hpp>
#include <anjian/parallel.hpp>
#include <bit>
#include <cmath>
#include <optional>
#include <vector>

#include "columns.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace {
// Values from which scaled_integers converts on every core: from Python, best of 7 x 50 calls in three rounds,
// two threads were slower at 65,536 values (91-131 us against 74-85), either way at 131,072 (123-179 against
// 139-171) and faster at 262,144 (212-249 against 288-342) and 400,000 (291-386 against 438-555). With the
// pass vectorized (round_scaled), still faster at 262,144 in two rounds of three (97-107 us against 138-141).
constexpr std::size_t scaled_integers_threads_from = std::size_t{1} << 18;

// x * scale rounded half to even, as numpy.round (below 2**51).
std::int64_t round_scaled(double x, double scale) { return anjian::round_below_2_51(x * scale); }

// x[lo, hi) * scale rounded into o, valid where x is within 0..high (high * scale below 2**51, high > 0);
// whether a value was not. Every step in integers, for the loop to vectorize (with SSE2: a conversion
// of doubles to int64 needs AVX-512, and a double comparison in a loop made gcc 12 give up): doubles
// from +0 up order as their bits, so x is within when |x|'s bits are at most high's and x is not
// negative but -0. NaN and infinities have bits beyond any finite number's.
bool round_scaled(const double* __restrict x, std::int64_t* __restrict o, std::size_t lo, std::size_t hi,
                  double scale, double high) {
    const std::int64_t high_bits = std::bit_cast<std::int64_t>(high);
    std::uint64_t outside = 0;  // its sign bit: some x outside
    for (std::size_t i = lo; i < hi; ++i) {
        const auto bits = std::bit_cast<std::int64_t>(x[i]);
        const std::int64_t magnitude = bits & INT64_MAX, negative = bits >> 63;  // -1 when the sign is set
        outside |= static_cast<std::uint64_t>((high_bits - magnitude) | (negative & -magnitude));
        o[i] = round_scaled(x[i], scale);
    }
    return (outside >> 63) != 0;
}
}  // namespace

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
    m.def(
        "scaled_integers",
        [](const py::array_t<double, py::array::forcecast>& values, double scale, double high) {
            const auto v = values.unchecked<1>();
            const py::ssize_t n = v.shape(0);
            py::array_t<std::int64_t> out(n);
            std::int64_t* o = out.mutable_data();
            // In one pass: a value outside 0..high is found by it and fixed by a second one, as is every
            // value when high * scale reaches 2**51 (where round_scaled's shift no longer rounds).
            const bool below_2_51 = high * scale < 0x1p51 && high > 0;
            const auto inside = [&](double x) { return (x >= 0) & (x <= high); };  // NaN fails both
            bool outside_any = !below_2_51;
            if (below_2_51) {
                // In chunks on every core from scaled_integers_threads_from values.
                const auto size = static_cast<std::size_t>(n);
                const unsigned threads = anjian::threads_from(size, scaled_integers_threads_from);
                std::vector<char> outside_chunk(threads, 0);
                const double* x = values.strides(0) == sizeof(double) ? v.data(0) : nullptr;  // contiguous
                std::optional<py::gil_scoped_release> free;
                if (threads > 1) free.emplace();
                anjian::parallel_chunks(size, threads, [&](unsigned t, std::size_t lo, std::size_t hi) {
                    bool any = false;
                    if (x) {
                        any = round_scaled(x, o, lo, hi, scale, high);
                    } else {
                        for (std::size_t i = lo; i < hi; ++i) {
                            const double xi = v(static_cast<py::ssize_t>(i));
                            any |= !inside(xi), o[i] = round_scaled(xi, scale);
                        }
                    }
                    outside_chunk[t] = any;
                });
                outside_any = std::find(outside_chunk.begin(), outside_chunk.end(), 1) != outside_chunk.end();
            }
            std::vector<std::int64_t> outside;
            for (py::ssize_t i = 0; i < n && outside_any; ++i) {
                const double x = v(i);
                if (!inside(x))
                    outside.push_back(i), o[i] = 0;
                else if (!below_2_51)
                    o[i] = static_cast<std::int64_t>(std::nearbyint(x * scale));
            }
            return py::make_tuple(std::move(out), py::array_t<std::int64_t>(static_cast<py::ssize_t>(outside.size()),
                                                                            outside.data()));
        },
        py::arg("values"), py::arg("scale"), py::arg("high"),
        "numpy.round(values * scale).astype(int64) of values from 0 to high (high * scale below 2**63), in one\n"
        "pass (two when a value is outside): (the integers, the positions of the values outside 0..high or\n"
        "NaN, 0 there).");
    m.def(
        "whole_yuan",
        [](const py::array& fen, bool in_place) -> py::object {
            // In place: the fen array's own memory, when it is a writable contiguous int64 array (a
            // fresh result's column, whose fen nobody reads again): no new array to fault in page by
            // page. Otherwise, and always when an amount is not whole, the input is left as it was.
            const bool own = in_place && fen.dtype().is(py::dtype::of<std::int64_t>()) && fen.ndim() == 1 &&
                             (fen.flags() & py::array::c_style) && fen.writeable();
            using Fen = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;
            const Fen from = own ? py::reinterpret_borrow<Fen>(fen) : Fen::ensure(fen);
            if (!from) throw py::type_error("whole_yuan: fen must be an array of whole numbers");
            const std::int64_t* f = from.data();
            const py::ssize_t n = from.size();
            Fen out = own ? from : Fen(n);
            std::int64_t* yuan = out.mutable_data();
            // A block at a time, checked before it is written: a block with an amount that is not whole
            // is left alone, and the blocks before it are multiplied back (exact: they were whole).
            constexpr py::ssize_t block = 1024;
            for (py::ssize_t lo = 0; lo < n; lo += block) {
                const py::ssize_t hi = std::min(n, lo + block);
                bool whole = true;
                for (py::ssize_t i = lo; i < hi; ++i) whole &= f[i] % 100 == 0;  // a multiply, no branch
                if (!whole) {
                    if (own)
                        for (py::ssize_t i = 0; i < lo; ++i) yuan[i] *= 100;
                    return py::none();
                }
                for (py::ssize_t i = lo; i < hi; ++i) yuan[i] = f[i] / 100;
            }
            return out;
        },
        py::arg("fen"), py::arg("in_place") = false,
        "fen // 100 as int64 when every amount is a whole number of yuan (checked, then divided, 1,024 at a\n"
        "time); None when one is not.\n"
        "in_place: write the yuan over the fen (a writable contiguous int64 array) and return that array;\n"
        "left as it was when an amount is not whole.");
    m.def("take_object_rows", &take_object_rows, py::arg("columns"),
          "numpy.stack([numpy.take(values, codes) for values, codes in columns]) for 1-d object arrays and\n"
          "int8/int16/int32/int64 codes all as long, in one pass per row and without filling the result with\n"
          "None first (numpy's generic per-cell copy takes several times as long); a code out of range raises\n"
          "IndexError.");
    m.def("factorize_columns", &factorize_columns, py::arg("columns"),
          "For each column: factorize_text(c) of an object array; of int32/int64 values in ascending order,\n"
          "pandas.factorize(c, sort=True) by their runs, (int32 codes, the distinct values in their dtype); None\n"
          "otherwise (out of order, another type). The runs on a thread of their own while the texts are coded.");
    m.def("factorize_text", &factorize_text, py::arg("cells"),
          "pandas.factorize(cells, use_na_sentinel=True) of an object array of text and missing cells: (int32\n"
          "codes, labels), the first object seen of each text; None when a cell is neither (a number, a date).");
}
