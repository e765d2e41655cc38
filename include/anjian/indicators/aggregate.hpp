#pragma once
// The columnar group-by behind the monthly bulletin: event-level records (one row per
// inspection, hazard, case ...) summed into base fields per (unit, month).
//
// The result, MonthlySums, is a mergeable partial aggregate: sums and row counts, never
// ratios, so partial results from files, threads or cluster partitions merge exactly
// (merge is associative and commutative) and rates are derived after the merge.

#include <algorithm>
#include <anjian/cells.hpp>
#include <anjian/columns.hpp>
#include <anjian/error.hpp>
#include <anjian/indicators/catalog.hpp>
#include <anjian/money.hpp>
#include <anjian/parallel.hpp>
#include <anjian/period.hpp>
#include <anjian/refusals.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

namespace anjian::indicators {

// One value column, either int64 or float64 (exactly one pointer set). Money columns hold
// yuan and are summed exactly in fen; count columns must hold non-negative whole numbers.
struct ValueColumn {
    std::string name;
    FieldKind kind = FieldKind::count;
    const std::int64_t* i64 = nullptr;
    const double* f64 = nullptr;
};

// Unit codes 0 .. n_units-1 (negative = missing) of one or four bytes, read where they lie: pandas
// keeps the codes of a categorical of under 128 categories in one byte.
class UnitCodes {
public:
    UnitCodes() = default;
    UnitCodes(std::nullptr_t) {}
    UnitCodes(const std::int8_t* codes) : data_(codes), bytes_(1) {}
    UnitCodes(const std::int32_t* codes) : data_(codes), bytes_(4) {}

    // f(the codes as a pointer of their own type), for loops over many rows.
    template <class F>
    decltype(auto) visit(F&& f) const {
        if (bytes_ == 1) return f(static_cast<const std::int8_t*>(data_));
        return f(static_cast<const std::int32_t*>(data_));
    }
    std::int32_t operator[](std::size_t i) const {
        return visit([i](const auto* codes) -> std::int32_t { return codes[i]; });
    }

private:
    const void* data_ = nullptr;
    int bytes_ = 4;
};

struct EventColumns {
    std::size_t rows = 0;
    UnitCodes unit;                      // codes 0 .. n_units-1; negative = missing
    std::int32_t n_units = 0;
    const std::int64_t* time = nullptr;  // ticks since 1970-01-01; INT64_MIN = missing (NaT)
    std::int64_t ticks_per_day = 1;      // 1 for day numbers, 86'400'000'000'000 for datetime64[ns]
    std::vector<ValueColumn> values;
    std::string unit_name = "unit", time_name = "date";  // the columns errors name
};

struct RowRule {  // values[lesser][row] <= values[greater][row]
    int lesser = -1, greater = -1;
};

// a + b, or an error naming the sum that overflowed (`what` and `field`, joined only then): sums of
// counts and fen stay within 64 bits or are refused.
inline std::int64_t checked_sum(std::int64_t a, std::int64_t b, const char* what, const std::string& field) {
    std::int64_t r = 0;
    if (__builtin_add_overflow(a, b, &r)) [[unlikely]]
        throw input_error(what + field + " exceeds the 64-bit range anjian sums in");
    return r;
}

struct MonthlySums {
    std::vector<std::string> fields;
    std::vector<FieldKind> kinds;
    // One entry per non-empty (unit, month) cell, sorted by unit, then month.
    std::vector<std::int32_t> unit;
    std::vector<std::int32_t> month;  // month ordinal: year * 12 + month - 1
    std::vector<std::int64_t> rows;   // how many input rows fell in the cell
    std::vector<std::int64_t> sums;   // cells x fields, row-major; money in fen

    std::size_t cells() const { return unit.size(); }
    std::int64_t sum(std::size_t cell, std::size_t field) const { return sums[cell * fields.size() + field]; }

