// A small persistent thread pool. The calling thread always runs a chunk itself. Between jobs a
// worker first spins for a short while (NN4J_SPIN_US, default 100 microseconds) and then sleeps
// on a condition variable, so an idle library costs nothing: a training step is a string of
// parallel regions tens of microseconds apart, and waking a sleeping thread costs about as much
// as one of them (with sleeping workers, 2 threads trained the MLP slower than 1).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>
#include "core.h"

namespace nn4j {
namespace {

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

int64_t spin_ns() {
    static const int64_t ns = [] {
        const char* e = std::getenv("NN4J_SPIN_US");
        long long us = e && *e ? std::atoll(e) : 100;
        return (int64_t)std::max(0LL, us) * 1000;
    }();
    return ns;
}

int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

struct Pool {
    std::mutex mu;      // guards sleeping and the worker list
    std::mutex run_mu;  // one parallel region at a time
    std::condition_variable wake;
    std::vector<std::thread> workers;
    // The job. Its fields are written before `next` is published (release); a thread reads them
    // only after claiming a chunk of this job by a compare-exchange on `next`, whose high half
    // is the job's number, so a worker that wakes late for an old job can never run (or read)
    // the wrong one. The caller waits for `done`, not for the workers: a descheduled worker that
    // claimed nothing cannot hold it up (the caller runs the unclaimed chunks itself).
    const std::function<void(int64_t, int64_t)>* fn = nullptr;
    int64_t n = 0, chunk = 0;
    std::atomic<int> nchunks{0};
    std::atomic<uint64_t> next{0};  // (job << 32) | next chunk to claim
    std::atomic<int> done{0};       // chunks of the current job finished
    std::atomic<uint64_t> generation{0};
    std::atomic<int> sleepers{0};
    std::atomic<bool> stop{false};
    int threads = 1;

    Pool() {
        unsigned hw = std::thread::hardware_concurrency();
        threads = hw == 0 ? 1 : (int)hw;
    }
    ~Pool() { shutdown(); }

    void shutdown() {
        {
            std::lock_guard<std::mutex> lk(mu);
            stop = true;
        }
        wake.notify_all();
        for (auto& t : workers) if (t.joinable()) t.join();
        workers.clear();
        stop = false;
    }

    // Claims and runs chunks of job `job` until none is left.
    void run_chunks(uint32_t job) {
        for (;;) {
            uint64_t cur = next.load(std::memory_order_acquire);
            if ((uint32_t)(cur >> 32) != job) return;
            const int c = (int)(uint32_t)cur;
            if (c >= nchunks.load(std::memory_order_relaxed)) return;
            if (!next.compare_exchange_weak(cur, cur + 1, std::memory_order_acq_rel)) continue;
            const int64_t b = c * chunk, e = std::min(n, b + chunk);
            (*fn)(b, e);
            done.fetch_add(1, std::memory_order_release);
        }
    }

    // Returns the new generation, or `seen` when stopping.
    uint64_t await_job(uint64_t seen) {
        const int64_t limit = spin_ns();
        const int64_t t0 = limit > 0 ? now_ns() : 0;
        for (int i = 0;; ++i) {
            if (stop.load()) return seen;
            uint64_t g = generation.load();
            if (g != seen) return g;
            if (limit > 0 && ((i & 63) != 63 || now_ns() - t0 < limit)) {
                cpu_relax();
                continue;
            }
            // sleepers is raised before the last look at generation, and the caller bumps
            // generation before reading sleepers (both sequentially consistent): either the caller
            // sees a sleeper and notifies under mu, or this thread sees the new generation.
            std::unique_lock<std::mutex> lk(mu);
            sleepers.fetch_add(1);
            wake.wait(lk, [&] { return stop.load() || generation.load() != seen; });
            sleepers.fetch_sub(1);
        }
    }

    void worker_loop(uint64_t seen) {
        for (;;) {
            uint64_t g = await_job(seen);
            if (stop.load()) return;
            seen = g;
            in_pool = true;
            run_chunks((uint32_t)g);
            in_pool = false;
        }
    }

    void ensure_workers(int count) {
        std::lock_guard<std::mutex> lk(mu);
        while ((int)workers.size() < count) {
            uint64_t g = generation.load();
            workers.emplace_back([this, g] { worker_loop(g); });
        }
    }

    static thread_local bool in_pool;
};

thread_local bool Pool::in_pool = false;

Pool& pool() {
    static Pool* p = new Pool();  // never destroyed: workers may outlive static destructors
    return *p;
}

}  // namespace

int num_threads() { return pool().threads; }

void set_num_threads(int n) {
    Pool& p = pool();
    std::lock_guard<std::mutex> run(p.run_mu);
    if (n < (int)p.workers.size() + 1) p.shutdown();
    p.threads = n;
}

void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn) {
    if (n <= 0) return;
    Pool& p = pool();
    if (grain < 1) grain = 1;
    int t = (int)std::min<int64_t>(p.threads, (n + grain - 1) / grain);
    if (t <= 1 || Pool::in_pool) {
        fn(0, n);
        return;
    }
    std::unique_lock<std::mutex> run(p.run_mu, std::try_to_lock);
    if (!run.owns_lock()) {  // another Java thread is using the pool: do the work inline
        fn(0, n);
        return;
    }
    p.ensure_workers(t - 1);
    const uint64_t job = p.generation.load() + 1;
    p.fn = &fn;
    p.n = n;
    p.chunk = (n + t - 1) / t;
    p.nchunks.store(t, std::memory_order_relaxed);
    p.done.store(0, std::memory_order_relaxed);
    p.next.store(job << 32, std::memory_order_release);
    p.generation.store(job);
    if (p.sleepers.load() > 0) {
        { std::lock_guard<std::mutex> lk(p.mu); }  // a worker between its check and wait() holds mu
        p.wake.notify_all();
    }
    Pool::in_pool = true;
    p.run_chunks((uint32_t)job);
    Pool::in_pool = false;
    // Chunks claimed by workers are running now: spin briefly, then yield the core, so that on an
    // oversubscribed machine a worker waiting for a core can get this one.
    for (int i = 0; p.done.load(std::memory_order_acquire) != t; ++i) {
        if (i < 1024) cpu_relax();
        else std::this_thread::yield();
    }
}

}  // namespace nn4j
