// Indicator catalogues from rule packs.
#include <anjian/rules/catalog.hpp>
#include <map>

#include "family.hpp"
#include "header.hpp"
#include "reader.hpp"

namespace anjian::rules {
namespace {

using indicators::Aggregation;
using indicators::BaseField;
using indicators::Catalog;
using indicators::Direction;
using indicators::FieldKind;
using indicators::Indicator;
using indicators::RowCheck;

// Calls read(code, path, entry) for each `code: {mapping}` entry of the section, after checking
// the code's spelling (a code given twice is refused where the YAML is read).
template <class Read>
void each_entry(detail::Reader& r, const YAML::Node& node, const std::string& section, const char* what,
                Read read) {
    if (!node || !r.expect_map(node, section)) return;
    for (const auto& kv : node) {
        const std::string code = kv.first.Scalar();
        const std::string path = section + "." + code;
        if (!detail::valid_code(code))
            r.problem(kv.first, path, std::string(what) + " code must be lower_snake_case ASCII");
        if (r.expect_map(kv.second, path)) read(code, path, kv.first, kv.second);
    }
}

void read_fields(detail::Reader& r, const YAML::Node& node, Catalog& cat) {
    std::map<std::string, std::string> header_of;  // every name_zh and alias -> its field: a header names one field
    const auto claim = [&](const std::string& header, const std::string& code, const YAML::Node& at,
                           const std::string& path) {
        if (header.empty()) return;  // a missing name_zh is its own problem
        const auto [it, fresh] = header_of.try_emplace(header, code);
        if (!fresh && it->second != code)
            r.problem(at, path, "header '" + header + "' already names base field '" + it->second + "'");
    };
    each_entry(
        r, node, "base_fields", "base field",
        [&](const std::string& code, const std::string& path, const YAML::Node&, const YAML::Node& f) {
            r.only_keys(f, path,
                        {"name_zh", "aliases", "unit", "kind", "aggregate", "description", "source", "verified"});
            BaseField field;
            field.code = code;
            field.name_zh = r.text(f, "name_zh", path, true).value_or("");
            field.aliases = r.texts(f, "aliases", path, "column headers");
            claim(field.name_zh, code, f["name_zh"], path + ".name_zh");
            for (const auto& alias : field.aliases) claim(alias, code, f["aliases"], path + ".aliases");
            field.unit = r.text(f, "unit", path, true).value_or("");
            field.kind = r.choice(f, "kind", path, true, {"count", "money"}).value_or("count") == "money"
                             ? FieldKind::money
                             : FieldKind::count;
            field.aggregation = r.choice(f, "aggregate", path, false, {"sum", "mean"}).value_or("sum") == "mean"
                                    ? Aggregation::mean
                                    : Aggregation::sum;
            field.description = r.text(f, "description", path, false).value_or("");
            field.source = r.text(f, "source", path, true).value_or("");
            field.verified = r.flag(f, "verified", path, true);
            cat.fields.push_back(std::move(field));
        });
}

void read_indicators(detail::Reader& r, const YAML::Node& node, Catalog& cat) {
    each_entry(
        r, node, "indicators", "indicator",
        [&](const std::string& code, const std::string& path, const YAML::Node& key, const YAML::Node& f) {
            r.only_keys(f, path,
                        {"name_zh", "unit", "direction", "formula", "description", "source", "verified", "effective"});
            Indicator ind;
            ind.code = code;
            ind.name_zh = r.text(f, "name_zh", path, true).value_or("");
            ind.unit = r.text(f, "unit", path, true).value_or("");
            ind.direction = r.choice(f, "direction", path, true, {"higher", "lower"}).value_or("higher") == "lower"
                                ? Direction::lower
                                : Direction::higher;
            ind.description = r.text(f, "description", path, false).value_or("");
            ind.source = r.text(f, "source", path, true).value_or("");
            ind.verified = r.flag(f, "verified", path, true);
            ind.effective = r.effective(f, path);
            if (const auto text = r.text(f, "formula", path, true)) {
                try {
                    ind.formula = indicators::Formula::parse(*text);
                } catch (const error& e) {
                    r.problem(f["formula"], path + ".formula", e.message());
                    return;
                }
                bool fields_known = true;
                for (const auto& name : ind.formula.fields()) {
                    const int i = cat.field_index(name);
                    if (i < 0) {
                        r.problem(f["formula"], path + ".formula",
                                  "'" + name + "' is not a base field of this catalogue");
                        fields_known = false;
                    }
                    ind.field_index.push_back(i);
                }
                if (!fields_known) return;
                if (ind.formula.is_field()) {
                    const auto& field = cat.fields[static_cast<std::size_t>(ind.field_index[0])];
                    ind.kind = indicators::to_string(field.kind);
                    if (field.aggregation == Aggregation::mean) ind.kind = "value";
                } else {
                    ind.kind = ind.formula.text().find('/') != std::string::npos ? "ratio" : "value";
                }
                if (cat.field_index(code) >= 0 && !(ind.formula.is_field() && ind.formula.fields()[0] == code))
                    r.problem(key, path, "indicator '" + code + "' has a base field's name but another formula");
            }
            cat.indicators.push_back(std::move(ind));
        });
}

void read_checks(detail::Reader& r, const YAML::Node& node, Catalog& cat) {
    if (!node) return;
    if (!node.IsSequence()) {
        r.problem(node, "checks", "expected a list of {rule: 'a <= b', source: ...}");
        return;
    }
    for (std::size_t i = 0; i < node.size(); ++i) {
        const std::string path = "checks[" + std::to_string(i) + "]";
        const YAML::Node& c = node[i];
        if (!r.expect_map(c, path)) continue;
        r.only_keys(c, path, {"rule", "source"});
        RowCheck check;
        check.source = r.text(c, "source", path, true).value_or("");
        const auto rule = r.text(c, "rule", path, true);
        if (!rule) continue;
        const auto le = rule->find("<=");
        auto trim = [](std::string s) {
            while (!s.empty() && s.back() == ' ') s.pop_back();
            while (!s.empty() && s.front() == ' ') s.erase(s.begin());
            return s;
        };
        if (le == std::string::npos) {
            r.problem(c["rule"], path + ".rule", "a check reads 'field_a <= field_b'");
            continue;
        }
        check.lesser = trim(rule->substr(0, le));
        check.greater = trim(rule->substr(le + 2));
        check.lesser_index = cat.field_index(check.lesser);
        check.greater_index = cat.field_index(check.greater);
        for (const auto* name : {&check.lesser, &check.greater})
            if (cat.field_index(*name) < 0)
                r.problem(c["rule"], path + ".rule", "'" + *name + "' is not a base field of this catalogue");
        if (check.lesser_index >= 0 && check.greater_index >= 0) cat.checks.push_back(std::move(check));
    }
}

Catalog parse(std::string_view text, const std::string& file, bool builtin);

Catalog parent_of(detail::Reader& r, const YAML::Node& root) {
    const auto parent = r.text(root, "extends", "", false);
    if (!parent) return {};
    if (!has_builtin_pack(*parent)) {
        r.problem(root["extends"], "extends", "'" + *parent + "' is not a built-in pack");
        return {};
    }
    return builtin_catalog(*parent);
}

Catalog parse(std::string_view text, const std::string& file, bool builtin) {
    detail::Reader r(file);
    const YAML::Node root = detail::open_pack(r, text, {"extends", "base_fields", "indicators", "checks"});
    Catalog cat = parent_of(r, root);
    cat.pack = detail::read_header(r, root, text, "indicator_catalog", builtin);
    read_fields(r, root["base_fields"], cat);
    read_indicators(r, root["indicators"], cat);
    read_checks(r, root["checks"], cat);
    if (cat.fields.empty()) r.problem(root, "base_fields", "a catalogue needs at least one base field");
    if (cat.indicators.empty()) r.problem(root, "indicators", "a catalogue needs at least one indicator");
    r.raise_if_any();
    return cat;
}

using CatalogPacks = detail::Family<indicators::Catalog, parse>;

}  // namespace

indicators::Catalog parse_catalog(std::string_view text, const std::string& file) {
    return CatalogPacks::from_text(text, file);
}
indicators::Catalog load_catalog(const std::string& path) { return CatalogPacks::from_file(path); }
indicators::Catalog builtin_catalog(std::string_view name) { return CatalogPacks::builtin(name); }
indicators::Catalog catalog(std::string_view name_or_path) { return CatalogPacks::named(name_or_path); }

}  // namespace anjian::rules
