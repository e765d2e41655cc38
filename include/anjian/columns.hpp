#pragma once
// The one column type every batch kernel takes: a read-only view of one Arrow array (name, type,
// values, validity bitmap), and a Table of equally long columns. The layout is the Arrow C data
// interface, so a column from pyarrow, polars or another language is read where it lies; numpy
// arrays are viewed the same way by the Python binding. A missing cell is a cleared validity bit,
// never a sentinel value.

#include <anjian/arrow_c_data.h>

#include <anjian/error.hpp>
#include <anjian/period.hpp>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace anjian {

enum class ColumnType : std::uint8_t {
    boolean, int8, uint8, int32, uint32, int64, float64, date32, timestamp, utf8, large_utf8, utf8_view
};

inline const char* to_string(ColumnType t) {
    switch (t) {
        case ColumnType::boolean: return "boolean";
        case ColumnType::int8: return "int8";
        case ColumnType::uint8: return "uint8";
        case ColumnType::int32: return "int32";
        case ColumnType::uint32: return "uint32";
        case ColumnType::int64: return "int64";
        case ColumnType::float64: return "float64";
        case ColumnType::date32: return "date32";
        case ColumnType::timestamp: return "timestamp";
        case ColumnType::utf8: return "utf8";
        case ColumnType::large_utf8: return "large_utf8";
        case ColumnType::utf8_view: return "utf8_view";
    }
    return "?";
}

// Per byte of a validity bitmap, what to OR into the bits of its 8 doubles: a NaN's where a bit is clear.
inline constexpr auto nan_where_clear = [] {
    std::array<std::array<std::uint64_t, 8>, 256> table{};
    for (unsigned byte = 0; byte < 256; ++byte)
        for (unsigned b = 0; b < 8; ++b) table[byte][b] = (byte >> b) & 1 ? 0 : 0x7FF8'0000'0000'0000;
    return table;
}();

struct Column {
    std::string name;
    ColumnType type = ColumnType::int64;
    std::int64_t length = 0;
    std::int64_t offset = 0;                 // element i lives at position offset + i of the buffers
    const std::uint8_t* validity = nullptr;  // Arrow bitmap, least significant bit first; null = all valid
    const void* data = nullptr;              // values; a bitmap for boolean; the offsets for text
    const char* chars = nullptr;             // the bytes of a text column
    const void* const* view_data = nullptr;  // utf8_view: the variadic buffers the 16-byte views point into
    std::int64_t ticks_per_day = 0;          // timestamp: 86'400 (s) ... 86'400'000'000'000 (ns), 1 (days)
    std::shared_ptr<const Column> dictionary;  // dictionary-encoded: the values the integer codes index

    std::size_t size() const { return static_cast<std::size_t>(length); }
    bool valid(std::size_t i) const { return !validity || bit(validity, offset + static_cast<std::int64_t>(i)); }
    bool is_text() const {
        return type == ColumnType::utf8 || type == ColumnType::large_utf8 || type == ColumnType::utf8_view ||
               dictionary;
    }
    bool is_date() const { return type == ColumnType::date32 || type == ColumnType::timestamp; }

    template <class T>
    const T* values() const {
        return static_cast<const T*>(data) + offset;
    }