    // Exact merge of two partial aggregates over the same fields (unit codes from one dictionary).
    static MonthlySums merge(const MonthlySums& a, const MonthlySums& b) {
        if (a.fields != b.fields) throw error("cannot merge partial aggregates over different fields");
        MonthlySums out;
        out.fields = a.fields;
        out.kinds = a.kinds;
        const std::size_t f = a.fields.size();
        std::size_t i = 0, j = 0;
        auto take = [&](const MonthlySums& s, std::size_t k) {
            out.unit.push_back(s.unit[k]);
            out.month.push_back(s.month[k]);
            out.rows.push_back(s.rows[k]);
            out.sums.insert(out.sums.end(), s.sums.begin() + static_cast<std::ptrdiff_t>(k * f),
                            s.sums.begin() + static_cast<std::ptrdiff_t>((k + 1) * f));
        };
        while (i < a.cells() || j < b.cells()) {
            const bool a_first = j == b.cells() ||
                                 (i < a.cells() && std::pair(a.unit[i], a.month[i]) < std::pair(b.unit[j], b.month[j]));
            const bool same = i < a.cells() && j < b.cells() && a.unit[i] == b.unit[j] && a.month[i] == b.month[j];
            if (same) {
                take(a, i);
                out.rows.back() = checked_sum(out.rows.back(), b.rows[j], "the merged count of rows", "");
                for (std::size_t k = 0; k < f; ++k) {
                    std::int64_t& sum = out.sums[out.sums.size() - f + k];
                    sum = checked_sum(sum, b.sums[j * f + k], "the merged sum of ", a.fields[k]);
                }
                ++i, ++j;
            } else if (a_first) {
                take(a, i++);
            } else {
                take(b, j++);
            }
        }
        return out;
    }
};

namespace detail {

// The reason a value of column c cannot be added, or "" when it can; `add` receives its fen or count.
inline std::string refuse(const ValueColumn& c, std::size_t i, std::int64_t& add) {
    return refuse_cell(c.kind == FieldKind::money, c.i64, c.f64, i, add);
}

// Rows per block: the block's cells (64 KB) stay in L2 while every column is added. Blocks of 16,384 rows
// were faster than blocks of 4,096 (whose cells stayed in L1) by 10-20% on 10 M events, 2 threads
// (BM_AggregateMonthly), and blocks of 1,024 were 1.6x slower: fewer blocks, fewer loop starts per column.
// A block is also what a thread takes at a time (parallel_blocks): 64 in a million rows, so a thread held
// back by the machine's other work leaves at most one for the others to wait for.
inline constexpr std::size_t block_rows = 16384;
// A block of values under this adds under 2^31 in one 32-bit half (CountPairs): 2^17.
inline constexpr std::uint64_t paired_below = (std::uint64_t{1} << 31) / block_rows;

// Adds column `col` of rows [lo, hi) (at most block_rows) into g[cell[i - lo]], the column's slice of a
// column-major grid (one slice of a few KB stays in L1 however the rows fall). The loop adds without
// branching and keeps a flag; a raised flag sends the whole input to row_problems, which names
// every bad row (the sums are then discarded).
inline void accumulate_column(const ValueColumn& c, const std::int32_t* cell, std::size_t lo, std::size_t hi,
                              std::int64_t* grid, char& bad, std::int64_t& peak) {
    // Added as unsigned (wrapping is defined). `peak` gathers the OR of the values added, a bound on
    // the largest (at most twice it) that costs one OR; the caller checks with it whether any sum could
    // have left the int64 range, and if so sums again with every add checked.
    auto* g = reinterpret_cast<std::uint64_t*>(grid);
    bool ok = true;
    std::int64_t bits = 0;  // OR of every value: negative when one is
    if (c.i64 && c.kind == FieldKind::count) {
        for (std::size_t i = lo; i < hi; ++i) {
            bits |= c.i64[i];
            g[cell[i - lo]] += static_cast<std::uint64_t>(c.i64[i]);
        }
        ok = bits >= 0;  // a bad block is added too: its sums are thrown away with the error
    } else if (c.f64 && c.kind == FieldKind::count) {
        for (std::size_t i = lo; i < hi; ++i) {
            const double x = c.f64[i];
            const auto k = static_cast<std::int64_t>(x >= 0.0 && x < 9.0e15 ? x : -1.0);  // NaN and negatives give -1
            ok &= static_cast<double>(k) == x && k >= 0;  // -1.0 itself reads back as -1
            bits |= k;
        }
        if (ok)
            for (std::size_t i = lo; i < hi; ++i) g[cell[i - lo]] += static_cast<std::uint64_t>(c.f64[i]);
    } else if (c.f64) {  // money in yuan, summed in fen, 4,096 rows at a time (a 32 KB buffer on the stack)
        constexpr std::size_t part = 4096;
        std::int64_t fen[part];
        for (std::size_t from = lo; from < hi; from += part) {
            const std::size_t to = std::min(hi, from + part);
            bool read = Money::fen_of_yuan_many(c.f64 + from, to - from, fen, bits);
            if (!read) {  // some amount refused or above 2^51 fen: each read again, as fen_of_yuan reads it
                read = true;
                for (std::size_t i = from; i < to; ++i) {
                    const double x = c.f64[i];
                    read &= Money::fen_of_yuan(x, fen[i - from]) & (fen[i - from] >= 0);  // -1e-10 is 0 fen
                    bits |= fen[i - from];
                }
            }
            if (read)
                for (std::size_t i = from; i < to; ++i) g[cell[i - lo]] += static_cast<std::uint64_t>(fen[i - from]);
            ok &= read;
        }
    } else {  // money in whole yuan
        for (std::size_t i = lo; i < hi; ++i) bits |= c.i64[i];
        ok = bits >= 0 && bits <= std::numeric_limits<std::int64_t>::max() / 100;
        if (ok) {
            bits *= 100;
            for (std::size_t i = lo; i < hi; ++i) g[cell[i - lo]] += static_cast<std::uint64_t>(c.i64[i]) * 100u;
        }
    }
    if (ok)
        peak |= bits;
    else
        bad = 1;
}

// The row count and the int64 count columns, added two at a time: a pair's values go into the two
// 32-bit halves of one word and one scatter-add, which halves the kernel's hottest loop (measured in
// bench_aggregate). A half cannot carry into the other: a block is paired only when its values are under
// paired_below (a block of them adds under 2^31), and the halves are moved into the grid before their
// bound reaches 2^32. A block with a larger value is added column by column instead.
class CountPairs {
public:
    CountPairs(const std::vector<ValueColumn>& values, std::size_t n_cells) : n_cells_(n_cells) {
        std::vector<int> lanes{row_count};
        for (std::size_t c = 0; c < values.size(); ++c)
            if (values[c].i64 && values[c].kind == FieldKind::count) lanes.push_back(static_cast<int>(c));
        paired_.assign(values.size(), false);
        for (std::size_t k = 0; k + 1 < lanes.size(); k += 2) {
            pairs_.push_back({lanes[k], lanes[k + 1], 0});
            for (const int lane : {lanes[k], lanes[k + 1]})
                if (lane != row_count) paired_[static_cast<std::size_t>(lane)] = true;
        }
        halves_.assign(pairs_.size() * n_cells, 0);
    }
    bool paired(std::size_t column) const { return paired_[column]; }
    bool counts_rows() const { return !pairs_.empty(); }

