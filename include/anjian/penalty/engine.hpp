#pragma once
// The penalty engine: which article applies on the date of the act (and whether a lighter
// one in force on the decision date replaces it, 行政处罚法 第三十七条), the case the facts
// select, the legal range for a party in exact money, a recommended amount, and a trace.

#include <algorithm>
#include <anjian/penalty/discretion.hpp>
#include <anjian/penalty/statute.hpp>
#include <cstdio>
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
    std::optional<Money> illegal_gains;         // 违法所得, for multiples of it
    std::vector<std::string> circumstances;     // keys of circumstance_rules below
    bool reduce = false;                  // with a 第三十二条 circumstance: 减轻 (below the minimum), not 从轻
    std::optional<date> act_end;          // a continuing act's last day (第三十六条 counts from it)
    std::optional<date> discovered;       // when the act was found (第三十六条)
    bool harm_to_life_or_health = false;  // 涉及公民生命健康安全且有危害后果: 5 years instead of 2
};

// The circumstances the engine knows, and what the law attaches to them.
enum class Effect { no_penalty, may_waive, mitigate, aggravate };
struct Circumstance {
    const char* key;
    Effect effect;
    const char* basis;
    bool verified;
};
inline constexpr Circumstance circumstance_rules[] = {
    {"minor_corrected_no_harm", Effect::no_penalty,
     "行政处罚法 第三十三条第一款: 违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚", true},
    {"no_fault", Effect::no_penalty, "行政处罚法 第三十三条第二款: 当事人有证据足以证明没有主观过错的，不予行政处罚",
     true},
    {"first_offence_minor_corrected", Effect::may_waive,
     "行政处罚法 第三十三条第一款: 初次违法且危害后果轻微并及时改正的，可以不予行政处罚", true},
    {"eliminated_harm", Effect::mitigate, "行政处罚法 第三十二条(一): 主动消除或者减轻违法行为危害后果", true},
    {"coerced", Effect::mitigate, "行政处罚法 第三十二条(二): 受他人胁迫或者诱骗实施违法行为", true},
    {"confessed", Effect::mitigate, "行政处罚法 第三十二条(三): 主动供述行政机关尚未掌握的违法行为", true},
    {"meritorious", Effect::mitigate, "行政处罚法 第三十二条(四): 配合行政机关查处违法行为有立功表现", true},
    {"age_14_to_18", Effect::mitigate,
     "行政处罚法 第三十条: 已满十四周岁不满十八周岁的未成年人有违法行为的，应当从轻或者减轻", true},
    {"repeat_within_year", Effect::aggravate,
     "原安监总局令第31号 从重: 一年内因同一种违法行为受到两次以上行政处罚 (LAW.md §6.3, unverified wording)", false},
    {"refused_rectification", Effect::aggravate,
     "原安监总局令第31号 从重: 拒不整改或者整改不力，其违法行为呈持续状态 (LAW.md §6.3, unverified wording)", false},
    {"violence_against_inspectors", Effect::aggravate,
     "原安监总局令第31号 从重: 以暴力、威胁方法阻碍执法 (LAW.md §6.3, unverified wording)", false},
    {"forged_evidence", Effect::aggravate,
     "原安监总局令第31号 从重: 伪造、隐匿、毁灭证据 (LAW.md §6.3, unverified wording)", false},
    {"during_accident_response", Effect::aggravate,
     "原安监总局令第31号 从重: 在事故调查或者抢险救援期间违法 (LAW.md §6.3, unverified wording)", false},
};

struct Step {
    std::string rule;    // what decided: "act date", "从旧兼从轻", "case", "range", "recommended"
    std::string detail;  // in words, with the article cited
};

struct Recommendation {
    std::string provision, party;
    Money min, max, recommended;
    bool open_below = false;   // "X以下": the statute sets no minimum
    Money band_min, band_max;  // the discretion band inside (or, 减轻, below) the legal range
    std::string band;          // "一般", "从轻", "从重", "减轻"
    std::vector<std::string> measures;
    bool no_penalty = false;   // 不予处罚 (第三十三条): recommended is 0
    bool may_waive = false;    // 可以不予处罚 (首违不罚)
    bool time_barred = false;  // 第三十六条: not discovered in time; no penalty may be given
    bool hearing = false;      // 听证 right (第六十三条) for the recommended amount or the measures
    std::string basis;         // "安全生产法(2021) 第一百一十四条第一款"
    std::string law_id;        // "aqsc2021"
    std::string law_version;   // the edition's first day in force, "2021-09-01"
    bool verified = true;      // false when any value used is marked unverified in the pack
    std::string pack;          // pack stamp
    std::vector<Step> trace;
};

