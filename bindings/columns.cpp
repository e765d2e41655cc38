#include "columns.hpp"

#include <pybind11/numpy.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace py = pybind11;
using anjian::Column;
using anjian::ColumnType;
using anjian::Table;

namespace {

anjian::input_error bad(const std::string& column, const std::string& why, std::int64_t row = -1) {
    return anjian::input_error(why, Table::at(column, row));
}

// A Python object the table's columns view; dropped with the GIL held, whoever drops the table.
void keep_python(Table& t, py::object o) {
    t.keep(std::shared_ptr<const void>(new py::object(std::move(o)), [](const void* p) {
        py::gil_scoped_acquire gil;
        delete static_cast<const py::object*>(p);
    }));
}

// A validity bitmap with every bit set, owned by the table.
std::uint8_t* new_bitmap(Table& t, std::size_t n) {
    auto bits = std::make_shared<std::vector<std::uint8_t>>((n + 7) / 8, std::uint8_t{0xFF});
    t.keep(bits);
    return bits->data();
}

void clear_bit(std::uint8_t* bits, std::size_t k) {
    bits[k >> 3] = static_cast<std::uint8_t>(bits[k >> 3] & ~(1u << (k & 7)));
}

std::int64_t ticks_per_day(const std::string& unit) {
    if (unit == "D") return 1;
    if (unit == "s") return 86'400;
    if (unit == "ms") return 86'400'000;
    if (unit == "us") return 86'400'000'000;
    if (unit == "ns") return 86'400'000'000'000;
    return 0;
}

bool is_missing_object(PyObject* o) {
    if (o == Py_None) return true;
    if (PyFloat_Check(o)) return PyFloat_AS_DOUBLE(o) != PyFloat_AS_DOUBLE(o);  // NaN
    const char* type = Py_TYPE(o)->tp_name;  // pandas' NA and NaT, without importing pandas
    return std::strcmp(type, "NAType") == 0 || std::strcmp(type, "NaTType") == 0;
}

}  // namespace

namespace {

template <typename T>
py::object code_runs_of(const py::array& values) {
    const auto a = py::array_t<T, py::array::c_style>::ensure(values);  // a copy only when strided
    const T* v = a.data();
    const py::ssize_t n = a.size();
    // The runs counted and the order checked first (a pass without branches), so that both results are
    // made at their size and written once: grown as they went, their memory was copied and faulted in
    // anew (on these machines a fresh page costs more than reading the column).
    py::ssize_t runs = n > 0, descending = 0;
    for (py::ssize_t i = 1; i < n; ++i) runs += v[i] != v[i - 1], descending |= v[i] < v[i - 1];
    if (descending) return py::none();
    py::array_t<std::int32_t> codes(n);
    py::array_t<T> labels(runs);
    std::int32_t* code = codes.mutable_data();
    T* label = labels.mutable_data();
    // Without a branch at each value: a run of values of random lengths missed one at every run. The
    // label is stored at every value of its run, the same value again.
    std::int32_t run = -1;
    for (py::ssize_t i = 0; i < n; ++i) {
        run += i == 0 || v[i] != v[i - 1];
        label[run] = v[i];
        code[i] = run;
    }
    return py::make_tuple(std::move(codes), std::move(labels));
}

}  // namespace

pybind11::object code_runs(const pybind11::array& values) {
    if (values.ndim() != 1 || values.size() >= (py::ssize_t{1} << 31)) return py::none();
    if (values.dtype().is(py::dtype::of<std::int64_t>())) return code_runs_of<std::int64_t>(values);
    if (values.dtype().is(py::dtype::of<std::int32_t>())) return code_runs_of<std::int32_t>(values);
    return py::none();
}

