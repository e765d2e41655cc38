// Trigger rules over dated events: every window at its edge day, from the built-in packs.
#include <gtest/gtest.h>

#include <algorithm>
#include <anjian/rules/triggers.hpp>
#include <cmath>
#include <random>
#include <tuple>
#include <string>

namespace tg = anjian::triggers;
using anjian::date;

namespace {

const tg::RuleSet& national() {
    static const tg::RuleSet s = anjian::rules::trigger_rules();
    return s;
}

// Events of one kind for one unit/region/province/city, on the given days, with the given level.
struct Builder {
    tg::Events ev;
    std::vector<date> days;
    std::string kind = "accident";
    std::string sector = "建材";  // a sector 令第11号 第二条 names

    tg::Events build(const std::vector<std::pair<std::string, std::vector<double>>>& numbers) {
        ev.rows = days.size();
        tg::Column d{"date", false, {}, {}, {}};
        for (const auto& x : days) d.numbers.push_back(static_cast<double>((x - date(1970, 1, 1)).days()));
        ev.columns.push_back(d);
        d.name = "decision_date";  // each decided (its penalty decision) on its own day
        ev.columns.push_back(d);
        for (const char* name : {"kind", "unit", "region", "province", "city", "type"}) {
            tg::Column c{
                name, true, {}, std::vector<std::int32_t>(days.size(), 0), {std::string(name) == "kind" ? kind : "甲"}};
            ev.columns.push_back(c);
        }
        ev.columns.push_back({"sector", true, {}, std::vector<std::int32_t>(days.size(), 0), {sector}});
        for (const auto& [name, values] : numbers) ev.columns.push_back({name, false, values, {}, {}});
        return ev;
    }
};

std::vector<std::string> fired(const tg::RuleSet& set, const tg::Events& ev) {
    std::vector<std::string> ids;
    for (const auto& f : tg::evaluate(set, ev)) ids.push_back(set.rules[f.rule].id);
    return ids;
}

int count_of(const std::vector<std::string>& ids, const std::string& id) {
    return static_cast<int>(std::count(ids.begin(), ids.end(), id));
}

tg::Events accidents(std::vector<date> days, double level, std::string sector = "建材") {
    Builder b;
    b.days = std::move(days);
    b.sector = std::move(sector);
    return b.build({{"level", std::vector<double>(b.days.size(), level)}});
}

tg::Column& column(tg::Events& ev, const std::string& name) {
    for (auto& c : ev.columns)
        if (c.name == name) return c;
    throw std::out_of_range(name);
}

// Why the national rules refuse each row ("" where none does).
std::vector<std::string> refusals_of(const tg::Events& ev) {
    anjian::RowStatus status;
    anjian::Refusals refusals(status, ev.rows);
    tg::refuse_unjudged(national(), ev, refusals);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < ev.rows; ++i)
        out.push_back(status.ok(i) ? "" : status.reasons[static_cast<std::size_t>(status.refused[i])]);
    return out;
}

}  // namespace

// 民法典 第二百零二条: the corresponding day, or the month's last day when there is none.
TEST(TriggerWindows, MonthsEndOnTheCorrespondingDayOrTheMonthsLast) {
    EXPECT_EQ(tg::add_months(date(2024, 1, 15), 6), date(2024, 7, 15));
    EXPECT_EQ(tg::add_months(date(2024, 8, 31), 6), date(2025, 2, 28));
    EXPECT_EQ(tg::add_months(date(2024, 2, 29), 12), date(2025, 2, 28));
    EXPECT_EQ(tg::add_months(date(2024, 2, 29), 1), date(2024, 3, 29));  // not boost's snap to 03-31
}

