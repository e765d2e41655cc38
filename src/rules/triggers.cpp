// Trigger rules (kind: trigger_rules) from rule packs.
#include <anjian/rules/triggers.hpp>

#include "condition.hpp"
#include "family.hpp"
#include "header.hpp"
#include "reader.hpp"

namespace anjian::rules {
namespace {

using triggers::Rule;
using triggers::RuleSet;
using triggers::Window;

std::vector<std::string> names(detail::Reader& r, const YAML::Node& map, std::string_view key,
                               const std::string& path) {
    return r.texts(map, key, path, "field names");
}

Window read_window(detail::Reader& r, const YAML::Node& v, const std::string& path) {
    Window w;
    if (!r.expect_map(v, path)) return w;
    r.only_keys(v, path, {"days", "months", "years", "calendar"});
    if (v.size() != 1) {
        r.problem(v, path, "a window is one of {days: N}, {months: N}, {years: N}, {calendar: year|month}");
        return w;
    }
    if (v["calendar"]) {
        const auto c = r.choice(v, "calendar", path, true, {"year", "month"});
        w.kind = c.value_or("year") == "year" ? Window::Kind::calendar_year : Window::Kind::calendar_month;
        return w;
    }
    for (const auto& [key, kind] : {std::pair{"days", Window::Kind::days}, std::pair{"months", Window::Kind::months},
                                    std::pair{"years", Window::Kind::years}})
        if (v[key]) {
            w.kind = kind;
            w.n = r.count(v, key, path).value_or(0);
            if (w.n == 0) r.problem(v[key], path + "." + key, "a window is at least 1");
        }
    return w;
}

void read_rule(detail::Reader& r, const std::string& id, const YAML::Node& x, const std::string& path, RuleSet& set) {
    if (!r.expect_map(x, path)) return;
    r.only_keys(x, path,
                {"action", "title_zh", "basis", "source", "note", "verified", "effective", "events", "match", "count",
                 "within", "group_by", "same", "requires", "scope", "date_field", "undated"});
    Rule rule;
    rule.id = id;
    if (!detail::valid_code(id)) r.problem(x, path, "a rule id is lower-case ASCII letters, digits and _");
    rule.action = r.text(x, "action", path, true).value_or("");
    rule.title_zh = r.text(x, "title_zh", path, true).value_or("");
    rule.basis = r.text(x, "basis", path, true).value_or("");
    rule.source = r.text(x, "source", path, true).value_or("");
    rule.note = r.text(x, "note", path, false).value_or("");
    rule.verified = r.flag(x, "verified", path, true);
    rule.effective = r.required_effective(x, path, "since when the rule applies");
    rule.events = r.text(x, "events", path, false).value_or("");
    if (x["match"]) {
        rule.match = detail::read_when(r, x["match"], path + ".match");
        detail::check_when(r, rule.match, set.facts, x["match"], path + ".match");
    }
    if (x["requires"]) {
        rule.prerequisite = detail::read_when(r, x["requires"], path + ".requires");
        detail::check_when(r, rule.prerequisite, set.facts, x["requires"], path + ".requires");
    }
    if (const YAML::Node scope = x["scope"]; scope && r.expect_map(scope, path + ".scope")) {
        const std::string at = path + ".scope";
        r.only_keys(scope, at, {"when", "basis", "source"});
        rule.scope_basis = r.text(scope, "basis", at, true).value_or("");
        rule.scope_source = r.text(scope, "source", at, true).value_or("");
        if (!scope["when"]) {
            r.problem(scope, at + ".when", "missing required key 'when' (whom the instrument applies to)");
        } else {
            rule.scope = detail::read_when(r, scope["when"], at + ".when");
            detail::check_when(r, rule.scope, set.facts, scope["when"], at + ".when");
        }
    }
    rule.count = r.count(x, "count", path).value_or(1);
    if (rule.count < 1) r.problem(x["count"], path + ".count", "count is at least 1");
    if (x["within"]) rule.within = read_window(r, x["within"], path + ".within");
    if (rule.count > 1 && rule.within.kind == Window::Kind::none)
        r.problem(x, path + ".within", "a count above 1 needs a window ('within')");
    rule.group_by = names(r, x, "group_by", path);
    if (rule.group_by.empty())
        r.problem(x, path + ".group_by", "missing required key 'group_by' (e.g. [unit] or [region])");
    rule.same = names(r, x, "same", path);
    for (const auto* list : {&rule.group_by, &rule.same})
        for (const auto& name : *list)
            if (!set.facts.find(name))
                r.problem(x, path, "groups by '" + name + "', which the pack does not declare (facts: " +
                                       set.facts.names() + ")");
    rule.date_field = r.text(x, "date_field", path, false).value_or("date");
    if (const auto undated = r.choice(x, "undated", path, false, {"refused", "pending"})) {
        rule.undated_pending = *undated == "pending";
        if (rule.undated_pending && rule.date_field == "date")
            r.problem(x["undated"], path + ".undated",
                      "an event without its own date cannot be pending: 'pending' is for a later date_field "
                      "(decision_date)");
    }
    set.rules.push_back(std::move(rule));
}

RuleSet parse(std::string_view text, const std::string& file, bool builtin) {
    detail::Reader r(file);
    const YAML::Node root = detail::open_pack(r, text, {"source", "counting", "facts", "rules"});
    RuleSet set;
    set.pack = detail::read_header(r, root, text, "trigger_rules", builtin);
    set.facts = detail::read_facts(r, root["facts"], "facts");
    // Event cells are compared as they are written: an enumeration here names its values, no aliases
    // (a cell outside the values is refused, naming them).
    for (const auto& [name, d] : set.facts.decls)
        if (!d.aliases.empty())
            r.problem(root["facts"][name], "facts." + name,
                      "a trigger pack's enumeration takes no aliases: event cells must be one of its values");
    set.source = r.text(root, "source", "", true).value_or("");
    if (const YAML::Node c = root["counting"]; !c) {
        r.problem(root, "counting", "missing required key 'counting' (how windows count days)");
    } else if (r.expect_map(c, "counting")) {
        r.only_keys(c, "counting", {"start_day", "source", "verified"});
        set.start_day_counts =
            r.choice(c, "start_day", "counting", true, {"excluded", "included"}).value_or("") == "included";
        set.counting = r.text(c, "source", "counting", true).value_or("");
        r.flag(c, "verified", "counting", true);
    }
    const YAML::Node rules = root["rules"];
    if (!rules || !r.expect_map(rules, "rules"))
        r.problem(rules ? rules : root, "rules", "expected the rules as id: {action, match, count, within, group_by}");
    else
        for (const auto& kv : rules) read_rule(r, kv.first.Scalar(), kv.second, "rules." + kv.first.Scalar(), set);
    r.raise_if_any();
    return set;
}

using TriggerPacks = detail::Family<RuleSet, parse>;

}  // namespace

triggers::RuleSet parse_triggers(std::string_view text, const std::string& file) {
    return TriggerPacks::from_text(text, file);
}
triggers::RuleSet trigger_rules(std::string_view name_or_path) { return TriggerPacks::named(name_or_path); }

}  // namespace anjian::rules
