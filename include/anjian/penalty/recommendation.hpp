#pragma once
// What a penalty decision takes in (the facts of a case) and gives out (the range, the band, the
// recommended amount and the trace of how they were found), and its JSON form: one versioned
// schema for C++, Python and the C ABI, with everything needed to re-run the decision later under
// the same packs (复议 and 诉讼 ask for that).

#include <anjian/money.hpp>
#include <anjian/penalty/general.hpp>
#include <anjian/period.hpp>
#include <anjian/rules/pack.hpp>
#include <anjian/version.hpp>
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace anjian::penalty {

struct Facts {
    std::map<std::string, std::string> values;  // "level" -> "较大", "aggravated" -> "true"
    std::optional<Money> income;                // the party's 上一年年收入, for income shares
    std::optional<Money> illegal_gains;         // 违法所得, for multiples of it
    std::vector<std::string> circumstances;     // keys of the general part's circumstances
    bool reduce = false;                  // with a mitigating circumstance: 减轻 (below the minimum), not 从轻
    std::optional<date> act_end;          // a continuing act's last day (the limitation counts from it)
    std::optional<date> discovered;       // when the act was found (limitation)
    bool harm_to_life_or_health = false;  // the limitation's extended branch (涉及公民生命健康安全且有危害后果)
};

struct Step {
    std::string rule;    // what decided: "act date", "从旧兼从轻", "case", "range", "recommended"
    std::string detail;  // in words, with the article cited
};

struct Recommendation {
    std::string provision, party;
    date act;
    std::optional<date> decision;
    Money min, max, recommended;
    bool open_below = false;   // "X以下": the statute sets no minimum
    Money band_min, band_max;  // the discretion band inside (or, 减轻, below) the legal range
    std::string band;          // "一般", "从轻", "从重", "减轻"
    std::vector<std::string> measures;
    bool no_fine = false;      // the article sets measures but no fine for this party: min, max, recommended 0
    bool no_penalty = false;   // 不予处罚: recommended is 0
    bool may_waive = false;    // 可以不予处罚 (首违不罚)
    bool time_barred = false;  // not discovered within the limitation period; no penalty may be given
    bool hearing = false;      // the party may request a hearing, for the amount or the measures
    std::string basis;         // "安全生产法(2021) 第一百一十四条第一款"
    Citation basis_ref;        // the same, structured: law, edition, article, paragraph, item
    std::string law_id;        // "aqsc2021"
    std::string law_version;   // the edition's first day in force, "2021-09-01"
    bool verified = true;      // false when any value used is marked unverified in a pack
    std::string pack;          // the penalty table's stamp
    // Every pack the engine held, shared by its results: a decision re-runs under these.
    std::shared_ptr<const std::vector<rules::PackInfo>> packs;
    std::vector<Step> trace;
};

// The JSON schema's name and version: a consumer checks it before reading the rest.
inline constexpr const char* recommendation_schema = "anjian.penalty.recommendation/1";

namespace detail {

// A part of a trace line: text, or a value that appends its own words (a citation, a period, a range),
// so no string is made of it first.
template <class Part>
void append_part(std::string& out, const Part& part) {
    if constexpr (std::is_convertible_v<const Part&, std::string_view>)
        out.append(std::string_view(part));
    else
        part.append_to(out);
}
template <class Part>
std::size_t part_size(const Part& part) {
    if constexpr (std::is_convertible_v<const Part&, std::string_view>)
        return std::string_view(part).size();
    else
        return 40;  // a citation's or a range's words, about
}

// The parts joined with one allocation: a decision writes its trace lines every time, and a chain of
// operator+ grew each line three or four times over.
template <class... Part>
std::string cat(const Part&... parts) {
    std::string out;
    out.reserve((part_size(parts) + ...));
    (append_part(out, parts), ...);
    return out;
}

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

// "150万元" (a whole number of 万元), else "1333333.33元", written in place.
struct Yuan {
    Money amount;
    void append_to(std::string& out) const {
        const auto fen = amount.fen();
        const bool wan = fen % 1000000 == 0 && fen != 0;
        char text[Money::yuan_chars + 6];  // 万元 and 元 are 6 and 3 bytes of UTF-8
        char* end = wan ? std::to_chars(text, text + sizeof text, fen / 1000000).ptr : amount.write_yuan(text);
        const std::string_view unit = wan ? "万元" : "元";
        end = std::copy(unit.begin(), unit.end(), end);
        out.append(text, end);
    }
};
inline std::string yuan_text(Money m) {
    std::string out;
    Yuan{m}.append_to(out);
    return out;
}

// "30.5%" from 3050 hundredths (non-negative).
inline std::string hundredths_text(std::int64_t h, const char* unit) {
    std::string s = std::to_string(h / 100);
    if (const auto frac = h % 100) {
        s += '.';
        s += static_cast<char>('0' + frac / 10);
        if (frac % 10) s += static_cast<char>('0' + frac % 10);
    }
    return s + unit;
}

}  // namespace detail

// The recommendation as JSON (UTF-8): money as decimal strings of yuan, dates ISO, the basis
// structured beside its text, the engine version and the packs that produced it.
inline std::string to_json(const Recommendation& r) {
    using detail::json_string;
    const auto b = [](bool v) { return std::string(v ? "true" : "false"); };
    // Measures without a fine have no amounts: null, not "0.00" (a range of nothing).
    const auto money = [&r](Money m) { return r.no_fine ? std::string("null") : json_string(m.yuan_str()); };
    std::string out = "{\"schema\": " + json_string(recommendation_schema) +
                      ", \"engine\": " + json_string(std::string("anjian ") + version) + ", \"packs\": [";
    const std::vector<rules::PackInfo> none;
    const auto& packs = r.packs ? *r.packs : none;
    for (std::size_t i = 0; i < packs.size(); ++i)
        out += std::string(i ? ", " : "") + "{\"name\": " + json_string(packs[i].name) +
               ", \"kind\": " + json_string(packs[i].kind) + ", \"version\": " + json_string(packs[i].version) +
               ", \"content_hash\": " + json_string(packs[i].content_hash) +
               ", \"builtin\": " + b(packs[i].builtin) + "}";
    out += "], \"provision\": " + json_string(r.provision) + ", \"party\": " + json_string(r.party);
    out += ", \"act_date\": " + json_string(to_iso(r.act)) +
           ", \"decision_date\": " + (r.decision ? json_string(to_iso(*r.decision)) : std::string("null"));
    out += ", \"min_yuan\": " + money(r.min) + ", \"max_yuan\": " + money(r.max);
    out += ", \"recommended_yuan\": " + money(r.recommended) + ", \"open_below\": " + b(r.open_below);
    out += ", \"no_fine\": " + b(r.no_fine);
    out += ", \"band\": " + json_string(r.band) + ", \"band_min_yuan\": " + money(r.band_min);
    out += ", \"band_max_yuan\": " + money(r.band_max) + ", \"measures\": [";
    for (std::size_t i = 0; i < r.measures.size(); ++i) out += (i ? ", " : "") + json_string(r.measures[i]);
    out += "], \"no_penalty\": " + b(r.no_penalty) + ", \"may_waive\": " + b(r.may_waive);
    out += ", \"time_barred\": " + b(r.time_barred) + ", \"hearing\": " + b(r.hearing);
    const Citation& c = r.basis_ref;
    out += ", \"basis\": {\"text\": " + json_string(r.basis) + ", \"law\": " + json_string(c.law) +
           ", \"edition\": " + json_string(c.edition) + ", \"law_id\": " + json_string(r.law_id) +
           ", \"article\": " + std::to_string(c.article) + ", \"paragraph\": " + std::to_string(c.paragraph) +
           ", \"item\": " + std::to_string(c.item) + "}";
    out += ", \"law_version\": " + json_string(r.law_version) + ", \"verified\": " + b(r.verified) +
           ", \"pack\": " + json_string(r.pack) + ", \"trace\": [";
    for (std::size_t i = 0; i < r.trace.size(); ++i)
        out += std::string(i ? ", " : "") + "{\"rule\": " + json_string(r.trace[i].rule) +
               ", \"detail\": " + json_string(r.trace[i].detail) + "}";
    return out + "]}";
}

}  // namespace anjian::penalty
