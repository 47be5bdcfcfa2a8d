// A small persistent thread pool: workers sleep on a condition variable between jobs, so an
// idle library costs nothing, and the calling thread always runs the first chunk itself.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>
#include "core.h"

namespace nn4j {
namespace {

struct Pool {
    std::mutex mu;                 // guards job state and worker list
    std::mutex run_mu;             // one parallel region at a time
    std::condition_variable wake, done;
    std::vector<std::thread> workers;
    const std::function<void(int64_t, int64_t)>* fn = nullptr;
    int64_t n = 0, chunk = 0;
    int nchunks = 0;
    std::atomic<int> next{0};
    int pending = 0;
    uint64_t generation = 0;
    bool stop = false;
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

    void run_chunks() {
        for (;;) {
            int c = next.fetch_add(1);
            if (c >= nchunks) return;
            int64_t b = c * chunk, e = std::min(n, b + chunk);
            (*fn)(b, e);
        }
    }

    void worker_loop(uint64_t seen) {
        for (;;) {
            {
                std::unique_lock<std::mutex> lk(mu);
                wake.wait(lk, [&] { return stop || generation != seen; });
                if (stop) return;
                seen = generation;
            }
            in_pool = true;
            run_chunks();
            in_pool = false;
            std::lock_guard<std::mutex> lk(mu);
            if (--pending == 0) done.notify_one();
        }
    }

    void ensure_workers(int count) {
        // called with mu held
        while ((int)workers.size() < count) {
            uint64_t g = generation;
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
    {
        std::lock_guard<std::mutex> lk(p.mu);
        p.ensure_workers(t - 1);
        p.fn = &fn;
        p.n = n;
        p.nchunks = t;
        p.chunk = (n + t - 1) / t;
        p.next.store(0);
        p.pending = (int)p.workers.size();
        ++p.generation;
    }
    p.wake.notify_all();
    Pool::in_pool = true;
    p.run_chunks();
    Pool::in_pool = false;
    std::unique_lock<std::mutex> lk(p.mu);
    p.done.wait(lk, [&] { return p.pending == 0; });
}

}  // namespace nn4j
