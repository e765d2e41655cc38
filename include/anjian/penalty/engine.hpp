#pragma once
// The penalty engine: which article applies on the date of the act (and whether a lighter
// one in force on the decision date replaces it, 行政处罚法 第三十七条), the case the facts
// select, the legal range for a party in exact money, a recommended amount, and a trace.

#include <algorithm>
#include <anjian/penalty/statute.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace anjian::penalty {

struct Table {
    rules::PackInfo pack;
    std::map<std::string, Law> laws;
    std::vector<Provision> provisions;

    const Provision& provision(const std::string& id) const {
        for (const auto& p : provisions)
            if (p.id == id) return p;
        std::string known;
        for (const auto& p : provisions) known += (known.empty() ? "" : ", ") + p.id;
        throw error("no penalty provision '" + id + "' (known: " + known + ")");
    }
};

struct Facts {
    std::map<std::string, std::string> values;  // "level" -> "较大", "aggravated" -> "true"
    std::optional<Money> income;                // the party's 上一年年收入, for income shares
};

struct Step {
    std::string rule;    // what decided: "act date", "从旧兼从轻", "case", "range", "recommended"
    std::string detail;  // in words, with the article cited
};

struct Recommendation {
    std::string provision, party;
    Money min, max, recommended;
    bool open_below = false;  // "X以下": the statute sets no minimum
    std::string basis;        // "安全生产法(2021) 第一百一十四条第一款"
    std::string law_id;       // "aqsc2021"
    std::string law_version;  // the edition's first day in force, "2021-09-01"
    bool verified = true;     // false when any value used is marked unverified in the pack
    std::string pack;         // pack stamp
    std::vector<Step> trace;
};

namespace detail {

// income * percent / 100, rounded half up to the fen: the one place income shares are rounded.
// Percent is taken to 0.01 (basis points); fen = q * 10000 + r keeps the product inside int64.
inline Money share_of(Money income, double percent) {
    if (income < Money() || percent < 0) throw error("income shares need a non-negative income and percentage");
    const auto bp = static_cast<std::int64_t>(percent * 100.0 + 0.5);
    const std::int64_t q = income.fen() / 10000, r = income.fen() % 10000;
    return Money::from_fen(Money::checked_add(Money::checked_mul(q, bp), (r * bp + 5000) / 10000));
}

inline std::string yuan_text(Money m) {
    const auto fen = m.fen();
    if (fen % 1000000 == 0 && fen != 0) return std::to_string(fen / 1000000) + "万元";
    return m.yuan_str() + "元";
}

inline std::string percent_text(double p) {
    std::string s = std::to_string(p);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s + "%";
}

}  // namespace detail

class Engine {
public:
    explicit Engine(Table table) : table_(std::move(table)) {}
    const Table& table() const { return table_; }

    // The legal range and recommendation for `party` under `provision_id`, for an act on
    // `act` decided on `decision` (the act date when not given).
    Recommendation recommend(const std::string& provision_id, const std::string& party, const Facts& facts,
                             const date& act, const std::optional<date>& decision = std::nullopt) const {
        const Provision& p = table_.provision(provision_id);
        Recommendation rec;
        rec.provision = p.id;
        rec.party = party;
        rec.pack = table_.pack.stamp();
        const Version& at_act = in_force(p, act, "act");
        rec.trace.push_back(
            {"act date", to_iso(act) + ": " + cite(at_act) + " in force (" + law(at_act).effective.str() + ")"});
        Range chosen = range_of(at_act, party, facts, rec.trace);
        const Version* applied = &at_act;
        if (decision && *decision != act) {
            if (*decision < act)
                throw error("decision date " + to_iso(*decision) + " is before the act date " + to_iso(act));
            const Version& at_decision = in_force(p, *decision, "decision");
            if (&at_decision != &at_act) {
                std::vector<Step> scratch;
                const Range later = range_of(at_decision, party, facts, scratch);
                const bool lighter = later.max < chosen.max || (later.max == chosen.max && later.min < chosen.min);
                rec.trace.push_back({"decision date", to_iso(*decision) + ": " + cite(at_decision) +
                                                          " in force, range " + later.text()});
                if (lighter) {
                    rec.trace.push_back(
                        {"从旧兼从轻", "行政处罚法 第三十七条: the norm in force at the decision is lighter (" +
                                           later.text() + " against " + chosen.text() + "), so " + cite(at_decision) +
                                           " applies"});
                    for (auto& s : scratch) rec.trace.push_back(s);
                    chosen = later;
                    applied = &at_decision;
                } else {
                    rec.trace.push_back({"从旧兼从轻", "行政处罚法 第三十七条: the norm in force at the act (" +
                                                           chosen.text() + ") is not heavier than the later one, so " +
                                                           cite(at_act) + " applies"});
                }
            }
        }
        const Law& l = law(*applied);
        rec.min = chosen.min, rec.max = chosen.max, rec.open_below = chosen.open_below;
        rec.basis = cite(*applied) + chosen.paragraph;
        rec.law_id = l.id;
        rec.law_version = to_iso(l.effective.from);
        rec.verified = l.verified && applied->verified;
        // The midpoint of the legal range, to the whole yuan (half up): the default reading
        // when no discretion band narrows it.
        const std::int64_t mid_fen = (rec.min.fen() + rec.max.fen()) / 2;
        rec.recommended = Money::from_yuan((mid_fen + 50) / 100);
        rec.trace.push_back({"recommended", detail::yuan_text(rec.recommended) +
                                                ": midpoint of the legal range (no discretion band applied)"});
        if (!rec.verified) rec.trace.push_back({"unverified", "a value used is marked verified: false in " + rec.pack});
        return rec;
    }

