// The monthly aggregation kernel, its partial aggregates, period totals and indicator evaluation.
#include <gtest/gtest.h>

#include <anjian/indicators/aggregate.hpp>
#include <anjian/rules/catalog.hpp>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <random>
#include <thread>
#include <tuple>
#include <limits>
#include <map>

namespace ind = anjian::indicators;
using anjian::date;
using anjian::Period;

namespace {

std::int64_t day_number(int y, int m, int d) {
    return (date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), static_cast<unsigned short>(d)) -
            date(1970, 1, 1))
        .days();
}

struct Events {
    std::vector<std::int32_t> unit;
    std::vector<std::int64_t> day;
    std::vector<std::int64_t> hazards, major;
    std::vector<double> fines;
    std::int32_t n_units = 0;

    void add(std::int32_t u, std::int64_t d, std::int64_t h, std::int64_t m, double f) {
        unit.push_back(u), day.push_back(d), hazards.push_back(h), major.push_back(m), fines.push_back(f);
        n_units = std::max(n_units, u + 1);
    }
    ind::EventColumns columns(std::size_t from = 0, std::size_t to = SIZE_MAX) const {
        to = std::min(to, unit.size());
        ind::EventColumns c;
        c.rows = to - from;
        c.unit = unit.data() + from;
        c.n_units = n_units;
        c.time = day.data() + from;
        c.values = {{"hazards_found", ind::FieldKind::count, hazards.data() + from, nullptr},
                    {"major_hazards_found", ind::FieldKind::count, major.data() + from, nullptr},
                    {"fines_yuan", ind::FieldKind::money, nullptr, fines.data() + from}};
        return c;
    }
};

Events random_events(std::size_t n, std::int32_t units, unsigned seed) {
    std::mt19937_64 rng(seed);
    Events e;
    for (std::size_t i = 0; i < n; ++i) {
        const auto h = static_cast<std::int64_t>(rng() % 4);
        e.add(static_cast<std::int32_t>(rng() % static_cast<unsigned>(units)),
              day_number(2023, 1, 1) + static_cast<std::int64_t>(rng() % 730), h,
              static_cast<std::int64_t>(rng() % static_cast<unsigned>(h + 1)),
              static_cast<double>(rng() % 100000) / 100.0);
    }
    e.n_units = units;
    return e;
}

// The sums of the events added row by row into a map: the reference, whatever path the kernel takes.
ind::MonthlySums summed_one_by_one(const Events& e, std::size_t units = 0) {
    std::map<std::pair<std::int32_t, std::int32_t>, std::array<std::int64_t, 4>> cells;  // rows, fields
    for (std::size_t i = 0; i < e.unit.size(); ++i) {
        std::int64_t fen = 0;
        EXPECT_TRUE(anjian::Money::fen_of_yuan(e.fines[i], fen));
        auto& c = cells[{units ? static_cast<std::int32_t>(i % units) : e.unit[i],
                         anjian::month_ordinal_from_days(e.day[i])}];
        c[0] += 1, c[1] += e.hazards[i], c[2] += e.major[i], c[3] += fen;
    }
    ind::MonthlySums out;
    for (const auto& [key, c] : cells) {
        out.unit.push_back(key.first), out.month.push_back(key.second), out.rows.push_back(c[0]);
        out.sums.insert(out.sums.end(), c.begin() + 1, c.end());
    }
    return out;
}

void expect_same(const ind::MonthlySums& a, const ind::MonthlySums& b) {
    EXPECT_EQ(a.unit, b.unit);
    EXPECT_EQ(a.month, b.month);
    EXPECT_EQ(a.rows, b.rows);
    EXPECT_EQ(a.sums, b.sums);
}

std::string problem_of(const ind::EventColumns& c, std::vector<ind::RowRule> rules = {}) {
    try {
        ind::aggregate_monthly(c, rules, 1);
    } catch (const anjian::input_error& e) {
        return e.where().field + "@" + std::to_string(e.where().row) + ": " + e.message();
    }
    return "";
}

}  // namespace

TEST(Aggregate, SumsEachFieldPerUnitAndMonth) {
    Events e;
    e.add(0, day_number(2024, 8, 1), 2, 1, 100.5);
    e.add(0, day_number(2024, 8, 31), 3, 0, 0.25);
    e.add(0, day_number(2024, 9, 1), 1, 0, 0);
    e.add(1, day_number(2024, 8, 15), 4, 2, 1000);
    const auto s = ind::aggregate_monthly(e.columns());
    ASSERT_EQ(s.cells(), 3u);
    EXPECT_EQ(s.unit, (std::vector<std::int32_t>{0, 0, 1}));
    EXPECT_EQ(s.month, (std::vector<std::int32_t>{anjian::month_ordinal(2024, 8), anjian::month_ordinal(2024, 9),
                                                  anjian::month_ordinal(2024, 8)}));
    EXPECT_EQ(s.rows, (std::vector<std::int64_t>{2, 1, 1}));
    EXPECT_EQ(s.sum(0, 0), 5);
    EXPECT_EQ(s.sum(0, 1), 1);
    EXPECT_EQ(s.sum(0, 2), 10075);  // fen, exact
    EXPECT_EQ(s.sum(2, 2), 100000);
}

