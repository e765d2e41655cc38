#pragma once
// Loading penalty tables from rule packs (compiled in anjian::rules).

#include <anjian/penalty/discretion.hpp>
#include <anjian/penalty/engine.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace anjian::rules {

inline constexpr std::string_view default_penalties = "national/penalties";
inline constexpr std::string_view default_penalty_general = "national/penalty_general";

// Each throws anjian::pack_error listing every problem (file, line, key path) at once.
penalty::Table parse_penalties(std::string_view text, const std::string& file);
penalty::Table load_penalties(const std::string& path);
penalty::Table builtin_penalties(std::string_view name = default_penalties);
penalty::Table penalties(std::string_view name_or_path = default_penalties);

// Discretion benchmark overlays (kind: discretion_benchmark): a built-in name or a file.
penalty::DiscretionPack parse_discretion(std::string_view text, const std::string& file);
penalty::DiscretionPack discretion(std::string_view name_or_path);

// The general part of administrative penalty law (kind: penalty_general): a built-in name or a file.
penalty::General parse_penalty_general(std::string_view text, const std::string& file);
penalty::General penalty_general(std::string_view name_or_path = default_penalty_general);

// The engine over the built-in national table and general part.
inline penalty::Engine penalty_engine() { return penalty::Engine(penalties(), penalty_general()); }

// The national engine, then `packs` in order (built-in names or files): penalty tables add
// provisions, discretion benchmarks narrow ranges, a penalty_general pack replaces the general part;
// a pack of any other kind is refused by name.
penalty::Engine penalty_engine(const std::vector<std::string>& packs);

}  // namespace anjian::rules
