#pragma once
// 重大事故隐患判定标准: an industry's items, each a condition over an inspection's findings, and
// what the law attaches to a match (安全生产法 第六十五条、第一百零一条、第一百零二条 ...). Items and
// consequences come from rule packs (rules/national/hazard_*.yaml).

#include <anjian/columns.hpp>
#include <anjian/condition.hpp>
#include <anjian/parallel.hpp>
#include <anjian/refusals.hpp>
#include <algorithm>
#include <bit>
#include <cstring>
#include <type_traits>
#include <numeric>
#include <optional>
#include <cctype>
#include <charconv>
#include <cmath>
#include <anjian/rules/pack.hpp>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace anjian::hazard {

enum class ItemKind { boolean, quantitative, judgement };
inline constexpr const char* item_kind_names[] = {"boolean", "quantitative", "judgement"};

// A finding an inspector records: its code, what it means, and its type.
struct Fact {
    std::string code;
    std::string type;  // boolean | number | grade (GB 18218 grade 1..4, 0 = not a major hazard source) | text
    std::string meaning_zh;
};

struct Item {
    std::string id;       // "chemical.5"
    std::string article;  // "第五项", "第十二条(二)"
    std::string text_zh;
    ItemKind kind = ItemKind::boolean;
    bool verified = true;
    std::string note;
    When when;
};

struct Consequence {
    std::string id, action_zh, basis, provision;  // provision: an anjian.penalty provision id, or ""
    bool verified = true;
    // The items of the standard it follows from (a failed device: 第九十九条); empty: any item met.
    std::vector<std::string> items;
};

struct Standard {
    rules::PackInfo pack;
    std::string title, document, industry, source;
    rules::Effective effective;
    std::string effective_source;
    // The standard that decides a day before `effective.from` (not encoded here: such a day is refused,
    // naming it); empty when none is known.
    std::string predecessor;
    std::vector<Fact> facts;
    std::vector<Item> items;
    std::vector<Consequence> consequences;

    const Fact* fact(const std::string& code) const {
        for (const auto& f : facts)
            if (f.code == code) return &f;
        return nullptr;
    }
};

using Findings = std::map<std::string, Value>;

struct Match {
    const Item* item;
    std::string why;  // the clause that held, with the values found
};

struct Assessment {
    std::vector<Match> matched;
    std::vector<const Item*> not_assessed;  // some fact the item needs was not given
    std::vector<const Item*> clear;
};

// The error assess() gives for a finding the standard does not take: a code that is not one of its
// findings, a value of another type (a text where a number is due), a grade outside 0..4.
inline void check_finding(const Standard& standard, const std::string& code, const Value& value) {
    Location where;
    where.key = code;
    const Fact* f = standard.fact(code);
    if (!f) {
        std::string known;
        for (const auto& k : standard.facts) known += (known.empty() ? "" : ", ") + k.code;
        throw input_error("'" + code + "' is not a finding of " + standard.title + " (known: " + known + ")", where);
    }
    if (std::holds_alternative<std::monostate>(value)) return;
    const bool ok = f->type == "boolean" ? std::holds_alternative<bool>(value)
                    : f->type == "text"  ? std::holds_alternative<std::string>(value)
                                         : std::holds_alternative<double>(value);
    if (!ok) throw input_error("'" + code + "' is a " + f->type + ", got '" + to_string(value) + "'", where);
    if (f->type == "grade") {
        const double g = std::get<double>(value);
        if (g != std::floor(g) || g < 0 || g > 4)
            throw input_error(
                "'" + code + "' is a GB 18218 grade 1..4 (0: not a major hazard source), got " + to_string(value),
                where);
    }
}

// Checks findings against every item. A finding the standard does not know, or of the wrong type
// (a text where a number is due, a grade outside 0..4), is an input_error naming its key.
inline Assessment assess(const Standard& standard, const Findings& findings) {
    for (const auto& [code, value] : findings) check_finding(standard, code, value);
    const auto get = [&](const std::string& code) {
        const auto it = findings.find(code);
        return it == findings.end() ? Value{} : it->second;
    };
    Assessment out;
    for (const auto& item : standard.items) {
        const Truth t = item.when.test(get);
        if (t == Truth::yes)
            out.matched.push_back({&item, item.when.why(get)});
        else if (t == Truth::unknown)
            out.not_assessed.push_back(&item);
        else
            out.clear.push_back(&item);
    }
    return out;
}

// The finding in cell i of column c, read as fact f declares it: an empty cell is not given; a
// boolean from true/false, 1/0, 是/否, yes/no; a number from a number or its text. A cell of another
// kind is returned as it is, for assess() to refuse with the fact's type.
inline Value finding_of(const Fact* f, const Column& c, std::size_t i) {
    if (!c.valid(i)) return {};
    const bool boolean = f && f->type == "boolean", text = f && f->type == "text";
    if (c.is_text()) {
        std::string_view v = c.text(i);
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
        if (v.empty()) return {};
        if (text) return std::string(v);
        std::string lower(v);
        for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (boolean && (lower == "true" || lower == "yes" || lower == "y" || lower == "是")) return true;
        if (boolean && (lower == "false" || lower == "no" || lower == "n" || lower == "否")) return false;
        double x = 0;
        const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
        if (ec == std::errc() && end == v.data() + v.size()) return x;
        return std::string(v);
    }
    if (c.is_date()) return static_cast<double>(c.day(i));
    const double x = c.number(i);
    if (std::isnan(x)) return {};
    if (boolean && (x == 0 || x == 1)) return x == 1;
    return x;
}

namespace detail {

// Rows as bits, 64 to a word: row k is bit k % 64 of word k / 64. A match needs only where conditions
// hold: a row where one fails and a row that lacks a finding it needs are alike (neither holds).
inline std::size_t words_for(std::size_t rows) { return (rows + 63) / 64; }
inline bool row_in(const std::vector<std::uint64_t>& bits, std::size_t k) { return (bits[k / 64] >> (k % 64)) & 1; }

// Rows of a table, increasing: a run first, first + 1, ... (every row under one standard, the usual
// call: no list of them is made) or a list of them.
class Rows {
public:
    static Rows run(std::size_t first, std::size_t count) { return Rows({}, first, count); }
    explicit Rows(std::span<const std::size_t> list) : Rows(list, 0, list.size()) {}

