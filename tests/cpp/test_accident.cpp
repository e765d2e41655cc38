// Accident levels (国务院令第493号 第三条) and reporting limits, from the built-in pack.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>
#include <tuple>
#include <vector>

#include <anjian/accident/reporting.hpp>
#include <anjian/rules/accident.hpp>
#include <string>

namespace ac = anjian::accident;
using anjian::Money;

namespace {

const ac::Rules& rules() {
    static const ac::Rules r = anjian::rules::accident_rules();
    return r;
}

ac::Level level(std::int64_t d, std::int64_t s, const char* loss) {
    return rules().classify(d, s, Money::parse(loss)).level;
}

}  // namespace

// "以上包括本数，以下不包括本数": each bound belongs to the higher level, one below it to the lower.
TEST(AccidentLevels, DeathBoundsAreInclusiveBelowExclusiveAbove) {
    EXPECT_EQ(level(2, 0, "0"), ac::Level::general);
    EXPECT_EQ(level(3, 0, "0"), ac::Level::larger);
    EXPECT_EQ(level(9, 0, "0"), ac::Level::larger);
    EXPECT_EQ(level(10, 0, "0"), ac::Level::major);
    EXPECT_EQ(level(29, 0, "0"), ac::Level::major);
    EXPECT_EQ(level(30, 0, "0"), ac::Level::especially_major);
}

TEST(AccidentLevels, SeriousInjuryBoundsAreInclusiveBelowExclusiveAbove) {
    EXPECT_EQ(level(0, 9, "0"), ac::Level::general);
    EXPECT_EQ(level(0, 10, "0"), ac::Level::larger);
    EXPECT_EQ(level(0, 49, "0"), ac::Level::larger);
    EXPECT_EQ(level(0, 50, "0"), ac::Level::major);
    EXPECT_EQ(level(0, 99, "0"), ac::Level::major);
    EXPECT_EQ(level(0, 100, "0"), ac::Level::especially_major);
}

TEST(AccidentLevels, DirectLossBoundsAreInclusiveBelowExclusiveAboveToTheFen) {
    EXPECT_EQ(level(0, 0, "9999999.99"), ac::Level::general);
    EXPECT_EQ(level(0, 0, "1000万"), ac::Level::larger);
    EXPECT_EQ(level(0, 0, "49999999.99"), ac::Level::larger);
    EXPECT_EQ(level(0, 0, "5000万"), ac::Level::major);
    EXPECT_EQ(level(0, 0, "99999999.99"), ac::Level::major);
    EXPECT_EQ(level(0, 0, "10000万"), ac::Level::especially_major);
}

// The criteria are joined by 或者: the highest level any one of them reaches.
TEST(AccidentLevels, HighestLevelAnyCriterionReachesDecides) {
    EXPECT_EQ(level(2, 12, "0"), ac::Level::larger);
    EXPECT_EQ(level(9, 49, "4999.99万"), ac::Level::larger);
    EXPECT_EQ(level(1, 0, "6000万"), ac::Level::major);
    const auto c = rules().classify(12, 60, Money::parse("100"));
    EXPECT_EQ(c.level, ac::Level::major);
    EXPECT_EQ(c.decided_by, ac::deaths | ac::serious_injuries);
    EXPECT_EQ(rules().classify(0, 0, Money()).decided_by, 0);
}

TEST(AccidentLevels, ExplanationNamesTheDecidingCriterion) {
    EXPECT_EQ(rules().explain(12, 0, Money()), "死亡人数 12 reaches 重大事故 (10 以上)");
    EXPECT_NE(rules().explain(0, 0, Money()).find("no criterion reaches 较大事故"), std::string::npos);
}