namespace {

// `count` more references to o at once (the cells of a column that now hold it).
void add_references(PyObject* o, py::ssize_t count) {
#if defined(Py_GIL_DISABLED)  // reference counts split between threads: one increment at a time
    for (py::ssize_t k = 0; k < count; ++k) Py_INCREF(o);
#else
    Py_SET_REFCNT(o, Py_REFCNT(o) + count);  // left as it is for an immortal object (Python 3.12 on)
#endif
}

// to[i] = values[codes[i]] into cells that hold nothing yet: a code out of range raises before any cell
// is written; each value's references are added once, by its count of cells, rather than cell by cell.
template <typename Code>
void take_objects_by(const py::array& values, const py::array& codes, PyObject** to) {
    const auto c = py::array_t<Code, py::array::c_style>::ensure(codes);
    auto* const* from = static_cast<PyObject* const*>(values.data());
    const Code* code = c.data();
    const py::ssize_t n = c.size(), m = values.size();  // size() multiplies the shape out at each call
    if (m == 1) {  // one value for every cell (the one standard of a batch, say): nothing to count
        Code any = 0;
        for (py::ssize_t i = 0; i < n; ++i) any |= code[i];
        if (any != 0) throw py::index_error("take_object_rows: code out of range");
        std::fill(to, to + n, from[0]);
        add_references(from[0], n);
        return;
    }
    std::vector<py::ssize_t> count(static_cast<std::size_t>(m), 0);
    for (py::ssize_t i = 0; i < n; ++i) {
        if (code[i] < 0 || static_cast<py::ssize_t>(code[i]) >= m)
            throw py::index_error("take_object_rows: code out of range");
        ++count[static_cast<std::size_t>(code[i])];
    }
    for (py::ssize_t i = 0; i < n; ++i) to[i] = from[code[i]];
    for (std::size_t v = 0; v < count.size(); ++v)
        if (count[v]) add_references(from[v], count[v]);
}

bool contiguous_objects(const py::array& a) {
    return a.ndim() == 1 && a.dtype().kind() == 'O' && (a.flags() & py::array::c_style);
}

void take_objects_to(const py::array& values, const py::array& codes, PyObject** to) {
    if (codes.dtype().is(py::dtype::of<std::int8_t>()))  // a few values (grades, say): read as they lie
        take_objects_by<std::int8_t>(values, codes, to);
    else if (codes.dtype().is(py::dtype::of<std::int16_t>()))
        take_objects_by<std::int16_t>(values, codes, to);
    else if (codes.dtype().is(py::dtype::of<std::int32_t>()))
        take_objects_by<std::int32_t>(values, codes, to);
    else if (codes.dtype().is(py::dtype::of<std::int64_t>()))
        take_objects_by<std::int64_t>(values, codes, to);
    else
        throw py::type_error("take_object_rows: codes must be int8, int16, int32 or int64");
}

}  // namespace

py::array take_object_rows(const std::vector<std::pair<py::array, py::array>>& columns) {
    const py::ssize_t n = columns.empty() ? 0 : columns.front().second.size();
    for (const auto& [values, codes] : columns)
        if (!contiguous_objects(values) || codes.ndim() != 1 || codes.size() != n)
            throw py::value_error("take_object_rows: each pair must be a 1-d object array and codes as long as "
                                  "the first pair's");
    // numpy allocates an object array's cells as null pointers (np.empty would then store None in each):
    // every cell is written below, and a row left unwritten by an error is released as nulls are.
    py::array out(py::dtype("O"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(columns.size()), n});
    auto** cells = static_cast<PyObject**>(out.mutable_data());
    for (std::size_t k = 0; k < columns.size(); ++k)
        take_objects_to(columns[k].first, columns[k].second, cells + static_cast<py::ssize_t>(k) * n);
    return out;
}

namespace {

// Whether two texts are equal, as Python tests it (unicode_eq): a text is stored in the narrowest kind
// that holds its code points, so equal texts have one kind and one length and the same bytes.
// (PyUnicode_Compare orders them, a code point at a time: slower by a fifth to a third here.)
bool same_text(PyObject* a, PyObject* b) {
    const Py_ssize_t n = PyUnicode_GET_LENGTH(a);
    if (n != PyUnicode_GET_LENGTH(b) || PyUnicode_KIND(a) != PyUnicode_KIND(b)) return false;
    return std::memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b), static_cast<std::size_t>(n) * PyUnicode_KIND(a)) == 0;
}

}  // namespace