// 约谈: 2 重大 within 30 days -- the 30th day after the first is in, the 31st is out.
TEST(TriggerWindows, TwoMajorAccidentsWithinThirtyDaysEdgeDay) {
    const auto in = fired(national(), accidents({date(2024, 1, 1), date(2024, 1, 31)}, 3));
    EXPECT_EQ(count_of(in, "interview_two_major_30_days"), 1);
    const auto out = fired(national(), accidents({date(2024, 1, 1), date(2024, 2, 1)}, 3));
    EXPECT_EQ(count_of(out, "interview_two_major_30_days"), 0);
    EXPECT_EQ(count_of(out, "supervised_major_accident"), 2);  // each 重大 accident on its own
}

// 约谈: 3 重大 / 3 较大 within 6 months -- up to the corresponding day.
TEST(TriggerWindows, ThreeAccidentsWithinSixMonthsEdgeDay) {
    EXPECT_EQ(count_of(fired(national(), accidents({date(2024, 1, 15), date(2024, 3, 1), date(2024, 7, 15)}, 2)),
                       "interview_three_larger_6_months"),
              1);
    EXPECT_EQ(count_of(fired(national(), accidents({date(2024, 1, 15), date(2024, 3, 1), date(2024, 7, 16)}, 2)),
                       "interview_three_larger_6_months"),
              0);
    EXPECT_EQ(count_of(fired(national(), accidents({date(2024, 8, 31), date(2024, 9, 1), date(2025, 2, 28)}, 3)),
                       "interview_three_major_6_months"),
              1);
}

// 严重失信: 2 较大 within 12 months, and only from 2023-10-01 when 令第11号 took effect.
TEST(TriggerWindows, TwoLargerAccidentsWithinTwelveMonthsFromTheRulesStart) {
    EXPECT_EQ(count_of(fired(national(), accidents({date(2023, 10, 1), date(2024, 10, 1)}, 2)),
                       "dishonest_two_larger_12_months"),
              1);
    EXPECT_EQ(count_of(fired(national(), accidents({date(2023, 10, 1), date(2024, 10, 2)}, 2)),
                       "dishonest_two_larger_12_months"),
              0);
    EXPECT_EQ(count_of(fired(national(), accidents({date(2023, 9, 30), date(2024, 3, 1)}, 2)),
                       "dishonest_two_larger_12_months"),
              0);
}

// 令第11号 第二条: the 办法 applies to the sectors it names (尾矿库 within 矿山, 石油化工 within 化工) and the
// evaluation institutions; a unit of another sector is not listed, whatever its accidents.
TEST(TriggerScope, DishonestyListOnlyForTheSectorsItsArticle2Names) {
    for (const char* named : {"建材", "尾矿库", "石油化工", "安全评价检测检验机构"}) {
        const auto ids = fired(national(), accidents({date(2024, 1, 1), date(2024, 6, 1)}, 2, named));
        EXPECT_EQ(count_of(ids, "dishonest_two_larger_12_months"), 1) << named;
    }
    const auto other = fired(national(), accidents({date(2024, 1, 1), date(2024, 6, 1)}, 3, "其他"));
    EXPECT_EQ(count_of(other, "dishonest_major_accident"), 0);
    EXPECT_EQ(count_of(other, "dishonest_two_larger_12_months"), 0);
    EXPECT_EQ(count_of(other, "supervised_major_accident"), 2);  // the scope is the 办法's, not every rule's
}

// An accident the dishonesty rules would count whose sector is missing, or not one the pack lists,
// is refused naming the column (listing it or not would both be a guess); one they pass over by its
// level is not, nor is a sector in a rule without a scope.
TEST(TriggerScope, AnEventWhoseSectorIsMissingOrUnlistedIsRefusedNotGuessed) {
    auto ev = accidents({date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1), date(2024, 4, 1)}, 3);
    auto& sector = column(ev, "sector");
    sector.labels = {"建材", "建筑施工"};
    sector.codes = {-1, 1, 0, -1};
    column(ev, "level").numbers = {3, 3, 3, 1};  // the last: 一般, which no dishonesty rule counts
    const auto why = refusals_of(ev);
    EXPECT_EQ(why[0].rfind("no sector: rule dishonest_major_accident cannot tell whether 安全生产严重失信主体名单管理办法 "
                           "(应急管理部令第11号) 第二条 applies to the event",
                           0),
              0u)
        << why[0];
    EXPECT_EQ(why[1].rfind("sector '建筑施工' is not one of 矿山, 尾矿库, ", 0), 0u) << why[1];
    EXPECT_NE(why[1].find(", 其他: rule dishonest_major_accident"), std::string::npos) << why[1];
    EXPECT_EQ(why[2], "");
    EXPECT_EQ(why[3], "");
}

