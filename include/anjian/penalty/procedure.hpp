#pragma once
// Procedure around a fine, from the general part in force: the limitation period, the hearing
// right, the late-payment surcharge; and daily fines for a refusal to correct.

#include <algorithm>
#include <anjian/penalty/general.hpp>
#include <anjian/penalty/recommendation.hpp>

namespace anjian::penalty {

// Not discovered within the limitation period of the instrument in force when the act ended (its
// last day for a continuing act) means no penalty. A later, longer period never revives an act:
// the period is the one of the text the act was done under.
inline void check_limitation(const General& g, const Facts& f, const date& act, Recommendation& rec) {
    const date end = f.act_end.value_or(act);
    if (f.act_end && *f.act_end < act)
        throw error("the act's last day " + to_iso(*f.act_end) + " is before its first " + to_iso(act));
    const Instrument* in = g.with(&Instrument::limitation, end);
    if (!f.discovered) {
        const std::string_view unchecked = " not checked: no discovery date given";
        rec.trace.push_back({"时效", in ? detail::cat(in->limitation->basis, unchecked)
                                        : detail::cat("the limitation", unchecked)});
        return;
    }
    if (!in)
        throw error("no limitation period is encoded for an act ending on " + to_iso(end) + " (" + g.pack.stamp() +
                    "); anjian never carries a rule past its last known date");
    const Limitation& l = *in->limitation;
    const bool extended = f.harm_to_life_or_health && l.extended_years > 0;
    const int years = extended ? l.extended_years : l.years;
    const date limit = add_months(end, 12 * years);  // 29 Feb gives 28 Feb
    rec.time_barred = *f.discovered > limit;
    rec.verified = rec.verified && l.basis.verified;
    std::string why = l.basis.str() + ": " + std::to_string(years) + " years" +
                      (extended ? " (" + l.extended_when + ")" : std::string()) + " from " + to_iso(end) + " run to " +
                      to_iso(limit) + "; discovered " + to_iso(*f.discovered) +
                      (rec.time_barred ? ": time-barred, no penalty" : ": in time");
    if (f.harm_to_life_or_health && !l.extended_years)
        why += "; the text in force then has no longer period for harm to life or health";
    rec.trace.push_back({"时效", why});
    if (rec.time_barred) rec.no_penalty = true;
}

// The hearing right under the instrument in force on `when` (the decision date, else the act
// date): an amount at or above the party's threshold, or a measure the article names.
inline void hearing_right(const General& g, const date& when, Recommendation& rec) {
    const Instrument* in = g.with(&Instrument::hearing, when);
    if (!in)
        throw error("no hearing rule is encoded for " + to_iso(when) + " (" + g.pack.stamp() +
                    "); anjian never carries a rule past its last known date");
    const Hearing& h = *in->hearing;
    const Money threshold = rec.party == "unit" ? h.unit_from : h.individual_from;
    const auto named = std::find_if(rec.measures.begin(), rec.measures.end(), [&h](const std::string& m) {
        return std::any_of(h.measures.begin(), h.measures.end(),
                           [&m](const std::string& word) { return m.find(word) != std::string::npos; });
    });
    const bool measure = named != rec.measures.end();
    rec.hearing = !rec.no_penalty && (rec.recommended >= threshold || measure);
    if (rec.hearing) {
        rec.verified = rec.verified && h.basis.verified;
        const std::string_view may = ": the party may request a hearing (";
        rec.trace.push_back(
            {"听证", measure ? detail::cat(h.basis, may, "the measure ", *named, " is one the article names)")
                             : detail::cat(h.basis, may, "较大数额: ", detail::Yuan{rec.recommended}, " >= ",
                                           detail::Yuan{threshold},
                                           rec.party == "unit" ? " for a unit)" : " for an individual)")});
    }
}

// 加处罚款 under the instrument in force on the due date: each day's share of the fine, rounded to
// the fen, times the days late; no more than the fine where the instrument caps it.
inline Money late_payment_surcharge(const General& g, Money fine, const date& due, const date& paid) {
    if (fine < Money()) throw error("a fine cannot be negative");
    if (paid <= due) return Money();
    const Instrument* in = g.with(&Instrument::late_payment, due);
    if (!in)
        throw error("no late-payment surcharge is encoded for a fine due on " + to_iso(due) + " (" + g.pack.stamp() +
                    ")");
    const LatePayment& l = *in->late_payment;
    const Money total = fine.scaled(l.per_day_hundredths_percent, 10000) * (paid - due).days();
    return l.capped_at_fine && total > fine ? fine : total;
}

// After a correction order and a fine, a refusal to correct may be fined the original amount every
// day, from the day after the order through `through` (inclusive).
inline Money daily_penalty(Money original, const date& order, const date& through) {
    if (through <= order)
        throw error("daily fines start the day after the correction order " + to_iso(order) + "; " + to_iso(through) +
                    " is not after it");
    return original * (through - order).days();
}

}  // namespace anjian::penalty
