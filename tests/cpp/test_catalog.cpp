// The indicator catalogue as a rule pack: the built-in one, and every validation problem
// reported with file, line and key path.
#include <gtest/gtest.h>

#include <algorithm>
#include <anjian/rules/catalog.hpp>

namespace rules = anjian::rules;

namespace {
std::vector<anjian::Diagnostic> problems_of(const std::string& text) {
    try {
        rules::parse_catalog(text, "test.yaml");
    } catch (const anjian::pack_error& e) {
        return e.problems();
    }
    return {};
}

bool has(const std::vector<anjian::Diagnostic>& ps, const std::string& key, const std::string& words, int line = 0) {
    return std::any_of(ps.begin(), ps.end(), [&](const anjian::Diagnostic& d) {
        return d.where.key == key && d.message.find(words) != std::string::npos && (line == 0 || d.where.line == line);
    });
}

const std::string header = "anjian_pack: 2\nname: t/cat\nkind: indicator_catalog\nversion: '1'\n";
const std::string fields =
    "base_fields:\n"
    "  a: {name_zh: 甲, unit: 项, kind: count, source: s}\n"
    "  b: {name_zh: 乙, unit: 项, kind: count, source: s}\n";
}  // namespace

TEST(Catalog, DefaultPackHasTheFourteenBulletinIndicators) {
    const auto cat = rules::builtin_catalog();
    EXPECT_EQ(cat.pack.name, "national/indicators");
    EXPECT_TRUE(cat.pack.builtin);
    EXPECT_EQ(cat.indicators.size(), 14u);
    for (const char* f :
         {"inspection_teams", "enterprises_inspected", "hazards_found", "major_hazards_found", "hazards_rectified",
          "major_hazards_rectified", "cases_filed", "cases_closed", "fines_yuan", "suspensions", "criminal_transfers"})
        EXPECT_GE(cat.field_index(f), 0) << f;
    EXPECT_EQ(cat.indicator("filing_rate").formula.text(), "cases_filed / enterprises_inspected");
    EXPECT_EQ(cat.indicator("rectification_rate").formula.text(), "hazards_rectified / hazards_found");
    EXPECT_EQ(cat.indicator("filing_rate").kind, "ratio");
    EXPECT_EQ(cat.indicator("fines_yuan").kind, "money");
    EXPECT_FALSE(cat.indicator("filing_rate").verified);  // : formula not seen
    EXPECT_THROW(cat.indicator("no_such"), anjian::error);
}

TEST(Catalog, EveryValueCarriesASource) {
    for (const auto& name : rules::builtin_pack_names()) {
        if (name.find("indicators") == std::string::npos) continue;  // catalogues only
        const auto cat = rules::builtin_catalog(name);
        for (const auto& f : cat.fields) EXPECT_FALSE(f.source.empty()) << name << " " << f.code;
        for (const auto& i : cat.indicators) EXPECT_FALSE(i.source.empty()) << name << " " << i.code;
    }
}

TEST(Catalog, ExtendedPackAddsToTheDefault) {
    const auto cat = rules::builtin_catalog("national/indicators_extended");
    EXPECT_EQ(cat.pack.name, "national/indicators_extended");
    EXPECT_GT(cat.indicators.size(), 14u);
    EXPECT_EQ(cat.indicator("case_penalty_rate").formula.text(), "preaccident_penalty_cases / correction_orders");
    EXPECT_EQ(cat.indicator("overall_penalty_rate").formula.text(),
              "preaccident_penalty_cases / enterprises_inspected");
}

TEST(Catalog, ContentHashIdentifiesThePackBytes) {
    const auto a = rules::builtin_catalog();
    EXPECT_EQ(a.pack.content_hash, rules::content_hash(rules::builtin_pack_text("national/indicators")));
    EXPECT_EQ(a.pack.content_hash.size(), 16u);
    EXPECT_NE(rules::content_hash("a"), rules::content_hash("b"));
}

