#include "columns.hpp"

#include <pybind11/numpy.h>

#include <algorithm>
#include <anjian/parallel.hpp>
#include <array>
#include <cstring>
#include <exception>
#include <limits>
#include <optional>
#include <thread>
#include <type_traits>
#include <variant>
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

// Whole numbers in ascending order coded by their runs: the codes into `code` (n of them), each run's value
// into `labels`; false when a value is below the one before it. No Python object is touched, so that
// factorize_columns can run it beside the coding of texts.
template <typename T>
bool code_runs_into(const T* v, std::size_t n, std::int32_t* code, std::vector<T>& labels) {
    // The runs counted and the order checked first (a pass without branches), so that the labels are made
    // at their size and written once: grown as they went, their memory was copied and faulted in anew (on
    // these machines a fresh page costs more than reading the column).
    std::size_t runs = n > 0;
    bool descending = false;
    for (std::size_t i = 1; i < n; ++i) runs += v[i] != v[i - 1], descending |= v[i] < v[i - 1];
    if (descending) return false;
    labels.resize(runs);
    T* label = labels.data();
    // Without a branch at each value: a run of values of random lengths missed one at every run. The
    // label is stored at every value of its run, the same value again.
    std::int32_t run = -1;
    for (std::size_t i = 0; i < n; ++i) {
        run += i == 0 || v[i] != v[i - 1];
        label[run] = v[i];
        code[i] = run;
    }
    return true;
}

// The runs of one column (code_runs_into) in three steps: made ready holding the GIL (its values
// contiguous, a copy only when strided, and its codes' array made), run touching no Python object (on
// another thread, if need be), and its result made, holding the GIL again.
class RunCoder {
public:
    // Empty unless `values` are 1-d int32 or int64 (fewer than 2^31).
    static std::optional<RunCoder> of(const py::array& values) {
        if (values.ndim() != 1 || values.size() >= (py::ssize_t{1} << 31)) return std::nullopt;
        if (values.dtype().is(py::dtype::of<std::int64_t>()))
            return RunCoder(py::array_t<std::int64_t, py::array::c_style>::ensure(values), Wide{});
        if (values.dtype().is(py::dtype::of<std::int32_t>()))
            return RunCoder(py::array_t<std::int32_t, py::array::c_style>::ensure(values), Narrow{});
        return std::nullopt;
    }
    void run() {
        std::visit(
            [&](auto& labels) {
                using T = typename std::decay_t<decltype(labels)>::value_type;
                ordered_ = code_runs_into(static_cast<const T*>(data_), n_, code_, labels);
            },
            labels_);
    }
    // (int32 codes, the distinct values in their dtype), or None when out of order.
    py::object result() {
        if (!ordered_) return py::none();
        return std::visit(
            [&](auto& labels) -> py::object { return py::make_tuple(codes_, to_numpy(std::move(labels))); }, labels_);
    }

private:
    using Wide = std::vector<std::int64_t>;
    using Narrow = std::vector<std::int32_t>;
    RunCoder(py::array values, std::variant<Wide, Narrow> labels)
        : values_(std::move(values)),
          codes_(values_.size()),
          labels_(std::move(labels)),
          data_(values_.data()),
          code_(codes_.mutable_data()),
          n_(static_cast<std::size_t>(values_.size())) {}
    py::array values_;
    py::array_t<std::int32_t> codes_;
    std::variant<Wide, Narrow> labels_;
    // What run() reads and writes, taken from the arrays here, holding the GIL.
    const void* data_;
    std::int32_t* code_;
    std::size_t n_;
    bool ordered_ = false;
};

}  // namespace

pybind11::list factorize_columns(const std::vector<pybind11::array>& columns) {
    std::vector<std::optional<RunCoder>> runs;
    bool texts = false;
    for (const py::array& c : columns) {
        const bool text = c.dtype().kind() == 'O';
        texts |= text;
        runs.push_back(text ? std::nullopt : RunCoder::of(c));
    }
    const auto run_all = [&runs] {
        for (auto& r : runs)
            if (r) r->run();
    };
    // The runs on a thread of their own while the texts are coded here, holding the GIL as that must: the
    // runs touch no Python object, and no other Python code runs meanwhile, as this thread holds the GIL.
    std::exception_ptr failed;
    std::thread worker;
    struct Join {  // the worker joined however this ends (an error coding a text, say)
        std::thread& t;
        ~Join() {
            if (t.joinable()) t.join();
        }
    } join{worker};
    if (texts && std::any_of(runs.begin(), runs.end(), [](const auto& r) { return r.has_value(); }))
        worker = std::thread([&] {
            try {
                run_all();
            } catch (...) {
                failed = std::current_exception();
            }
        });
    else
        run_all();
    py::list out;
    for (const py::array& c : columns) out.append(c.dtype().kind() == 'O' ? factorize_text(c) : py::none());
    if (worker.joinable()) worker.join();
    if (failed) std::rethrow_exception(failed);
    for (std::size_t k = 0; k < columns.size(); ++k)
        if (runs[k]) out[k] = runs[k]->result();
    return out;
}

