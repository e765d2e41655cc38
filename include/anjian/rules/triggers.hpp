#pragma once
// Loading trigger rules (kind: trigger_rules) from rule packs (compiled in anjian::rules).

#include <anjian/triggers/rules.hpp>
#include <string>
#include <string_view>

namespace anjian::rules {

inline constexpr std::string_view default_triggers = "national/triggers";

// Each throws anjian::pack_error listing every problem (file, line, key path) at once.
triggers::RuleSet parse_triggers(std::string_view text, const std::string& file);
triggers::RuleSet trigger_rules(std::string_view name_or_path = default_triggers);

}  // namespace anjian::rules
