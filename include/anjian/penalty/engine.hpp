#pragma once
// The penalty engine: which article applies on the date of the act (and whether a lighter one in
// force on the decision date replaces it: 从旧兼从轻, as the general part in force says), the case
// the facts select, the legal range for a party in exact money, the band and a recommended
// amount, procedure (limitation, hearing), and a trace citing every rule used. The law itself is
// data: the penalty table (statute.hpp), the general part (general.hpp), discretion benchmarks.

#include <algorithm>
#include <anjian/facts.hpp>
#include <anjian/penalty/circumstances.hpp>
#include <anjian/penalty/discretion.hpp>
#include <anjian/penalty/general.hpp>
#include <anjian/penalty/procedure.hpp>
#include <anjian/penalty/recommendation.hpp>
#include <anjian/penalty/statute.hpp>
#include <memory>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace anjian::penalty {

class Engine {
public:
    Engine(Table table, General general)
        : table_(std::move(table)), general_(std::move(general)), facts_(table_.facts), stamp_(table_.pack.stamp()) {
        write_citations();
        refresh_packs();
    }

    // The facts the engine reads: the table's, its overlays' and its benchmarks' declarations.
    const FactSet& facts() const { return facts_; }
    const Table& table() const { return table_; }
    const General& general() const { return general_; }

    // Replace the general part (a province's own copy, e.g. other hearing thresholds or bands).
    void set_general(General general) {
        general_ = std::move(general);
        refresh_packs();
    }

