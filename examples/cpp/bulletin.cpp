// A consumer of the installed library: the filing rate (立案率) of two units over 2024 H1,
// from event records, with the built-in catalogue.
#include <anjian/indicators/aggregate.hpp>
#include <anjian/rules/catalog.hpp>
#include <cstdio>

int main() {
    namespace ind = anjian::indicators;
    const auto cat = anjian::rules::builtin_catalog();  // national/indicators, compiled in
    const auto day = [](int m, int d) { return anjian::date(2024, m, d); };

    // The one column type of every batch: Arrow-layout columns, here owned by the table.
    anjian::Table events(5);
    events.own("unit", std::vector<std::int32_t>{0, 0, 1, 1, 1})
        .own_dates("date", {day(1, 5), day(3, 9), day(2, 1), day(6, 30), day(7, 1)})
        .own("enterprises_inspected", std::vector<std::int64_t>{1, 1, 1, 1, 1})
        .own("cases_filed", std::vector<std::int64_t>{0, 1, 1, 1, 1});
    const auto sums = ind::aggregate_monthly(events, "unit", 2, "date",  // mergeable per (unit, month)
                                             {{"enterprises_inspected", ind::FieldKind::count},
                                              {"cases_filed", ind::FieldKind::count}});
    const std::vector<ind::Aggregation> how(2, ind::Aggregation::sum);
    const auto totals = ind::period_totals(sums, anjian::Period::parse("2024-H1"), 2, how);
    // filing_rate = cases_filed / enterprises_inspected over the summed fields (ratio of sums)
    for (int u = 0; u < 2; ++u) std::printf("unit %d: 立案率 %.2f\n", u, totals.value(1, u) / totals.value(0, u));
    std::printf("catalogue %s: %s = %s\n", cat.pack.stamp().c_str(), cat.indicator("filing_rate").name_zh.c_str(),
                cat.indicator("filing_rate").formula.text().c_str());
    return totals.value(1, 1) == 2 && totals.value(0, 1) == 2 ? 0 : 1;
}
