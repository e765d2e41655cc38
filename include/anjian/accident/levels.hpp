#pragma once
// Accident levels of 生产安全事故报告和调查处理条例 (国务院令第493号) 第三条, the government that
// investigates and the offices a report climbs. The thresholds, their boundary reading and the
// offices come from a rule pack (rules/national/accidents.yaml); nothing legal is written here.

#include <anjian/cells.hpp>
#include <anjian/columns.hpp>
#include <anjian/refusals.hpp>
#include <anjian/error.hpp>
#include <anjian/money.hpp>
#include <anjian/parallel.hpp>
#include <anjian/rules/pack.hpp>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace anjian::accident {

enum class Level : std::int8_t { general = 1, larger = 2, major = 3, especially_major = 4 };

// The three criteria of 第三条, as bits: which ones reach the level decided.
enum Criterion : std::uint8_t { deaths = 1, serious_injuries = 2, direct_loss = 4 };
inline constexpr std::array<const char*, 3> criterion_codes = {"deaths", "serious_injuries", "direct_loss_yuan"};
inline constexpr std::array<const char*, 4> level_codes = {"general", "larger", "major", "especially_major"};

struct LevelInfo {
    std::string name_zh;          // 一般事故
    std::string investigated_by;  // 事故发生地县级人民政府
    int reported_up_to = 0;       // index into Rules::chain of the highest office told
};

struct Reporting {
    int unit_to_authority_minutes = 60;
    int per_escalation_minutes = 120;
    int regrade_days = 30;
    int regrade_days_short = 7;
    std::vector<std::string> short_window_types;
    int investigation_report_days = 60;
    int investigation_extension_days = 60;
    std::string source;
    std::string counting;
};

struct Classification {
    Level level = Level::general;
    std::uint8_t decided_by = 0;  // Criterion bits reaching `level`; 0 for 一般 (no criterion reaches 较大)
};

// Investigating bodies a sector's own regulation sets in place of 第十九条's governments, while in
// force (煤矿安全生产条例 第六十条: coal-mine accidents from 2024-05-01; 第四十五条 of 493号令 defers).
struct SectorInvestigation {
    std::string sector;  // "coal"
    rules::Effective effective;
    std::array<std::string, 4> investigated_by;  // per level; empty: the level's default body
    std::string source;
};

struct Rules {
    rules::PackInfo pack;
    std::string source;
    rules::Effective effective;
    bool lower_inclusive = true;  // "以上包括本数": x >= bound reaches the level; false: x > bound
    std::string bounds_source;
    // lower[c][k]: the bound of level k+2 (较大, 重大, 特别重大) for criterion c; loss in fen.
    std::array<std::array<std::int64_t, 3>, 3> lower{};
    std::array<std::string, 3> criterion_zh;
    std::array<LevelInfo, 4> levels;
    std::string levels_source;
    std::vector<std::string> chain;
    Reporting reporting;
    std::vector<SectorInvestigation> sector_investigation;

    const LevelInfo& info(Level l) const { return levels[static_cast<std::size_t>(l) - 1]; }

    // Who investigates an accident of level `l` in `sector` that happened on `day`, and the rule that
    // says so (the sector's regulation, or levels_source for 第十九条).
    std::pair<const std::string&, const std::string&> investigated_by(Level l, const std::string& sector,
                                                                      const date& day) const {
        const auto k = static_cast<std::size_t>(l) - 1;
        for (const auto& s : sector_investigation)
            if (s.sector == sector && s.effective.contains(day) && !s.investigated_by[k].empty())
                return {s.investigated_by[k], s.source};
        return {levels[k].investigated_by, levels_source};
    }

    // The highest level any criterion reaches. Negative counts or losses are an input_error.
    Classification classify(std::int64_t deaths, std::int64_t serious_injuries, Money direct_loss) const;

    // The level one criterion reaches (1..4): branch-free enough for column loops.
    int level_of(std::int64_t x, const std::array<std::int64_t, 3>& bounds) const {
        int level = 1;
        for (const std::int64_t b : bounds) level += lower_inclusive ? (x >= b) : (x > b);
        return level;
    }

    // Why: "死亡人数 12 reaches 重大事故 (10 以上)".
    std::string explain(std::int64_t deaths, std::int64_t serious_injuries, Money direct_loss) const;
};

