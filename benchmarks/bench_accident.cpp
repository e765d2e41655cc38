// Accident levels of 第三条 for many accidents in one call: 1,000,000 accidents (the shape of
// benchmarks/bench_hazards.py: Poisson deaths and injuries, losses up to 2亿元) on 1 and 2 threads, with the
// criteria that decide each level (decided_by:1) or the levels alone (0, what classify() of arrays asks
// for), and the sizes at which a second thread starts to pay.
#include <benchmark/benchmark.h>

#include <anjian/accident/levels.hpp>
#include <anjian/rules/accident.hpp>
#include <map>
#include <random>

namespace ac = anjian::accident;

namespace {

const ac::Rules& rules() {
    static const ac::Rules r = anjian::rules::accident_rules();
    return r;
}

const anjian::Table& accidents(std::size_t n) {
    static std::map<std::size_t, anjian::Table> cache;
    auto [it, fresh] = cache.try_emplace(n, static_cast<std::int64_t>(n));
    anjian::Table& t = it->second;
    if (!fresh) return t;
    std::mt19937_64 rng(7);
    std::poisson_distribution<std::int64_t> deaths(0.5), injuries(1.0);
    std::vector<std::int64_t> values[3];
    for (std::size_t i = 0; i < n; ++i) {
        values[0].push_back(deaths(rng));
        values[1].push_back(injuries(rng));
        values[2].push_back(static_cast<std::int64_t>(rng() % 200'000'000));
    }
    for (std::size_t c = 0; c < 3; ++c) t.own(ac::criterion_codes[c], std::move(values[c]));
    return t;
}

void BM_ClassifyMany(benchmark::State& state) {
    const auto& t = accidents(static_cast<std::size_t>(state.range(0)));
    std::vector<std::int8_t> level(t.size());
    std::vector<std::uint8_t> decided(t.size());
    for (auto _ : state) {
        ac::classify_many(rules(), t, level.data(), state.range(2) ? decided.data() : nullptr, anjian::Refusal::raise,
                          {ac::criterion_codes[0], ac::criterion_codes[1], ac::criterion_codes[2]},
                          static_cast<unsigned>(state.range(1)));
        benchmark::DoNotOptimize(level.data());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

}  // namespace

BENCHMARK(BM_ClassifyMany)
    ->ArgNames({"rows", "threads", "decided_by"})
    ->ArgsProduct({{1'000'000}, {1, 2}, {1, 0}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Where a second thread starts to pay: 1 and 2 threads side by side (classify_threads, the kernel's
// automatic choice, takes the second thread from the size this shows).
BENCHMARK(BM_ClassifyMany)
    ->Name("BM_ClassifyThreadCrossover")
    ->ArgNames({"rows", "threads", "decided_by"})
    ->ArgsProduct({{1 << 13, 1 << 14, 1 << 15, 1 << 16, 1 << 17, 1 << 18}, {1, 2}, {1, 0}})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

BENCHMARK_MAIN();
