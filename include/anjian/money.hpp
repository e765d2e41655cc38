#pragma once
// Exact money: a signed 64-bit count of fen (分, 0.01 yuan). Parsing and printing of
// yuan and 万元 (10,000 yuan) figures; arithmetic that refuses to overflow.

#include <anjian/error.hpp>
#include <bit>
#include <charconv>
#include <cmath>
#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace anjian {

// x rounded half to even to a whole number, read from the bits of x + 1.5 * 2^52: the sum's exponent is
// fixed there, so the whole number sits in its low bits. Exact for |x| < 2^51. Integer arithmetic only, so
// loops over it vectorize (SSE2 has no conversion of doubles to int64; nearbyint is a libm call).
inline constexpr double round_shift = 0x1.8p52;
inline std::int64_t round_below_2_51(double x) {
    return static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(x + round_shift) -
                                     std::bit_cast<std::uint64_t>(round_shift));
}

class Money {
public:
    constexpr Money() = default;
    static constexpr Money from_fen(std::int64_t fen) { return Money(fen); }
    static Money from_yuan(std::int64_t yuan) { return Money(checked_mul(yuan, 100)); }

    // A floating yuan figure as it comes from a spreadsheet cell. Exact only when the value is a
    // whole number of fen up to binary rounding (1234.56 is; 0.125 is not): otherwise nullopt.
    static std::optional<Money> from_yuan_double(double yuan) {
        std::int64_t fen = 0;
        if (!fen_of_yuan(yuan, fen)) return std::nullopt;
        return Money(fen);
    }

    // The branch-free core of from_yuan_double, for column kernels: false for NaN, infinities,
    // amounts beyond exact doubles and amounts more than binary rounding away from a whole fen.
    static bool fen_of_yuan(double yuan, std::int64_t& fen) {
        const double scaled = yuan * 100.0;
        const double rounded = (scaled + round_shift) - round_shift;  // exact for |scaled| < 2^51
        const double size = std::fabs(scaled);
        const bool ok = (size < 9.0e15) & (std::fabs(scaled - rounded) <= fen_tolerance(size));
        fen = static_cast<std::int64_t>(ok ? rounded : 0.0);
        return ok;
    }

