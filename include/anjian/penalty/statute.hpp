#pragma once
// Penalty provisions as data: laws with their editions in force, and for each legal question
// (a provision id such as "accident_unit") one article per edition, with the fines it sets
// for each case (accident level ...) and each party (unit, principal ...).

#include <anjian/money.hpp>
#include <anjian/rules/pack.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace anjian::penalty {

// A law edition: 安全生产法 (2021), in force from 2021-09-01.
struct Law {
    std::string id;       // "aqsc2021"
    std::string name_zh;  // "安全生产法"
    std::string edition;  // "2021"
    rules::Effective effective;
    std::string source;
    bool verified = true;
    std::string cite() const { return name_zh + "(" + edition + ")"; }
};

// What a party may be fined. Exactly one form:
//   money range [min, max] yuan (min 0 for "X以下", open below: any amount above zero);
//   a share of the party's 上一年年收入, [from, to] percent (a fixed point when equal);
//   a multiple of 违法所得, [from, to] times when the gains reach `threshold`, else the money range.
struct Fine {
    enum class Kind { money, income_share, gains_multiple } kind = Kind::money;
    Money min, max;                       // money, and the gains_multiple fallback
    bool open_below = false;              // "X以下": no statutory minimum
    double share_from = 0, share_to = 0;  // income_share, in percent; gains_multiple, in times
    Money threshold;                      // gains_multiple: 违法所得 at or above it are multiplied
};

// One case of an article: the facts that select it and the fines per party.
struct Case {
    std::map<std::string, std::string> when;  // e.g. {"level": "较大"}
    std::map<std::string, Fine> fines;        // party -> fine; parties: unit, principal, responsible, ...
    std::string paragraph;                    // "第一款", for the citation
    std::vector<std::string> measures;        // 责令限期改正, 责令停产停业整顿, 没收违法所得 ...
};

// The article answering a provision in one law edition.
struct Version {
    std::string law;  // Law id
    int article = 0;
    std::vector<Case> cases;
    // 情节特别严重、影响特别恶劣 (安全生产法 2021 第114条第2款): the case's range times [from, to].
    std::optional<std::pair<double, double>> aggravated_multiplier;
    std::string aggravated_paragraph;
    std::string source;
    bool verified = true;
};

struct Provision {
    std::string id;
    std::string title_zh;
    std::vector<Version> versions;
};

// 114 -> "第一百一十四条".
inline std::string article_zh(int n) {
    static const char* digit[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (n <= 0 || n >= 1000) return "第" + std::to_string(n) + "条";
    std::string out;
    const int h = n / 100, t = n / 10 % 10, u = n % 10;
    if (h) out += std::string(digit[h]) + "百";
    if (t)
        out += (h == 0 && t == 1 ? std::string() : std::string(digit[t])) + "十";
    else if (h && u)
        out += "零";
    if (u) out += digit[u];
    return "第" + out + "条";
}

}  // namespace anjian::penalty
