// nn4j_gemm on the CPU: argument checks, CUDA forwarding, batching, threading and the blocked
// GotoBLAS-style driver around the per-ISA packing routines and micro-kernels (gemm.h).
//
// Loop nest for one matrix, outer to inner ("shared" scheme, m larger than one MC block):
//   jc: NC-wide column blocks of C
//     pc: KC-deep slices of k  -> all threads pack op(B)[pc:pc+KC, jc:jc+NC] together, barrier
//       item: a block of <= MC rows x a range of NR panels, claimed dynamically by threads
//             -> pack op(A)[rows, pc:pc+KC] into the thread's own buffer
//         jr: NR panels of the item, ir: MR tiles of the rows -> micro-kernel
//       barrier (B is about to be overwritten)
// When m fits one MC block ("private" scheme: the training shapes, batch 64), each B panel
// meets a single A block, so the threads split the panels and each packs its own A and its
// panels of B, on the fly, without ever waiting for the others. Small problems run on one
// thread; batches of small matrices are spread over threads one matrix at a time; tiny ones
// skip packing altogether.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>
#include <thread>
#include "core.h"
#include "gemm.h"

#if defined(__x86_64__) || defined(__i386__)
#include <emmintrin.h>
#define NN4J_PAUSE() _mm_pause()
#else
#define NN4J_PAUSE() ((void)0)
#endif

namespace nn4j {
namespace gemm {
namespace {

constexpr const char* kFn = "nn4j_gemm";
// Below this many multiply-adds per matrix (m*n*k) packing costs more than it saves.
constexpr double kDirectMax = 16.0 * 16 * 16;
// Below this many multiply-adds one thread is faster than waking others (~64^3 on 2 threads);
// above it, one more thread per this much work.
constexpr double kWorkPerThread = 131072.0;
// Batches of matrices smaller than this are split over the batch rather than inside a matrix.
constexpr double kBatchSplitMax = 128.0 * 128 * 128;
// Private scheme: packed A kept for several k slices at once, up to half of a 512 KiB L2.
constexpr int64_t kPrivateABytes = 256 * 1024;
// Rough cost of packing one element, in multiply-adds, for choosing how to split C.
constexpr double kPackCost = 8.0;

template <typename T> const Kernel<T>* select_kernel();
template <> const Kernel<float>* select_kernel<float>() {
    int isa = active_isa();
    if (isa >= NN4J_ISA_AVX512) return kernel_avx512_f32();
    if (isa >= NN4J_ISA_AVX2) return kernel_avx2_f32();
    return kernel_generic_f32();
}
template <> const Kernel<double>* select_kernel<double>() {
    int isa = active_isa();
    if (isa >= NN4J_ISA_AVX512) return kernel_avx512_f64();
    if (isa >= NN4J_ISA_AVX2) return kernel_avx2_f64();
    return kernel_generic_f64();
}

// Packing buffers: one 64-byte aligned block per calling thread, grown on demand and kept, so a
// steady stream of same-sized calls allocates nothing. Worker threads use slices of the
// caller's block, so they never allocate.
class Arena {
  public:
    ~Arena() { std::free(p_); }
    void* get(size_t bytes) {
        if (bytes <= cap_) return p_;
        size_t want = std::max(bytes, cap_ + cap_ / 2);
        want = (want + 63) / 64 * 64;
        void* q = std::aligned_alloc(64, want);
        if (!q) return nullptr;
        std::free(p_);
        p_ = q;
        cap_ = want;
        return p_;
    }

  private:
    void* p_ = nullptr;
    size_t cap_ = 0;
};
thread_local Arena t_arena;

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t round_up(int64_t a, int64_t b) { return ceil_div(a, b) * b; }

// One batched problem in the element type, with validated arguments.
template <typename T>
struct Problem {
    const Kernel<T>* K;
    bool ta, tb;
    int64_t m, n, k;
    T alpha, beta;
    const T* a;
    int64_t lda, sa;
    const T* b;
    int64_t ldb, sb;
    T* c;
    int64_t ldc, sc;
    int64_t batch;

