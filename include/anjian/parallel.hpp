#pragma once
// Row batches split over threads: the kernels that take a `threads` argument share this, each with
// its own crossover (the size at which a second thread was measured to pay, in its benchmark).
#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace anjian {

// work(t, lo, hi) for `threads` contiguous chunks [lo, hi) of [0, n), chunk t on thread t (one
// thread: the caller's). Chunks come in row order, so per-chunk results joined by t are in row order.
template <class F>
void parallel_chunks(std::size_t n, unsigned threads, F&& work) {
    if (threads <= 1) {
        work(0u, std::size_t{0}, n);
        return;
    }
    std::vector<std::thread> pool;
    const std::size_t step = (n + threads - 1) / threads;
    for (unsigned t = 0; t < threads; ++t) {
        const std::size_t lo = std::min(n, t * step), hi = std::min(n, lo + step);
        pool.emplace_back([&work, t, lo, hi] { work(t, lo, hi); });
    }
    for (auto& th : pool) th.join();
}

// Every core from `crossover` rows on, else one thread.
inline unsigned threads_from(std::size_t rows, std::size_t crossover) {
    return rows < crossover ? 1u : std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace anjian