TEST(AccidentLevels, NegativeCountIsAnErrorNamingTheColumnAndRow) {
    anjian::Table t(2);
    t.own("deaths", std::vector<std::int64_t>{1, -1}).own("serious_injuries", std::vector<std::int64_t>{0, 0});
    t.own("direct_loss_yuan", std::vector<std::int64_t>{0, 0});
    std::int8_t lv[2];
    std::uint8_t by[2];
    try {
        ac::classify_many(rules(), t, lv, by);
        FAIL();
    } catch (const anjian::input_error& e) {
        EXPECT_EQ(e.where().row, 1);
        EXPECT_EQ(e.where().field, "deaths");
        EXPECT_EQ(e.message(), "negative value -1");
    }
}

// Every bad row in one error, or with Refusal::status level 0 and the reason per row while every
// other row is classified.
TEST(AccidentLevels, ABatchRefusesEveryBadRowOrSaysWhyPerRow) {
    anjian::Table t(4);
    t.own("deaths", std::vector<double>{3, 2.5, 0, std::nan("")}).own("serious_injuries", std::vector<std::int64_t>{0, 0, 0, 0});
    t.own("direct_loss_yuan", std::vector<double>{0, 0, 0.125, 0});
    std::int8_t lv[4];
    std::uint8_t by[4];
    try {
        ac::classify_many(rules(), t, lv, by);
        FAIL();
    } catch (const anjian::batch_error& e) {
        EXPECT_EQ(e.refused(), 3u);
        EXPECT_EQ(e.problems()[0].str(), "column 'deaths', row 1: count 2.5 is not a whole number");
        EXPECT_EQ(e.problems()[1].str(), "column 'direct_loss_yuan', row 2: amount 0.125 is not a whole number of fen");
        EXPECT_EQ(e.problems()[2].str(), "column 'deaths', row 3: missing count (NaN, an empty cell)");
    }
    const auto status = ac::classify_many(rules(), t, lv, by, anjian::Refusal::status);
    EXPECT_EQ(lv[0], 2);  // 3 deaths: 较大
    EXPECT_TRUE(status.ok(0));
    EXPECT_FALSE(status.ok(1));
    EXPECT_EQ(lv[1], 0);
    EXPECT_EQ(status.reasons[static_cast<std::size_t>(status.refused[3])], "missing count (NaN, an empty cell)");
}

TEST(AccidentLevels, ANegativeFloatCountIsRefusedNotReadAsAGeneralAccident) {
    anjian::Table t(2);
    t.own("deaths", std::vector<double>{0, -1.0}).own("serious_injuries", std::vector<double>{-1.0, 0});
    t.own("direct_loss_yuan", std::vector<double>{0, 0});
    std::int8_t lv[2];
    std::uint8_t by[2];
    const auto status = ac::classify_many(rules(), t, lv, by, anjian::Refusal::status);
    EXPECT_EQ(status.reasons[static_cast<std::size_t>(status.refused[0])], "negative count -1");
    EXPECT_EQ(status.reasons[static_cast<std::size_t>(status.refused[1])], "negative count -1");
    EXPECT_EQ(lv[0], 0);
    EXPECT_EQ(lv[1], 0);
}

