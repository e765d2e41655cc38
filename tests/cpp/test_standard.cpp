// 重大事故隐患判定标准 packs and the assessment of findings against them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include <anjian/rules/hazard.hpp>
#include <anjian/rules/validate.hpp>
#include <string>

namespace hz = anjian::hazard;
using anjian::Value;

namespace {

const hz::Standard& chemical() { return anjian::rules::hazard_standard_for("chemical", anjian::date(2024, 6, 1)); }

// A standard pack's header, up to its facts.
std::string header(const std::string& consequences) {
    return "anjian_pack: 2\nname: t\nkind: hazard_standard\nversion: \"1\"\ntitle: t\ndocument: d\n"
           "industry: chemical\nsource: s\neffective: {from: 2020-01-01, to: null}\neffective_source: s\n"
           "consequences: " +
           consequences + "\n";
}

std::vector<std::string> matched(const hz::Standard& s, const hz::Findings& f) {
    std::vector<std::string> ids;
    for (const auto& m : hz::assess(s, f).matched) ids.push_back(m.item->id);
    return ids;
}

}  // namespace

TEST(HazardStandards, BuiltInStandardsLoadWithTheirItemCounts) {
    std::map<std::string, std::size_t> items;
    for (const auto& s : anjian::rules::builtin_hazard_standards()) items[s.industry] = s.items.size();
    EXPECT_EQ(items["chemical"], 20u);
    EXPECT_EQ(items["coal"], 17u);
    EXPECT_EQ(items.size(), 5u);
    EXPECT_GE(items["industry_trade"], 30u);
}

// The standard in force on the date: the coal statute's list starts 2024-05-01.
TEST(HazardStandards, StandardIsChosenByIndustryAndDate) {
    EXPECT_EQ(anjian::rules::hazard_standard_for("coal", anjian::date(2024, 5, 1)).industry, "coal");
    EXPECT_THROW(anjian::rules::hazard_standard_for("coal", anjian::date(2024, 4, 30)), anjian::error);
    EXPECT_THROW(anjian::rules::hazard_standard_for("fireworks", anjian::date(2024, 6, 1)), anjian::error);
}

// A day before an industry's encoded standard is refused naming the standard that decides it, never judged
// by the later one: the day before and the first day of each.
TEST(HazardStandards, ADayBeforeTheEncodedStandardNamesTheEarlierOneAsNotEncoded) {
    const struct {
        const char* industry;
        anjian::date first;
        const char* earlier;
    } editions[] = {{"industry_trade", anjian::date(2023, 5, 15), "安监总管四〔2017〕129号"},
                    {"coal", anjian::date(2024, 5, 1), "应急管理部令第4号"},
                    {"metal_nonmetal_mine", anjian::date(2022, 9, 1), "安监总管一〔2017〕98号"}};
    for (const auto& e : editions) {
        EXPECT_EQ(anjian::rules::hazard_standard_for(e.industry, e.first).industry, e.industry);
        try {
            anjian::rules::hazard_standard_for(e.industry, e.first - boost::gregorian::days(1));
            ADD_FAILURE() << e.industry << " judged the day before " << anjian::Period::iso(e.first);
        } catch (const anjian::error& x) {
            const std::string what = x.what();
            EXPECT_NE(what.find(e.earlier), std::string::npos) << what;
            EXPECT_NE(what.find("which is not encoded"), std::string::npos) << what;
            EXPECT_NE(what.find(anjian::Period::iso(e.first)), std::string::npos) << what;
        }
    }
}

// 化工 item 5: a 一级/二级 major hazard tank farm without emergency shut-off; 三级 is not the item.
TEST(HazardAssessment, GradeOneOrTwoTankFarmWithoutShutOffIsItemFive) {
    EXPECT_EQ(matched(chemical(), {{"tank_farm_hazard_grade", 2.0}, {"tank_farm_emergency_shutoff", false}}),
              std::vector<std::string>{"chemical.5"});
    EXPECT_TRUE(matched(chemical(), {{"tank_farm_hazard_grade", 3.0}, {"tank_farm_emergency_shutoff", false}}).empty());
    EXPECT_TRUE(matched(chemical(), {{"tank_farm_hazard_grade", 1.0}, {"tank_farm_emergency_shutoff", true}}).empty());
    const auto a = hz::assess(chemical(), {{"tank_farm_hazard_grade", 1.0},
                                           {"tank_farm_emergency_shutoff", true},
                                           {"tank_farm_toxic_or_liquefied", true},
                                           {"tank_farm_independent_sis", false}});
    ASSERT_EQ(a.matched.size(), 1u);
    EXPECT_NE(a.matched[0].why.find("tank_farm_independent_sis is false"), std::string::npos);
}