    // Rows [lo, hi) of every pair into `grid` (column-major, the row count last); the OR of each
    // column's values into its `peaks`; `bad` raised by a negative value.
    void add(const EventColumns& in, const std::int32_t* cells, std::size_t lo, std::size_t hi, std::int64_t* grid,
             char& bad, std::int64_t* peaks) {
        for (std::size_t p = 0; p < pairs_.size(); ++p) {
            Pair& pair = pairs_[p];
            const std::int64_t* a = pair.low == row_count ? nullptr : in.values[static_cast<std::size_t>(pair.low)].i64;
            const std::int64_t* b = in.values[static_cast<std::size_t>(pair.high)].i64;
            if (pair.bound >= (std::uint64_t{1} << 31)) move_to_grid(p, grid);  // room for a block
            std::uint64_t* h = halves_.data() + p * n_cells_;
            // One pass reads each value once; a block that turns out to hold a large value is taken
            // out again (the same words subtracted, exact in wrapping arithmetic) and added column by
            // column.
            const auto pass = [&](auto sign, auto with_a) {
                std::uint64_t bits = 0;
                for (std::size_t i = lo; i < hi; ++i) {
                    std::uint64_t x = 1u;
                    if constexpr (with_a) x = static_cast<std::uint64_t>(a[i]);
                    const auto y = static_cast<std::uint64_t>(b[i]);
                    bits |= x | y;
                    if constexpr (sign > 0)
                        h[cells[i - lo]] += x | y << 32;
                    else
                        h[cells[i - lo]] -= x | y << 32;
                }
                return bits;
            };
            const auto both = [&](auto sign) {
                return a ? pass(sign, std::true_type{}) : pass(sign, std::false_type{});
            };
            const std::uint64_t bits = both(std::integral_constant<int, 1>{});
            if (a) peaks[pair.low] |= static_cast<std::int64_t>(bits);  // at least the largest value of either
            peaks[pair.high] |= static_cast<std::int64_t>(bits);
            if (static_cast<std::int64_t>(bits) < 0) {
                bad = 1;  // the sums are thrown away with the error
                return;
            }
            if (bits < paired_below) {
                pair.bound += (hi - lo) * bits;
                continue;
            }
            both(std::integral_constant<int, -1>{});
            add_one(a, cells, lo, hi, slice(grid, pair.low));
            add_one(b, cells, lo, hi, slice(grid, pair.high));
        }
    }
    // Every pair's halves into `grid`; called once the last block is added.
    void finish(std::int64_t* grid) {
        for (std::size_t p = 0; p < pairs_.size(); ++p) move_to_grid(p, grid);
    }

private:
    static constexpr int row_count = -1;  // the lane of the row count: a 1 per row
    struct Pair {
        int low, high;       // columns (or row_count) in the low and the high half
        std::uint64_t bound;  // at least the largest half since the halves were last moved
    };
    std::uint64_t* slice(std::int64_t* grid, int lane) const {
        const std::size_t field = lane == row_count ? paired_.size() : static_cast<std::size_t>(lane);
        return reinterpret_cast<std::uint64_t*>(grid) + field * n_cells_;
    }
    static void add_one(const std::int64_t* v, const std::int32_t* cells, std::size_t lo, std::size_t hi,
                        std::uint64_t* g) {
        if (v)
            for (std::size_t i = lo; i < hi; ++i) g[cells[i - lo]] += static_cast<std::uint64_t>(v[i]);
        else
            for (std::size_t i = lo; i < hi; ++i) ++g[cells[i - lo]];
    }
    void move_to_grid(std::size_t p, std::int64_t* grid) {
        std::uint64_t *h = halves_.data() + p * n_cells_, *low = slice(grid, pairs_[p].low),
                      *high = slice(grid, pairs_[p].high);
        for (std::size_t c = 0; c < n_cells_; ++c) {
            low[c] += h[c] & 0xFFFF'FFFFu;
            high[c] += h[c] >> 32;
            h[c] = 0;
        }
        pairs_[p].bound = 0;
    }

    std::size_t n_cells_;
    std::vector<Pair> pairs_;
    std::vector<bool> paired_;
    std::vector<std::uint64_t> halves_;  // pairs x cells
};

inline double value_at(const ValueColumn& c, std::size_t i) { return c.i64 ? static_cast<double>(c.i64[i]) : c.f64[i]; }
inline std::string value_text(const ValueColumn& c, std::size_t i) {
    return c.i64 ? std::to_string(c.i64[i]) : number_text(c.f64[i]);
}

// Whether a row breaks rule a <= b: two int64 columns compared exactly, others as doubles.
inline bool greater_at(const ValueColumn& a, const ValueColumn& b, std::size_t i) {
    return a.i64 && b.i64 ? a.i64[i] > b.i64[i] : value_at(a, i) > value_at(b, i);
}

// Whether a row of [lo, hi) breaks rule a <= b. Two int64 columns are compared by the sign of b - a
// (wrapping), which vectorizes: exact where both values are non-negative, and a block with a negative
// value is refused by the value checks anyway.
inline bool any_greater(const ValueColumn& a, const ValueColumn& b, std::size_t lo, std::size_t hi) {
    if (a.i64 && b.i64) {
        std::uint64_t negative = 0;
        for (std::size_t i = lo; i < hi; ++i)
            negative |= static_cast<std::uint64_t>(b.i64[i]) - static_cast<std::uint64_t>(a.i64[i]);
        return static_cast<std::int64_t>(negative) < 0;
    }
    bool greater = false;
    for (std::size_t i = lo; i < hi; ++i) greater |= greater_at(a, b, i);
    return greater;
}

// Every bad row of the events, each with its first problem (unit, date, the value columns in
// order, then the row rules), into `out`. Run only once the fast passes found that some row is bad.
inline void row_problems(const EventColumns& in, std::span<const RowRule> rules, Refusals& out) {
    for (std::size_t i = 0; i < in.rows; ++i) {
        std::string field, why;
        if (in.time[i] == std::numeric_limits<std::int64_t>::min()) {
            field = in.time_name, why = "missing date (NaT)";
        } else if (in.unit[i] < 0 || in.unit[i] >= in.n_units) {
            field = in.unit_name, why = "missing or unknown unit";
        } else {
            for (const auto& c : in.values) {
                std::int64_t add = 0;
                if (why = refuse(c, i, add); !why.empty()) {
                    field = c.name;
                    break;
                }
            }
            for (const RowRule& r : rules) {
                if (!why.empty()) break;
                const auto &a = in.values[static_cast<std::size_t>(r.lesser)],
                           &b = in.values[static_cast<std::size_t>(r.greater)];
                if (greater_at(a, b, i))
                    field = a.name,
                    why = a.name + " (" + value_text(a, i) + ") exceeds " + b.name + " (" + value_text(b, i) + ")";
            }
        }
        if (!why.empty()) out.refuse(i, why, field);
    }
}

// The events without the refused rows (copies: a path taken only when some row was refused).
struct KeptRows {
    EventColumns in;
    std::vector<std::int32_t> unit;
    std::vector<std::int64_t> time;
    std::vector<std::vector<std::int64_t>> integers;
    std::vector<std::vector<double>> reals;

