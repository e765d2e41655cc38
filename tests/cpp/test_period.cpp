// Periods: every kind, parsing and printing, previous / year ago, leap years and month ends.
#include <gtest/gtest.h>

#include <anjian/period.hpp>
#include <boost/date_time/gregorian/gregorian.hpp>
#include <unordered_set>

using anjian::date;
using anjian::Period;

TEST(Period, MonthCoversFirstToLastDay) {
    const auto p = Period::month(2024, 8);
    EXPECT_EQ(p.start(), date(2024, 8, 1));
    EXPECT_EQ(p.end(), date(2024, 8, 31));
    EXPECT_EQ(p.days(), 31);
    EXPECT_EQ(p.str(), "2024-08");
}

TEST(Period, FebruaryHas29DaysInLeapYearsOnly) {
    EXPECT_EQ(Period::month(2024, 2).days(), 29);
    EXPECT_EQ(Period::month(2023, 2).days(), 28);
    EXPECT_EQ(Period::month(2000, 2).days(), 29);  // divisible by 400
    EXPECT_EQ(Period::month(1900, 2).days(), 28);  // divisible by 100 only
    EXPECT_EQ(Period::year(2024).days(), 366);
    EXPECT_EQ(Period::year(2023).days(), 365);
}

TEST(Period, QuarterHalfYearBounds) {
    EXPECT_EQ(Period::quarter(2024, 3).start(), date(2024, 7, 1));
    EXPECT_EQ(Period::quarter(2024, 3).end(), date(2024, 9, 30));
    EXPECT_EQ(Period::quarter(2024, 1).days(), 91);
    EXPECT_EQ(Period::half(2024, 2).start(), date(2024, 7, 1));
    EXPECT_EQ(Period::half(2024, 2).end(), date(2024, 12, 31));
    EXPECT_EQ(Period::year(2024).str(), "2024");
}

TEST(Period, YearToDateRunsFromJanuaryFirst) {
    const auto p = Period::ytd(2024, 8);
    EXPECT_EQ(p.start(), date(2024, 1, 1));
    EXPECT_EQ(p.end(), date(2024, 8, 31));
    EXPECT_EQ(p.str(), "2024-01..2024-08");
    EXPECT_EQ(Period::ytd(2024, 12).end(), date(2024, 12, 31));
    EXPECT_EQ(Period::ytd(2024, 12).days(), 366);
}

TEST(Period, PreviousOfEachKind) {
    EXPECT_EQ(Period::month(2024, 1).previous(), Period::month(2023, 12));
    EXPECT_EQ(Period::month(2024, 3).previous(), Period::month(2024, 2));
    EXPECT_EQ(Period::quarter(2024, 1).previous(), Period::quarter(2023, 4));
    EXPECT_EQ(Period::quarter(2024, 3).previous(), Period::quarter(2024, 2));
    EXPECT_EQ(Period::half(2024, 1).previous(), Period::half(2023, 2));
    EXPECT_EQ(Period::half(2024, 2).previous(), Period::half(2024, 1));
    EXPECT_EQ(Period::year(2024).previous(), Period::year(2023));
    EXPECT_EQ(Period::ytd(2024, 8).previous(), Period::ytd(2024, 7));
    EXPECT_EQ(Period::ytd(2024, 1).previous(), Period::ytd(2023, 12));
}

TEST(Period, PreviousRangeHasTheSameLengthAndEndsTheDayBefore) {
    const auto p = Period::between(date(2024, 3, 1), date(2024, 3, 10));
    EXPECT_EQ(p.previous(), Period::between(date(2024, 2, 20), date(2024, 2, 29)));
}

TEST(Period, YearAgoOfEachKind) {
    EXPECT_EQ(Period::month(2024, 2).year_ago(), Period::month(2023, 2));
    EXPECT_EQ(Period::quarter(2024, 1).year_ago(), Period::quarter(2023, 1));
    EXPECT_EQ(Period::half(2024, 2).year_ago(), Period::half(2023, 2));
    EXPECT_EQ(Period::ytd(2024, 8).year_ago(), Period::ytd(2023, 8));
    EXPECT_EQ(Period::year(2024).year_ago(), Period::year(2023));
}

TEST(Period, YearAgoOfRangeEndingOnLeapDayEndsOn28February) {
    const auto p = Period::between(date(2024, 2, 1), date(2024, 2, 29));
    EXPECT_EQ(p.year_ago(), Period::between(date(2023, 2, 1), date(2023, 2, 28)));
}

