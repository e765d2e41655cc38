// The monthly aggregation kernel: 10 million events, 19 units, 24 months, 11 count fields
// and one money field, on 1 and 2 threads; a 3,000-unit variant; and the sizes at which a second
// thread starts to pay.
#include <benchmark/benchmark.h>

#include <anjian/indicators/aggregate.hpp>
#include <map>
#include <random>

namespace ind = anjian::indicators;

namespace {

struct Data {
    std::vector<std::int32_t> unit;
    std::vector<std::int64_t> ns;
    std::vector<std::vector<std::int64_t>> counts;
    std::vector<double> fines;
    ind::EventColumns columns;
};

const Data& data(std::size_t n, std::int32_t units) {
    static std::map<std::pair<std::size_t, std::int32_t>, Data> cache;
    auto [it, fresh] = cache.try_emplace({n, units});
    Data& d = it->second;
    if (!fresh) return d;
    std::mt19937_64 rng(42);
    const std::int64_t day0 = (anjian::date(2023, 1, 1) - anjian::date(1970, 1, 1)).days();
    d.unit.resize(n), d.ns.resize(n), d.fines.resize(n);
    d.counts.assign(11, std::vector<std::int64_t>(n));
    for (std::size_t i = 0; i < n; ++i) {
        d.unit[i] = static_cast<std::int32_t>(rng() % static_cast<unsigned>(units));
        d.ns[i] = (day0 + static_cast<std::int64_t>(rng() % 731)) * 86'400'000'000'000 +
                  static_cast<std::int64_t>(rng() % 86'400'000'000'000);
        for (auto& c : d.counts) c[i] = static_cast<std::int64_t>(rng() % 3);
        d.fines[i] = static_cast<double>(rng() % 1'000'000) / 100.0;
    }
    d.columns = {n, d.unit.data(), units, d.ns.data(), 86'400'000'000'000, {}};
    for (std::size_t c = 0; c < d.counts.size(); ++c)
        d.columns.values.push_back({"f" + std::to_string(c), ind::FieldKind::count, d.counts[c].data(), nullptr});
    d.columns.values.push_back({"fines_yuan", ind::FieldKind::money, nullptr, d.fines.data()});
    return d;
}

void BM_AggregateMonthly(benchmark::State& state) {
    const auto& d = data(static_cast<std::size_t>(state.range(0)), static_cast<std::int32_t>(state.range(1)));
    for (auto _ : state)
        benchmark::DoNotOptimize(ind::aggregate_monthly(d.columns, {}, static_cast<unsigned>(state.range(2))));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

}  // namespace

BENCHMARK(BM_AggregateMonthly)
    ->ArgNames({"rows", "units", "threads"})
    ->Args({10'000'000, 19, 1})
    ->Args({10'000'000, 19, 2})
    ->Args({10'000'000, 3000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Where a second thread starts to pay: 1 and 2 threads side by side from 4,096 rows up (the kernel's
// automatic choice, threads = 0, takes the second thread from the size this shows).
BENCHMARK(BM_AggregateMonthly)
    ->Name("BM_AggregateThreadCrossover")
    ->ArgNames({"rows", "units", "threads"})
    ->ArgsProduct({{1 << 12, 1 << 13, 1 << 14, 1 << 15, 1 << 16, 1 << 17, 1 << 18}, {19}, {1, 2}})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

BENCHMARK_MAIN();
