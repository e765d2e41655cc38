// Penalty engine: the shared cases of tests/vectors/penalty_cases.yaml (also run by pytest),
// and the pieces they rest on.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <anjian/penalty/batch.hpp>
#include <anjian/rules/penalty.hpp>

#include "penalty_cases.hpp"

namespace pn = anjian::penalty;

namespace {

using penalty_cases::engine;
using penalty_cases::run;

}  // namespace

TEST(PenaltyCases, SharedWithPython) {
    const auto doc = YAML::LoadFile(std::string(ANJIAN_SOURCE_DIR) + "/tests/vectors/penalty_cases.yaml");
    int checked = 0;
    for (const auto& c : doc["cases"]) {
        const std::string name = c["name"].as<std::string>();
        SCOPED_TRACE(name);
        if (c["error"]) {
            try {
                run(c);
                ADD_FAILURE() << "no error";
            } catch (const anjian::error& e) {
                EXPECT_NE(std::string(e.what()).find(c["error"].as<std::string>()), std::string::npos) << e.what();
            }
        } else {
            const auto r = run(c);
            const auto& want = c["expect"];
            EXPECT_EQ(r.no_fine, want["no_fine"] && want["no_fine"].as<bool>());
            if (!r.no_fine) {  // measures only: no amounts to compare
                EXPECT_EQ(r.min, anjian::Money::parse(want["min"].as<std::string>()));
                EXPECT_EQ(r.max, anjian::Money::parse(want["max"].as<std::string>()));
            }
            EXPECT_EQ(r.basis, want["basis"].as<std::string>());
            EXPECT_EQ(r.law_version, want["law_version"].as<std::string>());
            EXPECT_EQ(r.open_below, want["open_below"] && want["open_below"].as<bool>());
            if (want["band"]) {
                EXPECT_EQ(r.band, want["band"].as<std::string>());
            }
            if (want["band_min"]) {
                EXPECT_EQ(r.band_min, anjian::Money::parse(want["band_min"].as<std::string>()));
            }
            if (want["band_max"]) {
                EXPECT_EQ(r.band_max, anjian::Money::parse(want["band_max"].as<std::string>()));
            }
            if (want["recommended"]) {
                EXPECT_EQ(r.recommended, anjian::Money::parse(want["recommended"].as<std::string>()));
            }
            if (want["measures"]) {
                EXPECT_EQ(r.measures, want["measures"].as<std::vector<std::string>>());
            }
            if (want["no_penalty"]) {
                EXPECT_EQ(r.no_penalty, want["no_penalty"].as<bool>());
            }
            if (want["time_barred"]) {
                EXPECT_EQ(r.time_barred, want["time_barred"].as<bool>());
            }
            if (want["hearing"]) {
                EXPECT_EQ(r.hearing, want["hearing"].as<bool>());
            }
            if (want["may_waive"]) {
                EXPECT_EQ(r.may_waive, want["may_waive"].as<bool>());
            }
            if (want["verified"]) {
                EXPECT_EQ(r.verified, want["verified"].as<bool>());
            }
            if (want["trace"]) {  // words some step of the trace says
                const auto words = want["trace"].as<std::string>();
                EXPECT_TRUE(std::any_of(r.trace.begin(), r.trace.end(), [&](const pn::Step& s) {
                    return (s.rule + ": " + s.detail).find(words) != std::string::npos;
                })) << words;
            }
        }
        ++checked;
    }
    EXPECT_GE(checked, 20);
}

