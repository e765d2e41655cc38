// GB 18218-2018 identification and grading, from the built-in pack.
#include <gtest/gtest.h>

#include <anjian/rules/hazard.hpp>
#include <cmath>
#include <limits>
#include <optional>
#include <algorithm>
#include <random>
#include <numeric>

namespace hz = anjian::hazard;

namespace {

const hz::Table& table() {
    static const hz::Table t = anjian::rules::gb18218();
    return t;
}

hz::Line line(const std::string& substance, double tonnes, std::vector<std::string> categories = {}) {
    return {substance, std::move(categories), static_cast<std::int64_t>(tonnes * 1e6 + 0.5)};
}

}  // namespace

TEST(Gb18218Tables, PackHoldsTheStandardsTables) {
    int table1 = 0;
    for (const auto& c : table().chemicals) table1 += c.row > 0;
    EXPECT_EQ(table1, 85);
    EXPECT_EQ(table().categories.size(), 24u);
    EXPECT_EQ(table().alpha.size(), 5u);
    EXPECT_EQ(table().grades.size(), 4u);
}

// Lookups by name, alias, CAS number and row; full-width brackets and case do not matter.
TEST(Gb18218Tables, LookupByNameAliasCasOrRow) {
    const auto row = [](const std::string& key) {
        const auto& ids = table().find(key);
        return ids.size() == 1 ? table().chemicals[static_cast<std::size_t>(ids[0])].row : -1;
    };
    EXPECT_EQ(row("液氨"), 1);
    EXPECT_EQ(row("7446-09-5"), 4);
    EXPECT_EQ(row("tdi"), 23);
    EXPECT_EQ(row("氯化氢（无水）"), 11);
    EXPECT_EQ(row("#39"), 39);
    EXPECT_EQ(table().find("硝化纤维素").size(), 5u);  // rows 37-41: ambiguous by design
}

// 4.3 worked example: SO2 200 t (Q 20 t, β 2), 60 people (α 1.5): R = 30, 三级.
TEST(Gb18218Grading, SulphurDioxide200TonnesWith60PeopleIsGradeThree) {
    const auto res = table().identify({line("二氧化硫", 200)}, 60);
    EXPECT_DOUBLE_EQ(res.s, 10.0);
    EXPECT_TRUE(res.is_major);
    EXPECT_EQ(res.alpha10, 15);
    EXPECT_DOUBLE_EQ(*res.r, 30.0);
    EXPECT_EQ(res.grade, 3);
    EXPECT_EQ(res.lines[0].q_from, "表1 #4");
    EXPECT_EQ(res.lines[0].beta_from, "表3");
}

// 4.2.1: a major hazard source when S >= 1 -- S exactly 1 is one, one gram less is not.
TEST(Gb18218Identification, SExactlyOneIsAMajorHazardSource) {
    // 1/3 + 1/3 + 1/3 from 0.3 t and 0.75 t rows: exactly 1, not 0.9999999999999999.
    const std::vector<hz::Line> third = {line("光气", 0.1), line("异氰酸甲酯", 0.25), line("碳酰氯", 0.1)};
    EXPECT_TRUE(table().identify(third, std::nullopt).is_major);
    auto less = third;
    less[1].q_grams -= 1;
    EXPECT_FALSE(table().identify(less, std::nullopt).is_major);
    EXPECT_TRUE(table().identify({line("氨", 10)}, std::nullopt).is_major);
    EXPECT_FALSE(table().identify({line("氨", 9.999999)}, std::nullopt).is_major);
}

// Table 5: α by people within 500 m, each bound on both sides.
TEST(Gb18218Grading, AlphaBandsByExposedPeople) {
    const std::pair<int, int> cases[] = {{0, 5},   {1, 10},  {29, 10},  {30, 12},  {49, 12},
                                         {50, 15}, {99, 15}, {100, 20}, {5000, 20}};
    for (const auto& [people, alpha] : cases) EXPECT_EQ(table().alpha10(people), alpha) << people;
}