TEST(Aggregate, NanosecondTicksAndDatesBefore1970) {
    Events e;
    e.add(0, day_number(1969, 12, 31), 1, 0, 0);
    e.add(0, day_number(1970, 1, 1), 1, 0, 0);
    auto c = e.columns();
    std::vector<std::int64_t> ns;
    for (const auto d : e.day) ns.push_back(d * 86'400'000'000'000 + 3'600'000'000'000);  // 01:00 each day
    c.time = ns.data();
    c.ticks_per_day = 86'400'000'000'000;
    const auto s = ind::aggregate_monthly(c);
    EXPECT_EQ(s.month, (std::vector<std::int32_t>{anjian::month_ordinal(1969, 12), anjian::month_ordinal(1970, 1)}));
}

TEST(Aggregate, TheFirstNanosecondTickAfterNaTIsADateIn1677) {
    Events e;
    e.add(0, 0, 1, 0, 0);
    auto c = e.columns();
    const std::int64_t tick = std::numeric_limits<std::int64_t>::min() + 1;  // 1677-09-21T00:12:43.145224193
    c.time = &tick;
    c.ticks_per_day = 86'400'000'000'000;
    EXPECT_EQ(ind::aggregate_monthly(c).month, (std::vector<std::int32_t>{anjian::month_ordinal(1677, 9)}));
}

TEST(Aggregate, DatesFrom1400Through9999AreSummedAndDatesOutsideRefused) {
    const auto months_of = [](std::int64_t day) {
        Events e;
        e.add(0, day, 1, 0, 0);
        return ind::aggregate_monthly(e.columns()).month;
    };
    EXPECT_EQ(months_of(day_number(1400, 1, 1)), (std::vector<std::int32_t>{anjian::month_ordinal(1400, 1)}));
    EXPECT_EQ(months_of(day_number(9999, 12, 31)), (std::vector<std::int32_t>{anjian::month_ordinal(9999, 12)}));
    EXPECT_THROW(months_of(day_number(1400, 1, 1) - 1), anjian::input_error);
    EXPECT_THROW(months_of(day_number(9999, 12, 31) + 1), anjian::input_error);
    EXPECT_THROW(months_of(std::numeric_limits<std::int64_t>::max()), anjian::input_error);
}

TEST(Aggregate, DaysSpanningMoreThanTheMonthTableAreMonthedByTheCalendar) {
    // 1800 to 2100: 110,000 days, beyond the 2^16-day table; the month of every day still exact.
    Events e;
    const std::vector<std::tuple<int, int, int>> days = {
        {1800, 1, 1}, {1800, 1, 31}, {1900, 2, 28}, {1979, 6, 30}, {1979, 7, 1}, {2000, 2, 29}, {2100, 12, 31}};
    for (const auto& [y, m, d] : days) e.add(0, day_number(y, m, d), 1, 0, 0);
    const auto s = ind::aggregate_monthly(e.columns());
    std::vector<std::int32_t> expected;
    for (const auto& [y, m, d] : days)
        if (expected.empty() || expected.back() != anjian::month_ordinal(y, m))
            expected.push_back(anjian::month_ordinal(y, m));
    EXPECT_EQ(s.month, expected);
    EXPECT_EQ(s.rows, (std::vector<std::int64_t>{2, 1, 1, 1, 1, 1}));
}