// 工贸 第十二条: a quick-freezing room with more than 9 workers -- 9 is allowed, 10 is not.
TEST(HazardAssessment, AmmoniaQuickFreezingRoomWithMoreThanNineWorkers) {
    const auto& trade = anjian::rules::hazard_standard_for("industry_trade", anjian::date(2024, 6, 1));
    EXPECT_TRUE(
        matched(trade, {{"quick_freezing_room_workers", 9.0}, {"quick_freezer_not_in_separate_room", false}}).empty());
    EXPECT_EQ(matched(trade, {{"quick_freezing_room_workers", 10.0}}), std::vector<std::string>{"trade.12.2"});
}

// A finding not given leaves the item not assessed, never clear.
TEST(HazardAssessment, MissingFindingLeavesTheItemNotAssessed) {
    const auto a = hz::assess(chemical(), {{"tank_farm_hazard_grade", 1.0}});
    EXPECT_TRUE(a.matched.empty());
    EXPECT_EQ(a.clear.size(), 0u);
    EXPECT_EQ(a.not_assessed.size(), 20u);
    EXPECT_EQ(hz::assess(chemical(), {{"external_safety_distance_m", 80.0},
                                      {"required_external_safety_distance_m", 100.0},
                                      {"involves_two_key_one_major", true}})
                  .matched.size(),
              1u);
}

TEST(HazardAssessment, UnknownOrMistypedFindingIsAnErrorNamingIt) {
    try {
        hz::assess(chemical(), {{"tank_farm_grade", 1.0}});
        FAIL();
    } catch (const anjian::input_error& e) {
        EXPECT_EQ(e.where().key, "tank_farm_grade");
    }
    EXPECT_THROW(hz::assess(chemical(), {{"tank_farm_hazard_grade", 5.0}}), anjian::input_error);
    EXPECT_THROW(hz::assess(chemical(), {{"tank_farm_emergency_shutoff", std::string("no")}}), anjian::input_error);
}

TEST(HazardStandards, PackErrorsNameTheKey) {
    const std::string text = header("[aqsc_65_3, no_such]") + R"(facts:
  a: {type: boolean, meaning_zh: x}
items:
  - {id: x.1, article: a, text_zh: t, kind: boolean, when: {fact: b, is: true}}
  - {id: x.2, article: a, text_zh: t, kind: boolean, when: {fact: a, "=>": 1}}
)";
    try {
        anjian::rules::parse_hazard_standard(text, "t.yaml");
        FAIL();
    } catch (const anjian::pack_error& e) {
        std::string all;
        for (const auto& p : e.problems()) all += p.str() + "\n";
        EXPECT_NE(all.find("consequences[1]"), std::string::npos) << all;
        EXPECT_NE(all.find("reads 'b', which the pack does not declare"), std::string::npos) << all;
        EXPECT_NE(all.find("items[1].when.=>"), std::string::npos) << all;
    }
}

namespace {

// A one-item standard over findings a (boolean), n and m (numbers), g (grade), t (text).
std::string standard_with(const std::string& when) {
    return header("[aqsc_65_3]") + R"(facts:
  a: {type: boolean, meaning_zh: x}
  n: {type: number, meaning_zh: x}
  m: {type: number, meaning_zh: x}
  g: {type: grade, meaning_zh: x}
  t: {type: text, meaning_zh: x}
items:
  - {id: x.1, article: a, text_zh: t, kind: boolean, when: )" +
           when + "}\n";
}

std::string problems_of(const std::string& when) {
    try {
        anjian::rules::parse_hazard_standard(standard_with(when), "t.yaml");
    } catch (const anjian::pack_error& e) {
        std::string all;
        for (const auto& p : e.problems()) all += p.str() + "\n";
        return all;
    }
    return "";
}

}  // namespace

TEST(HazardStandards, AnItemsConstantMustBeOfItsFindingsType) {
    EXPECT_EQ(problems_of("{fact: a, is: true}"), "");
    EXPECT_NE(problems_of("{fact: a, is: \"yes\"}").find("items[0].when: 'a' must be a boolean"), std::string::npos);
    EXPECT_NE(problems_of("{fact: n, '>': many}").find("'n' must be a number"), std::string::npos);
    EXPECT_NE(problems_of("{fact: g, in: [1, two]}").find("'g' must be a number"), std::string::npos);
}

