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
