#pragma once
// Reporting periods: month, quarter, half, year, year-to-date and arbitrary
// ranges, on Boost.Date_Time. Both ends are inclusive dates.

#include <algorithm>
#include <anjian/error.hpp>
#include <boost/date_time/gregorian/gregorian_types.hpp>
#include <charconv>
#include <compare>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <tuple>
#include <vector>

namespace anjian {

using date = boost::gregorian::date;

// Days since 1970-01-01, the day numbers dates cross the language boundary as (numpy datetime64[D]).
inline const date& day_number_epoch() {  // law-in-code: the epoch, not a legal date
    static const date epoch(1970, 1, 1);    // made once: day numbers are converted in hot loops
    return epoch;
}
inline std::int64_t day_number(const date& d) { return (d - day_number_epoch()).days(); }
inline date from_day_number(std::int64_t n) { return day_number_epoch() + boost::gregorian::date_duration(n); }

// d + n months: the corresponding day, or the month's last day when it has none (2024-08-31 + 6
// months = 2025-02-28; 2024-02-29 + 12 = 2025-02-28). Not boost's month arithmetic, which snaps
// month-ends to month-ends. Time limits in months and years are counted this way.
inline date add_months(const date& d, int n) {
    const int months = static_cast<int>(d.year()) * 12 + static_cast<int>(d.month()) - 1 + n;
    const auto year = static_cast<unsigned short>(months / 12);
    const auto month = static_cast<unsigned short>(months % 12 + 1);
    const unsigned short last = boost::gregorian::gregorian_calendar::end_of_month_day(year, month);
    return date(year, month, std::min<unsigned short>(d.day(), last));
}

// Months counted from year 0: year * 12 + (month - 1). The key used for monthly grouping.
constexpr std::int32_t month_ordinal(int year, int month) { return year * 12 + (month - 1); }
inline std::int32_t month_ordinal(const date& d) { return month_ordinal(d.year(), d.month()); }

// Days since 1970-01-01 -> month ordinal, without building a date (H. Hinnant's civil_from_days).
constexpr std::int32_t month_ordinal_from_days(std::int64_t days) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const std::int64_t doe = days - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    return static_cast<std::int32_t>(year * 12 + month - 1);
}

// Days since 1970-01-01 of a tick counted in `per_day` ticks a day, rounded down (before 1970 too).
template <class PerDay>
constexpr std::int64_t floor_days(std::int64_t tick, PerDay per_day) {
    const std::int64_t q = tick / per_day;
    return q - (tick % per_day != 0 && tick < 0);
}

// f(per_day) with the resolutions numpy and Arrow use (ns, us, ms, s, days) as compile-time
// constants, so that floor_days divides by multiplying; any other resolution as it is.
template <class F>
decltype(auto) with_ticks_per_day(std::int64_t ticks_per_day, F&& f) {
    switch (ticks_per_day) {
        case 86'400'000'000'000: return f(std::integral_constant<std::int64_t, 86'400'000'000'000>{});
        case 86'400'000'000: return f(std::integral_constant<std::int64_t, 86'400'000'000>{});
        case 86'400'000: return f(std::integral_constant<std::int64_t, 86'400'000>{});
        case 86'400: return f(std::integral_constant<std::int64_t, 86'400>{});
        case 1: return f(std::integral_constant<std::int64_t, 1>{});
        default: return f(ticks_per_day);
    }
}

inline std::string month_label(std::int32_t ordinal) {
    const int y = ordinal / 12, m = ordinal % 12 + 1;
    std::string out = std::to_string(y) + "-";
    if (m < 10) out += '0';
    return out + std::to_string(m);
}

// "2024-08-31"; a date that is none (not_a_date_time, as a date a pack failed to give) reads
// "no date" rather than throwing from Boost.
inline std::string to_iso(const date& d) {
    if (d.is_special()) return "no date";
    // Written digit by digit, not by snprintf: a decision's trace names several dates, and
    // formatting them was a tenth of its time. Boost's years are 1400..9999: four digits.
    const auto ymd = d.year_month_day();
    const int y = ymd.year, m = ymd.month, day = ymd.day;
    const char text[10] = {static_cast<char>('0' + y / 1000),     static_cast<char>('0' + y / 100 % 10),
                           static_cast<char>('0' + y / 10 % 10),  static_cast<char>('0' + y % 10),
                           '-',
                           static_cast<char>('0' + m / 10),       static_cast<char>('0' + m % 10),
                           '-',
                           static_cast<char>('0' + day / 10),     static_cast<char>('0' + day % 10)};
    return std::string(text, sizeof text);
}

class Period {
public:
    enum class Kind : std::uint8_t { month, quarter, half, year, ytd, range };