// Events without a sector column: the rules scoped by it are skipped, naming it; the others run.
TEST(TriggerScope, RulesScopedBySectorAreSkippedWhenTheEventsHaveNone) {
    auto ev = accidents({date(2024, 1, 1)}, 3);
    std::erase_if(ev.columns, [](const tg::Column& c) { return c.name == "sector"; });
    std::vector<tg::Skipped> skipped;
    const auto fires = tg::evaluate(national(), ev, &skipped);
    int scoped = 0;
    for (const auto& s : skipped)
        if (national().rules[s.rule].id.rfind("dishonest_", 0) == 0) {
            ++scoped;
            EXPECT_NE(std::find(s.missing.begin(), s.missing.end(), "sector"), s.missing.end());
        }
    EXPECT_EQ(scoped, 9);
    EXPECT_EQ(count_of(fired(national(), ev), "supervised_major_accident"), 1);
}

// 第一百一十三条: a 重大事故隐患 and 3 penalties within 180 days; the 180th day is in.
TEST(TriggerWindows, ClosureNeedsAMajorHazardAndThreePenaltiesWithin180Days) {
    const auto penalties = [](date third, double flagged) {
        Builder b;
        b.kind = "penalty";
        b.days = {date(2024, 1, 1), date(2024, 3, 1), third};
        return b.build({{"major_hazard", {0, flagged, 0}}});
    };
    const auto fires = tg::evaluate(national(), penalties(date(2024, 6, 29), 1));
    ASSERT_EQ(fires.size(), 1u);
    EXPECT_EQ(national().rules[fires[0].rule].id, "closure_three_penalties_180_days");
    const auto rows = fires[0].rows();
    EXPECT_EQ(std::vector<std::size_t>(rows.begin(), rows.end()), (std::vector<std::size_t>{0, 1, 2}));
    EXPECT_EQ(fires[0].window_end, date(2024, 6, 29));
    EXPECT_TRUE(tg::evaluate(national(), penalties(date(2024, 6, 30), 1)).empty());
    EXPECT_TRUE(tg::evaluate(national(), penalties(date(2024, 6, 29), 0)).empty());
}

// 第一百一十三条: or 4 within one year, read as the calendar anniversary.
TEST(TriggerWindows, ClosureFourPenaltiesWithinOneYear) {
    Builder b;
    b.kind = "penalty";
    b.days = {date(2024, 2, 29), date(2024, 9, 1), date(2024, 12, 1), date(2025, 2, 28)};
    const auto ids = fired(national(), b.build({{"major_hazard", {1, 1, 1, 1}}}));
    EXPECT_EQ(count_of(ids, "closure_four_penalties_one_year"), 1);
}

// 煤矿安全生产条例 第七十条(二): 2 findings within 3 months while producing.
TEST(TriggerWindows, CoalClosureTwoFindingsWithinThreeMonths) {
    const auto findings = [](date second) {
        Builder b;
        b.kind = "finding";
        b.days = {date(2024, 5, 31), second};
        return b.build({{"major_hazard", {1, 1}}, {"producing", {1, 1}}});
    };
    EXPECT_EQ(count_of(fired(national(), findings(date(2024, 8, 31))), "coal_closure_two_findings_3_months"), 1);
    EXPECT_EQ(count_of(fired(national(), findings(date(2024, 9, 1))), "coal_closure_two_findings_3_months"), 0);
}