inline std::string Rules::explain(std::int64_t d, std::int64_t s, Money loss) const {
    const Classification c = classify(d, s, loss);
    const std::int64_t x[3] = {d, s, loss.fen()};
    const auto show = [&](std::size_t i, std::int64_t v) {
        return i == 2 ? Money::from_fen(v).yuan_str() + "元" : std::to_string(v);
    };
    const auto rel = std::string(lower_inclusive ? " 以上" : " 超过");
    if (c.level == Level::general) {
        std::string out = "no criterion reaches " + levels[1].name_zh + " (";
        for (std::size_t i = 0; i < 3; ++i)
            out += (i ? ", " : "") + criterion_zh[i] + " " + show(i, x[i]) + " < " + show(i, lower[i][0]);
        return out + ") -> " + levels[0].name_zh;
    }
    const auto k = static_cast<std::size_t>(c.level) - 2;
    std::string out;
    for (std::size_t i = 0; i < 3; ++i)
        if (c.decided_by & (1u << i))
            out += (out.empty() ? "" : "; ") + criterion_zh[i] + " " + show(i, x[i]) + " reaches " +
                   info(c.level).name_zh + " (" + show(i, lower[i][k]) + rel + ")";
    return out;
}

// The level (1..4) and decided_by bits of one accident's deaths, serious injuries and direct loss
// in fen, all >= 0.
inline void classify_one(const Rules& rules, const std::int64_t (&x)[3], std::int8_t& level, std::uint8_t& decided_by) {
    int best = 1;
    std::uint8_t bits = 0;
    for (std::size_t c = 0; c < 3; ++c) {
        const int reached = rules.level_of(x[c], rules.lower[c]);
        if (reached > best) best = reached, bits = 0;
        if (reached == best && reached > 1) bits |= static_cast<std::uint8_t>(1u << c);
    }
    level = static_cast<std::int8_t>(best), decided_by = bits;
}

// The levels alone of accidents whose three columns are int64 (deaths, serious injuries, loss in whole
// yuan), in a loop the compiler vectorizes: level = 1 + the number of levels k that some criterion c
// reaches, x[c] >= from[c][k], read from the sign of x - from (exact for both in 0 .. 2^63-1). That
// the levels' bounds increase makes "reaches k" the same as "reaches k or above", so the count is the
// highest level any criterion reaches. nullopt when the rules do not allow it (bounds not increasing,
// or one too large).
class IntegerLevels {
public:
    static std::optional<IntegerLevels> of(const Rules& rules) {
        IntegerLevels out;
        for (std::size_t c = 0; c < 3; ++c)
            for (std::size_t k = 0; k < 3; ++k) {
                // The least x that reaches: b (以上) or b + 1 (超过); the loss in yuan: its fen / 100 rounded up.
                std::int64_t least = rules.lower[c][k];
                if (!rules.lower_inclusive && __builtin_add_overflow(least, 1, &least)) return std::nullopt;
                if (c == 2) least = least / 100 + (least % 100 > 0);
                least = std::max<std::int64_t>(least, 0);  // every x >= 0 reaches a bound <= 0
                if (k > 0 && rules.lower[c][k] <= rules.lower[c][k - 1]) return std::nullopt;
                out.from_[k][c] = static_cast<std::uint64_t>(least);
            }
        return out;
    }
    // Levels of rows [lo, hi) into `level`; false when a row holds a negative value or a loss beyond
    // int64 fen (its level is then not written right: the caller reads the rows again one by one).
    bool operator()(const std::int64_t* deaths, const std::int64_t* injuries, const std::int64_t* loss_yuan,
                    std::size_t lo, std::size_t hi, std::int8_t* level) const {
        constexpr auto most_yuan = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max() / 100);
        std::uint64_t bad = 0;  // the sign bit: some value cannot be read
        for (std::size_t i = lo; i < hi; ++i) {
            const auto d = static_cast<std::uint64_t>(deaths[i]), s = static_cast<std::uint64_t>(injuries[i]),
                       l = static_cast<std::uint64_t>(loss_yuan[i]);
            bad |= d | s | l | (most_yuan - l);
            std::uint64_t reached = 1;
            for (std::size_t k = 0; k < 3; ++k)
                reached += ~((d - from_[k][0]) & (s - from_[k][1]) & (l - from_[k][2])) >> 63;
            level[i] = static_cast<std::int8_t>(reached);
        }
        return static_cast<std::int64_t>(bad) >= 0;
    }

private:
    std::array<std::array<std::uint64_t, 3>, 3> from_{};  // [level k][criterion c]
};