TEST(Penalty, FromOldAndLightMeansTheLighterLawOfTheDecisionDateWhenItExists) {
    // A synthetic pack in which the later edition is lighter: the decision-date law applies.
    const auto table = anjian::rules::parse_penalties(
        "anjian_pack: 2\nname: t/p\nkind: penalty_table\nversion: '1'\n"
        "laws:\n  old: {name_zh: 旧法, edition: '1', effective: {from: 2020-01-01, to: 2022-01-01}, source: s}\n"
        "  new: {name_zh: 新法, edition: '2', effective: {from: 2022-01-01, to: null}, source: s}\n"
        "provisions:\n  p:\n    title_zh: t\n    versions:\n"
        "      - {law: old, article: 10, source: s, cases: [{unit: {from: 5万, to: 10万}}]}\n"
        "      - {law: new, article: 12, source: s, cases: [{unit: {from: 1万, to: 5万}}]}\n",
        "t.yaml");
    const pn::Engine e(table, anjian::rules::penalty_general());
    const auto r = e.recommend("p", "unit", {}, anjian::date(2021, 6, 1), anjian::date(2022, 3, 1));
    EXPECT_EQ(r.basis, "新法(2) 第十二条");
    EXPECT_EQ(r.max, anjian::Money::from_yuan(50000));
    const auto step =
        std::find_if(r.trace.begin(), r.trace.end(), [](const pn::Step& s) { return s.rule == "从旧兼从轻"; });
    ASSERT_NE(step, r.trace.end());
    EXPECT_NE(step->detail.find("lighter"), std::string::npos);
    EXPECT_EQ(r.trace.front().rule, "provision");
    // without a decision date the act-date law stands
    EXPECT_EQ(e.recommend("p", "unit", {}, anjian::date(2021, 6, 1)).basis, "旧法(1) 第十条");
    EXPECT_EQ(e.recommend("p", "unit", {}, anjian::date(2021, 6, 1)).recommended,
              anjian::Money::from_yuan(75000));  // midpoint
}

// Shares are exact: percent in hundredths, rounded once, half up, to the fen (Money::scaled).
TEST(Penalty, IncomeSharesRoundHalfUpToTheFen) {
    const auto share = [](std::int64_t fen, std::int64_t hundredths) {
        return anjian::Money::from_fen(fen).scaled(hundredths, 10000);
    };
    EXPECT_EQ(share(25, 6000), anjian::Money::from_fen(15));  // 15.0
    EXPECT_EQ(share(1, 5000), anjian::Money::from_fen(1));    // 0.5 -> 1
    EXPECT_EQ(share(1, 4000), anjian::Money::from_fen(0));    // 0.4 -> 0
    EXPECT_EQ(share(INT64_MAX / 2, 10000), anjian::Money::from_fen(INT64_MAX / 2));
    EXPECT_EQ(share(-1, 5000), anjian::Money::from_fen(-1));  // half away from zero
    EXPECT_EQ(anjian::Money::from_fen(15049).scaled(1, 1, anjian::Money::from_yuan(1)), anjian::Money::from_yuan(150));
    EXPECT_EQ(anjian::Money::from_fen(15050).scaled(1, 1, anjian::Money::from_yuan(1)), anjian::Money::from_yuan(151));
    EXPECT_THROW(anjian::Money::from_fen(INT64_MAX).scaled(2, 1), anjian::error);
}

TEST(Penalty, ArticleNumbersInChinese) {
    EXPECT_EQ(pn::article_zh(114), "第一百一十四条");
    EXPECT_EQ(pn::article_zh(101), "第一百零一条");
    EXPECT_EQ(pn::article_zh(110), "第一百一十条");
    EXPECT_EQ(pn::article_zh(10), "第十条");
    EXPECT_EQ(pn::article_zh(37), "第三十七条");
    EXPECT_EQ(pn::article_zh(999), "第九百九十九条");   // the last in the table
    EXPECT_EQ(pn::article_zh(1000), "第1000条");        // beyond it: digits, never a wrong numeral
    EXPECT_EQ(pn::article_zh(0), "第0条");
}

TEST(Penalty, ChineseNumeralsReadBackToTheirNumber) {
    for (int n = 1; n < 1000; ++n) ASSERT_EQ(pn::numeral_zh_value(pn::numeral_zh(n)), n) << n;
    EXPECT_EQ(pn::numeral_zh_value("一百一十四"), 114);
    EXPECT_EQ(pn::numeral_zh_value("九十九", 100), 99);
    EXPECT_EQ(pn::numeral_zh_value("一百", 100), 0);  // at the limit: not read
    EXPECT_EQ(pn::numeral_zh_value("一十四"), 0);     // not how 14 is written
    EXPECT_EQ(pn::numeral_zh_value(""), 0);
}