// Calendar-year windows (一票否决 "年内"): 12-31 and 01-01 are different years.
TEST(TriggerWindows, CalendarYearWindowDoesNotCrossNewYear) {
    const auto veto = anjian::rules::trigger_rules("examples/triggers_veto");
    EXPECT_EQ(count_of(fired(veto, accidents({date(2024, 1, 1), date(2024, 6, 1), date(2024, 12, 31)}, 2)),
                       "bazhong_veto_three_larger"),
              1);
    EXPECT_EQ(count_of(fired(veto, accidents({date(2024, 6, 1), date(2024, 12, 31), date(2025, 1, 1)}, 2)),
                       "bazhong_veto_three_larger"),
              0);
}

// A pack may count the first day: then a 30-day window ends on day 29 after the first.
TEST(TriggerWindows, StartDayIncludedShortensEveryWindowByOneDay) {
    tg::RuleSet set = national();
    set.start_day_counts = true;
    EXPECT_EQ(count_of(fired(set, accidents({date(2024, 1, 1), date(2024, 1, 30)}, 3)), "interview_two_major_30_days"),
              1);
    EXPECT_EQ(count_of(fired(set, accidents({date(2024, 1, 1), date(2024, 1, 31)}, 3)), "interview_two_major_30_days"),
              0);
}

// 嘉兴: a repeat same-type 一般事故 with 2 deaths or 3+ casualties within 60 days, per county.
TEST(TriggerWindows, JiaxingRepeatSameTypeWithinSixtyDays) {
    const auto jx = anjian::rules::trigger_rules("examples/triggers_jiaxing");
    Builder b;
    b.days = {date(2024, 3, 1), date(2024, 4, 30)};
    auto ev = b.build({{"level", {1, 1}}, {"deaths", {2, 0}}, {"casualties", {2, 3}}, {"serious_injuries", {0, 1}}});
    const auto ids = fired(jx, ev);
    EXPECT_EQ(count_of(ids, "jiaxing_warning_repeat_same_type"), 1);
    EXPECT_EQ(count_of(ids, "jiaxing_supervised_general_accident"), 1);  // only the 2-death accident
    for (auto& c : ev.columns)
        if (c.name == "type") c.codes = {0, 1}, c.labels = {"机械伤害", "触电"};
    EXPECT_EQ(count_of(fired(jx, ev), "jiaxing_warning_repeat_same_type"), 0);
}

// A rule whose fields the events lack is skipped and says which fields.
TEST(TriggerWindows, RulesNeedingAbsentFieldsAreSkippedWithTheReason) {
    std::vector<tg::Skipped> skipped;
    tg::evaluate(national(), accidents({date(2024, 1, 1)}, 3), &skipped);
    bool closure = false;
    for (const auto& s : skipped)
        if (national().rules[s.rule].id == "closure_three_penalties_180_days")
            closure = s.missing == std::vector<std::string>{"major_hazard"};
    EXPECT_TRUE(closure);
}

// The events of one day are simultaneous: one judgement per group and day, listing every event of it,
// whatever the order of the rows.
TEST(TriggerWindows, EventsOfOneDayAreJudgedTogether) {
    const auto penalties = [](std::vector<double> flags) {
        Builder b;
        b.kind = "penalty";
        b.days = std::vector<date>(4, date(2024, 3, 1));
        return b.build({{"major_hazard", std::move(flags)}});
    };
    for (const auto& flags : {std::vector<double>{1, 0, 0, 0}, std::vector<double>{0, 0, 0, 1}}) {
        const auto fires = tg::evaluate(national(), penalties(flags));
        const auto it = std::find_if(fires.begin(), fires.end(), [](const tg::Firing& f) {
            return national().rules[f.rule].id == "closure_three_penalties_180_days";
        });
        ASSERT_NE(it, fires.end());
        EXPECT_EQ(std::vector<std::size_t>(it->rows().begin(), it->rows().end()),
                  (std::vector<std::size_t>{0, 1, 2, 3}));
        EXPECT_EQ(std::count_if(fires.begin(), fires.end(), [&](const tg::Firing& f) { return f.rule == it->rule; }),
                  1);
    }
}

