#pragma once
// The general part of administrative penalty law as dated data (pack kind `penalty_general`):
// what circumstances do, the limitation period, the hearing right, the late-payment surcharge,
// which law applies when it changed, one fine per act, and the default discretion bands. Each
// instrument (an edition of 行政处罚法, a discretion rule) is in force over a date interval; the
// engine asks for the item in force on the date that matters and cites what it used.

#include <anjian/error.hpp>
#include <anjian/money.hpp>
#include <anjian/penalty/statute.hpp>
#include <anjian/rules/pack.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace anjian::penalty {

// Where a rule stands and what it says: 行政处罚法(2021) 第三十三条第一款.
struct Citation {
    std::string law;      // "行政处罚法"
    std::string edition;  // "2021"
    int article = 0;      // 0: the instrument as a whole
    int paragraph = 0;    // 款, 0 when not given
    int item = 0;         // 项, 0 when not given
    std::string text;     // the words of the law, as encoded
    std::string note;     // anjian's reading, where it reads
    bool verified = true;

    std::string str() const { return cited.empty() ? build() : cited; }
    // The same appended to `out`, without a copy made of it (traces are written on every decision).
    void append_to(std::string& out) const {
        if (cited.empty())
            out += build();
        else
            out += cited;
    }
    std::string build() const {
        std::string out = law + "(" + edition + ")";
        if (article > 0) out += " " + article_zh(article);
        if (paragraph > 0) out += "第" + numeral_zh(paragraph) + "款";
        if (item > 0) out += "第" + numeral_zh(item) + "项";
        return out;
    }
    std::string cited;  // build() made once when the pack is read: traces are written on every decision
    // "行政处罚法(2021) 第三十三条第一款: 违法行为轻微…"
    std::string quoted() const { return text.empty() ? str() : str() + ": " + text; }
};

enum class Effect { no_penalty, may_waive, mitigate, aggravate };

inline const char* effect_name(Effect e) {
    switch (e) {
        case Effect::no_penalty:
            return "no_penalty";
        case Effect::may_waive:
            return "may_waive";
        case Effect::mitigate:
            return "mitigate";
        case Effect::aggravate:
            return "aggravate";
    }
    return "";
}

// Lighter for the party: no penalty < may waive < mitigate < not a circumstance (nullptr) < aggravate.
struct CircumstanceRule;
inline int lightness(const CircumstanceRule* rule);

struct CircumstanceRule {
    std::string key;  // "first_offence_minor_corrected"
    Effect effect = Effect::mitigate;
    Citation basis;
};

inline int lightness(const CircumstanceRule* rule) {
    if (!rule) return 3;
    switch (rule->effect) {
        case Effect::no_penalty:
            return 0;
        case Effect::may_waive:
            return 1;
        case Effect::mitigate:
            return 2;
        case Effect::aggravate:
            return 4;
    }
    return 3;
}

// Not discovered within `years` of the act (or of a continuing act's end) means no penalty;
// `extended_years` where `extended_when` holds (涉及公民生命健康安全…且有危害后果).
struct Limitation {
    Citation basis;
    int years = 0;
    int extended_years = 0;  // 0: no extension in this edition
    std::string extended_when;
};

// The hearing right: for amounts at or above the thresholds (较大数额, per kind of party) and for
// measures whose text contains one of `measures`.
struct Hearing {
    Citation basis;
    std::vector<std::string> measures;
    Money unit_from, individual_from;
    std::string amounts_source;
};

// 加处罚款: a share of the fine per day late, optionally capped at the fine.
struct LatePayment {
    Citation basis;
    std::int64_t per_day_hundredths_percent = 0;  // 3% -> 300
    bool capped_at_fine = true;
};

struct Instrument {
    std::string id;       // "xzcf2021"
    std::string name_zh;  // "行政处罚法"
    std::string edition;  // "2021"
    rules::Effective effective;
    std::string source;
    bool verified = true;
    std::optional<Citation> one_act_one_fine, applicable_law;
    std::vector<CircumstanceRule> circumstances;
    std::optional<Limitation> limitation;
    std::optional<Hearing> hearing;
    std::optional<LatePayment> late_payment;
};

// A share of a range, exact: 1/3.
struct Fraction {
    std::int64_t num = 0, den = 1;
};

// Where a case has no discretion benchmark: bands as shares of the legal range. `closed_range`
// for "X以上Y以下", `open_below` for "X以下" (shares of X), `within_benchmark` for the part of a
// benchmark's band that circumstances take. Keys: 从轻, 一般, 从重.
struct DefaultBands {
    using Shares = std::map<std::string, std::pair<Fraction, Fraction>>;
    std::string source;
    bool verified = true;
    Shares closed_range, open_below, within_benchmark;
};

struct General {
    rules::PackInfo pack;
    std::vector<Instrument> instruments;
    DefaultBands bands;

    // The instrument in force on `d` whose `item` is set (item: a pointer to an optional member),
    // nullptr when none is.
    template <class T>
    const Instrument* with(std::optional<T> Instrument::*item, const date& d) const {
        for (const auto& i : instruments)
            if (i.effective.contains(d) && i.*item) return &i;
        return nullptr;
    }

    // The rule for a circumstance key in force on `d`; nullptr when none.
    const CircumstanceRule* circumstance(const std::string& key, const date& d) const {
        for (const auto& i : instruments) {
            if (!i.effective.contains(d)) continue;
            for (const auto& c : i.circumstances)
                if (c.key == key) return &c;
        }
        return nullptr;
    }

    // Every circumstance key any instrument defines, in pack order, once.
    std::vector<std::string> circumstance_keys() const {
        std::vector<std::string> out;
        for (const auto& i : instruments)
            for (const auto& c : i.circumstances)
                if (std::find(out.begin(), out.end(), c.key) == out.end()) out.push_back(c.key);
        return out;
    }

    // Days on which an instrument begins or ends.
    void add_boundaries(std::vector<date>& out) const {
        for (const auto& i : instruments) {
            out.push_back(i.effective.from);
            if (i.effective.to) out.push_back(*i.effective.to);
        }
    }
};

}  // namespace anjian::penalty