TEST(Penalty, AnOverlaysProvisionsAreCitedByTheirOwnLaw) {
    // Citations are written when a table is set or overlaid: an overlay's law is cited, not left blank.
    pn::Engine e = engine();
    pn::Table overlay;
    overlay.pack.name = "test/overlay";
    pn::Law law = e.table().laws.at("aqsc2021");
    law.name_zh = "某省安全生产条例";
    overlay.laws.emplace("province2022", law);
    pn::Provision p = e.table().provisions.front();
    p.id = "province_only";
    for (auto& v : p.versions) {
        v.law = "province2022";
        v.cited.clear();
    }
    overlay.provisions.push_back(p);
    e.add_table(overlay);
    const auto& added = e.table().provisions.back();
    ASSERT_EQ(added.id, "province_only");
    for (const auto& v : added.versions)
        EXPECT_EQ(v.cited, "某省安全生产条例(" + law.edition + ") " + pn::article_zh(v.article));
    for (const auto& q : e.table().provisions)
        for (const auto& v : q.versions) EXPECT_FALSE(v.cited.empty()) << q.id;
}

TEST(Penalty, BuiltInPackLoadsWithItsProvisions) {
    const auto& t = engine().table();
    EXPECT_EQ(t.pack.name, "national/penalties");
    EXPECT_EQ(t.laws.at("aqsc2021").effective.from, anjian::date(2021, 9, 1));
    EXPECT_EQ(t.laws.at("aqsc2014").effective.to, anjian::date(2021, 9, 1));
    EXPECT_TRUE(t.laws.at("aqsc2014").verified);  // 2014-12-01 is printed with the published text
    EXPECT_NO_THROW(t.provision("accident_unit"));
    EXPECT_THROW(t.provision("nothing"), anjian::error);
}

TEST(Penalty, DailyFinesAndLatePaymentSurcharges) {
    const auto y = [](std::int64_t v) { return anjian::Money::from_yuan(v); };
    EXPECT_EQ(pn::daily_penalty(y(10000), anjian::date(2024, 3, 1), anjian::date(2024, 3, 11)), y(100000));
    EXPECT_THROW(pn::daily_penalty(y(10000), anjian::date(2024, 3, 1), anjian::date(2024, 3, 1)), anjian::error);
    const auto& g = engine().general();
    EXPECT_EQ(pn::late_payment_surcharge(g, y(50000), anjian::date(2024, 3, 1), anjian::date(2024, 4, 3)), y(49500));
    EXPECT_EQ(pn::late_payment_surcharge(g, y(50000), anjian::date(2024, 3, 1), anjian::date(2024, 4, 4)), y(50000));
    EXPECT_EQ(pn::late_payment_surcharge(g, y(50000), anjian::date(2024, 3, 1), anjian::date(2024, 2, 1)),
              anjian::Money());
}

TEST(Penalty, BenchmarksMayOnlyNarrowTheStatutoryRange) {
    pn::Engine e = anjian::rules::penalty_engine();
    e.add_discretion(anjian::rules::discretion("sichuan/discretion"));
    pn::Facts f;
    f.values = {{"untrue_points", "1"}};
    const auto r = e.recommend("evaluation_report_untrue", "unit", f, anjian::date(2024, 1, 1));
    EXPECT_EQ(r.band_min, anjian::Money::from_yuan(30000));
    EXPECT_EQ(r.band_max, anjian::Money::from_yuan(50000));
    const auto bad = anjian::rules::parse_discretion(
        "anjian_pack: 2\nname: t/d\nkind: discretion_benchmark\nversion: '1'\njurisdiction: x\n"
        "effective: {from: 2022-01-01, to: null}\nsource: s\nfacts: {n: {type: number}}\nbenchmarks:\n"
        "  - {provision: evaluation_report_untrue, party: unit, key: n, bands: [{at_least: 1, from: 1万, to: 4万}]}\n",
        "d.yaml");
    try {
        e.add_discretion(bad);
        FAIL();
    } catch (const anjian::pack_error& err) {
        ASSERT_EQ(err.problems().size(), 1u);
        EXPECT_EQ(err.problems()[0].where.line, 10);
        EXPECT_NE(err.problems()[0].message.find("a benchmark may only narrow"), std::string::npos);
    }
    EXPECT_EQ(e.discretion().size(), 1u);  // the refused pack was not added
}