    KeptRows(const EventColumns& all, const RowStatus& status) : in(all) {
        auto keep = [&](const auto& from, auto& to) {
            to.reserve(all.rows + 1);  // never a null pointer, even with no row kept
            for (std::size_t i = 0; i < all.rows; ++i)
                if (status.ok(i)) to.push_back(from[i]);
            return to.data();
        };
        in.unit = keep(all.unit, unit);
        in.time = keep(all.time, time);
        integers.resize(all.values.size()), reals.resize(all.values.size());
        for (std::size_t c = 0; c < all.values.size(); ++c) {
            ValueColumn& v = in.values[c];
            if (v.i64) v.i64 = keep(v.i64, integers[c]);
            if (v.f64) v.f64 = keep(v.f64, reals[c]);
        }
        in.rows = unit.size();
    }
};

}  // namespace detail

namespace detail {

// The month of a tick, counted from the input's first month m0: the days since the first day's first
// tick (an unsigned division, one multiplication for a constant resolution) index a table of their
// months for spans up to 2^16 days, and the calendar's arithmetic beyond.
class MonthOfTick {
public:
    MonthOfTick(std::int64_t first_day, std::int64_t last_day, std::int64_t ticks_per_day, std::int32_t m0)
        : first_day_(first_day),
          // Wrapping: the first day's first tick may lie below INT64_MIN (a first tick near it); the
          // differences taken from it are right modulo 2^64, and they are under 2^64.
          first_tick_(static_cast<std::uint64_t>(first_day) * static_cast<std::uint64_t>(ticks_per_day)),
          m0_(m0) {
        const std::int64_t days = std::min<std::int64_t>(last_day - first_day + 1, std::int64_t{1} << 16);
        table_.resize(static_cast<std::size_t>(days));
        for (std::int64_t d = 0; d < days; ++d)
            table_[static_cast<std::size_t>(d)] = month_ordinal_from_days(first_day + d) - m0;
    }
    template <class PerDay>
    std::int32_t operator()(std::int64_t tick, PerDay per_day) const {
        const std::uint64_t day =
            (static_cast<std::uint64_t>(tick) - first_tick_) / static_cast<std::uint64_t>(per_day);
        return day < table_.size() ? table_[day]
                                   : month_ordinal_from_days(first_day_ + static_cast<std::int64_t>(day)) - m0_;
    }

private:
    std::int64_t first_day_;
    std::uint64_t first_tick_;
    std::int32_t m0_;
    std::vector<std::int32_t> table_;
};

// The threads `threads = 0` means: one below the size at which a second thread was measured to pay
// (benchmarks/bench_aggregate.cpp, BM_AggregateThreadCrossover: slower at 32,768 rows, faster at
// 65,536), else every core.
inline unsigned automatic_threads(std::size_t rows) {
    return threads_from(rows, std::size_t{1} << 16);
}

inline constexpr std::int64_t day_1400 = -208'188, day_10000 = 2'932'897;  // 1400-01-01 and 10000-01-01

// Every tick of the input lies in [first, last].
struct TickRange {
    std::int64_t first = 0, last = 0;
    bool widened = false;  // wider than the ticks: a sample's range with a margin
    std::int64_t months(std::int64_t ticks_per_day) const {
        return static_cast<std::int64_t>(month_ordinal_from_days(floor_days(last, ticks_per_day))) -
               month_ordinal_from_days(floor_days(first, ticks_per_day)) + 1;
    }
};

// The exact range of the ticks; nullopt when a row has no date (NaT, the smallest tick) or a unit outside
// 0 .. n_units-1. Scalar: SSE2 has no 64-bit minimum.
inline std::optional<TickRange> exact_tick_range(const EventColumns& in, unsigned threads) {
    std::vector<std::int64_t> lo_tick(threads, std::numeric_limits<std::int64_t>::max()),
        hi_tick(threads, std::numeric_limits<std::int64_t>::min());
    std::vector<std::int32_t> lo_unit(threads, std::numeric_limits<std::int32_t>::max()),
        hi_unit(threads, std::numeric_limits<std::int32_t>::min());
    parallel_blocks(in.rows, threads, block_rows, [&](unsigned t, auto next) {
        in.unit.visit([&](const auto* unit) {
            std::int64_t t0 = lo_tick[t], t1 = hi_tick[t];
            std::int32_t u0 = lo_unit[t], u1 = hi_unit[t];
            while (const auto rows = next())
                for (std::size_t i = rows->first; i < rows->second; ++i) {
                    t0 = std::min(t0, in.time[i]), t1 = std::max(t1, in.time[i]);
                    u0 = std::min<std::int32_t>(u0, unit[i]), u1 = std::max<std::int32_t>(u1, unit[i]);
                }
            lo_tick[t] = t0, hi_tick[t] = t1, lo_unit[t] = u0, hi_unit[t] = u1;
        });
    });
    TickRange out{*std::min_element(lo_tick.begin(), lo_tick.end()),
                  *std::max_element(hi_tick.begin(), hi_tick.end()), false};
    if (out.first == std::numeric_limits<std::int64_t>::min() ||
        *std::min_element(lo_unit.begin(), lo_unit.end()) < 0 ||
        *std::max_element(hi_unit.begin(), hi_unit.end()) >= in.n_units)
        return std::nullopt;
    return out;
}

// The rows a sample reads at the start, the middle and the end of the input: sorted input has its
// extremes there, shuffled input nearly so.
inline constexpr std::size_t sample_rows = 1024;

// The range of the sampled rows' ticks widened by 31 days each way; nullopt when a sampled row has no
// date or the range would leave int64 or the years 1400..9999 (the exact range decides those).
inline std::optional<TickRange> sampled_tick_range(const EventColumns& in) {
    const std::size_t n = in.rows;
    std::int64_t lo = std::numeric_limits<std::int64_t>::max(), hi = std::numeric_limits<std::int64_t>::min();
    for (const std::size_t from : {std::size_t{0}, (n - sample_rows) / 2, n - sample_rows})
        for (std::size_t i = from; i < from + sample_rows; ++i)
            lo = std::min(lo, in.time[i]), hi = std::max(hi, in.time[i]);
    TickRange out{0, 0, true};
    std::int64_t margin = 0;
    if (lo == std::numeric_limits<std::int64_t>::min() || __builtin_mul_overflow(in.ticks_per_day, 31, &margin) ||
        __builtin_sub_overflow(lo, margin, &out.first) ||
        __builtin_add_overflow(hi, margin, &out.last) ||
        static_cast<std::uint64_t>(out.last) - static_cast<std::uint64_t>(out.first) >= std::uint64_t{1} << 63 ||
        floor_days(out.first, in.ticks_per_day) < day_1400 || floor_days(out.last, in.ticks_per_day) >= day_10000)
        return std::nullopt;
    return out;
}

// Whether every tick lies in `range` and every unit code in 0 .. n_units-1. Vectorized: a tick t is in
// [first, last] when u = t - first (wrapping) is at most last - first < 2^63, that is when neither u nor
// (last - first) - u has the sign bit; a code when its unsigned value is below n_units (a negative one
// wraps above every code of its width).
inline bool all_inside(const EventColumns& in, const TickRange& range, unsigned threads) {
    const auto first = static_cast<std::uint64_t>(range.first);
    const std::uint64_t width = static_cast<std::uint64_t>(range.last) - first;
    std::vector<char> inside(threads, 1);
    parallel_blocks(in.rows, threads, block_rows, [&](unsigned t, auto next) {
        in.unit.visit([&](const auto* unit) {
            using Code = std::remove_cv_t<std::remove_pointer_t<decltype(unit)>>;
            using Unsigned = std::make_unsigned_t<Code>;
            std::uint64_t outside = 0;  // the sign bit: some tick outside
            Unsigned top = 0;
            while (const auto rows = next()) {
                for (std::size_t i = rows->first; i < rows->second; ++i) {
                    const std::uint64_t u = static_cast<std::uint64_t>(in.time[i]) - first;
                    outside |= u | (width - u);
                }
                for (std::size_t i = rows->first; i < rows->second; ++i)
                    top = std::max(top, static_cast<Unsigned>(unit[i]));
            }
            inside[t] = static_cast<std::int64_t>(outside) >= 0 && top <= std::numeric_limits<Code>::max() &&
                        static_cast<std::int64_t>(top) < in.n_units;
        });
    });
    return std::find(inside.begin(), inside.end(), 0) == inside.end();
}

// Pass 1: a range every tick lies in, from a sample when a vectorized pass confirms it, else the exact one
// (the whole kernel on 1 M events: 4.4 ms on 2 threads against 4.8 with the exact pass alone); nullopt when
// a row has no date or no known unit.
inline std::optional<TickRange> tick_range(const EventColumns& in, unsigned threads) {
    if (in.rows > 3 * sample_rows)
        if (const auto sampled = sampled_tick_range(in); sampled && all_inside(in, *sampled, threads)) return sampled;
    return exact_tick_range(in, threads);
}

// The sums when every row is good; nullopt as soon as a pass sees a bad row (the caller then
// names them all, or sets them aside).
inline std::optional<MonthlySums> sums_if_clean(const EventColumns& in, std::span<const RowRule> rules,
                                                unsigned threads) {
    const std::size_t n = in.rows, nf = in.values.size();
    if (in.ticks_per_day <= 0) throw error("ticks_per_day must be positive");
    for (const auto& c : in.values)
        if ((c.i64 == nullptr) == (c.f64 == nullptr))
            throw error("value column '" + c.name + "' needs exactly one data pointer");
    if (threads == 0) threads = automatic_threads(n);

    MonthlySums out;
    for (const auto& c : in.values) out.fields.push_back(c.name), out.kinds.push_back(c.kind);
    if (n == 0) return out;

    // Pass 1: the range of the ticks, and every row checked to have a date and a known unit. No month per
    // row is stored: the cells are computed block by block in pass 2 (a month column of n rows cost more
    // in page faults than it saved).
    const std::size_t stride = nf + 1;  // the last slot of a cell counts rows
    const auto dense_for = [&](std::int64_t span) {  // one grid of units x months per thread fits 32 MB
        return static_cast<std::int64_t>(in.n_units) * span * static_cast<std::int64_t>(stride * threads) <=
               (std::int64_t{32} << 20);
    };
    auto range = tick_range(in, threads);
    if (!range) return std::nullopt;
    if (range->widened && !dense_for(range->months(in.ticks_per_day)))  // the days added may have tipped the grid over
        range = exact_tick_range(in, threads);
    const std::int64_t first_day = floor_days(range->first, in.ticks_per_day);
    const std::int64_t last_day = floor_days(range->last, in.ticks_per_day);
    if (first_day < day_1400 || last_day >= day_10000) throw input_error("dates outside the years 1400..9999");
    const std::int32_t m0 = month_ordinal_from_days(first_day), m1 = month_ordinal_from_days(last_day);
    const MonthOfTick month_of_tick(first_day, last_day, in.ticks_per_day, m0);
    std::vector<char> bad(threads, 0);  // a thread saw a bad row
    const std::int64_t span = static_cast<std::int64_t>(m1) - m0 + 1;

    // Cell of each row: a dense grid when units x months is small enough for one grid per
    // thread, otherwise the distinct (unit, month) pairs numbered through a hash table.
    const std::int64_t dense_cells = static_cast<std::int64_t>(in.n_units) * span;
    const bool dense = dense_for(span);
    // The hashed path numbers cells up front; the dense one computes them block by block in pass 2.
    std::vector<std::int32_t> cell;
    std::vector<std::int32_t> cell_unit, cell_month;
    std::size_t n_cells = 0;
    if (dense) {
        n_cells = static_cast<std::size_t>(dense_cells);
    } else {
        cell.resize(n);
        std::unordered_map<std::int64_t, std::int32_t> ids;
        with_ticks_per_day(in.ticks_per_day, [&](auto per_day) {
            for (std::size_t i = 0; i < n; ++i) {
                const std::int32_t month = month_of_tick(in.time[i], per_day);
                const std::int64_t key = static_cast<std::int64_t>(in.unit[i]) * span + month;
                const auto [it, fresh] = ids.try_emplace(key, static_cast<std::int32_t>(ids.size()));
                if (fresh) cell_unit.push_back(in.unit[i]), cell_month.push_back(m0 + month);
                cell[i] = it->second;
            }
        });
        n_cells = ids.size();
    }

    // Pass 2: per-thread column-major grids of sums (field f of cell c at f * n_cells + c; the
    // row count is field nf), then added together.
    std::vector<std::vector<std::int64_t>> grids(threads);
    std::vector<std::int64_t> peaks(static_cast<std::size_t>(threads) * nf, 0);  // bound on the values, per field
    parallel_blocks(n, threads, detail::block_rows, [&](unsigned t, auto next) {
        auto& grid = grids[t];
        grid.assign(n_cells * stride, 0);
        std::int64_t* counts = grid.data() + nf * n_cells;
        detail::CountPairs pairs(in.values, n_cells);
        std::vector<std::int32_t> local(dense ? detail::block_rows : 0);
        while (const auto rows = next()) {  // a block of at most block_rows
            const auto [lo, hi] = *rows;
            const std::int32_t* cells = dense ? local.data() : cell.data() + lo;  // cells[i - lo] for row i
            if (dense)
                with_ticks_per_day(in.ticks_per_day, [&](auto per_day) {
                    in.unit.visit([&](const auto* unit) {
                        for (std::size_t i = lo; i < hi; ++i)
                            local[i - lo] =
                                static_cast<std::int32_t>(unit[i] * span + month_of_tick(in.time[i], per_day));
                    });
                });
            pairs.add(in, cells, lo, hi, grid.data(), bad[t], peaks.data() + t * nf);
            if (!pairs.counts_rows())
                for (std::size_t i = lo; i < hi; ++i) ++counts[cells[i - lo]];
            for (std::size_t c = 0; c < nf; ++c)
                if (!pairs.paired(c))
                    detail::accumulate_column(in.values[c], cells, lo, hi, grid.data() + c * n_cells, bad[t],
                                              peaks[t * nf + c]);
            for (const RowRule& r : rules) {
                const auto &a = in.values[static_cast<std::size_t>(r.lesser)],
                           &b = in.values[static_cast<std::size_t>(r.greater)];
                if (detail::any_greater(a, b, lo, hi)) bad[t] = 1;
            }
        }
        pairs.finish(grid.data());
    });
    if (std::find(bad.begin(), bad.end(), 1) != bad.end()) return std::nullopt;
    auto& total = grids[0];
    for (unsigned t = 1; t < threads; ++t)  // unsigned: wrapping is defined; the check below refuses it
        for (std::size_t k = 0; k < total.size(); ++k)
            total[k] = static_cast<std::int64_t>(static_cast<std::uint64_t>(total[k]) +
                                                 static_cast<std::uint64_t>(grids[t][k]));
    // n rows of at most `peak` each cannot leave int64; otherwise every add of the field is checked.
    for (std::size_t f = 0; f < nf; ++f) {
        std::int64_t peak = 0;
        for (unsigned t = 0; t < threads; ++t) peak |= peaks[t * nf + f];
        if (peak == 0 || static_cast<std::int64_t>(n) <= std::numeric_limits<std::int64_t>::max() / peak) continue;
        std::vector<std::int64_t> exact(n_cells, 0);
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t c =
                dense ? static_cast<std::size_t>(in.unit[i] * span +
                                                 month_of_tick(in.time[i], in.ticks_per_day))
                      : static_cast<std::size_t>(cell[i]);
            std::int64_t add = 0;
            detail::refuse(in.values[f], i, add);
            if (__builtin_add_overflow(exact[c], add, &exact[c])) {
                Location where;
                where.row = static_cast<std::int64_t>(i);
                where.field = in.values[f].name;
                throw input_error("with this row the sum of " + in.values[f].name +
                                      " for its unit and month exceeds the 64-bit range anjian sums in",
                                  where);
            }
        }
    }