TEST(HazardStandards, OnlyNumbersAndGradesAreComparedWithLessOrGreater) {
    EXPECT_EQ(problems_of("{fact: g, '<=': 2}"), "");
    EXPECT_NE(problems_of("{fact: a, '<': 1}").find("cannot be compared with <, >"), std::string::npos);
    EXPECT_NE(problems_of("{fact: t, '>=': x}").find("cannot be compared with <, >"), std::string::npos);
}

TEST(HazardStandards, AFindingComparedWithAnotherMustBeDeclaredAndOfItsKind) {
    EXPECT_EQ(problems_of("{fact: n, '>': {fact: m}}"), "");
    EXPECT_NE(problems_of("{fact: n, '>': {fact: z}}").find("compares with 'z', which the pack does not declare"),
              std::string::npos);
    EXPECT_NE(problems_of("{fact: n, '==': {fact: a}}").find("'n' (a number) cannot be compared with 'a' (a boolean)"),
              std::string::npos);
    EXPECT_NE(problems_of("{fact: n, '>': {fact: m, extra: 1}}").find("items[0].when.>.extra: unknown key 'extra'"),
              std::string::npos);
    EXPECT_NE(problems_of("{fact: n, '>': {}}").find("items[0].when.>.fact: missing required key 'fact'"),
              std::string::npos);
}

TEST(HazardStandards, AConditionWithoutOneOperatorIsOneProblem) {
    const std::string all = problems_of("{fact: a}");
    EXPECT_NE(all.find("exactly one operator"), std::string::npos) << all;
    EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), 1) << all;
}

TEST(HazardAssessment, ANumberInAConditionIsComparedAsWrittenNotRounded) {
    const auto s = anjian::rules::parse_hazard_standard(standard_with("{fact: n, '>': 0.1234567}"), "t.yaml");
    EXPECT_EQ(matched(s, {{"n", Value{0.1234568}}}), std::vector<std::string>{"x.1"});
    EXPECT_TRUE(matched(s, {{"n", Value{0.1234567}}}).empty());
    const auto tiny = anjian::rules::parse_hazard_standard(standard_with("{fact: n, '>': 1e-7}"), "t.yaml");
    EXPECT_EQ(matched(tiny, {{"n", Value{2e-7}}}), std::vector<std::string>{"x.1"});
    EXPECT_TRUE(matched(tiny, {{"n", Value{0.0}}}).empty());
}

TEST(HazardAssessment, TwoFindingsComparedWithEachOther) {
    const auto s = anjian::rules::parse_hazard_standard(standard_with("{fact: n, '>': {fact: m}}"), "t.yaml");
    EXPECT_EQ(matched(s, {{"n", Value{3.0}}, {"m", Value{2.0}}}), std::vector<std::string>{"x.1"});
    EXPECT_TRUE(matched(s, {{"n", Value{2.0}}, {"m", Value{2.0}}}).empty());
    EXPECT_EQ(hz::assess(s, {{"n", Value{3.0}}}).not_assessed.size(), 1u);  // m not given
}

namespace {

// assess() row by row, as a reference for the column-by-column batch: each clause shown kept as its own
// text, one per match (where the batch has codes into why_texts).
struct EachRow : hz::AssessedRows {
    std::vector<std::string> shown;
};

// The clause shown for each match of a batch.
std::vector<std::string> shown(const hz::AssessedRows& r) {
    std::vector<std::string> out;
    for (std::size_t m = 0; m < r.why.size(); ++m) out.push_back(r.why_of(m));
    return out;
}

EachRow assess_each_row(const std::vector<const hz::Standard*>& standards,
                                 const std::vector<std::int32_t>& standard_of, const anjian::Table& t,
                                 const std::vector<std::string>& findings) {
    EachRow out;
    anjian::Refusals refusals(out, t.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (standard_of[i] < 0) {
            refusals.refuse(i, "no standard");
            continue;
        }
        const hz::Standard& s = *standards[static_cast<std::size_t>(standard_of[i])];
        hz::Findings given;
        for (const auto& name : findings)
            if (Value v = hz::finding_of(s.fact(name), t[name], i); !std::holds_alternative<std::monostate>(v))
                given.emplace(name, std::move(v));
        try {
            for (auto& m : hz::assess(s, given).matched)
                out.row.push_back(i), out.item.push_back(m.item), out.shown.push_back(m.why);
        } catch (const anjian::input_error& e) {
            refusals.refuse(i, e.message(), e.where().key);
        }
    }
    refusals.finish(anjian::Refusal::status);
    return out;
}

}  // namespace