    const T* a_at(const T* a0, int64_t i, int64_t p) const { return ta ? a0 + p * lda + i : a0 + i * lda + p; }
    const T* b_at(const T* b0, int64_t p, int64_t j) const { return tb ? b0 + j * ldb + p : b0 + p * ldb + j; }
};

// C = beta * C, where beta == 0 clears (NaN included).
template <typename T>
void scale_c(T* c, int64_t m, int64_t n, int64_t ldc, T beta) {
    if (beta == T(1)) return;
    for (int64_t i = 0; i < m; ++i) {
        T* row = c + i * ldc;
        if (beta == T(0))
            std::fill(row, row + n, T(0));
        else
            for (int64_t j = 0; j < n; ++j) row[j] *= beta;
    }
}

// Tiny matrices, no packing: each row of C accumulated in a local strip, so that the inner
// loop runs along rows of B (vectorised) unless B is transposed.
template <typename T>
void gemm_direct(const Problem<T>& P, const T* a, const T* b, T* c) {
    constexpr int64_t kStrip = 64;
    T acc[kStrip];
    for (int64_t j0 = 0; j0 < P.n; j0 += kStrip) {
        const int64_t nb = std::min(kStrip, P.n - j0);
        for (int64_t i = 0; i < P.m; ++i) {
            std::fill(acc, acc + nb, T(0));
            for (int64_t p = 0; p < P.k; ++p) {
                const T av = *P.a_at(a, i, p);
                const T* bp = P.b_at(b, p, j0);
                if (P.tb)
                    for (int64_t j = 0; j < nb; ++j) acc[j] += av * bp[j * P.ldb];
                else
                    for (int64_t j = 0; j < nb; ++j) acc[j] += av * bp[j];
            }
            T* cr = c + i * P.ldc + j0;
            for (int64_t j = 0; j < nb; ++j)
                cr[j] = P.beta == T(0) ? P.alpha * acc[j] : P.alpha * acc[j] + P.beta * cr[j];
        }
    }
}

// Blocking and work split for one matrix shape. Two schemes:
//  - private (m fits one MC block): every B panel meets a single A block, so sharing packed B
//    buys nothing. The threads split the NR panels of C and pack each B panel themselves, on
//    the fly. For a single matrix on several threads, the first thread packs all of A while
//    the others are still waking up, and then everyone claims ranges of panels until none are
//    left: nobody waits for a late thread. Otherwise (one thread, or a batch) each thread
//    packs A for itself and takes a fixed range of panels.
//  - shared (larger m): the GotoBLAS nest of the file comment, with B packed once per k slice
//    by all threads together and row blocks (or a 2-D grid of blocks) shared out.
struct Plan {
    enum Mode { kPrivate, kPrivateSharedA, kShared } mode;
    int nt;                // threads that get work
    int64_t kc, nc;        // depth of a k slice, width of a column block (multiple of nr)
    int64_t slices;        // k slices
    int64_t a_group;       // private: k slices of A packed together (kept in L2)
    int64_t m_parts;       // shared: row blocks per (jc, pc) step
    int64_t n_parts;       // shared: panel ranges per column block
    int64_t a_elems;       // packed A of one k slice (of one row block when shared)
    int64_t b_elems;       // shared: the packed B of one (jc, pc) step; else one B panel
    // Workspace in elements; buffers are multiples of 16 elements, so all stay 64-byte aligned.
    // Private: per thread a group of A slices and one B panel; private with shared A: all of A,
    // then a B panel per thread; shared: B, then an A block per thread.
    int64_t workspace() const {
        switch (mode) {
            case kPrivate: return nt * (a_group * a_elems + b_elems);
            case kPrivateSharedA: return a_group * a_elems + nt * b_elems;
            default: return b_elems + nt * a_elems;
        }
    }
};

template <typename T>
Plan make_plan(const Kernel<T>* K, int64_t m, int64_t n, int64_t k, int64_t batch, int nt) {
    Plan pl;
    const int64_t mr = K->mr, nr = K->nr;
    // Equal k slices (k = 300 -> 2 x 152, not 256 + 44), rounded for the unrolled k loop.
    pl.kc = std::min(K->kc, round_up(ceil_div(k, ceil_div(k, K->kc)), 4));
    pl.slices = ceil_div(k, pl.kc);
    pl.nc = round_up(ceil_div(n, ceil_div(n, K->nc)), nr);
    const int64_t tiles_m = ceil_div(m, mr);
    if (tiles_m * mr <= K->mc) {
        pl.nt = (int)std::min<int64_t>(nt, ceil_div(n, nr));
        pl.m_parts = pl.n_parts = 1;
        pl.a_elems = round_up(tiles_m * mr * pl.kc, 16);
        pl.b_elems = round_up(nr * pl.kc, 16);
        pl.a_group = std::max<int64_t>(1, std::min<int64_t>(pl.slices, kPrivateABytes / (pl.a_elems * int64_t(sizeof(T)))));
        pl.mode = pl.nt > 1 && batch == 1 && pl.a_group == pl.slices ? Plan::kPrivateSharedA : Plan::kPrivate;
        return pl;
    }
    pl.mode = Plan::kShared;
    pl.a_group = 1;
    const int64_t tiles_n = ceil_div(std::min(n, pl.nc), nr);
    // Split the threads into pm row groups x pn panel groups, minimising the per-thread cost of
    // one k step: multiply-adds plus packing its A rows (a row group is packed by each of the
    // pn threads sharing it).
    int64_t pm = 1, pn = 1;
    double best = -1;
    for (int64_t cm = 1; cm <= nt; ++cm) {
        if (nt % cm) continue;
        const int64_t cn = nt / cm;
        if (cm > tiles_m || cn > tiles_n) continue;
        const double rows = double(ceil_div(tiles_m, cm) * mr), cols = double(ceil_div(tiles_n, cn) * nr);
        const double cost = rows * cols + kPackCost * rows;
        if (best < 0 || cost < best) best = cost, pm = cm, pn = cn;
    }
    if (best < 0) pm = std::min<int64_t>(nt, tiles_m), pn = 1;  // awkward thread counts
    pl.m_parts = std::min(tiles_m, pm * ceil_div(ceil_div(tiles_m, pm) * mr, K->mc));
    pl.n_parts = pn;
    pl.nt = (int)std::min<int64_t>(nt, pl.m_parts * pl.n_parts);
    pl.a_elems = round_up(ceil_div(tiles_m, pl.m_parts) * mr * pl.kc, 16);
    pl.b_elems = round_up(tiles_n * nr * pl.kc, 16);
    return pl;
}

// Threads of one parallel region: a work counter and a counting barrier. A thread that
// parallel_for hands several ids arrives with their total weight, so the barrier also works
// when the pool runs the region serially.
struct Team {
    explicit Team(int n) : total(n) {}
    const int total;
    std::atomic<int64_t> next{0};
    std::atomic<int> arrived{0};
    std::atomic<uint32_t> generation{0};

