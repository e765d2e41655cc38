#pragma once
// 危险化学品重大危险源辨识 (GB 18218-2018): whether a unit is a major hazard source (S = Σ q/Q >= 1)
// and its grade (R = α Σ β q/Q). The tables come from a rule pack (rules/national/gb18218.yaml).
//
// Arithmetic is exact: quantities are whole grams, β and α whole tenths, and S >= 1 or R >= 100
// are decided on integers over the common denominator of every critical quantity in the pack,
// so S exactly 1 is a major hazard source whatever the mix of 0.3 t and 0.75 t rows.

#include <anjian/columns.hpp>
#include <anjian/parallel.hpp>
#include <anjian/refusals.hpp>
#include <anjian/error.hpp>
#include <anjian/rules/pack.hpp>
#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace anjian::hazard {

inline constexpr std::int64_t grams_per_tonne = 1'000'000;

struct Chemical {
    int row = 0;  // table 1 row; 0 for a table-3 gas that is not in table 1
    std::string name;
    std::vector<std::string> aliases, cas;
    std::int64_t q_grams = 0;  // critical quantity; 0 when not in table 1
    int beta10 = 0;            // table 3 β × 10; 0 when not a named toxic gas
    bool verified = true;
    std::string note;
};

struct Category {
    std::string symbol, name_zh, note;
    std::int64_t q_grams = 0;
    int beta10 = 0;
};

struct AlphaBand {
    int people_at_least = 0;
    int alpha10 = 0;
};

struct GradeBand {
    int grade = 0;
    std::int64_t r_at_least100 = 0;  // R bound × 100
};

// One line of a unit's inventory: a substance (name, alias, CAS or "#row"), its hazard categories
// (table 2 symbols), or both, and the unit's design maximum quantity of it.
struct Line {
    std::string substance;
    std::vector<std::string> categories;
    std::int64_t q_grams = 0;
};

struct LineResult {
    int chemical = -1;         // index into Table::chemicals, -1 when identified by category alone
    std::int64_t q_grams = 0;  // critical quantity used
    std::string q_from;        // "表1 #12" or "表2 W5.3"
    int beta10 = 0;            // 0 when no β could be found (R then needs categories)
    std::string beta_from;     // "表3" or "表4 W2"
    std::string no_beta;       // why there is no β (said when a graded major hazard source needs it)
    double ratio = 0;          // q / Q
};

struct Result {
    double s = 0;
    bool is_major = false;
    std::optional<double> r;  // for a major hazard source (S >= 1) when the exposed people are given
    int alpha10 = 0;
    int grade = 0;  // 1..4 for a major hazard source, 0 otherwise
    std::vector<LineResult> lines;
};

class Table {
public:
    rules::PackInfo pack;
    std::string source;
    rules::Effective effective;
    std::string predecessor;  // the edition that decides a day before `effective` (not encoded); may be empty
    std::vector<Chemical> chemicals;
    std::vector<Category> categories;
    std::vector<AlphaBand> alpha;   // highest bound first
    std::vector<GradeBand> grades;  // highest bound first

    // Call after filling the tables: builds the lookup and the common denominator.
    void index();

    // Indices of the chemicals a name, alias, CAS number or "#row" names (several when ambiguous).
    const std::vector<int>& find(std::string_view key) const;
    const Category* category(std::string_view symbol) const;
    int alpha10(int people) const;

    LineResult resolve(const Line& line) const;
    // The tables apply only while their edition is in force: identifying a unit on a day before
    // (GB 18218-2009's time) or after is an input_error naming this edition and the day, never an
    // answer from tables that did not apply.
    void check_in_force(const date& on) const {
        if (effective.contains(on)) return;
        const bool before = on < effective.from && !predecessor.empty();
        throw input_error(pack.title + " is in force " + effective.str() + ": on " + to_iso(on) + " " +
                          (before ? predecessor : std::string("another edition")) + " applies, which is not encoded");
    }
    // One unit, identified on `on` (default today). A line naming no known chemical and no category,
    // an unknown category symbol or an ambiguous name is an input_error naming the line (row = its
    // position); so is a line without β when the unit is a major hazard source to be graded.
    Result identify(const std::vector<Line>& lines, std::optional<int> exposed_people,
                    const date& on = boost::gregorian::day_clock::local_day()) const;

    // Folds resolved lines into S, R and the grade, exactly. R and the grade are defined only for a
    // major hazard source (S >= 1, 4.3) with the exposed people given; then every line needs its β,
    // and the first without is returned in `missing_beta` (its position) with nothing graded.
    Result combine(std::vector<LineResult> lines, const std::vector<std::int64_t>& q_grams,
                   std::optional<int> exposed_people, std::optional<std::size_t>& missing_beta) const;