namespace {

// `count` more references to o at once (the cells of a column that now hold it).
void add_references_to(PyObject* o, py::ssize_t count) {
#if defined(Py_GIL_DISABLED)  // reference counts split between threads: one increment at a time
    for (py::ssize_t k = 0; k < count; ++k) Py_INCREF(o);
#else
    Py_SET_REFCNT(o, Py_REFCNT(o) + count);  // left as it is for an immortal object (Python 3.12 on)
#endif
}

// One pair of take_object_rows as its work reads it, taken holding the GIL: the work then touches no Python
// object (the references are added afterwards, holding it again), so the pairs can be taken on threads.
struct Take {
    py::array codes;  // contiguous: a copy when strided
    PyObject* const* from;
    py::ssize_t values;
    PyObject** to;
    std::vector<py::ssize_t> count;  // per value: the cells given it
    bool out_of_range = false;       // a code out of range: no cell written

    // to[i] = from[codes[i]] with each value's cells counted, its references to be added once by its count
    // rather than cell by cell; every code checked before any cell is written.
    template <typename Code>
    void cells(py::ssize_t n) {
        const auto* code = static_cast<const Code*>(codes.data());
        if (values == 1) {  // one value for every cell (the one standard of a batch, say): nothing to count
            Code any = 0;
            for (py::ssize_t i = 0; i < n; ++i) any |= code[i];
            if ((out_of_range = any != 0)) return;
            std::fill(to, to + n, from[0]);
            count.assign(1, n);
            return;
        }
        count.assign(static_cast<std::size_t>(values), 0);
        for (py::ssize_t i = 0; i < n; ++i) {
            if (code[i] < 0 || static_cast<py::ssize_t>(code[i]) >= values) {
                out_of_range = true;
                return;
            }
            ++count[static_cast<std::size_t>(code[i])];
        }
        for (py::ssize_t i = 0; i < n; ++i) to[i] = from[code[i]];
    }
    void cells(py::ssize_t n) {
        switch (codes.dtype().itemsize()) {  // the type was checked when the pair was read
            case 1: return cells<std::int8_t>(n);
            case 2: return cells<std::int16_t>(n);
            case 4: return cells<std::int32_t>(n);
            default: return cells<std::int64_t>(n);
        }
    }
    void add_references() const {
        for (std::size_t v = 0; v < count.size(); ++v)
            if (count[v]) add_references_to(from[v], count[v]);
    }
};

bool contiguous_objects(const py::array& a) {
    return a.ndim() == 1 && a.dtype().kind() == 'O' && (a.flags() & py::array::c_style);
}

// Codes as the cells read them: int8, int16, int32 or int64, contiguous.
py::array read_codes(const py::array& codes) {
    const auto kind = codes.dtype();
    if (kind.is(py::dtype::of<std::int8_t>())) return py::array_t<std::int8_t, py::array::c_style>::ensure(codes);
    if (kind.is(py::dtype::of<std::int16_t>())) return py::array_t<std::int16_t, py::array::c_style>::ensure(codes);
    if (kind.is(py::dtype::of<std::int32_t>())) return py::array_t<std::int32_t, py::array::c_style>::ensure(codes);
    if (kind.is(py::dtype::of<std::int64_t>())) return py::array_t<std::int64_t, py::array::c_style>::ensure(codes);
    throw py::type_error("take_object_rows: codes must be int8, int16, int32 or int64");
}

// Cells from which take_object_rows takes its pairs on every core: from Python, five columns as a 重大事故隐患
// batch's, best of 9 x 30 calls in three rounds: either way at 262,145 cells (280-376 us against 259-461),
// faster at 425,000 (373-575 against 427-749; on these machines a second thread adds 50-150 us to the
// smallest batches of the crossover benchmarks).
constexpr std::size_t take_threads_from = std::size_t{1} << 18;

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
    std::vector<Take> pairs;
    for (std::size_t k = 0; k < columns.size(); ++k) {
        const py::array& values = columns[k].first;
        pairs.push_back({read_codes(columns[k].second), static_cast<PyObject* const*>(values.data()), values.size(),
                         cells + static_cast<py::ssize_t>(k) * n, {}, false});
    }
    // Holding the GIL throughout: the threads touch no Python object, and no Python code runs meanwhile.
    anjian::parallel_tasks(pairs.size(), anjian::threads_from(pairs.size() * static_cast<std::size_t>(n),
                                                              take_threads_from),
                           [&](std::size_t k) { pairs[k].cells(n); });
    bool out_of_range = false;
    for (const Take& pair : pairs) {
        if (!pair.out_of_range) pair.add_references();  // the cells out holds: released with it on an error
        out_of_range |= pair.out_of_range;
    }
    if (out_of_range) throw py::index_error("take_object_rows: code out of range");
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
