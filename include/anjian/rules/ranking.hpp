#pragma once
// Loading ranking configurations from rule packs (compiled in anjian::rules).

#include <anjian/ranking/config.hpp>
#include <string>
#include <string_view>

namespace anjian::rules {

inline constexpr std::string_view default_ranking = "national/ranking";

// Each throws anjian::pack_error listing every problem (file, line, key path) at once.
ranking::Config parse_ranking(std::string_view text, const std::string& file);
ranking::Config load_ranking(const std::string& path);
ranking::Config builtin_ranking(std::string_view name = default_ranking);
ranking::Config ranking_config(std::string_view name_or_path = default_ranking);

}  // namespace anjian::rules
