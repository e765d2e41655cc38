// What a case-handling system asks after an inspection and an accident, against the installed
// anjian (find_package(anjian), link anjian::rules): the accident's level and reporting chain, whether
// the tank farm is a major hazard source and of which grade, whether the findings are a 重大事故隐患,
// and which supervision actions the unit's history now triggers.
#include <anjian/accident/reporting.hpp>
#include <anjian/rules/accident.hpp>
#include <anjian/rules/hazard.hpp>
#include <anjian/rules/triggers.hpp>
#include <cstdio>

int main() {
    namespace ac = anjian::accident;
    const auto levels = anjian::rules::accident_rules();
    const auto c = levels.classify(2, 12, anjian::Money::parse("300万"));
    std::printf("%s: %s\n", levels.info(c.level).name_zh.c_str(),
                levels.explain(2, 12, anjian::Money::parse("300万")).c_str());
    for (const auto& step : ac::reporting_chain(levels, c.level))
        std::printf("  within %lld min: %s\n", static_cast<long long>(step.limit_minutes), step.office.c_str());

    const auto gb = anjian::rules::gb18218();
    const auto farm = gb.identify({{"液氯", {}, 60'000'000}, {"液氨", {}, 20'000'000}}, 200);  // grams
    std::printf("tank farm: S = %.2f, R = %.1f, grade %d\n", farm.s, *farm.r, farm.grade);

    const auto& standard = anjian::rules::hazard_standard_for("chemical", anjian::date(2024, 6, 1));
    const auto found = anjian::hazard::assess(standard, {{"tank_farm_hazard_grade", static_cast<double>(farm.grade)},
                                                         {"tank_farm_emergency_shutoff", false}});
    for (const auto& m : found.matched) std::printf("重大事故隐患 %s: %s\n", m.item->article.c_str(), m.why.c_str());

    // Three penalty decisions, the second for a 重大事故隐患: 安全生产法 第一百一十三条.
    namespace tg = anjian::triggers;
    tg::Events ev;
    ev.rows = 3;
    const auto day = [](const char* iso) {  // dates cross as days since 1970-01-01
        return static_cast<double>(anjian::day_number(anjian::Period::parse_date(iso)));
    };
    ev.columns = {{"date", false, {day("2024-01-01"), day("2024-03-01"), day("2024-06-29")}, {}, {}},
                  {"kind", true, {}, {0, 0, 0}, {"penalty"}},
                  {"unit", true, {}, {0, 0, 0}, {"某化工公司"}},
                  {"major_hazard", false, {0, 1, 0}, {}, {}}};
    const auto rules = anjian::rules::trigger_rules();
    for (const auto& f : tg::evaluate(rules, ev))
        std::printf("%s: %s (%zu events)\n", rules.rules[f.rule].action.c_str(), rules.rules[f.rule].title_zh.c_str(),
                    f.rows().size());
    return found.matched.empty() ? 1 : 0;
}
