// 重大事故隐患判定标准 (kind: hazard_standard) and the consequences they share
// (kind: hazard_consequences) from rule packs.
#include <anjian/rules/hazard.hpp>

#include "condition.hpp"
#include "family.hpp"
#include "header.hpp"
#include "reader.hpp"

namespace anjian::rules {
namespace {

using hazard::Consequence;
using hazard::Standard;

constexpr std::string_view consequences_pack = "national/hazard_consequences";

std::vector<Consequence> parse_consequences(std::string_view text, const std::string& file, bool builtin) {
    detail::Reader r(file);
    const YAML::Node root = detail::open_pack(r, text, {"source", "consequences"});
    detail::read_header(r, root, text, "hazard_consequences", builtin);
    r.text(root, "source", "", true);
    std::vector<Consequence> out;
    const YAML::Node node = root["consequences"];
    if (!node || !r.expect_map(node, "consequences"))
        r.problem(root, "consequences", "expected id: {action_zh, basis}");
    else
        for (const auto& kv : node) {
            const std::string path = "consequences." + kv.first.Scalar();
            if (!r.expect_map(kv.second, path)) continue;
            r.only_keys(kv.second, path, {"action_zh", "basis", "provision", "verified"});
            Consequence c;
            c.id = kv.first.Scalar();
            c.action_zh = r.text(kv.second, "action_zh", path, true).value_or("");
            c.basis = r.text(kv.second, "basis", path, true).value_or("");
            c.provision = r.text(kv.second, "provision", path, false).value_or("");
            c.verified = r.flag(kv.second, "verified", path, true);
            out.push_back(c);
        }
    r.raise_if_any();
    return out;
}

const std::vector<Consequence>& builtin_consequences() {
    static const std::vector<Consequence> all = parse_consequences(
        builtin_pack_text(consequences_pack), "<built-in " + std::string(consequences_pack) + ">", true);
    return all;
}

void read_facts(detail::Reader& r, const YAML::Node& node, Standard& s) {
    if (!node || !r.expect_map(node, "facts"))
        return r.problem(node ? node : YAML::Node(), "facts", "expected the findings this standard reads");
    for (const auto& kv : node) {
        const std::string code = kv.first.Scalar(), path = "facts." + code;
        if (!detail::valid_code(code))
            r.problem(kv.first, path, "a finding's code is lower-case ASCII letters, digits and _");
        if (!r.expect_map(kv.second, path)) continue;
        r.only_keys(kv.second, path, {"type", "meaning_zh"});
        s.facts.push_back({code,
                           r.choice(kv.second, "type", path, true, {"boolean", "number", "grade", "text"}).value_or(""),
                           r.text(kv.second, "meaning_zh", path, true).value_or("")});
    }
}

// The findings as the condition checker reads them (a grade is a number), so an item's conditions are
// held to the findings' types as every other pack's are.
FactSet declared_facts(const Standard& s) {
    FactSet out;
    for (const auto& f : s.facts) {
        FactDecl d;
        d.name = f.code;
        d.type = f.type == "boolean" ? FactDecl::Type::boolean
                 : f.type == "text"  ? FactDecl::Type::text
                                     : FactDecl::Type::number;
        out.decls[d.name] = d;
    }
    return out;
}

void read_items(detail::Reader& r, const YAML::Node& node, Standard& s) {
    const FactSet declared = declared_facts(s);
    if (!node || !node.IsSequence() || node.size() == 0)
        return r.problem(node ? node : YAML::Node(), "items", "expected a list of items");
    for (std::size_t i = 0; i < node.size(); ++i) {
        const std::string path = "items[" + std::to_string(i) + "]";
        const YAML::Node x = node[i];
        if (!r.expect_map(x, path)) continue;
        r.only_keys(x, path, {"id", "article", "text_zh", "kind", "verified", "note", "when"});
        hazard::Item item;
        item.id = r.text(x, "id", path, true).value_or("");
        for (const auto& other : s.items)
            if (other.id == item.id) r.problem(x["id"], path + ".id", "item '" + item.id + "' is listed twice");
        item.article = r.text(x, "article", path, true).value_or("");
        item.text_zh = r.text(x, "text_zh", path, true).value_or("");
        const auto kind = r.choice(x, "kind", path, true, {"boolean", "quantitative", "judgement"}).value_or("boolean");
        item.kind = kind == "quantitative" ? hazard::ItemKind::quantitative
                    : kind == "judgement"  ? hazard::ItemKind::judgement
                                           : hazard::ItemKind::boolean;
        item.verified = r.flag(x, "verified", path, true);
        item.note = r.text(x, "note", path, false).value_or("");
        if (!x["when"]) {
            r.problem(x, path + ".when", "missing required key 'when' (the findings that make the item met)");
        } else {
            item.when = detail::read_when(r, x["when"], path + ".when");
            detail::check_when(r, item.when, declared, x["when"], path + ".when");
        }
        s.items.push_back(std::move(item));
    }
}

Standard parse(std::string_view text, const std::string& file, bool builtin) {
    detail::Reader r(file);
    const YAML::Node root = detail::open_pack(
        r, text,
        {"source", "document", "industry", "effective", "effective_source", "predecessor", "consequences", "facts",
         "items"});
    Standard s;
    s.pack = detail::read_header(r, root, text, "hazard_standard", builtin);
    s.title = s.pack.title;
    s.source = r.text(root, "source", "", true).value_or("");
    s.document = r.text(root, "document", "", true).value_or("");
    s.industry = r.text(root, "industry", "", true).value_or("");
    if (!detail::valid_code(s.industry))
        r.problem(root["industry"], "industry", "an industry code is lower-case ASCII, e.g. chemical");
    s.effective = r.required_effective(root, "", "the period in force");
    s.effective_source = r.text(root, "effective_source", "", true).value_or("");
    s.predecessor = r.text(root, "predecessor", "", false).value_or("");
    if (const YAML::Node c = root["consequences"]; !c || !c.IsSequence()) {
        r.problem(c ? c : root, "consequences",
                  "expected a list of consequence ids of " + std::string(consequences_pack));
    } else {
        // An id, or {id, items}: a consequence that follows from some items only.
        for (std::size_t i = 0; i < c.size(); ++i) {
            const std::string path = "consequences[" + std::to_string(i) + "]";
            std::string id = c[i].IsScalar() ? c[i].Scalar() : "";
            std::vector<std::string> items;
            if (c[i].IsMap()) {
                r.only_keys(c[i], path, {"id", "items"});
                id = r.text(c[i], "id", path, true).value_or("");
                items = r.texts(c[i], "items", path, "an item id");
                if (items.empty()) r.problem(c[i], path + ".items", "expected the ids of the items it follows from");
            }
            const auto& all = builtin_consequences();
            const auto it = std::find_if(all.begin(), all.end(), [&](const Consequence& x) { return x.id == id; });
            if (it == all.end()) {
                r.problem(c[i], path, "'" + id + "' is not a consequence of " + std::string(consequences_pack));
                continue;
            }
            s.consequences.push_back(*it);
            s.consequences.back().items = std::move(items);
        }
    }
    read_facts(r, root["facts"], s);
    read_items(r, root["items"], s);
    for (std::size_t i = 0; i < s.consequences.size(); ++i)
        for (const auto& item : s.consequences[i].items)
            if (std::none_of(s.items.begin(), s.items.end(), [&](const hazard::Item& x) { return x.id == item; }))
                r.problem(root["consequences"], "consequences",
                          "'" + s.consequences[i].id + "' follows from item '" + item + "', which is not an item here");
    r.raise_if_any();
    return s;
}

using StandardPacks = detail::Family<Standard, parse>;

}  // namespace

hazard::Standard parse_hazard_standard(std::string_view text, const std::string& file) {
    return StandardPacks::from_text(text, file);
}
hazard::Standard hazard_standard(std::string_view name_or_path) { return StandardPacks::named(name_or_path); }

std::vector<Consequence> parse_hazard_consequences(std::string_view text, const std::string& file) {
    return parse_consequences(text, file, false);
}

const std::vector<hazard::Standard>& builtin_hazard_standards() {
    static const std::vector<hazard::Standard> all = [] {
        std::vector<hazard::Standard> out;
        for (const auto& name : builtin_pack_names()) {
            detail::Reader r(name);
            if (detail::declared_kind(r.parse(builtin_pack_text(name))) == "hazard_standard")
                out.push_back(StandardPacks::builtin(name));
        }
        return out;
    }();
    return all;
}

const hazard::Standard& hazard_standard_for(std::string_view industry, const date& day) {
    std::string known;
    const hazard::Standard* later = nullptr;  // the industry's first standard in force after `day`
    for (const auto& s : builtin_hazard_standards()) {
        if (s.industry == industry && s.effective.contains(day)) return s;
        if (s.industry == industry && day < s.effective.from && (!later || s.effective.from < later->effective.from))
            later = &s;
        known += (known.empty() ? "" : "; ") + s.industry + " " + s.effective.str();
    }
    if (later && !later->predecessor.empty())  // never judged by the later standard: the earlier one is named
        throw error("the 重大事故隐患判定标准 for industry '" + std::string(industry) + "' encoded here (" +
                    later->document + ") is in force from " + Period::iso(later->effective.from) + ": on " +
                    Period::iso(day) + " " + later->predecessor + " applies, which is not encoded");
    throw error("no 重大事故隐患判定标准 for industry '" + std::string(industry) + "' in force on " + Period::iso(day) +
                " (built in: " + known + ")");
}

}  // namespace anjian::rules