pybind11::object factorize_text(const pybind11::array& cells) {
    if (cells.ndim() != 1 || cells.dtype().kind() != 'O' || cells.size() >= (py::ssize_t{1} << 31))
        return py::none();
    const auto a = py::array::ensure(cells, py::array::c_style);
    const auto n = static_cast<std::size_t>(a.size());
    auto* const* items = static_cast<PyObject* const*>(a.data());
    py::array_t<std::int32_t> codes(static_cast<py::ssize_t>(n));
    std::int32_t* code = codes.mutable_data();
    py::list labels;
    // The objects seen last, by address (direct-mapped): a column of repeated Python strings is
    // mostly the same few objects. Then by content, in an open-addressing table keyed by Python's own
    // hash of the text (kept in the string object once computed), compared as Python compares texts.
    constexpr std::size_t slots = 1024;
    std::array<std::pair<PyObject*, std::int32_t>, slots> seen{};
    struct Known {
        Py_hash_t hash = 0;
        PyObject* text = nullptr;
        std::int32_t code = 0;
    };
    std::vector<Known> known(64);
    std::size_t distinct = 0;
    const auto find = [&](PyObject* o, Py_hash_t hash) -> Known& {
        const std::size_t mask = known.size() - 1;
        for (std::size_t k = static_cast<std::size_t>(hash) & mask;; k = (k + 1) & mask) {
            Known& e = known[k];
            if (!e.text || (e.hash == hash && (e.text == o || same_text(e.text, o)))) return e;
        }
    };
    for (std::size_t i = 0; i < n; ++i) {
        PyObject* o = items[i];
        auto& slot = seen[(reinterpret_cast<std::uintptr_t>(o) >> 4) & (slots - 1)];
        if (slot.first == o) {
            code[i] = slot.second;
            continue;
        }
        if (!PyUnicode_Check(o)) {
            if (!is_missing_object(o)) return py::none();  // a number, a date ...: pandas decides
            code[i] = -1;
            continue;
        }
        const Py_hash_t hash = PyObject_Hash(o);
        if (hash == -1) throw py::error_already_set();
        Known& e = find(o, hash);
        if (!e.text) {
            e = {hash, o, static_cast<std::int32_t>(distinct++)};
            labels.append(py::reinterpret_borrow<py::object>(o));
            if (2 * distinct > known.size()) {  // at most half full: probes stay short
                std::vector<Known> old(known.size() * 2);
                old.swap(known);
                for (const Known& k : old)
                    if (k.text) find(k.text, k.hash) = k;
            }
            code[i] = static_cast<std::int32_t>(distinct - 1);
        } else {
            code[i] = e.code;
        }
        slot = {o, code[i]};
    }
    return py::make_tuple(std::move(codes), std::move(labels));
}

namespace {

// Clears the validity bit of each cell whose byte in `gone` is set (a bool mask, as pandas keeps one):
// 16 bytes to 16 bits at a time where SSE2 is, a byte of the bitmap at a time otherwise.
void clear_missing(std::uint8_t* validity, const bool* gone, std::size_t n) {
    std::size_t at = 0;
#if defined(__SSE2__)
    for (; at + 16 <= n; at += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(gone + at));
        const auto kept = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_setzero_si128())));
        validity[at / 8] = static_cast<std::uint8_t>(validity[at / 8] & kept);
        validity[at / 8 + 1] = static_cast<std::uint8_t>(validity[at / 8 + 1] & (kept >> 8));
    }
#endif
    for (; at < n; at += 8) {
        unsigned clear = 0;
        for (std::size_t j = 0; j < 8 && at + j < n; ++j) clear |= static_cast<unsigned>(gone[at + j]) << j;
        validity[at / 8] = static_cast<std::uint8_t>(validity[at / 8] & ~clear);
    }
}

// Text of an object array as an Arrow large_utf8 column owned by the table.
Column text_column(const std::string& name, const py::array& a, Table& t) {
    const auto n = static_cast<std::size_t>(a.size());
    auto offsets = std::make_shared<std::vector<std::int64_t>>(n + 1, 0);
    auto chars = std::make_shared<std::string>();
    std::uint8_t* validity = nullptr;
    auto* const* items = static_cast<PyObject* const*>(a.data());
    for (std::size_t i = 0; i < n; ++i) {
        PyObject* o = items[i];
        if (is_missing_object(o)) {
            if (!validity) validity = new_bitmap(t, n);
            clear_bit(validity, i);
        } else if (PyUnicode_Check(o)) {
            Py_ssize_t size = 0;
            const char* s = PyUnicode_AsUTF8AndSize(o, &size);
            if (!s) {
                PyErr_Clear();
                throw bad(name, "text that is not valid Unicode", static_cast<std::int64_t>(i));
            }
            chars->append(s, static_cast<std::size_t>(size));
        } else {
            throw bad(name, std::string("a value of type ") + Py_TYPE(o)->tp_name + " where text is expected",
                      static_cast<std::int64_t>(i));
        }
        (*offsets)[i + 1] = static_cast<std::int64_t>(chars->size());
    }
    Column c;
    c.name = name;
    c.type = ColumnType::large_utf8;
    c.length = static_cast<std::int64_t>(n);
    c.validity = validity;
    c.data = offsets->data();
    c.chars = chars->data();
    t.keep(offsets);
    t.keep(chars);
    return c;
}