    std::size_t size() const { return count_; }
    bool empty() const { return count_ == 0; }
    std::size_t operator[](std::size_t k) const { return is_run_ ? first_ + k : list_[k]; }
    // Whether the rows follow one another (row k is the table's row front() + k): read in place.
    bool consecutive() const { return is_run_ || count_ == 0 || list_.back() - list_.front() + 1 == count_; }
    std::size_t front() const { return count_ == 0 ? 0 : (*this)[0]; }
    Rows subset(std::size_t lo, std::size_t n) const {
        return is_run_ ? run(first_ + lo, n) : Rows(list_.subspan(lo, n));
    }

private:
    Rows(std::span<const std::size_t> list, std::size_t first, std::size_t count)
        : list_(list), first_(first), count_(count), is_run_(list.empty()) {}
    std::span<const std::size_t> list_;
    std::size_t first_, count_;
    bool is_run_;
};

// The rows k < m where holds(k), a word at a time.
template <class Holds>
void rows_where(std::size_t m, const Holds& holds, std::uint64_t* out) {
    for (std::size_t lo = 0, w = 0; lo < m; lo += 64, ++w) {
        const std::size_t n = std::min<std::size_t>(64, m - lo);
        std::uint64_t bits = 0;
        for (std::size_t b = 0; b < n; ++b) bits |= static_cast<std::uint64_t>(holds(lo + b)) << b;
        out[w] = bits;
    }
}

// Two values at a time (GCC's and Clang's vector extensions; SSE2 on x86-64): a test written once as a
// generic lambda -- [v](auto z) { return z < v; } -- takes a double or a pair of them.
using Pair = double __attribute__((vector_size(16)));

// A test's two lanes (each all ones or zero) as bits 0 and 1.
template <class Lanes>
std::uint64_t lane_bits(Lanes lanes) {
#if defined(__SSE2__)
    return static_cast<unsigned>(_mm_movemask_pd(std::bit_cast<__m128d>(lanes)));
#else
    return static_cast<unsigned>((lanes[0] & 1) | (lanes[1] & 2));
#endif
}

// Bit b for b < n (at most 64): whether holds(a[b]).
template <class Holds>
std::uint64_t bits_where(const double* a, std::size_t n, const Holds& holds) {
    std::uint64_t bits = 0;
    std::size_t b = 0;
    for (; b + 2 <= n; b += 2) {
        Pair z;
        std::memcpy(&z, a + b, sizeof z);
        bits |= lane_bits(holds(z)) << b;
    }
    for (; b < n; ++b) bits |= static_cast<std::uint64_t>(holds(a[b])) << b;
    return bits;
}

// The rows k < m where holds(a[k]), a word at a time.
template <class Holds>
void values_where(std::size_t m, const double* a, const Holds& holds, std::uint64_t* out) {
    for (std::size_t lo = 0, w = 0; lo < m; lo += 64, ++w)
        out[w] = bits_where(a + lo, std::min<std::size_t>(64, m - lo), holds);
}

// The rows k < m where holds(a[k], b[k]), two rows at a time as bits_where reads one column.
template <class Holds>
void pairs_where(std::size_t m, const double* a, const double* b, const Holds& holds, std::uint64_t* out) {
    for (std::size_t lo = 0, w = 0; lo < m; lo += 64, ++w) {
        const std::size_t n = std::min<std::size_t>(64, m - lo);
        std::uint64_t bits = 0;
        std::size_t k = 0;
        for (; k + 2 <= n; k += 2) {
            Pair x, y;
            std::memcpy(&x, a + lo + k, sizeof x), std::memcpy(&y, b + lo + k, sizeof y);
            bits |= lane_bits(holds(x, y)) << k;
        }
        for (; k < n; ++k) bits |= static_cast<std::uint64_t>(holds(a[lo + k], b[lo + k])) << k;
        out[w] = bits;
    }
}

// What a fact's given values are: a boolean, a number (number and grade facts) or a text.
enum class Kind { boolean, number, text };
inline Kind kind_of(const Fact& f) {
    return f.type == "boolean" ? Kind::boolean : f.type == "text" ? Kind::text : Kind::number;
}
inline Kind kind_of(const Value& v) {
    return std::holds_alternative<bool>(v)     ? Kind::boolean
           : std::holds_alternative<double>(v) ? Kind::number
                                               : Kind::text;
}

// One standard's findings over its rows, read once per column (not the map of one inspection's
// findings, hazard::Findings), and per row the first error assess() would raise. A fact of kind
// boolean or number is a column of values, NaN where the row does not give it (booleans as 0/1): the
// input column itself when it already is one (float64 without a validity bitmap, the rows a run of
// consecutive ones, every cell a value of the fact), else a copy. A boolean fact is also two sets of
// rows as bits, where it is given true and where false -- all most items test -- and only these when
// no condition reads it as a number: flags stored as bytes or bits are then read a word of rows at a
// time, never widened to doubles. A text fact has a flag per row and the texts.
struct FindingColumns {
    std::size_t rows = 0;
    std::vector<const double*> number;            // per fact of kind boolean or number; null: not read so
    std::vector<std::vector<double>> owned;       // the copies `number` points into
    std::vector<std::vector<std::uint64_t>> yes, no;  // per fact of kind boolean (empty: no column)
    std::vector<std::vector<std::uint8_t>> given;  // per fact of kind text (empty: no column)
    std::vector<std::vector<std::string>> text;
    std::vector<std::int32_t> error;  // per row: index into errors, or -1
    std::vector<input_error> errors;

    bool present(std::size_t fact, Kind kind) const {
        if (kind == Kind::boolean) return !yes[fact].empty() || number[fact] != nullptr;
        return kind == Kind::text ? !given[fact].empty() : number[fact] != nullptr;
    }
    bool has(std::size_t fact, Kind kind, std::size_t k) const {
        return kind == Kind::text ? !given[fact].empty() && given[fact][k]
                                  : number[fact] && !std::isnan(number[fact][k]);
    }
    Value value(std::size_t fact, Kind kind, std::size_t k) const {
        if (!has(fact, kind, k)) return {};
        if (kind == Kind::boolean) return number[fact][k] != 0;
        if (kind == Kind::number) return number[fact][k];
        return text[fact][k];
    }
};

// Per byte b < n (at most 64) of `v`: whether it is 1, and whether it is 0, as bits.
inline std::pair<std::uint64_t, std::uint64_t> ones_and_zeros(const std::uint8_t* v, std::size_t n) {
    std::uint64_t one = 0, zero = 0;
    std::size_t b = 0;
#if defined(__SSE2__)
    for (; b + 16 <= n; b += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(v + b));
        const auto mask = [&](__m128i equal) {
            return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(equal))) << b;
        };
        one |= mask(_mm_cmpeq_epi8(x, _mm_set1_epi8(1))), zero |= mask(_mm_cmpeq_epi8(x, _mm_setzero_si128()));
    }