    // The cell as a whole number (boolean 0/1, any integer type); the caller checked valid(i).
    std::int64_t integer(std::size_t i) const {
        const auto k = offset + static_cast<std::int64_t>(i);
        switch (type) {
            case ColumnType::boolean: return bit(static_cast<const std::uint8_t*>(data), k) ? 1 : 0;
            case ColumnType::int8: return static_cast<const std::int8_t*>(data)[k];
            case ColumnType::uint8: return static_cast<const std::uint8_t*>(data)[k];
            case ColumnType::int32:
            case ColumnType::date32: return static_cast<const std::int32_t*>(data)[k];
            case ColumnType::uint32: return static_cast<const std::uint32_t*>(data)[k];
            case ColumnType::int64:
            case ColumnType::timestamp: return static_cast<const std::int64_t*>(data)[k];
            default: throw error("column '" + name + "' holds " + to_string(type) + ", not whole numbers");
        }
    }
    // The cell as a number; NaN where it is missing.
    double number(std::size_t i) const {
        if (!valid(i)) return std::nan("");
        if (type == ColumnType::float64) return values<double>()[i];
        return static_cast<double>(integer(i));
    }
    // Days since 1970-01-01 of a date or timestamp cell (floor for times before 1970).
    std::int64_t day(std::size_t i) const {
        const std::int64_t v = integer(i);
        if (type == ColumnType::date32) return v;
        return floor_days(v, ticks_per_day);
    }
    // The text of a cell ("" where missing).
    std::string_view text(std::size_t i) const {
        if (!valid(i)) return {};
        if (dictionary) return dictionary->text(static_cast<std::size_t>(integer(i)));
        const auto k = offset + static_cast<std::int64_t>(i);
        std::int64_t lo = 0, hi = 0;
        if (type == ColumnType::utf8) {
            lo = static_cast<const std::int32_t*>(data)[k], hi = static_cast<const std::int32_t*>(data)[k + 1];
        } else if (type == ColumnType::large_utf8) {
            lo = static_cast<const std::int64_t*>(data)[k], hi = static_cast<const std::int64_t*>(data)[k + 1];
        } else if (type == ColumnType::utf8_view) {  // length, then 12 bytes inline or (prefix, buffer, offset)
            const char* view = static_cast<const char*>(data) + 16 * k;
            std::int32_t size = 0, buffer = 0, at = 0;
            std::memcpy(&size, view, 4);
            if (size <= 12) return {view + 4, static_cast<std::size_t>(size)};
            std::memcpy(&buffer, view + 8, 4), std::memcpy(&at, view + 12, 4);
            return {static_cast<const char*>(view_data[buffer]) + at, static_cast<std::size_t>(size)};
        } else {
            throw error("column '" + name + "' holds " + to_string(type) + ", not text");
        }
        return {chars + lo, static_cast<std::size_t>(hi - lo)};
    }
    // Cells lo..hi as int64 (dates as their day number, missing cells as `missing`): where they lie
    // when stored so, otherwise written to `buffer` (hi - lo long) in one loop per stored type, so a
    // kernel reading a block at a time pays a widening copy that stays in cache.
    const std::int64_t* int64s(std::size_t lo, std::size_t hi, std::int64_t* buffer, std::int64_t missing) const {
        if (int64_in_place()) return values<std::int64_t>() + lo;
        const std::size_t n = hi - lo;
        const auto widen = [&](const auto* v) {
            for (std::size_t i = 0; i < n; ++i) buffer[i] = static_cast<std::int64_t>(v[lo + i]);
        };
        const auto days = [&](auto per_day) {
            const std::int64_t* v = values<std::int64_t>() + lo;
            for (std::size_t i = 0; i < n; ++i) buffer[i] = floor_days(v[i], per_day);
        };
        if (type == ColumnType::timestamp)
            with_ticks_per_day(ticks_per_day, days);
        else if (!with_stored_integers(widen))
            for (std::size_t i = 0; i < n; ++i) buffer[i] = valid(lo + i) ? integer(lo + i) : missing;
        if (validity)
            for (std::size_t i = 0; i < n; ++i)
                if (!valid(lo + i)) buffer[i] = missing;
        return buffer;
    }
    // Cells lo..hi as number(i) gives them (NaN where missing), written to `out` (hi - lo long) in one
    // loop per stored type; with `days`, a date as its day number (as day(i)) rather than its ticks.
    void numbers(std::size_t lo, std::size_t hi, double* out, bool days = false) const {
        const std::size_t n = hi - lo;
        const auto widen = [&](const auto* v) {
            for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<double>(v[lo + i]);
        };
        if (type == ColumnType::float64) {
            std::copy_n(values<double>() + lo, n, out);
        } else if (type == ColumnType::timestamp && days) {
            with_ticks_per_day(ticks_per_day, [&](auto per_day) {
                const std::int64_t* v = values<std::int64_t>() + lo;
                for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<double>(floor_days(v[i], per_day));
            });
        } else if (!with_stored_integers(widen)) {  // a boolean bitmap; text throws as integer() does
            for (std::size_t i = 0; i < n; ++i) out[i] = valid(lo + i) ? static_cast<double>(integer(lo + i)) : 0;
        }
        if (!validity) return;
        constexpr double none = std::numeric_limits<double>::quiet_NaN();
        std::size_t i = 0;
        for (; i < n && (offset + static_cast<std::int64_t>(lo + i)) % 8; ++i)
            if (!valid(lo + i)) out[i] = none;
        for (; i + 8 <= n; i += 8) {  // a byte of the bitmap at a time, without a branch: a cleared bit ORs in NaN
            const auto& nan = nan_where_clear[validity[(offset + static_cast<std::int64_t>(lo + i)) / 8]];
            std::uint64_t bits[8];
            std::memcpy(bits, out + i, sizeof bits);
            for (unsigned b = 0; b < 8; ++b) bits[b] |= nan[b];
            std::memcpy(out + i, bits, sizeof bits);
        }
        for (; i < n; ++i)
            if (!valid(lo + i)) out[i] = none;
    }
    // The whole column so, copied into `scratch` when it must be.
    const std::int64_t* int64s(std::vector<std::int64_t>& scratch, std::int64_t missing) const {
        if (int64_in_place()) return values<std::int64_t>();
        scratch.resize(size());
        return int64s(0, size(), scratch.data(), missing);
    }
    // Whole numbers that index something of `count` entries (unit codes) as int32: in place when
    // stored so without missing cells, else copied with -1 where missing or outside 0..count-1.
    const std::int32_t* codes(std::vector<std::int32_t>& scratch, std::int64_t count) const {
        if (type == ColumnType::int32 && !validity) return values<std::int32_t>();
        std::vector<std::int64_t> wide;
        const std::int64_t* v = int64s(wide, -1);
        scratch.resize(size());
        for (std::size_t i = 0; i < size(); ++i)
            scratch[i] = v[i] >= 0 && v[i] < count ? static_cast<std::int32_t>(v[i]) : -1;
        return scratch.data();
    }
    // Calls f with the values as the integers they are stored as (a date32's days, a timestamp's ticks);
    // false, f not called, for a type stored otherwise (float64, a boolean bitmap, text).
    template <class F>
    bool with_stored_integers(F&& f) const {
        switch (type) {
            case ColumnType::int8: f(values<std::int8_t>()); return true;
            case ColumnType::uint8: f(values<std::uint8_t>()); return true;
            case ColumnType::int32:
            case ColumnType::date32: f(values<std::int32_t>()); return true;
            case ColumnType::uint32: f(values<std::uint32_t>()); return true;
            case ColumnType::int64:
            case ColumnType::timestamp: f(values<std::int64_t>()); return true;
            default: return false;
        }
    }
    bool int64_in_place() const {
        return (type == ColumnType::int64 || (type == ColumnType::timestamp && ticks_per_day == 1)) && !validity;
    }