// Table 6: 一级 R >= 100, 二级 [50, 100), 三级 [10, 50), 四级 < 10 -- exactly at each bound.
TEST(Gb18218Grading, GradeBoundsAreInclusiveBelow) {
    // SO2: R = α β q/Q = 2.0 × 2 × q/20 with 100 people, so R = q/5.
    const std::pair<double, int> cases[] = {{500, 1}, {499.999999, 2}, {250, 2}, {249.999999, 3},
                                            {50, 3},  {49.999999, 4},  {20, 4}};
    for (const auto& [tonnes, grade] : cases)
        EXPECT_EQ(table().identify({line("二氧化硫", tonnes)}, 100).grade, grade) << tonnes;
    EXPECT_EQ(table().identify({line("二氧化硫", 19.99)}, 100).grade, 0);  // not a major hazard source
}

// 4.1.2: a chemical with several hazards takes the lowest critical quantity.
TEST(Gb18218Identification, SeveralHazardsTakeTheLowestQ) {
    const auto res = table().identify({line("某溶剂", 60, {"W5.3", "J3"})}, 10);
    EXPECT_EQ(res.lines[0].q_grams, 50'000'000);
    EXPECT_EQ(res.lines[0].q_from, "表2 J3");
    EXPECT_EQ(res.lines[0].beta10, 20);
}

TEST(Gb18218Identification, NamedToxicGasOutsideTableOneTakesQFromItsCategory) {
    const auto res = table().identify({line("一氧化碳", 10, {"W2", "J3"})}, 10);
    EXPECT_EQ(res.lines[0].q_from, "表2 W2");
    EXPECT_EQ(res.lines[0].beta10, 20);  // table 3, not table 4's 1.5
    EXPECT_THROW(table().identify({line("一氧化碳", 10)}, std::nullopt), anjian::input_error);
}

TEST(Gb18218Identification, UnknownChemicalWithoutCategoryIsAnErrorNamingIt) {
    try {
        table().identify({line("氨", 1), line("某溶剂", 60)}, std::nullopt);
        FAIL();
    } catch (const anjian::input_error& e) {
        EXPECT_EQ(e.where().row, 1);
        EXPECT_NE(e.message().find("'某溶剂'"), std::string::npos);
    }
    EXPECT_THROW(table().identify({line("某溶剂", 1, {"W12"})}, std::nullopt), anjian::input_error);
    EXPECT_THROW(table().identify({line("硝化纤维素", 1)}, std::nullopt), anjian::input_error);
}

// β: table 3 for named toxic gases, else table 4 by category; grading without either is an error.
TEST(Gb18218Grading, BetaNeedsTableThreeOrACategory) {
    EXPECT_THROW(table().identify({line("甲醇", 600)}, 10), anjian::input_error);
    EXPECT_TRUE(table().identify({line("甲醇", 600)}, std::nullopt).is_major);
    const auto res = table().identify({line("甲醇", 600, {"W5.3"})}, 10);
    EXPECT_EQ(res.lines[0].q_from, "表1 #65");
    EXPECT_EQ(res.lines[0].beta_from, "表4 W5.3");
}

// A plant with several units is several results: the batch groups lines by unit.
TEST(Gb18218Identification, BatchIdentifiesEachUnitOnItsOwn) {
    const std::int32_t unit[] = {0, 0, 1};
    const std::int64_t q[] = {100'000'000, 100'000'000, 5'000'000};
    const std::int32_t people[] = {60, -1}, substance[] = {0, 1, 1}, category[] = {-1, -1, -1};
    const auto b = hz::identify_many(table(), 3, unit, substance, {"二氧化硫", "氨"}, category, {}, q, 2, people);
    EXPECT_DOUBLE_EQ(b.s[0], 15.0);
    EXPECT_EQ(b.grade[0], 3);  // R = 1.5 × (2×5 + 2×10) = 45
    EXPECT_DOUBLE_EQ(b.r[0], 45.0);
    EXPECT_DOUBLE_EQ(b.s[1], 0.5);
    EXPECT_FALSE(b.is_major[1]);
    EXPECT_TRUE(std::isnan(b.r[1]));
}