// The threads `threads = 0` means for classify_many: one below the size at which a second thread was
// measured to pay (benchmarks/bench_accident.cpp, BM_ClassifyThreadCrossover, two runs of 2026-12-02),
// else every core. With the deciding criteria: as fast or slower at 16,384 rows, faster at 32,768. The
// levels alone (IntegerLevels, a quarter of the time): slower or as fast at 65,536, faster at 131,072.
inline unsigned classify_threads(std::size_t rows, bool levels_alone = false) {
    return threads_from(rows, std::size_t{1} << (levels_alone ? 17 : 15));
}

// classify over the columns of `t` named by `columns` (deaths, serious injuries, direct loss in
// yuan): counts whole and >= 0, the loss whole fen >= 0. A row with a cell that is not is refused
// naming the cell (level 0): all in one error, or with Refusal::status kept in the returned status.
// The good rows are classified by `threads` threads, each over its own rows; the others are named
// afterwards, in row order. `decided_by` may be null: the levels alone.
inline RowStatus classify_many(const Rules& rules, const Table& t, std::int8_t* level, std::uint8_t* decided_by,
                               Refusal mode = Refusal::raise,
                               const std::array<std::string, 3>& columns = {criterion_codes[0], criterion_codes[1],
                                                                            criterion_codes[2]},
                               unsigned threads = 0) {
    std::vector<std::int64_t> ints[3];
    std::vector<double> reals[3];
    const std::int64_t* i64[3];
    const double* f64[3];
    for (std::size_t c = 0; c < 3; ++c) t.numbers(columns[c]).as_values(ints[c], reals[c], i64[c], f64[c]);
    // Cell c of row i as a count (c < 2) or fen (c == 2), without building a message: refuse_cell
    // says why only for the rows this refuses.
    const auto read = [&](std::size_t c, std::size_t i, std::int64_t& x) {
        if (i64[c]) {
            x = i64[c][i];
            if (c == 2) return x >= 0 && x <= std::numeric_limits<std::int64_t>::max() / 100 && ((x *= 100), true);
            return x >= 0;
        }
        const double v = f64[c][i];
        if (c == 2) return Money::fen_of_yuan(v, x) && x >= 0;
        x = static_cast<std::int64_t>(v >= 0.0 && v < 9.0e15 ? v : -1.0);  // NaN and negatives give -1
        return x >= 0 && static_cast<double>(x) == v;  // -1.0 itself reads back as -1
    };
    const auto integer_levels =
        i64[0] && i64[1] && i64[2] && !decided_by ? IntegerLevels::of(rules) : std::optional<IntegerLevels>();
    if (threads == 0) threads = classify_threads(t.size(), integer_levels.has_value());
    std::vector<std::vector<std::size_t>> bad(std::max(1u, threads));  // per thread, in row order
    parallel_chunks(t.size(), threads, [&](unsigned w, std::size_t lo, std::size_t hi) {
        if (integer_levels && (*integer_levels)(i64[0], i64[1], i64[2], lo, hi, level)) return;
        for (std::size_t i = lo; i < hi; ++i) {
            std::int64_t x[3];
            // All three read without branching between them; any failure is named below.
            std::uint8_t unused = 0;
            std::uint8_t& bits = decided_by ? decided_by[i] : unused;
            if (static_cast<int>(read(0, i, x[0])) & static_cast<int>(read(1, i, x[1])) &
                static_cast<int>(read(2, i, x[2])))
                classify_one(rules, x, level[i], bits);
            else
                bad[w].push_back(i), level[i] = 0, bits = 0;
        }
    });
    RowStatus status;
    Refusals refusals(status, t.size());
    for (const auto& rows : bad)
        for (const std::size_t i : rows) {
            std::int64_t x = 0;
            std::size_t c = 0;
            std::string why;
            while (c < 3 && (why = refuse_cell(c == 2, i64[c], f64[c], i, x)).empty()) ++c;
            refusals.refuse(i, c < 3 ? why : "a value that cannot be read", columns[c < 3 ? c : 0]);
        }
    refusals.finish(mode);
    return status;
}

inline Classification Rules::classify(std::int64_t d, std::int64_t s, Money loss) const {
    const std::int64_t x[3] = {d, s, loss.fen()};
    for (std::size_t c = 0; c < 3; ++c)
        if (x[c] < 0) {
            Location where;
            where.field = criterion_codes[c];
            throw input_error("expected a count or amount >= 0", where);
        }
    std::int8_t level = 1;
    Classification out;
    classify_one(*this, x, level, out.decided_by);
    out.level = static_cast<Level>(level);
    return out;
}

}  // namespace anjian::accident