    static Period month(int year, int month) {
        check_year(year);
        check_in(month, 1, 12, "month");
        return {Kind::month, date(ys(year), us(month), 1), end_of_month(year, month)};
    }
    static Period quarter(int year, int quarter) {
        check_year(year);
        check_in(quarter, 1, 4, "quarter");
        return {Kind::quarter, date(ys(year), us(3 * quarter - 2), 1), end_of_month(year, 3 * quarter)};
    }
    static Period half(int year, int half) {
        check_year(year);
        check_in(half, 1, 2, "half");
        return {Kind::half, date(ys(year), us(6 * half - 5), 1), end_of_month(year, 6 * half)};
    }
    static Period year(int year) {
        check_year(year);
        return {Kind::year, date(ys(year), 1, 1), date(ys(year), 12, 31)};
    }
    // Year to date: 1 January through the end of `month`.
    static Period ytd(int year, int month) {
        check_year(year);
        check_in(month, 1, 12, "month");
        return {Kind::ytd, date(ys(year), 1, 1), end_of_month(year, month)};
    }
    static Period between(const date& first, const date& last) {
        if (first.is_special() || last.is_special()) throw error("Period.between needs two real dates");
        if (last < first) throw error("Period.between: end " + iso(last) + " is before start " + iso(first));
        return {Kind::range, first, last};
    }

    // "2024-08", "2024-Q3", "2024-H2", "2024", "2024-01..2024-08" (year to date when it starts in
    // January and ends in the same year), "2024-03..2024-05", "2024-01-05..2024-02-10".
    static Period parse(std::string_view text) {
        const std::string_view t = trim(text);
        if (const auto dots = t.find(".."); dots != std::string_view::npos) {
            const auto a = t.substr(0, dots), b = t.substr(dots + 2);
            const date first = parse_endpoint(a, text, true), last = parse_endpoint(b, text, false);
            if (a.size() == 7 && b.size() == 7 && first.month() == 1 && first.year() == last.year())
                return ytd(last.year(), last.month());
            if (last < first) throw error("Period.parse('" + std::string(text) + "'): end is before start");
            return between(first, last);
        }
        int y = 0;
        if (t.size() == 4 && parse_int(t, y)) return year(y);
        if (t.size() == 7 && t[4] == '-' && parse_int(t.substr(0, 4), y)) {
            int n = 0;
            const char c = t[5];
            if ((c == 'Q' || c == 'q') && parse_int(t.substr(6), n)) return quarter(y, n);
            if ((c == 'H' || c == 'h') && parse_int(t.substr(6), n)) return half(y, n);
            if (parse_int(t.substr(5), n)) return month(y, n);
        }
        throw error("cannot read period '" + std::string(text) +
                    "': expected YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY, or START..END of months or dates");
    }

    Kind kind() const { return kind_; }
    const date& start() const { return start_; }
    const date& end() const { return end_; }
    int days() const { return static_cast<int>((end_ - start_).days()) + 1; }
    bool contains(const date& d) const { return start_ <= d && d <= end_; }
    // Whole calendar months only: monthly reports can be summed over it exactly.
    bool month_aligned() const { return start_.day() == 1 && end_ == end_of_month(end_.year(), end_.month()); }
    std::int32_t first_month() const { return month_ordinal(start_); }
    std::int32_t last_month() const { return month_ordinal(end_); }

    // The period of the same kind just before (环比). A year to date steps back one month
    // (Jan..Aug -> Jan..Jul; Jan..Jan -> the whole previous year); a range steps back its own length.
    Period previous() const {
        const int y = start_.year();
        switch (kind_) {
            case Kind::month:
                return start_.month() == 1 ? month(y - 1, 12) : month(y, start_.month() - 1);
            case Kind::quarter: {
                const int q = (start_.month() + 2) / 3;
                return q == 1 ? quarter(y - 1, 4) : quarter(y, q - 1);
            }
            case Kind::half:
                return start_.month() == 1 ? half(y - 1, 2) : half(y, 1);
            case Kind::year:
                return year(y - 1);
            case Kind::ytd:
                return end_.month() == 1 ? ytd(y - 1, 12) : ytd(y, end_.month() - 1);
            case Kind::range:
                break;
        }
        const auto length = end_ - start_ + boost::gregorian::date_duration(1);
        return between(start_ - length, start_ - boost::gregorian::date_duration(1));
    }