TEST(Catalog, JsonIsAcceptedToo) {
    const auto cat = rules::parse_catalog(
        R"({"anjian_pack": 2, "name": "t/json", "kind": "indicator_catalog", "version": "1",
            "base_fields": {"a": {"name_zh": "甲", "unit": "项", "kind": "count", "source": "s"}},
            "indicators": {"a": {"name_zh": "甲", "unit": "项", "direction": "higher", "formula": "a", "source": "s"}}})",
        "t.json");
    EXPECT_EQ(cat.indicators.size(), 1u);
}

TEST(Catalog, ReportsEveryProblemWithLineAndKeyPath) {
    const auto ps =
        problems_of(header + fields +
                    "  c: {name_zh: 丙, unit: 项, kind: weight, source: s}\n"  // line 8
                    "indicators:\n"
                    "  r: {name_zh: 比, unit: ratio, direction: up, formula: a / b, source: s}\n"  // line 10
                    "  q: {name_zh: 比, unit: ratio, direction: higher, formula: a / zz, source: s}\n"
                    "  p: {name_zh: 比, unit: ratio, direction: higher, formula: 'a /', source: s}\n"
                    "  s: {name_zh: 比, unit: ratio, direction: higher, formula: a, colour: red}\n");
    EXPECT_TRUE(has(ps, "base_fields.c.kind", "not one of: count, money", 8));
    EXPECT_TRUE(has(ps, "indicators.r.direction", "not one of: higher, lower", 10));
    EXPECT_TRUE(has(ps, "indicators.q.formula", "'zz' is not a base field"));
    EXPECT_TRUE(has(ps, "indicators.p.formula", "character"));
    EXPECT_TRUE(has(ps, "indicators.s.colour", "unknown key 'colour'"));
    EXPECT_TRUE(has(ps, "indicators.s.source", "missing required key"));
    EXPECT_GE(ps.size(), 6u);
    for (const auto& p : ps) EXPECT_EQ(p.where.file, "test.yaml");
}

TEST(Catalog, HeaderProblems) {
    const auto ps =
        problems_of("anjian_pack: 3\nname: x\nkind: penalty_table\n" + fields +
                    "indicators:\n  a: {name_zh: 甲, unit: 项, direction: higher, formula: a, source: s}\n");
    EXPECT_TRUE(has(ps, "anjian_pack", "unsupported pack format"));
    EXPECT_TRUE(has(ps, "kind", "expected 'indicator_catalog'"));
    EXPECT_TRUE(has(ps, "version", "missing required key"));
}

// A pack of the older format is refused with one problem that says how to convert it.
TEST(Catalog, AFormatOnePackIsRefusedWithTheMigrateCommand) {
    const auto ps = problems_of("anjian_pack: 1\nname: x\nkind: indicator_catalog\nversion: '1'\nbogus: 1\n");
    ASSERT_EQ(ps.size(), 1u);
    EXPECT_TRUE(has(ps, "anjian_pack", "run `anjian rules migrate test.yaml`"));
}

TEST(Catalog, DuplicateCodesAndBadNames) {
    const auto ps = problems_of(header + fields + "  Bad-Name: {name_zh: 丁, unit: 项, kind: count, source: s}\n" +
                                "indicators:\n"
                                "  a: {name_zh: 甲, unit: 项, direction: higher, formula: a, source: s}\n"
                                "  a: {name_zh: 甲, unit: 项, direction: higher, formula: a, source: s}\n"
                                "  b: {name_zh: 乙, unit: 项, direction: higher, formula: a, source: s}\n");
    EXPECT_TRUE(has(ps, "base_fields.Bad-Name", "lower_snake_case"));
    EXPECT_TRUE(has(ps, "indicators.a", "duplicate key 'a'", 11));
    EXPECT_TRUE(has(ps, "indicators.b", "has a base field's name but another formula"));
}

