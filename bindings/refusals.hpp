#pragma once
// A batch's per-row refusals as the numpy column Python reads (-1 = answered, else an index into
// the reasons).
#include <pybind11/numpy.h>

#include <algorithm>
#include <anjian/refusals.hpp>

inline pybind11::array_t<std::int32_t> status_column(const anjian::RowStatus& s, std::size_t rows) {
    pybind11::array_t<std::int32_t> out(static_cast<pybind11::ssize_t>(rows));
    std::int32_t* p = out.mutable_data();
    if (s.refused.empty())
        std::fill(p, p + rows, -1);
    else
        std::copy(s.refused.begin(), s.refused.end(), p);
    return out;
}
