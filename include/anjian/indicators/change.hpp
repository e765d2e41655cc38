#pragma once
// Change figures (同比 / 环比) and progress against annual control targets (控制指标).

#include <anjian/error.hpp>
#include <anjian/period.hpp>
#include <cmath>
#include <optional>
#include <string>

namespace anjian::indicators {

// (current - previous) / previous, as a fraction (-0.1709 for "下降17.09%").
// No base, no change figure: previous == 0 (or a missing value) gives nullopt, never infinity.
inline std::optional<double> change(double current, double previous) {
    if (previous == 0.0 || std::isnan(previous) || std::isnan(current)) return std::nullopt;
    return (current - previous) / previous;
}

// Share of the calendar year elapsed at the end of `through` (inclusive): 31 Dec gives 1.
inline double schedule_share(const date& through) {
    const int year = through.year();
    const double days_in_year =
        boost::gregorian::gregorian_calendar::is_leap_year(static_cast<unsigned short>(year)) ? 366.0 : 365.0;
    return static_cast<double>(through.day_of_year()) / days_in_year;
}

struct Progress {
    double used_share;      // actual / target: share of the annual control target already used
    double schedule_share;  // share of the year elapsed (时序进度)
    double over_by;         // used_share / schedule_share - 1: > 0 runs ahead of schedule (超进度)
    bool ahead_by_more_than(double margin) const { return over_by > margin; }
};

// Progress of an annual control target. A county whose deaths reach 30% of the year's target by the
// end of Q1 (schedule 24.7%) is over_by 0.216: more than 20% ahead of schedule, so it must report.
inline Progress progress(double actual, double target, double elapsed_share) {
    if (!(target > 0.0)) throw error("control target must be positive, got " + std::to_string(target));
    if (!(actual >= 0.0)) throw error("actual figure must be a non-negative number, got " + std::to_string(actual));
    if (!(elapsed_share > 0.0 && elapsed_share <= 1.0))
        throw error("elapsed share of the year must be in (0, 1], got " + std::to_string(elapsed_share));
    const double used = actual / target;
    return {used, elapsed_share, used / elapsed_share - 1.0};
}

inline Progress progress(double actual, double target, const date& through) {
    return progress(actual, target, schedule_share(through));
}

}  // namespace anjian::indicators