Column numpy_column(const std::string& name, py::array a, Table& t) {
    if (a.ndim() != 1) throw bad(name, "must be one-dimensional, has " + std::to_string(a.ndim()) + " dimensions");
    const char kind = a.dtype().kind();
    const auto size = a.dtype().itemsize();
    const auto as = [&](const char* dtype) { return py::array(a.attr("astype")(dtype)); };
    if (kind == 'U') a = as("object");
    if ((kind == 'i' && size == 2) || (kind == 'u' && (size == 2 || size == 4))) a = as("int64");
    if (kind == 'u' && size == 8) throw bad(name, "uint64 values are not read; give int64");
    if (kind == 'f' && size != 8) a = as("float64");
    std::string unit;
    if (kind == 'M') {
        const std::string text = py::str(a.dtype());  // datetime64[ns]
        unit = text.substr(text.find('[') + 1, text.find(']') - text.find('[') - 1);
        if (!ticks_per_day(unit)) a = as("datetime64[s]"), unit = "s";
    }
    if (!(a.flags() & py::array::c_style)) a = py::array::ensure(a, py::array::c_style);
    Column c;
    c.name = name;
    c.length = a.size();
    switch (a.dtype().kind()) {
        case 'b': c.type = ColumnType::uint8; break;  // numpy bools are bytes: 0/1
        case 'i':
            c.type = a.dtype().itemsize() == 1 ? ColumnType::int8
                   : a.dtype().itemsize() == 4 ? ColumnType::int32
                                               : ColumnType::int64;
            break;
        case 'u': c.type = ColumnType::uint8; break;
        case 'f': c.type = ColumnType::float64; break;
        case 'M': c.type = ColumnType::timestamp, c.ticks_per_day = ticks_per_day(unit); break;
        case 'O': return text_column(name, a, t);
        default: throw bad(name, "numpy dtype '" + std::string(py::str(a.dtype())) + "' is not read");
    }
    c.data = a.data();
    if (c.type == ColumnType::timestamp) {  // NaT is missing
        const auto* v = static_cast<const std::int64_t*>(c.data);
        std::uint8_t* validity = nullptr;
        for (std::size_t i = 0; i < c.size(); ++i)
            if (v[i] == std::numeric_limits<std::int64_t>::min()) {
                if (!validity) validity = new_bitmap(t, c.size());
                clear_bit(validity, i);
            }
        c.validity = validity;
    }
    keep_python(t, a);
    return c;
}

// Text as int32 codes into labels (pandas.factorize, categoricals): code -1 is a missing cell.
Column dictionary_column(const std::string& name, const py::handle& codes_in, const py::handle& labels_in, Table& t) {
    const auto codes = py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>::ensure(codes_in);
    if (!codes || codes.ndim() != 1) throw bad(name, "dictionary codes must be a one-dimensional integer array");
    const py::array labels = py::array::ensure(labels_in, py::array::c_style);  // text_column reads it in place
    if (!labels || labels.ndim() != 1 || labels.dtype().kind() != 'O')
        throw bad(name, "dictionary labels must be a one-dimensional object array of text");
    Column values = text_column(name, labels, t);
    Column c;
    c.name = name;
    c.type = ColumnType::int32;
    c.length = codes.size();
    c.data = codes.data();
    std::uint8_t* validity = nullptr;
    for (std::size_t i = 0; i < c.size(); ++i) {
        const std::int32_t k = codes.data()[i];
        if (k == -1) {
            if (!validity) validity = new_bitmap(t, c.size());
            clear_bit(validity, i);
        } else if (k < 0 || k >= values.length) {
            throw bad(name, "dictionary code out of range", static_cast<std::int64_t>(i));
        }
    }
    c.validity = validity;
    c.dictionary = std::make_shared<Column>(std::move(values));
    keep_python(t, codes);
    return c;
}