TEST(Catalog, AHeaderNamesOneBaseFieldOnly) {
    const auto ps = problems_of(header + fields + "  c: {name_zh: 丙, aliases: [甲, 丙二], unit: 项, kind: count, source: s}\n" +
                                "  d: {name_zh: 丁, aliases: 丁二, unit: 项, kind: count, source: s}\n");
    EXPECT_TRUE(has(ps, "base_fields.c.aliases", "header '甲' already names base field 'a'"));
    EXPECT_TRUE(has(ps, "base_fields.d.aliases", "expected a list of column headers"));
    const auto ok = rules::parse_catalog(header + fields + "  c: {name_zh: 丙, aliases: [丙二], unit: 项, kind: count, "
                                                           "source: s}\n" +
                                             "indicators:\n  i: {name_zh: 甲率, unit: 项, direction: higher, "
                                             "formula: a, source: s}\n",
                                         "test.yaml");
    EXPECT_EQ(ok.fields.back().aliases, std::vector<std::string>{"丙二"});
}

TEST(Catalog, EffectiveIntervalsAreHalfOpenAndNeedAnExplicitEnd) {
    const std::string base =
        header + fields + "indicators:\n  a: {name_zh: 甲, unit: 项, direction: higher, formula: a, source: s, ";
    const auto cat = rules::parse_catalog(base + "effective: {from: 2021-09-01, to: 2024-05-01}}\n", "t.yaml");
    const auto& a = cat.indicator("a");
    EXPECT_FALSE(a.in_force(anjian::date(2021, 8, 31)));
    EXPECT_TRUE(a.in_force(anjian::date(2021, 9, 1)));
    EXPECT_TRUE(a.in_force(anjian::date(2024, 4, 30)));
    EXPECT_FALSE(a.in_force(anjian::date(2024, 5, 1)));
    const auto open = rules::parse_catalog(base + "effective: {from: 2021-09-01, to: null}}\n", "t.yaml");
    EXPECT_TRUE(open.indicator("a").in_force(anjian::date(2099, 1, 1)));
    EXPECT_TRUE(has(problems_of(base + "effective: {from: 2021-09-01}}\n"), "indicators.a.effective", "needs both"));
    EXPECT_TRUE(
        has(problems_of(base + "effective: {from: 2021-09-01, to: 2021-09-01}}\n"), "indicators.a.effective", "empty"));
    EXPECT_TRUE(has(problems_of(base + "effective: {from: 2021-02-30, to: null}}\n"), "indicators.a.effective.from",
                    "2021-02-30"));
}

TEST(Catalog, RowChecksNameKnownFields) {
    const auto ok =
        rules::parse_catalog(header + fields +
                                 "indicators:\n  a: {name_zh: 甲, unit: 项, direction: higher, formula: a, source: s}\n"
                                 "checks:\n  - {rule: a <= b, source: s}\n",
                             "t.yaml");
    ASSERT_EQ(ok.checks.size(), 1u);
    EXPECT_EQ(ok.checks[0].lesser, "a");
    const auto ps = problems_of(header + fields +
                                "indicators:\n  a: {name_zh: 甲, unit: 项, direction: higher, formula: a, source: s}\n"
                                "checks:\n  - {rule: a < b, source: s}\n  - {rule: a <= zz, source: s}\n");
    EXPECT_TRUE(has(ps, "checks[0].rule", "'field_a <= field_b'"));
    EXPECT_TRUE(has(ps, "checks[1].rule", "'zz' is not a base field"));
}

TEST(Catalog, YamlSyntaxErrorHasALine) {
    const auto ps = problems_of(header + "base_fields: [unclosed\n");
    ASSERT_EQ(ps.size(), 1u);
    EXPECT_NE(ps[0].message.find("YAML syntax"), std::string::npos);
    EXPECT_GT(ps[0].where.line, 0);
}

TEST(Catalog, FilesAndUnknownNames) {
    EXPECT_THROW(rules::load_catalog("/nonexistent/pack.yaml"), anjian::error);
    EXPECT_THROW(rules::builtin_pack_text("national/nothing"), anjian::error);
    const auto cat = rules::load_catalog(std::string(ANJIAN_SOURCE_DIR) + "/rules/national/indicators.yaml");
    EXPECT_EQ(cat.pack.content_hash, rules::builtin_catalog().pack.content_hash);
    EXPECT_FALSE(cat.pack.builtin);
}