#endif
    for (; b < n; ++b) one |= std::uint64_t{v[b] == 1} << b, zero |= std::uint64_t{v[b] == 0} << b;
    return {one, zero};
}

// Reads the findings columns for the rows `rows` (increasing) of `t` as assess() would see them:
// columns in the order of their names (the order assess() checks findings in, so a row's first error
// is the same). A boolean fact is read as numbers as well as bits where `as_number` says so (per fact).
// `in` is refilled, its buffers reused: a standard's rows are read a block at a time.
inline void read_findings(FindingColumns& in, const Standard& standard, const anjian::Table& t,
                          const std::vector<std::string>& names, const Rows& rows,
                          const std::vector<bool>& as_number) {
    in.rows = rows.size();
    const std::size_t nf = standard.facts.size(), words = words_for(rows.size());
    in.number.assign(nf, nullptr);
    in.owned.resize(nf), in.given.resize(nf), in.text.resize(nf), in.yes.resize(nf), in.no.resize(nf);
    for (auto& flags : in.given) flags.clear();
    for (auto& bits : in.yes) bits.clear();
    for (auto& bits : in.no) bits.clear();
    in.error.assign(rows.size(), -1);
    in.errors.clear();
    // Rows that follow one another (row k is the table's row first + k): a column can be read in place.
    const bool run = rows.consecutive();
    const std::size_t first = rows.front();
    std::vector<std::size_t> order(names.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return names[a] < names[b]; });
    constexpr double none = std::numeric_limits<double>::quiet_NaN();
    for (const std::size_t c : order) {
        const std::string& code = names[c];
        const Column& column = t[code];
        const Fact* f = standard.fact(code);
        const auto fact = f ? static_cast<std::size_t>(f - standard.facts.data()) : nf;
        const Kind kind = f ? kind_of(*f) : Kind::text;
        // A cell as assess() reads it: finding_of, then check_finding (its error kept for the row).
        const auto read = [&](std::size_t k, std::size_t i) {
            Value v = finding_of(f, column, i);
            if (std::holds_alternative<std::monostate>(v)) return;
            try {
                check_finding(standard, code, v);
            } catch (const input_error& e) {
                if (in.error[k] < 0) in.error[k] = static_cast<std::int32_t>(in.errors.size()), in.errors.push_back(e);
                return;
            }
            if (kind == Kind::text)
                in.given[fact][k] = 1, in.text[fact][k] = std::get<std::string>(std::move(v));
            else
                in.owned[fact][k] = kind == Kind::boolean ? std::get<bool>(v) : std::get<double>(v);
        };
        if (!f) {  // every given cell is an error
            for (std::size_t k = 0; k < rows.size(); ++k) read(k, rows[k]);
            continue;
        }
        if (kind == Kind::text) {
            in.given[fact].assign(rows.size(), 0), in.text[fact].assign(rows.size(), std::string());
            for (std::size_t k = 0; k < rows.size(); ++k) read(k, rows[k]);
            continue;
        }
        if (kind == Kind::boolean && !as_number[fact] && run && !column.is_text() &&
            (column.type == ColumnType::uint8 || column.type == ColumnType::boolean)) {
            // Flags as bytes (numpy's, pandas' boolean) or bits (Arrow's): a word of rows at a time. A byte
            // other than 0 or 1 is no flag: read as above, for its error.
            in.yes[fact].resize(words), in.no[fact].resize(words);
            for (std::size_t w = 0; w < words; ++w) {
                const std::size_t lo = w * 64, n = std::min<std::size_t>(64, rows.size() - lo);
                const std::uint64_t valid = column.valid_bits(first + lo, n);
                std::uint64_t one = 0, zero = 0;
                if (column.type == ColumnType::uint8) {
                    std::tie(one, zero) = ones_and_zeros(column.values<std::uint8_t>() + first + lo, n);
                } else {
                    one = Column::bits_at(static_cast<const std::uint8_t*>(column.data),
                                          column.offset + static_cast<std::int64_t>(first + lo), n);
                    zero = ~one;  // beyond the n rows cleared by `valid`
                }
                in.yes[fact][w] = valid & one, in.no[fact][w] = valid & zero;
                for (std::uint64_t bad = valid & ~(one | zero); bad; bad &= bad - 1) {
                    const std::size_t k = lo + static_cast<std::size_t>(std::countr_zero(bad));
                    read(k, rows[k]);
                }
            }
            continue;
        }
        // A boolean fact read as numbers (0, 1, NaN) is also read as the bits of its given values.
        const auto flags_from_numbers = [&] {
            if (kind != Kind::boolean) return;
            in.yes[fact].resize(words), in.no[fact].resize(words);
            values_where(rows.size(), in.number[fact], [](auto z) { return z == 1.0; }, in.yes[fact].data());
            values_where(rows.size(), in.number[fact], [](auto z) { return z == 0.0; }, in.no[fact].data());
        };
        if (column.is_text()) {  // 是/否, numbers as text: cell by cell
            in.owned[fact].assign(rows.size(), none);
            for (std::size_t k = 0; k < rows.size(); ++k) read(k, rows[k]);
            in.number[fact] = in.owned[fact].data();
            flags_from_numbers();
            continue;
        }
        // Numbers, flags and dates (as their day number, as finding_of reads them): the usual column --
        // float64, empty cells NaN -- used as it lies when the rows follow one another and every cell is a
        // value of the fact; else copied by one loop per stored type, a cell that is no value of the fact
        // read as above, for its error.
        // ok: a test of a given value (two at a time), or nullptr where every number is one.
        const auto numbers = [&](auto ok) {
            const auto bad = [&](const double* a, std::size_t lo, std::size_t n) -> std::uint64_t {
                if constexpr (std::is_null_pointer_v<decltype(ok)>) {
                    return 0;
                } else {
                    const std::uint64_t all = n == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
                    return all & ~bits_where(a + lo, n, [&](auto z) { return (z != z) | ok(z); });
                }
            };
            const std::size_t m = rows.size();
            if (run && column.type == ColumnType::float64 && !column.validity) {
                const double* here = column.values<double>() + first;
                std::uint64_t any = 0;
                for (std::size_t lo = 0; lo < m && !any; lo += 64)
                    any = bad(here, lo, std::min<std::size_t>(64, m - lo));
                if (!any) return void(in.number[fact] = here);
            }
            in.owned[fact].resize(rows.size());
            double* number = in.owned[fact].data();
            if (run) {
                column.numbers(first, first + rows.size(), number, true);
            } else {
                for (std::size_t k = 0; k < rows.size(); ++k) {
                    const std::size_t i = rows[k];
                    number[k] = !column.valid(i) ? none
                                : column.is_date() ? static_cast<double>(column.day(i))
                                                   : column.number(i);
                }
            }
            for (std::size_t lo = 0; lo < m; lo += 64)
                for (std::uint64_t b = bad(number, lo, std::min<std::size_t>(64, m - lo)); b; b &= b - 1) {
                    const std::size_t k = lo + static_cast<std::size_t>(std::countr_zero(b));
                    number[k] = none, read(k, rows[k]);
                }
            in.number[fact] = number;
        };
        // Written with | rather than ||: no branch per cell in the check over a whole column.
        if (kind == Kind::boolean)
            numbers([](auto x) { return (x == 0.0) | (x == 1.0); }), flags_from_numbers();
        else if (f->type == "grade")
            numbers([](auto x) { return (x == 0.0) | (x == 1.0) | (x == 2.0) | (x == 3.0) | (x == 4.0); });
        else
            numbers(nullptr);
    }
}