// The batch, column by column, gives every accident the level and deciding criteria classify() gives
// it: counts and losses at each bound and either side of it, as whole numbers and as floats, under the
// pack's reading (以上 inclusive) and the other (超过 exclusive).
TEST(AccidentLevels, ClassifyManyEqualsClassifyPerAccidentAtEveryBound) {
    std::string text(anjian::rules::builtin_pack_text("national/accidents"));
    const std::string other = [&] {
        std::string t = text;
        const auto swap = [&](const std::string& from, const std::string& to) {
            t.replace(t.find(from), from.size(), to);
        };
        swap("lower: inclusive", "lower: exclusive");
        swap("upper: exclusive", "upper: inclusive");
        return t;
    }();
    std::mt19937_64 rng(11);
    for (const ac::Rules& r : {rules(), anjian::rules::parse_accidents(other, "over.yaml")}) {
        std::vector<std::int64_t> near[3];
        for (std::size_t c = 0; c < 3; ++c)
            for (const std::int64_t b : r.lower[c])
                for (const std::int64_t d : {-1, 0, 1}) near[c].push_back(c == 2 ? (b + d * 100) / 100 : b + d);
        const std::size_t n = 10'000;
        std::vector<std::int64_t> x[3];
        for (std::size_t c = 0; c < 3; ++c)
            for (std::size_t i = 0; i < n; ++i)
                x[c].push_back(rng() % 3 == 0 ? near[c][rng() % near[c].size()]
                                              : static_cast<std::int64_t>(rng() % 5));
        for (const bool floats : {false, true}) {
            anjian::Table t(static_cast<std::int64_t>(n));
            for (std::size_t c = 0; c < 3; ++c) {
                if (floats)
                    t.own(ac::criterion_codes[c], std::vector<double>(x[c].begin(), x[c].end()));
                else
                    t.own(ac::criterion_codes[c], x[c]);
            }
            for (const unsigned threads : {1u, 2u}) {
                std::vector<std::int8_t> lv(n), alone(n);
                std::vector<std::uint8_t> by(n);
                ac::classify_many(r, t, lv.data(), by.data(), anjian::Refusal::raise,
                                  {ac::criterion_codes[0], ac::criterion_codes[1], ac::criterion_codes[2]}, threads);
                // The levels alone: of int64 columns, counted from the signs of x - bound (IntegerLevels).
                ac::classify_many(r, t, alone.data(), nullptr, anjian::Refusal::raise,
                                  {ac::criterion_codes[0], ac::criterion_codes[1], ac::criterion_codes[2]}, threads);
                for (std::size_t i = 0; i < n; ++i) {
                    const auto one = r.classify(x[0][i], x[1][i], Money::from_fen(x[2][i] * 100));
                    ASSERT_EQ(lv[i], static_cast<std::int8_t>(one.level)) << i << " on " << threads << " threads";
                    ASSERT_EQ(by[i], one.decided_by) << i << " on " << threads << " threads";
                    ASSERT_EQ(alone[i], lv[i]) << i << " on " << threads << " threads";
                }
            }
        }
    }
}

// The levels alone of int64 columns are read from the signs of x - bound: a negative value, or a loss
// whose fen would leave int64, sends its rows to be read one by one and refused there.
TEST(AccidentLevels, LevelsAloneOfIntegerColumnsRefuseANegativeCountAndALossBeyondInt64Fen) {
    constexpr std::int64_t top = std::numeric_limits<std::int64_t>::max();
    const std::size_t n = 5'000;
    for (const auto& [column, value, why] : std::vector<std::tuple<std::size_t, std::int64_t, std::string>>{
             {0, -1, "negative value -1"},
             {1, std::numeric_limits<std::int64_t>::min(), "negative value -9223372036854775808"},
             {2, top / 100 + 1, "value too large: 92233720368547759"},
             {2, top, "value too large: 9223372036854775807"}}) {
        std::vector<std::int64_t> x[3] = {std::vector<std::int64_t>(n, 2), std::vector<std::int64_t>(n, 0),
                                          std::vector<std::int64_t>(n, 10'000'000)};
        x[column][4321] = value;
        x[2][17] = top / 100;  // the largest loss in yuan whose fen int64 holds: 特别重大
        x[0][18] = top;        // 特别重大
        anjian::Table t(static_cast<std::int64_t>(n));
        for (std::size_t c = 0; c < 3; ++c) t.own(ac::criterion_codes[c], x[c]);
        std::vector<std::int8_t> lv(n, -1);
        const auto status = ac::classify_many(rules(), t, lv.data(), nullptr, anjian::Refusal::status);
        EXPECT_EQ(lv[4321], 0);
        ASSERT_EQ(status.refused.size(), n);
        EXPECT_EQ(status.reasons.at(static_cast<std::size_t>(status.refused[4321])), why);
        EXPECT_EQ(lv[17], 4);
        EXPECT_EQ(lv[18], 4);
        EXPECT_EQ(lv[0], 2);  // 10,000,000 yuan: 较大
        EXPECT_EQ(std::count(lv.begin(), lv.end(), 2), static_cast<std::ptrdiff_t>(n - 3));
    }
}

