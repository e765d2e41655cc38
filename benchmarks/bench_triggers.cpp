// Trigger windows: 200,000 penalty decisions of 20,000 units over 1,000 days through the national
// rules (the closure windows of 安全生产法 第一百一十三条 fire for most of them), as the Python
// benchmark feeds them; the kernel alone, and with the refusal check that runs before it.
#include <benchmark/benchmark.h>

#include <anjian/refusals.hpp>
#include <anjian/rules/triggers.hpp>
#include <anjian/triggers/rules.hpp>
#include <random>

namespace tg = anjian::triggers;

namespace {

const tg::Events& events() {
    static const tg::Events ev = [] {
        const std::size_t n = 200'000;
        std::mt19937_64 rng(0);
        std::vector<anjian::date> day(n);
        std::vector<std::string> kind(n, "penalty"), unit(n);
        std::vector<bool> major(n);
        for (std::size_t i = 0; i < n; ++i) {
            day[i] = anjian::date(2022, 1, 1) + boost::gregorian::days(static_cast<long>(rng() % 1000));
            unit[i] = std::to_string(rng() % (n / 10));
            major[i] = rng() % 10 < 3;
        }
        anjian::Table t(static_cast<std::int64_t>(n));
        t.own_dates("date", day).own_texts("kind", kind).own_texts("unit", unit).own_flags("major_hazard", major);
        return tg::events_of(t);
    }();
    return ev;
}

void BM_TriggerWindows(benchmark::State& state) {
    const tg::RuleSet rules = anjian::rules::trigger_rules();
    std::size_t fired = 0;
    for (auto _ : state) fired = tg::evaluate(rules, events()).size();
    state.counters["firings"] = static_cast<double>(fired);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * events().rows));
}

// The closure rule alone (the Python benchmark's comparison with a hand-written loop).
void BM_TriggerOneRule(benchmark::State& state) {
    const tg::RuleSet rules = tg::only(anjian::rules::trigger_rules(), {"closure_three_penalties_180_days"});
    std::size_t fired = 0;
    for (auto _ : state) fired = tg::evaluate(rules, events()).size();
    state.counters["firings"] = static_cast<double>(fired);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * events().rows));
}

// The national pack over the first N events on 1 and 2 threads: where a second thread starts to pay
// (evaluate_threads' crossover).
void BM_TriggerThreadCrossover(benchmark::State& state) {
    const tg::RuleSet rules = anjian::rules::trigger_rules();
    const auto n = static_cast<std::size_t>(state.range(0));
    tg::Events ev = events();
    ev.rows = n;
    for (auto& c : ev.columns) {
        if (c.text) c.codes.resize(n);
        else c.numbers.resize(n);
    }
    const auto threads = static_cast<unsigned>(state.range(1));
    for (auto _ : state) benchmark::DoNotOptimize(tg::evaluate(rules, ev, nullptr, nullptr, threads));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}

void BM_TriggerRefusalCheck(benchmark::State& state) {
    const tg::RuleSet rules = anjian::rules::trigger_rules();
    for (auto _ : state) {
        anjian::RowStatus status;
        anjian::Refusals refusals(status, events().rows);
        tg::refuse_unjudged(rules, events(), refusals);
        benchmark::DoNotOptimize(status);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * events().rows));
}

}  // namespace

BENCHMARK(BM_TriggerWindows)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TriggerOneRule)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TriggerThreadCrossover)
    ->ArgsProduct({{1 << 11, 1 << 12, 1 << 13, 1 << 14}, {1, 2}})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TriggerRefusalCheck)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