// A column not given is a null pointer, read as every line without one; per_line = false gives the
// units' results alone, the same ones.
TEST(Gb18218Identification, BatchReadsAnAbsentColumnAsNoneAndCanLeaveOutTheLines) {
    const std::int32_t unit[] = {0, 0, 1}, people[] = {60, -1}, substance[] = {0, 1, 1}, none[] = {-1, -1, -1};
    const std::int64_t q[] = {100'000'000, 100'000'000, 5'000'000};
    const std::vector<std::string> names = {"二氧化硫", "氨"};
    const auto given = hz::identify_many(table(), 3, unit, substance, names, none, {}, q, 2, people);
    const auto absent = hz::identify_many(table(), 3, unit, substance, names, nullptr, {}, q, 2, people,
                                          anjian::Refusal::raise, 1, false);
    EXPECT_EQ(absent.s, given.s);
    EXPECT_EQ(absent.grade, given.grade);
    EXPECT_EQ(absent.is_major, given.is_major);
    EXPECT_TRUE(absent.q_grams.empty() && absent.beta10.empty() && absent.chemical.empty());
    EXPECT_EQ(given.q_grams.size(), 3u);
    const std::int32_t symbols[] = {0, 0, 0};  // by category alone: W5.3's Q
    const auto by_category = hz::identify_many(table(), 3, unit, nullptr, {}, symbols, {"W5.3"}, q, 2, people);
    EXPECT_EQ(by_category.chemical, (std::vector<std::int32_t>{-1, -1, -1}));
}

// Sums kept exact: a share of S above 2^96 / L, or sums above 2^100 / L, refuse the unit (naming its
// first line) rather than wrap. With GB 18218's tables no quantity gets there; a pack whose critical
// quantities have a common multiple L of 2^62 grams (Qs of 1 g and 2^62 g) does.
TEST(Gb18218Identification, QuantitiesTooLargeToAddExactlyRefuseTheUnit) {
    hz::Table wide = table();
    wide.chemicals = {{1, "微", {}, {}, 1, 10, true, ""}, {2, "巨", {}, {}, std::int64_t{1} << 62, 10, true, ""}};
    wide.categories.clear();
    wide.index();
    ASSERT_EQ(wide.denominator(), std::int64_t{1} << 62);
    const auto run = [&](std::vector<std::int64_t> q) {  // one unit of 微 lines, graded
        const std::vector<std::int32_t> unit(q.size(), 0), substance(q.size(), 0);
        const std::int32_t people[] = {60};
        return hz::identify_many(wide, q.size(), unit.data(), substance.data(), {"微"}, nullptr, {}, q.data(), 1,
                                 people, anjian::Refusal::status);
    };
    const std::int64_t share95 = std::int64_t{1} << 33;  // grams of 微: a share of 2^95 in units of 1/L
    const auto one = run({share95});
    EXPECT_TRUE(one.refused.empty());
    EXPECT_EQ(one.s[0], static_cast<double>(share95));
    const auto over = run({2 * share95});  // a share of 2^96
    ASSERT_FALSE(over.refused.empty());
    EXPECT_TRUE(std::isnan(over.s[0]));
    EXPECT_NE(over.reasons[static_cast<std::size_t>(over.refused[0])].find("computed exactly"), std::string::npos);
    // R's sum is β × 10 = 10 times S's: 30 × 2^95 with 3 lines of 2^95, over 2^100 with 4.
    EXPECT_TRUE(run(std::vector<std::int64_t>(3, share95)).refused.empty());
    const auto sum_over = run(std::vector<std::int64_t>(4, share95));
    ASSERT_FALSE(sum_over.refused.empty());
    EXPECT_EQ(sum_over.refused[0], 0);  // the unit's first line named, once
    EXPECT_EQ(std::count_if(sum_over.refused.begin(), sum_over.refused.end(), [](int r) { return r >= 0; }), 1);
    EXPECT_THROW(wide.identify({{"微", {}, 2 * share95}}, 60, anjian::date(2024, 6, 1)), anjian::input_error);
    EXPECT_NO_THROW(wide.identify({{"微", {}, share95}}, 60, anjian::date(2024, 6, 1)));
    // A unit of up to 1024 lines is checked once at its end, a longer one line by line: the same limit for
    // both. n lines of 2^24 g (shares of 2^86): R's sum 10 × n × 2^86 stays below 2^100; of 2^25 g it passes.
    for (const std::size_t n : {std::size_t{1024}, std::size_t{1025}}) {
        const auto within = run(std::vector<std::int64_t>(n, std::int64_t{1} << 24));
        EXPECT_TRUE(within.refused.empty()) << n;
        EXPECT_EQ(within.s[0], static_cast<double>(n << 24)) << n;
        EXPECT_TRUE(within.is_major[0]) << n;
        const auto beyond = run(std::vector<std::int64_t>(n, std::int64_t{1} << 25));
        ASSERT_FALSE(beyond.refused.empty()) << n;
        EXPECT_EQ(beyond.refused[0], 0) << n;
        EXPECT_EQ(std::count_if(beyond.refused.begin(), beyond.refused.end(), [](int r) { return r >= 0; }), 1) << n;
        EXPECT_TRUE(std::isnan(beyond.s[0])) << n;
        auto one_large = std::vector<std::int64_t>(n, 1);  // the last line's share alone 2^96
        one_large.back() = 2 * share95;
        EXPECT_FALSE(run(one_large).refused.empty()) << n;
    }
}