// A trigger pack declares the event fields its rules read; a condition or a grouping on an
// undeclared field, or a constant of the wrong kind, is a problem of the pack.
// An event a rule counts by kind but cannot judge is refused, never counted or left out by a guess.
TEST(TriggerRefusals, AnEventMissingTheFactARuleReadsIsRefusedAndLeftOutOfEveryRule) {
    auto ev = accidents({date(2024, 1, 1), date(2024, 1, 10), date(2024, 1, 20)}, 3);
    for (auto& c : ev.columns)
        if (c.name == "level") c.numbers[1] = std::nan("");
    anjian::RowStatus status;
    anjian::Refusals refusals(status, ev.rows);
    tg::refuse_unjudged(national(), ev, refusals);
    EXPECT_TRUE(status.ok(0));
    EXPECT_FALSE(status.ok(1));
    EXPECT_TRUE(status.ok(2));
    EXPECT_EQ(status.reasons[static_cast<std::size_t>(status.refused[1])].rfind("no level: rule ", 0), 0u);
    EXPECT_THROW(refusals.finish(anjian::Refusal::raise), anjian::batch_error);
    for (const auto& f : tg::evaluate(national(), ev, nullptr, &status))
        EXPECT_EQ(std::count(f.rows().begin(), f.rows().end(), std::size_t{1}), 0);
}

TEST(TriggerRules, EveryFieldARuleReadsIsDeclared) {
    const std::string head =
        "anjian_pack: 2\nname: t/t\nkind: trigger_rules\nversion: '1'\nsource: s\n"
        "counting: {start_day: excluded, source: s}\nfacts:\n  level: {type: number}\n  unit: {type: text}\n"
        "rules:\n  r:\n    action: a\n    title_zh: t\n    basis: b\n    source: s\n"
        "    effective: {from: 2020-01-01, to: null}\n    events: accident\n";
    EXPECT_NO_THROW(anjian::rules::parse_triggers(head + "    match: {fact: level, '>=': 3}\n    group_by: [unit]\n",
                                                  "t.yaml"));
    try {
        anjian::rules::parse_triggers(
            head + "    match: [{fact: deaths, '>=': 3}, {fact: level, is: 重大}]\n    group_by: [city]\n", "t.yaml");
        FAIL();
    } catch (const anjian::pack_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("reads 'deaths', which the pack does not declare"), std::string::npos) << what;
        EXPECT_NE(what.find("'level' must be a number, the condition has '重大'"), std::string::npos) << what;
        EXPECT_NE(what.find("groups by 'city', which the pack does not declare"), std::string::npos) << what;
    }
}

