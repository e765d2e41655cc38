#pragma once
// boost::gregorian::date <-> datetime.date (a datetime or pandas Timestamp gives its date; NaT,
// a datetime without a date, does not match), and Whole: an int argument that is a Python int
// (or numpy integer) and nothing that merely converts to one -- pybind11's int caster takes True as 1.
// Python.h (through pybind11) must come before datetime.h.
// clang-format off
#include <pybind11/pybind11.h>
#include <datetime.h>
// clang-format on

#include <anjian/period.hpp>
#include <stdexcept>

namespace anjian::python {
struct Whole {
    long long value = 0;
};
}  // namespace anjian::python

namespace pybind11::detail {

template <>
struct type_caster<anjian::python::Whole> {
    PYBIND11_TYPE_CASTER(anjian::python::Whole, const_name("int"));

    bool load(handle src, bool) {
        if (!src || PyBool_Check(src.ptr()) || !PyIndex_Check(src.ptr()) || PyFloat_Check(src.ptr())) return false;
        const object index = reinterpret_steal<object>(PyNumber_Index(src.ptr()));
        if (!index) {
            PyErr_Clear();
            return false;
        }
        int overflow = 0;
        value.value = PyLong_AsLongLongAndOverflow(index.ptr(), &overflow);
        return overflow == 0 && !PyErr_Occurred();
    }
    static handle cast(const anjian::python::Whole& w, return_value_policy, handle) {
        return PyLong_FromLongLong(w.value);
    }
};

template <>
struct type_caster<boost::gregorian::date> {
    PYBIND11_TYPE_CASTER(boost::gregorian::date, const_name("datetime.date"));

    bool load(handle src, bool) {
        if (!PyDateTimeAPI) PyDateTime_IMPORT;
        if (!src || !PyDate_Check(src.ptr())) return false;
        try {  // pandas' NaT is a datetime whose fields are no date
            value = boost::gregorian::date(static_cast<unsigned short>(PyDateTime_GET_YEAR(src.ptr())),
                                           static_cast<unsigned short>(PyDateTime_GET_MONTH(src.ptr())),
                                           static_cast<unsigned short>(PyDateTime_GET_DAY(src.ptr())));
        } catch (const std::out_of_range&) {
            return false;
        }
        return true;
    }
    static handle cast(const boost::gregorian::date& d, return_value_policy, handle) {
        if (!PyDateTimeAPI) PyDateTime_IMPORT;
        if (d.is_special()) return none().release();
        return PyDate_FromDate(d.year(), d.month(), d.day());
    }
};

}  // namespace pybind11::detail