    std::vector<std::size_t> order;
    for (std::size_t c = 0; c < n_cells; ++c)
        if (total[nf * n_cells + c] > 0) order.push_back(c);
    auto unit_of = [&](std::size_t c) {
        return dense ? static_cast<std::int32_t>(static_cast<std::int64_t>(c) / span) : cell_unit[c];
    };
    auto month_of = [&](std::size_t c) {
        return dense ? static_cast<std::int32_t>(m0 + static_cast<std::int64_t>(c) % span) : cell_month[c];
    };
    if (!dense)
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return std::pair(unit_of(a), month_of(a)) < std::pair(unit_of(b), month_of(b));
        });
    for (const std::size_t c : order) {
        out.unit.push_back(unit_of(c));
        out.month.push_back(month_of(c));
        out.rows.push_back(total[nf * n_cells + c]);
        for (std::size_t f = 0; f < nf; ++f) out.sums.push_back(total[f * n_cells + c]);
    }
    return out;
}

}  // namespace detail

// Sums every value column per (unit, month). threads = 0: one per core, or one for inputs under 64k
// rows (where a second thread costs more than it saves). A row with a missing unit or date, NaN, a
// negative or fractional count, money that is not whole fen, or a broken row rule is refused: with
// Refusal::raise every refused row is named in one error; with Refusal::status the other rows are
// summed and `status` says per row why one was left out.
inline MonthlySums aggregate_monthly(const EventColumns& in, std::span<const RowRule> rules = {},
                                     unsigned threads = 0, Refusal mode = Refusal::raise,
                                     RowStatus* status = nullptr) {
    if (auto sums = detail::sums_if_clean(in, rules, threads)) return std::move(*sums);
    RowStatus own;
    RowStatus& out = status ? *status : own;
    out = {};
    Refusals refusals(out, in.rows);
    detail::row_problems(in, rules, refusals);
    refusals.finish(mode);
    if (out.refused.empty()) throw error("aggregate_monthly: a pass saw a bad row that no check names");
    const detail::KeptRows kept(in, out);
    auto sums = detail::sums_if_clean(kept.in, rules, threads);
    if (!sums) throw error("aggregate_monthly: rows left after refusals are still refused");
    return std::move(*sums);
}

