// Validation of any pack file: its `kind` says which family's loader reads it.
#include <anjian/rules/accident.hpp>
#include <anjian/rules/catalog.hpp>
#include <anjian/rules/hazard.hpp>
#include <anjian/rules/penalty.hpp>
#include <anjian/rules/ranking.hpp>
#include <anjian/rules/triggers.hpp>
#include <anjian/rules/validate.hpp>

#include "header.hpp"
#include "reader.hpp"

namespace anjian::rules {
namespace {
constexpr std::string_view known_kinds =
    "indicator_catalog, ranking_config, penalty_table, penalty_general, discretion_benchmark, accident_levels, hazard_identification, "
    "hazard_standard, hazard_consequences, trigger_rules";
}

std::string pack_kind(std::string_view name_or_path) {
    const std::string text = has_builtin_pack(name_or_path) ? std::string(builtin_pack_text(name_or_path))
                                                            : detail::read_file(std::string(name_or_path));
    detail::Reader r{std::string(name_or_path)};
    const YAML::Node root = r.parse(text);
    if (!root.IsDefined()) r.raise_if_any();  // unreadable; a key given twice is one problem among the rest
    return detail::declared_kind(root);
}

PackInfo validate_file(const std::string& path) { return validate_text(detail::read_file(path), path); }

PackInfo validate(std::string_view name_or_path) {
    if (has_builtin_pack(name_or_path))
        return validate_text(std::string(builtin_pack_text(name_or_path)), std::string(name_or_path));
    return validate_file(std::string(name_or_path));
}

PackInfo validate_text(const std::string& text, const std::string& path) {
    detail::Reader r(path);
    const YAML::Node root = r.parse(text);
    if (!root.IsDefined()) r.raise_if_any();  // unreadable; a key given twice is one problem among the rest
    const std::string k = detail::declared_kind(root);
    const YAML::Node kind = root.IsMap() ? root["kind"] : YAML::Node();
    if (k == "indicator_catalog") return parse_catalog(text, path).pack;
    if (k == "ranking_config") return parse_ranking(text, path).pack;
    if (k == "penalty_table") return parse_penalties(text, path).pack;
    if (k == "penalty_general") return parse_penalty_general(text, path).pack;
    if (k == "accident_levels") return parse_accidents(text, path).pack;
    if (k == "hazard_identification") return parse_gb18218(text, path).pack;
    if (k == "trigger_rules") return parse_triggers(text, path).pack;
    if (k == "hazard_standard") return parse_hazard_standard(text, path).pack;
    if (k == "hazard_consequences") {
        parse_hazard_consequences(text, path);
        return detail::read_header(r, root, text, k, false);
    }
    if (k == "discretion_benchmark") {  // checked against the national statute it narrows
        penalty::Engine engine = penalty_engine();
        engine.add_discretion(parse_discretion(text, path));
        return engine.discretion().back().pack;
    }
    r.problem(kind ? kind : root, "kind",
              k.empty() ? "missing required key 'kind' (" + std::string(known_kinds) + ")"
                        : "unknown pack kind '" + k + "' (known: " + std::string(known_kinds) + ")");
    r.raise_if_any();
    return {};
}

}  // namespace anjian::rules