namespace detail {

inline std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
            out += buf;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

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

// The recommendation as JSON (UTF-8; money as exact yuan strings).
inline std::string to_json(const Recommendation& r) {
    using detail::json_string;
    const auto b = [](bool v) { return std::string(v ? "true" : "false"); };
    std::string out = "{\"provision\": " + json_string(r.provision) + ", \"party\": " + json_string(r.party);
    out += ", \"min_yuan\": " + json_string(r.min.yuan_str()) + ", \"max_yuan\": " + json_string(r.max.yuan_str());
    out += ", \"recommended_yuan\": " + json_string(r.recommended.yuan_str()) + ", \"open_below\": " + b(r.open_below);
    out += ", \"band\": " + json_string(r.band) + ", \"band_min_yuan\": " + json_string(r.band_min.yuan_str());
    out += ", \"band_max_yuan\": " + json_string(r.band_max.yuan_str()) + ", \"measures\": [";
    for (std::size_t i = 0; i < r.measures.size(); ++i) out += (i ? ", " : "") + json_string(r.measures[i]);
    out += "], \"no_penalty\": " + b(r.no_penalty) + ", \"may_waive\": " + b(r.may_waive);
    out += ", \"time_barred\": " + b(r.time_barred) + ", \"hearing\": " + b(r.hearing);
    out += ", \"basis\": " + json_string(r.basis) + ", \"law_version\": " + json_string(r.law_version);
    out += ", \"verified\": " + b(r.verified) + ", \"pack\": " + json_string(r.pack) + ", \"trace\": [";
    for (std::size_t i = 0; i < r.trace.size(); ++i)
        out += std::string(i ? ", " : "") + "{\"rule\": " + json_string(r.trace[i].rule) +
               ", \"detail\": " + json_string(r.trace[i].detail) + "}";
    return out + "]}";
}

class Engine {
public:
    explicit Engine(Table table) : table_(std::move(table)) {}
    const Table& table() const { return table_; }

    // Overlay a penalty table (a province's own regulation): it may add laws and provisions, never
    // redefine the national ones (narrowing is what discretion benchmarks do).
    void add_table(const Table& overlay) {
        std::vector<Diagnostic> problems;
        const auto at = [&](const std::string& key) {
            Location where;
            where.file = overlay.pack.file;
            where.key = key;
            return where;
        };
        for (const auto& [id, l] : overlay.laws) {
            const auto it = table_.laws.find(id);
            if (it != table_.laws.end() &&
                (it->second.edition != l.edition || it->second.effective.from != l.effective.from ||
                 it->second.effective.to != l.effective.to))
                problems.push_back(
                    {at("laws." + id), "law '" + id + "' differs from the one in " + table_.pack.stamp()});
        }
        for (const auto& p : overlay.provisions)
            for (const auto& q : table_.provisions)
                if (p.id == q.id)
                    problems.push_back(
                        {at("provisions." + p.id),
                         "provision '" + p.id + "' is already defined by " + table_.pack.stamp() +
                             ": an overlay may add provisions, and narrow ranges only through a discretion benchmark"});
        if (!problems.empty()) throw pack_error(problems);
        for (const auto& [id, l] : overlay.laws) table_.laws.emplace(id, l);
        for (const auto& p : overlay.provisions) table_.provisions.push_back(p);
        overlays_.push_back(overlay.pack);
    }
    const std::vector<rules::PackInfo>& table_overlays() const { return overlays_; }

    // Every day on which something dated that a decision consults begins or ends: law editions and
    // discretion benchmarks. Between two of them, the answer to a case cannot change with the date;
    // batches key their caches on these intervals, so a dated object missing here is a wrong answer.
    std::vector<date> date_boundaries() const {
        std::vector<date> out;
        const auto add = [&out](const rules::Effective& e) {
            out.push_back(e.from);
            if (e.to) out.push_back(*e.to);
        };
        for (const auto& [id, l] : table_.laws) add(l.effective);
        for (const auto& d : discretion_) add(d.effective);
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }
    const std::vector<DiscretionPack>& discretion() const { return discretion_; }