TEST(Penalty, RecommendationAsJson) {
    const auto r = engine().accident_fine("较大", anjian::date(2021, 8, 20), anjian::date(2021, 11, 3));
    const std::string j = pn::to_json(r);
    EXPECT_EQ(j.front(), '{');
    EXPECT_NE(j.find("\"min_yuan\": \"500000\""), std::string::npos);
    EXPECT_NE(j.find("\"basis\": {\"text\": \"安全生产法(2014) 第一百零九条第二项\", \"law\": \"安全生产法\", "
                     "\"edition\": \"2014\", \"law_id\": \"aqsc2014\", \"article\": 109, \"paragraph\": 0, \"item\": 2}"),
              std::string::npos)
        << j;
    EXPECT_NE(j.find("\"schema\": \"anjian.penalty.recommendation/1\""), std::string::npos);
    EXPECT_NE(j.find("\"act_date\": \"2021-08-20\", \"decision_date\": \"2021-11-03\""), std::string::npos);
    EXPECT_NE(j.find("\"name\": \"national/penalty_general\""), std::string::npos);
    EXPECT_NE(j.find("\"rule\": \"从旧兼从轻\""), std::string::npos);
    EXPECT_EQ(pn::detail::json_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
}

TEST(Penalty, GapsBetweenVersionsAndBandsAreProblems) {
    try {
        anjian::rules::parse_penalties(
            "anjian_pack: 2\nname: t/p\nkind: penalty_table\nversion: '1'\n"
            "laws:\n  a: {name_zh: 法, edition: '1', effective: {from: 2010-01-01, to: 2012-01-01}, source: s}\n"
            "  b: {name_zh: 法, edition: '2', effective: {from: 2013-01-01, to: null}, source: s}\n"
            "provisions:\n  p:\n    title_zh: t\n    versions:\n"
            "      - {law: a, article: 1, source: s, cases: [{unit: {from: 1万, to: 2万}}]}\n"
            "      - {law: b, article: 1, source: s, cases: [{unit: {from: 1万, to: 2万}}]}\n",
            "p.yaml");
        FAIL();
    } catch (const anjian::pack_error& e) {
        EXPECT_NE(std::string(e.what()).find("gap: no version in force from 2012-01-01 to 2013-01-01"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_THROW(anjian::rules::parse_discretion(
                     "anjian_pack: 2\nname: t/d\nkind: discretion_benchmark\nversion: '1'\n"
                     "jurisdiction: x\neffective: {from: 2022-01-01, to: null}\nsource: s\n"
                     "facts: {n: {type: number}}\nbenchmarks:\n  - {provision: p, party: unit, key: n, bands: "
                     "[{at_least: 1, below: 2, from: 1万, to: 2万}, {at_least: 3, from: 2万, to: 3万}]}\n",
                     "d.yaml"),
                 anjian::pack_error);
}

// A batch decides equal cases once per interval of time in which nothing dated changes: a discretion
// benchmark's first day is such a boundary, as much as a law edition's.
TEST(Penalty, BatchCacheSplitsTimeAtEveryDatedObjectTheDecisionConsults) {
    pn::Engine e = anjian::rules::penalty_engine();
    e.add_discretion(anjian::rules::discretion("sichuan/discretion"));
    const auto bounds = e.date_boundaries();
    EXPECT_NE(std::find(bounds.begin(), bounds.end(), anjian::date(2023, 4, 23)), bounds.end());
    anjian::Table in(2);
    in.own_texts("provision", {"evaluation_report_untrue", "evaluation_report_untrue"})
        .own_texts("party", {"unit", "unit"})
        .own_texts("untrue_points", {"1", "1"})
        .own_dates("act_date", {anjian::date(2023, 4, 22), anjian::date(2023, 4, 23)});
    const auto out = pn::BatchEngine(e).run_many(in, {"untrue_points"});
    EXPECT_EQ(out.money.recommended_fen[0], anjian::Money::from_yuan(65000).fen());  // statute, 一般 band
    EXPECT_EQ(out.money.recommended_fen[1], anjian::Money::from_yuan(40000).fen());  // 川应急规〔2023〕1号 1处
}

namespace {

// A minimal general part: `instruments` and `bands` spliced into a valid pack.
std::string general_pack(const std::string& instruments, const std::string& bands = "") {
    return "anjian_pack: 2\nname: t/g\nkind: penalty_general\nversion: '1'\ninstruments:\n" + instruments +
           "default_bands:\n  source: s\n" +
           (bands.empty() ? "  closed_range: {从轻: ['0', '1/3'], 一般: ['1/3', '2/3'], 从重: ['2/3', '1']}\n"
                            "  open_below: {从轻: ['0', '1/5'], 一般: ['2/5', '3/5'], 从重: ['3/5', '1']}\n"
                            "  within_benchmark: {从轻: ['0', '1/2'], 一般: ['0', '1'], 从重: ['1/2', '1']}\n"
                          : bands);
}

std::vector<std::string> general_problems(const std::string& text) {
    try {
        anjian::rules::parse_penalty_general(text, "g.yaml");
    } catch (const anjian::pack_error& e) {
        std::vector<std::string> out;
        for (const auto& p : e.problems()) out.push_back(p.where.key + ": " + p.message);
        return out;
    }
    return {};
}

bool has(const std::vector<std::string>& problems, const std::string& words) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const std::string& p) { return p.find(words) != std::string::npos; });
}

}  // namespace

TEST(PenaltyGeneral, BuiltInPackHasBothEditionsOfTheLawWithTheirDates) {
    const auto& g = engine().general();
    const auto at = [&](const anjian::date& d) { return g.with(&pn::Instrument::limitation, d); };
    ASSERT_NE(at(anjian::date(2021, 7, 14)), nullptr);
    ASSERT_NE(at(anjian::date(2021, 7, 15)), nullptr);
    EXPECT_EQ(at(anjian::date(2021, 7, 14))->limitation->basis.str(), "行政处罚法(2017) 第二十九条");
    EXPECT_EQ(at(anjian::date(2021, 7, 14))->limitation->extended_years, 0);
    EXPECT_EQ(at(anjian::date(2021, 7, 15))->limitation->basis.str(), "行政处罚法(2021) 第三十六条");
    EXPECT_EQ(at(anjian::date(2021, 7, 15))->limitation->extended_years, 5);
    EXPECT_EQ(at(anjian::date(1996, 9, 30)), nullptr);  // before any encoded text: nothing, never a carry-back
    EXPECT_EQ(g.circumstance("first_offence_minor_corrected", anjian::date(2021, 7, 14)), nullptr);
    EXPECT_NE(g.circumstance("first_offence_minor_corrected", anjian::date(2021, 7, 15)), nullptr);
}

TEST(PenaltyGeneral, TwoInstrumentsGivingTheSameRuleOnOneDayAreAProblem) {
    const std::string limitation = "limitation: {article: 1, years: 2, text: t}";
    const auto problems = general_problems(general_pack(
        "  a: {name_zh: 法, edition: '1', source: s, effective: {from: 2000-01-01, to: 2010-01-01}, " + limitation +
        "}\n  b: {name_zh: 法, edition: '2', source: s, effective: {from: 2009-01-01, to: null}, " + limitation + "}\n"));
    EXPECT_TRUE(has(problems, "instruments.b: the limitation is given by 'a'")) << problems.size();
}

TEST(PenaltyGeneral, AGapBetweenInstrumentsGivingARuleIsAProblem) {
    const std::string limitation = "limitation: {article: 1, years: 2, text: t}";
    const auto problems = general_problems(general_pack(
        "  a: {name_zh: 法, edition: '1', source: s, effective: {from: 2000-01-01, to: 2010-01-01}, " + limitation +
        "}\n  b: {name_zh: 法, edition: '2', source: s, effective: {from: 2011-01-01, to: null}, " + limitation + "}\n"));
    EXPECT_TRUE(has(problems, "gap: no instrument gives the limitation from 2010-01-01 to 2011-01-01"));
}

TEST(PenaltyGeneral, EveryBadValueIsReportedWithItsKey) {
    const auto problems = general_problems(general_pack(
        "  a:\n    name_zh: 法\n    edition: '1'\n    source: s\n    effective: {from: 2000-01-01, to: null}\n"
        "    circumstances: {x: {effect: maybe, article: 1, text: t}}\n"
        "    limitation: {article: 1, years: 5, extended_years: 2, extended_when: w, text: t}\n"
        "    late_payment: {article: 1, percent_per_day: 300, capped_at_fine: true, text: t}\n",
        "  closed_range: {从轻: ['0', '4/3'], 一般: ['2/3', '1/3'], 从重: ['2/3', '1']}\n"
        "  open_below: {从轻: ['0', '1/5'], 一般: ['2/5', '3/5']}\n"
        "  within_benchmark: {从轻: ['0', '1/2'], 一般: ['0', '1'], 从重: ['1/2', '1']}\n"));
    EXPECT_TRUE(has(problems, "instruments.a.circumstances.x.effect: 'maybe' is not one of"));
    EXPECT_TRUE(has(problems, "instruments.a.limitation.extended_years: an extended limitation must be longer"));
    EXPECT_TRUE(has(problems, "instruments.a.late_payment.percent_per_day"));
    EXPECT_TRUE(has(problems, "default_bands.closed_range.从轻[1]: expected a share of the range from 0 to 1"));
    EXPECT_TRUE(has(problems, "default_bands.closed_range.一般: the band's 'from' share is above its 'to' share"));
    EXPECT_TRUE(has(problems, "default_bands.open_below.从重: missing required band '从重'"));
}

TEST(PenaltyGeneral, ALateFineBeforeAnyEncodedTextIsAnError) {
    EXPECT_THROW(pn::late_payment_surcharge(engine().general(), anjian::Money::from_yuan(100), anjian::date(1995, 1, 1),
                                            anjian::date(1995, 2, 1)),
                 anjian::error);
}

TEST(PenaltyGeneral, AQuestionNamingAnUnknownProvisionIsAProblem) {
    try {
        anjian::rules::parse_penalties(
            "anjian_pack: 2\nname: t/p\nkind: penalty_table\nversion: '1'\n"
            "laws:\n  a: {name_zh: 法, edition: '1', effective: {from: 2010-01-01, to: null}, source: s}\n"
            "questions:\n  accident_fine: {party: unit, by_sector: {general: [p, q]}}\n"
            "provisions:\n  p:\n    title_zh: t\n    versions:\n"
            "      - {law: a, article: 1, source: s, cases: [{principal: {from: 1万, to: 2万}}]}\n",
            "p.yaml");
        FAIL();
    } catch (const anjian::pack_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("'p' fines no 'unit' in any case"), std::string::npos) << what;
        EXPECT_NE(what.find("'q' is not a provision of this pack"), std::string::npos) << what;
    }
}