    // Every pack the engine holds, in the order they were added: a decision re-runs under these.
    std::vector<rules::PackInfo> packs() const {
        std::vector<rules::PackInfo> out{table_.pack};
        out.insert(out.end(), overlays_.begin(), overlays_.end());
        for (const auto& d : discretion_) out.push_back(d.pack);
        out.push_back(general_.pack);
        return out;
    }

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
        for (const auto& [id, q] : overlay.questions)
            if (table_.questions.count(id))
                problems.push_back({at("questions." + id), "question '" + id + "' is already answered by " +
                                                               table_.pack.stamp() + ": an overlay may add questions"});
        FactSet merged = facts_;
        for (const auto& name : merged.merge(overlay.facts))
            problems.push_back({at("facts." + name), "fact '" + name + "' is declared otherwise by " +
                                                         table_.pack.stamp()});
        if (!problems.empty()) throw pack_error(problems);
        facts_ = std::move(merged);
        for (const auto& [id, q] : overlay.questions) table_.questions.emplace(id, q);
        for (const auto& [id, l] : overlay.laws) table_.laws.emplace(id, l);
        for (const auto& p : overlay.provisions) table_.provisions.push_back(p);
        write_citations();
        overlays_.push_back(overlay.pack);
        refresh_packs();
    }
    const std::vector<rules::PackInfo>& table_overlays() const { return overlays_; }

    // Every day on which something dated that a decision consults begins or ends: law editions,
    // discretion benchmarks and the instruments of the general part. Between two of them, the answer
    // to a case cannot change with the date;
    // batches key their caches on these intervals, so a dated object missing here is a wrong answer.
    std::vector<date> date_boundaries() const {
        std::vector<date> out;
        const auto add = [&out](const rules::Effective& e) {
            out.push_back(e.from);
            if (e.to) out.push_back(*e.to);
        };
        for (const auto& [id, l] : table_.laws) add(l.effective);
        for (const auto& d : discretion_) add(d.effective);
        general_.add_boundaries(out);
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }
    const std::vector<DiscretionPack>& discretion() const { return discretion_; }

    // Overlay a discretion benchmark. It may only narrow: every band must lie inside the statutory
    // range of each article version in force while the benchmark is; every problem is reported.
    void add_discretion(DiscretionPack d) {
        std::vector<Diagnostic> problems;
        const auto at = [&d](const std::string& key, int line = 0) {
            Location where;
            where.file = d.pack.file;
            where.key = key;
            where.line = line;
            return where;
        };
        FactSet merged = facts_;
        for (const auto& name : merged.merge(d.facts))
            problems.push_back({at("facts." + name), "fact '" + name + "' is declared differently by the penalty table"});
        for (std::size_t i = 0; i < d.benchmarks.size(); ++i) {
            Benchmark& b = d.benchmarks[i];
            const std::string path = "benchmarks[" + std::to_string(i) + "]";
            const auto where = at(path, b.bands.empty() ? 0 : b.bands.front().where.line);
            const Provision* p = nullptr;
            for (const auto& q : table_.provisions)
                if (q.id == b.provision) p = &q;
            if (!p) {
                problems.push_back({where, "'" + b.provision + "' is not a provision of " + table_.pack.stamp()});
                continue;
            }
            // The conditions read declared facts, with constants of their kind.
            const auto wrong = type_conditions(b.when, merged);
            for (const auto& message : wrong) problems.push_back({at(path + ".when"), message});
            if (!wrong.empty()) continue;
            if (b.key.empty()) {  // 阶次 by 适用条件: each typed, and no two able to hold together
                bool typed = true;
                for (auto& band : b.bands)
                    for (const auto& message : type_conditions(band.when, merged)) {
                        problems.push_back({band.where, message});
                        typed = false;
                    }
                for (std::size_t x = 0; typed && x < b.bands.size(); ++x)
                    for (std::size_t y = x + 1; y < b.bands.size(); ++y) {
                        const When &wx = b.bands[x].when, &wy = b.bands[y].when;
                        if (wx.any.size() != 1 || wy.any.size() != 1) continue;  // `any`: not compared
                        if (can_both_hold(constraints_of(wx.any.front(), merged), constraints_of(wy.any.front(), merged)))
                            problems.push_back({b.bands[y].where, "its 适用条件 can hold together with those of " +
                                                                      b.bands[x].label + ": one case would select two 阶次"});
                    }
            }
            const auto refined = b.when.any.empty() ? std::map<std::string, Constraint>{}
                                                    : constraints_of(b.when.any.front(), merged);
            for (const auto& v : p->versions) {
                const auto& e = law(v).effective;
                const bool overlap =
                    (!e.to || d.effective.from < *e.to) && (!d.effective.to || e.from < *d.effective.to);
                if (!overlap) continue;
                if (!v.not_encoded.empty()) {
                    problems.push_back({where, cite(v) + " is in force while the benchmark is, but its text is not "
                                                         "encoded: the bands cannot be checked against it"});
                    continue;
                }
                bool any_case = false;
                for (const auto& c : v.cases) {
                    const auto holds = c.when.any.empty() ? std::map<std::string, Constraint>{}
                                                          : constraints_of(c.when.any.front(), merged);
                    if (!can_both_hold(refined, holds)) continue;
                    any_case = true;
                    const auto it = c.fines.find(b.party);
                    if (it == c.fines.end() || it->second.kind != Fine::Kind::money) {
                        problems.push_back({where, cite(v) + c.paragraph + " sets no money range for '" + b.party +
                                                       "' in a case the benchmark refines: nothing to band"});
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
                if (!any_case)
                    problems.push_back({where, cite(v) + ": no case of the article can hold with the benchmark's conditions"});
            }
        }
        if (!problems.empty()) throw pack_error(problems);
        facts_ = std::move(merged);
        discretion_.push_back(std::move(d));
        refresh_packs();
    }

    // The legal range and recommendation for `party` under `provision_id`, for an act on
    // `act` decided on `decision` (the act date when not given).
    Recommendation recommend(const std::string& provision_id, const std::string& party, const Facts& facts,
                             const date& act, const std::optional<date>& decision = std::nullopt) const {
        const Provision& p = table_.provision(provision_id);
        Recommendation rec;
        rec.trace.reserve(16);
        rec.provision = p.id;
        rec.party = party;
        rec.act = act;
        rec.decision = decision;
        rec.pack = stamp_;
        rec.packs = packs_;
        const Given given = facts_.typed(facts.values);
        const Version& at_act = in_force(p, act, "act");
        rec.trace.push_back({"provision", detail::cat(p.id, ": ", p.title_zh)});
        rec.trace.push_back(
            {"act date", detail::cat(to_iso(act), ": ", cite(at_act), " in force (", law(at_act).effective, ")")});
        Range chosen = range_of(at_act, party, facts, given, rec.trace);
        const Version* applied = &at_act;
        bool verified = true;
        if (decision && *decision != act) {
            if (*decision < act)
                throw error("decision date " + to_iso(*decision) + " is before the act date " + to_iso(act));
            const Version& at_decision = in_force(p, *decision, "decision");
            if (&at_decision != &at_act) {
                const Citation& rule = applicable_law(*decision);
                verified = rule.verified;
                std::vector<Step> scratch;
                const Range later = range_of(at_decision, party, facts, given, scratch);
                const bool lighter = later.max < chosen.max || (later.max == chosen.max && later.min < chosen.min);
                rec.trace.push_back({"decision date", to_iso(*decision) + ": " + cite(at_decision) +
                                                          " in force, range " + later.text()});
                if (lighter) {
                    rec.trace.push_back({"从旧兼从轻", rule.str() + ": the norm in force at the decision is lighter (" +
                                                           later.text() + " against " + chosen.text() + "), so " +
                                                           cite(at_decision) + " applies"});
                    for (auto& s : scratch) rec.trace.push_back(s);
                    chosen = later;
                    applied = &at_decision;
                } else {
                    rec.trace.push_back({"从旧兼从轻", rule.str() + ": the norm in force at the act (" + chosen.text() +
                                                           ") is not heavier than the later one, so " + cite(at_act) +
                                                           " applies"});
                }
            }
        }
        const Law& l = law(*applied);
        rec.min = chosen.min, rec.max = chosen.max, rec.open_below = chosen.open_below;
        rec.no_fine = chosen.no_fine;
        rec.measures = chosen.measures;
        rec.basis = detail::cat(cite(*applied), chosen.paragraph, item_cited(*applied, at_act, given, rec.trace));
        rec.basis_ref.law = l.name_zh, rec.basis_ref.edition = l.edition, rec.basis_ref.article = applied->article;
        rec.basis_ref.verified = l.verified && applied->verified;
        read_paragraph(chosen.paragraph, rec.basis_ref.paragraph, rec.basis_ref.item);
        rec.basis_ref.cited = rec.basis;
        rec.law_id = l.id;
        rec.law_version = to_iso(l.effective.from);
        rec.verified = verified && l.verified && applied->verified;
        check_limitation(general_, facts, act, rec);
        if (!rec.no_fine) {  // measures only: no range for circumstances or a benchmark to band
            const Circumstantial c = weigh_circumstances(general_, facts, act, decision, rec);
            choose_band(general_, facts, c, benchmark_band(p.id, party, given, decision.value_or(act), rec), rec);
        }
        hearing_right(general_, decision.value_or(act), rec);
        const date latest = decision.value_or(act);
        for (const rules::PackInfo* used : {&table_.pack, &general_.pack})
            if (used->stale_on(latest))
                rec.trace.push_back({"review", used->stamp() + " was last checked against its sources on " +
                                                   to_iso(*used->reviewed_through) + "; " + to_iso(latest) +
                                                   " is later: an amendment since then would not be in it"});
        if (!rec.verified) rec.trace.push_back({"unverified", "a value used is marked verified: false in its pack"});
        return rec;
    }

    // One act that breaches several norms gets the fine of the norm with the higher fine (the
    // general part's one_act_one_fine in force on the act date is cited). The first provision is the
    // primary norm and must be in force on the act
    // date (else an error: answering from a lesser norm alone would hide the gap); the others
    // are passed over, and said so, when not in force.
    // Where the higher fine is set by a higher-ranking law, that is said too (and a lower norm's own
    // clause deferring to it); where two norms set the same range, the one specific to `sector` is
    // cited (煤矿安全生产条例 for a coal mine).
    Recommendation highest(const std::vector<std::string>& provision_ids, const std::string& party, const Facts& facts,
                           const date& act, const std::optional<date>& decision = std::nullopt,
                           const std::string& sector = "general") const {
        std::optional<Recommendation> best;
        std::vector<Step> notes;
        bool winner_unverified = false;
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
                const bool tie = r.max == best->max && r.min == best->min && r.no_fine == best->no_fine;
                const auto specific = [&](const Recommendation& x) { return table_.laws.at(x.law_id).sector == sector; };
                const bool higher = tie ? specific(r) && !specific(*best)
                                        : r.max > best->max || (r.max == best->max && r.min > best->min);
                const Recommendation& loser = higher ? *best : r;
                const Recommendation& winner = higher ? r : *best;
                const Instrument* rule = general_.with(&Instrument::one_act_one_fine, act);
                if (!rule)
                    throw error("no rule for one act breaching several norms is encoded for " + to_iso(act) + " (" +
                                general_.pack.stamp() + ")");
                const Citation& c = *rule->one_act_one_fine;
                const Law &won = table_.laws.at(winner.law_id), &lost = table_.laws.at(loser.law_id);
                std::string why = tie ? "; both set " + range_text(winner) + ": " + winner.basis +
                                            ", the norm specific to this sector, is cited"
                                      : "; the higher fine, " + winner.basis + " (" + range_text(winner) + "), applies";
                if (!tie && won.rank == "法律" && lost.rank != "法律")  // a law over a regulation: say so
                    why += "; " + won.cite() + " is a 法律, " + lost.cite() + " a " + lost.rank +
                           " of lower rank" + (lost.defers.empty() ? std::string() : " which defers to it (" + lost.defers + ")");
                notes.push_back({"一事不二罚", c.str() + ": the act also breaches " + loser.basis + " (" +
                                                   range_text(loser) + ")" + why +
                                                   (c.note.empty() ? std::string() : " (" + c.note + ")")});
                if (!c.verified) winner_unverified = true;
                if (higher) best = std::move(r);
            } else {
                best = std::move(r);
            }
        }
        if (!best) throw error("no provision given");
        best->trace.insert(best->trace.end(), notes.begin(), notes.end());
        if (winner_unverified && best->verified) {
            best->verified = false;
            best->trace.push_back({"unverified", "a value used is marked verified: false in its pack"});
        }
        return *best;
    }

    // The accident fine of the responsible unit, by level (一般/较大/重大/特别重大): the provisions
    // the table's `accident_fine` question names for the sector.
    Recommendation accident_fine(const std::string& level, const date& act,
                                 const std::optional<date>& decision = std::nullopt, bool aggravated = false,
                                 const std::string& sector = "general") const {
        Facts f;
        f.values = {{"level", level}, {"aggravated", aggravated ? "true" : "false"}};
        const Question& q = table_.question("accident_fine");
        return highest(q.provisions(sector), q.party, f, act, decision, sector);
    }

    // The principal's accident fine, a share of 上一年年收入 (the `principal_fine` question).
    Recommendation principal_fine(const std::string& level, Money last_year_income, const date& act,
                                  const std::optional<date>& decision = std::nullopt,
                                  const std::string& sector = "general") const {
        if (last_year_income < Money()) throw error("上一年年收入 cannot be negative");
        Facts f;
        f.values = {{"level", level}};
        f.income = last_year_income;
        const Question& q = table_.question("principal_fine");
        return highest(q.provisions(sector), q.party, f, act, decision, sector);
    }

