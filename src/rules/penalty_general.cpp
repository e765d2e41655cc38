// The general part of administrative penalty law (kind: penalty_general) from rule packs.
#include <algorithm>
#include <anjian/decimal.hpp>
#include <anjian/rules/penalty.hpp>

#include "family.hpp"
#include "header.hpp"
#include "reader.hpp"

namespace anjian::rules {
namespace {

using penalty::Citation;
using penalty::CircumstanceRule;
using penalty::DefaultBands;
using penalty::Effect;
using penalty::Fraction;
using penalty::General;
using penalty::Hearing;
using penalty::Instrument;
using penalty::LatePayment;
using penalty::Limitation;

const std::vector<std::string_view> citation_keys = {"law", "article", "paragraph", "item", "text", "note", "verified"};

// article / paragraph / item: positive whole numbers; article required unless `article_optional`.
void read_numbers(detail::Reader& r, const YAML::Node& n, const std::string& path, Citation& c, bool article_optional) {
    const auto article = r.count(n, "article", path);
    if (!article && !n["article"] && !article_optional)
        r.problem(n, path + ".article", "missing required key 'article'");
    if (article && *article == 0) r.problem(n["article"], path + ".article", "an article number starts at 1");
    c.article = article.value_or(0);
    c.paragraph = r.count(n, "paragraph", path).value_or(0);
    c.item = r.count(n, "item", path).value_or(0);
}

// The citation fields of an item, in the words of `in` (the instrument it belongs to).
Citation read_citation(detail::Reader& r, const YAML::Node& n, const std::string& path, const Instrument& in,
                       bool article_optional = false) {
    Citation c;
    c.law = r.text(n, "law", path, false).value_or(in.name_zh);
    c.edition = c.law == in.name_zh ? in.edition : "";
    read_numbers(r, n, path, c, article_optional);
    c.text = r.text(n, "text", path, true).value_or("");
    c.note = r.text(n, "note", path, false).value_or("");
    c.verified = r.flag(n, "verified", path, true) && in.verified;
    c.cited = c.build();
    return c;
}

std::vector<std::string_view> with(std::initializer_list<std::string_view> extra) {
    std::vector<std::string_view> out(citation_keys);
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
}

void read_circumstances(detail::Reader& r, const YAML::Node& node, const std::string& path, Instrument& in) {
    if (!r.expect_map(node, path)) return;
    for (const auto& kv : node) {
        const std::string key = kv.first.Scalar(), cp = path + "." + key;
        if (!detail::valid_code(key)) r.problem(kv.first, cp, "a circumstance key must be lower_snake_case ASCII");
        if (!r.expect_map(kv.second, cp)) continue;
        r.only_keys(kv.second, cp, with({"effect"}));
        CircumstanceRule c;
        c.key = key;
        const auto effect = r.choice(kv.second, "effect", cp, true, {"no_penalty", "may_waive", "mitigate", "aggravate"});
        c.effect = !effect                    ? Effect::mitigate
                   : *effect == "no_penalty"  ? Effect::no_penalty
                   : *effect == "may_waive"   ? Effect::may_waive
                   : *effect == "aggravate"   ? Effect::aggravate
                                              : Effect::mitigate;
        // A discretion rule's factors may be cited by the instrument alone.
        c.basis = read_citation(r, kv.second, cp, in, true);
        in.circumstances.push_back(std::move(c));
    }
}

Instrument read_instrument(detail::Reader& r, const std::string& id, const YAML::Node& n, const std::string& path) {
    Instrument in;
    in.id = id;
    if (!detail::valid_code(id)) r.problem(n, path, "an instrument id must be lower_snake_case ASCII");
    if (!r.expect_map(n, path)) return in;
    r.only_keys(n, path,
                {"name_zh", "edition", "effective", "source", "verified", "note", "one_act_one_fine", "applicable_law",
                 "circumstances", "limitation", "hearing", "late_payment"});
    in.name_zh = r.text(n, "name_zh", path, true).value_or("");
    in.edition = r.text(n, "edition", path, true).value_or("");
    in.source = r.text(n, "source", path, true).value_or("");
    in.verified = r.flag(n, "verified", path, true);
    r.text(n, "note", path, false);
    in.effective = r.required_effective(n, path, "the dates the instrument is in force");
    for (const auto& [key, item] : {std::pair{"one_act_one_fine", &in.one_act_one_fine},
                                    std::pair{"applicable_law", &in.applicable_law}})
        if (const YAML::Node v = n[key]; v && r.expect_map(v, path + "." + key)) {
            r.only_keys(v, path + "." + key, citation_keys);
            *item = read_citation(r, v, path + "." + key, in);
        }
    if (const YAML::Node v = n["circumstances"]) read_circumstances(r, v, path + ".circumstances", in);
    if (const YAML::Node v = n["limitation"]; v && r.expect_map(v, path + ".limitation")) {
        const std::string lp = path + ".limitation";
        r.only_keys(v, lp, with({"years", "extended_years", "extended_when"}));
        Limitation l;
        l.basis = read_citation(r, v, lp, in);
        l.years = r.count(v, "years", lp).value_or(0);
        if (l.years <= 0) r.problem(v, lp + ".years", "the limitation needs its years, a whole number >= 1");
        l.extended_years = r.count(v, "extended_years", lp).value_or(0);
        l.extended_when = r.text(v, "extended_when", lp, l.extended_years > 0).value_or("");
        if (l.extended_years && l.extended_years <= l.years)
            r.problem(v["extended_years"], lp + ".extended_years", "an extended limitation must be longer than 'years'");
        if (!l.extended_when.empty() && !l.extended_years)
            r.problem(v["extended_when"], lp + ".extended_when", "'extended_when' needs 'extended_years'");
        in.limitation = l;
    }
    if (const YAML::Node v = n["hearing"]; v && r.expect_map(v, path + ".hearing")) {
        const std::string hp = path + ".hearing";
        r.only_keys(v, hp, with({"measures", "amounts", "amounts_source"}));
        Hearing h;
        h.basis = read_citation(r, v, hp, in);
        if (const YAML::Node m = v["measures"]; !m || !m.IsSequence() || m.size() == 0)
            r.problem(m ? m : v, hp + ".measures", "expected a non-empty list of words naming measures (停产停业 ...)");
        else
            for (const auto& x : m) h.measures.push_back(x.Scalar());
        if (const YAML::Node a = v["amounts"]; a && r.expect_map(a, hp + ".amounts")) {
            r.only_keys(a, hp + ".amounts", {"unit", "individual"});
            const auto unit = r.money(a, "unit", hp + ".amounts"), person = r.money(a, "individual", hp + ".amounts");
            if (!unit || !person)
                r.problem(a, hp + ".amounts", "the 较大数额 thresholds need both 'unit' and 'individual'");
            h.unit_from = unit.value_or(Money()), h.individual_from = person.value_or(Money());
            h.amounts_source = r.text(v, "amounts_source", hp, true).value_or("");
        } else {
            r.problem(v, hp + ".amounts", "missing required key 'amounts' (the 较大数额 thresholds: unit, individual)");
        }
        in.hearing = h;
    }
    if (const YAML::Node v = n["late_payment"]; v && r.expect_map(v, path + ".late_payment")) {
        const std::string pp = path + ".late_payment";
        r.only_keys(v, pp, with({"percent_per_day", "capped_at_fine"}));
        LatePayment l;
        l.basis = read_citation(r, v, pp, in);
        const YAML::Node p = v["percent_per_day"];
        const auto share = p && p.IsScalar() ? scaled_decimal(p.Scalar(), 2) : std::nullopt;
        if (!share || *share <= 0 || *share > 10000)
            r.problem(p ? p : v, pp + ".percent_per_day", "expected a percentage above 0 and at most 100, two decimals");
        l.per_day_hundredths_percent = share.value_or(0);
        if (!v["capped_at_fine"]) r.problem(v, pp + ".capped_at_fine", "missing required key 'capped_at_fine'");
        l.capped_at_fine = r.flag(v, "capped_at_fine", pp, true);
        in.late_payment = l;
    }
    return in;
}

// "1/3", "0.2", "1": a share of a range from 0 to 1, exact (whole numbers around a slash, or a
// decimal with at most six places).
std::optional<Fraction> fraction(detail::Reader& r, const YAML::Node& v, const std::string& path) {
    if (v && v.IsScalar()) {
        const std::string_view s = v.Scalar();
        const auto slash = s.find('/');
        std::optional<Fraction> f;
        if (slash == std::string_view::npos) {
            if (const auto n = scaled_decimal(s, 6)) f = Fraction{*n, 1000000};
        } else {
            const auto num = scaled_decimal(s.substr(0, slash), 0), den = scaled_decimal(s.substr(slash + 1), 0);
            if (num && den && *den > 0) f = Fraction{*num, *den};
        }
        if (f && f->num >= 0 && f->num <= f->den) return f;
    }
    r.problem(v, path, "expected a share of the range from 0 to 1: a fraction such as 1/3 or a decimal such as 0.2");
    return std::nullopt;
}

bool before(const Fraction& a, const Fraction& b) {
    __extension__ typedef __int128 wide;
    return static_cast<wide>(a.num) * b.den <= static_cast<wide>(b.num) * a.den;
}

void read_shares(detail::Reader& r, const YAML::Node& node, const std::string& path, DefaultBands::Shares& out) {
    if (!node) {
        r.problem(YAML::Node(), path, "missing required key '" + path.substr(path.rfind('.') + 1) + "'");
        return;
    }
    if (!r.expect_map(node, path)) return;
    r.only_keys(node, path, {"从轻", "一般", "从重"});
    for (const char* band : {"从轻", "一般", "从重"}) {
        const std::string bp = path + "." + band;
        const YAML::Node b = node[band];
        if (!b) {
            r.problem(node, bp, std::string("missing required band '") + band + "'");
            continue;
        }
        if (!b.IsSequence() || b.size() != 2) {
            r.problem(b, bp, "expected [from, to] as shares of the range");
            continue;
        }
        const auto lo = fraction(r, b[0], bp + "[0]"), hi = fraction(r, b[1], bp + "[1]");
        if (!lo || !hi) continue;
        if (!before(*lo, *hi)) r.problem(b, bp, "the band's 'from' share is above its 'to' share");
        out[band] = {*lo, *hi};
    }
}

// At most one instrument in force on any day may give an item: two would make the answer depend on
// the order of the pack. Between the first and the last that give it, no day may lack one.
template <class Has>
void check_coverage(detail::Reader& r, const YAML::Node& node, const std::vector<Instrument>& all,
                    const std::string& what, Has has) {
    std::vector<const Instrument*> giving;
    for (const auto& i : all)
        if (has(i)) giving.push_back(&i);
    std::sort(giving.begin(), giving.end(),
              [](const Instrument* a, const Instrument* b) { return a->effective.from < b->effective.from; });
    for (std::size_t k = 1; k < giving.size(); ++k) {
        const auto& prev = giving[k - 1]->effective;
        const auto& next = giving[k]->effective;
        if (!prev.to || next.from < *prev.to)
            r.problem(node, "instruments." + giving[k]->id,
                      what + " is given by '" + giving[k - 1]->id + "' " + prev.str() + " and '" + giving[k]->id +
                          "' " + next.str() + " on the same days: one date would have two rules");
        else if (*prev.to < next.from)
            r.problem(node, "instruments." + giving[k]->id,
                      "gap: no instrument gives " + what + " from " + to_iso(*prev.to) + " to " + to_iso(next.from));
    }
}

General parse(std::string_view text, const std::string& file, bool builtin) {
    detail::Reader r(file);
    const YAML::Node root = detail::open_pack(r, text, {"instruments", "default_bands"});
    General g;
    g.pack = detail::read_header(r, root, text, "penalty_general", builtin);
    const YAML::Node list = root["instruments"];
    if (!list || !r.expect_map(list, "instruments")) {
        if (!list) r.problem(root, "instruments", "missing required key 'instruments'");
    } else {
        for (const auto& kv : list)
            g.instruments.push_back(read_instrument(r, kv.first.Scalar(), kv.second, "instruments." + kv.first.Scalar()));
    }
    check_coverage(r, list, g.instruments, "the limitation", [](const Instrument& i) { return bool(i.limitation); });
    check_coverage(r, list, g.instruments, "the hearing right", [](const Instrument& i) { return bool(i.hearing); });
    check_coverage(r, list, g.instruments, "the late-payment surcharge",
                   [](const Instrument& i) { return bool(i.late_payment); });
    check_coverage(r, list, g.instruments, "the law applicable over time",
                   [](const Instrument& i) { return bool(i.applicable_law); });
    check_coverage(r, list, g.instruments, "one fine per act",
                   [](const Instrument& i) { return bool(i.one_act_one_fine); });
    for (const auto& key : g.circumstance_keys())
        check_coverage(r, list, g.instruments, "circumstance '" + key + "'", [&key](const Instrument& i) {
            return std::any_of(i.circumstances.begin(), i.circumstances.end(),
                               [&key](const CircumstanceRule& c) { return c.key == key; });
        });
    const YAML::Node bands = root["default_bands"];
    if (!bands) {
        r.problem(root, "default_bands", "missing required key 'default_bands'");
    } else if (r.expect_map(bands, "default_bands")) {
        r.only_keys(bands, "default_bands", {"source", "verified", "closed_range", "open_below", "within_benchmark"});
        g.bands.source = r.text(bands, "source", "default_bands", true).value_or("");
        g.bands.verified = r.flag(bands, "verified", "default_bands", true);
        read_shares(r, bands["closed_range"], "default_bands.closed_range", g.bands.closed_range);
        read_shares(r, bands["open_below"], "default_bands.open_below", g.bands.open_below);
        read_shares(r, bands["within_benchmark"], "default_bands.within_benchmark", g.bands.within_benchmark);
    }
    r.raise_if_any();
    return g;
}

using GeneralPacks = detail::Family<General, parse>;

}  // namespace

penalty::General parse_penalty_general(std::string_view text, const std::string& file) {
    return GeneralPacks::from_text(text, file);
}
penalty::General penalty_general(std::string_view name_or_path) { return GeneralPacks::named(name_or_path); }

}  // namespace anjian::rules
