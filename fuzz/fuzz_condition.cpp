// libFuzzer: any bytes as {facts: ..., when: ..., given: {fact: text}} -- the fact declarations and
// `when:` conditions every rule family reads, then the given values tested against them. Reading
// either succeeds or records located problems; once the conditions are accepted and the values
// typed, testing them never throws (a type mismatch that loading let through would be a finding).
#include <anjian/error.hpp>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "condition.hpp"
#include "reader.hpp"

namespace detail = anjian::rules::detail;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    anjian::FactSet facts;
    anjian::When when;
    std::map<std::string, anjian::Value> typed;
    try {
        detail::Reader r("fuzz.yaml");
        const YAML::Node root = r.parse(text);
        if (!r.ok() || !root.IsMap() || !root["when"]) return 0;
        facts = detail::read_facts(r, root["facts"], "facts");
        when = detail::read_when(r, root["when"], "when");
        detail::check_when(r, when, facts, root["when"], "when");
        if (!r.ok()) return 0;
        std::map<std::string, std::string> given;
        if (const YAML::Node g = root["given"]; g && g.IsMap())
            for (const auto& kv : g)
                if (kv.second.IsScalar()) given[kv.first.Scalar()] = kv.second.Scalar();
        typed = facts.typed(given);
    } catch (const anjian::error&) {
        return 0;
    } catch (const YAML::Exception&) {  // the loader turns these into a located pack_error (read_guarded)
        return 0;
    }
    const auto get = [&](const std::string& name) -> const anjian::Value& { return facts.lookup(typed, name); };
    const anjian::Truth t = when.test(get);
    const std::string why = when.why(get);
    if ((t == anjian::Truth::yes) != !why.empty()) __builtin_trap();  // a clause holds exactly when one is named
    return 0;
}