// A condition with its facts found: tested column by column over the rows.
struct CompiledCondition {
    const Condition* condition;
    std::string text;  // condition->str(), made once
    bool shows_value;  // why() shows the value found
    int field = -1, other = -1;  // facts; -1: not a finding of the standard (never given)
    Kind field_kind = Kind::number, other_kind = Kind::number;
    // A boolean fact `is` true or false: the rows FindingColumns::yes or ::no hold, no number read.
    bool flag = false, flag_value = false;
};

// Whether the conditions can be tested column by column with the result assess() gives: a comparison
// by size (<, <=, >, >=) between values that are not numbers is an error assess() raises only for the
// rows that reach it, so such a standard is assessed row by row instead.
inline bool columnar(const Standard& standard) {
    for (const auto& item : standard.items)
        for (const auto& clause : item.when.any)
            for (const auto& c : clause) {
                if (c.op == Op::is || c.op == Op::eq || c.op == Op::ne || c.op == Op::in) continue;
                const Fact *x = standard.fact(c.field), *y = c.other.empty() ? nullptr : standard.fact(c.other);
                if (x && kind_of(*x) != Kind::number) return false;
                if (y && kind_of(*y) != Kind::number) return false;
                if (c.other.empty() && !std::holds_alternative<double>(c.value)) return false;
            }
    return true;
}

inline CompiledCondition compile(const Standard& standard, const Condition& c) {
    CompiledCondition out{&c, c.str(), c.op != Op::is || !c.other.empty()};
    const auto index = [&](const Fact* f) { return static_cast<int>(f - standard.facts.data()); };
    if (const Fact* f = standard.fact(c.field)) out.field = index(f), out.field_kind = kind_of(*f);
    if (!c.other.empty())
        if (const Fact* f = standard.fact(c.other)) out.other = index(f), out.other_kind = kind_of(*f);
    if (out.field >= 0 && out.field_kind == Kind::boolean && c.op == Op::is && c.other.empty() &&
        std::holds_alternative<bool>(c.value))
        out.flag = true, out.flag_value = std::get<bool>(c.value);
    return out;
}

// Whether a fact is given in row k: a text fact's flag, or a value that is not NaN.
struct GivenIn {
    const std::uint8_t* flags;
    const double* values;
    bool operator()(std::size_t k) const { return flags ? flags[k] != 0 : !std::isnan(values[k]); }
};