// A unit is added up in 64 bits, and again in 128 where a product or a sum of its lines passes 2^64: on
// either side of each overflow the batch gives what one unit's identify() gives, with people given (α, R
// and the grade) and without (S alone).
TEST(Gb18218Identification, BatchAddsInSixtyFourBitsAndAgainIn128WhereAProductOrASumPasses2To64) {
    hz::Table wide = table();
    // L = 2^62: 微's L / Q is 2^62, 巨's and 零's 1; 零 has no β.
    wide.chemicals = {{1, "微", {}, {}, 1, 10, true, ""},
                      {2, "巨", {}, {}, std::int64_t{1} << 62, 10, true, ""},
                      {3, "零", {}, {}, std::int64_t{1} << 62, 0, true, ""}};
    wide.categories.clear();
    wide.index();
    const std::vector<std::string> names = {"微", "巨", "零"};
    const auto check = [&](const std::string& name, const std::vector<std::int64_t>& q, int people) {
        const std::vector<std::int32_t> unit(q.size(), 0);
        const auto code = static_cast<std::int32_t>(std::find(names.begin(), names.end(), name) - names.begin());
        const std::vector<std::int32_t> substance(q.size(), code);
        const std::int32_t per_unit[] = {people};
        const auto batch = hz::identify_many(wide, q.size(), unit.data(), substance.data(), names, nullptr, {},
                                             q.data(), 1, per_unit);
        std::vector<hz::Line> lines;
        for (const std::int64_t grams : q) lines.push_back({name, {}, grams});
        const auto one = wide.identify(lines, people < 0 ? std::nullopt : std::optional<int>(people),
                                       anjian::date(2024, 6, 1));
        EXPECT_EQ(batch.s[0], one.s) << name << " " << q.size() << " lines, people " << people;
        EXPECT_EQ(batch.is_major[0], one.is_major);
        if (one.r)
            EXPECT_EQ(batch.r[0], *one.r);
        else
            EXPECT_TRUE(std::isnan(batch.r[0]));
        EXPECT_EQ(batch.grade[0], one.grade);
        return one;
    };
    const std::int64_t q62 = std::int64_t{1} << 62, q61 = std::int64_t{1} << 61, q59 = std::int64_t{1} << 59;
    const std::int64_t top = std::numeric_limits<std::int64_t>::max();  // 2^63 - 1
    for (const int people : {60, -1}) {
        // q × L / Q: 4 × 2^62 passes 2^64, 3 × 2^62 does not.
        EXPECT_EQ(check("微", {4}, people).s, 4.0);
        EXPECT_EQ(check("微", {3}, people).s, 3.0);
        // × β×10: 10 × 2^62 and 10 × 2^61 pass 2^64, 10 × 2^62 / 10 does not.
        EXPECT_EQ(check("巨", {q62}, people).s, 1.0);
        EXPECT_EQ(check("巨", {q61}, people).s, 0.5);
        EXPECT_EQ(check("巨", {q62 / 10}, people).s, 0.1);
        // Σ r: 8 × 10 × 2^59 passes 2^64, 1 × 10 × 2^59 does not.
        EXPECT_EQ(check("巨", std::vector<std::int64_t>(8, q59), people).s, 1.0);
        EXPECT_EQ(check("巨", {q59}, people).s, 0.125);
        // Σ s (no β, so no r): 2 × (2^63 - 1) + 2 is 2^64, + 1 is 2^64 - 1.
        EXPECT_EQ(check("零", {top, top, 2}, -1).s, 4.0);
        EXPECT_EQ(check("零", {top, top, 1}, -1).s, 4.0);  // (2^64 - 1) / 2^62 is nearest 4 as a double
        EXPECT_FALSE(check("巨", {std::int64_t{1} << 40, 3}, people).is_major);
    }
    EXPECT_TRUE(check("巨", {q62}, 60).r.has_value());
}

