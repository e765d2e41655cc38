// Accident-level rules (国务院令第493号) from rule packs.
#include <anjian/rules/accident.hpp>

#include "family.hpp"
#include "header.hpp"
#include "reader.hpp"

namespace anjian::rules {
namespace {

using accident::Rules;

void read_bounds(detail::Reader& r, const YAML::Node& b, Rules& out) {
    if (!b)
        return r.problem(YAML::Node(), "bounds", "missing required key 'bounds' (how the article reads its bounds)");
    if (!r.expect_map(b, "bounds")) return;
    r.only_keys(b, "bounds", {"lower", "upper", "source"});
    const auto lower = r.choice(b, "lower", "bounds", true, {"inclusive", "exclusive"});
    const auto upper = r.choice(b, "upper", "bounds", true, {"inclusive", "exclusive"});
    out.bounds_source = r.text(b, "source", "bounds", true).value_or("");
    out.lower_inclusive = lower.value_or("inclusive") == "inclusive";
    // The levels tile the axis: one level's upper bound is the next one's lower bound.
    if (lower && upper && *lower == *upper)
        r.problem(b, "bounds",
                  "lower '" + *lower + "' and upper '" + *upper +
                      "' leave the bound itself in two levels or in none: one must be inclusive, the other exclusive");
}

void read_criteria(detail::Reader& r, const YAML::Node& node, Rules& out) {
    if (!node) return r.problem(YAML::Node(), "criteria", "missing required key 'criteria'");
    if (!r.expect_map(node, "criteria")) return;
    r.only_keys(node, "criteria", {accident::criterion_codes.begin(), accident::criterion_codes.end()});
    for (std::size_t c = 0; c < 3; ++c) {
        const std::string path = std::string("criteria.") + accident::criterion_codes[c];
        const YAML::Node f = node[accident::criterion_codes[c]];
        if (!f) {
            r.problem(node, path, std::string("missing criterion '") + accident::criterion_codes[c] + "'");
            continue;
        }
        if (!r.expect_map(f, path)) continue;
        r.only_keys(f, path, {"name_zh", "larger", "major", "especially_major"});
        out.criterion_zh[c] = r.text(f, "name_zh", path, true).value_or("");
        for (std::size_t k = 0; k < 3; ++k) {
            const char* key = accident::level_codes[k + 1];
            const YAML::Node v = f[key];
            if (!v) {
                r.problem(f, path + "." + key, std::string("missing required key '") + key + "'");
                continue;
            }
            if (c == 2) {
                out.lower[c][k] = r.money(v, path + "." + key).value_or(Money()).fen();
            } else if (const auto n = r.count(f, key, path)) {
                out.lower[c][k] = *n;
            }
            if (k > 0 && out.lower[c][k] <= out.lower[c][k - 1])
                r.problem(v, path + "." + key, "thresholds must increase from larger to especially_major");
        }
    }
}

void read_levels(detail::Reader& r, const YAML::Node& node, const YAML::Node& chain, Rules& out) {
    if (!chain || !chain.IsSequence() || chain.size() == 0)
        r.problem(chain ? chain : YAML::Node(), "chain", "expected a list of the offices a report climbs");
    else
        for (std::size_t i = 0; i < chain.size(); ++i)
            if (chain[i].IsScalar())
                out.chain.push_back(chain[i].Scalar());
            else
                r.problem(chain[i], "chain[" + std::to_string(i) + "]", "expected an office name");
    if (!node) return r.problem(YAML::Node(), "levels", "missing required key 'levels'");
    if (!r.expect_map(node, "levels")) return;
    r.only_keys(node, "levels", {accident::level_codes.begin(), accident::level_codes.end()});
    for (std::size_t k = 0; k < 4; ++k) {
        const std::string path = std::string("levels.") + accident::level_codes[k];
        const YAML::Node l = node[accident::level_codes[k]];
        if (!l) {
            r.problem(node, path, std::string("missing level '") + accident::level_codes[k] + "'");
            continue;
        }
        if (!r.expect_map(l, path)) continue;
        r.only_keys(l, path, {"name_zh", "investigated_by", "reported_up_to"});
        auto& info = out.levels[k];
        info.name_zh = r.text(l, "name_zh", path, true).value_or("");
        info.investigated_by = r.text(l, "investigated_by", path, true).value_or("");
        info.reported_up_to = r.count(l, "reported_up_to", path).value_or(0);
        if (!out.chain.empty() && info.reported_up_to >= static_cast<int>(out.chain.size()))
            r.problem(l["reported_up_to"], path + ".reported_up_to",
                      "no office " + std::to_string(info.reported_up_to) + " in 'chain' (it has " +
                          std::to_string(out.chain.size()) + ")");
    }
}

void read_reporting(detail::Reader& r, const YAML::Node& node, accident::Reporting& out) {
    if (!node) return r.problem(YAML::Node(), "reporting", "missing required key 'reporting'");
    if (!r.expect_map(node, "reporting")) return;
    const std::string path = "reporting";
    r.only_keys(
        node, path,
        {"unit_to_authority_minutes", "per_escalation_minutes", "regrade_days", "regrade_days_short",
         "short_window_types", "investigation_report_days", "investigation_extension_days", "source", "counting"});
    const auto need = [&](std::string_view key, int& into) {
        if (const auto n = r.count(node, key, path))
            into = *n;
        else if (!node[std::string(key)])
            r.problem(node, detail::Reader::join(path, key), "missing required key '" + std::string(key) + "'");
    };
    need("unit_to_authority_minutes", out.unit_to_authority_minutes);
    need("per_escalation_minutes", out.per_escalation_minutes);
    need("regrade_days", out.regrade_days);
    need("regrade_days_short", out.regrade_days_short);
    need("investigation_report_days", out.investigation_report_days);
    need("investigation_extension_days", out.investigation_extension_days);
    out.source = r.text(node, "source", path, true).value_or("");
    out.counting = r.text(node, "counting", path, false).value_or("");
    if (const YAML::Node t = node["short_window_types"]; t && t.IsSequence())
        for (const auto& x : t) out.short_window_types.push_back(x.Scalar());
    else if (t)
        r.problem(t, path + ".short_window_types", "expected a list of accident types");
}

// investigation_by_sector: [{sector, effective, source, levels: {general: body, ...}}]
void read_sector_investigation(detail::Reader& r, const YAML::Node& node, Rules& out) {
    if (!node) return;
    if (!node.IsSequence()) return r.problem(node, "investigation_by_sector", "expected a list");
    for (std::size_t i = 0; i < node.size(); ++i) {
        const std::string path = "investigation_by_sector[" + std::to_string(i) + "]";
        const YAML::Node x = node[i];
        if (!r.expect_map(x, path)) continue;
        r.only_keys(x, path, {"sector", "effective", "source", "levels"});
        accident::SectorInvestigation s;
        s.sector = r.text(x, "sector", path, true).value_or("");
        if (!s.sector.empty() && !detail::valid_code(s.sector))
            r.problem(x["sector"], path + ".sector", "a sector is lower-case ASCII, e.g. coal");
        s.effective = r.required_effective(x, path, "the period the sector's rule is in force");
        s.source = r.text(x, "source", path, true).value_or("");
        const YAML::Node levels = x["levels"];
        if (!levels || !r.expect_map(levels, path + ".levels")) {
            if (!levels) r.problem(x, path + ".levels", "missing required key 'levels'");
            continue;
        }
        r.only_keys(levels, path + ".levels", {accident::level_codes.begin(), accident::level_codes.end()});
        for (std::size_t k = 0; k < 4; ++k)
            s.investigated_by[k] = r.text(levels, accident::level_codes[k], path + ".levels", false).value_or("");
        out.sector_investigation.push_back(std::move(s));
    }
}

Rules parse(std::string_view text, const std::string& file, bool builtin) {
    detail::Reader r(file);
    const YAML::Node root = detail::open_pack(r, text,
                                              {"source", "effective", "bounds", "criteria", "chain", "levels",
                                               "levels_source", "reporting", "investigation_by_sector"});
    Rules out;
    out.pack = detail::read_header(r, root, text, "accident_levels", builtin);
    out.source = r.text(root, "source", "", true).value_or("");
    out.effective = r.required_effective(root, "", "the period in force");
    read_bounds(r, root["bounds"], out);
    read_criteria(r, root["criteria"], out);
    read_levels(r, root["levels"], root["chain"], out);
    out.levels_source = r.text(root, "levels_source", "", true).value_or("");
    read_reporting(r, root["reporting"], out.reporting);
    read_sector_investigation(r, root["investigation_by_sector"], out);
    r.raise_if_any();
    return out;
}

using AccidentPacks = detail::Family<Rules, parse>;

}  // namespace

accident::Rules parse_accidents(std::string_view text, const std::string& file) {
    return AccidentPacks::from_text(text, file);
}
accident::Rules accident_rules(std::string_view name_or_path) { return AccidentPacks::named(name_or_path); }

}  // namespace anjian::rules