// A rule's scope names its basis and source and reads declared facts only; an enumeration of a trigger
// pack lists its values without aliases (event cells are compared as they are written).
TEST(TriggerRules, AScopeNamesItsBasisAndReadsDeclaredFactsAndEnumerationsTakeNoAliases) {
    const std::string head =
        "anjian_pack: 2\nname: t/t\nkind: trigger_rules\nversion: '1'\nsource: s\n"
        "counting: {start_day: excluded, source: s}\nfacts:\n  unit: {type: text}\n"
        "  sector: {type: enum, values: [矿山, 其他]}\n"
        "rules:\n  r:\n    action: a\n    title_zh: t\n    basis: b\n    source: s\n"
        "    effective: {from: 2020-01-01, to: null}\n    group_by: [unit]\n";
    const auto rules = anjian::rules::parse_triggers(
        head + "    scope: {basis: 第二条, source: s, when: {fact: sector, in: [矿山]}}\n", "t.yaml");
    EXPECT_EQ(rules.rules.front().scope_basis, "第二条");
    EXPECT_EQ(rules.rules.front().fields(), (std::vector<std::string>{"date", "sector", "unit"}));
    const auto problems = [&](const std::string& text) {
        try {
            anjian::rules::parse_triggers(text, "t.yaml");
        } catch (const anjian::pack_error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    const std::string no_basis = problems(head + "    scope: {source: s, when: {fact: sector, in: [矿山]}}\n");
    EXPECT_NE(no_basis.find("rules.r.scope.basis"), std::string::npos) << no_basis;
    const std::string no_when = problems(head + "    scope: {basis: 第二条, source: s}\n");
    EXPECT_NE(no_when.find("missing required key 'when'"), std::string::npos) << no_when;
    const std::string undeclared =
        problems(head + "    scope: {basis: 第二条, source: s, when: {fact: industry, in: [矿山]}}\n");
    EXPECT_NE(undeclared.find("reads 'industry', which the pack does not declare"), std::string::npos) << undeclared;
    const std::string unlisted =
        problems(head + "    scope: {basis: 第二条, source: s, when: {fact: sector, in: [煤矿]}}\n");
    EXPECT_NE(unlisted.find("煤矿"), std::string::npos) << unlisted;
    std::string aliased = head;
    aliased.replace(aliased.find("[矿山, 其他]}"), std::string("[矿山, 其他]}").size(),
                    "[矿山, 其他], aliases: {煤矿: 矿山}}");
    const std::string alias = problems(aliased);
    EXPECT_NE(alias.find("a trigger pack's enumeration takes no aliases"), std::string::npos) << alias;
}

TEST(Effective, ADayNumberIsInForceExactlyWhenItsDateIs) {
    const anjian::rules::Effective closed{anjian::date(2023, 10, 1), anjian::date(2024, 5, 1)};
    const anjian::rules::Effective open{anjian::date(1960, 3, 1), std::nullopt};
    for (const auto& e : {closed, open})
        for (const anjian::date d : {anjian::date(1960, 2, 29), anjian::date(1960, 3, 1), anjian::date(2023, 9, 30),
                                     anjian::date(2023, 10, 1), anjian::date(2024, 4, 30), anjian::date(2024, 5, 1)})
            EXPECT_EQ(e.contains_day(anjian::day_number(d)), e.contains(d)) << e.str() << " " << anjian::Period::iso(d);
}

// only(): the named rules in the pack's order, the pack kept; an unknown id is refused by name.
TEST(TriggerRuleSelection, OnlyKeepsTheNamedRulesInPackOrder) {
    const tg::RuleSet two =
        tg::only(national(), {"closure_four_penalties_one_year", "closure_three_penalties_180_days"});
    ASSERT_EQ(two.rules.size(), 2u);
    EXPECT_EQ(two.rules[0].id, "closure_three_penalties_180_days");
    EXPECT_EQ(two.rules[1].id, "closure_four_penalties_one_year");
    EXPECT_EQ(two.pack.content_hash, national().pack.content_hash);
    try {
        (void)tg::only(national(), {"closure_three_penalties_180_days", "no_such_rule"});
        FAIL() << "an unknown rule id was accepted";
    } catch (const anjian::error& e) {
        EXPECT_NE(std::string(e.what()).find("no rule 'no_such_rule' in pack national/triggers"), std::string::npos);
    }
}

// A selected rule fires exactly as it does among every rule of the pack.
TEST(TriggerRuleSelection, OnlyFiresAsTheWholePackDoesForThatRule) {
    Builder b;
    b.kind = "penalty";
    b.days = {date(2024, 1, 1), date(2024, 3, 1), date(2024, 6, 29), date(2024, 12, 1)};
    const tg::Events ev = b.build({{"major_hazard", {0, 1, 0, 0}}});
    const tg::RuleSet one = tg::only(national(), {"closure_four_penalties_one_year"});
    const auto all = tg::evaluate(national(), ev), mine = tg::evaluate(one, ev);
    std::vector<std::vector<std::size_t>> want, got;
    for (const auto& f : all)
        if (national().rules[f.rule].id == "closure_four_penalties_one_year")
            want.emplace_back(f.rows().begin(), f.rows().end());
    for (const auto& f : mine) got.emplace_back(f.rows().begin(), f.rows().end());
    ASSERT_FALSE(want.empty());
    EXPECT_EQ(got, want);
}

// The rules shared out over threads give the firings one thread gives, in the same order, with the same
// counted rows, windows and skipped rules; a refused row is left out on every thread.
TEST(TriggerThreads, AnyNumberOfThreadsGivesWhatOneGives) {
    std::mt19937_64 rng(7);
    const std::size_t n = 6'000;
    tg::Events ev;
    ev.rows = n;
    tg::Column dated{"date", false, {}, {}, {}}, decided{"decision_date", false, {}, {}, {}};
    tg::Column kind{"kind", true, {}, {}, {"accident", "penalty"}}, unit{"unit", true, {}, {}, {}};
    tg::Column level{"level", false, {}, {}, {}}, major{"major_hazard", false, {}, {}, {}};
    for (int u = 0; u < 300; ++u) unit.labels.push_back("单位" + std::to_string(u));
    for (std::size_t i = 0; i < n; ++i) {
        const double day = static_cast<double>(19'000 + rng() % 900);
        dated.numbers.push_back(day);
        decided.numbers.push_back(rng() % 10 ? day + static_cast<double>(rng() % 60) : std::nan(""));
        kind.codes.push_back(static_cast<std::int32_t>(rng() % 2));
        unit.codes.push_back(static_cast<std::int32_t>(rng() % 300));
        level.numbers.push_back(static_cast<double>(1 + rng() % 4));
        major.numbers.push_back(static_cast<double>(rng() % 3 == 0));
    }
    ev.columns = {dated, decided, kind, unit, level, major};
    for (const char* key : {"region", "city", "province", "type"}) {
        tg::Column c = unit;
        c.name = key;
        ev.columns.push_back(c);
    }
    anjian::RowStatus refused;
    anjian::Refusals refusals(refused, n);
    refusals.refuse(17, "a refused row", "date");
    refusals.refuse(4'000, "another", "unit");
    refusals.finish(anjian::Refusal::status);

    const auto run = [&](unsigned threads) {
        std::vector<tg::Skipped> skipped;
        const auto fires = tg::evaluate(national(), ev, &skipped, &refused, threads);
        std::vector<std::tuple<std::size_t, std::size_t, date, date, std::vector<std::size_t>>> got;
        for (const auto& f : fires)
            got.emplace_back(f.rule, f.event, f.window_start, f.window_end,
                             std::vector<std::size_t>(f.rows().begin(), f.rows().end()));
        std::vector<std::pair<std::size_t, std::vector<std::string>>> skips;
        for (const auto& s : skipped) skips.emplace_back(s.rule, s.missing);
        return std::make_pair(got, skips);
    };
    const auto one = run(1);
    ASSERT_GT(one.first.size(), 1'000u);
    ASSERT_FALSE(one.second.empty());  // the judgement rules lack their flags
    for (const auto& fire : one.first)
        for (std::size_t row : std::get<4>(fire)) ASSERT_TRUE(row != 17 && row != 4'000);
    EXPECT_EQ(run(2), one);
    EXPECT_EQ(run(3), one);
    EXPECT_EQ(run(0), one);  // by size: two threads from 4,096 events
}

// An error a rule throws on another thread reaches the caller, the same whichever thread met it first.
TEST(TriggerThreads, TheFirstFailingRulesErrorReachesTheCaller) {
    Builder b;
    b.kind = "penalty";
    b.days = {date(2024, 1, 1)};
    tg::Events ev = b.build({{"major_hazard", {1}}});
    for (auto& c : ev.columns)
        if (c.name == "kind") c = tg::Column{"kind", false, {1.0}, {}, {}};  // numbers: not a kind
    for (unsigned threads : {1u, 2u, 3u}) {
        try {
            (void)tg::evaluate(national(), ev, nullptr, nullptr, threads);
            FAIL() << "a numeric kind column was accepted on " << threads << " threads";
        } catch (const anjian::input_error& e) {
            EXPECT_NE(std::string(e.what()).find("'kind' must be a text column"), std::string::npos);
        }
    }
}