// A code below -1 or past its labels names the line, for either column.
TEST(Gb18218Identification, BatchRefusesACodeOutOfRangeNamingTheLine) {
    const std::int32_t unit[] = {0, 0}, people[] = {-1}, none[] = {-1, -1};
    const std::int64_t q[] = {1, 1};
    const std::vector<std::string> names = {"氨"};
    for (const auto& codes : {std::vector<std::int32_t>{0, -2}, std::vector<std::int32_t>{0, 1}}) {
        try {
            hz::identify_many(table(), 2, unit, codes.data(), names, none, {}, q, 1, people);
            ADD_FAILURE() << "accepted code " << codes[1];
        } catch (const anjian::input_error& e) {
            EXPECT_EQ(e.where().row, 1) << codes[1];
        }
        try {
            hz::identify_many(table(), 2, unit, none, {}, codes.data(), {"W2"}, q, 1, people);
            ADD_FAILURE() << "accepted category code " << codes[1];
        } catch (const anjian::input_error& e) {
            EXPECT_EQ(e.where().row, 1) << codes[1];
        }
    }
}

// A unit code below 0 or past the units names the line, the first such; lines before it are read.
TEST(Gb18218Identification, BatchRefusesALineWithoutAUnitNamingTheLine) {
    const std::int32_t people[] = {-1, -1}, substance[] = {0, 0, 0, 0};
    const std::int64_t q[] = {1, 1, 1, 1};
    const std::vector<std::string> names = {"氨"};
    for (const std::int32_t bad : {-1, 2}) {
        const std::int32_t unit[] = {0, 0, bad, 1};
        try {
            hz::identify_many(table(), 4, unit, substance, names, nullptr, {}, q, 2, people);
            ADD_FAILURE() << "accepted unit code " << bad;
        } catch (const anjian::input_error& e) {
            EXPECT_EQ(e.where().row, 2) << bad;
            EXPECT_NE(std::string(e.what()).find("line has no unit"), std::string::npos) << e.what();
        }
    }
}

// Units counted by runs of lines: a unit no line names has S 0, a unit named in two runs has both.
TEST(Gb18218Identification, BatchCountsEveryRunOfAUnitsLines) {
    const std::int32_t people[] = {-1, -1, -1}, substance[] = {0, 0, 0, 0, 0};
    const std::int64_t q[] = {1'000'000, 2'000'000, 4'000'000, 8'000'000, 16'000'000};  // 氨: Q 10 t
    const std::vector<std::string> names = {"氨"};
    const std::int32_t gapped[] = {0, 0, 2, 2, 2}, revisited[] = {2, 0, 2, 0, 2};
    const auto a = hz::identify_many(table(), 5, gapped, substance, names, nullptr, {}, q, 3, people);
    EXPECT_DOUBLE_EQ(a.s[0], 0.3);
    EXPECT_EQ(a.s[1], 0.0);
    EXPECT_DOUBLE_EQ(a.s[2], 2.8);
    const auto b = hz::identify_many(table(), 5, revisited, substance, names, nullptr, {}, q, 3, people);
    EXPECT_DOUBLE_EQ(b.s[0], 1.0);
    EXPECT_EQ(b.s[1], 0.0);
    EXPECT_DOUBLE_EQ(b.s[2], 2.1);
    EXPECT_EQ(b.is_major[0], 1);
}

