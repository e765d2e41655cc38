#pragma once
// A batch's per-row refusals as the numpy column Python reads (-1 = answered, else an index into
// the reasons).
#include <pybind11/numpy.h>

#include <algorithm>
#include <anjian/refusals.hpp>

// With no row refused (the usual call) every row reads one -1: a read-only view of it with stride 0,
// rather than a column of -1 made anew at each call (4 bytes a row of fresh memory, which these machines
// fault in page by page at a cost above that of the batch's own pass over it).
inline pybind11::array_t<std::int32_t> status_column(const anjian::RowStatus& s, std::size_t rows) {
    const auto n = static_cast<pybind11::ssize_t>(rows);
    if (s.refused.empty()) {
        pybind11::array_t<std::int32_t> one(1);
        one.mutable_data()[0] = -1;
        pybind11::array_t<std::int32_t> every({n}, {pybind11::ssize_t{0}}, one.data(), one);
        every.attr("setflags")(pybind11::arg("write") = false);
        return every;
    }
    pybind11::array_t<std::int32_t> out(n);
    std::copy(s.refused.begin(), s.refused.end(), out.mutable_data());
    return out;
}
