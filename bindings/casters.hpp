#pragma once
// boost::gregorian::date <-> datetime.date (a datetime or pandas Timestamp gives its date).
// Python.h (through pybind11) must come before datetime.h.
// clang-format off
#include <pybind11/pybind11.h>
#include <datetime.h>
// clang-format on

#include <anjian/period.hpp>

namespace pybind11::detail {

template <>
struct type_caster<boost::gregorian::date> {
    PYBIND11_TYPE_CASTER(boost::gregorian::date, const_name("datetime.date"));

    bool load(handle src, bool) {
        if (!PyDateTimeAPI) PyDateTime_IMPORT;
        if (!src || !PyDate_Check(src.ptr())) return false;
        value = boost::gregorian::date(static_cast<unsigned short>(PyDateTime_GET_YEAR(src.ptr())),
                                       static_cast<unsigned short>(PyDateTime_GET_MONTH(src.ptr())),
                                       static_cast<unsigned short>(PyDateTime_GET_DAY(src.ptr())));
        return true;
    }
    static handle cast(const boost::gregorian::date& d, return_value_policy, handle) {
        if (!PyDateTimeAPI) PyDateTime_IMPORT;
        if (d.is_special()) return none().release();
        return PyDate_FromDate(d.year(), d.month(), d.day());
    }
};

}  // namespace pybind11::detail
