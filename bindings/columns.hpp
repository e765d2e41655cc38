#pragma once
// The one conversion of Python columns into the column type every kernel takes (anjian::Table).
// A column is one of:
//   - a 1-d numpy array: bool, int8..int64, uint8..uint32, float32/64, datetime64 of any unit (NaT is
//     missing), or object/str arrays of text (None and NaN are missing);
//   - a pair (values, missing) where `missing` is a bool array (pandas' nullable dtypes);
//   - a triple ("codes", codes, labels): text dictionary-encoded as int32 codes (-1: missing) into an
//     object array of labels (pandas.factorize, categoricals);
//   - any object exporting the Arrow PyCapsule interface (__arrow_c_array__, or __arrow_c_stream__
//     of one chunk): pyarrow and polars columns are read where they lie, without pyarrow installed.
// Arrays of a layout a kernel can read are viewed, not copied; the table keeps them alive.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <anjian/columns.hpp>
#include <utility>
#include <vector>

anjian::Table to_table(const pybind11::dict& columns, std::int64_t rows);

// pandas.factorize(cells, use_na_sentinel=True) of a 1-d object array whose cells are all text or
// missing (None, NaN, pd.NA, NaT): (int32 codes in order of first appearance, -1 where missing; the
// first object seen of each distinct text). None when some cell is neither: pandas decides then.
pybind11::object factorize_text(const pybind11::array& cells);
// factorize_text of each object array and, of each int32 or int64 one, its values' runs when they are in
// ascending order: (int32 codes, the distinct values), each distinct value one run (None when out of order
// or of another type); the runs on a thread of their own while the texts are coded (a unit column's time
// hidden in a substance column's).
pybind11::list factorize_columns(const std::vector<pybind11::array>& columns);
// Row k of the result: numpy.take(values, codes) of the k-th pair (values a 1-d object array, codes int32
// or int64, a code out of range an IndexError), into one new 2-d object array (the block a frame of object
// columns keeps), each cell written once, a reference counted.
pybind11::array take_object_rows(const std::vector<std::pair<pybind11::array, pybind11::array>>& columns);

// A result column handed to numpy with the vector's storage, not copied (a capsule frees it).
template <class T>
pybind11::array_t<T> to_numpy(std::vector<T> v) {
    auto* owned = new std::vector<T>(std::move(v));
    pybind11::capsule free_when_done(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
    return pybind11::array_t<T>(static_cast<pybind11::ssize_t>(owned->size()), owned->data(), free_when_done);
}
