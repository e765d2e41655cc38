#pragma once
// Reading `when:` conditions: a list of conditions that must all hold, or {any: [[...], [...]]}.
// One condition is {<field_key>: name, <op>: value}, op one of is < <= > >= == != in; a value may be
// {<field_key>: other} to compare two fields.
#include <anjian/condition.hpp>

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

inline std::optional<Condition> read_condition(Reader& r, const YAML::Node& node, const std::string& path,
                                               std::string_view field_key) {
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
        } else if (v.IsMap() && v[std::string(field_key)]) {
            c.other = v[std::string(field_key)].Scalar();
        } else if (v.IsScalar()) {
            c.value = scalar_value(v);
        } else {
            r.problem(v, Reader::join(path, key), "expected a value or {" + std::string(field_key) + ": name}");
        }
    }
    if (const auto f = r.text(node, field_key, path, true)) c.field = *f;
    if (ops != 1) r.problem(node, path, "a condition has exactly one operator (is, <, <=, >, >=, ==, !=, in)");
    return c;
}

inline When read_when(Reader& r, const YAML::Node& node, const std::string& path, std::string_view field_key) {
    When w;
    const auto clause = [&](const YAML::Node& list, const std::string& p) {
        std::vector<Condition> all;
        if (list.IsMap()) {
            if (auto c = read_condition(r, list, p, field_key)) all.push_back(*c);
        } else if (list.IsSequence() && list.size() > 0) {
            for (std::size_t i = 0; i < list.size(); ++i)
                if (auto c = read_condition(r, list[i], p + "[" + std::to_string(i) + "]", field_key))
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
