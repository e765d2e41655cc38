#pragma once
// The bulletin's ranking configuration, as a rule pack: which indicators, their directions,
// weights or weighting method, method, normalisation, tie policy, list sizes, point bands.

#include <anjian/ranking/methods.hpp>
#include <anjian/rules/pack.hpp>
#include <optional>

namespace anjian::ranking {

struct Criterion {
    std::string indicator;         // a code of the catalogue
    int direction = 1;             // +1 higher is better, -1 lower is better
    std::optional<double> weight;  // with weighting: given
};

struct Config {
    rules::PackInfo pack;
    std::string catalog;  // the indicator catalogue the criteria come from
    std::vector<Criterion> criteria;
    Weighting weighting = Weighting::entropy;
    Options options;
    int red = 3, black = 3;
    bool reduce_lists = false;  // lists.when_too_few: reduce -- the black list may shrink to the units left
    std::vector<PointBand> points;
    std::string lists_source, points_source, source;
    bool points_verified = true;

    std::vector<int> directions() const {
        std::vector<int> d;
        for (const auto& c : criteria) d.push_back(c.direction);
        return d;
    }
    std::vector<std::string> codes() const {
        std::vector<std::string> out;
        for (const auto& c : criteria) out.push_back(c.indicator);
        return out;
    }
};

}  // namespace anjian::ranking