// Every built-in standard, on 1 to 3 threads, rows under two standards at once or none, every finding a
// column of a random kind -- numbers with NaN, 0/1, fractions and grades out of range; texts of 是/否,
// yes, numbers and words; whole numbers (int64, int32, uint8) with missing cells -- and a column that is
// no finding: the batch gives each row what assess() gives it (items, the clause shown, the error and the
// finding it names).
TEST(HazardAssessment, AssessManyEqualsAssessRowByRowOverRandomFindings) {
    const auto standards = anjian::rules::builtin_hazard_standards();
    std::mt19937_64 rng(7);
    const std::vector<std::string> words = {"是", "否",  "true", " no ", "Y", "1", "0",
                                            "2",  "3.5", "abc",  "",     " ", "-1"};
    for (std::size_t round = 0; round < 40; ++round) {
        const hz::Standard& a = standards[round % standards.size()];
        const hz::Standard& b = standards[(round / standards.size() + round + 1) % standards.size()];
        const std::vector<const hz::Standard*> chosen = {&a, &b};
        std::vector<std::string> names;
        for (const auto* s : chosen)
            for (const auto& f : s->facts)
                if (std::find(names.begin(), names.end(), f.code) == names.end()) names.push_back(f.code);
        if (round % 3 == 0) names.push_back("not_a_finding");
        const std::size_t n = 300;
        // Mostly clean rows (so that items match), some with one bad cell.
        const bool clean = round % 2 == 0;
        // Every row under the first standard in a third of the rounds (clean or not): its float64 columns
        // without a validity bitmap are then read in place.
        const bool one_standard = round % 3 == 1;
        std::vector<std::int32_t> standard_of(n);
        for (auto& s : standard_of) s = one_standard ? 0 : static_cast<std::int32_t>(rng() % 7 == 0 ? -1 : rng() % 2);
        anjian::Table t(static_cast<std::int64_t>(n));
        for (const auto& name : names) {
            const hz::Fact* f = a.fact(name) ? a.fact(name) : b.fact(name);
            const std::string type = f ? f->type : "number";
            auto kind = rng() % (clean ? 2 : 4);
            if (clean && type != "text" && rng() % 2) kind = 3;  // whole numbers and flags of the fact's kind
            std::vector<bool> missing(n);
            for (std::size_t i = 0; i < n; ++i)  // a clean row gives only its own standard's findings
                missing[i] = rng() % 4 == 0 || (clean && standard_of[i] >= 0 &&
                                                !chosen[static_cast<std::size_t>(standard_of[i])]->fact(name));
            if (kind == 0 || (kind == 1 && type != "text")) {  // float64, as Python sends flags and numbers
                std::vector<double> v(n);
                for (auto& x : v) {
                    const auto r = rng() % 10;
                    x = type == "boolean" ? (clean || r < 8 ? static_cast<double>(r % 2) : 0.5)
                        : type == "grade" ? (clean || r < 8 ? static_cast<double>(r % 5) : 4.5)
                                          : static_cast<double>(rng() % 30) - (clean ? 0 : 3);
                    if (rng() % 5 == 0) x = std::nan("");
                }
                if (type == "text") {
                    std::vector<std::string> texts;
                    for (const double x : v) texts.push_back(std::to_string(static_cast<int>(x)));
                    t.own_texts(name, texts, missing);
                } else if (rng() % 2) {  // empty cells as NaN, no validity bitmap (as numpy's float64)
                    for (std::size_t i = 0; i < n; ++i)
                        if (missing[i]) v[i] = std::nan("");
                    t.own(name, v);
                } else {
                    t.own(name, v, missing);
                }
            } else if (kind == 1 || kind == 2) {  // text cells
                std::vector<std::string> texts;
                for (std::size_t i = 0; i < n; ++i) texts.push_back(words[rng() % words.size()]);
                t.own_texts(name, texts, missing);
            } else {  // whole numbers with missing cells, as pandas' nullable Int64, Int32 and boolean send them;
                      // flags also as Arrow's bits
                std::vector<std::int64_t> v(n);
                const std::size_t values = !clean ? 6 : type == "boolean" ? 2 : type == "grade" ? 5 : 30;
                for (auto& x : v) x = static_cast<std::int64_t>(rng() % values);
                if (const auto width = rng() % (type == "boolean" ? 4 : 3); width == 0) {
                    t.own(name, v, missing);
                } else if (width == 1) {
                    t.own(name, std::vector<std::int32_t>(v.begin(), v.end()), missing);
                } else if (width == 2) {
                    t.own(name, std::vector<std::uint8_t>(v.begin(), v.end()), missing);
                } else {
                    std::vector<bool> flags(n);
                    for (std::size_t i = 0; i < n; ++i) flags[i] = v[i] % 2 == 1;
                    t.own_flags(name, flags, missing);
                }
            }
        }
        const auto each = assess_each_row(chosen, standard_of, t, names);
        // On 1 to 3 threads: each standard's rows read and tested in that many chunks.
        for (const unsigned threads : {1u, 2u, 3u}) {
            const auto many = hz::assess_many(chosen, standard_of, {"no standard"}, t,
                                              names, anjian::Refusal::status, threads);
            SCOPED_TRACE(a.industry + " / " + b.industry + ", round " + std::to_string(round) + ", " +
                         std::to_string(threads) + " threads");
            EXPECT_EQ(many.row, each.row);
            EXPECT_EQ(many.item, each.item);
            EXPECT_EQ(shown(many), each.shown);
            EXPECT_EQ(many.refused, each.refused);
            EXPECT_EQ(many.reasons, each.reasons);
            if (clean) {
                EXPECT_GT(many.row.size(), 0u);
            }
        }
    }
}

