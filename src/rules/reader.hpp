#pragma once
// Reading a YAML rule pack while collecting every problem with its file, line and key
// path, instead of stopping at the first. Shared by every rule family's loader.

#include <yaml-cpp/yaml.h>

#include <anjian/decimal.hpp>
#include <anjian/error.hpp>
#include <anjian/money.hpp>
#include <anjian/period.hpp>
#include <anjian/rules/pack.hpp>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace anjian::rules::detail {

class Reader {
public:
    explicit Reader(std::string file) : file_(std::move(file)) {}

    const std::string& file() const { return file_; }
    const std::vector<Diagnostic>& problems() const { return problems_; }
    bool ok() const { return problems_.empty(); }
    void raise_if_any() const {
        if (!problems_.empty()) throw pack_error(problems_);
    }

    // Parses the text; on a syntax error records it and returns an undefined node.
    YAML::Node parse(std::string_view text) {
        try {
            return YAML::Load(std::string(text));
        } catch (const YAML::ParserException& e) {
            problems_.push_back({at(e.mark, ""), "YAML syntax: " + e.msg});
        }
        return YAML::Node(YAML::NodeType::Undefined);
    }

    Location locate(const YAML::Node& node, const std::string& path) const { return at(node.Mark(), path); }

    void problem(const YAML::Node& node, const std::string& path, std::string message) {
        problems_.push_back({at(node.Mark(), path), std::move(message)});
    }

    static std::string join(const std::string& path, std::string_view key) {
        return path.empty() ? std::string(key) : path + "." + std::string(key);
    }

    bool expect_map(const YAML::Node& node, const std::string& path) {
        if (node.IsMap()) return true;
        problem(node, path, "expected a mapping (key: value lines)");
        return false;
    }

    // Every key of `map` must be one of `allowed`, and appear once.
    void only_keys(const YAML::Node& map, const std::string& path, std::initializer_list<std::string_view> allowed) {
        only_keys(map, path, std::vector<std::string_view>(allowed));
    }