    // A numeric column as int64 or float64 (one pointer set), read where it lies when it is either
    // without missing cells; otherwise copied into a scratch vector, missing cells as NaN.
    void as_values(std::vector<std::int64_t>& ints, std::vector<double>& reals, const std::int64_t*& i64,
                   const double*& f64) const {
        i64 = nullptr, f64 = nullptr;
        if (type == ColumnType::float64 && !validity) {
            f64 = values<double>();
        } else if (!validity) {
            i64 = int64s(ints, 0);
        } else {
            reals.resize(size());
            numbers(0, size(), reals.data());
            f64 = reals.data();
        }
    }


    // The column of an exported Arrow array: format and buffers checked, the name taken from the
    // schema unless given. The view borrows the array's buffers: keep the array alive while it is used.
    static Column from_arrow(const ArrowSchema& schema, const ArrowArray& array, std::string name = {});

    static bool bit(const std::uint8_t* bits, std::int64_t k) { return (bits[k >> 3] >> (k & 7)) & 1; }
    // Bits k .. k + n - 1 (n at most 64) of a bitmap as one word, bit b of it bit k + b: only the bytes
    // they lie in are read (a bitmap ends where its last bit does).
    static std::uint64_t bits_at(const std::uint8_t* bits, std::int64_t k, std::size_t n) {
        if (n == 0) return 0;
        const std::int64_t first = k >> 3, last = (k + static_cast<std::int64_t>(n) - 1) >> 3;
        std::uint64_t low = 0, high = 0;  // bytes first .. first + 7, then the ninth when the run spans it
        for (std::int64_t i = 0; i <= std::min<std::int64_t>(last - first, 7); ++i)
            low |= std::uint64_t{bits[first + i]} << (8 * i);
        if (last - first == 8) high = bits[first + 8];
        const unsigned shift = static_cast<unsigned>(k & 7);
        std::uint64_t word = low >> shift;
        if (shift) word |= high << (64 - shift);
        return n == 64 ? word : word & ((std::uint64_t{1} << n) - 1);
    }
    // valid(lo + b) for b < n (at most 64), as bits.
    std::uint64_t valid_bits(std::size_t lo, std::size_t n) const {
        if (validity) return bits_at(validity, offset + static_cast<std::int64_t>(lo), n);
        return n == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
    }
};