// The rows where the condition holds (Condition::test gives yes for that row's findings).
inline void test(const CompiledCondition& cc, const FindingColumns& in, std::uint64_t* out) {
    const Condition& c = *cc.condition;
    const std::size_t m = in.rows;
    if (cc.field < 0 || !in.present(static_cast<std::size_t>(cc.field), cc.field_kind) ||
        (!c.other.empty() && (cc.other < 0 || !in.present(static_cast<std::size_t>(cc.other), cc.other_kind))) ||
        (c.other.empty() && c.op != Op::in && std::holds_alternative<std::monostate>(c.value))) {
        std::fill(out, out + words_for(m), 0);  // no row gives the fact
        return;
    }
    const auto x = static_cast<std::size_t>(cc.field);
    if (cc.flag) {
        const std::vector<std::uint64_t>& rows = cc.flag_value ? in.yes[x] : in.no[x];
        return void(std::copy(rows.begin(), rows.end(), out));
    }
    const auto given_in = [&](std::size_t f, Kind kind) {
        return kind == Kind::text ? GivenIn{in.given[f].data(), nullptr} : GivenIn{nullptr, in.number[f]};
    };
    const GivenIn gx = given_in(x, cc.field_kind);
    // Values of different kinds are never equal (as std::variant compares them).
    const auto compare = [&](auto&& truth) { rows_where(m, [&](std::size_t k) { return gx(k) && truth(k); }, out); };
    if (c.op == Op::in) {
        std::vector<double> numbers;
        std::vector<std::string> texts;
        for (const Value& a : c.among)
            if (!std::holds_alternative<std::monostate>(a) && kind_of(a) == cc.field_kind) {
                if (cc.field_kind == Kind::text)
                    texts.push_back(std::get<std::string>(a));
                else
                    numbers.push_back(cc.field_kind == Kind::boolean ? std::get<bool>(a) : std::get<double>(a));
            }
        if (cc.field_kind == Kind::text)
            return compare([&](std::size_t k) {
                return std::find(texts.begin(), texts.end(), in.text[x][k]) != texts.end();
            });
        // Equal to one of the numbers: a pass two values at a time per number (NaN, not given, equals none).
        const double* vx = in.number[x];
        const std::size_t words = words_for(m);
        std::fill(out, out + words, 0);
        std::vector<std::uint64_t> equal(words);
        for (const double v : numbers) {
            values_where(m, vx, [v](auto z) { return z == v; }, equal.data());
            for (std::size_t w = 0; w < words; ++w) out[w] |= equal[w];
        }
        return;
    }
    const bool equality = c.op == Op::is || c.op == Op::eq || c.op == Op::ne;
    const bool want = c.op != Op::ne;  // the truth when the two are equal
    if (!c.other.empty()) {
        const auto y = static_cast<std::size_t>(cc.other);
        const GivenIn gy = given_in(y, cc.other_kind);
        const auto both = [&](auto&& truth) {
            rows_where(m, [&](std::size_t k) { return gx(k) && gy(k) && truth(k); }, out);
        };
        if (equality && cc.field_kind != cc.other_kind) return both([&](std::size_t) { return !want; });
        if (equality && cc.field_kind == Kind::text)
            return both([&](std::size_t k) { return (in.text[x][k] == in.text[y][k]) == want; });
        // Numbers and flags, NaN where not given: a comparison with NaN never holds, so only "not equal"
        // tests that both are given.
        const double *a = in.number[x], *b = in.number[y];
        switch (c.op) {
            case Op::lt: return pairs_where(m, a, b, [](auto u, auto v) { return u < v; }, out);
            case Op::le: return pairs_where(m, a, b, [](auto u, auto v) { return u <= v; }, out);
            case Op::gt: return pairs_where(m, a, b, [](auto u, auto v) { return u > v; }, out);
            case Op::ge: return pairs_where(m, a, b, [](auto u, auto v) { return u >= v; }, out);
            default:
                if (want) return pairs_where(m, a, b, [](auto u, auto v) { return u == v; }, out);
                return pairs_where(m, a, b, [](auto u, auto v) { return (u == u) & (v == v) & (u != v); }, out);
        }
    }
    if (equality && kind_of(c.value) != cc.field_kind) return compare([&](std::size_t) { return !want; });
    if (equality && cc.field_kind == Kind::text) {
        const std::string& v = std::get<std::string>(c.value);
        return compare([&](std::size_t k) { return (in.text[x][k] == v) == want; });
    }
    // A number against a constant, two at a time: NaN (not given) never holds.
    const double v = std::holds_alternative<bool>(c.value) ? std::get<bool>(c.value) : std::get<double>(c.value);
    const double* a = in.number[x];
    switch (c.op) {
        case Op::lt: return values_where(m, a, [v](auto z) { return z < v; }, out);
        case Op::le: return values_where(m, a, [v](auto z) { return z <= v; }, out);
        case Op::gt: return values_where(m, a, [v](auto z) { return z > v; }, out);
        case Op::ge: return values_where(m, a, [v](auto z) { return z >= v; }, out);
        default:
            if (want) return values_where(m, a, [v](auto z) { return z == v; }, out);
            return values_where(m, a, [v](auto z) { return (z == z) & (z != v); }, out);
    }
}

// Every item of a standard tested over rows at once: per item and clause the rows where it holds. The
// conditions are compiled once; evaluate() tests them over each block of rows in turn.
struct ItemTruths {
    const Standard* standard;
    std::vector<CompiledCondition> conditions;  // clause by clause, item by item
    std::vector<std::size_t> first_clause, first_condition;  // per item: where its clauses and conditions start
    std::vector<std::vector<std::uint64_t>> clause;  // per clause of every item in order: the rows where it holds
    std::vector<std::vector<std::uint64_t>> met;     // per item: the rows where it holds
    std::vector<bool> as_number;     // per fact: whether a condition reads it as a number (read_findings)
    std::vector<bool> one_text;      // per item: whether it is shown alike in every row (one clause, no values)

    explicit ItemTruths(const Standard& s) : standard(&s), met(s.items.size()), as_number(s.facts.size(), false) {
        for (const Item& it : s.items) {
            first_clause.push_back(clause.size()), first_condition.push_back(conditions.size());
            for (const auto& each : it.when.any) {
                for (const auto& condition : each) {
                    const CompiledCondition& cc = conditions.emplace_back(compile(s, condition));
                    if (!cc.flag && cc.field >= 0) as_number[static_cast<std::size_t>(cc.field)] = true;
                    if (cc.other >= 0) as_number[static_cast<std::size_t>(cc.other)] = true;
                }
                clause.emplace_back();
            }
            one_text.push_back(it.when.any.size() == 1 &&
                               std::none_of(conditions.begin() + static_cast<std::ptrdiff_t>(first_condition.back()),
                                            conditions.end(), [](const auto& cc) { return cc.shows_value; }));
        }
    }

    void evaluate(const FindingColumns& in) {
        const std::size_t m = in.rows, row_words = words_for(m);
        // A clause without conditions holds in every row there is (not beyond the last).
        const std::uint64_t last = m % 64 ? (std::uint64_t{1} << (m % 64)) - 1 : ~std::uint64_t{0};
        std::vector<std::uint64_t> holds(row_words);
        for (std::size_t j = 0; j < standard->items.size(); ++j) {
            std::size_t c = first_clause[j], condition = first_condition[j];
            std::vector<std::uint64_t>& item = met[j];
            item.assign(row_words, 0);
            for (const auto& each : standard->items[j].when.any) {
                std::vector<std::uint64_t>& all = clause[c++];
                all.assign(row_words, ~std::uint64_t{0});
                if (row_words) all.back() = last;
                for (std::size_t n = 0; n < each.size(); ++n) {
                    test(conditions[condition++], in, holds.data());
                    for (std::size_t w = 0; w < row_words; ++w) all[w] &= holds[w];
                }
                for (std::size_t w = 0; w < row_words; ++w) item[w] |= all[w];
            }
        }
    }
};

// The clauses shown, each distinct text once: per match a code into `texts`. A clause that shows no
// value has one text, made the first time it holds; one that shows values has one per distinct values.
class WhyTexts {
public:
    explicit WhyTexts(std::vector<std::string>& texts) : texts_(texts) {}

    std::int32_t intern(std::string text) {
        const auto [it, fresh] = codes_.try_emplace(std::move(text), static_cast<std::int32_t>(texts_.size()));
        if (fresh) texts_.push_back(it->first);
        return it->second;
    }