TEST(Aggregate, ASampledRangeOfDatesIsCheckedOnEveryRowAndARowOutsideItFallsBackToTheExactRange) {
    // Pass 1 takes the range of 1,024 rows at the start, middle and end, widened by 31 days, once every
    // row is checked to lie in it. 20,000 rows: row 7,777 is sampled by none of the three.
    auto e = random_events(20'000, 19, 5);
    const std::int64_t last = *std::max_element(e.day.begin(), e.day.end());
    for (const std::int64_t day : {e.day[7777], last + 20, last + 31, last + 32, day_number(2030, 5, 5),
                                   day_number(1400, 1, 1), day_number(9999, 12, 31)}) {
        e.day[7777] = day;
        for (const unsigned threads : {1u, 2u}) expect_same(ind::aggregate_monthly(e.columns(), {}, threads),
                                                           summed_one_by_one(e));
    }
    e.day[7777] = std::numeric_limits<std::int64_t>::min();
    EXPECT_EQ(problem_of(e.columns()), "date@7777: missing date (NaT)");
    e.day[7777] = day_number(2024, 1, 1);
    for (const std::int32_t code : {-1, 19, std::numeric_limits<std::int32_t>::min()}) {
        e.unit[7777] = code;
        EXPECT_EQ(problem_of(e.columns()), "unit@7777: missing or unknown unit") << code;
    }
    e.unit[7777] = 18;
    expect_same(ind::aggregate_monthly(e.columns()), summed_one_by_one(e));
}

TEST(Aggregate, OneByteUnitCodesOutsideTheUnitsAreRefusedOnEveryRowWhateverTheCountOfUnits) {
    auto e = random_events(20'000, 19, 6);
    std::vector<std::int8_t> codes(e.unit.begin(), e.unit.end());
    for (const std::int32_t n_units : {19, 127, 128, 300}) {
        auto c = e.columns();
        c.unit = codes.data();
        c.n_units = n_units;
        for (const int code : {-1, -128, 19, 127}) {
            codes[7777] = static_cast<std::int8_t>(code);
            if (code >= 0 && code < n_units)
                EXPECT_EQ(ind::aggregate_monthly(c).rows.size(), summed_one_by_one(e).rows.size() + (code >= 19))
                    << code << " of " << n_units;
            else
                EXPECT_EQ(problem_of(c), "unit@7777: missing or unknown unit") << code << " of " << n_units;
        }
        codes[7777] = static_cast<std::int8_t>(e.unit[7777]);
    }
}

TEST(Aggregate, ThreadsGiveTheSameResultAsOne) {
    const auto e = random_events(200'000, 19, 1);
    expect_same(ind::aggregate_monthly(e.columns(), {}, 1), ind::aggregate_monthly(e.columns(), {}, 2));
    expect_same(ind::aggregate_monthly(e.columns(), {}, 1), ind::aggregate_monthly(e.columns(), {}, 7));
}

TEST(Aggregate, AutomaticThreadsAreOneBelowTheMeasuredCrossoverAndEveryCoreFromIt) {
    EXPECT_EQ(ind::detail::automatic_threads(0), 1u);
    EXPECT_EQ(ind::detail::automatic_threads(65'535), 1u);
    EXPECT_EQ(ind::detail::automatic_threads(65'536), std::max(1u, std::thread::hardware_concurrency()));
}

TEST(Aggregate, AThreadCountGivenIsHonouredOnSmallInputsWithTheSameResult) {
    const auto e = random_events(1'000, 7, 4);
    expect_same(ind::aggregate_monthly(e.columns(), {}, 3), ind::aggregate_monthly(e.columns(), {}, 1));
}

TEST(Aggregate, ManyUnitsTakeTheHashedPathWithTheSameResult) {
    // 3 million possible units x 24 months is too large for a dense grid per thread.
    auto e = random_events(100'000, 50, 2);
    for (auto& u : e.unit) u *= 60'000;
    e.n_units = 3'000'000;
    const auto s = ind::aggregate_monthly(e.columns(), {}, 2);
    auto small = e;
    for (auto& u : small.unit) u /= 60'000;
    small.n_units = 50;
    auto t = ind::aggregate_monthly(small.columns(), {}, 2);
    for (auto& u : t.unit) u *= 60'000;
    expect_same(s, t);
}

TEST(Aggregate, PartialAggregatesMergeExactlyInAnyOrder) {
    const auto e = random_events(30'000, 7, 3);
    const auto whole = ind::aggregate_monthly(e.columns());
    const auto a = ind::aggregate_monthly(e.columns(0, 10'000));
    const auto b = ind::aggregate_monthly(e.columns(10'000, 25'000));
    const auto c = ind::aggregate_monthly(e.columns(25'000));
    expect_same(ind::MonthlySums::merge(ind::MonthlySums::merge(a, b), c), whole);
    expect_same(ind::MonthlySums::merge(a, ind::MonthlySums::merge(b, c)), whole);
    expect_same(ind::MonthlySums::merge(c, ind::MonthlySums::merge(b, a)), whole);
    ind::MonthlySums other = a;
    other.fields[0] = "x";
    EXPECT_THROW(ind::MonthlySums::merge(a, other), anjian::error);
}

TEST(Aggregate, BadValuesNameTheirRowAndColumn) {
    Events e;
    for (int i = 0; i < 5; ++i) e.add(0, day_number(2024, 1, 1), 1, 0, 10);
    auto with = [&](auto change) {
        Events x = e;
        change(x);
        return problem_of(x.columns());
    };
    EXPECT_EQ(with([](Events& x) { x.hazards[3] = -1; }), "hazards_found@3: negative value -1");
    EXPECT_EQ(with([](Events& x) { x.fines[2] = std::nan(""); }), "fines_yuan@2: missing amount (NaN, an empty cell)");
    EXPECT_EQ(with([](Events& x) { x.fines[1] = 0.125; }), "fines_yuan@1: amount 0.125 is not a whole number of fen");
    EXPECT_EQ(with([](Events& x) { x.fines[4] = -3; }), "fines_yuan@4: negative amount -3");
    EXPECT_EQ(with([](Events& x) { x.unit[2] = -1; }), "unit@2: missing or unknown unit");
    EXPECT_EQ(with([](Events& x) { x.day[1] = INT64_MIN; }), "date@1: missing date (NaT)");
    // A value is shown as the shortest number that reads back as it: not 0 for 1e-07, nor 301 digits.
    EXPECT_EQ(with([](Events& x) { x.fines[1] = 1e-7; }), "fines_yuan@1: amount 1e-07 is not a whole number of fen");
    EXPECT_EQ(with([](Events& x) { x.fines[1] = 1e300; }), "fines_yuan@1: amount 1e+300 is not a whole number of fen");
    EXPECT_EQ(with([](Events& x) { x.fines[1] = 1234.567; }),
              "fines_yuan@1: amount 1234.567 is not a whole number of fen");
}

// The aggregation reads every row before it refuses: one error lists every bad row in row order
// (whatever the column), each with its first bad cell, and counts them.
TEST(Aggregate, EveryBadRowIsNamedInOneError) {
    Events e;
    for (int i = 0; i < 300; ++i) e.add(0, day_number(2024, 1, 1), 1, 0, 10);
    e.fines[1] = -3, e.hazards[3] = -1, e.hazards[1] = -1, e.unit[7] = -1;
    for (int i = 100; i < 250; ++i) e.day[static_cast<std::size_t>(i)] = INT64_MIN;
    try {
        ind::aggregate_monthly(e.columns(), {}, 2);
        FAIL();
    } catch (const anjian::batch_error& err) {
        EXPECT_EQ(err.refused(), 153u);
        ASSERT_EQ(err.problems().size(), 100u);
        EXPECT_EQ(err.problems()[0].str(), "column 'hazards_found', row 1: negative value -1");  // its first cell
        EXPECT_EQ(err.problems()[1].str(), "column 'hazards_found', row 3: negative value -1");
        EXPECT_EQ(err.problems()[2].str(), "column 'unit', row 7: missing or unknown unit");
        EXPECT_EQ(err.problems()[3].str(), "column 'date', row 100: missing date (NaT)");
        EXPECT_NE(std::string(err.what()).find("153 of 300 rows refused (the first 100 listed)"), std::string::npos);
    }
}

TEST(Aggregate, StatusModeSumsTheOtherRowsAndSaysWhyEachRefusedOneWasLeftOut) {
    auto e = random_events(100'000, 7, 3);  // above the one-thread cut: the bad rows fall in several threads
    const std::vector<std::size_t> bad = {5, 40'000, 99'999};
    Events good;
    good.n_units = e.n_units;
    for (std::size_t i = 0; i < e.unit.size(); ++i)
        if (std::find(bad.begin(), bad.end(), i) == bad.end())
            good.add(e.unit[i], e.day[i], e.hazards[i], e.major[i], e.fines[i]);
    e.hazards[5] = -2;
    e.unit[40'000] = -1;
    e.fines[99'999] = 0.001;
    const std::vector<ind::RowRule> rules = {{1, 0}};
    anjian::RowStatus status;
    const auto s = ind::aggregate_monthly(e.columns(), rules, 2, anjian::Refusal::status, &status);
    expect_same(s, ind::aggregate_monthly(good.columns(), rules, 2));
    ASSERT_EQ(status.refused.size(), e.unit.size());
    std::vector<std::size_t> refused;
    for (std::size_t i = 0; i < status.refused.size(); ++i)
        if (!status.ok(i)) refused.push_back(i);
    EXPECT_EQ(refused, bad);
    EXPECT_EQ(status.reasons[static_cast<std::size_t>(status.refused[40'000])], "missing or unknown unit");
    // The same input in raise mode names all three rows.
    try {
        ind::aggregate_monthly(e.columns(), rules, 2);
        FAIL() << "no error";
    } catch (const anjian::batch_error& err) {
        EXPECT_EQ(err.refused(), 3u);
    }
}

TEST(Aggregate, StatusModeWithEveryRowRefusedGivesNoCellsAndWithNoneGivesNoStatus) {
    Events e;
    e.add(0, day_number(2024, 1, 2), -1, 0, 0);
    e.add(0, day_number(2024, 1, 3), 1, 2, 0);
    const std::vector<ind::RowRule> rules = {{1, 0}};
    anjian::RowStatus status;
    const auto s = ind::aggregate_monthly(e.columns(), rules, 1, anjian::Refusal::status, &status);
    EXPECT_EQ(s.cells(), 0u);
    EXPECT_EQ(s.fields.size(), 3u);
    EXPECT_FALSE(status.ok(0));
    EXPECT_FALSE(status.ok(1));
    anjian::RowStatus none;
    EXPECT_EQ(ind::aggregate_monthly(e.columns(0, 0), {}, 1, anjian::Refusal::status, &none).cells(), 0u);
    EXPECT_TRUE(none.refused.empty());
}

TEST(Aggregate, FloatCountsMustBeWholeAndPresent) {
    Events e;
    e.add(0, day_number(2024, 1, 1), 1, 0, 10);
    e.add(0, day_number(2024, 1, 1), 1, 0, 10);
    std::vector<double> counts{1.0, 2.5};
    auto c = e.columns();
    c.values[0] = {"hazards_found", ind::FieldKind::count, nullptr, counts.data()};
    EXPECT_EQ(problem_of(c), "hazards_found@1: count 2.5 is not a whole number");
    counts[1] = std::nan("");
    EXPECT_EQ(problem_of(c), "hazards_found@1: missing count (NaN, an empty cell)");
    counts[1] = -1.0;  // the fast path's own mark for a bad cell: refused all the same
    EXPECT_EQ(problem_of(c), "hazards_found@1: negative count -1");
    counts[1] = 2.0;
    EXPECT_EQ(ind::aggregate_monthly(c).sum(0, 0), 3);
}

TEST(Aggregate, MoreMajorHazardsThanHazardsIsAnError) {
    Events e;
    e.add(0, day_number(2024, 1, 1), 2, 2, 0);  // equal: allowed
    e.add(0, day_number(2024, 1, 1), 1, 2, 0);  // more major than found
    const std::vector<ind::RowRule> rules{{1, 0}};
    EXPECT_EQ(problem_of(e.columns(), rules),
              "major_hazards_found@1: major_hazards_found (2) exceeds hazards_found (1)");
}

TEST(Aggregate, ARuleHoldsAtEqualValuesAndBreaksOneAboveUpToTheLargestInt64) {
    constexpr std::int64_t top = std::numeric_limits<std::int64_t>::max();
    // (lesser, greater, broken): the vectorized test reads the sign of greater - lesser.
    for (const auto& [lesser, greater, broken] : std::vector<std::tuple<std::int64_t, std::int64_t, bool>>{
             {0, 0, false}, {1, 0, true}, {top, top, false}, {top, top - 1, true}, {top, 0, true}, {0, top, false},
             {top - 1, top, false}, {std::int64_t{1} << 62, (std::int64_t{1} << 62) - 1, true}}) {
        Events e;
        for (int i = 0; i < 3; ++i) e.add(0, day_number(2024, 1, 1), 0, 0, 0);  // rows around the tested one
        e.hazards[1] = greater, e.major[1] = lesser;
        EXPECT_EQ(problem_of(e.columns(), {{1, 0}}).rfind("major_hazards_found@1: major_hazards_found (", 0) == 0,
                  broken)
            << lesser << " <= " << greater;
    }
    Events e;  // a float column against an int64 one: compared as numbers
    e.add(0, day_number(2024, 1, 1), 2, 0, 0);
    e.add(0, day_number(2024, 1, 1), 2, 0, 0);
    std::vector<double> major{2.0, 3.0};
    auto c = e.columns();
    c.values[1] = {"major_hazards_found", ind::FieldKind::count, nullptr, major.data()};
    EXPECT_EQ(problem_of(c, {{1, 0}}), "major_hazards_found@1: major_hazards_found (3) exceeds hazards_found (2)");
}

TEST(Aggregate, YuanAmountsReadTogetherGiveTheFenOfEachAmountReadAlone) {
    // Money::fen_of_yuan_many, the block read (bits of x * 100 + 1.5 * 2^52), answers below 2^51 fen and
    // defers every other amount to Money::fen_of_yuan: each draw is summed alone and among ordinary amounts.
    std::mt19937_64 rng(11);
    Events e;
    for (int i = 0; i < 1200; ++i) e.add(0, day_number(2024, 1, 1), 0, 0, 12.34);
    const double special[] = {0.0, -0.0, 0.01, 0.005, 0.015, 1234.56, 0x1p51 / 100, std::nextafter(0x1p51 / 100, 0.0),
                              0x1p52 / 100, 8.9e13, 9.1e13, 1e300, std::numeric_limits<double>::denorm_min(),
                              -0.01, -1e-10, std::nan(""), -std::nan(""), HUGE_VAL, -HUGE_VAL};
    for (int draw = 0; draw < 2000; ++draw) {
        double x = 0;
        if (draw < static_cast<int>(std::size(special)))
            x = special[draw];
        else if (draw % 3 == 0)  // whole fen, up to beyond the block read's 2^51
            x = static_cast<double>(rng() >> (rng() % 64)) / 100.0;
        else if (draw % 3 == 1)  // fractions of a fen
            x = static_cast<double>(rng() % 1'000'000'000) / 1000.0;
        else  // any bits
            x = std::bit_cast<double>(rng());
        std::int64_t alone = 0;
        const bool read = anjian::Money::fen_of_yuan(x, alone) && alone >= 0;
        e.fines[987] = x;
        if (read) {
            EXPECT_EQ(ind::aggregate_monthly(e.columns()).sum(0, 2), alone + 1199 * 1234) << x;
        } else {
            EXPECT_EQ(problem_of(e.columns()).rfind("fines_yuan@987: ", 0), 0u) << x;
        }
    }
}

TEST(PeriodTotals, RatioOfSumsOverAYearToDateNotMeanOfRatios) {
    // Two months: 1/10 then 9/10 -> ytd rate 10/20 = 0.5; the mean of monthly rates is also 0.5,
    // so use 1/10 and 9/90: ratio of sums 10/100 = 0.1, mean of ratios 0.1 too... pick 1/10 and 1/90.
    auto cat = anjian::rules::builtin_catalog();
    std::vector<std::int64_t> zeros(2, 0);
    std::vector<std::int64_t> inspected{10, 90}, cases{1, 1};
    std::vector<std::int32_t> unit{0, 0};
    std::vector<std::int64_t> day{day_number(2024, 1, 1), day_number(2024, 2, 1)};
    ind::EventColumns c;
    c.rows = 2, c.unit = unit.data(), c.n_units = 1, c.time = day.data();
    std::vector<ind::Aggregation> how;
    for (const auto& f : cat.fields) {
        const auto* data = f.code == "enterprises_inspected" ? inspected.data()
                           : f.code == "cases_filed"         ? cases.data()
                                                             : zeros.data();
        c.values.push_back({f.code, f.kind, data, nullptr});
        how.push_back(f.aggregation);
    }
    const auto sums = ind::aggregate_monthly(c);
    const auto totals = ind::period_totals(sums, Period::ytd(2024, 2), 1, how);
    const std::vector<int> which{cat.indicator_index("filing_rate"), cat.indicator_index("rectification_rate")};
    const auto v = ind::evaluate(cat, totals, which);
    EXPECT_DOUBLE_EQ(v.at(0, 0), 2.0 / 100.0);               // ratio of sums
    EXPECT_NE(v.at(0, 0), (1.0 / 10.0 + 1.0 / 90.0) / 2.0);  // not the mean of monthly ratios
    EXPECT_TRUE(std::isnan(v.at(0, 1)));                     // no hazards found: zero denominator
    EXPECT_EQ(v.zero_division[1], 0);
    // January alone
    const auto jan = ind::evaluate(cat, ind::period_totals(sums, Period::month(2024, 1), 1, how), which);
    EXPECT_DOUBLE_EQ(jan.at(0, 0), 0.1);
    EXPECT_THROW(ind::period_totals(sums, Period::between(date(2024, 1, 1), date(2024, 1, 15)), 1, how), anjian::error);
}

TEST(PeriodTotals, MeanFieldsAverageOverReportedMonths) {
    std::vector<std::int32_t> unit{0, 0, 0, 1};
    std::vector<std::int64_t> day{day_number(2024, 1, 1), day_number(2024, 2, 1), day_number(2024, 3, 1),
                                  day_number(2024, 3, 1)};
    std::vector<std::int64_t> officers{10, 20, 30, 7};
    ind::EventColumns c;
    c.rows = 4, c.unit = unit.data(), c.n_units = 3, c.time = day.data();
    c.values = {{"enforcement_officers", ind::FieldKind::count, officers.data(), nullptr}};
    const std::vector<ind::Aggregation> how{ind::Aggregation::mean};
    const auto t = ind::period_totals(ind::aggregate_monthly(c), Period::quarter(2024, 1), 3, how);
    EXPECT_DOUBLE_EQ(t.value(0, 0), 20.0);
    EXPECT_DOUBLE_EQ(t.value(0, 1), 7.0);
    EXPECT_TRUE(std::isnan(t.value(0, 2)));  // unit 2 did not report
    EXPECT_EQ(t.months_reported, (std::vector<std::int32_t>{3, 1, 0}));
}

// The kernel over the one column type: other widths and missing cells are read too, and give what
// the raw columns give; a missing date is named by its row.
TEST(Aggregate, TheColumnTableEntryEqualsTheRawColumnsWhateverTheWidthsAndNamesMissingCells) {
    const Events e = random_events(5'000, 7, 3);
    std::vector<std::int64_t> unit64(e.unit.begin(), e.unit.end());
    std::vector<std::int32_t> day32(e.day.begin(), e.day.end());
    anjian::Table t(static_cast<std::int64_t>(e.unit.size()));
    t.own("unit", unit64).own("day", day32).own("hazards_found", e.hazards).own("major_hazards_found", e.major);
    t.own("fines_yuan", e.fines);
    const std::vector<std::pair<std::string, ind::FieldKind>> fields = {
        {"hazards_found", ind::FieldKind::count},
        {"major_hazards_found", ind::FieldKind::count},
        {"fines_yuan", ind::FieldKind::money}};
    EXPECT_THROW(ind::aggregate_monthly(t, "unit", e.n_units, "day", fields), anjian::input_error);  // int32 ≠ dates
    anjian::Table dated(t.rows());
    std::vector<date> days;
    for (const auto d : e.day) days.push_back(anjian::from_day_number(d));
    days[42] = date(boost::gregorian::not_a_date_time);
    dated.own("unit", unit64).own_dates("day", days).own("hazards_found", e.hazards);
    dated.own("major_hazards_found", e.major).own("fines_yuan", e.fines);
    try {
        ind::aggregate_monthly(dated, "unit", e.n_units, "day", fields);
        FAIL();
    } catch (const anjian::input_error& err) {
        EXPECT_EQ(err.where().row, 42);
    }
    days[42] = anjian::from_day_number(e.day[42]);
    anjian::Table whole(t.rows());
    whole.own("unit", unit64).own_dates("day", days).own("hazards_found", e.hazards);
    whole.own("major_hazards_found", e.major).own("fines_yuan", e.fines);
    expect_same(ind::aggregate_monthly(whole, "unit", e.n_units, "day", fields), ind::aggregate_monthly(e.columns()));
}

// A categorical's one-byte codes are read where they lie, by the raw entry and through the table, and
// give what four-byte codes give; a code of -1 or one past the units is refused by its row.
TEST(Aggregate, OneByteUnitCodesSumAsFourByteCodesAndBadCodesAreNamed) {
    const Events e = random_events(20'000, 7, 5);
    std::vector<std::int8_t> unit8(e.unit.begin(), e.unit.end());
    auto c = e.columns();
    c.unit = unit8.data();
    expect_same(ind::aggregate_monthly(c, {}, 2), ind::aggregate_monthly(e.columns(), {}, 2));
    const std::vector<std::pair<std::string, ind::FieldKind>> fields = {{"hazards_found", ind::FieldKind::count}};
    anjian::Table t(static_cast<std::int64_t>(e.unit.size()));
    t.own("unit", unit8).own_day_numbers("day", std::vector<std::int32_t>(e.day.begin(), e.day.end()));
    t.own("hazards_found", e.hazards);
    auto raw = e.columns();
    raw.values.resize(1);
    expect_same(ind::aggregate_monthly(t, "unit", e.n_units, "day", fields), ind::aggregate_monthly(raw));
    unit8[3] = -1, unit8[11] = 7;  // 7 units: codes 0..6
    c.unit = unit8.data();
    anjian::RowStatus status;
    ind::aggregate_monthly(c, {}, 1, anjian::Refusal::status, &status);
    EXPECT_FALSE(status.ok(3));
    EXPECT_FALSE(status.ok(11));
    EXPECT_EQ(std::count_if(status.refused.begin(), status.refused.end(), [](std::int32_t r) { return r >= 0; }), 2);
    EXPECT_EQ(problem_of(c),
              "@-1: 2 of 20000 rows refused\n  column 'unit', row 3: missing or unknown unit\n"
              "  column 'unit', row 11: missing or unknown unit");
}

// Counts near 2^62 summed to a negative number before: every sum is within int64 or refused.
TEST(Aggregate, SumsBeyondTheInt64RangeAreRefusedNamingTheRow) {
    Events e;
    e.add(0, day_number(2024, 1, 1), std::int64_t{1} << 62, 0, 0);
    e.add(1, day_number(2024, 1, 2), std::int64_t{1} << 62, 0, 0);  // another unit: its own sum fits
    EXPECT_EQ(ind::aggregate_monthly(e.columns(), {}, 1).sum(1, 0), std::int64_t{1} << 62);
    e.add(0, day_number(2024, 1, 3), std::int64_t{1} << 62, 0, 0);
    try {
        ind::aggregate_monthly(e.columns(), {}, 1);
        FAIL() << "no error";
    } catch (const anjian::input_error& err) {
        EXPECT_EQ(err.where().row, 2);
        EXPECT_EQ(err.where().field, "hazards_found");
    }
}

TEST(Aggregate, MergedAndPeriodSumsBeyondTheInt64RangeAreRefused) {
    Events e;
    e.add(0, day_number(2024, 1, 1), std::int64_t{1} << 62, 0, 0);
    const auto jan = ind::aggregate_monthly(e.columns());
    EXPECT_THROW(ind::MonthlySums::merge(jan, jan), anjian::input_error);
    Events both;
    both.add(0, day_number(2024, 1, 1), std::int64_t{1} << 62, 0, 0);
    both.add(0, day_number(2024, 2, 1), std::int64_t{1} << 62, 0, 0);
    const std::vector<ind::Aggregation> how(3, ind::Aggregation::sum);
    EXPECT_THROW(ind::period_totals(ind::aggregate_monthly(both.columns()), Period::parse("2024-Q1"), 1, how),
                 anjian::input_error);
}

// The row count and int64 count columns are added two to a 64-bit word while their values are under
// paired_below (2^17); a block with a larger value is added column by column, and the halves are moved
// out before they could carry. Held to a plain per-row sum over values at and around each of those
// limits, with one to four count columns (paired with the row count, with each other, or left alone), a
// float count and money beside them, on 1 and 2 threads.
TEST(Aggregate, PairedCountSumsEqualAPlainSumAtEveryValueLimit) {
    const auto paired = static_cast<std::int64_t>(ind::detail::paired_below);
    const std::vector<std::int64_t> limits = {0, 1, 2, paired - 1, paired, (std::int64_t{1} << 31) - 1,
                                              std::int64_t{1} << 31, std::int64_t{1} << 40};
    for (int columns = 1; columns <= 4; ++columns)
        for (const int mix : {0, 1, 2}) {  // small values only; some just under paired_below; some at any limit
            std::mt19937_64 rng(static_cast<unsigned>(columns * 10 + mix));
            // 7 blocks and a part: with values just under paired_below, halves moved after every second.
            const std::size_t n = 7 * ind::detail::block_rows + 1'000;
            const std::int32_t units = 5;
            std::vector<std::int32_t> unit(n);
            std::vector<std::int64_t> day(n);
            std::vector<std::vector<std::int64_t>> counts(static_cast<std::size_t>(columns),
                                                          std::vector<std::int64_t>(n));
            std::vector<double> reals(n), fines(n);
            for (std::size_t i = 0; i < n; ++i) {
                unit[i] = static_cast<std::int32_t>(rng() % units);
                day[i] = day_number(2024, 1, 1) + static_cast<std::int64_t>(rng() % 60);
                for (auto& c : counts) {
                    const std::int64_t near = paired - 1 - static_cast<std::int64_t>(rng() % 2);  // paired
                    c[i] = mix == 0   ? static_cast<std::int64_t>(rng() % 3)
                           : mix == 1 ? (rng() % 8 == 0 ? near : static_cast<std::int64_t>(rng() % 3))
                           : rng() % 5000 == 0 ? limits[rng() % limits.size()]
                                               : static_cast<std::int64_t>(rng() % 3);
                }
                reals[i] = static_cast<double>(rng() % 5);
                fines[i] = static_cast<double>(rng() % 100'000) / 100.0;
            }
            ind::EventColumns in;
            in.rows = n, in.unit = unit.data(), in.n_units = units, in.time = day.data();
            for (int c = 0; c < columns; ++c)
                in.values.push_back({"c" + std::to_string(c), ind::FieldKind::count,
                                     counts[static_cast<std::size_t>(c)].data(), nullptr});
            in.values.push_back({"real", ind::FieldKind::count, nullptr, reals.data()});
            in.values.push_back({"fines_yuan", ind::FieldKind::money, nullptr, fines.data()});
            // The plain sum: a map from (unit, month) to the row count and each field's sum.
            std::map<std::pair<std::int32_t, std::int32_t>, std::vector<std::int64_t>> plain;
            for (std::size_t i = 0; i < n; ++i) {
                auto& cell = plain[{unit[i], anjian::month_ordinal_from_days(day[i])}];
                cell.resize(static_cast<std::size_t>(columns) + 3, 0);
                for (std::size_t c = 0; c < counts.size(); ++c) cell[c] += counts[c][i];
                cell[static_cast<std::size_t>(columns)] += static_cast<std::int64_t>(reals[i]);
                cell[static_cast<std::size_t>(columns) + 1] += std::llround(fines[i] * 100);
                ++cell.back();
            }
            for (const unsigned threads : {1u, 2u}) {
                const auto s = ind::aggregate_monthly(in, {}, threads);
                ASSERT_EQ(s.cells(), plain.size());
                std::size_t k = 0;
                for (const auto& [key, cell] : plain) {
                    SCOPED_TRACE("columns " + std::to_string(columns) + ", mix " + std::to_string(mix) + ", threads " +
                                 std::to_string(threads) + ", cell " + std::to_string(k));
                    EXPECT_EQ(s.unit[k], key.first);
                    EXPECT_EQ(s.month[k], key.second);
                    EXPECT_EQ(s.rows[k], cell.back());
                    for (std::size_t f = 0; f < s.fields.size(); ++f) EXPECT_EQ(s.sum(k, f), cell[f]);
                    ++k;
                }
            }
        }
}

// One cell that every row falls in, every value the same: five blocks of values just under paired_below
// reach 2^33 in each half, values at paired_below and above are added column by column.
TEST(Aggregate, PairedHalvesAreMovedOutBeforeTheyCarryAndLargeValuesAreNotPaired) {
    const auto paired = static_cast<std::int64_t>(ind::detail::paired_below);
    for (const std::int64_t v : {paired - 1, paired, 2 * paired - 1, std::int64_t{1} << 31, std::int64_t{1} << 40}) {
        const std::size_t n = 5 * ind::detail::block_rows;
        const std::vector<std::int32_t> unit(n, 0);
        const std::vector<std::int64_t> day(n, day_number(2024, 3, 1)), a(n, v), b(n, v + 1), c(n, v - 1);
        ind::EventColumns in;
        in.rows = n, in.unit = unit.data(), in.n_units = 1, in.time = day.data();
        in.values = {{"a", ind::FieldKind::count, a.data(), nullptr},
                     {"b", ind::FieldKind::count, b.data(), nullptr},
                     {"c", ind::FieldKind::count, c.data(), nullptr}};
        const auto s = ind::aggregate_monthly(in, {}, 1);
        const auto rows = static_cast<std::int64_t>(n);
        EXPECT_EQ(s.rows, (std::vector<std::int64_t>{rows})) << v;
        EXPECT_EQ(s.sums, (std::vector<std::int64_t>{rows * v, rows * (v + 1), rows * (v - 1)})) << v;
    }
}

TEST(Aggregate, ANegativeCountInAPairedColumnIsRefusedNamingItsRow) {
    Events e = random_events(10'000, 3, 9);
    e.hazards[9'000] = -1;
    EXPECT_EQ(problem_of(e.columns()), "hazards_found@9000: negative value -1");
}

// The chunks cover [0, n) once, in order of t; a chunk's exception is rethrown once every thread ended.
TEST(ParallelChunks, ChunksCoverTheRowsInOrderAndAChunksErrorReachesTheCaller) {
    for (const std::size_t n : {0u, 1u, 5u, 1000u})
        for (const unsigned threads : {1u, 2u, 3u}) {
            std::vector<std::pair<std::size_t, std::size_t>> seen(threads, {0, 0});
            anjian::parallel_chunks(n, threads,
                                    [&](unsigned t, std::size_t lo, std::size_t hi) { seen[t] = {lo, hi}; });
            std::size_t next = 0;
            for (const auto& [lo, hi] : seen) {
                if (lo == hi) continue;
                EXPECT_EQ(lo, next) << n << " rows, " << threads << " threads";
                next = hi;
            }
            EXPECT_EQ(next, n);
        }
    std::atomic<int> ended{0};
    EXPECT_THROW(anjian::parallel_chunks(100, 2,
                                         [&](unsigned t, std::size_t, std::size_t) {
                                             ++ended;
                                             if (t == 1) throw anjian::error("chunk 1 failed");
                                         }),
                 anjian::error);
    EXPECT_EQ(ended.load(), 2);
}

// The caller waits for a helper only once it has taken a task: tasks done before a helper starts (often
// here, two light tasks) are done once each, the call returns, and the helper, started late, finds none
// left and touches nothing of the call (its work and results, on the caller's stack, are gone by then). A
// task's exception is still rethrown, the lowest's.
TEST(ParallelTasks, EveryTaskRunsOnceWhetherTheHelpersStartLateOrNot) {
    for (int call = 0; call < 2000; ++call) {
        std::array<int, 3> done{};  // per task; the caller's stack, gone when the call returns
        anjian::parallel_tasks(done.size(), 2, [&](std::size_t task) { ++done[task]; });
        ASSERT_EQ(done, (std::array<int, 3>{1, 1, 1})) << "call " << call;
    }
    for (int call = 0; call < 200; ++call)
        EXPECT_THROW(
            try {
                anjian::parallel_tasks(4, 2, [](std::size_t task) {
                    if (task % 2) throw anjian::error("task " + std::to_string(task));
                });
            } catch (const anjian::error& e) {
                EXPECT_STREQ(e.what(), "task 1");
                throw;
            },
            anjian::error);
}

// Every block of [0, n) is taken once, by a worker below `threads`, in blocks of `block` rows.
TEST(ParallelBlocks, EveryRowIsTakenOnceInBlocksOfTheGivenSize) {
    for (const std::size_t n : {0u, 1u, 5u, 1000u, 16'385u})
        for (const std::size_t block : {1u, 7u, 1000u})
            for (const unsigned threads : {1u, 2u, 3u}) {
                std::vector<std::atomic<int>> taken(n);
                std::atomic<bool> bad_worker{false}, bad_size{false};
                anjian::parallel_blocks(n, threads, block, [&](unsigned worker, auto next) {
                    if (worker >= threads) bad_worker = true;
                    while (const auto rows = next()) {
                        const auto [lo, hi] = *rows;
                        if (lo % block != 0 || hi - lo != std::min(block, n - lo)) bad_size = true;
                        for (std::size_t i = lo; i < hi; ++i) ++taken[i];
                    }
                });
                SCOPED_TRACE(std::to_string(n) + " rows, blocks of " + std::to_string(block) + ", " +
                             std::to_string(threads) + " threads");
                EXPECT_FALSE(bad_worker.load());
                EXPECT_FALSE(bad_size.load());
                EXPECT_EQ(std::count_if(taken.begin(), taken.end(), [](const auto& k) { return k.load() == 1; }),
                          static_cast<std::ptrdiff_t>(n));
            }
}

// A worker that starts late (a thread the machine holds back) finds its share taken by the others:
// worker 0 takes every block while worker 1 waits for it to end.
TEST(ParallelBlocks, AWorkerHeldBackLeavesItsBlocksToTheOthers) {
    std::atomic<bool> first_done{false};
    std::atomic<std::size_t> late_blocks{99}, first_blocks{0};
    anjian::parallel_blocks(1000, 2, 10, [&](unsigned worker, auto next) {
        std::size_t blocks = 0;
        if (worker == 1)
            while (!first_done) std::this_thread::yield();
        while (next()) ++blocks;
        (worker == 0 ? first_blocks : late_blocks) = blocks;
        if (worker == 0) first_done = true;
    });
    EXPECT_EQ(first_blocks.load(), 100u);
    EXPECT_EQ(late_blocks.load(), 0u);
}