// The events as the one column type: `unit` holds codes 0 .. n_units-1 (whole numbers), `date` dates,
// and each field of `fields` numbers. The kernel reads int32 codes, int64 ticks and int64/float64
// values where they lie; a column of another width, or with missing cells (the kernel's sentinels
// then name every one), is copied once. Refusals as for the kernel above.
inline MonthlySums aggregate_monthly(const anjian::Table& t, const std::string& unit, std::int32_t n_units,
                                     const std::string& date,
                                     const std::vector<std::pair<std::string, FieldKind>>& fields,
                                     std::span<const RowRule> rules = {}, unsigned threads = 0,
                                     Refusal mode = Refusal::raise, RowStatus* status = nullptr) {
    const std::size_t n = t.size();
    std::vector<std::int32_t> unit_codes;
    std::vector<std::int64_t> days;
    std::vector<std::vector<std::int64_t>> integers;
    std::vector<std::vector<double>> reals;
    EventColumns in;
    in.rows = n;
    in.n_units = n_units;
    in.unit_name = unit, in.time_name = date;
    const Column& codes = t.integers(unit);
    if (codes.type == ColumnType::int8 && !codes.validity)  // a categorical's codes, read where they lie
        in.unit = codes.values<std::int8_t>();
    else
        in.unit = codes.codes(unit_codes, n_units);
    const Column& d = t.dates(date);
    if (d.type == ColumnType::timestamp && !d.validity) {
        in.time = d.values<std::int64_t>(), in.ticks_per_day = d.ticks_per_day;
    } else {  // days, with the kernel's NaT
        in.time = d.int64s(days, std::numeric_limits<std::int64_t>::min()), in.ticks_per_day = 1;
    }
    reals.reserve(fields.size()), integers.reserve(fields.size());
    for (const auto& [name, kind] : fields) {
        const Column& c = t.numbers(name);
        ValueColumn v;
        v.name = name;
        v.kind = kind;
        c.as_values(integers.emplace_back(), reals.emplace_back(), v.i64, v.f64);
        in.values.push_back(std::move(v));
    }
    return aggregate_monthly(in, rules, threads, mode, status);
}