    int64_t claim() { return next.fetch_add(1, std::memory_order_relaxed); }

    void sync(int weight) {
        if (weight >= total) {
            next.store(0, std::memory_order_relaxed);
            return;
        }
        uint32_t g = generation.load(std::memory_order_acquire);
        if (arrived.fetch_add(weight, std::memory_order_acq_rel) + weight == total) {
            arrived.store(0, std::memory_order_relaxed);
            next.store(0, std::memory_order_relaxed);
            generation.store(g + 1, std::memory_order_release);
            return;
        }
        // Spin briefly (the other threads are normally microseconds away), then yield so that a
        // descheduled partner on a busy machine gets the core.
        for (int spins = 0; generation.load(std::memory_order_acquire) == g; ++spins) {
            if (spins < 1000)
                NN4J_PAUSE();
            else
                std::this_thread::yield();
        }
    }
};

// One k slice [pc, pc + kb) of one matrix: C[r0:r1, j0:j1] (+)= alpha op(A) op(B), r0 a
// multiple of mr, j0 of nr. A is packed into abuf first (unless pack_a is false: already
// there). B comes packed in `bshared` (panel
// for j0 first, panels nr*kb apart), or is packed panel by panel into `bpriv`: on the fly by
// the first tile when B's rows are contiguous, else by pack_b.
template <typename T>
void compute_block(const Problem<T>& P, const T* A, const T* B, T* C, int64_t pc, int64_t kb,
                   T beta, int64_t r0, int64_t r1, int64_t j0, int64_t j1, T* abuf,
                   bool pack_a, const T* bshared, T* bpriv) {
    const Kernel<T>* K = P.K;
    const int64_t mr = K->mr, nr = K->nr;
    const int64_t rows = r1 - r0, tiles = ceil_div(rows, mr);
    if (pack_a) K->pack_a(P.ta, P.a_at(A, r0, pc), P.lda, rows, kb, abuf);
    alignas(64) T tile[kMaxTile];
    for (int64_t j = j0; j < j1; j += nr) {
        const int64_t ncols = std::min(nr, j1 - j);
        const T* bp = bpriv;
        bool b_fuse = false;
        if (bshared)
            bp = bshared + (j - j0) * kb;
        else if (!P.tb && ncols == nr)
            b_fuse = true;
        else
            K->pack_b(P.tb, P.b_at(B, pc, j), P.ldb, kb, ncols, bpriv, nr * kb);
        for (int64_t t = 0; t < tiles; ++t) {
            const int64_t i = r0 + t * mr;
            const T* ap = abuf + t * mr * kb;
            const T* b_arg = b_fuse ? P.b_at(B, pc, j) : bp;
            const int64_t mrows = std::min(mr, r1 - i);
            T* cp = C + i * P.ldc + j;
            if (ncols == nr) {  // full width: straight into C, the bottom edge by its own kernel
                K->micro.fn[mrows][b_fuse](kb, ap, b_arg, P.ldb, bpriv, cp, P.ldc, P.alpha, beta);
                b_fuse = false;
                continue;
            }
            // right edge: a full tile into scratch, then the part that exists
            K->micro.fn[mr][b_fuse](kb, ap, b_arg, P.ldb, bpriv, tile, nr, T(1), T(0));
            b_fuse = false;
            for (int64_t ii = 0; ii < mrows; ++ii)
                for (int64_t jj = 0; jj < ncols; ++jj) {
                    T* e = cp + ii * P.ldc + jj;
                    const T v = P.alpha * tile[ii * nr + jj];
                    *e = beta == T(0) ? v : v + beta * *e;
                }
        }
    }
}

// Private scheme, packed A of slices [s0, s1) at abuf (slice s at (s - s0) * a_elems): panels
// [j0, j1) of one matrix, each through all those slices before the next, so that a panel's
// unpacked B is read as one long strided stream, with the packing kernel's prefetches running
// ahead across slice boundaries.
template <typename T>
void private_panels(const Problem<T>& P, const Plan& pl, const T* A, const T* B, T* C, int64_t s0,
                    int64_t s1, int64_t j0, int64_t j1, T* abuf, T* bpriv) {
    const int64_t nr = P.K->nr;
    for (int64_t j = j0; j < j1; j += nr)
        for (int64_t s = s0; s < s1; ++s) {
            const int64_t pc = s * pl.kc;
            compute_block<T>(P, A, B, C, pc, std::min(pl.kc, P.k - pc), s == 0 ? P.beta : T(1), 0,
                             P.m, j, std::min(j1, j + nr), abuf + (s - s0) * pl.a_elems, false,
                             nullptr, bpriv);
        }
}

template <typename T>
void pack_a_slices(const Problem<T>& P, const Plan& pl, const T* A, int64_t s0, int64_t s1, T* abuf) {
    for (int64_t s = s0; s < s1; ++s) {
        const int64_t pc = s * pl.kc;
        P.K->pack_a(P.ta, P.a_at(A, 0, pc), P.lda, P.m, std::min(pl.kc, P.k - pc), abuf + (s - s0) * pl.a_elems);
    }
}

// Private scheme: panels [q0, q1) of every matrix; this thread packs its own A.
template <typename T>
void run_private(const Problem<T>& P, const Plan& pl, int64_t q0, int64_t q1, T* ws) {
    const int64_t nr = P.K->nr, j0 = q0 * nr, j1 = std::min(P.n, q1 * nr);
    if (j0 >= j1) return;
    T* abuf = ws;
    T* bpriv = ws + pl.a_group * pl.a_elems;
    for (int64_t bi = 0; bi < P.batch; ++bi) {
        const T* A = P.a + bi * P.sa;
        const T* B = P.b + bi * P.sb;
        T* C = P.c + bi * P.sc;
        for (int64_t s0 = 0; s0 < pl.slices; s0 += pl.a_group) {
            const int64_t s1 = std::min(pl.slices, s0 + pl.a_group);
            pack_a_slices(P, pl, A, s0, s1, abuf);
            private_panels(P, pl, A, B, C, s0, s1, j0, j1, abuf, bpriv);
        }
    }
}

// Private scheme with shared A (one matrix, all of A in one group), as team member `id`.
template <typename T>
void run_private_shared_a(const Problem<T>& P, const Plan& pl, int64_t id, std::atomic<int>& a_ready,
                          std::atomic<int64_t>& next_chunk, T* ws) {
    const int64_t nr = P.K->nr, panels = ceil_div(P.n, nr);
    // a few chunks per thread: enough to even out a late start
    const int64_t chunks = std::min<int64_t>(panels, 4 * pl.nt);
    T* bpriv = ws + pl.a_group * pl.a_elems + id * pl.b_elems;
    if (id == 0) {
        pack_a_slices(P, pl, P.a, 0, pl.slices, ws);
        a_ready.store(1, std::memory_order_release);
    } else {
        for (int spins = 0; !a_ready.load(std::memory_order_acquire); ++spins) {
            if (spins < 1000)
                NN4J_PAUSE();
            else
                std::this_thread::yield();
        }
    }
    for (int64_t ch; (ch = next_chunk.fetch_add(1, std::memory_order_relaxed)) < chunks;) {
        const int64_t j0 = ch * panels / chunks * nr, j1 = std::min(P.n, (ch + 1) * panels / chunks * nr);
        private_panels(P, pl, P.a, P.b, P.c, 0, pl.slices, j0, j1, ws, bpriv);
    }
}

// Shared scheme, as one member of `team` (weight = number of team ids this thread stands for).
template <typename T>
void run_shared(const Problem<T>& P, const Plan& pl, Team& team, int weight, T* bbuf, T* abuf) {
    const Kernel<T>* K = P.K;
    const int64_t mr = K->mr, nr = K->nr;
    const int64_t tiles_m = ceil_div(P.m, mr);
    const int64_t items = pl.m_parts * pl.n_parts;
    for (int64_t bi = 0; bi < P.batch; ++bi) {
        const T* A = P.a + bi * P.sa;
        const T* B = P.b + bi * P.sb;
        T* C = P.c + bi * P.sc;
        for (int64_t jc = 0; jc < P.n; jc += pl.nc) {
            const int64_t nb = std::min(pl.nc, P.n - jc);
            const int64_t panels = ceil_div(nb, nr);
            for (int64_t pc = 0; pc < P.k; pc += pl.kc) {
                const int64_t kb = std::min(pl.kc, P.k - pc);
                // Threads pack B by ranges of panels when the gather reads along rows of the
                // stored B (trans_b), otherwise by ranges of 8-row strips, so that each reads
                // long contiguous runs.
                const int64_t units = P.tb ? panels : ceil_div(kb, 8);
                const int64_t groups = std::min<int64_t>(units, 2 * team.total);
                for (int64_t g; (g = team.claim()) < groups;) {
                    const int64_t u0 = g * units / groups, u1 = (g + 1) * units / groups;
                    if (P.tb) {
                        const int64_t cols = std::min(nb - u0 * nr, (u1 - u0) * nr);
                        K->pack_b(true, P.b_at(B, pc, jc + u0 * nr), P.ldb, kb, cols,
                                  bbuf + u0 * nr * kb, nr * kb);
                    } else {
                        const int64_t p0 = u0 * 8, p1 = std::min(kb, u1 * 8);
                        K->pack_b(false, P.b_at(B, pc + p0, jc), P.ldb, p1 - p0, nb, bbuf + p0 * nr,
                                  nr * kb);
                    }
                }
                team.sync(weight);
                for (int64_t w; (w = team.claim()) < items;) {
                    const int64_t mi = w / pl.n_parts, ni = w % pl.n_parts;
                    const int64_t t0 = mi * tiles_m / pl.m_parts, t1 = (mi + 1) * tiles_m / pl.m_parts;
                    const int64_t q0 = ni * panels / pl.n_parts, q1 = (ni + 1) * panels / pl.n_parts;
                    compute_block<T>(P, A, B, C, pc, kb, pc == 0 ? P.beta : T(1), t0 * mr,
                                  std::min(P.m, t1 * mr), jc + q0 * nr, std::min(jc + nb, jc + q1 * nr),
                                  abuf, true, bbuf + q0 * nr * kb, nullptr);
                }
                team.sync(weight);
            }
        }
    }
}

// One matrix (or the whole batch) on pl.nt threads with the buffers in ws.
template <typename T>
void run_plan(const Problem<T>& P, const Plan& pl, T* ws) {
    const int nt = pl.nt;
    switch (pl.mode) {
        case Plan::kPrivate: {
            const int64_t panels = ceil_div(P.n, P.K->nr);
            if (nt == 1) return run_private(P, pl, 0, panels, ws);
            parallel_for(nt, 1, [&](int64_t id, int64_t end) {
                run_private(P, pl, id * panels / nt, end * panels / nt, ws + id * (pl.a_group * pl.a_elems + pl.b_elems));
            });
            return;
        }
        case Plan::kPrivateSharedA: {
            std::atomic<int> a_ready{0};
            std::atomic<int64_t> next_chunk{0};
            parallel_for(nt, 1, [&](int64_t id, int64_t end) {
                if (id < end) run_private_shared_a(P, pl, id, a_ready, next_chunk, ws);
            });
            return;
        }
        case Plan::kShared: {
            Team team(nt);
            if (nt == 1) return run_shared(P, pl, team, 1, ws, ws + pl.b_elems);
            parallel_for(nt, 1, [&](int64_t id, int64_t end) {
                if (id < end) run_shared(P, pl, team, int(end - id), ws, ws + pl.b_elems + id * pl.a_elems);
            });
            return;
        }
    }
}

template <typename T>
int run(Problem<T>& P) {
    if (P.batch == 0 || P.m == 0 || P.n == 0) return NN4J_OK;
    if (P.k == 0 || P.alpha == T(0)) {
        for (int64_t bi = 0; bi < P.batch; ++bi) scale_c(P.c + bi * P.sc, P.m, P.n, P.ldc, P.beta);
        return NN4J_OK;
    }
    const double work = double(P.m) * double(P.n) * double(P.k);
    const int max_threads = std::max(1, num_threads());

    if (work <= kDirectMax) {
        auto one = [&](int64_t bi) { gemm_direct(P, P.a + bi * P.sa, P.b + bi * P.sb, P.c + bi * P.sc); };
        if (max_threads > 1 && work * double(P.batch) >= 2 * kWorkPerThread)
            parallel_for(P.batch, (int64_t)std::max(1.0, kWorkPerThread / work), [&](int64_t b, int64_t e) {
                for (int64_t bi = b; bi < e; ++bi) one(bi);
            });
        else
            for (int64_t bi = 0; bi < P.batch; ++bi) one(bi);
        return NN4J_OK;
    }

    P.K = select_kernel<T>();
    if (P.K->mr * P.K->nr > kMaxTile)
        return fail(NN4J_ERR_INTERNAL, "%s: kernel %s tile exceeds the scratch tile", kFn, P.K->name);

    if (P.batch > 1 && max_threads > 1 && work < kBatchSplitMax &&
        work * double(P.batch) >= 2 * kWorkPerThread) {
        // Many small matrices: each thread takes whole matrices, one thread per matrix.
        const int nt = (int)std::min<int64_t>(max_threads, P.batch);
        const Plan pl = make_plan(P.K, P.m, P.n, P.k, 1, 1);
        const int64_t per = pl.workspace();
        T* ws = static_cast<T*>(t_arena.get(size_t(per) * nt * sizeof(T)));
        if (!ws) return fail(NN4J_ERR_OOM, "%s: out of memory for packing buffers", kFn);
        std::atomic<int64_t> next{0};
        parallel_for(nt, 1, [&](int64_t id, int64_t end) {
            if (id == end) return;
            Problem<T> one = P;
            one.batch = 1;
            for (int64_t bi; (bi = next.fetch_add(1)) < P.batch;) {
                one.a = P.a + bi * P.sa;
                one.b = P.b + bi * P.sb;
                one.c = P.c + bi * P.sc;
                run_plan(one, pl, ws + id * per);
            }
        });
        return NN4J_OK;
    }

    int nt = 1;
    if (max_threads > 1 && work >= 2 * kWorkPerThread)
        nt = (int)std::min<double>(max_threads, work / kWorkPerThread);
    const Plan pl = make_plan(P.K, P.m, P.n, P.k, P.batch, nt);
    T* ws = static_cast<T*>(t_arena.get(size_t(pl.workspace()) * sizeof(T)));
    if (!ws) return fail(NN4J_ERR_OOM, "%s: out of memory for packing buffers", kFn);
    run_plan(P, pl, ws);
    return NN4J_OK;
}

// Elements spanned by a rows x cols row-major matrix with leading dimension ld, repeated
// `batch` times `stride` apart; false on int64 overflow.
bool span(int64_t rows, int64_t cols, int64_t ld, int64_t batch, int64_t stride, int64_t* out) {
    *out = 0;
    if (rows == 0 || cols == 0 || batch == 0) return true;
    int64_t s;
    if (__builtin_mul_overflow(rows - 1, ld, &s) || __builtin_add_overflow(s, cols, &s)) return false;
    int64_t t;
    if (__builtin_mul_overflow(batch - 1, stride, &t) || __builtin_add_overflow(s, t, &s)) return false;
    *out = s;
    return true;
}

int check_matrix(const char* name, const void* p, bool trans, int64_t rows, int64_t cols,
                 int64_t ld, const char* ld_name, int64_t batch, int64_t stride,
                 const char* stride_name, size_t elem) {
    // The stored matrix is rows x cols, or its transpose.
    const int64_t srows = trans ? cols : rows, scols = trans ? rows : cols;
    if (ld < scols)
        return fail(NN4J_ERR_SHAPE, "%s: %s = %lld is less than %lld, the column count of the stored %s (%lld x %lld%s)",
                    kFn, ld_name, (long long)ld, (long long)scols, name, (long long)srows,
                    (long long)scols, trans ? ", transposed" : "");
    if (stride < 0)
        return fail(NN4J_ERR_SHAPE, "%s: %s = %lld is negative", kFn, stride_name, (long long)stride);
    int64_t elems, bytes;
    if (!span(srows, scols, ld, batch, stride, &elems) ||
        __builtin_mul_overflow(elems, (int64_t)elem, &bytes))
        return fail(NN4J_ERR_SHAPE, "%s: the extent of %s (%s, %s, batch) overflows int64", kFn, name,
                    ld_name, stride_name);
    if (elems > 0 && p == nullptr) return fail(NN4J_ERR_ARG, "%s: %s is null", kFn, name);
    return NN4J_OK;
}

template <typename T>
int gemm_cpu(int trans_a, int trans_b, int64_t m, int64_t n, int64_t k, double alpha,
             const void* a, int64_t lda, const void* b, int64_t ldb, double beta, void* c,
             int64_t ldc, int64_t batch, int64_t stride_a, int64_t stride_b, int64_t stride_c) {
    Problem<T> P{nullptr, trans_a != 0, trans_b != 0, m, n, k, T(alpha), T(beta),
                 static_cast<const T*>(a), lda, stride_a, static_cast<const T*>(b), ldb, stride_b,
                 static_cast<T*>(c), ldc, stride_c, batch};
    return run(P);
}

}  // namespace

void register_tile(bool f64, int* mr, int* nr) {
    if (f64) {
        const Kernel<double>* K = select_kernel<double>();
        *mr = K->mr, *nr = K->nr;
    } else {
        const Kernel<float>* K = select_kernel<float>();
        *mr = K->mr, *nr = K->nr;
    }
}

}  // namespace gemm
}  // namespace nn4j