    void only_keys(const YAML::Node& map, const std::string& path, const std::vector<std::string_view>& allowed) {
        std::set<std::string> seen;
        for (const auto& kv : map) {
            const auto key = kv.first.Scalar();
            if (!seen.insert(key).second) problem(kv.first, join(path, key), "duplicate key '" + key + "'");
            bool known = false;
            for (const auto a : allowed) known = known || a == key;
            if (!known) {
                std::string list;
                for (const auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
                problem(kv.first, join(path, key), "unknown key '" + key + "' (allowed: " + list + ")");
            }
        }
    }

    std::optional<std::string> text(const YAML::Node& map, std::string_view key, const std::string& path,
                                    bool required) {
        const YAML::Node v = map[std::string(key)];
        if (!v) {
            if (required) problem(map, join(path, key), "missing required key '" + std::string(key) + "'");
            return std::nullopt;
        }
        if (!v.IsScalar() || v.Scalar().empty()) {
            problem(v, join(path, key), "expected a non-empty text");
            return std::nullopt;
        }
        return v.Scalar();
    }

    // A list of non-empty texts (empty when the key is absent); `what` names an element in problems.
    std::vector<std::string> texts(const YAML::Node& map, std::string_view key, const std::string& path,
                                   std::string_view what) {
        std::vector<std::string> out;
        const YAML::Node v = map[std::string(key)];
        if (!v) return out;
        if (!v.IsSequence()) {
            problem(v, join(path, key), "expected a list of " + std::string(what));
            return out;
        }
        for (const auto& x : v) {
            if (!x.IsScalar() || x.Scalar().empty())
                problem(x, join(path, key), "expected a list of " + std::string(what) + ", each a non-empty text");
            else
                out.push_back(x.Scalar());
        }
        return out;
    }

    // One of `choices`; nullopt (and a problem) otherwise.
    std::optional<std::string> choice(const YAML::Node& map, std::string_view key, const std::string& path,
                                      bool required, std::initializer_list<std::string_view> choices) {
        auto v = text(map, key, path, required);
        if (!v) return v;
        for (const auto c : choices)
            if (c == *v) return v;
        std::string list;
        for (const auto c : choices) list += (list.empty() ? "" : ", ") + std::string(c);
        problem(map[std::string(key)], join(path, key), "'" + *v + "' is not one of: " + list);
        return std::nullopt;
    }

    bool flag(const YAML::Node& map, std::string_view key, const std::string& path, bool fallback) {
        const YAML::Node v = map[std::string(key)];
        if (!v) return fallback;
        if (v.IsScalar() && (v.Scalar() == "true" || v.Scalar() == "false")) return v.Scalar() == "true";
        problem(v, join(path, key), "expected true or false");
        return fallback;
    }

    // A number at `node`; nullopt and a problem when it is not one.
    std::optional<double> number(const YAML::Node& v, const std::string& path) {
        try {
            if (v && v.IsScalar()) return v.as<double>();
        } catch (const YAML::Exception&) {
        }
        problem(v, path, "expected a number");
        return std::nullopt;
    }

    // The number under `key`, nullopt when the key is absent (callers decide what is required).
    std::optional<double> number(const YAML::Node& map, std::string_view key, const std::string& path) {
        const YAML::Node v = map[std::string(key)];
        return v ? number(v, join(path, key)) : std::nullopt;
    }

    // A whole number >= 0 under `key`, nullopt when absent.
    std::optional<int> count(const YAML::Node& map, std::string_view key, const std::string& path) {
        const auto v = number(map, key, path);
        if (!v) return std::nullopt;
        if (*v < 0 || *v > 1e9 || *v != static_cast<double>(static_cast<int>(*v))) {
            problem(map[std::string(key)], join(path, key), "expected a whole number >= 0");
            return std::nullopt;
        }
        return static_cast<int>(*v);
    }

    // An exact decimal as an integer count of 10^-places (0.75 with places 3 -> 750).
    std::optional<std::int64_t> decimal(const YAML::Node& v, const std::string& path, int places) {
        if (v && v.IsScalar())
            if (const auto d = scaled_decimal(v.Scalar(), places)) return d;
        problem(v, path, "expected a number with at most " + std::to_string(places) + " decimal places");
        return std::nullopt;
    }

    // An amount of money ("30万", "500000"), exact.
    std::optional<Money> money(const YAML::Node& v, const std::string& path) {
        if (!v || !v.IsScalar()) {
            problem(v, path, "expected an amount such as 30万 or 500000");  // law-in-code: an example of the syntax
            return std::nullopt;
        }
        try {
            return Money::parse(v.Scalar());
        } catch (const error& e) {
            problem(v, path, e.message());
        }
        return std::nullopt;
    }

    // The amount under `key`, nullopt when absent.
    std::optional<Money> money(const YAML::Node& map, std::string_view key, const std::string& path) {
        const YAML::Node v = map[std::string(key)];
        return v ? money(v, join(path, key)) : std::nullopt;
    }

    std::optional<date> day(const YAML::Node& node, const std::string& path) {
        if (!node.IsScalar()) {
            problem(node, path, "expected a date YYYY-MM-DD");
            return std::nullopt;
        }
        try {
            return Period::parse_date(node.Scalar());
        } catch (const error& e) {
            problem(node, path, e.message());
        }
        return std::nullopt;
    }

    // effective: {from: YYYY-MM-DD, to: YYYY-MM-DD | null}. `to` must be written: null says
    // "no end known" on purpose; leaving it out would be a silent carry-forward.
    std::optional<Effective> effective(const YAML::Node& map, const std::string& parent) {
        const YAML::Node v = map["effective"];
        if (!v) return std::nullopt;
        const std::string path = join(parent, "effective");
        if (!expect_map(v, path)) return std::nullopt;
        only_keys(v, path, {"from", "to"});
        if (!v["from"] || !v["to"]) {
            problem(v, path, "effective needs both 'from' and 'to' (to: null when no end is known)");
            return std::nullopt;
        }
        const auto from = day(v["from"], join(path, "from"));
        std::optional<date> to;
        if (!v["to"].IsNull()) {
            to = day(v["to"], join(path, "to"));
            if (!to) return std::nullopt;
        }
        if (!from) return std::nullopt;
        if (to && !(*from < *to)) {
            problem(v, path, "effective interval is empty: 'to' must be after 'from'");
            return std::nullopt;
        }
        return Effective{*from, to};
    }

    // `effective` where it must be written: its absence is a problem too.
    Effective required_effective(const YAML::Node& map, const std::string& parent, std::string_view what) {
        if (const auto e = effective(map, parent)) return *e;
        if (!map["effective"])
            problem(map, join(parent, "effective"),
                    "missing required key 'effective' (from, to): " + std::string(what));
        return {};
    }

private:
    Location at(const YAML::Mark& mark, const std::string& path) const {
        Location loc;
        loc.file = file_;
        if (mark.line >= 0) loc.line = mark.line + 1, loc.column = mark.column + 1;
        loc.key = path;
        return loc;
    }

    std::string file_;
    std::vector<Diagnostic> problems_;
};

// The bytes of a pack file; an error naming the path when it cannot be read.
inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw error("cannot open rule pack file '" + path + "'");
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

// `code` keys: lower-case ASCII identifiers, as used in formulas and column names.
inline bool valid_code(std::string_view s) {
    if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
    for (const char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

}  // namespace anjian::rules::detail