    // The same period one year earlier (同比). For a range, 29 February becomes 28 February.
    Period year_ago() const {
        const int y = start_.year() - 1;
        switch (kind_) {
            case Kind::month:
                return month(y, start_.month());
            case Kind::quarter:
                return quarter(y, (start_.month() + 2) / 3);
            case Kind::half:
                return half(y, start_.month() == 1 ? 1 : 2);
            case Kind::year:
                return year(y);
            case Kind::ytd:
                return ytd(y, end_.month());
            case Kind::range:
                break;
        }
        return between(shift_year(start_), shift_year(end_));
    }

    std::string str() const {
        const std::string y = std::to_string(start_.year());
        switch (kind_) {
            case Kind::month:
                return month_label(first_month());
            case Kind::quarter:
                return y + "-Q" + std::to_string((start_.month() + 2) / 3);
            case Kind::half:
                return y + "-H" + (start_.month() == 1 ? "1" : "2");
            case Kind::year:
                return y;
            case Kind::ytd:
                return month_label(first_month()) + ".." + month_label(last_month());
            case Kind::range:
                break;
        }
        return iso(start_) + ".." + iso(end_);
    }

    friend bool operator==(const Period& a, const Period& b) {
        return a.kind_ == b.kind_ && a.start_ == b.start_ && a.end_ == b.end_;
    }
    // Ordered by start, then end, then kind: sorting a list of periods puts them on the calendar.
    friend bool operator<(const Period& a, const Period& b) {
        return std::tie(a.start_, a.end_, a.kind_) < std::tie(b.start_, b.end_, b.kind_);
    }

    std::size_t hash() const {
        const auto day = [](const date& d) { return static_cast<std::size_t>(d.day_number()); };
        return (day(start_) * 1000003u) ^ (day(end_) << 8) ^ static_cast<std::size_t>(kind_);
    }

    static std::string iso(const date& d) { return to_iso(d); }

    // "YYYY-MM-DD", checked (no 30 February); throws anjian::error otherwise.
    static date parse_date(std::string_view s) { return parse_endpoint(s, s, true, false); }

private:
    Period(Kind kind, date start, date end) : kind_(kind), start_(start), end_(end) {}

    static unsigned short ys(int year) { return static_cast<unsigned short>(year); }
    static unsigned short us(int v) { return static_cast<unsigned short>(v); }
    static void check_in(int v, int lo, int hi, const char* what) {
        if (v < lo || v > hi)
            throw error(std::string(what) + " must be " + std::to_string(lo) + ".." + std::to_string(hi) + ", got " +
                        std::to_string(v));
    }
    // Boost.Date_Time covers 1400..9999; one year of margin keeps previous()/year_ago() inside it.
    static void check_year(int year) { check_in(year, 1401, 9999, "year"); }
    static date end_of_month(int year, int month) {
        return date(ys(year), us(month), boost::gregorian::gregorian_calendar::end_of_month_day(ys(year), us(month)));
    }
    static date shift_year(const date& d) {
        const int y = d.year() - 1;
        const auto last = boost::gregorian::gregorian_calendar::end_of_month_day(ys(y), d.month());
        return date(ys(y), d.month(), static_cast<unsigned short>(std::min<unsigned>(d.day(), last)));
    }
    static std::string_view trim(std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
        return s;
    }
    static bool parse_int(std::string_view s, int& out) {
        if (s.empty()) return false;
        const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        return ec == std::errc() && p == s.data() + s.size();
    }
    // One end of "A..B": YYYY-MM (its first or last day) or YYYY-MM-DD.
    static date parse_endpoint(std::string_view s, std::string_view whole, bool first, bool months = true) {
        int y = 0, m = 0, d = 0;
        if (months && s.size() == 7 && s[4] == '-' && parse_int(s.substr(0, 4), y) && parse_int(s.substr(5, 2), m)) {
            const Period p = month(y, m);
            return first ? p.start() : p.end();
        }
        if (s.size() == 10 && s[4] == '-' && s[7] == '-' && parse_int(s.substr(0, 4), y) &&
            parse_int(s.substr(5, 2), m) && parse_int(s.substr(8, 2), d)) {
            check_year(y);
            check_in(m, 1, 12, "month");
            if (d < 1 || d > boost::gregorian::gregorian_calendar::end_of_month_day(ys(y), us(m)))
                throw error("no such day: '" + std::string(s) + "' in '" + std::string(whole) + "'");
            return date(ys(y), us(m), us(d));
        }
        throw error(months ? "cannot read period '" + std::string(whole) + "': '" + std::string(s) +
                                 "' is neither YYYY-MM nor YYYY-MM-DD"
                           : "'" + std::string(s) + "' is not a date YYYY-MM-DD");
    }

    Kind kind_;
    date start_, end_;
};

}  // namespace anjian

template <>
struct std::hash<anjian::Period> {
    std::size_t operator()(const anjian::Period& p) const noexcept { return p.hash(); }
};
