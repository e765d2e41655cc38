#pragma once
// Loading accident-level rules (kind: accident_levels) from rule packs (compiled in anjian::rules).

#include <anjian/accident/levels.hpp>
#include <string>
#include <string_view>

namespace anjian::rules {

inline constexpr std::string_view default_accidents = "national/accidents";

// Each throws anjian::pack_error listing every problem (file, line, key path) at once.
accident::Rules parse_accidents(std::string_view text, const std::string& file);
accident::Rules accident_rules(std::string_view name_or_path = default_accidents);

}  // namespace anjian::rules
