#pragma once
// Conditions over named values -- an inspection's findings, an event's fields -- as rule packs
// write them: `{fact: freezing_room_workers, ">": 9}`. Three-valued: a condition on a value that
// was not given is unknown, and a rule is "not assessed" rather than silently false.

#include <anjian/error.hpp>
#include <charconv>
#include <string>
#include <variant>
#include <vector>

namespace anjian {

// Absent, a boolean, a number or a text.
using Value = std::variant<std::monostate, bool, double, std::string>;

// v as text appended to `out`: a rule's reasons are written into one string, not joined from pieces.
inline void append(std::string& out, const Value& v) {
    if (std::holds_alternative<bool>(v)) {
        out += std::get<bool>(v) ? "true" : "false";
    } else if (std::holds_alternative<double>(v)) {  // the shortest text that reads back as the same number
        char buf[400];  // fixed notation: 1000000, not 1e+06; the largest double has 309 digits
        out.append(buf, std::to_chars(buf, buf + sizeof buf, std::get<double>(v), std::chars_format::fixed).ptr);
    } else if (std::holds_alternative<std::string>(v)) {
        out += std::get<std::string>(v);
    } else {
        out += "(not given)";
    }
}

inline std::string to_string(const Value& v) {
    std::string out;
    append(out, v);
    return out;
}

enum class Truth { no, yes, unknown };

enum class Op { is, lt, le, gt, ge, eq, ne, in };
inline constexpr const char* op_names[] = {"is", "<", "<=", ">", ">=", "==", "!=", "in"};

struct Condition {
    std::string field;
    Op op = Op::is;
    Value value;               // the constant compared with (for `in`: unused)
    std::string other;         // compare with this field instead of `value` when set
    std::vector<Value> among;  // for `in`

    std::string str() const {
        std::string out;
        append_to(out);
        return out;
    }
    // "level is 较大", "grade in [1, 2]", "a < b" appended to `out`.
    void append_to(std::string& out) const {
        ((out += field) += ' ') += op_names[static_cast<int>(op)];
        out += ' ';
        if (op == Op::in) {
            out += '[';
            for (std::size_t k = 0; k < among.size(); ++k) {
                if (k) out += ", ";
                append(out, among[k]);
            }
            out += ']';
        } else if (other.empty()) {
            append(out, value);
        } else {
            out += other;
        }
    }

    template <class Lookup>
    Truth test(const Lookup& get) const {
        const auto& x = get(field);  // a reference, or a temporary kept alive
        if (std::holds_alternative<std::monostate>(x)) return Truth::unknown;
        if (op == Op::in) {
            for (const auto& a : among)
                if (x == a) return Truth::yes;  // variants of different kinds are never equal
            return Truth::no;
        }
        const Value& y = other.empty() ? value : get(other);
        if (std::holds_alternative<std::monostate>(y)) return Truth::unknown;
        if (op == Op::is || op == Op::eq) return x == y ? Truth::yes : Truth::no;
        if (op == Op::ne) return x == y ? Truth::no : Truth::yes;
        if (!std::holds_alternative<double>(x) || !std::holds_alternative<double>(y))
            throw input_error("'" + field + "' " + op_names[static_cast<int>(op)] + " needs numbers, got '" +
                              to_string(x) + "' and '" + to_string(y) + "'");
        const double a = std::get<double>(x), b = std::get<double>(y);
        const bool r = op == Op::lt ? a < b : op == Op::le ? a <= b : op == Op::gt ? a > b : a >= b;
        return r ? Truth::yes : Truth::no;
    }
};

// A rule's `when`: any one of the clauses, each of which needs all of its conditions.
struct When {
    std::vector<std::vector<Condition>> any;

    template <class Lookup>
    Truth test(const Lookup& get) const {
        bool unknown = false;
        for (const auto& clause : any) {
            Truth t = Truth::yes;
            for (const auto& c : clause) {
                const Truth ct = c.test(get);
                if (ct == Truth::no) {
                    t = Truth::no;
                    break;
                }
                if (ct == Truth::unknown) t = Truth::unknown;
            }
            if (t == Truth::yes) return Truth::yes;
            unknown = unknown || t == Truth::unknown;
        }
        return unknown ? Truth::unknown : Truth::no;
    }

    // Every clause as text: "a and b or c".
    std::string str() const {
        std::string out;
        for (std::size_t k = 0; k < any.size(); ++k) {
            if (k) out += " or ";
            for (std::size_t c = 0; c < any[k].size(); ++c) {
                if (c) out += " and ";
                any[k][c].append_to(out);
            }
        }
        return out;
    }

    // The clause that holds, as text: "tank_farm_hazard_grade in [1, 2] and tank_farm_emergency_shutoff is false".
    template <class Lookup>
    std::string why(const Lookup& get) const {
        for (const auto& clause : any) {
            bool all = true;
            for (const auto& c : clause) all = all && c.test(get) == Truth::yes;
            if (!all) continue;
            std::string out;
            for (const auto& c : clause) {
                if (!out.empty()) out += " and ";
                c.append_to(out);
                if (c.op != Op::is || !c.other.empty()) {
                    out += " (";
                    append(out, get(c.field));
                    out += ')';
                }
            }
            return out;
        }
        return "";
    }

    // Every field the conditions read.
    std::vector<std::string> fields() const {
        std::vector<std::string> out;
        for (const auto& clause : any)
            for (const auto& c : clause) {
                out.push_back(c.field);
                if (!c.other.empty()) out.push_back(c.other);
            }
        return out;
    }
};

}  // namespace anjian
