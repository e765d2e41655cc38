// Penalty recommendations: one million synthetic accident cases through the batch engine (no
// trace), and single recommendations with their trace.
#include <benchmark/benchmark.h>

#include <anjian/penalty/batch.hpp>
#include <anjian/rules/penalty.hpp>
#include <random>

namespace pn = anjian::penalty;

namespace {

const pn::Engine& engine() {
    static const pn::Engine e = anjian::rules::penalty_engine();
    return e;
}

void BM_AccidentFinesBatch(benchmark::State& state) {
    const std::size_t n = 1'000'000;
    std::mt19937_64 rng(1);
    std::vector<std::int8_t> level(n);
    std::vector<anjian::date> act(n), decision(n);
    std::vector<std::uint8_t> aggravated(n);
    const anjian::date day0(2015, 1, 1);
    for (std::size_t i = 0; i < n; ++i) {
        level[i] = static_cast<std::int8_t>(1 + rng() % 4);
        act[i] = day0 + boost::gregorian::days(static_cast<long>(rng() % 3650));
        decision[i] = act[i] + boost::gregorian::days(static_cast<long>(rng() % 200));
        aggravated[i] = rng() % 20 == 0;
    }
    anjian::Table cases(static_cast<std::int64_t>(n));
    cases.own("level", level).own_dates("act_date", act).own_dates("decision_date", decision);
    cases.own("aggravated", aggravated);
    const pn::BatchEngine batch(engine());
    for (auto _ : state) benchmark::DoNotOptimize(batch.run(cases, false, "general"));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}

void BM_AccidentFineWithTrace(benchmark::State& state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(engine().accident_fine("较大", anjian::date(2021, 8, 20), anjian::date(2021, 11, 3)));
    state.SetItemsProcessed(state.iterations());
}

// The decision Python's one-decision benchmark makes: its C++ share without the binding.
void BM_RecommendWithTrace(benchmark::State& state) {
    pn::Facts facts;
    facts.values["level"] = "较大";
    for (auto _ : state)
        benchmark::DoNotOptimize(
            engine().recommend("accident_unit", "unit", facts, anjian::date(2023, 1, 1), std::nullopt));
    state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_AccidentFinesBatch)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AccidentFineWithTrace)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RecommendWithTrace)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