private:
    // "5万元以下", "10万元–20万元", or "no fine" (measures only): a part of a trace line.
    struct RangeWords {
        Money min, max;
        bool open_below, no_fine;
        void append_to(std::string& out) const {
            if (no_fine) {
                out += "no fine";
                return;
            }
            if (open_below) {
                detail::Yuan{max}.append_to(out);
                out += "以下";
                return;
            }
            detail::Yuan{min}.append_to(out);
            out += "–";
            detail::Yuan{max}.append_to(out);
        }
    };
    static std::string range_text(const Recommendation& r) {
        return detail::cat(RangeWords{r.min, r.max, r.open_below, r.no_fine});
    }

    struct Range {
        Money min, max;  // 0 and 0 when no_fine
        bool open_below = false;
        bool no_fine = false;  // measures only
        std::string_view paragraph;  // the table's text: "第一款第二项"
        std::vector<std::string> measures;
        RangeWords words() const { return {min, max, open_below, no_fine}; }
        std::string text() const { return detail::cat(words()); }
    };

    static std::string join(const std::vector<std::string>& items) {
        std::string out;
        for (const auto& m : items) out += (out.empty() ? "" : "、") + m;
        return out;
    }

    // The rule on which law applies when it changed between act and decision, in force on `d`.
    const Citation& applicable_law(const date& d) const {
        const Instrument* in = general_.with(&Instrument::applicable_law, d);
        if (!in)
            throw error("no rule on the law applicable over time is encoded for " + to_iso(d) + " (" +
                        general_.pack.stamp() + ")");
        return *in->applicable_law;
    }

    // "第一款第二项" -> paragraph 1, item 2 (0 where the text does not say).
    static void read_paragraph(std::string_view text, int& paragraph, int& item) {
        const auto number_before = [&text](std::string_view unit) {
            const auto end = text.find(unit);
            if (end == std::string::npos) return 0;
            const auto start = text.rfind("第", end);
            if (start == std::string::npos) return 0;
            const std::size_t from = start + std::string_view("第").size();
            return numeral_zh_value(text.substr(from, end - from), 100);
        };
        paragraph = number_before("款");
        item = number_before("项");
    }

    const Law& law(const Version& v) const { return table_.laws.at(v.law); }
    // "安全生产法(2021) 第一百一十四条": written once per version when the table is set (a decision's
    // trace cites it several times; composed per call it was a fifth of the decision's time).
    // Every version of the table has its law (loading checks it; law() throws before a version without
    // one is cited).
    static std::string citation(const Law& l, const Version& v) { return l.cite() + " " + article_zh(v.article); }
    const std::string& cite(const Version& v) const { return v.cited; }
    void write_citations() {
        for (auto& p : table_.provisions)
            for (auto& v : p.versions)
                if (const auto it = table_.laws.find(v.law); it != table_.laws.end()) v.cited = citation(it->second, v);
    }

    const Version& in_force(const Provision& p, const date& d, const char* which) const {
        for (const auto& v : p.versions)
            if (law(v).effective.contains(d)) {
                if (!v.not_encoded.empty())
                    throw error(cite(v) + " (in force " + law(v).effective.str() + ") decides the " + which +
                                " date " + to_iso(d) + ", but its text is not encoded (" + v.not_encoded +
                                "); the range of another edition is never used in its place");
                return v;
            }
        std::string covered;
        for (const auto& v : p.versions)
            covered += (covered.empty() ? "" : ", ") + cite(v) + " " + law(v).effective.str();
        throw error("no version of '" + p.id + "' is in force on the " + which + " date " + to_iso(d) +
                    " (encoded: " + covered + "); anjian never carries a rule past its last known date");
    }

    using Given = std::map<std::string, Value>;

    // "第X项" when the fact `item` names the 项 of an article that lists them (第九十七条第四项), checked
    // against the count; the 项 of the act date's article, so an article applied instead by 从旧兼从轻
    // must list the same number of 项 (else which one is meant is not known).
    std::string item_cited(const Version& applied, const Version& at_act, const Given& given,
                           std::vector<Step>& trace) const {
        const Value& item = facts_.lookup(given, "item");
        if (!std::holds_alternative<double>(item)) return "";
        const double n = std::get<double>(item);
        if (applied.items == 0)
            throw error(cite(applied) + " has no numbered 项 encoded here: leave the fact 'item' out");
        if (n != std::floor(n) || n < 1 || n > applied.items)
            throw error(cite(applied) + " lists " + std::to_string(applied.items) + " 项: item " + to_string(item) +
                        " is not one of them");
        if (&applied != &at_act && applied.items != at_act.items)
            throw error("item " + to_string(item) + " is a 项 of " + cite(at_act) + ", which lists " +
                        std::to_string(at_act.items) + "; " + cite(applied) + ", applied by 从旧兼从轻, lists " +
                        std::to_string(applied.items) + ": give the case without 'item', or decide it by hand");
        const std::string cited = "第" + numeral_zh(static_cast<int>(n)) + "项";
        trace.push_back({"项", cite(applied) + cited + " (the fact 'item')"});
        return cited;
    }

    void refresh_packs() { packs_ = std::make_shared<const std::vector<rules::PackInfo>>(packs()); }

    auto lookup(const Given& given) const {
        return [this, &given](const std::string& name) -> const Value& { return facts_.lookup(given, name); };
    }

    static std::string given_text(const Given& given) {
        std::string out;
        for (const auto& [k, val] : given) out += (out.empty() ? "" : ", ") + k + "=" + to_string(val);
        return out.empty() ? "none given" : out;
    }

    static bool reads(const When& w, const std::string& fact) {
        const auto f = w.fields();
        return std::find(f.begin(), f.end(), fact) != f.end();
    }

    std::map<std::string, Constraint> constraints(const Case& c) const {
        return c.when.any.empty() ? std::map<std::string, Constraint>{} : constraints_of(c.when.any.front(), facts_);
    }

    // The most specific case whose conditions hold (the pack was checked to order any two cases
    // that can hold together). A case whose facts are not given is not selected, and the error
    // says which facts were missing.
    const Case& select(const Version& v, const Given& given) const {
        const auto get = lookup(given);
        const Case* best = nullptr;
        std::optional<std::map<std::string, Constraint>> best_c;  // made when a second case holds
        for (const auto& c : v.cases) {
            if (!c.when.any.empty() && c.when.test(get) != Truth::yes) continue;
            if (!best) {
                best = &c;
                continue;
            }
            if (!best_c) best_c = constraints(*best);
            auto constraint = constraints(c);
            if (more_specific(constraint, *best_c)) best = &c, best_c = std::move(constraint);
        }
        if (!best) {
            std::vector<std::string> missing;
            for (const auto& c : v.cases)
                if (c.when.test(get) == Truth::unknown)
                    for (const auto& f : c.when.fields())
                        if (std::holds_alternative<std::monostate>(get(f)) &&
                            std::find(missing.begin(), missing.end(), f) == missing.end())
                            missing.push_back(f);
            std::string need;
            for (const auto& m : missing) need += (need.empty() ? "" : ", ") + m;
            throw error(cite(v) + ": no case of the article matches the facts (" + given_text(given) + ")" +
                        (need.empty() ? std::string() : "; not given: " + need));
        }
        return *best;
    }

    Range range_of(const Version& v, const std::string& party, const Facts& facts, const Given& given,
                   std::vector<Step>& trace) const {
        const Case& c = select(v, given);
        const std::string when = c.when.any.empty() ? std::string("no conditions") : c.when.why(lookup(given));
        Range r;
        r.paragraph = c.paragraph;
        r.measures = c.measures;
        const auto it = c.fines.find(party);
        if (it == c.fines.end()) {
            if (c.measures.empty())
                throw error(cite(v) + c.paragraph + " sets neither a fine nor measures for the party '" + party +
                            "' in this case");
            r.no_fine = true;  // measures only: no range to band, lighter than any fine
            trace.push_back({"case", cite(v) + c.paragraph + " (" + when + "): no fine for the " + party +
                                         "; measures: " + join(c.measures)});
            return r;
        }
        const Fine& f = it->second;
        if (f.kind == Fine::Kind::income_share) {
            if (!facts.income)
                throw error(cite(v) + " fines the " + party + " a share of 上一年年收入: the income is needed");
            if (*facts.income < Money()) throw error("上一年年收入 cannot be negative");
            r.min = facts.income->scaled(f.share_from, 10000);
            r.max = facts.income->scaled(f.share_to, 10000);
            trace.push_back({"case", cite(v) + c.paragraph + " (" + when + "): " + party + " " +
                                         detail::hundredths_text(f.share_from, "%") +
                                         (f.share_to != f.share_from ? "–" + detail::hundredths_text(f.share_to, "%")
                                                                     : std::string()) +
                                         " of 上一年年收入 " + detail::yuan_text(*facts.income) +
                                         " (rounded half up to the fen)"});
        } else if (f.kind == Fine::Kind::gains_multiple) {
            if (!facts.illegal_gains)
                throw error(cite(v) + " depends on 违法所得: give illegal_gains (0 when there are none)");
            const Money g = *facts.illegal_gains;
            if (g >= f.threshold) {
                r.min = g.scaled(f.share_from, 100);
                r.max = g.scaled(f.share_to, 100);
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
            trace.push_back({"case", detail::cat(cite(v), c.paragraph, " (", when, "): ", party, " ", r.words())});
        }
        const bool aggravated = facts_.lookup(given, "aggravated") == Value{true};
        if (aggravated && !v.aggravated_multiplier && !reads(c.when, "aggravated"))
            trace.push_back(
                {"aggravated",
                 cite(v) + " has no aggravated range for this case: the circumstance is left to discretion"});
        if (aggravated && v.aggravated_multiplier && !reads(c.when, "aggravated")) {
            const auto [lo, hi] = *v.aggravated_multiplier;
            r.min = r.min.scaled(lo, 100);
            r.max = r.max.scaled(hi, 100);
            r.paragraph = v.aggravated_paragraph;
            trace.push_back({"aggravated", cite(v) + v.aggravated_paragraph + ": " + v.aggravated_text + ", " +
                                               detail::hundredths_text(lo, "") + "–" + detail::hundredths_text(hi, "") +
                                               " times the range above: " + r.text() +
                                               " (the multiplier read as applying to both bounds)"});
        }
        return r;
    }

    std::optional<Band> benchmark_band(const std::string& provision, const std::string& party, const Given& given,
                                       const date& when, Recommendation& rec) const {
        const auto get = lookup(given);
        for (const auto& d : discretion_) {
            if (!d.effective.contains(when)) continue;
            for (const auto& b : d.benchmarks) {
                if (b.provision != provision || b.party != party) continue;
                if (!b.when.any.empty() && b.when.test(get) != Truth::yes) continue;
                // The band selected, by its 适用条件 (a 阶次) or by the key fact's value, and what selected it.
                const Band* found = nullptr;
                std::string selected;
                if (b.key.empty()) {
                    for (const auto& band : b.bands)
                        if (!found && band.when.test(get) == Truth::yes)
                            found = &band, selected = (band.label.empty() ? std::string() : band.label + ", ") +
                                                      "适用条件 " + band.when.why(get);
                    if (!found) {
                        rec.trace.push_back({"裁量基准", d.jurisdiction + " " + d.pack.title +
                                                             ": no 阶次's 适用条件 holds for the facts given: default "
                                                             "bands used"});
                        return std::nullopt;
                    }
                } else {
                    const Value key = get(b.key);
                    if (!std::holds_alternative<double>(key)) {
                        rec.trace.push_back(
                            {"裁量基准", d.jurisdiction + " " + d.pack.title + " bands this case by '" + b.key +
                                             "', which the facts do not give: default bands used"});
                        return std::nullopt;
                    }
                    for (const auto& band : b.bands)
                        if (!found && band.contains(std::get<double>(key)))
                            found = &band, selected = b.key + " = " + to_string(key) +
                                                      (band.label.empty() ? "" : " (" + band.label + ")");
                    if (!found) {
                        rec.trace.push_back({"裁量基准", d.jurisdiction + " " + d.pack.title + " has no band for " +
                                                             b.key + " = " + to_string(key) + ": default bands used"});
                        return std::nullopt;
                    }
                }
                rec.trace.push_back({"裁量基准", d.jurisdiction + " " + d.pack.title + " (" + d.pack.stamp() +
                                                     "): " + selected + " -> " + detail::yuan_text(found->min) + "–" +
                                                     detail::yuan_text(found->max) +
                                                     (found->source.empty() ? "" : "; " + found->source)});
                rec.verified = rec.verified && d.verified;
                return *found;
            }
        }
        return std::nullopt;
    }

    Table table_;
    General general_;
    FactSet facts_;
    std::string stamp_;  // the table's, named by every result
    std::shared_ptr<const std::vector<rules::PackInfo>> packs_;
    std::vector<rules::PackInfo> overlays_;
    std::vector<DiscretionPack> discretion_;
};

}  // namespace anjian::penalty
