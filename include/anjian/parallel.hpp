#pragma once
// Row batches split over threads: the kernels that take a `threads` argument share this, each with
// its own crossover (the size at which a second thread was measured to pay, in its benchmark).
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <utility>
#include <thread>
#include <vector>

namespace anjian {

// The chunk [lo, hi) of [0, n) that thread t of `threads` takes.
inline std::pair<std::size_t, std::size_t> chunk_of(std::size_t n, unsigned threads, unsigned t) {
    const std::size_t step = (n + threads - 1) / threads;
    const std::size_t lo = std::min(n, t * step);
    return {lo, std::min(n, lo + step)};
}

// work(task) for every task of [0, n), `threads` threads (the caller's among them) each taking the next
// task not yet taken: for tasks of uneven size (a few heavy ones among many light). An exception is
// rethrown here once every thread has ended (the lowest task's of those that threw, so the error does
// not depend on timing).
template <class F>
void parallel_tasks(std::size_t n, unsigned threads, F&& work) {
    std::vector<std::exception_ptr> failed(n);
    std::atomic<std::size_t> next{0};
    const auto run = [&] {
        for (std::size_t task; (task = next.fetch_add(1)) < n;) {
            try {
                work(task);
            } catch (...) {
                failed[task] = std::current_exception();
            }
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < std::min<std::size_t>(threads, n); ++t) pool.emplace_back(run);
    run();
    for (auto& th : pool) th.join();
    for (const auto& e : failed)
        if (e) std::rethrow_exception(e);
}

// work(t, lo, hi) for `threads` contiguous chunks [lo, hi) of [0, n) (chunk_of), each a task of
// parallel_tasks. Chunks come in row order, so per-chunk results joined by t are in row order; the first
// failing chunk's exception is rethrown.
template <class F>
void parallel_chunks(std::size_t n, unsigned threads, F&& work) {
    threads = std::max(1u, threads);
    parallel_tasks(threads, threads, [&](std::size_t t) {
        const auto chunk = chunk_of(n, threads, static_cast<unsigned>(t));
        work(static_cast<unsigned>(t), chunk.first, chunk.second);
    });
}

// Every core from `crossover` rows on, else one thread.
inline unsigned threads_from(std::size_t rows, std::size_t crossover) {
    return rows < crossover ? 1u : std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace anjian