TEST(Period, ParseEveryForm) {
    EXPECT_EQ(Period::parse("2024-08"), Period::month(2024, 8));
    EXPECT_EQ(Period::parse("2024-Q3"), Period::quarter(2024, 3));
    EXPECT_EQ(Period::parse("2024-q3"), Period::quarter(2024, 3));
    EXPECT_EQ(Period::parse("2024-H2"), Period::half(2024, 2));
    EXPECT_EQ(Period::parse("2024"), Period::year(2024));
    EXPECT_EQ(Period::parse("2024-01..2024-08"), Period::ytd(2024, 8));
    EXPECT_EQ(Period::parse("2024-03..2024-05"), Period::between(date(2024, 3, 1), date(2024, 5, 31)));
    EXPECT_EQ(Period::parse("2023-11..2024-02"), Period::between(date(2023, 11, 1), date(2024, 2, 29)));
    EXPECT_EQ(Period::parse("2024-01-05..2024-02-10"), Period::between(date(2024, 1, 5), date(2024, 2, 10)));
}

TEST(Period, PrintThenParseGivesTheSamePeriod) {
    for (const auto& p :
         {Period::month(2024, 1), Period::quarter(2024, 4), Period::half(2023, 1), Period::year(1999),
          Period::ytd(2024, 1), Period::ytd(2024, 12), Period::between(date(2024, 1, 1), date(2024, 8, 31)),
          Period::between(date(2024, 2, 29), date(2024, 2, 29))})
        EXPECT_EQ(Period::parse(p.str()), p) << p.str();
}

TEST(Period, ParseRejectsWhatIsNotAPeriod) {
    for (const char* bad : {"", "2024-13", "2024-00", "2024-Q5", "2024-H3", "24-08", "2024/08",
                            "2024-02-30..2024-03-01", "2024-05..2024-03", "2024-08-01", "august"})
        EXPECT_THROW(Period::parse(bad), anjian::error) << bad;
}

TEST(Period, BetweenRefusesAnEndBeforeTheStart) {
    EXPECT_THROW(Period::between(date(2024, 3, 2), date(2024, 3, 1)), anjian::error);
}

TEST(Period, ContainsBothEnds) {
    const auto p = Period::quarter(2024, 1);
    EXPECT_TRUE(p.contains(date(2024, 1, 1)));
    EXPECT_TRUE(p.contains(date(2024, 3, 31)));
    EXPECT_FALSE(p.contains(date(2023, 12, 31)));
    EXPECT_FALSE(p.contains(date(2024, 4, 1)));
}

TEST(Period, MonthAlignedOnlyForWholeMonths) {
    EXPECT_TRUE(Period::ytd(2024, 5).month_aligned());
    EXPECT_TRUE(Period::between(date(2024, 2, 1), date(2024, 2, 29)).month_aligned());
    EXPECT_FALSE(Period::between(date(2024, 2, 1), date(2024, 2, 28)).month_aligned());
    EXPECT_FALSE(Period::between(date(2024, 2, 2), date(2024, 2, 29)).month_aligned());
}

TEST(Period, EqualityKeepsTheKindAndHashAgrees) {
    EXPECT_NE(Period::ytd(2024, 1), Period::month(2024, 1));  // same days, different previous()
    std::unordered_set<Period> set{Period::month(2024, 1), Period::month(2024, 1), Period::ytd(2024, 1)};
    EXPECT_EQ(set.size(), 2u);
    EXPECT_LT(Period::month(2024, 1), Period::month(2024, 2));
}

TEST(Period, MonthOrdinalFromDaysMatchesTheCalendar) {
    // Every day from 1899-12-01 to 2100-12-31 lands in the month Boost.Date_Time says.
    const date epoch(1970, 1, 1);
    for (date d(1899, 12, 1); d <= date(2100, 12, 31); d += boost::gregorian::date_duration(1)) {
        const auto days = (d - epoch).days();
        ASSERT_EQ(anjian::month_ordinal_from_days(days), anjian::month_ordinal(d)) << anjian::to_iso(d);
    }
}

TEST(Period, IsoDatesAreZeroPaddedFromTheFirstToTheLastDayBoostKnows) {
    for (const anjian::date d : {anjian::date(1400, 1, 1), anjian::date(2024, 2, 29), anjian::date(2021, 9, 1),
                                 anjian::date(2021, 10, 31), anjian::date(9999, 12, 31)})
        EXPECT_EQ(anjian::to_iso(d), boost::gregorian::to_iso_extended_string(d));
    for (anjian::date d(1999, 12, 25); d < anjian::date(2001, 1, 10); d += boost::gregorian::days(1))
        ASSERT_EQ(anjian::to_iso(d), boost::gregorian::to_iso_extended_string(d));
    EXPECT_EQ(anjian::to_iso(anjian::date(boost::date_time::not_a_date_time)), "no date");
}
