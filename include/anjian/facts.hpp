#pragma once
// The facts a rule pack reads, declared with their types: a boolean, a number (with its unit), an
// enumeration (its values, their Chinese labels, other spellings), or a text. Given values are read
// through the declaration, so that 2, "2", "较大" and "larger" are one accident level, and a fact the
// pack does not declare is an error naming it. Conditions (condition.hpp) are checked against the
// declarations at load: a constant outside an enumeration, or a number compared with a text, is a
// problem of the pack, not a silent "no".

#include <algorithm>
#include <anjian/condition.hpp>
#include <anjian/error.hpp>
#include <cmath>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace anjian {

struct FactDecl {
    enum class Type { boolean, number, enumeration, text };
    std::string name;
    Type type = Type::text;
    std::string label_zh, unit;
    std::vector<std::string> values;              // enumeration: its values, in order
    std::map<std::string, std::string> aliases;   // enumeration: other spellings -> a value ("2" -> "较大")
    std::optional<Value> fallback;                // the value when the fact is not given (`default`)

    static const char* type_name(Type t) {
        switch (t) {
            case Type::boolean:
                return "boolean";
            case Type::number:
                return "number";
            case Type::enumeration:
                return "enum";
            case Type::text:
                return "text";
        }
        return "";
    }

    // A given value as this fact's typed value; nullopt when it cannot be one (the caller says where).
    std::optional<Value> read(const std::string& text) const {
        switch (type) {
            case Type::boolean:
                if (text == "true" || text == "1" || text == "是") return Value{true};
                if (text == "false" || text == "0" || text == "否") return Value{false};
                return std::nullopt;
            case Type::number:
                try {
                    std::size_t used = 0;
                    const double d = std::stod(text, &used);
                    if (used == text.size() && std::isfinite(d)) return Value{d};
                } catch (const std::exception&) {
                }
                return std::nullopt;
            case Type::enumeration: {
                if (std::find(values.begin(), values.end(), text) != values.end()) return Value{text};
                const auto it = aliases.find(text);
                if (it != aliases.end()) return Value{it->second};
                return std::nullopt;
            }
            case Type::text:
                return Value{text};
        }
        return std::nullopt;
    }

    std::string expected() const {
        if (type != Type::enumeration) return std::string("a ") + type_name(type);
        std::string list;
        for (const auto& v : values) list += (list.empty() ? "" : ", ") + v;
        return "one of " + list;
    }
};

// The declared facts of one or more packs.
struct FactSet {
    std::map<std::string, FactDecl> decls;

    const FactDecl* find(const std::string& name) const {
        const auto it = decls.find(name);
        return it == decls.end() ? nullptr : &it->second;
    }

    std::string names() const {
        std::string out;
        for (const auto& [n, d] : decls) out += (out.empty() ? "" : ", ") + n;
        return out;
    }

    // Given text values as typed values; an undeclared fact or a value of the wrong kind is an
    // input error naming the fact.
    std::map<std::string, Value> typed(const std::map<std::string, std::string>& given) const {
        std::map<std::string, Value> out;
        for (const auto& [name, text] : given) {
            const FactDecl* d = find(name);
            Location where;
            where.key = name;
            if (!d) throw input_error("unknown fact '" + name + "' (declared: " + names() + ")", where);
            const auto v = d->read(text);
            if (!v) throw input_error("fact '" + name + "' must be " + d->expected() + ", got '" + text + "'", where);
            out[name] = *v;
        }
        return out;
    }

    // The value a condition sees: the given one, else the declared default, else absent.
    const Value& lookup(const std::map<std::string, Value>& given, const std::string& name) const {
        static const Value absent;
        const auto it = given.find(name);
        if (it != given.end()) return it->second;
        const FactDecl* d = find(name);
        return d && d->fallback ? *d->fallback : absent;
    }

    // Adds another pack's declarations. A name already declared must keep its type, and an enum
    // may only name values the first declaration has (an overlay reads the same facts, it does not
    // redefine them); otherwise the name is returned as a clash.
    std::vector<std::string> merge(const FactSet& other) {
        std::vector<std::string> clashes;
        for (const auto& [n, d] : other.decls) {
            const auto it = decls.find(n);
            if (it == decls.end()) {
                decls.emplace(n, d);
                continue;
            }
            const auto& mine = it->second.values;
            const bool subset = std::all_of(d.values.begin(), d.values.end(), [&mine](const std::string& v) {
                return std::find(mine.begin(), mine.end(), v) != mine.end();
            });
            if (it->second.type != d.type || !subset) clashes.push_back(n);
        }
        return clashes;
    }
};