    // When::why for row k of one standard's columns (its truths `truths`): the first clause that holds,
    // with the values found.
    std::int32_t why(const Standard& standard, const ItemTruths& truths, const FindingColumns& in, std::size_t item,
                     std::size_t k) {
        std::size_t clause = truths.first_clause[item], condition = truths.first_condition[item];
        for (const auto& conditions : standard.items[item].when.any) {
            if (row_in(truths.clause[clause], k)) {
                const std::size_t end = condition + conditions.size();
                // Values repeat from row to row: numbers and flags shown are compared with the clause's
                // latest ones as they lie (their bits), before any text is made or looked up.
                if (clause >= recent_.size()) recent_.resize(clause + 1);
                Recent& recent = recent_[clause];
                numbers_.clear();
                bool as_numbers = true;
                for (std::size_t c = condition; c < end && as_numbers; ++c)
                    if (const CompiledCondition& cc = truths.conditions[c]; cc.shows_value) {
                        as_numbers = cc.field >= 0 && cc.field_kind != Kind::text;
                        if (as_numbers) numbers_.push_back(std::bit_cast<std::uint64_t>(in.number[cc.field][k]));
                    }
                if (as_numbers)
                    if (const std::int32_t code = recent.find(numbers_); code >= 0) return code;
                std::string& key = key_;  // the clause, then the values it shows (its buffer reused)
                key.clear();
                for (std::size_t c = condition; c < end; ++c)
                    if (const CompiledCondition& cc = truths.conditions[c]; cc.shows_value) {
                        if (key.empty()) key.assign(reinterpret_cast<const char*>(&clause), sizeof clause);
                        append_value(key, cc, in, k);
                    }
                if (key.empty()) {
                    if (clause >= plain_.size()) plain_.resize(clause + 1, -1);
                    std::int32_t& code = plain_[clause];
                    if (code < 0) code = intern(text(truths, in, condition, end, k));
                    return code;
                }
                const auto seen = shown_.find(key);
                const std::int32_t code =
                    seen != shown_.end() ? seen->second : shown_[key] = intern(text(truths, in, condition, end, k));
                if (as_numbers) recent.add(numbers_, code);
                return code;
            }
            ++clause, condition += conditions.size();
        }
        return intern("");
    }

private:
    static std::string text(const ItemTruths& truths, const FindingColumns& in, std::size_t from, std::size_t to,
                            std::size_t k) {
        std::string out;
        for (std::size_t c = from; c < to; ++c) {
            const CompiledCondition& cc = truths.conditions[c];
            out += (out.empty() ? "" : " and ") + cc.text;
            if (cc.shows_value) {
                const Value found =
                    cc.field < 0 ? Value{} : in.value(static_cast<std::size_t>(cc.field), cc.field_kind, k);
                out += " (" + to_string(found) + ")";
            }
        }
        return out;
    }
    // The value a clause shows, as bytes that tell it apart: its kind, then the number or the text.
    static void append_value(std::string& key, const CompiledCondition& cc, const FindingColumns& in, std::size_t k) {
        const Value v = cc.field < 0 ? Value{} : in.value(static_cast<std::size_t>(cc.field), cc.field_kind, k);
        key.push_back(static_cast<char>(v.index()));
        if (const double* x = std::get_if<double>(&v))
            key.append(reinterpret_cast<const char*>(x), sizeof *x);
        else if (const bool* b = std::get_if<bool>(&v))
            key.push_back(*b ? 1 : 0);
        else if (const std::string* t = std::get_if<std::string>(&v))
            key.append(*t).push_back('\0');
    }

    std::vector<std::string>& texts_;
    std::unordered_map<std::string, std::int32_t> codes_;   // text -> code
    std::vector<std::int32_t> plain_;                       // per clause without values: its code, or -1
    // A clause's latest numbers shown (as bits, a clause shows the same count every time) and their codes.
    struct Recent {
        static constexpr std::size_t kept = 8;
        std::vector<std::uint64_t> numbers;  // entry e: numbers e * n .. e * n + n - 1
        std::vector<std::int32_t> codes;
        std::size_t next = 0;  // the entry replaced next once `kept` are held

        std::int32_t find(const std::vector<std::uint64_t>& shown) const {
            const std::size_t n = shown.size();
            for (std::size_t e = 0; e < codes.size(); ++e) {
                std::size_t same = 0;  // a loop, not memcmp: one or two numbers
                while (same < n && numbers[e * n + same] == shown[same]) ++same;
                if (same == n) return codes[e];
            }
            return -1;
        }
        void add(const std::vector<std::uint64_t>& shown, std::int32_t code) {
            if (codes.size() < kept) {
                numbers.insert(numbers.end(), shown.begin(), shown.end()), codes.push_back(code);
                return;
            }
            std::copy(shown.begin(), shown.end(), numbers.begin() + static_cast<std::ptrdiff_t>(next * shown.size()));
            codes[next] = code, next = (next + 1) % kept;
        }
    };
    std::vector<Recent> recent_;  // per clause that shows numbers
    std::vector<std::uint64_t> numbers_;
    std::unordered_map<std::string, std::int32_t> shown_;   // clause and values -> code
    std::string key_;
};

// A columnar standard's rows (a thread's share of them) assessed: per row its matches or its error.
struct AssessedChunk {
    std::vector<std::uint32_t> end;       // per row: one past its last match
    std::vector<std::uint32_t> item;      // per match: the item's index in the standard
    std::vector<std::int32_t> why;        // per match: into why_texts
    std::vector<std::string> why_texts;
    std::vector<std::int32_t> error;      // per row: into errors, or -1
    std::vector<input_error> errors;
};

