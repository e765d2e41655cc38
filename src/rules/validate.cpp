// Validation of any pack file: its `kind` says which family's loader reads it.
#include <anjian/rules/catalog.hpp>
#include <anjian/rules/penalty.hpp>
#include <anjian/rules/ranking.hpp>
#include <anjian/rules/validate.hpp>

#include "reader.hpp"

namespace anjian::rules {

PackInfo validate_file(const std::string& path) {
    const std::string text = detail::read_file(path);
    detail::Reader r(path);
    const YAML::Node root = r.parse(text);
    r.raise_if_any();
    const YAML::Node kind = root.IsMap() ? root["kind"] : YAML::Node();
    const std::string k = kind && kind.IsScalar() ? kind.Scalar() : "";
    if (k == "indicator_catalog") return parse_catalog(text, path).pack;
    if (k == "ranking_config") return parse_ranking(text, path).pack;
    if (k == "penalty_table") return parse_penalties(text, path).pack;
    r.problem(kind ? kind : root, "kind",
              k.empty() ? "missing required key 'kind' (indicator_catalog, ranking_config, penalty_table)"
                        : "unknown pack kind '" + k + "' (known: indicator_catalog, ranking_config, penalty_table)");
    r.raise_if_any();
    return {};
}

}  // namespace anjian::rules