// Every condition reads a declared fact, ordered comparisons read numbers, and constants are of the
// fact's kind; the constants are rewritten as read through the declaration (an alias means its
// value). Returns what is wrong, one message per problem, for the caller to locate.
inline std::vector<std::string> type_conditions(When& w, const FactSet& facts) {
    std::vector<std::string> problems;
    for (auto& clause : w.any)
        for (auto& c : clause) {
            const FactDecl* d = facts.find(c.field);
            if (!d) {
                problems.push_back("the condition reads '" + c.field + "', which the pack does not declare (facts: " +
                                   facts.names() + ")");
                continue;
            }
            const bool ordered = c.op == Op::lt || c.op == Op::le || c.op == Op::gt || c.op == Op::ge;
            if (ordered && d->type != FactDecl::Type::number)
                problems.push_back("'" + c.field + "' is " + d->expected() + ": it cannot be compared with <, >");
            if (!c.other.empty()) {  // two facts compared: both declared, of one kind
                const FactDecl* o = facts.find(c.other);
                if (!o)
                    problems.push_back("the condition compares with '" + c.other +
                                       "', which the pack does not declare (facts: " + facts.names() + ")");
                else if (o->type != d->type || o->values != d->values)
                    problems.push_back("'" + c.field + "' (" + d->expected() + ") cannot be compared with '" +
                                       c.other + "' (" + o->expected() + ")");
                continue;
            }
            const auto read = [&](Value& v) {
                if (d->type == FactDecl::Type::number && std::holds_alternative<double>(v) &&
                    std::isfinite(std::get<double>(v)))
                    return;  // a number stays the number written (no round trip through text)
                if (const auto typed = d->read(to_string(v)))
                    v = *typed;
                else
                    problems.push_back("'" + c.field + "' must be " + d->expected() + ", the condition has '" +
                                       to_string(v) + "'");
            };
            if (c.op == Op::in)
                for (auto& a : c.among) read(a);
            else
                read(c.value);
        }
    return problems;
}

// What the values of one fact may be under a clause's conditions, over the fact's declared domain:
// a set of enumeration / boolean / text values (with `any_text` for texts not named), or a numeric
// interval. Used to decide at load whether two cases can hold together and which is more specific.
struct Constraint {
    std::set<std::string> allowed;  // enumeration, boolean ("true"/"false"), text
    bool any_text = false;          // text: every value not in `excluded`
    std::set<std::string> excluded;
    double lo = -std::numeric_limits<double>::infinity(), hi = std::numeric_limits<double>::infinity();
    bool lo_closed = false, hi_closed = false;
    bool numeric = false;

    static Constraint full(const FactDecl& d) {
        Constraint c;
        if (d.type == FactDecl::Type::number) {
            c.numeric = true;
        } else if (d.type == FactDecl::Type::boolean) {
            c.allowed = {"false", "true"};
        } else if (d.type == FactDecl::Type::enumeration) {
            c.allowed = std::set<std::string>(d.values.begin(), d.values.end());
        } else {
            c.any_text = true;
        }
        return c;
    }

    bool empty() const {
        if (numeric) return lo > hi || (lo == hi && !(lo_closed && hi_closed));
        return !any_text && allowed.empty();
    }

