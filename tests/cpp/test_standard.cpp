// 重大事故隐患判定标准 packs and the assessment of findings against them.
#include <gtest/gtest.h>

#include <algorithm>

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
