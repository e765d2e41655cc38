#pragma once
// The indicator catalogue: base fields that units report, and the indicators derived
// from their sums. It is data (a rule pack); anjian::rules::load_catalog builds it.

#include <anjian/error.hpp>
#include <anjian/indicators/formula.hpp>
#include <anjian/rules/pack.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace anjian::indicators {

enum class FieldKind : std::uint8_t { count, money };  // money: exact, in fen
enum class Aggregation : std::uint8_t { sum, mean };   // over the months of a period
enum class Direction : std::int8_t { lower = -1, higher = +1 };

inline const char* to_string(FieldKind k) { return k == FieldKind::money ? "money" : "count"; }
inline const char* to_string(Aggregation a) { return a == Aggregation::mean ? "mean" : "sum"; }

struct BaseField {
    std::string code;     // "hazards_found"
    std::string name_zh;               // "发现隐患数"
    std::vector<std::string> aliases;  // other headers returns use for it ("排查隐患数")
    std::string unit;                  // "项", "元"
    FieldKind kind = FieldKind::count;
    Aggregation aggregation = Aggregation::sum;  // mean: a stock such as officers on strength
    std::string description;
    std::string source;
    bool verified = true;
};

struct Indicator {
    std::string code;     // "filing_rate"
    std::string name_zh;  // "立案率"
    std::string unit;     // "ratio", "项", "元"
    Direction direction = Direction::higher;
    Formula formula;
    std::vector<int> field_index;  // catalogue field index of each formula.fields()[k]
    std::string kind;              // "count" | "money" (a bare field) | "ratio" | "value"
    std::string description;
    std::string source;
    bool verified = true;
    std::optional<rules::Effective> effective;  // none: part of the catalogue at all dates
    bool in_force(const date& d) const { return !effective || effective->contains(d); }
};

// Within one row of reports or events, `lesser` may not exceed `greater`
// (a unit cannot find more major hazards than hazards).
struct RowCheck {
    std::string lesser, greater, source;
    int lesser_index = -1, greater_index = -1;
};

class Catalog {
public:
    rules::PackInfo pack;
    std::vector<BaseField> fields;
    std::vector<Indicator> indicators;
    std::vector<RowCheck> checks;

    int field_index(std::string_view code) const {
        for (std::size_t i = 0; i < fields.size(); ++i)
            if (fields[i].code == code) return static_cast<int>(i);
        return -1;
    }
    int indicator_index(std::string_view code) const {
        for (std::size_t i = 0; i < indicators.size(); ++i)
            if (indicators[i].code == code) return static_cast<int>(i);
        return -1;
    }
    const Indicator& indicator(std::string_view code) const {
        const int i = indicator_index(code);
        if (i < 0)
            throw error("no indicator '" + std::string(code) + "' in catalogue " + pack.name +
                        " (has: " + codes_joined() + ")");
        return indicators[static_cast<std::size_t>(i)];
    }
    std::vector<std::string> codes() const {
        std::vector<std::string> out;
        for (const auto& ind : indicators) out.push_back(ind.code);
        return out;
    }

private:
    std::string codes_joined() const {
        std::string out;
        for (const auto& ind : indicators) out += (out.empty() ? "" : ", ") + ind.code;
        return out;
    }
};

}  // namespace anjian::indicators
