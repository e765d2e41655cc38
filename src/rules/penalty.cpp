// Penalty tables from rule packs.
#include <algorithm>
#include <anjian/decimal.hpp>
#include <anjian/rules/penalty.hpp>
#include <anjian/rules/validate.hpp>
#include <tuple>

#include "condition.hpp"
#include "family.hpp"
#include "header.hpp"
#include "reader.hpp"

namespace anjian::rules {
namespace {

using penalty::Case;
using penalty::Fine;
using penalty::Law;
using penalty::Provision;
using penalty::Table;
using penalty::Version;

constexpr std::string_view parties[] = {"unit", "principal", "responsible", "other_manager", "investor"};

// A percentage from 0 to 100 with at most two decimals, exact, in hundredths.
std::optional<std::int64_t> percent(detail::Reader& r, const YAML::Node& v, const std::string& path) {
    if (v.IsScalar())
        if (const auto p = scaled_decimal(v.Scalar(), 2); p && *p >= 0 && *p <= 10000) return p;
    r.problem(v, path, "expected a percentage between 0 and 100 with at most two decimals");
    return std::nullopt;
}

// A multiple no statute comes near (they name up to a few times): larger is a typing mistake.
constexpr std::int64_t most_times = 100 * 100;  // in hundredths

// [low, high] with `lowest` <= low <= high <= 100 times, exact to two decimals, in hundredths.
std::optional<std::pair<std::int64_t, std::int64_t>> times(detail::Reader& r, const YAML::Node& t,
                                                           const std::string& path, std::int64_t lowest,
                                                           const std::string& expected) {
    if (t && t.IsSequence() && t.size() == 2 && t[0].IsScalar() && t[1].IsScalar()) {
        const auto lo = scaled_decimal(t[0].Scalar(), 2), hi = scaled_decimal(t[1].Scalar(), 2);
        if (lo && hi && *lo >= lowest && *lo <= *hi && *hi <= most_times) return std::pair(*lo, *hi);
    }
    r.problem(t, path, expected);
    return std::nullopt;
}

std::optional<Fine> fine(detail::Reader& r, const YAML::Node& f, const std::string& path) {
    if (!r.expect_map(f, path)) return std::nullopt;
    r.only_keys(f, path, {"from", "to", "up_to", "income_share", "gains_times", "gains_threshold"});
    Fine out;
    if (f["gains_times"]) {  // 违法所得 >= threshold: [a, b] times the gains; otherwise from..to
        out.kind = Fine::Kind::gains_multiple;
        if (const auto t = times(r, f["gains_times"], path + ".gains_times", 1,
                                 "expected [low, high] times with 0 < low <= high <= 100, at most two decimals"))
            std::tie(out.share_from, out.share_to) = *t;
        const auto th = r.money(f, "gains_threshold", path);
        const auto lo = r.money(f, "from", path), hi = r.money(f, "to", path);
        if (!th || !lo || !hi) {
            r.problem(f, path, "a multiple of 违法所得 needs gains_threshold, and from/to for gains below it");
            return std::nullopt;
        }
        out.threshold = *th, out.min = *lo, out.max = *hi;
        return out;
    }
    if (f["income_share"]) {
        out.kind = Fine::Kind::income_share;
        const YAML::Node s = f["income_share"];
        const std::string sp = path + ".income_share";
        const auto lo = percent(r, s.IsSequence() && s.size() == 2 ? s[0] : s, sp);
        const auto hi = percent(r, s.IsSequence() && s.size() == 2 ? s[1] : s, sp);
        if (!lo || !hi) return std::nullopt;
        if (*lo > *hi) r.problem(s, sp, "the lower share is above the upper one");
        out.share_from = *lo, out.share_to = *hi;
        return out;
    }
    if (f["up_to"]) {
        const auto max = r.money(f, "up_to", path);
        if (!max) return std::nullopt;
        out.max = *max, out.open_below = true;
        return out;
    }
    const auto lo = r.money(f, "from", path), hi = r.money(f, "to", path);
    if (!f["from"] || !f["to"]) r.problem(f, path, "a fine is {from: X, to: Y}, {up_to: Y} or {income_share: [a, b]}");
    if (!lo || !hi) return std::nullopt;
    if (*lo > *hi) r.problem(f, path, "'from' is above 'to'");
    out.min = *lo, out.max = *hi;
    return out;
}

void read_laws(detail::Reader& r, const YAML::Node& node, Table& t) {
    if (!node || !r.expect_map(node, "laws")) {
        if (!node) r.problem(YAML::Node(), "laws", "missing required key 'laws'");
        return;
    }
    for (const auto& kv : node) {
        Law l;
        l.id = kv.first.Scalar();
        const std::string path = "laws." + l.id;
        if (!r.expect_map(kv.second, path)) continue;
        r.only_keys(kv.second, path,
                    {"name_zh", "edition", "rank", "sector", "defers", "effective", "source", "verified"});
        l.rank = r.choice(kv.second, "rank", path, false, {"法律", "行政法规", "部门规章", "地方性法规"}).value_or("");
        l.sector = r.text(kv.second, "sector", path, false).value_or("");
        l.defers = r.text(kv.second, "defers", path, false).value_or("");
        l.name_zh = r.text(kv.second, "name_zh", path, true).value_or("");
        l.edition = r.text(kv.second, "edition", path, true).value_or("");
        l.source = r.text(kv.second, "source", path, true).value_or("");
        l.verified = r.flag(kv.second, "verified", path, true);
        const auto eff = r.effective(kv.second, path);
        if (!eff) {
            if (!kv.second["effective"])
                r.problem(kv.second, path + ".effective", "a law edition needs its effective interval");
            continue;
        }
        l.effective = *eff;
        t.laws[l.id] = l;
    }
}

// Two cases of one article that can both hold must be ordered: one more specific than the other
// (it names more facts, or narrows one), so that the case selected never depends on their order.
void check_specificity(detail::Reader& r, const YAML::Node& cases, const std::string& path, const Version& v,
                       const FactSet& facts) {
    const auto clause = [&](const Case& c) {
        return c.when.any.empty() ? std::map<std::string, Constraint>{}
                                  : constraints_of(c.when.any.front(), facts);
    };
    for (std::size_t a = 0; a < v.cases.size(); ++a)
        for (std::size_t b = a + 1; b < v.cases.size(); ++b) {
            if (v.cases[a].when.any.size() > 1 || v.cases[b].when.any.size() > 1) continue;  // `any`: not compared
            const auto ca = clause(v.cases[a]), cb = clause(v.cases[b]);
            if (can_both_hold(ca, cb) && !more_specific(ca, cb) && !more_specific(cb, ca))
                r.problem(cases[b], path + ".cases[" + std::to_string(b) + "]",
                          "can hold together with cases[" + std::to_string(a) +
                              "] and neither is more specific: one set of facts would select two cases");
        }
}

void read_version(detail::Reader& r, const YAML::Node& v, const std::string& path, const Table& t, Provision& p) {
    if (!r.expect_map(v, path)) return;
    r.only_keys(v, path, {"law", "article", "items", "cases", "aggravated", "source", "verified", "not_encoded"});
    Version out;
    out.law = r.text(v, "law", path, true).value_or("");
    if (!out.law.empty() && !t.laws.count(out.law))
        r.problem(v["law"], path + ".law", "'" + out.law + "' is not a law of this pack");
    try {
        out.article = v["article"] ? v["article"].as<int>() : 0;
    } catch (const YAML::Exception&) {
    }
    if (out.article <= 0)
        r.problem(v["article"] ? v["article"] : v, path + ".article",
                  "expected the article number, a positive whole number");
    out.source = r.text(v, "source", path, true).value_or("");
    out.verified = r.flag(v, "verified", path, true);
    if (v["items"]) out.items = r.count(v, "items", path).value_or(0);
    if (v["not_encoded"]) {  // the article exists in this edition; its text is not encoded
        out.not_encoded = r.text(v, "not_encoded", path, true).value_or("");
        for (const char* key : {"cases", "aggravated"})
            if (v[key]) r.problem(v[key], path + "." + key, "a version marked not_encoded has no " + std::string(key));
        p.versions.push_back(std::move(out));
        return;
    }
    if (const YAML::Node agg = v["aggravated"]; agg && r.expect_map(agg, path + ".aggravated")) {
        r.only_keys(agg, path + ".aggravated", {"multiplier", "paragraph", "text"});
        const YAML::Node m = agg["multiplier"];
        out.aggravated_multiplier = times(r, m ? m : agg, path + ".aggravated.multiplier", 100,
                                          "expected [low, high] with 1 <= low <= high <= 100, at most two decimals");
        out.aggravated_paragraph = r.text(agg, "paragraph", path + ".aggravated", false).value_or("");
        out.aggravated_text = r.text(agg, "text", path + ".aggravated", true).value_or("");
    }
    const YAML::Node cases = v["cases"];
    if (!cases || !cases.IsSequence() || cases.size() == 0)
        r.problem(cases ? cases : v, path + ".cases", "expected a non-empty list of cases");
    else
        for (std::size_t i = 0; i < cases.size(); ++i) {
            const std::string cp = path + ".cases[" + std::to_string(i) + "]";
            const YAML::Node c = cases[i];
            if (!r.expect_map(c, cp)) continue;
            Case k;
            for (const auto& kv : c) {
                const std::string key = kv.first.Scalar();
                if (key == "when") {
                    k.when = detail::read_when(r, kv.second, cp + ".when");
                    detail::check_when(r, k.when, t.facts, kv.second, cp + ".when");
                } else if (key == "paragraph") {
                    k.paragraph = kv.second.Scalar();
                } else if (key == "measures") {
                    if (!kv.second.IsSequence())
                        r.problem(kv.second, cp + ".measures", "expected a list of measures");
                    else
                        for (const auto& m : kv.second) k.measures.push_back(m.Scalar());
                } else if (std::find(std::begin(parties), std::end(parties), key) != std::end(parties)) {
                    if (const auto f = fine(r, kv.second, cp + "." + key)) k.fines[key] = *f;
                } else {
                    r.problem(kv.first, cp + "." + key,
                              "unknown key '" + key +
                                  "' (when, paragraph, measures, or a party: unit, principal, responsible, "
                                  "other_manager, investor)");
                }
            }
            if (k.fines.empty() && k.measures.empty())
                r.problem(c, cp, "a case needs a fine for at least one party, or measures");
            out.cases.push_back(std::move(k));
        }
    check_specificity(r, cases, path, out, t.facts);
    p.versions.push_back(std::move(out));
}

void read_provisions(detail::Reader& r, const YAML::Node& node, Table& t) {
    if (!node || !r.expect_map(node, "provisions")) {
        if (!node) r.problem(YAML::Node(), "provisions", "missing required key 'provisions'");
        return;
    }
    for (const auto& kv : node) {
        Provision p;
        p.id = kv.first.Scalar();
        const std::string path = "provisions." + p.id;
        if (!detail::valid_code(p.id)) r.problem(kv.first, path, "provision id must be lower_snake_case ASCII");
        if (!r.expect_map(kv.second, path)) continue;
        r.only_keys(kv.second, path, {"title_zh", "versions"});
        p.title_zh = r.text(kv.second, "title_zh", path, true).value_or("");
        const YAML::Node versions = kv.second["versions"];
        if (!versions || !versions.IsSequence() || versions.size() == 0) {
            r.problem(versions ? versions : kv.second, path + ".versions", "expected a non-empty list of versions");
            continue;
        }
        for (std::size_t i = 0; i < versions.size(); ++i)
            read_version(r, versions[i], path + ".versions[" + std::to_string(i) + "]", t, p);
        // At most one version in force on any day: their laws' intervals may not overlap.
        for (std::size_t a = 0; a < p.versions.size(); ++a)
            for (std::size_t b = a + 1; b < p.versions.size(); ++b) {
                const auto la = t.laws.find(p.versions[a].law), lb = t.laws.find(p.versions[b].law);
                if (la == t.laws.end() || lb == t.laws.end()) continue;
                const auto& x = la->second.effective;
                const auto& y = lb->second.effective;
                const bool overlap = (!x.to || y.from < *x.to) && (!y.to || x.from < *y.to);
                if (overlap)
                    r.problem(versions[b], path + ".versions[" + std::to_string(b) + "]",
                              "in force at the same time as versions[" + std::to_string(a) + "] (" + x.str() + " and " +
                                  y.str() + "): one act date would have two articles");
            }
        // No gap between the first and last version: a day inside it with no article would be
        // a silent hole in the law's history.
        std::vector<std::pair<date, std::optional<date>>> spans;
        for (const auto& v : p.versions)
            if (const auto l = t.laws.find(v.law); l != t.laws.end())
                spans.emplace_back(l->second.effective.from, l->second.effective.to);
        std::sort(spans.begin(), spans.end());
        for (std::size_t i = 1; i < spans.size(); ++i)
            if (spans[i - 1].second && *spans[i - 1].second < spans[i].first)
                r.problem(
                    versions, path + ".versions",
                    "gap: no version in force from " + to_iso(*spans[i - 1].second) + " to " + to_iso(spans[i].first));
        t.provisions.push_back(std::move(p));
    }
}

// questions: {id: {party, by_sector: {sector: [provision ids]}}}; every id a provision of this
// pack that fines the party.
void read_questions(detail::Reader& r, const YAML::Node& node, Table& t) {
    if (!node || !r.expect_map(node, "questions")) return;
    for (const auto& kv : node) {
        penalty::Question q;
        q.id = kv.first.Scalar();
        const std::string path = "questions." + q.id;
        if (!r.expect_map(kv.second, path)) continue;
        r.only_keys(kv.second, path, {"party", "by_sector"});
        q.party = r.choice(kv.second, "party", path, true,
                           {"unit", "principal", "responsible", "other_manager", "investor"})
                      .value_or("");
        const YAML::Node sectors = kv.second["by_sector"];
        if (!sectors || !r.expect_map(sectors, path + ".by_sector")) {
            if (!sectors) r.problem(kv.second, path + ".by_sector", "missing required key 'by_sector'");
            continue;
        }
        for (const auto& s : sectors) {
            const std::string sp = path + ".by_sector." + s.first.Scalar();
            if (!s.second.IsSequence() || s.second.size() == 0) {
                r.problem(s.second, sp, "expected a non-empty list of provision ids, the primary norm first");
                continue;
            }
            auto& ids = q.by_sector[s.first.Scalar()];
            for (std::size_t i = 0; i < s.second.size(); ++i) {
                const std::string id = s.second[i].Scalar();
                const auto p = std::find_if(t.provisions.begin(), t.provisions.end(),
                                            [&id](const Provision& x) { return x.id == id; });
                const bool fines = p != t.provisions.end() &&
                                   std::any_of(p->versions.begin(), p->versions.end(), [&q](const Version& v) {
                                       return std::any_of(v.cases.begin(), v.cases.end(),
                                                          [&q](const Case& c) { return c.fines.count(q.party) > 0; });
                                   });
                if (p == t.provisions.end())
                    r.problem(s.second[i], sp + "[" + std::to_string(i) + "]", "'" + id + "' is not a provision of this pack");
                else if (!fines)
                    r.problem(s.second[i], sp + "[" + std::to_string(i) + "]",
                              "'" + id + "' fines no '" + q.party + "' in any case");
                ids.push_back(id);
            }
        }
        t.questions[q.id] = std::move(q);
    }
}

Table parse(std::string_view text, const std::string& file, bool builtin) {
    detail::Reader r(file);
    const YAML::Node root = detail::open_pack(r, text, {"laws", "questions", "facts", "provisions"});
    Table t;
    t.pack = detail::read_header(r, root, text, "penalty_table", builtin);
    t.facts = detail::read_facts(r, root["facts"], "facts");
    read_laws(r, root["laws"], t);
    read_provisions(r, root["provisions"], t);
    read_questions(r, root["questions"], t);
    r.raise_if_any();
    return t;
}

using PenaltyPacks = detail::Family<Table, parse>;

}  // namespace

Table parse_penalties(std::string_view text, const std::string& file) { return PenaltyPacks::from_text(text, file); }
Table load_penalties(const std::string& path) { return PenaltyPacks::from_file(path); }
Table builtin_penalties(std::string_view name) { return PenaltyPacks::builtin(name); }
Table penalties(std::string_view name_or_path) { return PenaltyPacks::named(name_or_path); }

}  // namespace anjian::rules

namespace anjian::rules {

penalty::Engine penalty_engine(const std::vector<std::string>& packs) {
    penalty::Engine e = penalty_engine();
    for (const auto& p : packs) {
        const std::string kind = pack_kind(p);
        if (kind == "penalty_table")
            e.add_table(penalties(p));
        else if (kind == "discretion_benchmark")
            e.add_discretion(discretion(p));
        else if (kind == "penalty_general")
            e.set_general(penalty_general(p));
        else
            throw error("'" + p + "' is a '" + kind +
                        "' pack; the penalty engine takes penalty_table, discretion_benchmark and penalty_general packs");
    }
    return e;
}

}  // namespace anjian::rules
