#pragma once
// 重大事故隐患判定标准: an industry's items, each a condition over an inspection's findings, and
// what the law attaches to a match (安全生产法 第六十五条、第一百零一条、第一百零二条 ...). Items and
// consequences come from rule packs (rules/national/hazard_*.yaml).

#include <anjian/condition.hpp>
#include <anjian/rules/pack.hpp>
#include <map>
#include <string>
#include <vector>

namespace anjian::hazard {

enum class ItemKind { boolean, quantitative, judgement };
inline constexpr const char* item_kind_names[] = {"boolean", "quantitative", "judgement"};

// A finding an inspector records: its code, what it means, and its type.
struct Fact {
    std::string code;
    std::string type;  // boolean | number | grade (GB 18218 grade 1..4, 0 = not a major hazard source) | text
    std::string meaning_zh;
};

struct Item {
    std::string id;       // "chemical.5"
    std::string article;  // "第五项", "第十二条(二)"
    std::string text_zh;
    ItemKind kind = ItemKind::boolean;
    bool verified = true;
    std::string note;
    When when;
};

struct Consequence {
    std::string id, action_zh, basis, provision;  // provision: an anjian.penalty provision id, or ""
    bool verified = true;
};

struct Standard {
    rules::PackInfo pack;
    std::string title, document, industry, source;
    rules::Effective effective;
    std::string effective_source;
    std::vector<Fact> facts;
    std::vector<Item> items;
    std::vector<Consequence> consequences;

    const Fact* fact(const std::string& code) const {
        for (const auto& f : facts)
            if (f.code == code) return &f;
        return nullptr;
    }
};

using Findings = std::map<std::string, Value>;

struct Match {
    const Item* item;
    std::string why;  // the clause that held, with the values found
};

struct Assessment {
    std::vector<Match> matched;
    std::vector<const Item*> not_assessed;  // some fact the item needs was not given
    std::vector<const Item*> clear;
};

// Checks findings against every item. A finding the standard does not know, or of the wrong type
// (a text where a number is due, a grade outside 0..4), is an input_error naming its key.
inline Assessment assess(const Standard& standard, const Findings& findings) {
    for (const auto& [code, value] : findings) {
        Location where;
        where.key = code;
        const Fact* f = standard.fact(code);
        if (!f) {
            std::string known;
            for (const auto& k : standard.facts) known += (known.empty() ? "" : ", ") + k.code;
            throw input_error("'" + code + "' is not a finding of " + standard.title + " (known: " + known + ")",
                              where);
        }
        if (std::holds_alternative<std::monostate>(value)) continue;
        const bool ok = f->type == "boolean" ? std::holds_alternative<bool>(value)
                        : f->type == "text"  ? std::holds_alternative<std::string>(value)
                                             : std::holds_alternative<double>(value);
        if (!ok) throw input_error("'" + code + "' is a " + f->type + ", got '" + to_string(value) + "'", where);
        if (f->type == "grade") {
            const double g = std::get<double>(value);
            if (g != std::floor(g) || g < 0 || g > 4)
                throw input_error(
                    "'" + code + "' is a GB 18218 grade 1..4 (0: not a major hazard source), got " + to_string(value),
                    where);
        }
    }
    const auto get = [&](const std::string& code) {
        const auto it = findings.find(code);
        return it == findings.end() ? Value{} : it->second;
    };
    Assessment out;
    for (const auto& item : standard.items) {
        const Truth t = item.when.test(get);
        if (t == Truth::yes)
            out.matched.push_back({&item, item.when.why(get)});
        else if (t == Truth::unknown)
            out.not_assessed.push_back(&item);
        else
            out.clear.push_back(&item);
    }
    return out;
}

}  // namespace anjian::hazard
