// GB 18218 identification of many units in one call: 100,000 units of 4 lines each, listed unit by
// unit, substances drawn from table 1's names (the shape of benchmarks/bench_hazards.py), through the
// raw-array kernel the Python binding's call ends in (the units' results alone, as identify_many asks
// for them), on 1 and 2 threads and at the sizes where a second thread starts to pay. And inspections
// assessed against the chemical 重大事故隐患 standard (its 28 findings as the binding passes pandas'
// nullable columns), likewise.
#include <benchmark/benchmark.h>

#include <anjian/hazard/identify.hpp>
#include <anjian/hazard/standard.hpp>
#include <cmath>
#include <map>
#include <anjian/rules/hazard.hpp>
#include <random>

namespace hz = anjian::hazard;

namespace {

struct Inventory {
    std::vector<std::int32_t> unit, substance, category;
    std::vector<std::string> names;
    std::vector<std::int64_t> grams;
    std::vector<std::int32_t> people;
};

const hz::Table& table() {
    static const hz::Table t = anjian::rules::gb18218();
    return t;
}

// `units` units of 4 lines each, listed unit by unit.
const Inventory& inventory(std::size_t units = 100'000) {
    static std::map<std::size_t, Inventory> cache;
    auto [it, fresh] = cache.try_emplace(units);
    Inventory& out = it->second;
    if (!fresh) return out;
    for (const auto& c : table().chemicals)
        if (c.row && table().find(c.name).size() == 1) out.names.push_back(c.name);
    const std::size_t lines = 4 * units;
    std::mt19937_64 rng(1);
    for (std::size_t i = 0; i < lines; ++i) {
        out.unit.push_back(static_cast<std::int32_t>(i / 4));
        out.substance.push_back(static_cast<std::int32_t>(rng() % out.names.size()));
        out.category.push_back(-1);
        out.grams.push_back(static_cast<std::int64_t>(rng() % 50'000) * 1000);
    }
    out.people.assign(units, -1);
    return out;
}

void BM_IdentifyManyKernel(benchmark::State& state) {
    const auto& inv = inventory(static_cast<std::size_t>(state.range(0)));
    const std::vector<std::string> no_categories;
    for (auto _ : state)
        benchmark::DoNotOptimize(hz::identify_many(table(), inv.unit.size(), inv.unit.data(), inv.substance.data(),
                                                   inv.names, inv.category.data(), no_categories, inv.grams.data(),
                                                   inv.people.size(), inv.people.data(), anjian::Refusal::raise,
                                                   static_cast<unsigned>(state.range(1)), false));
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(inv.unit.size()));
}

}  // namespace

BENCHMARK(BM_IdentifyManyKernel)
    ->ArgNames({"units", "threads"})
    ->Args({100'000, 1})
    ->Args({100'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Where a second thread starts to pay (identify_threads takes it from the number of lines, 4 per unit
// here): 1 and 2 threads side by side.
BENCHMARK(BM_IdentifyManyKernel)
    ->Name("BM_IdentifyThreadCrossover")
    ->ArgNames({"units", "threads"})
    ->ArgsProduct({{1 << 12, 1 << 13, 1 << 14, 1 << 15, 1 << 16}, {1, 2}})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

void BM_AssessMany(benchmark::State& state) {
    const hz::Standard& chemical = anjian::rules::hazard_standard_for("chemical", anjian::date(2024, 6, 1));
    const auto n = static_cast<std::size_t>(state.range(0));
    std::mt19937_64 rng(3);
    anjian::Table t(static_cast<std::int64_t>(n));
    std::vector<std::string> names;
    // Each finding a hazard in 3% of the inspections (as bench_hazards.py draws them), a tenth not recorded.
    const std::map<std::string, std::pair<double, double>> numbers = {  // the value without, with a hazard
        {"uncertified_special_operators", {0, 2}},
        {"required_external_safety_distance_m", {100, 100}},
        {"external_safety_distance_m", {150, 60}},
        {"permitted_tonnes", {500, 500}},
        {"stored_tonnes", {300, 600}}};
    // As pandas sends them: flags (boolean) as bytes and grades (Int64) as int64, each with its missing
    // cells; numbers as float64, NaN where not recorded.
    for (const auto& f : chemical.facts) {
        std::vector<double> v(n);
        std::vector<bool> missing(n);
        for (std::size_t i = 0; i < n; ++i) {
            const bool hit = rng() % 100 < 3;
            v[i] = f.type == "boolean" ? static_cast<double>(hit)
                   : f.type == "grade" ? static_cast<double>(rng() % 5)
                                       : (hit ? numbers.at(f.code).second : numbers.at(f.code).first);
            missing[i] = rng() % 10 == 0;  // not recorded
        }
        if (f.type == "boolean") {
            t.own(f.code, std::vector<std::uint8_t>(v.begin(), v.end()), missing);
        } else if (f.type == "grade") {
            t.own(f.code, std::vector<std::int64_t>(v.begin(), v.end()), missing);
        } else {
            for (std::size_t i = 0; i < n; ++i)
                if (missing[i]) v[i] = std::nan("");
            t.own(f.code, std::move(v));
        }
        names.push_back(f.code);
    }
    const std::vector<std::int32_t> standard_of(n, 0);
    const std::vector<std::string> none;
    for (auto _ : state)
        benchmark::DoNotOptimize(hz::assess_many({&chemical}, standard_of, none, t, names, anjian::Refusal::raise,
                                                 static_cast<unsigned>(state.range(1))));
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}

BENCHMARK(BM_AssessMany)
    ->ArgNames({"rows", "threads"})
    ->Args({100'000, 1})
    ->Args({100'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Where a second thread starts to pay (assess_threads takes it from the size this shows).
BENCHMARK(BM_AssessMany)
    ->Name("BM_AssessThreadCrossover")
    ->ArgNames({"rows", "threads"})
    ->ArgsProduct({{1 << 12, 1 << 13, 1 << 14, 1 << 15, 1 << 16}, {1, 2}})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

BENCHMARK_MAIN();
