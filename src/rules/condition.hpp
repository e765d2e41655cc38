#pragma once
// Reading `when:` conditions: a list of conditions that must all hold, or {any: [[...], [...]]}.
// One condition is {fact: name, <op>: value}, op one of is < <= > >= == != in; a value may be
// {fact: other} to compare two facts. Every rule family writes its conditions this one way.
#include <algorithm>
#include <anjian/condition.hpp>
#include <anjian/facts.hpp>

#include "reader.hpp"

namespace anjian::rules::detail {

inline Value scalar_value(const YAML::Node& v) {
    const std::string& s = v.Scalar();
    if (v.Tag() != "!" && (s == "true" || s == "false")) return s == "true";
    if (v.Tag() != "!") try {
            std::size_t used = 0;
            const double d = std::stod(s, &used);
            if (used == s.size()) return d;
        } catch (const std::exception&) {
        }
    return s;
}

inline constexpr std::string_view field_key = "fact";

inline std::optional<Condition> read_condition(Reader& r, const YAML::Node& node, const std::string& path) {
    if (!r.expect_map(node, path)) return std::nullopt;
    Condition c;
    int ops = 0;
    for (const auto& kv : node) {
        const std::string key = kv.first.Scalar();
        if (key == field_key) continue;
        int op = -1;
        for (int i = 0; i < 8; ++i)
            if (key == op_names[i]) op = i;
        if (op < 0) {
            r.problem(kv.first, Reader::join(path, key),
                      "unknown key '" + key + "' (a condition is {" + std::string(field_key) +
                          ": name, OP: value} with OP one of is, <, <=, >, >=, ==, !=, in)");
            continue;
        }
        ++ops;
        c.op = static_cast<Op>(op);
        const YAML::Node& v = kv.second;
        if (c.op == Op::in) {
            if (!v.IsSequence())
                r.problem(v, Reader::join(path, key), "'in' takes a list");
            else
                for (const auto& x : v) c.among.push_back(scalar_value(x));
        } else if (v.IsMap()) {  // another fact: {fact: name} and nothing else
            r.only_keys(v, Reader::join(path, key), {field_key});
            c.other = r.text(v, field_key, Reader::join(path, key), true).value_or("");
            if (c.other.empty()) return std::nullopt;  // refused above
        } else if (v.IsScalar()) {
            c.value = scalar_value(v);
        } else {
            r.problem(v, Reader::join(path, key), "expected a value or {" + std::string(field_key) + ": name}");
        }
    }
    if (const auto f = r.text(node, field_key, path, true)) c.field = *f;
    if (ops != 1) {  // refused; not read on, so no second problem about a value that is not there
        r.problem(node, path, "a condition has exactly one operator (is, <, <=, >, >=, ==, !=, in)");
        return std::nullopt;
    }
    return c;
}

inline When read_when(Reader& r, const YAML::Node& node, const std::string& path) {
    When w;
    const auto clause = [&](const YAML::Node& list, const std::string& p) {
        std::vector<Condition> all;
        if (list.IsMap()) {
            if (auto c = read_condition(r, list, p)) all.push_back(*c);
        } else if (list.IsSequence() && list.size() > 0) {
            for (std::size_t i = 0; i < list.size(); ++i)
                if (auto c = read_condition(r, list[i], p + "[" + std::to_string(i) + "]"))
                    all.push_back(*c);
        } else {
            r.problem(list, p, "expected a condition or a non-empty list of conditions");
        }
        return all;
    };
    if (node.IsMap() && node["any"]) {
        r.only_keys(node, path, {"any"});
        const YAML::Node any = node["any"];
        if (!any.IsSequence() || any.size() == 0)
            r.problem(any, path + ".any", "expected a list of clauses");
        else
            for (std::size_t i = 0; i < any.size(); ++i)
                w.any.push_back(clause(any[i], path + ".any[" + std::to_string(i) + "]"));
    } else {
        w.any.push_back(clause(node, path));
    }
    return w;
}

}  // namespace anjian::rules::detail

namespace anjian::rules::detail {

// facts: {name: {type: boolean|number|enum|text, values: [...], aliases: {spelling: value},
// label_zh, unit, default}}: what a pack's conditions read.
inline FactSet read_facts(Reader& r, const YAML::Node& node, const std::string& path) {
    FactSet out;
    if (!node) return out;
    if (!r.expect_map(node, path)) return out;
    for (const auto& kv : node) {
        FactDecl d;
        d.name = kv.first.Scalar();
        const std::string fp = path + "." + d.name;
        if (!valid_code(d.name)) r.problem(kv.first, fp, "a fact's name must be lower_snake_case ASCII");
        if (!r.expect_map(kv.second, fp)) continue;
        r.only_keys(kv.second, fp, {"type", "values", "aliases", "label_zh", "unit", "default"});
        const auto type = r.choice(kv.second, "type", fp, true, {"boolean", "number", "enum", "text"});
        d.type = !type                ? FactDecl::Type::text
                 : *type == "boolean" ? FactDecl::Type::boolean
                 : *type == "number"  ? FactDecl::Type::number
                 : *type == "enum"    ? FactDecl::Type::enumeration
                                      : FactDecl::Type::text;
        d.label_zh = r.text(kv.second, "label_zh", fp, false).value_or("");
        d.unit = r.text(kv.second, "unit", fp, false).value_or("");
        const YAML::Node values = kv.second["values"];
        if (d.type == FactDecl::Type::enumeration) {
            if (!values || !values.IsSequence() || values.size() == 0)
                r.problem(values ? values : kv.second, fp + ".values", "an enum needs its list of values");
            else
                for (const auto& v : values) d.values.push_back(v.Scalar());
        } else if (values) {
            r.problem(values, fp + ".values", "only an enum has values");
        }
        if (const YAML::Node a = kv.second["aliases"]; a && r.expect_map(a, fp + ".aliases")) {
            if (d.type != FactDecl::Type::enumeration) r.problem(a, fp + ".aliases", "only an enum has aliases");
            for (const auto& x : a) {
                const std::string to = x.second.Scalar();
                if (std::find(d.values.begin(), d.values.end(), to) == d.values.end())
                    r.problem(x.second, fp + ".aliases." + x.first.Scalar(), "'" + to + "' is not one of the values");
                d.aliases[x.first.Scalar()] = to;
            }
        }
        if (const YAML::Node v = kv.second["default"]) {
            const auto typed = v.IsScalar() ? d.read(v.Scalar()) : std::nullopt;
            if (!typed)
                r.problem(v, fp + ".default", "the default must be " + d.expected());
            else
                d.fallback = typed;
        }
        out.decls[d.name] = d;
    }
    return out;
}

// The conditions against the pack's declarations (type_conditions), each problem at the condition.
inline void check_when(Reader& r, When& w, const FactSet& facts, const YAML::Node& node, const std::string& path) {
    for (auto& message : type_conditions(w, facts)) r.problem(node, path, std::move(message));
}

}  // namespace anjian::rules::detail