// An owned ArrowSchema/ArrowArray pair read from a stream, released with the table.
struct StreamChunk {
    ArrowSchema schema{};
    ArrowArray array{};
    ~StreamChunk() {
        if (array.release) array.release(&array);
        if (schema.release) schema.release(&schema);
    }
};

template <class T>
T* capsule_pointer(const py::handle& capsule, const char* name, const std::string& column) {
    void* p = PyCapsule_GetPointer(capsule.ptr(), name);
    if (!p) {
        PyErr_Clear();
        throw bad(column, std::string("the Arrow export is not a PyCapsule named '") + name + "'");
    }
    return static_cast<T*>(p);
}

Column arrow_column(const std::string& name, const py::object& o, Table& t) {
    if (py::hasattr(o, "__arrow_c_array__")) {
        const py::tuple pair = o.attr("__arrow_c_array__")();
        const auto* schema = capsule_pointer<ArrowSchema>(pair[0], "arrow_schema", name);
        const auto* array = capsule_pointer<ArrowArray>(pair[1], "arrow_array", name);
        Column c = Column::from_arrow(*schema, *array, name);
        keep_python(t, pair);  // the capsules release the array when the table lets them go
        return c;
    }
    const py::object capsule = o.attr("__arrow_c_stream__")();
    auto* stream = capsule_pointer<ArrowArrayStream>(capsule, "arrow_array_stream", name);
    auto chunk = std::make_shared<StreamChunk>();
    if (stream->get_schema(stream, &chunk->schema) != 0) throw bad(name, "the Arrow stream gave no schema");
    for (;;) {
        ArrowArray next{};
        if (stream->get_next(stream, &next) != 0) throw bad(name, "the Arrow stream failed");
        if (!next.release) break;  // end of stream
        if (next.length == 0) {
            next.release(&next);
            continue;
        }
        if (chunk->array.release) {
            next.release(&next);
            throw bad(name, "comes in several chunks; give one (polars: rechunk(), pyarrow: combine_chunks())");
        }
        chunk->array = next;
    }
    if (!chunk->array.release) throw bad(name, "the Arrow stream holds no values");
    Column c = Column::from_arrow(chunk->schema, chunk->array, name);
    t.keep(chunk);
    return c;
}

}  // namespace

Table to_table(const py::dict& columns, std::int64_t rows) {
    Table t(rows);
    for (const auto& [key, value] : columns) {
        const std::string name = py::str(key);
        const py::object o = py::reinterpret_borrow<py::object>(value);
        if (py::hasattr(o, "__arrow_c_array__") || py::hasattr(o, "__arrow_c_stream__")) {
            t.add(arrow_column(name, o, t));
            continue;
        }
        if (py::isinstance<py::tuple>(o) && py::len(o) == 3) {  // ("codes", codes, labels): dictionary-encoded text
            const auto triple = o.cast<py::tuple>();
            if (!py::isinstance<py::str>(triple[0]) || triple[0].cast<std::string>() != "codes")
                throw bad(name, "a triple must be ('codes', codes, labels)");
            t.add(dictionary_column(name, triple[1], triple[2], t));
            continue;
        }
        if (py::isinstance<py::tuple>(o)) {  // (values, missing)
            const auto pair = o.cast<py::tuple>();
            if (pair.size() != 2) throw bad(name, "a pair (values, missing) is expected");
            Column c = numpy_column(name, py::array::ensure(pair[0]), t);
            const auto missing = py::array_t<bool, py::array::c_style | py::array::forcecast>::ensure(pair[1]);
            if (!missing || missing.ndim() != 1 || missing.size() != c.length)
                throw bad(name, "the missing mask must be a bool array as long as the values");
            if (c.dictionary || c.is_text()) throw bad(name, "text columns mark missing cells with None");
            const bool* gone = missing.data();
            const std::size_t n = c.size();
            if (std::find(gone, gone + n, true) != gone + n) {
                std::uint8_t* validity = const_cast<std::uint8_t*>(c.validity);  // ours when set: made above
                if (!validity) validity = new_bitmap(t, n);
                clear_missing(validity, gone, n);
                c.validity = validity;
            }
            t.add(std::move(c));
            continue;
        }
        const py::array a = py::array::ensure(o);
        if (!a) throw bad(name, std::string("a value of type ") + Py_TYPE(o.ptr())->tp_name + " is not a column");
        t.add(numpy_column(name, a, t));
    }
    return t;
}
