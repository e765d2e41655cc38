#pragma once
// Loading GB 18218 tables (kind: hazard_identification) from rule packs (compiled in anjian::rules).

#include <anjian/hazard/identify.hpp>
#include <string>
#include <string_view>

namespace anjian::rules {

inline constexpr std::string_view default_gb18218 = "national/gb18218";

// Each throws anjian::pack_error listing every problem (file, line, key path) at once.
hazard::Table parse_gb18218(std::string_view text, const std::string& file);
hazard::Table gb18218(std::string_view name_or_path = default_gb18218);

}  // namespace anjian::rules

#include <anjian/hazard/standard.hpp>
#include <vector>

namespace anjian::rules {

// 重大事故隐患判定标准 packs (kind: hazard_standard). Consequences name entries of the built-in
// national/hazard_consequences pack.
hazard::Standard parse_hazard_standard(std::string_view text, const std::string& file);
hazard::Standard hazard_standard(std::string_view name_or_path);

// Every built-in standard, and the one for an industry in force on a date (an error listing the
// industries and periods there are, when none is).
const std::vector<hazard::Standard>& builtin_hazard_standards();
const hazard::Standard& hazard_standard_for(std::string_view industry, const date& day);

std::vector<hazard::Consequence> parse_hazard_consequences(std::string_view text, const std::string& file);

}  // namespace anjian::rules
