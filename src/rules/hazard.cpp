// GB 18218 tables (kind: hazard_identification) from rule packs.
#include <anjian/rules/hazard.hpp>

#include "family.hpp"
#include "header.hpp"
#include "reader.hpp"

namespace anjian::rules {
namespace {

using hazard::Table;

std::int64_t tonnes(detail::Reader& r, const YAML::Node& map, const std::string& path) {
    const YAML::Node v = map["q"];
    if (!v) {
        r.problem(map, path + ".q", "missing required key 'q' (critical quantity, tonnes)");
        return 0;
    }
    const auto g = r.decimal(v, path + ".q", 6);  // grams
    if (g && *g <= 0) r.problem(v, path + ".q", "a critical quantity must be above zero");
    return g.value_or(0);
}

// A factor (β, α) in tenths: above 0 and at most 100 (GB 18218's are at most 20), which keeps R exact
// in the 128-bit sums.
int factor10(detail::Reader& r, const YAML::Node& v, const std::string& path) {
    const auto t = r.decimal(v, path, 1);
    if (t && (*t <= 0 || *t > 1000)) r.problem(v, path, "expected a factor in (0, 100]");
    return static_cast<int>(t.value_or(0));
}

int tenths(detail::Reader& r, const YAML::Node& map, std::string_view key, const std::string& path) {
    const YAML::Node v = map[std::string(key)];
    if (!v) {
        r.problem(map, detail::Reader::join(path, key), "missing required key '" + std::string(key) + "'");
        return 0;
    }
    return factor10(r, v, detail::Reader::join(path, key));
}

std::vector<std::string> texts(detail::Reader& r, const YAML::Node& map, std::string_view key,
                               const std::string& path) {
    std::vector<std::string> out;
    const YAML::Node v = map[std::string(key)];
    if (!v) return out;
    if (!v.IsSequence()) {
        r.problem(v, detail::Reader::join(path, key), "expected a list");
        return out;
    }
    for (const auto& x : v) out.push_back(x.Scalar());
    return out;
}

void read_categories(detail::Reader& r, const YAML::Node& node, Table& t) {
    if (!node || !r.expect_map(node, "categories"))
        return r.problem(node ? node : YAML::Node(), "categories", "expected table 2 as symbol: {name_zh, q, beta}");
    for (const auto& kv : node) {
        const std::string path = "categories." + kv.first.Scalar();
        if (!r.expect_map(kv.second, path)) continue;
        r.only_keys(kv.second, path, {"name_zh", "q", "beta", "note"});
        hazard::Category c;
        c.symbol = kv.first.Scalar();
        c.name_zh = r.text(kv.second, "name_zh", path, true).value_or("");
        c.note = r.text(kv.second, "note", path, false).value_or("");
        c.q_grams = tonnes(r, kv.second, path);
        c.beta10 = tenths(r, kv.second, "beta", path);
        t.categories.push_back(c);
    }
}

void read_chemicals(detail::Reader& r, const YAML::Node& node, Table& t) {
    if (!node || !node.IsSequence())
        return r.problem(node ? node : YAML::Node(), "chemicals", "expected table 1 as a list of {row, name, q}");
    for (std::size_t i = 0; i < node.size(); ++i) {
        const std::string path = "chemicals[" + std::to_string(i) + "]";
        const YAML::Node c = node[i];
        if (!r.expect_map(c, path)) continue;
        r.only_keys(c, path, {"row", "name", "aliases", "cas", "q", "note", "verified"});
        hazard::Chemical chem;
        chem.row = r.count(c, "row", path).value_or(0);
        if (chem.row == 0) r.problem(c, path + ".row", "missing required key 'row' (table 1 row number, from 1)");
        for (const auto& other : t.chemicals)
            if (chem.row > 0 && other.row == chem.row)
                r.problem(c["row"], path + ".row", "row " + std::to_string(chem.row) + " is listed twice");
        chem.name = r.text(c, "name", path, true).value_or("");
        chem.aliases = texts(r, c, "aliases", path);
        chem.cas = texts(r, c, "cas", path);
        chem.q_grams = tonnes(r, c, path);
        chem.note = r.text(c, "note", path, false).value_or("");
        chem.verified = r.flag(c, "verified", path, true);
        t.chemicals.push_back(chem);
    }
}

// Table 3 names a gas by its table-1 name or alias; a gas that is not in table 1 gets a row of its own.
void read_toxic_gases(detail::Reader& r, const YAML::Node& node, Table& t) {
    if (!node || !r.expect_map(node, "toxic_gases"))
        return r.problem(node ? node : YAML::Node(), "toxic_gases", "expected table 3 as name: β");
    t.index();
    for (const auto& kv : node) {
        const std::string name = kv.first.Scalar(), path = "toxic_gases." + name;
        const int beta10 = factor10(r, kv.second, path);
        if (beta10 <= 0) continue;
        const auto& ids = t.find(name);
        if (ids.size() > 1) r.problem(kv.first, path, "'" + name + "' names several table-1 rows");
        if (ids.empty()) {
            hazard::Chemical gas;
            gas.name = name;
            gas.beta10 = beta10;
            t.chemicals.push_back(gas);
        } else {
            t.chemicals[static_cast<std::size_t>(ids.front())].beta10 = beta10;
        }
    }
}

template <class Band, class Fill>
void read_bands(detail::Reader& r, const YAML::Node& node, const char* section, std::vector<Band>& out, Fill fill) {
    if (!node || !node.IsSequence() || node.size() == 0)
        return r.problem(node ? node : YAML::Node(), section, "expected a list of bands, highest bound first");
    for (std::size_t i = 0; i < node.size(); ++i) {
        const std::string path = std::string(section) + "[" + std::to_string(i) + "]";
        if (!r.expect_map(node[i], path)) continue;
        out.push_back(fill(node[i], path));
    }
}

Table parse(std::string_view text, const std::string& file, bool builtin) {
    detail::Reader r(file);
    const YAML::Node root = detail::open_pack(
        r, text,
        {"source", "effective", "predecessor", "rules", "categories", "toxic_gases", "alpha", "grades", "chemicals"});
    Table t;
    t.pack = detail::read_header(r, root, text, "hazard_identification", builtin);
    t.source = r.text(root, "source", "", true).value_or("");
    t.effective = r.required_effective(root, "", "the period in force");
    t.predecessor = r.text(root, "predecessor", "", false).value_or("");
    if (const YAML::Node rules = root["rules"]; rules && r.expect_map(rules, "rules")) {
        r.only_keys(rules, "rules", {"several_hazards", "beta_of_several", "major_when"});
        r.choice(rules, "several_hazards", "rules", true, {"lowest_q"});
        r.choice(rules, "beta_of_several", "rules", true, {"governing_category"});
        r.choice(rules, "major_when", "rules", true, {"S >= 1"});
    }
    read_categories(r, root["categories"], t);
    read_chemicals(r, root["chemicals"], t);
    read_toxic_gases(r, root["toxic_gases"], t);
    read_bands(r, root["alpha"], "alpha", t.alpha, [&](const YAML::Node& b, const std::string& path) {
        r.only_keys(b, path, {"people_at_least", "alpha"});
        return hazard::AlphaBand{r.count(b, "people_at_least", path).value_or(0), tenths(r, b, "alpha", path)};
    });
    read_bands(r, root["grades"], "grades", t.grades, [&](const YAML::Node& b, const std::string& path) {
        r.only_keys(b, path, {"grade", "r_at_least"});
        const YAML::Node v = b["r_at_least"];
        std::int64_t bound100 = 0;
        if (!v) {
            r.problem(b, path + ".r_at_least", "missing required key 'r_at_least'");
        } else if (const auto d = r.decimal(v, path + ".r_at_least", 2)) {
            bound100 = *d;
            if (bound100 < 0 || bound100 > 100'000'000)  // GB 18218's are 100 and below
                r.problem(v, path + ".r_at_least", "expected an R bound from 0 to 1,000,000");
        }
        return hazard::GradeBand{r.count(b, "grade", path).value_or(0), bound100};
    });
    for (std::size_t i = 1; i < t.alpha.size(); ++i)
        if (t.alpha[i].people_at_least >= t.alpha[i - 1].people_at_least)
            r.problem(root["alpha"][i], "alpha[" + std::to_string(i) + "]",
                      "bands must go from the highest bound down");
    for (std::size_t i = 1; i < t.grades.size(); ++i)
        if (t.grades[i].r_at_least100 >= t.grades[i - 1].r_at_least100)
            r.problem(root["grades"][i], "grades[" + std::to_string(i) + "]",
                      "bands must go from the highest bound down");
    // Every count of people has an α, every R >= 0 a grade, and the grades are 1, 2, ... without a gap:
    // otherwise a unit would fall through the table with no answer.
    if (!t.alpha.empty() && t.alpha.back().people_at_least != 0)
        r.problem(root["alpha"], "alpha", "the last band must be people_at_least: 0 (no one exposed has an α too)");
    if (!t.grades.empty() && t.grades.back().r_at_least100 != 0)
        r.problem(root["grades"], "grades", "the last band must be r_at_least: 0 (every R >= 0 has a grade)");
    for (std::size_t i = 0; i < t.grades.size(); ++i)
        if (t.grades[i].grade != static_cast<int>(i) + 1)
            r.problem(root["grades"][i], "grades[" + std::to_string(i) + "].grade",
                      "grades are numbered 1, 2, ... from the highest band, without a gap; expected " +
                          std::to_string(i + 1));
    r.raise_if_any();
    t.index();
    return t;
}

using Gb18218Packs = detail::Family<Table, parse>;

}  // namespace

hazard::Table parse_gb18218(std::string_view text, const std::string& file) {
    return Gb18218Packs::from_text(text, file);
}
hazard::Table gb18218(std::string_view name_or_path) { return Gb18218Packs::named(name_or_path); }

}  // namespace anjian::rules
