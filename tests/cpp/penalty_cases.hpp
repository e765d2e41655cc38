#pragma once
// The cases of tests/vectors/penalty_cases.yaml as C++ calls: shared by the engine's tests and the C
// ABI's (which must give the same answer through JSON).
#include <yaml-cpp/yaml.h>

#include <anjian/penalty/engine.hpp>
#include <anjian/rules/penalty.hpp>

namespace penalty_cases {

namespace pn = anjian::penalty;

inline const pn::Engine& engine() {
    static const pn::Engine e = anjian::rules::penalty_engine();
    return e;
}

inline anjian::date day(const YAML::Node& n) { return anjian::Period::parse_date(n.as<std::string>()); }

// The case's call on the national engine.
inline pn::Recommendation run(const YAML::Node& c) {
    const std::string call = c["call"].as<std::string>();
    std::optional<anjian::date> decision;
    if (c["decision"]) decision = day(c["decision"]);
    if (call == "accident_fine")
        return engine().accident_fine(c["level"].as<std::string>(), day(c["act"]), decision,
                                      c["aggravated"] && c["aggravated"].as<bool>(),
                                      c["sector"] ? c["sector"].as<std::string>() : "general");
    if (call == "principal_fine")
        return engine().principal_fine(c["level"].as<std::string>(),
                                       anjian::Money::parse(c["income"].as<std::string>()), day(c["act"]), decision);
    pn::Facts f;
    for (const auto& kv : c["facts"]) f.values[kv.first.as<std::string>()] = kv.second.as<std::string>();
    if (c["income"]) f.income = anjian::Money::parse(c["income"].as<std::string>());
    if (c["gains"]) f.illegal_gains = anjian::Money::parse(c["gains"].as<std::string>());
    if (c["circumstances"]) f.circumstances = c["circumstances"].as<std::vector<std::string>>();
    f.reduce = c["reduce"] && c["reduce"].as<bool>();
    if (c["act_end"]) f.act_end = day(c["act_end"]);
    if (c["discovered"]) f.discovered = day(c["discovered"]);
    f.harm_to_life_or_health = c["harm"] && c["harm"].as<bool>();
    return engine().recommend(c["provision"].as<std::string>(), c["party"].as<std::string>(), f, day(c["act"]),
                              decision);
}

}  // namespace penalty_cases
