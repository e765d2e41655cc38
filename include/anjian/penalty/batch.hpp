#pragma once
// Batch recommendations without trace: many cases in columns, the law applied row by row.
// The answer depends on the dates only through which dated objects are in force (law editions,
// discretion benchmarks: Engine::date_boundaries), so rows are grouped by (level, aggravation,
// interval of the act date, interval of the decision date) and each group is decided once by the
// full engine; income shares are then computed per row.

#include <algorithm>
#include <anjian/columns.hpp>
#include <anjian/penalty/engine.hpp>
#include <anjian/refusals.hpp>
#include <unordered_map>

namespace anjian::penalty {

struct BatchResult : RowStatus {
    std::vector<std::int64_t> min_fen, max_fen, recommended_fen;
    std::vector<std::int32_t> basis;               // index into `bases`; -1 for a refused row
    std::vector<std::string> bases, law_versions;  // per distinct basis
};

using anjian::Refusal;

namespace detail {

// Refusals that also clear the row's basis.
class Refusals : public anjian::Refusals {
public:
    Refusals(BatchResult& out, std::size_t rows) : anjian::Refusals(out, rows), out_(out) {}
    void refuse(std::size_t row, const std::string& why, const std::string& column = {}) {
        anjian::Refusals::refuse(row, why, column);
        out_.basis[row] = -1;
    }

private:
    BatchResult& out_;
};

}  // namespace detail

class BatchEngine {
public:
    explicit BatchEngine(const Engine& engine) : engine_(engine) {
        for (const date& d : engine.date_boundaries()) bounds_.push_back(day_number(d));
        if (bounds_.size() > 255) throw error("more than 255 dated boundaries in one engine");
        // Every day between the first and the last boundary, to its interval: one load per date
        // instead of a binary search whose branches random dates make unpredictable.
        if (!bounds_.empty()) {
            first_ = bounds_.front();
            by_day_.resize(static_cast<std::size_t>(bounds_.back() - first_ + 1));
            std::uint8_t k = 0;
            for (std::size_t i = 0; i < by_day_.size(); ++i) {
                while (k < bounds_.size() && bounds_[k] <= first_ + static_cast<std::int64_t>(i)) ++k;
                by_day_[i] = k;
            }
        }
    }

