// Change figures and control-target progress.
#include <gtest/gtest.h>

#include <anjian/indicators/change.hpp>

namespace ind = anjian::indicators;
using anjian::date;

TEST(Change, IsTheRelativeDifferenceToThePreviousValue) {
    EXPECT_DOUBLE_EQ(*ind::change(90, 100), -0.1);
    EXPECT_DOUBLE_EQ(*ind::change(150, 100), 0.5);
    // 执法队工作计划汇编 (泰兴, 湖州, 龙岗): accidents down 17.09%
    EXPECT_NEAR(*ind::change(82.91, 100), -0.1709, 1e-12);
}

TEST(Change, ZeroBaseHasNoChangeFigure) {
    EXPECT_FALSE(ind::change(5, 0).has_value());
    EXPECT_FALSE(ind::change(0, 0).has_value());
    EXPECT_FALSE(ind::change(5, std::nan("")).has_value());
}

TEST(Progress, ScheduleShareCountsDaysThroughTheDate) {
    EXPECT_DOUBLE_EQ(ind::schedule_share(date(2023, 12, 31)), 1.0);
    EXPECT_DOUBLE_EQ(ind::schedule_share(date(2024, 12, 31)), 1.0);
    EXPECT_DOUBLE_EQ(ind::schedule_share(date(2024, 3, 31)), 91.0 / 366.0);
    EXPECT_DOUBLE_EQ(ind::schedule_share(date(2023, 3, 31)), 90.0 / 365.0);
}

TEST(Progress, MoreThanTwentyPercentAheadOfScheduleMustReport) {
    // 巴中市 平安生产监督工作汇报: a county whose quarterly control figures run more than 20% ahead of schedule reports.
    const double q1 = ind::schedule_share(date(2023, 3, 31));  // 90/365
    const auto over = ind::progress(30, 100, q1);              // 30% used by the end of Q1
    EXPECT_DOUBLE_EQ(over.used_share, 0.3);
    EXPECT_NEAR(over.over_by, 0.3 / q1 - 1, 1e-15);
    EXPECT_TRUE(over.ahead_by_more_than(0.2));
    const auto under = ind::progress(29, 100, q1);  // 29 / (100 * 90/365) = 1.176
    EXPECT_FALSE(under.ahead_by_more_than(0.2));
}

TEST(Progress, SeedExampleEightyPercentOfTargetByEndOfNovember) {
    // 巴中市 平安生产监督工作汇报: deaths at 80% of the control target of 120 by the end of November.
    const auto p = ind::progress(96, 120, date(2023, 11, 30));
    EXPECT_DOUBLE_EQ(p.used_share, 0.8);
    EXPECT_LT(p.over_by, 0.0);  // behind schedule (334 of 365 days elapsed)
}

TEST(Progress, ThroughADateUsesTheShareOfTheYearElapsed) {
    const auto p = ind::progress(45, 100, date(2024, 6, 30));  // 182 of 366 days
    EXPECT_DOUBLE_EQ(p.schedule_share, 182.0 / 366.0);
    EXPECT_DOUBLE_EQ(p.over_by, 0.45 / (182.0 / 366.0) - 1);
}

TEST(Progress, RefusesTargetsThatAreNotPositive) {
    EXPECT_THROW(ind::progress(1, 0, 0.5), anjian::error);
    EXPECT_THROW(ind::progress(-1, 10, 0.5), anjian::error);
    EXPECT_THROW(ind::progress(1, 10, 0.0), anjian::error);
    EXPECT_THROW(ind::progress(1, 10, 1.5), anjian::error);
}
