// Discretion benchmark packs.
#include <algorithm>
#include <anjian/rules/penalty.hpp>

#include "condition.hpp"
#include "family.hpp"
#include "header.hpp"
#include "reader.hpp"

namespace anjian::rules {
namespace {

using penalty::Band;
using penalty::Benchmark;
using penalty::DiscretionPack;

void read_benchmark(detail::Reader& r, const YAML::Node& b, const std::string& path, DiscretionPack& d) {
    if (!r.expect_map(b, path)) return;
    r.only_keys(b, path, {"provision", "party", "when", "key", "bands"});
    Benchmark out;
    out.provision = r.text(b, "provision", path, true).value_or("");
    out.party = r.text(b, "party", path, true).value_or("");
    out.key = r.text(b, "key", path, false).value_or("");  // absent: each band names its 适用条件
    // The conditions name the penalty table's facts: they are checked when the benchmark is added
    // to an engine (validate does that against the national table).
    if (const YAML::Node w = b["when"]) out.when = detail::read_when(r, w, path + ".when");
    const FactDecl* key = d.facts.find(out.key);
    if (!out.key.empty() && (!key || key->type != FactDecl::Type::number))
        r.problem(b["key"], path + ".key", "the band key '" + out.key + "' must be declared as a number under facts");
    const YAML::Node bands = b["bands"];
    if (!bands || !bands.IsSequence() || bands.size() == 0) {
        r.problem(bands ? bands : b, path + ".bands", "expected a non-empty list of bands");
        return;
    }
    for (std::size_t i = 0; i < bands.size(); ++i) {
        const std::string bp = path + ".bands[" + std::to_string(i) + "]";
        const YAML::Node x = bands[i];
        if (!r.expect_map(x, bp)) continue;
        r.only_keys(x, bp, {"at_least", "below", "when", "from", "to", "up_to", "label", "source"});
        Band band;
        band.where = r.locate(x, bp);
        if (out.key.empty()) {  // a 阶次 by its 适用条件 (checked against the facts when added to an engine)
            if (x["at_least"] || x["below"])
                r.problem(x, bp, "a benchmark without 'key' selects bands by 'when', not 'at_least'/'below'");
            if (!x["when"])
                r.problem(x, bp + ".when", "missing required key 'when' (the 适用条件 of this 阶次), or give the "
                                           "benchmark a numeric 'key'");
            else
                band.when = detail::read_when(r, x["when"], bp + ".when");
        } else if (x["when"]) {
            r.problem(x["when"], bp + ".when", "a benchmark with a 'key' selects bands by 'at_least'/'below'");
        }
        if (x["at_least"]) band.at_least = r.number(x["at_least"], bp + ".at_least").value_or(band.at_least);
        if (x["below"]) band.below = r.number(x["below"], bp + ".below").value_or(band.below);
        if (!(band.at_least < band.below)) r.problem(x, bp, "'at_least' must be below 'below'");
        if (x["up_to"]) {
            band.max = r.money(x["up_to"], bp + ".up_to").value_or(Money());
        } else {
            band.min = r.money(x["from"], bp + ".from").value_or(Money());
            band.max = r.money(x["to"], bp + ".to").value_or(Money());
        }
        if (band.min > band.max) r.problem(x, bp, "'from' is above 'to'");
        band.label = r.text(x, "label", bp, false).value_or("");
        band.source = r.text(x, "source", bp, false).value_or("");
        if (!out.key.empty())
            for (const auto& other : out.bands)
                if (band.at_least < other.below && other.at_least < band.below)
                    r.problem(x, bp,
                              "overlaps another band of the same benchmark: one fact value would select two bands");
        out.bands.push_back(band);
    }
    // Bands by conditions: overlaps are checked with the facts, when the benchmark joins an engine.
    if (out.key.empty()) return d.benchmarks.push_back(std::move(out));
    std::vector<const Band*> sorted;
    for (const auto& band : out.bands) sorted.push_back(&band);
    std::sort(sorted.begin(), sorted.end(), [](const Band* x, const Band* y) { return x->at_least < y->at_least; });
    for (std::size_t i = 1; i < sorted.size(); ++i)
        if (sorted[i - 1]->below < sorted[i]->at_least)
            r.problem(bands, path + ".bands",
                      "gap between bands: values from " + std::to_string(sorted[i - 1]->below) + " below " +
                          std::to_string(sorted[i]->at_least) + " select no band (end one band where the next begins)");
    d.benchmarks.push_back(std::move(out));
}

DiscretionPack parse(std::string_view text, const std::string& file, bool builtin) {
    detail::Reader r(file);
    const YAML::Node root =
        detail::open_pack(r, text, {"jurisdiction", "effective", "source", "verified", "facts", "benchmarks"});
    DiscretionPack d;
    d.pack = detail::read_header(r, root, text, "discretion_benchmark", builtin);
    d.facts = detail::read_facts(r, root["facts"], "facts");
    d.jurisdiction = r.text(root, "jurisdiction", "", true).value_or("");
    d.source = r.text(root, "source", "", true).value_or("");
    d.verified = r.flag(root, "verified", "", true);
    if (const auto eff = r.effective(root, ""))
        d.effective = *eff;
    else if (!root["effective"])
        r.problem(root, "effective", "a benchmark needs its effective interval");
    const YAML::Node list = root["benchmarks"];
    if (!list || !list.IsSequence())
        r.problem(list ? list : root, "benchmarks", "expected a list of benchmarks");
    else
        for (std::size_t i = 0; i < list.size(); ++i)
            read_benchmark(r, list[i], "benchmarks[" + std::to_string(i) + "]", d);
    r.raise_if_any();
    return d;
}

using DiscretionPacks = detail::Family<DiscretionPack, parse>;

}  // namespace

penalty::DiscretionPack parse_discretion(std::string_view text, const std::string& file) {
    return DiscretionPacks::from_text(text, file);
}
penalty::DiscretionPack discretion(std::string_view name_or_path) { return DiscretionPacks::named(name_or_path); }

}  // namespace anjian::rules