// A column (or none) read as int64 one block of rows at a time (Column::int64s): kernels that loop
// over rows read any stored type this way, at the speed of a plain array.
class Int64Blocks {
public:
    static constexpr std::size_t block = 256;  // a few of these stay in L1 together

    Int64Blocks(const Column* column, std::int64_t missing) : column_(column), missing_(missing) {}
    // Rows lo..hi (at most `block` of them) as int64, indexed from 0; nullptr without a column.
    const std::int64_t* load(std::size_t lo, std::size_t hi) {
        return column_ ? column_->int64s(lo, hi, buffer_, missing_) : nullptr;
    }

private:
    const Column* column_;
    std::int64_t missing_;
    std::int64_t buffer_[block];
};

// Equally long named columns, and whatever owns the buffers they view (converted or imported arrays).
class Table {
public:
    explicit Table(std::int64_t rows = 0) : rows_(rows) {}

    std::int64_t rows() const { return rows_; }
    std::size_t size() const { return static_cast<std::size_t>(rows_); }
    const std::vector<Column>& columns() const { return columns_; }

    void add(Column c) {
        if (c.length != rows_)
            throw input_error("has " + std::to_string(c.length) + " rows where the table has " +
                                  std::to_string(rows_),
                              at(c.name));
        if (find(c.name)) throw input_error("column given twice", at(c.name));
        columns_.push_back(std::move(c));
    }
    // Something the columns' buffers live in, released with the table.
    void keep(std::shared_ptr<const void> owner) { owners_.push_back(std::move(owner)); }

