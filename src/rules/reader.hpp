#pragma once
// Reading a YAML rule pack while collecting every problem with its file, line and key
// path, instead of stopping at the first. Shared by every rule family's loader.

#include <yaml-cpp/yaml.h>

#include <anjian/decimal.hpp>
#include <anjian/error.hpp>
#include <anjian/money.hpp>
#include <anjian/period.hpp>
#include <anjian/rules/pack.hpp>
#include <cmath>
#include <cstdio>
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

    // Limits a pack must keep (the largest built-in pack has a few thousand nodes): a bigger one is
    // refused before its content is read, so aliases repeated thousands of times cannot make loading
    // take minutes and gigabytes.
    static constexpr std::size_t max_nodes = 200'000;  // after YAML aliases are expanded

    // Parses the text; on invalid UTF-8, a syntax error, a key given twice in one mapping or more than
    // max_nodes nodes records the problem and returns an undefined node.
    YAML::Node parse(std::string_view text) {
        if (!utf8(text)) return YAML::Node(YAML::NodeType::Undefined);
        YAML::Node root;
        try {
            root = YAML::Load(std::string(text));
        } catch (const YAML::Exception& e) {  // syntax, and yaml-cpp's own nesting limit
            problems_.push_back({at(e.mark, ""), "YAML syntax: " + e.msg});
            return YAML::Node(YAML::NodeType::Undefined);
        }
        return walk(root) ? root : YAML::Node(YAML::NodeType::Undefined);  // duplicates: problems, read on
    }

    Location locate(const YAML::Node& node, const std::string& path) const { return at(mark_of(node), path); }

    void problem(const YAML::Node& node, const std::string& path, std::string message) {
        problems_.push_back({at(mark_of(node), path), std::move(message)});
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
        for (const auto& kv : map) {  // keys given twice were refused by parse()
            const auto key = kv.first.Scalar();
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
            if (v && v.IsScalar()) {
                const double x = v.as<double>();
                if (std::isfinite(x)) return x;
                problem(v, path, "expected a finite number, got " + v.Scalar());
                return std::nullopt;
            }
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
            const Money m = Money::parse(v.Scalar());
            if (m.fen() >= 0) return m;
            problem(v, path, "an amount of a fine or threshold cannot be negative");
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
    // Every byte sequence valid UTF-8; else a problem at the line and column of the first bad byte.
    bool utf8(std::string_view text) {
        std::size_t i = 0, line = 1, line_start = 0;
        while (i < text.size()) {
            const auto c = static_cast<unsigned char>(text[i]);
            const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
            bool ok = n > 0 && i + n <= text.size() && !(n == 2 && c < 0xC2);
            for (std::size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
            if (!ok) {
                Location where;
                where.file = file_;
                where.line = static_cast<int>(line);
                where.column = static_cast<int>(i - line_start + 1);
                char hex[8];
                std::snprintf(hex, sizeof hex, "0x%02X", c);
                problems_.push_back({where, std::string("not UTF-8 (byte ") + hex + "): save the pack as UTF-8"});
                return false;
            }
            if (c == '\n') ++line, line_start = i + 1;
            i += n;
        }
        return true;
    }

    // Counts the nodes as aliases expand them and refuses a key given twice in one mapping (yaml-cpp
    // keeps one of the two silently).
    bool walk(const YAML::Node& root) {
        std::vector<std::pair<YAML::Node, std::string>> todo{{root, ""}};
        std::size_t seen = 0;
        while (!todo.empty()) {
            auto [node, path] = std::move(todo.back());
            todo.pop_back();
            if (++seen > max_nodes) {
                problems_.push_back({at(mark_of(root), ""), "more than " + std::to_string(max_nodes) +
                                                              " YAML nodes (after aliases are expanded): not a rule pack"});
                return false;
            }
            if (node.IsSequence()) {
                for (std::size_t k = 0; k < node.size(); ++k) todo.emplace_back(node[k], path + "[" + std::to_string(k) + "]");
            } else if (node.IsMap()) {
                std::set<std::string> keys;
                for (const auto& kv : node) {
                    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
                    if (!keys.insert(key).second) problem(kv.first, join(path, key), "duplicate key '" + key + "'");
                    todo.emplace_back(kv.second, join(path, key));
                }
            }
        }
        return true;
    }

    // Where a node stands; a node that does not exist (a key looked up in something that is not a
    // mapping) has no place, and yaml-cpp would throw for it: the problem then names only its key path.
    static YAML::Mark mark_of(const YAML::Node& node) {
        try {
            return node.Mark();
        } catch (const YAML::Exception&) {
            return YAML::Mark::null_mark();
        }
    }

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

inline constexpr std::size_t max_pack_bytes = std::size_t{16} << 20;  // the largest built-in pack is ~100 KB

// The bytes of a pack file; an error naming the path when it cannot be read or is larger than
// max_pack_bytes (read no further: /dev/zero is no pack).
inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw error("cannot open rule pack file '" + path + "'");
    std::string out;
    char chunk[1 << 16];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
        out.append(chunk, static_cast<std::size_t>(in.gcount()));
        if (out.size() > max_pack_bytes)
            throw error("rule pack file '" + path + "' is larger than " + std::to_string(max_pack_bytes >> 20) +
                        " MB: not a rule pack");
    }
    return out;
}

// `code` keys: lower-case ASCII identifiers, as used in formulas and column names.
inline bool valid_code(std::string_view s) {
    if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
    for (const char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

}  // namespace anjian::rules::detail