    // accident_fine (the unit) or principal_fine (主要负责人, a share of last year's income) per row.
    // Columns: level (1..4: 一般..特别重大), act_date; optional decision_date and aggravated (unit
    // fines only); for principal fines last_year_income_fen.
    BatchResult run(const anjian::Table& t, bool principal, const std::string& sector,
                    Refusal mode = Refusal::raise) const {
        using anjian::Int64Blocks;
        const anjian::Column& level_column = t.integers("level");
        const anjian::Column& act_column = t.dates("act_date");
        const anjian::Column* decision_column = t.find("decision_date") ? &t.dates("decision_date") : nullptr;
        const anjian::Column* aggravated_column =
            !principal && t.find("aggravated") ? &t.integers("aggravated") : nullptr;
        const anjian::Column* income_column = principal ? &t.integers("last_year_income_fen") : nullptr;
        const std::size_t n = t.size();
        static const char* names[] = {"", "一般", "较大", "重大", "特别重大"};
        BatchResult out;
        out.min_fen.resize(n), out.max_fen.resize(n), out.recommended_fen.resize(n), out.basis.resize(n);
        detail::Refusals refusals(out, n);
        struct Decided {
            std::int64_t min = 0, max = 0, recommended = 0;  // money, or for income shares hundredths of a percent
            std::int32_t basis = -1;
            std::int32_t refused = -1;  // why every row of the group is refused (into `why`); -1 when decided
        };
        std::vector<std::string> why;
        // Each group's decision, by its place in a dense table of every (level, aggravation, act-date
        // interval, decision-date interval or none): a load per row where a hash map cost a division and
        // a bucket walk. At most 8 x 256 x 257 places (255 boundaries), a few thousand in practice.
        const std::size_t acts_n = bounds_.size() + 1, decisions_n = bounds_.size() + 2;
        std::vector<std::int32_t> group_of(8 * acts_n * decisions_n, -1);
        std::vector<Decided> decided;
        std::unordered_map<std::string, std::int32_t> basis_ids;
        constexpr std::int64_t reference_income = 100'000'000;  // 100万元 in fen: shares read back exactly
        // Each column as plain int64 (missing: `none`), a block of rows at a time that stays in cache.
        constexpr std::int64_t none = std::numeric_limits<std::int64_t>::min();
        Int64Blocks levels(&level_column, none), acts(&act_column, none), decisions(decision_column, none),
            aggravations(aggravated_column, 0), incomes(income_column, none);
        for (std::size_t first = 0; first < n; first += Int64Blocks::block) {
            const std::size_t end = std::min(n, first + Int64Blocks::block);
            // Local pointers indexed by row - first: the compiler keeps them in registers.
            const std::int64_t *level = levels.load(first, end), *act = acts.load(first, end),
                               *decision = decisions.load(first, end), *aggravated = aggravations.load(first, end),
                               *income = incomes.load(first, end);
            for (std::size_t i = first; i < end; ++i) {
                const std::size_t k = i - first;
                const std::int64_t lv = level[k];
                if (lv < 1 || lv > 4) {
                    refusals.refuse(i,
                                    lv == none ? "missing accident level"
                                               : "accident level must be 1..4, got " + std::to_string(lv),
                                    "level");
                    continue;
                }
                const bool has_decision = decision && decision[k] != none;
                const std::int64_t act_day = act[k], decision_day = has_decision ? decision[k] : 0;
                const std::int64_t income_fen = income ? income[k] : 0;
                if (act_day == none || (has_decision && decision_day < act_day) || income_fen < 0) {
                    refusals.refuse(i, act_day == none          ? "missing act date"
                                       : income_fen == none    ? "missing 上一年年收入"
                                       : income_fen < 0        ? "上一年年收入 cannot be negative"
                                                               : "decision date is before the act date");
                    continue;
                }
                const bool agg = aggravated && aggravated[k] != 0;
                const std::size_t group =
                    ((static_cast<std::size_t>(lv - 1) * 2 + agg) * acts_n + interval(act_day)) * decisions_n +
                    (has_decision ? interval(decision_day) + 1 : 0);
                std::int32_t& known = group_of[group];
                if (known < 0) {
                    Decided d;
                    try {
                        const std::optional<date> dec =
                            has_decision ? std::optional<date>(from_day_number(decision_day)) : std::nullopt;
                        const Recommendation r =
                            principal ? engine_.principal_fine(names[lv], Money::from_fen(reference_income),
                                                               from_day_number(act_day), dec, sector)
                                      : engine_.accident_fine(names[lv], from_day_number(act_day), dec, agg, sector);
                        const auto [b, fresh] =
                            basis_ids.try_emplace(r.basis, static_cast<std::int32_t>(out.bases.size()));
                        if (fresh) out.bases.push_back(r.basis), out.law_versions.push_back(r.law_version);
                        // A share of the reference income read back exactly as hundredths of a percent.
                        const std::int64_t scale = principal ? reference_income / 10000 : 1;
                        d.min = r.min.fen() / scale, d.max = r.max.fen() / scale;
                        d.recommended = r.recommended.fen() / scale;
                        d.basis = b->second;
                    } catch (const error& e) {
                        d.refused = static_cast<std::int32_t>(why.size());
                        why.push_back(e.message());
                    }
                    known = static_cast<std::int32_t>(decided.size());
                    decided.push_back(d);
                }
                const Decided& d = decided[static_cast<std::size_t>(known)];
                if (d.refused >= 0) {
                    refusals.refuse(i, why[static_cast<std::size_t>(d.refused)]);
                    continue;
                }
                if (principal) {
                    const Money earned = Money::from_fen(income_fen);
                    const Money low = earned.scaled(d.min, 10000), high = earned.scaled(d.max, 10000);
                    const auto [band_min, band_max] = default_band(engine_.general(), low, high, false, "一般");
                    out.min_fen[i] = low.fen(), out.max_fen[i] = high.fen();
                    out.recommended_fen[i] = midpoint_yuan(band_min, band_max).fen();  // as recommend() does
                } else {
                    out.min_fen[i] = d.min, out.max_fen[i] = d.max, out.recommended_fen[i] = d.recommended;
                }
                out.basis[i] = d.basis;
            }
        }
        refusals.finish(mode);
        return out;
    }

    // Any provision, row by row. Columns: provision, act_date; optional party (default unit),
    // decision_date, income_fen and illegal_gains_fen (empty = not given); `facts` names the text
    // columns that are facts of the case (an empty cell: the fact is not given). Rows with the same
    // provision, party, facts, money and law-edition intervals are decided once.
    struct ManyResult {
        BatchResult money;
        std::vector<std::string> band;
        std::vector<std::uint8_t> no_penalty, hearing, no_fine;  // no_fine: measures only, no amounts
    };

