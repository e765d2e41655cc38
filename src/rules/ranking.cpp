// Ranking configurations from rule packs.
#include <anjian/rules/catalog.hpp>
#include <anjian/rules/ranking.hpp>

#include "family.hpp"
#include "header.hpp"
#include "reader.hpp"

namespace anjian::rules {
namespace {

void read_criteria(detail::Reader& r, const YAML::Node& node, const indicators::Catalog* cat, ranking::Config& cfg) {
    if (!node) {
        r.problem(YAML::Node(), "criteria", "missing required key 'criteria'");
        return;
    }
    if (!r.expect_map(node, "criteria")) return;
    for (const auto& kv : node) {
        const std::string code = kv.first.Scalar();
        const std::string path = "criteria." + code;
        ranking::Criterion c;
        c.indicator = code;
        const int known = cat ? cat->indicator_index(code) : -1;
        if (cat && known < 0)
            r.problem(kv.first, path, "'" + code + "' is not an indicator of catalogue " + cfg.catalog);
        if (known >= 0) c.direction = static_cast<int>(cat->indicators[static_cast<std::size_t>(known)].direction);
        const YAML::Node& f = kv.second;
        if (f && !f.IsNull()) {
            if (!r.expect_map(f, path)) continue;
            r.only_keys(f, path, {"direction", "weight"});
            if (const auto d = r.choice(f, "direction", path, false, {"higher", "lower"}))
                c.direction = *d == "lower" ? -1 : 1;
            c.weight = r.number(f, "weight", path);
            if (c.weight && *c.weight < 0) r.problem(f["weight"], path + ".weight", "a weight cannot be negative");
        }
        cfg.criteria.push_back(c);
    }
    if (cfg.criteria.empty()) r.problem(node, "criteria", "at least one criterion is needed");
}

ranking::Config parse(std::string_view text, const std::string& file, bool builtin) {
    detail::Reader r(file);
    const YAML::Node root = detail::open_pack(
        r, text, {"source", "catalog", "criteria", "weighting", "method", "normalize", "ties", "v", "lists", "points"});
    ranking::Config cfg;
    cfg.pack = detail::read_header(r, root, text, "ranking_config", builtin);
    cfg.source = r.text(root, "source", "", true).value_or("");
    cfg.catalog = r.text(root, "catalog", "", true).value_or("");
    std::optional<indicators::Catalog> cat;
    if (!cfg.catalog.empty()) {
        if (has_builtin_pack(cfg.catalog))
            cat = builtin_catalog(cfg.catalog);
        else
            r.problem(root["catalog"], "catalog", "'" + cfg.catalog + "' is not a built-in indicator catalogue");
    }
    read_criteria(r, root["criteria"], cat ? &*cat : nullptr, cfg);
    const auto weighting = r.choice(root, "weighting", "", true, {"given", "entropy", "critic"}).value_or("entropy");
    cfg.weighting = weighting == "given"    ? ranking::Weighting::given
                    : weighting == "critic" ? ranking::Weighting::critic
                                            : ranking::Weighting::entropy;
    for (const auto& c : cfg.criteria) {
        const YAML::Node at = root["criteria"][c.indicator];
        if (cfg.weighting == ranking::Weighting::given && !c.weight)
            r.problem(at, "criteria." + c.indicator + ".weight",
                      "weighting is 'given': every criterion needs a weight");
        if (cfg.weighting != ranking::Weighting::given && c.weight)
            r.problem(at, "criteria." + c.indicator + ".weight",
                      "weighting is '" + weighting + "': weights are computed, not given");
    }
    try {
        if (const auto m = r.text(root, "method", "", true)) cfg.options.method = ranking::parse_method(*m);
        cfg.options.normalization = ranking::default_normalization(cfg.options.method);
        if (const auto n = r.text(root, "normalize", "", false))
            cfg.options.normalization = ranking::parse_normalization(*n);
        if (const auto t = r.text(root, "ties", "", false)) cfg.options.ties = ranking::parse_ties(*t);
    } catch (const error& e) {
        r.problem(root, "", e.message());
    }
    if (const auto v = r.number(root, "v", "")) {
        if (*v < 0.0 || *v > 1.0)
            r.problem(root["v"], "v", "VIKOR's v weighs group utility against regret: between 0 and 1");
        else
            cfg.options.v = *v;
    }
    if (const YAML::Node lists = root["lists"]; lists && r.expect_map(lists, "lists")) {
        r.only_keys(lists, "lists", {"red", "black", "when_too_few", "source"});
        cfg.red = r.count(lists, "red", "lists").value_or(3);
        cfg.black = r.count(lists, "black", "lists").value_or(3);
        cfg.reduce_lists = r.choice(lists, "when_too_few", "lists", false, {"error", "reduce"}).value_or("error") ==
                           "reduce";
        cfg.lists_source = r.text(lists, "source", "lists", true).value_or("");
    }
    if (const YAML::Node points = root["points"]; points && r.expect_map(points, "points")) {
        r.only_keys(points, "points", {"bands", "source", "verified"});
        cfg.points_source = r.text(points, "source", "points", true).value_or("");
        cfg.points_verified = r.flag(points, "verified", "points", true);
        const YAML::Node bands = points["bands"];
        if (!bands || !bands.IsSequence())
            r.problem(points, "points.bands", "expected a list of {top: N, points: P} or {bottom: N, points: P}");
        else
            for (std::size_t i = 0; i < bands.size(); ++i) {
                const std::string path = "points.bands[" + std::to_string(i) + "]";
                const YAML::Node b = bands[i];
                if (!r.expect_map(b, path)) continue;
                r.only_keys(b, path, {"top", "bottom", "points"});
                ranking::PointBand band;
                band.from_top = static_cast<bool>(b["top"]);
                if (b["top"] && b["bottom"]) r.problem(b, path, "a band is either 'top' or 'bottom', not both");
                const auto n = r.count(b, band.from_top ? "top" : "bottom", path);
                if (!n) r.problem(b, path, "a band needs 'top: N' or 'bottom: N'");
                band.count = n.value_or(0);
                const auto pts = r.number(b, "points", path);
                if (!b["points"]) r.problem(b, path + ".points", "missing required key 'points'");
                band.points = pts.value_or(0);
                cfg.points.push_back(band);
            }
    }
    r.raise_if_any();
    return cfg;
}

using RankingPacks = detail::Family<ranking::Config, parse>;

}  // namespace

ranking::Config parse_ranking(std::string_view text, const std::string& file) {
    return RankingPacks::from_text(text, file);
}
ranking::Config load_ranking(const std::string& path) { return RankingPacks::from_file(path); }
ranking::Config builtin_ranking(std::string_view name) { return RankingPacks::builtin(name); }
ranking::Config ranking_config(std::string_view name_or_path) { return RankingPacks::named(name_or_path); }

}  // namespace anjian::rules