    // Columns made from C++ vectors, owned by the table (what a C++ caller or a test builds by hand).
    // `missing` marks empty cells; empty means none is.
    template <class T>
    Table& own(std::string name, std::vector<T> values, const std::vector<bool>& missing = {}) {
        auto held = std::make_shared<std::vector<T>>(std::move(values));
        Column c;
        c.name = std::move(name);
        c.type = type_of<T>();
        c.length = static_cast<std::int64_t>(held->size());
        c.data = held->data();
        c.validity = bitmap(missing);
        keep(held);
        add(std::move(c));
        return *this;
    }
    Table& own_dates(std::string name, const std::vector<date>& days) {
        std::vector<std::int32_t> values(days.size());
        std::vector<bool> missing(days.size());
        for (std::size_t i = 0; i < days.size(); ++i) {
            missing[i] = days[i].is_special();
            values[i] = missing[i] ? 0 : static_cast<std::int32_t>(day_number(days[i]));
        }
        return own_day_numbers(std::move(name), std::move(values), missing);
    }
    // Dates as day numbers (days since 1970-01-01, Arrow's date32).
    Table& own_day_numbers(std::string name, std::vector<std::int32_t> days, const std::vector<bool>& missing = {}) {
        own(std::move(name), std::move(days), missing);
        columns_.back().type = ColumnType::date32;
        return *this;
    }
    // Flags, stored as Arrow stores them: one bit per row.
    Table& own_flags(std::string name, const std::vector<bool>& flags, const std::vector<bool>& missing = {}) {
        auto bits = std::make_shared<std::vector<std::uint8_t>>((flags.size() + 7) / 8, 0);
        for (std::size_t i = 0; i < flags.size(); ++i)
            if (flags[i]) (*bits)[i >> 3] = static_cast<std::uint8_t>((*bits)[i >> 3] | (1u << (i & 7)));
        Column c;
        c.name = std::move(name);
        c.type = ColumnType::boolean;
        c.length = static_cast<std::int64_t>(flags.size());
        c.data = bits->data();
        c.validity = bitmap(missing);
        keep(bits);
        add(std::move(c));
        return *this;
    }
    Table& own_texts(std::string name, const std::vector<std::string>& texts, const std::vector<bool>& missing = {}) {
        auto offsets = std::make_shared<std::vector<std::int64_t>>(1, 0);
        auto chars = std::make_shared<std::string>();
        for (const auto& s : texts) chars->append(s), offsets->push_back(static_cast<std::int64_t>(chars->size()));
        Column c;
        c.name = std::move(name);
        c.type = ColumnType::large_utf8;
        c.length = static_cast<std::int64_t>(texts.size());
        c.data = offsets->data();
        c.chars = chars->data();
        c.validity = bitmap(missing);
        keep(offsets), keep(chars);
        add(std::move(c));
        return *this;
    }

    const Column* find(std::string_view name) const {
        for (const auto& c : columns_)
            if (c.name == name) return &c;
        return nullptr;
    }
    const Column& operator[](std::string_view name) const {
        if (const Column* c = find(name)) return *c;
        std::string have;
        for (const auto& c : columns_) have += (have.empty() ? "" : ", ") + c.name;
        throw input_error("no column '" + std::string(name) + "' (has: " + have + ")");
    }
    // The column, which must be of one of `types` (what it should hold named in the error).
    const Column& get(std::string_view name, std::initializer_list<ColumnType> types, const char* what) const {
        const Column& c = (*this)[name];
        for (const auto t : types)
            if (c.type == t && !c.dictionary) return c;
        throw input_error(std::string("must hold ") + what + ", not " + to_string(c.type), at(c.name));
    }
    const Column& dates(std::string_view name) const {
        return get(name, {ColumnType::date32, ColumnType::timestamp}, "dates");
    }
    const Column& numbers(std::string_view name) const {
        return get(name,
                   {ColumnType::boolean, ColumnType::int8, ColumnType::uint8, ColumnType::int32, ColumnType::uint32,
                    ColumnType::int64, ColumnType::float64},
                   "numbers");
    }
    const Column& integers(std::string_view name) const {
        return get(name,
                   {ColumnType::boolean, ColumnType::int8, ColumnType::uint8, ColumnType::int32, ColumnType::uint32,
                    ColumnType::int64},
                   "whole numbers");
    }
    const Column& texts(std::string_view name) const {
        const Column& c = (*this)[name];
        if (c.is_text()) return c;
        throw input_error(std::string("must hold text, not ") + to_string(c.type), at(c.name));
    }

