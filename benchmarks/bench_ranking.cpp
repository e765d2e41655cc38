// Ranking 3,000 units on 14 indicators with entropy weights and TOPSIS, once and for 120
// monthly periods in one batch call; and a year of months of 19 to 1,000 units on 1 and 2 threads.
#include <benchmark/benchmark.h>

#include <anjian/ranking/methods.hpp>
#include <random>

namespace rk = anjian::ranking;

namespace {

std::vector<double> random_data(std::size_t n) {
    std::mt19937_64 rng(1);
    std::uniform_real_distribution<double> u(0.0, 100.0);
    std::vector<double> v(n);
    for (auto& x : v) x = u(rng);
    return v;
}

constexpr Eigen::Index units = 3000, indicators = 14;
const std::vector<int> directions(indicators, 1);

rk::Options topsis() {
    rk::Options o;
    o.method = rk::Method::topsis;
    o.normalization = rk::Normalization::vector;
    return o;
}

void BM_EntropyTopsis(benchmark::State& state) {
    const auto data = random_data(units * indicators);
    const rk::Matrix x = Eigen::Map<const rk::Matrix>(data.data(), units, indicators);
    for (auto _ : state) {
        const auto w = rk::entropy_weights(x).weights;
        benchmark::DoNotOptimize(rk::evaluate(x, w, directions, topsis()));
    }
    state.SetItemsProcessed(state.iterations() * units);
}

void BM_EntropyTopsisBatch(benchmark::State& state) {
    const Eigen::Index periods = state.range(0), n_units = state.range(1);
    const auto data = random_data(static_cast<std::size_t>(periods * n_units * indicators));
    for (auto _ : state)
        benchmark::DoNotOptimize(rk::evaluate_batch(data.data(), periods, n_units, indicators, rk::Weighting::entropy,
                                                    {}, directions, topsis(), static_cast<unsigned>(state.range(2))));
    state.SetItemsProcessed(state.iterations() * periods * n_units);
}

}  // namespace

BENCHMARK(BM_EntropyTopsis)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_EntropyTopsisBatch)
    ->ArgNames({"periods", "units", "threads"})
    ->Args({120, units, 1})
    ->Args({120, units, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
// Where a second thread starts to pay (the batch's automatic choice, threads = 0, follows this).
BENCHMARK(BM_EntropyTopsisBatch)
    ->Name("BM_RankingThreadCrossover")
    ->ArgNames({"periods", "units", "threads"})
    ->ArgsProduct({{12}, {19, 100, 300, 1000}, {1, 2}})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

BENCHMARK_MAIN();