    // Overlay a discretion benchmark. It may only narrow: every band must lie inside the statutory
    // range of each article version in force while the benchmark is; every problem is reported.
    void add_discretion(DiscretionPack d) {
        std::vector<Diagnostic> problems;
        for (std::size_t i = 0; i < d.benchmarks.size(); ++i) {
            const Benchmark& b = d.benchmarks[i];
            const std::string path = "benchmarks[" + std::to_string(i) + "]";
            Location where;
            where.file = d.pack.file;
            where.key = path;
            if (!b.bands.empty()) where.line = b.bands.front().where.line;
            const Provision* p = nullptr;
            for (const auto& q : table_.provisions)
                if (q.id == b.provision) p = &q;
            if (!p) {
                problems.push_back({where, "'" + b.provision + "' is not a provision of " + table_.pack.stamp()});
                continue;
            }
            Facts f;
            f.values = b.when;
            for (const auto& v : p->versions) {
                const auto& e = law(v).effective;
                const bool overlap =
                    (!e.to || d.effective.from < *e.to) && (!d.effective.to || e.from < *d.effective.to);
                if (!overlap) continue;
                const Case* c = nullptr;
                try {
                    c = &select(v, f);
                } catch (const error& err) {
                    problems.push_back({where, err.message()});
                    continue;
                }
                const auto it = c->fines.find(b.party);
                if (it == c->fines.end() || it->second.kind != Fine::Kind::money) {
                    problems.push_back(
                        {where, cite(v) + " sets no money range for '" + b.party + "' in this case: nothing to band"});
                    continue;
                }
                const Fine& fine = it->second;
                for (const auto& band : b.bands)
                    if (band.min < fine.min || band.max > fine.max)
                        problems.push_back(
                            {band.where,
                             "band " + detail::yuan_text(band.min) + "–" + detail::yuan_text(band.max) +
                                 " lies outside the statutory range " +
                                 (fine.open_below ? detail::yuan_text(fine.max) + "以下"
                                                  : detail::yuan_text(fine.min) + "–" + detail::yuan_text(fine.max)) +
                                 " of " + cite(v) + ": a benchmark may only narrow"});
            }
        }
        if (!problems.empty()) throw pack_error(problems);
        discretion_.push_back(std::move(d));
    }

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
        rec.trace.push_back({"provision", p.id + ": " + p.title_zh});
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
        rec.measures = chosen.measures;
        rec.basis = cite(*applied) + chosen.paragraph;
        rec.law_id = l.id;
        rec.law_version = to_iso(l.effective.from);
        rec.verified = l.verified && applied->verified;
        check_limitation(facts, act, rec);
        apply_circumstances(facts, rec, benchmark_band(p.id, party, facts, decision.value_or(act), rec));
        hearing_right(rec);
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
        std::vector<std::string> measures;
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
        r.measures = c.measures;
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
        } else if (f.kind == Fine::Kind::gains_multiple) {
            if (!facts.illegal_gains)
                throw error(cite(v) + " depends on 违法所得: give illegal_gains (0 when there are none)");
            const Money g = *facts.illegal_gains;
            if (g >= f.threshold) {
                r.min = Money::from_fen(static_cast<std::int64_t>(static_cast<double>(g.fen()) * f.share_from + 0.5));
                r.max = Money::from_fen(static_cast<std::int64_t>(static_cast<double>(g.fen()) * f.share_to + 0.5));
                trace.push_back({"case", cite(v) + c.paragraph + ": 违法所得 " + detail::yuan_text(g) +
                                             " >= " + detail::yuan_text(f.threshold) + ", " + party + " " + r.text() +
                                             " (multiples of 违法所得)"});
            } else {
                r.min = f.min, r.max = f.max;
                trace.push_back({"case", cite(v) + c.paragraph + ": 违法所得 " + detail::yuan_text(g) + " below " +
                                             detail::yuan_text(f.threshold) + " (or none), " + party + " " + r.text()});
            }
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

    // 第三十六条: not discovered within 2 years (5 where life or health was harmed) of the act,
    // or of a continuing act's end, means no penalty. Years are calendar years (29 Feb -> 28 Feb).
    static void check_limitation(const Facts& f, const date& act, Recommendation& rec) {
        if (!f.discovered) {
            rec.trace.push_back({"时效", "行政处罚法 第三十六条 not checked: no discovery date given"});
            return;
        }
        const date end = f.act_end.value_or(act);
        const int years = f.harm_to_life_or_health ? 5 : 2;
        const auto last = end.year() + years;
        const auto eom =
            boost::gregorian::gregorian_calendar::end_of_month_day(static_cast<unsigned short>(last), end.month());
        const date limit(static_cast<unsigned short>(last), end.month(), std::min<unsigned short>(end.day(), eom));
        rec.time_barred = *f.discovered > limit;
        rec.trace.push_back({"时效", "行政处罚法 第三十六条: " + std::to_string(years) + " years from " + to_iso(end) +
                                         " run to " + to_iso(limit) + "; discovered " + to_iso(*f.discovered) +
                                         (rec.time_barred ? ": time-barred, no penalty" : ": in time")});
        if (rec.time_barred) rec.no_penalty = true;
    }

    // Circumstances move the recommendation inside the legal range, or out of it: 不予处罚 gives 0,
    // 减轻 goes below the minimum (allowed by 第三十二条 itself). Bands: thirds of a closed range
    // (从轻 lower, 一般 middle, 从重 upper); for "X以下" 从轻 <= 20%, 一般 40%-60%, 从重 60%-100% of X.
    // These bands are the generic municipal convention of LAW.md §6.2, not a provincial benchmark.
    // The band a benchmark in force on `when` (the decision date, else the act date) gives for the
    // facts, if any; what it found or missed goes into the trace.
    std::optional<Band> benchmark_band(const std::string& provision, const std::string& party, const Facts& f,
                                       const date& when, Recommendation& rec) const {
        for (const auto& d : discretion_) {
            if (!d.effective.contains(when)) continue;
            for (const auto& b : d.benchmarks) {
                if (b.provision != provision || b.party != party) continue;
                bool match = true;
                for (const auto& [k, v] : b.when) {
                    const auto it = f.values.find(k);
                    match = match && it != f.values.end() && it->second == v;
                }
                if (!match) continue;
                const auto it = f.values.find(b.key);
                double value = 0;
                try {
                    if (it == f.values.end()) throw std::invalid_argument("missing");
                    value = std::stod(it->second);
                } catch (const std::exception&) {
                    rec.trace.push_back(
                        {"裁量基准", d.jurisdiction + " " + d.pack.title + " bands this case by '" + b.key +
                                         "', which the facts do not give as a number: default bands used"});
                    return std::nullopt;
                }
                for (const auto& band : b.bands)
                    if (band.contains(value)) {
                        rec.trace.push_back(
                            {"裁量基准", d.jurisdiction + " " + d.pack.title + " (" + d.pack.stamp() + "): " + b.key +
                                             " = " + it->second + (band.label.empty() ? "" : " (" + band.label + ")") +
                                             " -> " + detail::yuan_text(band.min) + "–" + detail::yuan_text(band.max) +
                                             (band.source.empty() ? "" : "; " + band.source)});
                        rec.verified = rec.verified && d.verified;
                        return band;
                    }
                rec.trace.push_back({"裁量基准", d.jurisdiction + " " + d.pack.title + " has no band for " + b.key +
                                                     " = " + it->second + ": default bands used"});
                return std::nullopt;
            }
        }
        return std::nullopt;
    }

    static void apply_circumstances(const Facts& f, Recommendation& rec, const std::optional<Band>& bench) {
        bool mitigate = false, aggravate = false;
        for (const auto& key : f.circumstances) {
            const Circumstance* c = nullptr;
            for (const auto& k : circumstance_rules)
                if (key == k.key) c = &k;
            if (!c) {
                std::string known;
                for (const auto& k : circumstance_rules) known += (known.empty() ? "" : ", ") + std::string(k.key);
                throw error("unknown circumstance '" + key + "' (known: " + known + ")");
            }
            rec.trace.push_back({"circumstance", std::string(c->basis)});
            rec.verified = rec.verified && c->verified;
            if (c->effect == Effect::no_penalty) rec.no_penalty = true;
            if (c->effect == Effect::may_waive) rec.may_waive = true;
            if (c->effect == Effect::mitigate) mitigate = true;
            if (c->effect == Effect::aggravate) aggravate = true;
        }
        const std::int64_t lo = rec.min.fen(), hi = rec.max.fen();
        auto band = [&](const char* name, std::int64_t a, std::int64_t b) {
            rec.band = name;
            rec.band_min = Money::from_fen(a), rec.band_max = Money::from_fen(b);
        };
        if (mitigate && aggravate)
            rec.trace.push_back({"circumstance", "mitigating and aggravating circumstances together: the middle band"});
        if (mitigate && !aggravate && f.reduce && !rec.open_below && lo > 0) {
            band("减轻", 0, lo);
            rec.trace.push_back({"减轻", "行政处罚法 第三十二条 allows 减轻: below the statutory minimum " +
                                             detail::yuan_text(rec.min)});
        } else if (bench) {
            const std::int64_t a = bench->min.fen(), b = bench->max.fen(), half = (a + b) / 2;
            if (mitigate && !aggravate)
                band("裁量基准 从轻", a, half);
            else if (aggravate && !mitigate)
                band("裁量基准 从重", half, b);
            else
                band("裁量基准", a, b);
        } else if (rec.open_below) {
            if (mitigate && !aggravate)
                band("从轻", 0, hi / 5);
            else if (aggravate && !mitigate)
                band("从重", hi * 3 / 5, hi);
            else
                band("一般", hi * 2 / 5, hi * 3 / 5);
        } else {
            const std::int64_t third = (hi - lo) / 3;
            if (mitigate && !aggravate)
                band("从轻", lo, lo + third);
            else if (aggravate && !mitigate)
                band("从重", hi - third, hi);
            else
                band("一般", lo + third, hi - third);
        }
        const std::int64_t mid = (rec.band_min.fen() + rec.band_max.fen()) / 2;
        rec.recommended = rec.no_penalty ? Money() : Money::from_yuan((mid + 50) / 100);
        rec.trace.push_back(
            {"recommended",
             rec.no_penalty
                 ? std::string("0: 不予处罚")
                 : detail::yuan_text(rec.recommended) + ": midpoint of the " + rec.band + " band " +
                       detail::yuan_text(rec.band_min) + "–" + detail::yuan_text(rec.band_max) +
                       (bench ? std::string(" (the benchmark's band; circumstances take its lower or upper half)")
                              : std::string(" (generic three-band convention, LAW.md §6.2; unverified here)"))});
        if (rec.may_waive && !rec.no_penalty)
            rec.trace.push_back(
                {"首违不罚", "行政处罚法 第三十三条: the authority may decide not to penalise (可以不予)"});
    }

    // 第六十三条: a hearing for 较大数额罚款 -- read as unit >= 5万, individual >= 2万 (LAW.md §5, unverified
    // Q&A) -- and for 责令停产停业, 责令关闭, 吊销许可证件.
    static void hearing_right(Recommendation& rec) {
        const Money threshold = Money::from_yuan(rec.party == "unit" ? 50000 : 20000);
        const bool measure = std::any_of(rec.measures.begin(), rec.measures.end(), [](const std::string& m) {
            return m.find("停产停业") != std::string::npos || m.find("关闭") != std::string::npos ||
                   m.find("吊销") != std::string::npos;
        });
        rec.hearing = !rec.no_penalty && (rec.recommended >= threshold || measure);
        if (rec.hearing)
            rec.trace.push_back(
                {"听证", std::string("行政处罚法 第六十三条: the party may request a hearing (") +
                             (measure ? "the measures include suspension, closure or revocation"
                                      : "较大数额, read as unit >= 5万, individual >= 2万, unverified") +
                             ")"});
    }

    Table table_;
    std::vector<rules::PackInfo> overlays_;
    std::vector<DiscretionPack> discretion_;
};

// 安全生产法 第一百一十二条: after a correction order and a fine, a refusal to correct may be fined the
// original amount every day, from the day after the order through `through` (inclusive).
inline Money daily_penalty(Money original, const date& order, const date& through) {
    if (through <= order)
        throw error("daily fines start the day after the correction order " + to_iso(order) + "; " + to_iso(through) +
                    " is not after it");
    return original * (through - order).days();
}

// 行政处罚法 第七十二条: 3% of the fine per day of late payment, in total no more than the fine;
// each day's 3% rounded half up to the fen.
inline Money late_payment_surcharge(Money fine, const date& due, const date& paid) {
    if (paid <= due) return Money();
    const std::int64_t days = (paid - due).days();
    const std::int64_t per_day = (fine.fen() * 3 + 50) / 100;
    const Money total = Money::from_fen(per_day) * days;
    return total > fine ? fine : total;
}

}  // namespace anjian::penalty