    static Location at(const std::string& column, std::int64_t row = -1) {
        Location where;
        where.field = column;
        where.row = row;
        return where;
    }

private:
    template <class T>
    static constexpr ColumnType type_of() {
        if constexpr (std::is_same_v<T, std::int8_t>) return ColumnType::int8;
        else if constexpr (std::is_same_v<T, std::uint8_t>) return ColumnType::uint8;
        else if constexpr (std::is_same_v<T, std::int32_t>) return ColumnType::int32;
        else if constexpr (std::is_same_v<T, std::int64_t>) return ColumnType::int64;
        else {
            static_assert(std::is_same_v<T, double>, "int8, uint8, int32, int64 or double");
            return ColumnType::float64;
        }
    }
    const std::uint8_t* bitmap(const std::vector<bool>& missing) {
        if (missing.empty()) return nullptr;
        if (missing.size() != size()) throw error("the missing mask differs in length from the table");
        auto bits = std::make_shared<std::vector<std::uint8_t>>((missing.size() + 7) / 8, std::uint8_t{0xFF});
        for (std::size_t i = 0; i < missing.size(); ++i)
            if (missing[i]) (*bits)[i >> 3] = static_cast<std::uint8_t>((*bits)[i >> 3] & ~(1u << (i & 7)));
        keep(bits);
        return bits->data();
    }

    std::int64_t rows_;
    std::vector<Column> columns_;
    std::vector<std::shared_ptr<const void>> owners_;
};

// Text cells coded in order of first appearance: codes (-1 where missing) and the distinct texts.
struct Coded {
    std::vector<std::int32_t> codes;
    std::vector<std::string> labels;
};
inline Coded encode(const Column& c) {
    Coded out;
    out.codes.resize(c.size());
    if (c.dictionary) {  // already coded: one code per distinct label (an Arrow dictionary may repeat one)
        std::vector<std::int32_t> remap(c.dictionary->size());
        std::unordered_map<std::string_view, std::int32_t> code;
        for (std::size_t k = 0; k < remap.size(); ++k) {
            const auto [it, fresh] =
                code.try_emplace(c.dictionary->text(k), static_cast<std::int32_t>(out.labels.size()));
            if (fresh) out.labels.emplace_back(c.dictionary->text(k));
            remap[k] = it->second;
        }
        if (c.type == ColumnType::int32) {  // as pandas' and Arrow's codes come: read where they lie
            const std::int32_t* v = c.values<std::int32_t>();
            for (std::size_t i = 0; i < c.size(); ++i)
                out.codes[i] = c.valid(i) ? remap[static_cast<std::size_t>(v[i])] : -1;
        } else {
            for (std::size_t i = 0; i < c.size(); ++i)
                out.codes[i] = c.valid(i) ? remap[static_cast<std::size_t>(c.integer(i))] : -1;
        }
        return out;
    }
    std::unordered_map<std::string_view, std::int32_t> code;
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (!c.valid(i)) {
            out.codes[i] = -1;
            continue;
        }
        const auto [it, fresh] = code.try_emplace(c.text(i), static_cast<std::int32_t>(out.labels.size()));
        if (fresh) out.labels.emplace_back(c.text(i));
        out.codes[i] = it->second;
    }
    return out;
}

// encode(c)'s codes, read where they lie when they are so already -- int32 codes without a missing cell
// into labels that all differ, as a factorized column comes -- else encoded into `scratch`. The labels
// are scratch.labels either way; the codes live as long as `c` or `scratch`.
inline const std::int32_t* encoded(const Column& c, Coded& scratch) {
    if (c.dictionary && c.type == ColumnType::int32 && !c.validity) {
        const Column& d = *c.dictionary;
        std::unordered_set<std::string_view> seen;
        bool distinct = true;
        for (std::size_t k = 0; k < d.size() && distinct; ++k) distinct = seen.insert(d.text(k)).second;
        if (distinct) {
            scratch.codes.clear(), scratch.labels.clear();
            for (std::size_t k = 0; k < d.size(); ++k) scratch.labels.emplace_back(d.text(k));
            return c.values<std::int32_t>();
        }
    }
    scratch = encode(c);
    return scratch.codes.data();
}