// Lines listed unit by unit are read in place; interleaved ones are grouped first: the same results.
TEST(Gb18218Identification, BatchGivesTheSameResultsWhetherLinesComeGroupedOrNot) {
    const std::int32_t grouped_unit[] = {0, 0, 1, 1, 2}, mixed_unit[] = {1, 0, 2, 0, 1};
    const std::int32_t grouped_sub[] = {0, 1, 1, 2, 0}, mixed_sub[] = {1, 0, 0, 1, 2};
    const std::int64_t grouped_q[] = {100'000'000, 100'000'000, 5'000'000, 700'000'000, 1'000'000};
    const std::int64_t mixed_q[] = {5'000'000, 100'000'000, 1'000'000, 100'000'000, 700'000'000};
    const std::int32_t people[] = {60, -1, 10}, category[] = {-1, -1, -1, -1, -1};
    const std::vector<std::string> names = {"二氧化硫", "氨", "甲醇"};
    const auto a = hz::identify_many(table(), 5, grouped_unit, grouped_sub, names, category, {}, grouped_q, 3, people);
    const auto b = hz::identify_many(table(), 5, mixed_unit, mixed_sub, names, category, {}, mixed_q, 3, people);
    for (std::size_t u = 0; u < 3; ++u) {
        EXPECT_EQ(a.s[u], b.s[u]) << u;
        EXPECT_EQ(a.is_major[u], b.is_major[u]) << u;
        EXPECT_EQ(a.grade[u], b.grade[u]) << u;
        EXPECT_TRUE(a.r[u] == b.r[u] || (std::isnan(a.r[u]) && std::isnan(b.r[u]))) << u;
    }
    EXPECT_DOUBLE_EQ(a.s[0], 15.0);
    // Per line, each result stays at its own line: mixed line 2 is grouped line 4 (甲醇 in unit 2).
    EXPECT_EQ(b.q_grams[2], a.q_grams[4]);
    EXPECT_EQ(b.chemical[0], a.chemical[1]);
}