    // fen_of_yuan of n amounts into `fen`, their OR into `bits`, in a loop that vectorizes; true when every
    // amount is a non-negative whole number of fen under 2^51 fen, where it reads the fen fen_of_yuan reads.
    // False: read them again with fen_of_yuan (an amount refused, -0.0, or 2^51 fen and more).
    static bool fen_of_yuan_many(const double* yuan, std::size_t n, std::int64_t* fen, std::int64_t& bits) {
        constexpr auto limit_bits = std::bit_cast<std::int64_t>(0x1p51);
        const auto bits_of = [](double x) { return std::bit_cast<std::int64_t>(x); };
        std::uint64_t refused = 0;  // its sign bit: some amount refused
        std::int64_t seen = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const double scaled = yuan[i] * 100.0;
            const double size = std::fabs(scaled);
            const double off = std::fabs(scaled - ((scaled + round_shift) - round_shift));
            // Tested on bits, as double comparisons stop the vectorizer: non-negative doubles (NaN above
            // infinity) order as their bits do, so each difference is negative where its test fails.
            refused |= static_cast<std::uint64_t>(bits_of(fen_tolerance(size)) - bits_of(off));  // off <= tolerance
            refused |= static_cast<std::uint64_t>(limit_bits - 1 - bits_of(size));               // size < 2^51
            refused |= static_cast<std::uint64_t>(bits_of(yuan[i]));  // the sign bit (-0.0 is read again, as 0)
            fen[i] = round_below_2_51(scaled);
            seen |= fen[i];
        }
        if (static_cast<std::int64_t>(refused) < 0) return false;
        bits |= seen;
        return true;
    }

    // "1234.56", "-3", "1,234.5", "966.078万", "966.078万元", "12元": exact or an error.
    static Money parse(std::string_view text) {
        std::string_view t = text;
        int scale_digits = 2;  // decimal places that still land on a whole fen
        std::int64_t unit = 1;
        auto strip = [&t](std::string_view suffix) {
            if (t.size() >= suffix.size() && t.substr(t.size() - suffix.size()) == suffix) {
                t.remove_suffix(suffix.size());
                return true;
            }
            return false;
        };
        while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
        while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
        strip("元");
        if (strip("万")) {
            unit = 10000;
            scale_digits = 6;
        }
        bool negative = false;
        if (!t.empty() && (t.front() == '-' || t.front() == '+')) {
            negative = t.front() == '-';
            t.remove_prefix(1);
        }
        std::int64_t whole = 0, frac = 0;
        int frac_digits = 0;
        bool seen_digit = false, seen_point = false;
        for (const char c : t) {
            if (c == ',' && !seen_point) continue;
            if (c == '.' && !seen_point) {
                seen_point = true;
                continue;
            }
            if (c < '0' || c > '9') throw error("not a money amount: '" + std::string(text) + "'");
            seen_digit = true;
            if (seen_point) {
                if (frac_digits == scale_digits) {
                    if (c != '0') throw error("money '" + std::string(text) + "' is not a whole number of fen");
                    continue;
                }
                frac = frac * 10 + (c - '0');
                ++frac_digits;
            } else {
                whole = checked_add(checked_mul(whole, 10), c - '0');
            }
        }
        if (!seen_digit) throw error("not a money amount: '" + std::string(text) + "'");
        while (frac_digits < scale_digits) {
            frac *= 10;
            ++frac_digits;
        }
        // The last kept decimal of yuan (2nd) or of 万元 (6th) is one fen, so frac is already fen.
        const std::int64_t fen = checked_add(checked_mul(checked_mul(whole, unit), 100), frac);
        return Money(negative ? -fen : fen);
    }

    constexpr std::int64_t fen() const { return fen_; }

    // "1234.56", "-0.05", "12" (no decimals when whole): the form Decimal() and spreadsheets read.
    std::string yuan_str() const {
        char text[yuan_chars];
        return std::string(text, write_yuan(text));
    }
    // yuan_str() written into `text` (yuan_chars long at least), its end returned: made in place,
    // without the strings joined, for the trace of every decision.
    static constexpr std::size_t yuan_chars = 24;  // "-92233720368547758.08"
    char* write_yuan(char* text) const {
        const bool neg = fen_ < 0;
        const std::uint64_t abs = neg ? 0 - static_cast<std::uint64_t>(fen_) : static_cast<std::uint64_t>(fen_);
        char* end = text;
        if (neg) *end++ = '-';
        end = std::to_chars(end, text + yuan_chars, abs / 100).ptr;
        if (const auto cents = static_cast<unsigned>(abs % 100)) {
            *end++ = '.';
            *end++ = static_cast<char>('0' + cents / 10);
            if (cents % 10 != 0) *end++ = static_cast<char>('0' + cents % 10);
        }
        return end;
    }

    // This amount times numerator/denominator, rounded half away from zero to a multiple of `unit`
    // (one fen by default; 100 fen for whole yuan). The one place anjian rounds money: income
    // shares, multiples of 违法所得, positions in a range, surcharges and recommended amounts.
    Money scaled(std::int64_t numerator, std::int64_t denominator, Money unit = Money(1)) const {
        if (denominator <= 0 || unit.fen_ <= 0) throw error("money scaled by a non-positive denominator or unit");
        __extension__ typedef __int128 wide;  // fen × numerator outgrows 64 bits
        const wide n = static_cast<wide>(fen_) * numerator;
        const wide d = static_cast<wide>(denominator) * unit.fen_;
        const wide q = (n < 0 ? n - d / 2 : n + d / 2) / d;
        const wide fen = q * unit.fen_;
        if (fen > std::numeric_limits<std::int64_t>::max() || fen < std::numeric_limits<std::int64_t>::min())
            throw error("money amount overflows 64-bit fen");
        return Money(static_cast<std::int64_t>(fen));
    }

    friend constexpr auto operator<=>(Money, Money) = default;
    friend Money operator+(Money a, Money b) { return Money(checked_add(a.fen_, b.fen_)); }
    friend Money operator-(Money a, Money b) { return Money(checked_add(a.fen_, -b.fen_)); }
    friend Money operator*(Money a, std::int64_t k) { return Money(checked_mul(a.fen_, k)); }
    Money& operator+=(Money b) { return *this = *this + b; }

    static std::int64_t checked_add(std::int64_t a, std::int64_t b) {
        std::int64_t r = 0;
        if (__builtin_add_overflow(a, b, &r)) throw error("money amount overflows 64-bit fen");
        return r;
    }
    static std::int64_t checked_mul(std::int64_t a, std::int64_t b) {
        std::int64_t r = 0;
        if (__builtin_mul_overflow(a, b, &r)) throw error("money amount overflows 64-bit fen");
        return r;
    }

private:
    // How far from a whole fen x * 100 may lie (|x * 100| = size) and still be read as it: binary rounding
    // of x * 100 stays far below this; half a fen or more does not. (A comparison, not std::fmax: that is
    // a libm call.)
    static double fen_tolerance(double size) { return size * 1e-14 > 1e-6 ? size * 1e-14 : 1e-6; }
    constexpr explicit Money(std::int64_t fen) : fen_(fen) {}
    std::int64_t fen_ = 0;
};

}  // namespace anjian