// Reads and tests the rows a block at a time (their findings a few hundred kilobytes, reused from block
// to block, rather than a copy of every column), and reads each block's matches and clauses shown while
// its findings are at hand: item by item (a word of rows at a time), each match written to its row's
// place, so that a row's matches come in the items' order without a branch per row.
inline AssessedChunk assess_rows(const Standard& standard, const anjian::Table& t,
                                 const std::vector<std::string>& names, const Rows& rows,
                                 std::size_t block = 2048) {
    AssessedChunk out;
    out.end.reserve(rows.size()), out.error.reserve(rows.size());
    WhyTexts texts(out.why_texts);
    FindingColumns in;
    ItemTruths truth(standard);
    std::vector<std::int32_t> shown(standard.items.size(), -1);  // per item of one text: its code, once made
    std::vector<std::uint64_t> fine;    // the block's rows without an error (a refused row has no match)
    std::vector<std::uint32_t> at;      // per row of the block: where its next match goes
    for (std::size_t lo = 0; lo < rows.size(); lo += block) {
        read_findings(in, standard, t, names, rows.subset(lo, std::min(block, rows.size() - lo)), truth.as_number);
        truth.evaluate(in);
        const std::size_t m = in.rows, words = words_for(m);
        fine.assign(words, ~std::uint64_t{0});
        const std::size_t before = out.error.size();
        out.error.resize(before + m, -1);
        if (!in.errors.empty())  // most blocks have no error
            for (std::size_t k = 0; k < m; ++k)
                if (in.error[k] >= 0) {
                    out.error[before + k] = static_cast<std::int32_t>(out.errors.size());
                    out.errors.push_back(in.errors[static_cast<std::size_t>(in.error[k])]);
                    fine[k / 64] &= ~(std::uint64_t{1} << (k % 64));
                }
        // Each row's count of matches, then its place: after the rows before it.
        at.assign(m + 1, 0);
        for (std::size_t j = 0; j < standard.items.size(); ++j)
            for (std::size_t w = 0; w < words; ++w)
                for (std::uint64_t bits = truth.met[j][w] & fine[w]; bits; bits &= bits - 1)
                    ++at[w * 64 + static_cast<std::size_t>(std::countr_zero(bits)) + 1];
        auto place = static_cast<std::uint32_t>(out.item.size());
        const std::size_t ends = out.end.size();
        out.end.resize(ends + m);
        for (std::size_t k = 0; k < m; ++k) at[k] = place, place += at[k + 1], out.end[ends + k] = place;
        out.item.resize(place), out.why.resize(place);
        for (std::size_t j = 0; j < standard.items.size(); ++j)
            for (std::size_t w = 0; w < words; ++w)
                for (std::uint64_t bits = truth.met[j][w] & fine[w]; bits; bits &= bits - 1) {
                    const std::size_t k = w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
                    const std::uint32_t match = at[k]++;
                    out.item[match] = static_cast<std::uint32_t>(j);
                    if (shown[j] < 0) {
                        out.why[match] = texts.why(standard, truth, in, j, k);
                        if (truth.one_text[j]) shown[j] = out.why[match];
                    } else {
                        out.why[match] = shown[j];
                    }
                }
    }
    return out;
}

}  // namespace detail

// The threads `threads = 0` means for assess_many: one below the number of rows at which a second
// thread was measured to pay (benchmarks/bench_hazard.cpp, BM_AssessThreadCrossover: at 16,384 rows as
// fast or slower in three runs of three (268-368 us against 266-297), at 32,768 faster (435-595 against
// 639-779); at 8,192, slower in nine runs of nine before that), else every core.
inline unsigned assess_threads(std::size_t rows) { return threads_from(rows, std::size_t{1} << 15); }

struct AssessedRows : RowStatus {
    std::vector<std::size_t> row;  // per matched item: the row, the item and the clause that held
    std::vector<const Item*> item;
    std::vector<std::int32_t> why;        // index into why_texts
    std::vector<std::string> why_texts;  // each clause shown once (they repeat from row to row)

    const std::string& why_of(std::size_t match) const { return why_texts[static_cast<std::size_t>(why[match])]; }
};