// A thread's rows are read and tested a block at a time, the findings' buffers refilled for each block:
// the matches, the clauses shown and the errors are the same whatever the block's size, for rows that
// follow one another and rows that do not (a frame mixing industries); every row as a run and as a list
// of them alike.
TEST(HazardAssessment, RowsAssessedInBlocksGiveWhatOneBlockGives) {
    const hz::Standard& s = chemical();
    const std::size_t n = 500;
    std::mt19937_64 rng(11);
    anjian::Table t(static_cast<std::int64_t>(n));
    std::vector<std::string> names;
    for (const auto& f : s.facts) {
        std::vector<bool> missing(n);
        for (std::size_t i = 0; i < n; ++i) missing[i] = rng() % 6 == 0;
        if (f.type == "boolean" && f.code == s.facts.front().code) {  // text: 是/否 and, rarely, no flag
            std::vector<std::string> texts;
            for (std::size_t i = 0; i < n; ++i) texts.push_back(rng() % 40 == 0 ? "x" : rng() % 2 ? "是" : "否");
            t.own_texts(f.code, texts, missing);
        } else if (f.type == "boolean" && names.size() % 2) {  // bits, as Arrow's flags
            std::vector<bool> v(n);
            for (std::size_t i = 0; i < n; ++i) v[i] = rng() % 4 == 0;
            t.own_flags(f.code, v, missing);
        } else if (f.type == "boolean") {  // bytes, as pandas' boolean; 2 is no flag
            std::vector<std::uint8_t> v(n);
            for (auto& x : v) x = static_cast<std::uint8_t>(rng() % 200 == 0 ? 2 : rng() % 4 == 0);
            t.own(f.code, v, missing);
        } else if (f.type == "grade") {  // whole numbers, as pandas' Int64; 5 is no grade
            std::vector<std::int64_t> v(n);
            for (auto& x : v) x = static_cast<std::int64_t>(rng() % 100 == 0 ? 5 : rng() % 5);
            t.own(f.code, v, missing);
        } else {  // float64, NaN where not recorded
            std::vector<double> v(n);
            for (std::size_t i = 0; i < n; ++i) v[i] = missing[i] ? std::nan("") : static_cast<double>(rng() % 700);
            t.own(f.code, v);
        }
        names.push_back(f.code);
    }
    std::vector<std::size_t> all(n), every_other;
    std::iota(all.begin(), all.end(), std::size_t{0});
    for (std::size_t i = 1; i < n; i += 2) every_other.push_back(i);
    const auto summary = [](const hz::detail::AssessedChunk& a) {  // per row: its error, or its matches
        std::vector<std::string> out;
        for (std::size_t k = 0; k < a.end.size(); ++k) {
            std::string row = a.error[k] >= 0 ? a.errors[static_cast<std::size_t>(a.error[k])].message() : "";
            for (std::size_t m = k ? a.end[k - 1] : 0; m < a.end[k]; ++m)
                row += " | " + std::to_string(a.item[m]) + ": " + a.why_texts[static_cast<std::size_t>(a.why[m])];
            out.push_back(row);
        }
        return out;
    };
    for (const auto& rows : {hz::detail::Rows::run(0, n), hz::detail::Rows(all), hz::detail::Rows(every_other)}) {
        const auto whole = summary(hz::detail::assess_rows(s, t, names, rows, n));
        std::size_t matches = 0, errors = 0;
        for (const auto& row : whole) matches += row.find(" | ") != std::string::npos, errors += row.rfind("'", 0) == 0;
        EXPECT_GT(matches, 20u);
        EXPECT_GT(errors, 5u);
        for (const std::size_t block : {1u, 7u, 64u, 130u})
            EXPECT_EQ(summary(hz::detail::assess_rows(s, t, names, rows, block)), whole) << "blocks of " << block;
    }
    EXPECT_EQ(summary(hz::detail::assess_rows(s, t, names, hz::detail::Rows::run(0, n), 64)),
              summary(hz::detail::assess_rows(s, t, names, hz::detail::Rows(all), 64)));
    EXPECT_EQ(summary(hz::detail::assess_rows(s, t, names, hz::detail::Rows::run(n / 2, n - n / 2), 64)),
              summary(hz::detail::assess_rows(s, t, names, hz::detail::Rows(std::span(all).subspan(n / 2)), 64)));
}