// Units split over two threads give what one thread gives -- S, R, grades and every line's Q, β and
// chemical -- and the same lines refused with the same reasons, listed in the same order, whether the
// lines come unit by unit or interleaved; each unit's S is the one-unit identify()'s.
TEST(Gb18218Identification, BatchOnTwoThreadsEqualsOneThreadWithBadLinesInBothHalves) {
    const std::size_t units = 20'000, n = 3 * units;
    const std::vector<std::string> names = {"二氧化硫", "氨", "甲醇", "某溶剂", "氯"};  // 某溶剂: not in table 1
    std::mt19937_64 rng(9);
    std::vector<std::int32_t> unit(n), substance(n), category(n, -1), people(units);
    std::vector<std::int64_t> q(n);
    for (std::size_t i = 0; i < n; ++i) {
        unit[i] = static_cast<std::int32_t>(i / 3);
        substance[i] = static_cast<std::int32_t>(rng() % 1000 == 0 ? 3 : rng() % 5 == 3 ? 4 : rng() % 5);
        q[i] = rng() % 2000 == 0 ? -1 : static_cast<std::int64_t>(rng() % 200) * 1'000'000;
    }
    for (auto& p : people) p = static_cast<std::int32_t>(rng() % 3 == 0 ? -1 : rng() % 200);
    std::vector<std::size_t> shuffled(n);  // the same lines interleaved
    std::iota(shuffled.begin(), shuffled.end(), std::size_t{0});
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    const auto permute = [&](const auto& v) {
        std::remove_cvref_t<decltype(v)> out(v.size());
        for (std::size_t k = 0; k < n; ++k) out[k] = v[shuffled[k]];
        return out;
    };
    for (const bool grouped : {true, false}) {
        const auto u = grouped ? unit : permute(unit), sub = grouped ? substance : permute(substance);
        const auto qq = grouped ? q : permute(q);
        const auto run = [&](unsigned threads, anjian::Refusal mode) {
            return hz::identify_many(table(), n, u.data(), sub.data(), names, category.data(), {}, qq.data(), units,
                                     people.data(), mode, threads);
        };
        const auto a = run(1, anjian::Refusal::status), b = run(2, anjian::Refusal::status);
        SCOPED_TRACE(grouped ? "grouped" : "interleaved");
        ASSERT_FALSE(a.refused.empty());
        EXPECT_EQ(a.refused, b.refused);
        EXPECT_EQ(a.reasons, b.reasons);
        EXPECT_EQ(a.q_grams, b.q_grams);
        EXPECT_EQ(a.beta10, b.beta10);
        EXPECT_EQ(a.chemical, b.chemical);
        EXPECT_EQ(a.is_major, b.is_major);
        EXPECT_EQ(a.grade, b.grade);
        for (std::size_t k = 0; k < units; ++k) {
            ASSERT_TRUE(a.s[k] == b.s[k] || (std::isnan(a.s[k]) && std::isnan(b.s[k]))) << k;
            ASSERT_TRUE(a.r[k] == b.r[k] || (std::isnan(a.r[k]) && std::isnan(b.r[k]))) << k;
        }
        for (std::size_t k = units - 50; k < units; ++k) {  // the last units, on the second thread
            std::vector<hz::Line> lines;
            for (std::size_t j = 3 * k; j < 3 * k + 3; ++j)
                lines.push_back({names[static_cast<std::size_t>(substance[j])], {}, q[j]});
            const std::optional<int> exposed = people[k] >= 0 ? std::optional<int>(people[k]) : std::nullopt;
            try {
                const auto one = table().identify(lines, exposed);
                EXPECT_EQ(a.s[k], one.s) << k;
                EXPECT_EQ(a.grade[k], one.grade) << k;
            } catch (const anjian::input_error&) {  // a line refused: the unit is not judged
                EXPECT_TRUE(std::isnan(a.s[k])) << k;
            }
        }
        const auto problems = [&](unsigned threads) {
            try {
                run(threads, anjian::Refusal::raise);
            } catch (const anjian::batch_error& e) {
                std::vector<std::string> out;
                for (const auto& p : e.problems()) out.push_back(p.str());
                return out;
            }
            return std::vector<std::string>{};
        };
        EXPECT_EQ(problems(1), problems(2));
        EXPECT_FALSE(problems(2).empty());
    }
}

// GB 18218-2018 took effect 2019-03-01; before it GB 18218-2009 (other tables) applied.
TEST(Gb18218Edition, TheTablesApplyFromTheirFirstDayAndNotBefore) {
    EXPECT_TRUE(table().identify({line("氨", 10)}, std::nullopt, anjian::date(2019, 3, 1)).is_major);
    try {
        table().identify({line("氨", 10)}, std::nullopt, anjian::date(2019, 2, 28));
        FAIL() << "no error";
    } catch (const anjian::input_error& e) {
        EXPECT_NE(std::string(e.what()).find("GB 18218-2018) is in force [2019-03-01, open): on 2019-02-28 GB "
                                             "18218-2009 危险化学品重大危险源辨识 applies, which is not encoded"),
                  std::string::npos)
            << e.what();
    }
    // A pack that names no predecessor says only that another edition applies.
    hz::Table unnamed = table();
    unnamed.predecessor.clear();
    EXPECT_THROW(
        {
            try {
                unnamed.identify({line("氨", 10)}, std::nullopt, anjian::date(2019, 2, 28));
            } catch (const anjian::input_error& e) {
                EXPECT_NE(std::string(e.what()).find("another edition applies, which is not encoded"),
                          std::string::npos);
                throw;
            }
        },
        anjian::input_error);
}

// 4.3 grades a major hazard source only: below S 1 no β is needed, so no category is demanded.
TEST(Gb18218Grading, BelowSOneNoBetaIsDemanded) {
    const auto below = table().identify({line("氨", 1), line("甲醇", 1)}, 10);
    EXPECT_FALSE(below.is_major);
    EXPECT_FALSE(below.r.has_value());
    EXPECT_EQ(below.grade, 0);
    EXPECT_THROW(table().identify({line("氨", 10), line("甲醇", 1)}, 10), anjian::input_error);  // S 1.002
}
