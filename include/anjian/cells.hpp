#pragma once
// Reading one cell as a count (a whole number >= 0) or an amount of money (yuan, whole fen, >= 0),
// with the reason it cannot be: one reading for every kernel that takes counts and amounts.

#include <anjian/money.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace anjian {

// A number as a person writes it: 2.5, 3, NaN named as an empty cell; the shortest text that reads back
// as the same double, so 1e-07 is not shown as 0 nor 1e+300 with 301 digits (as "%f" would).
inline std::string number_text(double x) {
    if (std::isnan(x)) return "NaN (an empty cell)";
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, x).ptr;
    return std::string(text, end);
}

// Why cell i (of an int64 column `i64` or a float64 column `f64`, exactly one set) is not a count
// (or with `money`, an amount in yuan), or "" with the count (or fen) in `out`. Integer money is
// whole yuan.
inline std::string refuse_cell(bool money, const std::int64_t* i64, const double* f64, std::size_t i,
                               std::int64_t& out) {
    if (i64) {
        const std::int64_t v = i64[i];
        if (v < 0) return "negative value " + std::to_string(v);
        if (money && v > std::numeric_limits<std::int64_t>::max() / 100) return "value too large: " + std::to_string(v);
        out = money ? v * 100 : v;
        return {};
    }
    const double x = f64[i];
    if (money) {
        const auto m = Money::from_yuan_double(x);
        if (std::isnan(x)) return "missing amount (NaN, an empty cell)";
        if (!m) return "amount " + number_text(x) + " is not a whole number of fen";
        if (m->fen() < 0) return "negative amount " + number_text(x);
        out = m->fen();
        return {};
    }
    if (std::isnan(x)) return "missing count (NaN, an empty cell)";
    if (x < 0) return "negative count " + number_text(x);
    const auto k = static_cast<std::int64_t>(x < 9.0e15 ? x : 0.5);
    if (static_cast<double>(k) != x) return "count " + number_text(x) + " is not a whole number";
    out = k;
    return {};
}

}  // namespace anjian
