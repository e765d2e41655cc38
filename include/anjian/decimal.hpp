#pragma once
// Exact decimals read from text: "0.75" tonnes, "1.5" as a β factor. Binary floating point
// cannot hold 0.3 exactly, and S >= 1 or R >= 100 must not depend on rounding.

#include <cstdint>
#include <optional>
#include <string_view>

namespace anjian {

// "12", "0.75", "-3.5", "+2." as an integer count of 10^-places; nullopt when the text is not a
// plain decimal, has more than `places` decimals, or does not fit in int64.
inline std::optional<std::int64_t> scaled_decimal(std::string_view text, int places) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    constexpr std::int64_t limit = INT64_MAX / 10;
    std::int64_t value = 0;
    int decimals = -1;  // -1: before the point
    bool digits = false;
    for (const char c : text) {
        if (c == '.' && decimals < 0) {
            decimals = 0;
            continue;
        }
        if (c < '0' || c > '9') return std::nullopt;
        if (decimals >= 0 && ++decimals > places) {
            if (c != '0') return std::nullopt;  // 0.7500 is still 0.75
            continue;
        }
        if (value > limit) return std::nullopt;
        value = value * 10 + (c - '0');
        digits = true;
    }
    if (!digits) return std::nullopt;
    for (int d = decimals < 0 ? 0 : (decimals > places ? places : decimals); d < places; ++d) {
        if (value > limit) return std::nullopt;
        value *= 10;
    }
    return negative ? -value : value;
}

}  // namespace anjian
