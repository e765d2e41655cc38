#pragma once
// Circumstances and bands: what the general part in force makes of each circumstance (不予处罚,
// 可以不予, 从轻或者减轻, 从重), with the lighter of the act's and the decision's texts; then the
// band inside the legal range (a benchmark's, or the default shares) and its midpoint.

#include <anjian/penalty/discretion.hpp>
#include <anjian/penalty/general.hpp>
#include <anjian/penalty/recommendation.hpp>

namespace anjian::penalty {

struct Circumstantial {
    bool mitigate = false, aggravate = false;
    const CircumstanceRule* mitigating = nullptr;  // the first, for the 减轻 citation
};

// Each circumstance under the text in force on the act date; where the decision date has a
// different text that treats it more lightly (or not at all, for an aggravating one), that one
// applies (从旧兼从轻), and the trace says so.
inline Circumstantial weigh_circumstances(const General& g, const Facts& f, const date& act,
                                          const std::optional<date>& decision, Recommendation& rec) {
    Circumstantial out;
    if (f.circumstances.empty()) return out;
    const auto known = g.circumstance_keys();
    for (const auto& key : f.circumstances) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            std::string list;
            for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
            throw error("unknown circumstance '" + key + "' (known: " + list + ")");
        }
        const CircumstanceRule* at_act = g.circumstance(key, act);
        const CircumstanceRule* chosen = at_act;
        if (decision && *decision != act) {
            const CircumstanceRule* at_decision = g.circumstance(key, *decision);
            if (lightness(at_decision) < lightness(at_act)) {
                const Instrument* rule = g.with(&Instrument::applicable_law, *decision);
                rec.trace.push_back(
                    {"从旧兼从轻",
                     (rule ? rule->applicable_law->str() : std::string("从旧兼从轻")) + ": circumstance '" + key +
                         "' is treated more lightly by the text in force on the decision date " + to_iso(*decision) +
                         " (" + (at_decision ? at_decision->basis.str() : std::string("not a circumstance there")) +
                         ") than on the act date (" + (at_act ? at_act->basis.str() : std::string("not one there")) +
                         ")"});
                if (rule) rec.verified = rec.verified && rule->applicable_law->verified;
                chosen = at_decision;
            }
        }
        if (!chosen) {
            rec.trace.push_back({"circumstance", "'" + key + "' is not a circumstance of the texts in force on " +
                                                     to_iso(act) + ": not applied"});
            continue;
        }
        rec.trace.push_back({"circumstance", chosen->basis.quoted()});
        rec.verified = rec.verified && chosen->basis.verified;
        switch (chosen->effect) {
            case Effect::no_penalty:
                rec.no_penalty = true;
                break;
            case Effect::may_waive:
                rec.may_waive = true;
                break;
            case Effect::mitigate:
                out.mitigate = true;
                if (!out.mitigating) out.mitigating = chosen;
                break;
            case Effect::aggravate:
                out.aggravate = true;
                break;
        }
    }
    return out;
}

// [lo + share.from × (hi − lo), lo + share.to × (hi − lo)], each end rounded to the fen.
inline std::pair<Money, Money> band_of(Money lo, Money hi, const std::pair<Fraction, Fraction>& share) {
    const Money width = hi - lo;
    return {lo + width.scaled(share.first.num, share.first.den), lo + width.scaled(share.second.num, share.second.den)};
}

// The recommended amount of a band: its midpoint, rounded half up to the whole yuan.
inline Money midpoint_yuan(Money a, Money b) { return (a + b).scaled(1, 2, Money::from_yuan(1)); }

// The default band `name` (从轻, 一般, 从重) of a legal range: shares of [lo, hi], or of [0, hi] when
// the statute sets no minimum.
inline std::pair<Money, Money> default_band(const General& g, Money lo, Money hi, bool open_below,
                                            const std::string& name) {
    const auto& shares = open_below ? g.bands.open_below : g.bands.closed_range;
    return band_of(open_below ? Money() : lo, hi, shares.at(name));
}

// The band for the circumstances, and the recommended amount: the band's midpoint in whole yuan.
inline void choose_band(const General& g, const Facts& f, const Circumstantial& c, const std::optional<Band>& bench,
                        Recommendation& rec) {
    const char* name = c.mitigate && !c.aggravate ? "从轻" : c.aggravate && !c.mitigate ? "从重" : "一般";
    if (c.mitigate && c.aggravate)
        rec.trace.push_back({"circumstance", "mitigating and aggravating circumstances together: the middle band"});
    const char* how;
    if (c.mitigate && !c.aggravate && f.reduce && !rec.open_below && rec.min > Money()) {
        rec.band = "减轻", rec.band_min = Money(), rec.band_max = rec.min;
        rec.trace.push_back({"减轻", detail::cat(c.mitigating->basis, " allows 减轻: below the statutory minimum ",
                                               detail::Yuan{rec.min})});
        how = "below the minimum";
    } else if (bench) {
        std::tie(rec.band_min, rec.band_max) = band_of(bench->min, bench->max, g.bands.within_benchmark.at(name));
        rec.band = std::string("裁量基准") + (std::string(name) == "一般" ? "" : std::string(" ") + name);
        how = "the benchmark's band; circumstances take the shares of it the general part gives";
    } else {
        std::tie(rec.band_min, rec.band_max) = default_band(g, rec.min, rec.max, rec.open_below, name);
        rec.band = name;
        how = g.bands.verified ? "default bands of the general part" : "default bands of the general part, unverified";
    }
    rec.recommended = rec.no_penalty ? Money() : midpoint_yuan(rec.band_min, rec.band_max);
    rec.trace.push_back({"recommended", rec.no_penalty ? std::string("0: 不予处罚")
                                                       : detail::cat(detail::Yuan{rec.recommended},
                                                                     ": midpoint of the ", rec.band, " band ",
                                                                     detail::Yuan{rec.band_min}, "–",
                                                                     detail::Yuan{rec.band_max}, " (", how, ")")});
    if (rec.may_waive && !rec.no_penalty)
        rec.trace.push_back({"首违不罚", "the authority may decide not to penalise (可以不予)"});
}

}  // namespace anjian::penalty
