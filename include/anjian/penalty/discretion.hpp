#pragma once
// Discretion benchmarks (裁量基准): a province narrows a statutory range into bands keyed by a
// measurable fact of the violation -- untrue points in a report, the share of employees
// affected, the project's investment. An overlay pack; it may only narrow.

#include <anjian/condition.hpp>
#include <anjian/error.hpp>
#include <anjian/facts.hpp>
#include <anjian/money.hpp>
#include <anjian/rules/pack.hpp>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace anjian::penalty {

// A band of a benchmark: selected by the key fact's value in [at_least, below), or -- in a table of
// 阶次 by 适用条件, as 应急〔2024〕90号 writes them -- by its own conditions (`when`).
struct Band {
    double at_least = -std::numeric_limits<double>::infinity();  // the key fact's value, inclusive
    double below = std::numeric_limits<double>::infinity();      // exclusive
    When when;                                                   // 适用条件, when the benchmark has no key
    Money min, max;
    std::string label;  // "1处", "< 10%"
    std::string source;
    Location where;  // in the pack, for validation against the statute
    bool contains(double v) const { return at_least <= v && v < below; }
};

struct Benchmark {
    std::string provision;                    // provision id of the penalty table
    std::string party;                        // unit, responsible ...
    When when;                                // the case it refines, e.g. {fact: stage, is: first}
    std::string key;  // the fact whose value selects the band, e.g. "untrue_points"; empty: bands by `when`
    std::vector<Band> bands;
};

struct DiscretionPack {
    rules::PackInfo pack;
    rules::Effective effective;
    std::string jurisdiction;  // "四川省"
    std::string source;
    bool verified = true;
    FactSet facts;  // the facts that select bands (untrue_points ...)
    std::vector<Benchmark> benchmarks;
};

}  // namespace anjian::penalty
