#pragma once
// Row batches split over threads: the kernels that take a `threads` argument share this, each with
// its own crossover (the size at which a second thread was measured to pay, in its benchmark).
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <system_error>
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
// rethrown here once every task has ended (the lowest task's of those that threw, so the error does not
// depend on timing). The caller waits for the helper threads that took a task, not for the others: on a
// busy machine a helper may start only after the caller has taken every task, and waiting for it to run
// (and end) then cost more than the work. Such a helper, started late, finds every task taken and touches
// nothing of the call but the state it shares (which it keeps alive), so it is let go. As a thread may so
// run several tasks in turn, a task never waits for another.
template <class F>
void parallel_tasks(std::size_t n, unsigned threads, F&& work) {
    struct State {
        std::atomic<std::size_t> next{0};
        std::atomic<unsigned> busy{0};  // helpers that may hold a task
        std::mutex m;
        std::condition_variable idle;
    };
    const auto state = std::make_shared<State>();
    std::vector<std::exception_ptr> failed(n);
    const auto take = [n, &work, &failed](State& s) {  // work and failed are read only for a task taken
        for (std::size_t task; (task = s.next.fetch_add(1)) < n;) {
            try {
                work(task);
            } catch (...) {
                failed[task] = std::current_exception();
            }
        }
    };
    for (unsigned t = 1; t < std::min<std::size_t>(threads, n); ++t) {
        try {
            std::thread([state, take] {
                state->busy.fetch_add(1);  // before taking: the caller then waits for this one
                take(*state);
                if (state->busy.fetch_sub(1) == 1) {
                    const std::lock_guard<std::mutex> lock(state->m);
                    state->idle.notify_all();
                }
            }).detach();
        } catch (const std::system_error&) {  // no thread to be had: the others take its share
            break;
        }
    }
    take(*state);
    {
        std::unique_lock<std::mutex> lock(state->m);
        state->idle.wait(lock, [&] { return state->busy.load() == 0; });
    }
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

// Rows [0, n) in blocks of `block` rows handed out as they are asked for: work(worker, next) runs once
// for each of `threads` workers (tasks of parallel_tasks), and next() gives the next block [lo, hi) that
// no worker has taken, or nullopt once all are. A thread the system holds back (a loaded machine) leaves
// its blocks to the others, where a fixed share (parallel_chunks) would make them wait for it: two threads
// are then about as fast as one, not slower. For results that do not depend on which worker took which
// rows (per-worker sums, extremes, flags). Exceptions as in parallel_tasks, by worker.
template <class F>
void parallel_blocks(std::size_t n, unsigned threads, std::size_t block, F&& work) {
    const std::size_t blocks = (n + block - 1) / block;
    std::atomic<std::size_t> taken{0};
    const auto next = [&]() -> std::optional<std::pair<std::size_t, std::size_t>> {
        const std::size_t b = taken.fetch_add(1, std::memory_order_relaxed);
        if (b >= blocks) return std::nullopt;
        return std::pair{b * block, std::min(n, (b + 1) * block)};
    };
    parallel_tasks(std::max(1u, threads), std::max(1u, threads),
                   [&](std::size_t worker) { work(static_cast<unsigned>(worker), next); });
}

// Every core from `crossover` rows on, else one thread.
inline unsigned threads_from(std::size_t rows, std::size_t crossover) {
    return rows < crossover ? 1u : std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace anjian