    // Narrowed by one condition (its constant already checked against the declaration).
    void apply(const Condition& c) {
        if (!c.other.empty()) return;  // compared with another fact: not narrowed here (conservative)
        const auto key = [](const Value& v) { return to_string(v); };
        if (numeric) {
            if (c.op == Op::in) return;  // numbers in a list: not narrowed here (conservative)
            if (!std::holds_alternative<double>(c.value)) return;
            const double v = std::get<double>(c.value);
            const auto raise_lo = [&](double x, bool closed) {
                if (x > lo || (x == lo && !closed)) lo = x, lo_closed = closed;
            };
            const auto lower_hi = [&](double x, bool closed) {
                if (x < hi || (x == hi && !closed)) hi = x, hi_closed = closed;
            };
            if (c.op == Op::is || c.op == Op::eq) raise_lo(v, true), lower_hi(v, true);
            if (c.op == Op::gt) raise_lo(v, false);
            if (c.op == Op::ge) raise_lo(v, true);
            if (c.op == Op::lt) lower_hi(v, false);
            if (c.op == Op::le) lower_hi(v, true);
            return;
        }
        std::set<std::string> keep;
        if (c.op == Op::in)
            for (const auto& a : c.among) keep.insert(key(a));
        else
            keep.insert(key(c.value));
        if (c.op == Op::ne) {
            if (any_text)
                excluded.insert(keep.begin(), keep.end());
            else
                for (const auto& k : keep) allowed.erase(k);
            return;
        }
        if (any_text) {
            any_text = false;
            for (const auto& k : keep)
                if (!excluded.count(k)) allowed.insert(k);
        } else {
            std::set<std::string> both;
            std::set_intersection(allowed.begin(), allowed.end(), keep.begin(), keep.end(),
                                  std::inserter(both, both.begin()));
            allowed = both;
        }
    }

    bool overlaps(const Constraint& o) const {
        if (numeric) {
            Constraint both = *this;
            if (o.lo > both.lo || (o.lo == both.lo && !o.lo_closed)) both.lo = o.lo, both.lo_closed = o.lo_closed;
            if (o.hi < both.hi || (o.hi == both.hi && !o.hi_closed)) both.hi = o.hi, both.hi_closed = o.hi_closed;
            return !both.empty();
        }
        if (any_text && o.any_text) return true;
        if (any_text || o.any_text) {
            const Constraint& open = any_text ? *this : o;
            const Constraint& closed = any_text ? o : *this;
            return std::any_of(closed.allowed.begin(), closed.allowed.end(),
                               [&](const std::string& v) { return !open.excluded.count(v); });
        }
        return std::any_of(allowed.begin(), allowed.end(), [&](const std::string& v) { return o.allowed.count(v); });
    }

    // Every value this allows, `o` allows too.
    bool within(const Constraint& o) const {
        if (numeric) {
            const bool lo_ok = lo > o.lo || (lo == o.lo && (!lo_closed || o.lo_closed));
            const bool hi_ok = hi < o.hi || (hi == o.hi && (!hi_closed || o.hi_closed));
            return lo_ok && hi_ok;
        }
        if (any_text) return o.any_text && std::includes(excluded.begin(), excluded.end(), o.excluded.begin(), o.excluded.end());
        if (o.any_text)
            return std::none_of(allowed.begin(), allowed.end(), [&](const std::string& v) { return o.excluded.count(v); });
        return std::includes(o.allowed.begin(), o.allowed.end(), allowed.begin(), allowed.end());
    }

    bool operator==(const Constraint& o) const { return within(o) && o.within(*this); }
};

// A clause (conditions that must all hold) as one constraint per fact it names; other facts are
// unconstrained. Facts must be declared.
inline std::map<std::string, Constraint> constraints_of(const std::vector<Condition>& clause, const FactSet& facts) {
    std::map<std::string, Constraint> out;
    for (const auto& c : clause) {
        const FactDecl* d = facts.find(c.field);
        if (!d) continue;
        auto it = out.find(c.field);
        if (it == out.end()) it = out.emplace(c.field, Constraint::full(*d)).first;
        it->second.apply(c);
    }
    return out;
}

// Two clauses can hold at the same time.
inline bool can_both_hold(const std::map<std::string, Constraint>& a, const std::map<std::string, Constraint>& b) {
    for (const auto& [f, ca] : a) {
        if (ca.empty()) return false;
        const auto it = b.find(f);
        if (it != b.end() && !ca.overlaps(it->second)) return false;
    }
    for (const auto& [f, cb] : b)
        if (cb.empty()) return false;
    return true;
}

// `a` is more specific than `b`: whatever satisfies a satisfies b, and not the other way round.
inline bool more_specific(const std::map<std::string, Constraint>& a, const std::map<std::string, Constraint>& b) {
    for (const auto& [f, cb] : b) {
        const auto it = a.find(f);
        if (it == a.end() || !it->second.within(cb)) return false;
    }
    // Strict: a names a fact b does not, or narrows one b names.
    for (const auto& [f, ca] : a) {
        const auto it = b.find(f);
        if (it == b.end() || !(ca == it->second)) return true;
    }
    return false;
}

}  // namespace anjian