    std::int64_t denominator() const { return lcm_; }

private:
    std::unordered_map<std::string, std::vector<int>> by_key_;
    std::unordered_map<std::string, int> by_symbol_;
    std::int64_t lcm_ = 1;  // of every critical quantity in grams
};

// "（液氨）" and "(液氨)", "TDI" and "tdi", "氯 气" and "氯气" are the same key.
std::string normalize_key(std::string_view text);

}  // namespace anjian::hazard

namespace anjian::hazard {

// Many units in one pass: line i belongs to unit[i] (0..units-1) and names the substance
// substances[substance[i]] with the categories categories[category[i]] ("W2,J3"; code -1 for none,
// a null pointer for a column not given); people[u] < 0 when unit u's exposed people are not given.
// Columns come as codes into their distinct values, so each (substance, categories) pair is resolved
// once. Every line that cannot be read is named (the RowStatus is per line): in one error, or with
// Refusal::status kept, its unit then unjudged (S and R NaN, grade 0). per_line = false leaves the
// per-line columns of the Batch empty (a caller after the units' results alone).
struct Batch : RowStatus {
    std::vector<double> s, r;  // per unit; r is NaN without people
    std::vector<std::uint8_t> is_major;
    std::vector<std::int8_t> grade;
    std::vector<std::int16_t> alpha10;  // α × 10, up to 1,000
    std::vector<std::int64_t> q_grams;   // per line: the critical quantity used
    std::vector<std::int16_t> beta10;    // per line: β × 10 (0 = none found)
    std::vector<std::int32_t> chemical;  // per line: index into the table, -1 = by category
};
Batch identify_many(const Table& table, std::size_t lines, const std::int32_t* unit, const std::int32_t* substance,
                    const std::vector<std::string>& substances, const std::int32_t* category,
                    const std::vector<std::string>& categories, const std::int64_t* q_grams, std::size_t units,
                    const std::int32_t* people, Refusal mode = Refusal::raise, unsigned threads = 0,
                    bool per_line = true);

// The threads `threads = 0` means for identify_many: one below the number of lines at which a second
// thread was measured to pay (benchmarks/bench_hazard.cpp, BM_IdentifyThreadCrossover, once the units'
// loop lost a third of its time (a second thread adds 50-150 us to the smallest batches here): slower at
// 32,768 lines in three runs of three (196-244 us against 154-161), faster at 65,536 (309-355 against
// 413-480)), else every core.
inline unsigned identify_threads(std::size_t lines) { return threads_from(lines, std::size_t{1} << 16); }

// The inventory as the one column type: `lines` with unit (codes 0 .. units-1), substance and/or
// category (text; a missing cell or column = not given) and q_grams; `units` with people (a missing
// cell or column, or -1 = not given).
inline Batch identify_many(const Table& table, const anjian::Table& lines, const anjian::Table& units, const date& on,
                           Refusal mode = Refusal::raise, bool per_line = true) {
    table.check_in_force(on);
    std::vector<std::int32_t> unit_codes, people(units.size(), -1);  // -1: not given
    const std::int32_t* unit = lines.integers("unit").codes(unit_codes, static_cast<std::int64_t>(units.size()));
    if (units.find("people")) {
        std::vector<std::int64_t> wide;
        const std::int64_t* given = units.integers("people").int64s(wide, -1);
        for (std::size_t u = 0; u < units.size(); ++u) {
            if (given[u] > std::numeric_limits<std::int32_t>::max())
                throw input_error("more exposed people than can be counted: " + std::to_string(given[u]),
                                  anjian::Table::at("people", static_cast<std::int64_t>(u)));
            people[u] = static_cast<std::int32_t>(std::max<std::int64_t>(given[u], -1));
        }
    }
    if (!lines.find("substance") && !lines.find("category"))
        throw input_error("the inventory names no substance and no category: give a column 'substance' or "
                          "'category' (or both)");
    anjian::Coded substance, category;
    const auto codes = [&](const char* name, anjian::Coded& scratch) -> const std::int32_t* {
        return lines.find(name) ? anjian::encoded(lines.texts(name), scratch) : nullptr;  // absent: none
    };
    const std::int32_t *substance_codes = codes("substance", substance), *category_codes = codes("category", category);
    std::vector<std::int64_t> scratch;
    const std::int64_t* grams = lines.integers("q_grams").int64s(scratch, -1);
    return identify_many(table, lines.size(), unit, substance_codes, substance.labels, category_codes, category.labels,
                         grams, units.size(), people.data(), mode, 0, per_line);
}

// "W2, J3" / "W2;J3" / "W2 J3" -> {"W2", "J3"}
std::vector<std::string> split_categories(std::string_view text);

}  // namespace anjian::hazard