    // 行政处罚法 第二十九条: one act that breaches several norms gets the fine of the norm with
    // the higher fine. The first provision is the primary norm and must be in force on the act
    // date (else an error: answering from a lesser norm alone would hide the gap); the others
    // are passed over, and said so, when not in force.
    Recommendation highest(const std::vector<std::string>& provision_ids, const std::string& party, const Facts& facts,
                           const date& act, const std::optional<date>& decision = std::nullopt) const {
        std::optional<Recommendation> best;
        std::vector<Step> notes;
        for (const auto& id : provision_ids) {
            const Provision& p = table_.provision(id);
            const bool any = std::any_of(p.versions.begin(), p.versions.end(),
                                         [&](const Version& v) { return law(v).effective.contains(act); });
            if (!any && &id == &provision_ids.front()) in_force(p, act, "act");  // throws, naming what is encoded
            if (!any) {
                notes.push_back(
                    {"not in force", p.id + " (" + p.title_zh + ") has no version in force on " + to_iso(act)});
                continue;
            }
            Recommendation r = recommend(id, party, facts, act, decision);
            if (best) {
                const bool higher = r.max > best->max || (r.max == best->max && r.min > best->min);
                const Recommendation& loser = higher ? *best : r;
                const Recommendation& winner = higher ? r : *best;
                notes.push_back({"行政处罚法 第二十九条", "the act also breaches " + loser.basis + " (" +
                                                              range_text(loser) + "); the higher fine, " +
                                                              winner.basis + " (" + range_text(winner) + "), applies"});
                if (higher) best = std::move(r);
            } else {
                best = std::move(r);
            }
        }
        if (!best) throw error("no provision given");
        best->trace.insert(best->trace.end(), notes.begin(), notes.end());
        return *best;
    }

    // API.md: the accident fine of the responsible unit, by level (一般/较大/重大/特别重大).
    // sector "coal" adds 煤矿安全生产条例 第六十七条 where in force.
    Recommendation accident_fine(const std::string& level, const date& act,
                                 const std::optional<date>& decision = std::nullopt, bool aggravated = false,
                                 const std::string& sector = "general") const {
        Facts f;
        f.values = {{"level", level}, {"aggravated", aggravated ? "true" : "false"}};
        std::vector<std::string> ids{"accident_unit", "accident_unit_r493"};
        if (sector == "coal")
            ids.push_back("coal_accident_unit");
        else if (sector != "general")
            throw error("sector must be 'general' or 'coal', got '" + sector + "'");
        return highest(ids, "unit", f, act, decision);
    }

    // API.md: the principal's accident fine, a share of 上一年年收入.
    Recommendation principal_fine(const std::string& level, Money last_year_income, const date& act,
                                  const std::optional<date>& decision = std::nullopt,
                                  const std::string& sector = "general") const {
        if (last_year_income < Money()) throw error("上一年年收入 cannot be negative");
        Facts f;
        f.values = {{"level", level}};
        f.income = last_year_income;
        std::vector<std::string> ids{"accident_principal", "accident_principal_r493"};
        if (sector == "coal")
            ids.push_back("coal_accident_principal");
        else if (sector != "general")
            throw error("sector must be 'general' or 'coal', got '" + sector + "'");
        return highest(ids, "principal", f, act, decision);
    }

private:
    static std::string range_text(const Recommendation& r) {
        return r.open_below ? detail::yuan_text(r.max) + "以下"
                            : detail::yuan_text(r.min) + "–" + detail::yuan_text(r.max);
    }