inline Column Column::from_arrow(const ArrowSchema& schema, const ArrowArray& array, std::string name) {
    Column c;
    c.name = name.empty() && schema.name ? std::string(schema.name) : std::move(name);
    const std::string format = schema.format ? schema.format : "";
    const auto bad = [&](const std::string& why) { return input_error(why, Table::at(c.name)); };
    if (!schema.release || !array.release) throw bad("the Arrow array was already released");
    if (array.length < 0 || array.offset < 0) throw bad("the Arrow array has a negative length or offset");
    c.length = array.length;
    c.offset = array.offset;
    const auto buffers = [&](std::int64_t n) {
        if (array.n_buffers != n || !array.buffers)
            throw bad("Arrow format '" + format + "' needs " + std::to_string(n) + " buffers, the array has " +
                      std::to_string(array.n_buffers));
    };
    struct Kind {
        const char* format;
        ColumnType type;
        std::int64_t ticks_per_day;
    };
    static const Kind kinds[] = {{"b", ColumnType::boolean, 0},   {"c", ColumnType::int8, 0},
                                 {"C", ColumnType::uint8, 0},     {"i", ColumnType::int32, 0},
                                 {"I", ColumnType::uint32, 0},
                                 {"l", ColumnType::int64, 0},     {"g", ColumnType::float64, 0},
                                 {"tdD", ColumnType::date32, 0},  {"u", ColumnType::utf8, 0},
                                 {"U", ColumnType::large_utf8, 0}, {"vu", ColumnType::utf8_view, 0},
                                 {"tss:", ColumnType::timestamp, 86'400},
                                 {"tsm:", ColumnType::timestamp, 86'400'000},
                                 {"tsu:", ColumnType::timestamp, 86'400'000'000},
                                 {"tsn:", ColumnType::timestamp, 86'400'000'000'000}};
    const Kind* kind = nullptr;
    for (const auto& k : kinds)
        if (format == k.format) kind = &k;
    if (!kind && format.rfind("ts", 0) == 0 && format.size() > 4)
        throw bad("timestamps with a time zone ('" + format + "') are read as dates only after conversion to "
                  "local dates in Asia/Shanghai");
    if (!kind)
        throw bad("Arrow format '" + format +
                  "' is not read here (boolean, int8/32/64, uint8, float64, date32, timestamp or text)");
    c.type = kind->type;
    c.ticks_per_day = kind->ticks_per_day;
    if (c.type == ColumnType::utf8_view) {  // validity, views, the variadic data buffers, their sizes
        if (array.n_buffers < 3 || !array.buffers) throw bad("a utf8_view Arrow array needs at least 3 buffers");
        c.view_data = array.buffers + 2;
    } else {
        buffers(c.type == ColumnType::utf8 || c.type == ColumnType::large_utf8 ? 3 : 2);
    }
    c.validity = static_cast<const std::uint8_t*>(array.buffers[0]);
    if (array.null_count == 0) c.validity = nullptr;
    c.data = array.buffers[1];
    if (c.type == ColumnType::utf8 || c.type == ColumnType::large_utf8)
        c.chars = static_cast<const char*>(array.buffers[2]);
    if (c.length > 0 && !c.data) throw bad("the Arrow array has no value buffer");
    if (schema.dictionary) {
        if (!array.dictionary) throw bad("a dictionary-encoded Arrow array without its dictionary");
        if (c.type != ColumnType::int8 && c.type != ColumnType::int32 && c.type != ColumnType::int64 &&
            c.type != ColumnType::uint8 && c.type != ColumnType::uint32)
            throw bad("dictionary codes must be integers");
        auto dict = std::make_shared<Column>(from_arrow(*schema.dictionary, *array.dictionary, c.name));
        if (!dict->is_text()) throw bad("only dictionaries of text are read");
        for (std::size_t i = 0; i < c.size(); ++i)
            if (c.valid(i) && (c.integer(i) < 0 || c.integer(i) >= dict->length))
                throw input_error("dictionary code out of range", Table::at(c.name, static_cast<std::int64_t>(i)));
        c.dictionary = std::move(dict);
    }
    return c;
}

}  // namespace anjian