// assess() for every row of `t`: row i is judged under standards[standard_of[i]], or refused with
// no_standard[-1 - standard_of[i]] where that is negative (the distinct reasons rows have no standard,
// e.g. an industry without a standard on that day), its findings the non-empty
// cells of `findings` columns. A row assess() refuses is named with its reason: all in one error, or
// with Refusal::status kept in the result. Each standard's rows are read column by column and its items
// tested over all of them at once (the result is assess()'s, row by row; a standard whose conditions
// could raise an error partway is assessed row by row).
inline AssessedRows assess_many(const std::vector<const Standard*>& standards,
                                std::span<const std::int32_t> standard_of,
                                const std::vector<std::string>& no_standard, const anjian::Table& t,
                                const std::vector<std::string>& findings, Refusal mode = Refusal::raise,
                                unsigned threads = 0) {
    if (standard_of.size() != t.size())
        throw error("assess_many needs a standard (or the reason there is none) for every row");
    for (const auto k : standard_of) {
        if (k >= static_cast<std::int64_t>(standards.size())) throw error("assess_many: a standard index out of range");
        if (k < 0 && -1 - std::int64_t{k} >= static_cast<std::int64_t>(no_standard.size()))
            throw error("assess_many: a row without a standard has no reason (its index is out of range)");
    }
    std::vector<const Column*> columns;  // names a missing column
    for (const auto& name : findings) columns.push_back(&t[name]);
    std::vector<detail::Rows> rows_of(standards.size(), detail::Rows::run(0, 0));
    std::vector<std::vector<std::size_t>> listed;  // the rows of each standard, when there are several
    const std::int32_t only = standard_of.empty() ? -1 : standard_of.front();
    if (only >= 0 && std::all_of(standard_of.begin(), standard_of.end(), [&](auto k) { return k == only; })) {
        rows_of[static_cast<std::size_t>(only)] = detail::Rows::run(0, t.size());  // one standard (the usual)
    } else {
        listed.resize(standards.size());
        std::vector<std::size_t> count(standards.size(), 0);
        for (const auto k : standard_of)
            if (k >= 0) ++count[static_cast<std::size_t>(k)];
        for (std::size_t s = 0; s < standards.size(); ++s) listed[s].reserve(count[s]);
        for (std::size_t i = 0; i < t.size(); ++i)
            if (standard_of[i] >= 0) listed[static_cast<std::size_t>(standard_of[i])].push_back(i);
        for (std::size_t s = 0; s < standards.size(); ++s) rows_of[s] = detail::Rows(listed[s]);
    }
    // A columnar standard's rows are assessed in `threads` chunks at once (chunk_of); the matches are then
    // gathered row by row, in row order, on this thread, each chunk's clauses shown coded anew.
    if (threads == 0) threads = assess_threads(t.size());
    std::vector<std::vector<detail::AssessedChunk>> chunks(standards.size());
    std::vector<std::size_t> step(standards.size(), 1);  // rows per chunk
    for (std::size_t s = 0; s < standards.size(); ++s) {
        if (rows_of[s].empty() || !detail::columnar(*standards[s])) continue;
        const detail::Rows& rows = rows_of[s];
        const unsigned n = static_cast<unsigned>(std::min<std::size_t>(threads, rows.size()));
        chunks[s].resize(n);
        parallel_chunks(rows.size(), n, [&](unsigned c, std::size_t lo, std::size_t hi) {
            chunks[s][c] = detail::assess_rows(*standards[s], t, findings, rows.subset(lo, hi - lo));
        });
        step[s] = chunk_of(rows.size(), n, 0).second;
    }
    AssessedRows out;
    std::size_t matched = 0;  // by the chunks: the result's size, but for the rows assessed one by one
    for (const auto& of_standard : chunks)
        for (const auto& chunk : of_standard) matched += chunk.item.size();
    out.row.reserve(matched), out.item.reserve(matched), out.why.reserve(matched);
    detail::WhyTexts texts(out.why_texts);
    std::vector<std::vector<std::vector<std::int32_t>>> why_code(standards.size());  // a chunk's code: ours
    for (std::size_t s = 0; s < standards.size(); ++s)
        for (const auto& chunk : chunks[s]) {
            auto& codes = why_code[s].emplace_back();
            for (const auto& text : chunk.why_texts) codes.push_back(texts.intern(text));
        }
    Refusals refusals(out, t.size());
    // Every row under one standard read in chunks (the usual call): the chunks' matches copied to their
    // places in the result each on its own thread, rather than gathered row by row on this one.
    for (std::size_t s = 0; s < standards.size(); ++s) {
        if (rows_of[s].size() != t.size() || chunks[s].empty()) continue;
        const auto& parts = chunks[s];
        const auto n_parts = static_cast<unsigned>(parts.size());
        std::vector<std::size_t> offset(parts.size() + 1, 0);
        for (std::size_t c = 0; c < parts.size(); ++c) offset[c + 1] = offset[c] + parts[c].item.size();
        out.row.resize(offset.back()), out.item.resize(offset.back()), out.why.resize(offset.back());
        const std::vector<Item>& items = standards[s]->items;
        parallel_tasks(parts.size(), n_parts, [&](std::size_t c) {
            // By match, not by row: a loop over each row's matches, most rows having none or one, missed
            // its branch at every other row. A match's row is the chunk's first row plus the number of rows
            // whose matches end at or before it: each row adds 1 where its matches end, and the sums run.
            const detail::AssessedChunk& chunk = parts[c];
            const std::size_t matches = chunk.item.size();
            std::size_t* row_to = out.row.data() + offset[c];
            std::fill(row_to, row_to + matches, std::size_t{0});
            for (const std::uint32_t end : chunk.end)  // a refused row has no match
                if (end < matches) ++row_to[end];
            std::size_t row = chunk_of(t.size(), n_parts, static_cast<unsigned>(c)).first;
            for (std::size_t m = 0; m < matches; ++m) row += row_to[m], row_to[m] = row;
            const std::uint32_t* item = chunk.item.data();
            const std::int32_t *why = chunk.why.data(), *code = why_code[s][c].data();
            const Item* item_0 = items.data();
            const Item** item_to = out.item.data() + offset[c];
            std::int32_t* why_to = out.why.data() + offset[c];
            for (std::size_t m = 0; m < matches; ++m) item_to[m] = item_0 + item[m], why_to[m] = code[why[m]];
        });
        for (std::size_t c = 0; c < parts.size(); ++c) {
            const std::size_t first = chunk_of(t.size(), n_parts, static_cast<unsigned>(c)).first;
            for (std::size_t k = 0; k < parts[c].error.size(); ++k)
                if (const std::int32_t e = parts[c].error[k]; e >= 0) {
                    const input_error& error = parts[c].errors[static_cast<std::size_t>(e)];
                    refusals.refuse(first + k, error.message(), error.where().key);
                }
        }
        refusals.finish(mode);
        return out;
    }
    Findings given;
    // Where the next row of each standard is: its chunk, and its place in it (rows come in order).
    std::vector<std::size_t> chunk_at(standards.size(), 0), place(standards.size(), 0);
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (standard_of[i] < 0) {
            refusals.refuse(i, no_standard[static_cast<std::size_t>(-1 - std::int64_t{standard_of[i]})]);
            continue;
        }
        const auto s = static_cast<std::size_t>(standard_of[i]);
        const Standard& standard = *standards[s];
        if (!chunks[s].empty()) {
            if (place[s] == step[s]) ++chunk_at[s], place[s] = 0;
            const detail::AssessedChunk& chunk = chunks[s][chunk_at[s]];
            const std::vector<std::int32_t>& code = why_code[s][chunk_at[s]];
            const std::size_t k = place[s]++;
            if (chunk.error[k] >= 0) {
                const input_error& e = chunk.errors[static_cast<std::size_t>(chunk.error[k])];
                refusals.refuse(i, e.message(), e.where().key);
                continue;
            }
            for (std::size_t m = k ? chunk.end[k - 1] : 0; m < chunk.end[k]; ++m)
                out.row.push_back(i), out.item.push_back(&standard.items[chunk.item[m]]),
                    out.why.push_back(code[static_cast<std::size_t>(chunk.why[m])]);
            continue;
        }
        given.clear();
        for (std::size_t k = 0; k < columns.size(); ++k)
            if (Value v = finding_of(standard.fact(findings[k]), *columns[k], i);
                !std::holds_alternative<std::monostate>(v))
                given.emplace(findings[k], std::move(v));
        try {
            for (auto& m : assess(standard, given).matched)
                out.row.push_back(i), out.item.push_back(m.item), out.why.push_back(texts.intern(std::move(m.why)));
        } catch (const input_error& e) {
            refusals.refuse(i, e.message(), e.where().key);
        }
    }
    refusals.finish(mode);
    return out;
}

// The same, the rows' standards in a vector (a braced list, say).
inline AssessedRows assess_many(const std::vector<const Standard*>& standards,
                                const std::vector<std::int32_t>& standard_of,
                                const std::vector<std::string>& no_standard, const anjian::Table& t,
                                const std::vector<std::string>& findings, Refusal mode = Refusal::raise,
                                unsigned threads = 0) {
    return assess_many(standards, std::span<const std::int32_t>(standard_of), no_standard, t, findings, mode, threads);
}

}  // namespace anjian::hazard