    struct Range {
        Money min, max;
        bool open_below = false;
        std::string paragraph;
        std::string text() const {
            return open_below ? detail::yuan_text(max) + "以下" : detail::yuan_text(min) + "–" + detail::yuan_text(max);
        }
    };

    const Law& law(const Version& v) const { return table_.laws.at(v.law); }
    std::string cite(const Version& v) const { return law(v).cite() + " " + article_zh(v.article); }

    const Version& in_force(const Provision& p, const date& d, const char* which) const {
        for (const auto& v : p.versions)
            if (law(v).effective.contains(d)) return v;
        std::string covered;
        for (const auto& v : p.versions)
            covered += (covered.empty() ? "" : ", ") + cite(v) + " " + law(v).effective.str();
        throw error("no version of '" + p.id + "' is in force on the " + which + " date " + to_iso(d) +
                    " (encoded: " + covered + "); anjian never carries a rule past its last known date");
    }

    // The most specific case whose conditions all hold.
    const Case& select(const Version& v, const Facts& facts) const {
        const Case* best = nullptr;
        for (const auto& c : v.cases) {
            bool all = true;
            for (const auto& [k, val] : c.when) {
                const auto it = facts.values.find(k);
                const std::string have = it == facts.values.end() ? (k == "aggravated" ? "false" : "") : it->second;
                all = all && have == val;
            }
            if (all && (!best || c.when.size() > best->when.size())) best = &c;
        }
        if (!best) {
            std::string given;
            for (const auto& [k, val] : facts.values) given += (given.empty() ? "" : ", ") + k + "=" + val;
            throw error(cite(v) + ": no case of the article matches the facts (" +
                        (given.empty() ? "none given" : given) + ")");
        }
        return *best;
    }

    Range range_of(const Version& v, const std::string& party, const Facts& facts, std::vector<Step>& trace) const {
        const Case& c = select(v, facts);
        const auto it = c.fines.find(party);
        if (it == c.fines.end()) throw error(cite(v) + " sets no fine for the party '" + party + "' in this case");
        const Fine& f = it->second;
        Range r;
        r.paragraph = c.paragraph;
        std::string when;
        for (const auto& [k, val] : c.when) when += (when.empty() ? "" : ", ") + k + "=" + val;
        if (f.kind == Fine::Kind::income_share) {
            if (!facts.income)
                throw error(cite(v) + " fines the " + party + " a share of 上一年年收入: the income is needed");
            r.min = detail::share_of(*facts.income, f.share_from);
            r.max = detail::share_of(*facts.income, f.share_to);
            trace.push_back(
                {"case", cite(v) + c.paragraph + " (" + when + "): " + party + " " +
                             detail::percent_text(f.share_from) +
                             (f.share_to != f.share_from ? "–" + detail::percent_text(f.share_to) : std::string()) +
                             " of 上一年年收入 " + detail::yuan_text(*facts.income) + " (rounded half up to the fen)"});
        } else {
            r.min = f.min, r.max = f.max, r.open_below = f.open_below;
            trace.push_back({"case", cite(v) + c.paragraph + " (" + when + "): " + party + " " + r.text()});
        }
        const auto agg = facts.values.find("aggravated");
        const bool aggravated = agg != facts.values.end() && agg->second == "true";
        if (aggravated && !v.aggravated_multiplier && c.when.count("aggravated") == 0)
            trace.push_back(
                {"aggravated",
                 cite(v) + " has no aggravated range for this case: the circumstance is left to discretion"});
        if (aggravated && v.aggravated_multiplier && c.when.count("aggravated") == 0) {
            const auto [lo, hi] = *v.aggravated_multiplier;
            r.min = Money::from_fen(static_cast<std::int64_t>(static_cast<double>(r.min.fen()) * lo + 0.5));
            r.max = Money::from_fen(static_cast<std::int64_t>(static_cast<double>(r.max.fen()) * hi + 0.5));
            r.paragraph = v.aggravated_paragraph;
            trace.push_back({"aggravated", cite(v) + v.aggravated_paragraph + ": 情节特别严重、影响特别恶劣, " +
                                               std::to_string(static_cast<int>(lo)) + "–" +
                                               std::to_string(static_cast<int>(hi)) + " times the range above: " +
                                               r.text() + " (the multiplier read as applying to both bounds)"});
        }
        return r;
    }

    Table table_;
};

}  // namespace anjian::penalty