// Base-field totals of every unit over a period made of whole months: sums, or for `mean`
// fields the mean over the months the unit reported. Column-major: value(field, unit).
struct PeriodTotals {
    std::int32_t n_units = 0;
    std::vector<std::int32_t> months_reported;  // per unit; 0 = no report in the period
    std::vector<std::int64_t> sums;             // fields x units
    std::vector<double> values;                 // fields x units, the aggregation applied; NaN if no report
    double value(std::size_t field, std::size_t unit) const {
        return values[field * static_cast<std::size_t>(n_units) + unit];
    }
    std::int64_t sum(std::size_t field, std::size_t unit) const {
        return sums[field * static_cast<std::size_t>(n_units) + unit];
    }
};

inline PeriodTotals period_totals(const MonthlySums& s, const Period& period, std::int32_t n_units,
                                  std::span<const Aggregation> how) {
    if (!period.month_aligned())
        throw error("period " + period.str() + " does not cover whole months: monthly reports cannot be cut to it");
    if (how.size() != s.fields.size()) throw error("period_totals: one aggregation per field needed");
    const std::size_t nf = s.fields.size(), nu = static_cast<std::size_t>(n_units);
    PeriodTotals t;
    t.n_units = n_units;
    t.months_reported.assign(nu, 0);
    t.sums.assign(nf * nu, 0);
    t.values.assign(nf * nu, std::numeric_limits<double>::quiet_NaN());
    const std::int32_t first = period.first_month(), last = period.last_month();
    for (std::size_t c = 0; c < s.cells(); ++c) {
        if (s.month[c] < first || s.month[c] > last) continue;
        const auto u = static_cast<std::size_t>(s.unit[c]);
        if (u >= nu) throw error("unit code out of range in partial aggregate");
        ++t.months_reported[u];
        for (std::size_t f = 0; f < nf; ++f)
            t.sums[f * nu + u] = checked_sum(t.sums[f * nu + u], s.sum(c, f), "the period's sum of ", s.fields[f]);
    }
    for (std::size_t f = 0; f < nf; ++f)
        for (std::size_t u = 0; u < nu; ++u) {
            if (t.months_reported[u] == 0) continue;
            double v = static_cast<double>(t.sums[f * nu + u]);
            if (s.kinds[f] == FieldKind::money) v /= 100.0;  // yuan, for ratios
            if (how[f] == Aggregation::mean) v /= t.months_reported[u];
            t.values[f * nu + u] = v;
        }
    return t;
}