// A row without a standard is refused with the reason its negative index names (-1 the first); an index
// beyond the standards or the reasons is the caller's error, never a row read under another standard.
TEST(HazardAssessment, ARowWithoutAStandardIsRefusedWithTheReasonItsIndexNames) {
    const hz::Standard& s = chemical();
    anjian::Table t(3);
    t.own("uncertified_special_operators", std::vector<double>{2, 2, 2});
    const std::vector<std::string> names = {"uncertified_special_operators"};
    const auto r = hz::assess_many({&s}, {0, -2, -1}, {"no industry", "no standard on 2010-01-01"}, t, names,
                                   anjian::Refusal::status);
    EXPECT_EQ(r.row, (std::vector<std::size_t>{0}));
    ASSERT_EQ(r.reasons.size(), 2u);
    EXPECT_EQ(r.reasons[static_cast<std::size_t>(r.refused[1])], "no standard on 2010-01-01");
    EXPECT_EQ(r.reasons[static_cast<std::size_t>(r.refused[2])], "no industry");
    EXPECT_THROW(hz::assess_many({&s}, {0, -3, -1}, {"a", "b"}, t, names), anjian::error);
    EXPECT_THROW(hz::assess_many({&s}, {0, 1, 0}, {}, t, names), anjian::error);
    EXPECT_NO_THROW(hz::assess_many({&s}, {0, -2, -1}, {"a", "b"}, t, names, anjian::Refusal::status));
}

// A standard (made by hand: packs refuse it) comparing a flag by size raises for the rows that reach
// that comparison only, so it is assessed row by row -- with the result assess() gives each row.
TEST(HazardAssessment, AStandardWhoseComparisonCanRaisePartwayIsAssessedRowByRow) {
    hz::Standard s = chemical();
    anjian::Condition& first = s.items[0].when.any[0][0];  // principal_or_safety_manager_not_certified is true
    first.op = anjian::Op::lt, first.value = 1.0;
    ASSERT_FALSE(hz::detail::columnar(s));
    const std::size_t n = 6;
    anjian::Table t(static_cast<std::int64_t>(n));
    t.own("principal_or_safety_manager_not_certified", std::vector<double>{1, 0, 0, 1, 0, 1},
          {false, true, false, true, true, false});
    t.own("uncertified_special_operators", std::vector<double>{0, 2, 0, 3, 0, 1});
    const std::vector<std::string> names = {"principal_or_safety_manager_not_certified",
                                            "uncertified_special_operators"};
    const std::vector<std::int32_t> standard_of(n, 0);
    const auto many =
        hz::assess_many({&s}, standard_of, {}, t, names, anjian::Refusal::status);
    const auto each = assess_each_row({&s}, standard_of, t, names);
    EXPECT_EQ(many.row, each.row);
    EXPECT_EQ(shown(many), each.shown);
    EXPECT_EQ(many.refused, each.refused);
    EXPECT_EQ(many.reasons, each.reasons);
    EXPECT_FALSE(many.ok(0));  // a flag given: "'...' < needs numbers"
    EXPECT_TRUE(many.ok(1));   // not given: the comparison is unknown, item 2 holds
}
