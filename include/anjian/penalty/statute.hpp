#pragma once
// Penalty provisions as data: laws with their editions in force, and for each legal question
// (a provision id such as "accident_unit") one article per edition, with the fines it sets
// for each case (accident level ...) and each party (unit, principal ...).

#include <anjian/condition.hpp>
#include <anjian/facts.hpp>
#include <anjian/money.hpp>
#include <anjian/rules/pack.hpp>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace anjian::penalty {

// A law edition: 安全生产法 (2021), in force from 2021-09-01.
struct Law {
    std::string id;       // "aqsc2021"
    std::string name_zh;  // "安全生产法"
    std::string edition;  // "2021"
    std::string rank;     // 法律 | 行政法规 | 部门规章 | 地方性法规: which prevails when two set fines for one act
    std::string sector;   // the sector a specific norm is for ("coal"); empty: every sector
    // A lower norm's own clause deferring to laws that set other penalties (493号令 第四十三条第二款).
    std::string defers;
    rules::Effective effective;
    std::string source;
    bool verified = true;
    std::string cite() const { return name_zh + "(" + edition + ")"; }
};

// What a party may be fined. Exactly one form:
//   money range [min, max] yuan (min 0 for "X以下", open below: any amount above zero);
//   a share of the party's 上一年年收入, [from, to] percent (a fixed point when equal);
//   a multiple of 违法所得, [from, to] times when the gains reach `threshold`, else the money range.
// Shares and multiples are exact decimals read from the pack, in hundredths.
struct Fine {
    enum class Kind { money, income_share, gains_multiple } kind = Kind::money;
    Money min, max;           // money, and the gains_multiple fallback
    bool open_below = false;  // "X以下": no statutory minimum
    // income_share: percent in hundredths (30% -> 3000); gains_multiple: times in hundredths (5 -> 500).
    std::int64_t share_from = 0, share_to = 0;
    Money threshold;  // gains_multiple: 违法所得 at or above it are multiplied
};

// One case of an article: the facts that select it, the fines per party and the measures. A case
// may set measures only (安全生产法 2014 第九十九条 before 拒不执行: 责令立即消除或者限期消除, no fine),
// and a party without a fine in a case gets the measures and "no fine".
struct Case {
    When when;  // e.g. {fact: level, is: 较大}; no clause: the case always holds
    std::map<std::string, Fine> fines;        // party -> fine; parties: unit, principal, responsible, ...
    std::string paragraph;                    // "第一款", for the citation
    std::vector<std::string> measures;        // 责令限期改正, 责令停产停业整顿, 没收违法所得 ...
};

// The article answering a provision in one law edition.
struct Version {
    std::string law;  // Law id
    int article = 0;
    int items = 0;  // the 项 the article lists (第九十七条: 7): a given fact `item` is cited, 1..items
    std::vector<Case> cases;
    // 情节特别严重、影响特别恶劣 (安全生产法 2021 第114条第2款): the case's range times [from, to].
    std::optional<std::pair<std::int64_t, std::int64_t>> aggravated_multiplier;  // times, in hundredths
    std::string aggravated_paragraph, aggravated_text;
    std::string source;
    bool verified = true;
    // Set when the edition has this article but its text is not encoded (why): an act judged by it
    // is refused naming the article, never given another edition's range.
    std::string not_encoded;
    std::string cited;  // "安全生产法(2021) 第一百一十四条", written by the engine that holds the version
};

struct Provision {
    std::string id;
    std::string title_zh;
    std::vector<Version> versions;
};

// A legal question the engine answers by name (the accident fine of the unit, the principal's):
// the party fined, and per sector the provisions that may apply, the primary norm first.
struct Question {
    std::string id;     // "accident_fine"
    std::string party;  // "unit"
    std::map<std::string, std::vector<std::string>> by_sector;  // "general" -> {accident_unit, ...}

    const std::vector<std::string>& provisions(const std::string& sector) const {
        const auto it = by_sector.find(sector);
        if (it != by_sector.end()) return it->second;
        std::string known;
        for (const auto& [s, ids] : by_sector) known += (known.empty() ? "" : ", ") + s;
        throw error("sector must be one of " + known + " for " + id + ", got '" + sector + "'");
    }
};

struct Table {
    rules::PackInfo pack;
    std::map<std::string, Law> laws;
    std::vector<Provision> provisions;
    std::map<std::string, Question> questions;
    FactSet facts;  // what the cases' conditions read

    const Provision& provision(const std::string& id) const {
        for (const auto& p : provisions)
            if (p.id == id) return p;
        std::string known;
        for (const auto& p : provisions) known += (known.empty() ? "" : ", ") + p.id;
        throw error("no penalty provision '" + id + "' (known: " + known + ")");
    }
    const Question& question(const std::string& id) const {
        const auto it = questions.find(id);
        if (it == questions.end())
            throw error("the penalty table " + pack.stamp() + " does not say which provisions answer '" + id +
                        "' (questions." + id + ")");
        return it->second;
    }
};

// 114 -> "一百一十四", 12 -> "十二": the numerals of article, paragraph and item numbers.
inline std::string numeral_zh_of(int n) {
    static const char* digit[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    std::string out;
    const int h = n / 100, t = n / 10 % 10, u = n % 10;
    if (h) out.append(digit[h]).append("百");
    if (t) {
        if (h != 0 || t != 1) out.append(digit[t]);
        out.append("十");
    } else if (h && u) {
        out.append("零");
    }
    if (u) out.append(digit[u]);
    return out;
}

// The numerals 1..999 written once: every citation in a decision's trace names some of them.
inline const std::array<std::string, 1000>& numerals_zh() {
    static const std::array<std::string, 1000> table = [] {
        std::array<std::string, 1000> out;
        for (int n = 1; n < 1000; ++n) out[static_cast<std::size_t>(n)] = numeral_zh_of(n);
        return out;
    }();
    return table;
}

inline std::string numeral_zh(int n) {
    if (n <= 0 || n >= 1000) return std::to_string(n);
    return numerals_zh()[static_cast<std::size_t>(n)];
}

// "一百一十四" -> 114, 0 when the text is no numeral 1..limit-1.
inline int numeral_zh_value(std::string_view text, int limit = 1000) {
    const auto& table = numerals_zh();
    for (int n = 1; n < limit && n < 1000; ++n)
        if (table[static_cast<std::size_t>(n)] == text) return n;
    return 0;
}

// 114 -> "第一百一十四条".
inline std::string article_zh(int n) { return "第" + numeral_zh(n) + "条"; }

}  // namespace anjian::penalty
