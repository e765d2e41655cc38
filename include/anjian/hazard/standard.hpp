#pragma once
// 重大事故隐患判定标准: an industry's items, each a condition over an inspection's findings, and
// what the law attaches to a match (安全生产法 第六十五条、第一百零一条、第一百零二条 ...). Items and
// consequences come from rule packs (rules/national/hazard_*.yaml).

#include <anjian/columns.hpp>
#include <anjian/condition.hpp>
#include <anjian/refusals.hpp>
#include <cctype>
#include <charconv>
#include <cmath>
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
    // The items of the standard it follows from (a failed device: 第九十九条); empty: any item met.
    std::vector<std::string> items;
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

// The finding in cell i of column c, read as fact f declares it: an empty cell is not given; a
// boolean from true/false, 1/0, 是/否, yes/no; a number from a number or its text. A cell of another
// kind is returned as it is, for assess() to refuse with the fact's type.
inline Value finding_of(const Fact* f, const Column& c, std::size_t i) {
    if (!c.valid(i)) return {};
    const bool boolean = f && f->type == "boolean", text = f && f->type == "text";
    if (c.is_text()) {
        std::string_view v = c.text(i);
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
        if (v.empty()) return {};
        if (text) return std::string(v);
        std::string lower(v);
        for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (boolean && (lower == "true" || lower == "yes" || lower == "y" || lower == "是")) return true;
        if (boolean && (lower == "false" || lower == "no" || lower == "n" || lower == "否")) return false;
        double x = 0;
        const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
        if (ec == std::errc() && end == v.data() + v.size()) return x;
        return std::string(v);
    }
    if (c.is_date()) return static_cast<double>(c.day(i));
    const double x = c.number(i);
    if (std::isnan(x)) return {};
    if (boolean && (x == 0 || x == 1)) return x == 1;
    return x;
}

struct AssessedRows : RowStatus {
    std::vector<std::size_t> row;  // per matched item: the row, the item and the clause that held
    std::vector<const Item*> item;
    std::vector<std::string> why;
};

// assess() for every row of `t`: row i is judged under standards[standard_of[i]] (-1: refused with
// `no_standard[i]`, e.g. an industry without a standard on that day), its findings the non-empty
// cells of `findings` columns. A row assess() refuses is named with its reason: all in one error, or
// with Refusal::status kept in the result.
inline AssessedRows assess_many(const std::vector<const Standard*>& standards,
                                const std::vector<std::int32_t>& standard_of,
                                const std::vector<std::string>& no_standard, const anjian::Table& t,
                                const std::vector<std::string>& findings, Refusal mode = Refusal::raise) {
    if (standard_of.size() != t.size() || no_standard.size() != t.size())
        throw error("assess_many needs a standard (or the reason there is none) for every row");
    for (const auto k : standard_of)
        if (k >= static_cast<std::int64_t>(standards.size())) throw error("assess_many: a standard index out of range");
    std::vector<const Column*> columns;
    for (const auto& name : findings) columns.push_back(&t[name]);
    AssessedRows out;
    Refusals refusals(out, t.size());
    Findings given;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (standard_of[i] < 0) {
            refusals.refuse(i, no_standard[i]);
            continue;
        }
        const Standard& standard = *standards[static_cast<std::size_t>(standard_of[i])];
        given.clear();
        for (std::size_t k = 0; k < columns.size(); ++k)
            if (Value v = finding_of(standard.fact(findings[k]), *columns[k], i);
                !std::holds_alternative<std::monostate>(v))
                given.emplace(findings[k], std::move(v));
        try {
            for (auto& m : assess(standard, given).matched)
                out.row.push_back(i), out.item.push_back(m.item), out.why.push_back(std::move(m.why));
        } catch (const input_error& e) {
            refusals.refuse(i, e.message(), e.where().key);
        }
    }
    refusals.finish(mode);
    return out;
}

}  // namespace anjian::hazard