// Two threads give what one gives: the levels, and the bad rows of both halves refused with the same
// reasons, listed in row order (the error lists the first 100), in either refusal mode.
TEST(AccidentLevels, ClassifyManyOnTwoThreadsEqualsOneThreadWithBadRowsInBothHalves) {
    const std::size_t n = 40'000;
    std::mt19937_64 rng(5);
    std::vector<double> deaths(n), injuries(n), loss(n);
    for (std::size_t i = 0; i < n; ++i) {
        deaths[i] = static_cast<double>(rng() % 40), injuries[i] = static_cast<double>(rng() % 120);
        loss[i] = static_cast<double>(rng() % 200'000'000);
        if (rng() % 500 == 0) (rng() % 2 ? deaths[i] : injuries[i]) = rng() % 2 ? -1.0 : std::nan("");
        if (rng() % 500 == 0) loss[i] = 0.125;
    }
    deaths[n - 1] = 2.5;  // the last row of the second half
    anjian::Table t(static_cast<std::int64_t>(n));
    t.own("deaths", deaths).own("serious_injuries", injuries).own("direct_loss_yuan", loss);
    const auto run = [&](unsigned threads, anjian::Refusal mode, std::vector<std::int8_t>& lv) {
        std::vector<std::uint8_t> by(n);
        lv.assign(n, -1);
        return ac::classify_many(rules(), t, lv.data(), by.data(), mode,
                                 {ac::criterion_codes[0], ac::criterion_codes[1], ac::criterion_codes[2]}, threads);
    };
    std::vector<std::int8_t> one, two;
    const auto a = run(1, anjian::Refusal::status, one), b = run(2, anjian::Refusal::status, two);
    EXPECT_EQ(one, two);
    ASSERT_EQ(a.refused.size(), n);
    EXPECT_EQ(a.refused, b.refused);
    EXPECT_EQ(a.reasons, b.reasons);
    ASSERT_GE(a.refused[n - 1], 0);
    EXPECT_EQ(a.reasons[static_cast<std::size_t>(a.refused[n - 1])], "count 2.5 is not a whole number");
    const auto problems = [&](unsigned threads) {
        try {
            run(threads, anjian::Refusal::raise, one);
        } catch (const anjian::batch_error& e) {
            std::vector<std::string> out;
            for (const auto& p : e.problems()) out.push_back(p.str());
            return std::make_pair(e.refused(), out);
        }
        return std::make_pair(std::size_t{0}, std::vector<std::string>{});
    };
    const auto p1 = problems(1), p2 = problems(2);
    EXPECT_GT(p1.first, 100u);
    EXPECT_EQ(p1, p2);
}

// The boundary reading is the pack's: a source that says "超过" counts the bound in the lower level.
TEST(AccidentLevels, BoundaryReadingComesFromThePack) {
    std::string text(anjian::rules::builtin_pack_text("national/accidents"));
    const auto swap = [&](const std::string& from, const std::string& to) {
        text.replace(text.find(from), from.size(), to);
    };
    swap("lower: inclusive", "lower: exclusive");
    swap("upper: exclusive", "upper: inclusive");
    const ac::Rules r = anjian::rules::parse_accidents(text, "over.yaml");
    EXPECT_EQ(r.classify(3, 0, Money()).level, ac::Level::general);
    EXPECT_EQ(r.classify(4, 0, Money()).level, ac::Level::larger);
    swap("upper: inclusive", "upper: exclusive");
    EXPECT_THROW(anjian::rules::parse_accidents(text, "both.yaml"), anjian::pack_error);
}

