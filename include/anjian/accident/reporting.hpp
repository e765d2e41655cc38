#pragma once
// Reporting limits of 国务院令第493号: the unit tells the authority within 1 hour of its head
// being told (第九条), each office passes it on within 2 hours (第十一条), casualty changes
// re-grade the accident within 30 days (7 for road traffic and fire, 第十三条、第二十条), and the
// investigation report is due 60 days after the accident (第二十九条). The numbers are pack data.

#include <algorithm>
#include <anjian/accident/levels.hpp>
#include <anjian/period.hpp>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace anjian::accident {

inline constexpr std::int64_t no_time = std::numeric_limits<std::int64_t>::min();

struct ReportStep {
    std::string office;
    std::int64_t limit_minutes;  // latest arrival, counted from the moment the unit head was told
};

// The offices told for an accident of `level`, each with its latest arrival when every office
// takes its full time: 1 h to the first, then 2 h per level.
inline std::vector<ReportStep> reporting_chain(const Rules& rules, Level level) {
    std::vector<ReportStep> out;
    const int top = rules.info(level).reported_up_to;
    for (int k = 0; k <= top && k < static_cast<int>(rules.chain.size()); ++k)
        out.push_back({rules.chain[static_cast<std::size_t>(k)],
                       rules.reporting.unit_to_authority_minutes +
                           static_cast<std::int64_t>(k) * rules.reporting.per_escalation_minutes});
    return out;
}

struct Deadlines {
    date regrade_until;                // last day on which casualty changes re-grade the accident
    date investigation_report_due;     // 60 days
    date investigation_report_latest;  // with the longest extension
};

// Day windows start the day after the accident (开始的当日不计入): accident + N days is the last day.
inline Deadlines deadlines(const Rules& rules, date accident_day, std::string_view accident_type) {
    const auto& r = rules.reporting;
    const bool short_window = std::find(r.short_window_types.begin(), r.short_window_types.end(), accident_type) !=
                              r.short_window_types.end();
    const int regrade = short_window ? r.regrade_days_short : r.regrade_days;
    return {accident_day + boost::gregorian::days(regrade),
            accident_day + boost::gregorian::days(r.investigation_report_days),
            accident_day + boost::gregorian::days(r.investigation_report_days + r.investigation_extension_days)};
}

struct Timeliness {
    bool late = false;              // 迟报: some step took longer than its limit
    std::int64_t late_seconds = 0;  // the largest excess over a limit
    std::uint32_t late_steps = 0;   // bit 0: unit -> first office; bit k: office k-1 -> office k
};

// Checks one accident's report. Times are seconds since 1970-01-01 (local time, as recorded);
// `told[k]` is when office k of the chain received the report (no_time when not recorded: a
// skipped office -- 越级上报 -- gives the next one its limit as well). told[0] is required.
inline Timeliness timeliness(const Rules& rules, std::int64_t head_told, const std::int64_t* told, std::size_t n) {
    if (head_told == no_time) throw input_error("the time the unit head was told is missing");
    if (n == 0 || told[0] == no_time) throw input_error("the time the first office was told is missing");
    Timeliness out;
    std::int64_t previous = head_told, allowance = rules.reporting.unit_to_authority_minutes * 60LL;
    for (std::size_t k = 0; k < n; ++k) {
        if (told[k] == no_time) {
            allowance += rules.reporting.per_escalation_minutes * 60LL;
            continue;
        }
        if (told[k] < previous)
            throw input_error(k == 0 ? "the first office was told before the unit head"
                                     : "office " + std::to_string(k) + " was told before the one below it");
        const std::int64_t excess = told[k] - previous - allowance;
        if (excess > 0) {
            out.late = true;
            out.late_steps |= 1u << k;
            out.late_seconds = std::max(out.late_seconds, excess);
        }
        previous = told[k];
        allowance = rules.reporting.per_escalation_minutes * 60LL;
    }
    return out;
}

// timeliness for every accident of `t`: `head` and each of `offices` (lowest first) are date or
// timestamp columns (a missing cell: not recorded). A row timeliness refuses is named with its
// reason: all in one error, or with Refusal::status kept in the result.
struct TimelinessBatch : RowStatus {
    std::vector<std::uint8_t> late;
    std::vector<std::int64_t> late_seconds;
    std::vector<std::uint32_t> late_steps;
};

inline TimelinessBatch timeliness_many(const Rules& rules, const Table& t, const std::string& head,
                                       const std::vector<std::string>& offices, Refusal mode = Refusal::raise) {
    std::vector<const Column*> columns{&t.dates(head)};
    for (const auto& name : offices) columns.push_back(&t.dates(name));
    const auto seconds = [](const Column& c, std::size_t i) -> std::int64_t {
        if (!c.valid(i)) return no_time;
        if (c.type == ColumnType::date32 || c.ticks_per_day < 86'400) return c.day(i) * 86'400;
        const std::int64_t per_second = c.ticks_per_day / 86'400, v = c.integer(i);
        return v / per_second - (v % per_second != 0 && v < 0);
    };
    const std::size_t n = t.size();
    TimelinessBatch out;
    out.late.resize(n), out.late_seconds.resize(n), out.late_steps.resize(n);
    Refusals refusals(out, n);
    std::vector<std::int64_t> told(offices.size());
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t k = 0; k < told.size(); ++k) told[k] = seconds(*columns[k + 1], i);
        try {
            const Timeliness r = timeliness(rules, seconds(*columns[0], i), told.data(), told.size());
            out.late[i] = r.late, out.late_seconds[i] = r.late_seconds, out.late_steps[i] = r.late_steps;
        } catch (const input_error& e) {
            refusals.refuse(i, e.message());
        }
    }
    refusals.finish(mode);
    return out;
}

}  // namespace anjian::accident