    ManyResult run_many(const anjian::Table& t, const std::vector<std::string>& facts,
                        Refusal mode = Refusal::raise) const {
        const anjian::Column& provision = t.texts("provision");
        const anjian::Column* party = t.find("party") ? &t.texts("party") : nullptr;
        constexpr std::int64_t none = std::numeric_limits<std::int64_t>::min();  // a missing cell below
        std::vector<std::int64_t> scratch[4];
        const std::int64_t* act = t.dates("act_date").int64s(scratch[0], none);
        const std::int64_t* decision =
            t.find("decision_date") ? t.dates("decision_date").int64s(scratch[1], none) : nullptr;
        const std::int64_t* income = t.find("income_fen") ? t.integers("income_fen").int64s(scratch[2], none) : nullptr;
        const std::int64_t* gains =
            t.find("illegal_gains_fen") ? t.integers("illegal_gains_fen").int64s(scratch[3], none) : nullptr;
        std::vector<const anjian::Column*> fact_columns;
        for (const auto& name : facts) fact_columns.push_back(&t.texts(name));
        const std::size_t n = t.size();
        ManyResult out;
        auto& m = out.money;
        m.min_fen.resize(n), m.max_fen.resize(n), m.recommended_fen.resize(n), m.basis.resize(n);
        out.band.resize(n), out.no_penalty.resize(n), out.hearing.resize(n), out.no_fine.resize(n);
        detail::Refusals refusals(m, n);
        std::unordered_map<std::string, std::size_t> decided;  // key -> first row with it
        std::unordered_map<std::string, std::int32_t> basis_ids;
        const auto money = [](const std::int64_t* fen, std::size_t i) {
            return fen && fen[i] != none ? std::optional<Money>(Money::from_fen(fen[i])) : std::nullopt;
        };
        std::string key;
        for (std::size_t i = 0; i < n; ++i) {
            if (act[i] == none || !provision.valid(i)) {
                refusals.refuse(i, act[i] == none ? "missing act date" : "missing provision");
                continue;
            }
            const bool has_decision = decision && decision[i] != none;
            const std::string_view who = party && party->valid(i) ? party->text(i) : std::string_view("unit");
            const std::int64_t act_day = act[i], decision_day = has_decision ? decision[i] : 0;
            const std::optional<Money> earned = money(income, i), gained = money(gains, i);
            key.assign(provision.text(i)).append(1, '\x1f').append(who).append(1, '\x1f');
            key.append(std::to_string(interval(act_day))).append(1, '\x1f');
            key.append(has_decision ? std::to_string(interval(decision_day)) : "-");
            for (const anjian::Column* c : fact_columns) key.append(1, '\x1f').append(c->text(i));
            key.append(1, '\x1f').append(earned ? std::to_string(earned->fen()) : "-");
            key.append(1, '\x1f').append(gained ? std::to_string(gained->fen()) : "-");
            if (const auto seen = decided.find(key); seen != decided.end()) {
                const std::size_t j = seen->second;
                if (!m.refused.empty() && m.refused[j] >= 0) {
                    refusals.refuse(i, m.reasons[static_cast<std::size_t>(m.refused[j])]);
                    continue;
                }
                m.min_fen[i] = m.min_fen[j], m.max_fen[i] = m.max_fen[j], m.recommended_fen[i] = m.recommended_fen[j];
                m.basis[i] = m.basis[j], out.band[i] = out.band[j], out.no_penalty[i] = out.no_penalty[j],
                out.hearing[i] = out.hearing[j], out.no_fine[i] = out.no_fine[j];
                continue;
            }
            Facts f;
            for (std::size_t k = 0; k < facts.size(); ++k)
                if (const std::string_view v = fact_columns[k]->text(i); !v.empty())
                    f.values[facts[k]] = std::string(v);
            f.income = earned;
            f.illegal_gains = gained;
            Recommendation r;
            try {
                r = engine_.recommend(std::string(provision.text(i)), std::string(who), f, from_day_number(act_day),
                                      has_decision ? std::optional<date>(from_day_number(decision_day)) : std::nullopt);
            } catch (const error& e) {
                refusals.refuse(i, e.message());
                decided.emplace(key, i);
                continue;
            }
            const auto [b, fresh] = basis_ids.try_emplace(r.basis, static_cast<std::int32_t>(m.bases.size()));
            if (fresh) m.bases.push_back(r.basis), m.law_versions.push_back(r.law_version);
            m.min_fen[i] = r.min.fen(), m.max_fen[i] = r.max.fen(), m.recommended_fen[i] = r.recommended.fen();
            m.basis[i] = b->second, out.band[i] = r.band, out.no_penalty[i] = r.no_penalty, out.hearing[i] = r.hearing;
            out.no_fine[i] = r.no_fine;
            decided.emplace(key, i);
        }
        refusals.finish(mode);
        return out;
    }

private:
    // How many boundaries lie on or before `day`.
    std::uint64_t interval(std::int64_t day) const {
        if (day < first_ || bounds_.empty()) return 0;
        const auto offset = static_cast<std::uint64_t>(day - first_);
        return offset < by_day_.size() ? by_day_[offset] : bounds_.size();
    }

    const Engine& engine_;
    std::vector<std::int64_t> bounds_;
    std::int64_t first_ = 0;
    std::vector<std::uint8_t> by_day_;  // fewer than 256 boundaries: checked in the constructor
};

}  // namespace anjian::penalty