using namespace nn4j;

extern "C" int nn4j_gemm(int device, int dtype, int trans_a, int trans_b, int64_t m, int64_t n,
                         int64_t k, double alpha, const void* a, int64_t lda, const void* b,
                         int64_t ldb, double beta, void* c, int64_t ldc, int64_t batch,
                         int64_t stride_a, int64_t stride_b, int64_t stride_c) {
    using gemm::kFn;
    if (int st = check_float_dtype(kFn, dtype)) return st;
    if (trans_a != 0 && trans_a != 1)
        return fail(NN4J_ERR_ARG, "%s: trans_a = %d, expected 0 or 1", kFn, trans_a);
    if (trans_b != 0 && trans_b != 1)
        return fail(NN4J_ERR_ARG, "%s: trans_b = %d, expected 0 or 1", kFn, trans_b);
    const struct { const char* name; int64_t v; } sizes[] = {{"m", m}, {"n", n}, {"k", k}, {"batch", batch}};
    for (const auto& s : sizes)
        if (s.v < 0) return fail(NN4J_ERR_ARG, "%s: %s = %lld is negative", kFn, s.name, (long long)s.v);
    const size_t elem = dtype_size(dtype);
    if (int st = gemm::check_matrix("a", a, trans_a, m, k, lda, "lda", batch, stride_a, "stride_a", elem)) return st;
    if (int st = gemm::check_matrix("b", b, trans_b, k, n, ldb, "ldb", batch, stride_b, "stride_b", elem)) return st;
    if (int st = gemm::check_matrix("c", c, false, m, n, ldc, "ldc", batch, stride_c, "stride_c", elem)) return st;
    // Batches of C must not overlap: either stacked (stride_c spans a whole matrix) or
    // interleaved within the rows (e.g. the heads of an (m, batch, n) tensor).
    if (batch > 1 && m > 0 && n > 0) {
        const bool stacked = stride_c >= (m - 1) * ldc + n;
        const bool interleaved = stride_c >= n && (batch - 1) * stride_c + n <= ldc;
        if (!stacked && !interleaved)
            return fail(NN4J_ERR_SHAPE,
                        "%s: stride_c = %lld makes the %lld output matrices (%lld x %lld, ldc = %lld) overlap",
                        kFn, (long long)stride_c, (long long)batch, (long long)m, (long long)n, (long long)ldc);
    }
    if (device != 0)
        return NN4J_CUDA_FORWARD("nn4j_gemm", gemm, device - 1, dtype, trans_a, trans_b, m, n, k, alpha,
                                 a, lda, b, ldb, beta, c, ldc, batch, stride_a, stride_b, stride_c);
    try {
        if (dtype == NN4J_F32)
            return gemm::gemm_cpu<float>(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,
                                         batch, stride_a, stride_b, stride_c);
        return gemm::gemm_cpu<double>(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,
                                      batch, stride_a, stride_b, stride_c);
    } catch (const std::bad_alloc&) {
        return fail(NN4J_ERR_OOM, "%s: out of memory", kFn);
    } catch (...) {
        return fail(NN4J_ERR_INTERNAL, "%s: unexpected C++ exception", kFn);
    }
}