namespace {

std::string table_with(const std::string& facts, const std::string& cases) {
    return "anjian_pack: 2\nname: t/p\nkind: penalty_table\nversion: '1'\n"
           "laws:\n  a: {name_zh: 法, edition: '1', effective: {from: 2010-01-01, to: null}, source: s}\n"
           "facts:\n" +
           facts + "provisions:\n  p:\n    title_zh: t\n    versions:\n      - law: a\n        article: 1\n"
                   "        source: s\n        cases:\n" +
           cases;
}

std::string table_problems(const std::string& text) {
    try {
        anjian::rules::parse_penalties(text, "p.yaml");
    } catch (const anjian::pack_error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

// A case is selected by the most specific condition that holds; two that can hold together must be
// ordered (a superset of facts, or a narrower range), else the pack is refused.
TEST(PenaltyConditions, TwoCasesThatCanHoldTogetherWithoutOrderAreAProblem) {
    const std::string facts = "  level: {type: enum, values: [一般, 较大]}\n  aggravated: {type: boolean}\n";
    const auto ambiguous = table_problems(table_with(
        facts, "          - {when: {fact: level, is: 一般}, unit: {from: 1万, to: 2万}}\n"
               "          - {when: {fact: aggravated, is: true}, unit: {from: 2万, to: 3万}}\n"));
    EXPECT_NE(ambiguous.find("cases[1]: can hold together with cases[0] and neither is more specific"),
              std::string::npos)
        << ambiguous;
    EXPECT_EQ(table_problems(table_with(
                  facts, "          - {when: {fact: level, is: 一般}, unit: {from: 1万, to: 2万}}\n"
                         "          - {when: [{fact: level, is: 一般}, {fact: aggravated, is: true}], unit: {from: 2万, to: 3万}}\n"
                         "          - {when: {fact: level, is: 较大}, unit: {from: 3万, to: 4万}}\n")),
              "");
}

TEST(PenaltyConditions, ANarrowerRangeIsMoreSpecificAndDisjointRangesNeverMeet) {
    const std::string facts = "  workers: {type: number}\n";
    EXPECT_EQ(table_problems(table_with(facts, "          - {when: {fact: workers, '>=': 10}, unit: {from: 1万, to: 2万}}\n"
                                               "          - {when: {fact: workers, '>=': 100}, unit: {from: 2万, to: 3万}}\n"
                                               "          - {when: {fact: workers, '<': 10}, unit: {from: 0, to: 1万}}\n")),
              "");
    const auto t = anjian::rules::parse_penalties(
        table_with(facts, "          - {when: {fact: workers, '>=': 10}, unit: {from: 1万, to: 2万}}\n"
                          "          - {when: {fact: workers, '>=': 100}, unit: {from: 2万, to: 3万}}\n"),
        "p.yaml");
    const pn::Engine e(t, anjian::rules::penalty_general());
    pn::Facts f;
    f.values = {{"workers", "99"}};
    EXPECT_EQ(e.recommend("p", "unit", f, anjian::date(2023, 1, 1)).max, anjian::Money::from_yuan(20000));
    f.values = {{"workers", "100"}};
    EXPECT_EQ(e.recommend("p", "unit", f, anjian::date(2023, 1, 1)).max, anjian::Money::from_yuan(30000));
}

TEST(PenaltyConditions, AConditionOnAnUndeclaredFactOrAValueOutsideTheEnumIsAProblem) {
    const auto problems = table_problems(table_with(
        "  level: {type: enum, values: [一般, 较大]}\n",
        "          - {when: {fact: stage, is: first}, unit: {from: 1万, to: 2万}}\n"
        "          - {when: {fact: level, is: 特别大}, unit: {from: 2万, to: 3万}}\n"
        "          - {when: {fact: level, '>': 1}, unit: {from: 2万, to: 3万}}\n"));
    EXPECT_NE(problems.find("reads 'stage', which the pack does not declare"), std::string::npos) << problems;
    EXPECT_NE(problems.find("'level' must be one of 一般, 较大, the condition has '特别大'"), std::string::npos);
    EXPECT_NE(problems.find("'level' is one of 一般, 较大: it cannot be compared with <, >"), std::string::npos);
}

// A batch reads every row before it refuses: the error counts every refused row and lists the first 100.
TEST(Penalty, ABatchRefusesEveryBadRowAtOnceOrSaysWhyPerRow) {
    const std::size_t n = 150;
    std::vector<std::int8_t> level(n, 2);
    for (std::size_t i = 0; i < n; i += 1) level[i] = i % 3 == 0 ? 2 : 9;  // two of three rows bad
    anjian::Table cases(static_cast<std::int64_t>(n));
    cases.own("level", level).own_dates("act_date", std::vector<anjian::date>(n, anjian::date(2023, 1, 1)));
    const pn::BatchEngine batch(engine());
    try {
        batch.run(cases, false, "general");
        FAIL();
    } catch (const anjian::batch_error& e) {
        EXPECT_EQ(e.refused(), 100u);
        EXPECT_EQ(e.problems().size(), 100u);
        EXPECT_EQ(e.problems().front().where.row, 1);
        EXPECT_NE(std::string(e.what()).find("100 of 150 rows refused"), std::string::npos);
    }
    const auto out = batch.run(cases, false, "general", pn::Refusal::status);
    EXPECT_EQ(out.refused[0], -1);
    EXPECT_GE(out.refused[1], 0);
    EXPECT_EQ(out.reasons[static_cast<std::size_t>(out.refused[1])], "accident level must be 1..4, got 9");
    EXPECT_EQ(out.min_fen[0], anjian::Money::from_yuan(1000000).fen());
}

// A pack used past the day its content was last checked says so in the trace.
TEST(Penalty, APackUsedPastItsReviewSaysSo) {
    const auto& reviewed = engine().table().pack.reviewed_through;
    ASSERT_TRUE(reviewed.has_value());
    const auto says = [](const pn::Recommendation& r) {
        return std::any_of(r.trace.begin(), r.trace.end(), [](const pn::Step& s) { return s.rule == "review"; });
    };
    EXPECT_FALSE(says(engine().accident_fine("较大", *reviewed)));
    EXPECT_TRUE(says(engine().accident_fine("较大", *reviewed + boost::gregorian::days(1))));
}