// 第十九条 and 第十条: who investigates, and how far up the report goes.
TEST(AccidentReporting, InvestigatingGovernmentAndChainFollowTheLevel) {
    EXPECT_EQ(rules().info(ac::Level::larger).investigated_by, "事故发生地设区的市级人民政府");
    const auto general = ac::reporting_chain(rules(), ac::Level::general);
    ASSERT_EQ(general.size(), 2u);
    EXPECT_EQ(general[0].limit_minutes, 60);
    EXPECT_EQ(general[1].limit_minutes, 180);
    const auto major = ac::reporting_chain(rules(), ac::Level::major);
    ASSERT_EQ(major.size(), 4u);
    EXPECT_EQ(major[3].limit_minutes, 60 + 3 * 120);
}

// 第九条 "于1小时内": exactly one hour is in time, one second more is 迟报.
TEST(AccidentReporting, UnitReportIsLateAfterOneHour) {
    const std::int64_t head = 1'700'000'000;
    std::int64_t told[] = {head + 3600};
    EXPECT_FALSE(ac::timeliness(rules(), head, told, 1).late);
    told[0] = head + 3601;
    const auto t = ac::timeliness(rules(), head, told, 1);
    EXPECT_TRUE(t.late);
    EXPECT_EQ(t.late_seconds, 1);
    EXPECT_EQ(t.late_steps, 1u);
}

// 第十一条 "每级上报的时间不得超过2小时"; a skipped office (越级上报) lends its two hours.
TEST(AccidentReporting, EachEscalationHasTwoHours) {
    const std::int64_t head = 0;
    const std::int64_t in_time[] = {1800, 1800 + 7200};
    EXPECT_FALSE(ac::timeliness(rules(), head, in_time, 2).late);
    const std::int64_t late[] = {1800, 1800 + 7201};
    EXPECT_EQ(ac::timeliness(rules(), head, late, 2).late_steps, 2u);
    const std::int64_t skipped[] = {1800, ac::no_time, 1800 + 14400};
    EXPECT_FALSE(ac::timeliness(rules(), head, skipped, 3).late);
    const std::int64_t backwards[] = {1800, 1000};
    EXPECT_THROW(ac::timeliness(rules(), head, backwards, 2), anjian::input_error);
}

// 第十三条、第二十条: 30 days, 7 for road traffic and fire, counted from the day after.
TEST(AccidentReporting, RegradeWindowIsThirtyDaysOrSevenForTrafficAndFire) {
    const anjian::date day(2024, 1, 31);
    EXPECT_EQ(ac::deadlines(rules(), day, "industrial").regrade_until, anjian::date(2024, 3, 1));
    EXPECT_EQ(ac::deadlines(rules(), day, "road_traffic").regrade_until, anjian::date(2024, 2, 7));
    EXPECT_EQ(ac::deadlines(rules(), day, "fire").regrade_until, anjian::date(2024, 2, 7));
    EXPECT_EQ(ac::deadlines(rules(), day, "").investigation_report_due, anjian::date(2024, 3, 31));
}

// 煤矿安全生产条例 第六十条第二款 (from 2024-05-01): 重大、较大、一般 coal-mine accidents are investigated
// by the mine safety inspectorate; 特别重大 stays with 国务院, and other sectors keep 第十九条.
TEST(AccidentInvestigation, CoalMineAccidentsFromTheRegulationsFirstDay) {
    const std::string inspectorate = "国家矿山安全监察机构及其设在地方的矿山安全监察机构";
    EXPECT_EQ(rules().investigated_by(ac::Level::major, "coal", anjian::date(2024, 5, 1)).first, inspectorate);
    EXPECT_EQ(rules().investigated_by(ac::Level::general, "coal", anjian::date(2024, 4, 30)).first,
              "事故发生地县级人民政府");
    EXPECT_EQ(rules().investigated_by(ac::Level::especially_major, "coal", anjian::date(2024, 6, 1)).first,
              "国务院或者国务院授权有关部门");
    EXPECT_EQ(rules().investigated_by(ac::Level::general, "general", anjian::date(2024, 6, 1)).first,
              "事故发生地县级人民政府");
}