// Indicators from period totals: ratio of sums, evaluated once per unit. Values are
// units x indicators (row-major); zero_division names the indicator's failing denominator id.
struct IndicatorValues {
    std::size_t n_units = 0, n_indicators = 0;
    std::vector<double> values;
    std::vector<std::int16_t> zero_division;
    double at(std::size_t unit, std::size_t ind) const { return values[unit * n_indicators + ind]; }
};

inline IndicatorValues evaluate(const Catalog& catalog, const PeriodTotals& totals, std::span<const int> which) {
    IndicatorValues out;
    out.n_units = static_cast<std::size_t>(totals.n_units);
    out.n_indicators = which.size();
    out.values.assign(out.n_units * out.n_indicators, std::numeric_limits<double>::quiet_NaN());
    out.zero_division.assign(out.values.size(), -1);
    std::vector<double> column(out.n_units);
    std::vector<std::int16_t> zero(out.n_units);
    std::vector<const double*> inputs;
    for (std::size_t k = 0; k < which.size(); ++k) {
        const Indicator& ind = catalog.indicators.at(static_cast<std::size_t>(which[k]));
        inputs.clear();
        for (const int f : ind.field_index)
            inputs.push_back(totals.values.data() + static_cast<std::size_t>(f) * out.n_units);
        ind.formula.evaluate(inputs, out.n_units, column.data(), zero.data());
        for (std::size_t u = 0; u < out.n_units; ++u) {
            out.values[u * out.n_indicators + k] = column[u];
            out.zero_division[u * out.n_indicators + k] = zero[u];
        }
    }
    return out;
}

// The catalogue's indicators over `period`, straight from records (events or monthly reports):
// `unit` codes 0 .. n_units-1, `date` dates, and base fields; a base field that is not a column
// counts as zero, and an indicator that needs one is left without a value (`absent`). Rows are
// checked as the catalogue's checks say, then summed per (unit, month), the months of the period
// totalled, and every indicator in force at the period's end derived from the totals.
struct Computed {
    std::vector<int> which;      // the indicators computed (catalogue indexes)
    std::vector<bool> absent;    // per computed indicator: a field it needs is not a column
    PeriodTotals totals;
    IndicatorValues values;

    // Where indicator `code` is among the computed ones (values.at(unit, k)); an error when the
    // catalogue has no such indicator or it was not in force at the period's end.
    std::size_t index_of(const Catalog& catalog, std::string_view code) const {
        const int i = catalog.indicator_index(code);
        for (std::size_t k = 0; k < which.size(); ++k)
            if (which[k] == i) return k;
        catalog.indicator(code);  // names the indicators there are when `code` is none of them
        throw error("indicator '" + std::string(code) + "' is not in force at the period's end");
    }
};

inline Computed compute(const Catalog& catalog, const anjian::Table& records, const std::string& unit,
                        std::int32_t n_units, const std::string& date, const Period& period, unsigned threads = 0) {
    Computed out;
    anjian::Table t(records.rows());
    for (const auto& column : records.columns()) t.add(column);  // views of the caller's buffers
    std::vector<std::pair<std::string, FieldKind>> fields;
    std::vector<bool> present;
    for (const auto& f : catalog.fields) {
        fields.emplace_back(f.code, f.kind);
        present.push_back(records.find(f.code) != nullptr);
        if (!present.back()) t.own(f.code, std::vector<std::int64_t>(records.size(), 0));
    }
    std::vector<RowRule> checks;
    for (const auto& c : catalog.checks) checks.push_back({c.lesser_index, c.greater_index});
    const MonthlySums sums = aggregate_monthly(t, unit, n_units, date, fields, checks, threads);
    std::vector<Aggregation> how;
    for (const auto& f : catalog.fields) how.push_back(f.aggregation);
    out.totals = period_totals(sums, period, n_units, how);
    for (std::size_t k = 0; k < catalog.indicators.size(); ++k) {
        const Indicator& ind = catalog.indicators[k];
        if (!ind.in_force(period.end())) continue;
        out.which.push_back(static_cast<int>(k));
        bool absent = false;
        for (const int f : ind.field_index) absent = absent || !present[static_cast<std::size_t>(f)];
        out.absent.push_back(absent);
    }
    out.values = evaluate(catalog, out.totals, out.which);
    return out;
}

}  // namespace anjian::indicators
