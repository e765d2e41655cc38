// A consumer of the installed library: the indicators of two units over 2024 H1 from event records,
// with the built-in catalogue's formulas -- 立案率 among them, a ratio of the period's sums.
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
    // Summed per (unit, month), totalled over the half-year, then every indicator in force derived
    // from the totals by the catalogue's formulas; fields the events lack leave their indicators empty.
    const auto half = anjian::Period::parse("2024-H1");
    const ind::Computed r = ind::compute(cat, events, "unit", 2, "date", half);
    const auto& rate = cat.indicator("filing_rate");
    const std::size_t k = r.index_of(cat, rate.code);
    for (std::size_t u = 0; u < 2; ++u)
        std::printf("unit %zu %s: %s %.2f\n", u, half.str().c_str(), rate.name_zh.c_str(), r.values.at(u, k));
    std::printf("catalogue %s: %s = %s\n", cat.pack.stamp().c_str(), rate.name_zh.c_str(), rate.formula.text().c_str());
    return r.values.at(0, k) == 0.5 && r.values.at(1, k) == 1.0 ? 0 : 1;  // the July event is outside H1
}
