#pragma once
// Loading indicator catalogues from rule packs (compiled in anjian::rules).

#include <anjian/indicators/catalog.hpp>
#include <anjian/rules/pack.hpp>
#include <string>
#include <string_view>

namespace anjian::rules {

inline constexpr std::string_view default_catalog = "national/indicators";

// Each throws anjian::pack_error listing every problem (file, line, key path) at once.
indicators::Catalog parse_catalog(std::string_view text, const std::string& file);
indicators::Catalog load_catalog(const std::string& path);
indicators::Catalog builtin_catalog(std::string_view name = default_catalog);

// A built-in pack name ("national/indicators") or a file path.
indicators::Catalog catalog(std::string_view name_or_path = default_catalog);

}  // namespace anjian::rules
