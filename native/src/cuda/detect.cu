// CUDA twin of the detection family (nn4j_detect.h): box conversion, pairwise IoU forward and
// backward, greedy NMS. Per-box and per-pair math comes from detect_math.h and the NMS candidate
// order and messages from detect_host.h, both shared with the CPU kernels, so both keep the same
// boxes and compute the same IoU bits (the CUDA build has --fmad=false). Host-side arguments
// arrive validated by the core; box validity is checked here on the device (first bad box
// reported), scores are checked on the host after the copy NMS needs anyway.
// Invariant: outputs overwrite (=); the IoU gradient sums each element in index order in one
// thread (no atomics), like the CPU kernel. Everything runs on the legacy default stream.
#include <vector>
#include "cuda_common.cuh"
#include "cuda_detect_table.h"
#include "detect_host.h"
#include "detect_math.h"

#pragma GCC visibility push(hidden)

namespace nn4j {
namespace cu {
namespace {

using namespace nn4j::detect;

// A cudaMalloc'd block freed at scope exit; grow() keeps it when it is already big enough.
struct DevBuf {
    void* p = nullptr;
    size_t size = 0;
    ~DevBuf() {
        if (p) cudaFree(p);
    }
    int grow(const char* fn, size_t bytes) {
        if (p && size >= bytes) return NN4J_OK;
        if (p) cudaFree(p);
        p = nullptr;
        size = 0;
        cudaError_t e = cudaMalloc(&p, bytes > 0 ? bytes : 64);
        if (e != cudaSuccess) return fail_cuda(fn, "cudaMalloc", e);
        size = bytes;
        return NN4J_OK;
    }
};

// ---- box validation -----------------------------------------------------------------------
template <class T>
__global__ void k_check_boxes(int format, const T* p, int64_t count, unsigned long long* first) {
    NN4J_CU_GRID_STRIDE(i, count) {
        if (box_problem(format, p + 4 * i) != BOX_OK) atomicMin(first, (unsigned long long)i);
    }
}

// The first invalid box of p (count boxes, n per image), reported like the CPU kernel.
template <class T>
int check_boxes(const char* fn, int ordinal, const char* what, int format, int64_t count, int64_t n, const T* p) {
    if (count == 0) return NN4J_OK;
    unsigned long long bad = 0;
    {
        Scratch s;
        if (int st = scratch(fn, ordinal, &s)) return st;
        unsigned long long* first = (unsigned long long*)s.p;
        NN4J_CU_TRY(fn, cudaMemsetAsync(first, 0xff, sizeof *first, 0));
        k_check_boxes<T><<<grid_for(count), kThreads>>>(format, p, count, first);
        if (int st = check_launch(fn)) return st;
        NN4J_CU_TRY(fn, cudaMemcpy(&bad, first, sizeof bad, cudaMemcpyDeviceToHost));
    }
    if (bad == ~0ULL) return NN4J_OK;
    T q[4];
    NN4J_CU_TRY(fn, cudaMemcpy(q, p + 4 * bad, sizeof q, cudaMemcpyDeviceToHost));
    char msg[512];
    box_message(msg, sizeof msg, fn, what, format, (int64_t)bad / n, (int64_t)bad % n, q);
    return fail(NN4J_ERR_ARG, "%s", msg);
}

// ---- conversion ---------------------------------------------------------------------------
template <class T> __global__ void k_convert(int from, int to, int64_t count, const T* x, T* y) {
    NN4J_CU_GRID_STRIDE(i, count) convert(from, to, x + 4 * i, y + 4 * i);
}
template <class T> __global__ void k_convert_back(int from, int to, int64_t count, const T* dy, T* dx) {
    NN4J_CU_GRID_STRIDE(i, count) convert_backward(from, to, dy + 4 * i, dx + 4 * i);
}

int box_convert_forward(int ordinal, int dtype, int from, int to, int64_t count, const void* x, void* y) {
    NN4J_CU_ENTER("nn4j_box_convert_forward");
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
        k_convert<T><<<grid_for(count), kThreads>>>(from, to, count, (const T*)x, (T*)y));
    return check_launch(fn);
}

int box_convert_backward(int ordinal, int dtype, int from, int to, int64_t count, const void* dy, void* dx) {
    NN4J_CU_ENTER("nn4j_box_convert_backward");
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
        k_convert_back<T><<<grid_for(count), kThreads>>>(from, to, count, (const T*)dy, (T*)dx));
    return check_launch(fn);
}

// ---- IoU ----------------------------------------------------------------------------------
template <class T>
__global__ void k_iou(int format, int64_t n, int64_t m, int64_t total, const T* a, const T* b, T* out) {
    NN4J_CU_GRID_STRIDE(e, total) {
        const int64_t r = e / m, j = e - r * m, img = r / n;
        const Box<T> ca = corners(format, a + 4 * r), cb = corners(format, b + (img * m + j) * 4);
        out[e] = iou(ca, area(ca), cb, area(cb));
    }
}

// One thread per box of a: sums over the m boxes of its image in order.
template <class T>
__global__ void k_iou_da(int format, int64_t n, int64_t m, int64_t rows, const T* a, const T* b, const T* g, T* da) {
    NN4J_CU_GRID_STRIDE(r, rows) {
        double acc[4] = {0, 0, 0, 0}, unused[4];
        const T* bb = b + (r / n) * m * 4;
        for (int64_t j = 0; j < m; ++j) {
            const T gj = g[r * m + j];
            if (gj != T(0)) iou_grad(format, a + 4 * r, bb + 4 * j, (double)gj, acc, unused);
        }
        for (int k = 0; k < 4; ++k) da[4 * r + k] = (T)acc[k];
    }
}

// One thread per box of b: sums over the n boxes of its image in order.
template <class T>
__global__ void k_iou_db(int format, int64_t n, int64_t m, int64_t rows, const T* a, const T* b, const T* g, T* db) {
    NN4J_CU_GRID_STRIDE(r, rows) {
        const int64_t img = r / m, j = r - img * m;
        double acc[4] = {0, 0, 0, 0}, unused[4];
        const T* aa = a + img * n * 4;
        for (int64_t i = 0; i < n; ++i) {
            const T gi = g[(img * n + i) * m + j];
            if (gi != T(0)) iou_grad(format, aa + 4 * i, b + 4 * r, (double)gi, unused, acc);
        }
        for (int k = 0; k < 4; ++k) db[4 * r + k] = (T)acc[k];
    }
}

int box_iou_forward(int ordinal, int dtype, int format, int64_t batch, int64_t n, int64_t m, const void* a,
                    const void* b, void* out) {
    NN4J_CU_ENTER("nn4j_box_iou_forward");
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T, {
        if (int st = check_boxes(fn, ordinal, "a", format, batch * n, n, (const T*)a)) return st;
        if (int st = check_boxes(fn, ordinal, "b", format, batch * m, m, (const T*)b)) return st;
        const int64_t total = batch * n * m;
        if (total == 0) return NN4J_OK;
        k_iou<T><<<grid_for(total), kThreads>>>(format, n, m, total, (const T*)a, (const T*)b, (T*)out);
    });
    return check_launch(fn);
}

int box_iou_backward(int ordinal, int dtype, int format, int64_t batch, int64_t n, int64_t m, const void* a,
                     const void* b, const void* g, void* da, void* db) {
    NN4J_CU_ENTER("nn4j_box_iou_backward");
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T, {
        if (int st = check_boxes(fn, ordinal, "a", format, batch * n, n, (const T*)a)) return st;
        if (int st = check_boxes(fn, ordinal, "b", format, batch * m, m, (const T*)b)) return st;
        if (da) {
            k_iou_da<T><<<grid_for(batch * n), kThreads>>>(format, n, m, batch * n, (const T*)a, (const T*)b,
                                                           (const T*)g, (T*)da);
            if (int st = check_launch(fn)) return st;
        }
        if (db) {
            k_iou_db<T><<<grid_for(batch * m), kThreads>>>(format, n, m, batch * m, (const T*)a, (const T*)b,
                                                           (const T*)g, (T*)db);
            if (int st = check_launch(fn)) return st;
        }
    });
    return NN4J_OK;
}

// ---- NMS ----------------------------------------------------------------------------------
constexpr int kMaskBits = 64;

// Candidate k's corners and area into the SoA x1, y1, x2, y2, area (c each).
template <class T>
__global__ void k_nms_gather(int format, const T* boxes, const int64_t* order, int64_t c, T* soa) {
    NN4J_CU_GRID_STRIDE(k, c) {
        const Box<T> bx = corners(format, boxes + 4 * order[k]);
        soa[k] = bx.x1, soa[c + k] = bx.y1, soa[2 * c + k] = bx.x2, soa[3 * c + k] = bx.y2;
        soa[4 * c + k] = area(bx);
    }
}

// mask[i * words + w], bit t: candidate i suppresses candidate j = 64 w + t (j > i, same class
// segment). Block (w, row block) of 64 threads; the 64 column boxes are staged in shared memory.
template <class T>
__global__ void k_nms_mask(int64_t c, int64_t words, const T* soa, const int32_t* seg, T thr, uint64_t* mask) {
    __shared__ T s[5][kMaskBits];
    __shared__ int32_t sseg[kMaskBits];
    const int64_t col0 = (int64_t)blockIdx.x * kMaskBits, row0 = (int64_t)blockIdx.y * kMaskBits;
    const int tid = threadIdx.x;
    const int ncols = (int)(c - col0 < kMaskBits ? c - col0 : kMaskBits);
    if (tid < ncols) {
        for (int f = 0; f < 5; ++f) s[f][tid] = soa[f * c + col0 + tid];
        sseg[tid] = seg[col0 + tid];
    }
    __syncthreads();
    const int64_t i = row0 + tid;
    if (i >= c) return;
    uint64_t bits = 0;
    if (blockIdx.x >= blockIdx.y) {
        const T ax1 = soa[i], ay1 = soa[c + i], ax2 = soa[2 * c + i], ay2 = soa[3 * c + i], aa = soa[4 * c + i];
        const int32_t si = seg[i];
        for (int k = blockIdx.x == blockIdx.y ? tid + 1 : 0; k < ncols; ++k)
            if (sseg[k] == si && suppresses(ax1, ay1, ax2, ay2, aa, s[0][k], s[1][k], s[2][k], s[3][k], s[4][k], thr))
                bits |= 1ULL << k;
    }
    mask[i * words + blockIdx.x] = bits;
}

template <class T>
int nms_impl(const char* fn, int ordinal, int format, int64_t batch, int64_t n, const T* boxes, const T* scores,
             int class_dtype, const void* classes, double score_threshold, double iou_threshold, int64_t max_outputs,
             int64_t* keep, int64_t* counts) {
    const int64_t width = max_outputs < n ? max_outputs : n;
    if (n == 0) {
        NN4J_CU_TRY(fn, cudaMemsetAsync(counts, 0, (size_t)batch * sizeof(int64_t), 0));
        return NN4J_OK;
    }
    if (int st = check_boxes(fn, ordinal, "boxes", format, batch * n, n, boxes)) return st;
    std::vector<T> h_scores((size_t)(batch * n));
    NN4J_CU_TRY(fn, cudaMemcpy(h_scores.data(), scores, h_scores.size() * sizeof(T), cudaMemcpyDeviceToHost));
    for (int64_t i = 0; i < batch * n; ++i)
        if (h_scores[i] != h_scores[i]) {
            char msg[256];
            nan_score_message(msg, sizeof msg, fn, i / n, i % n);
            return fail(NN4J_ERR_ARG, "%s", msg);
        }
    const size_t cls_size = class_dtype == NN4J_I32 ? 4 : 8;
    std::vector<char> h_classes(classes ? (size_t)(batch * n) * cls_size : 0);
    if (classes)
        NN4J_CU_TRY(fn, cudaMemcpy(h_classes.data(), classes, h_classes.size(), cudaMemcpyDeviceToHost));

    std::vector<int64_t> h_keep((size_t)(batch * width)), h_counts((size_t)batch), order, seg, kept;
    std::vector<int32_t> h_seg;
    std::vector<uint64_t> h_mask, removed;
    DevBuf d_order, d_seg, d_soa, d_mask;
    const T thr = (T)iou_threshold;
    for (int64_t b = 0; b < batch; ++b) {
        const T* sc = h_scores.data() + b * n;
        const void* cls = classes ? h_classes.data() + (size_t)(b * n) * cls_size : nullptr;
        kept.clear();
        order_candidates(n, sc, class_dtype, cls, score_threshold, order, seg);
        const int64_t c = (int64_t)order.size();
        if (c > 0 && max_outputs > 0) {
            const int64_t words = (c + kMaskBits - 1) / kMaskBits;
            if (words > 65535)
                return fail(NN4J_ERR_ARG, "%s: image %lld has %lld candidates; the CUDA kernel handles at most %lld "
                            "(raise score_threshold or run on the CPU)", fn, (long long)b, (long long)c,
                            65535LL * kMaskBits);
            h_seg.resize((size_t)c);
            for (size_t s = 0; s + 1 < seg.size(); ++s)
                for (int64_t k = seg[s]; k < seg[s + 1]; ++k) h_seg[k] = (int32_t)s;
            if (int st = d_order.grow(fn, (size_t)c * sizeof(int64_t))) return st;
            if (int st = d_seg.grow(fn, (size_t)c * sizeof(int32_t))) return st;
            if (int st = d_soa.grow(fn, (size_t)c * 5 * sizeof(T))) return st;
            if (int st = d_mask.grow(fn, (size_t)(c * words) * sizeof(uint64_t))) return st;
            NN4J_CU_TRY(fn, cudaMemcpy(d_order.p, order.data(), (size_t)c * sizeof(int64_t), cudaMemcpyHostToDevice));
            NN4J_CU_TRY(fn, cudaMemcpy(d_seg.p, h_seg.data(), (size_t)c * sizeof(int32_t), cudaMemcpyHostToDevice));
            k_nms_gather<T><<<grid_for(c), kThreads>>>(format, boxes + b * n * 4, (const int64_t*)d_order.p, c,
                                                       (T*)d_soa.p);
            if (int st = check_launch(fn)) return st;
            k_nms_mask<T><<<dim3((unsigned)words, (unsigned)words), kMaskBits>>>(
                c, words, (const T*)d_soa.p, (const int32_t*)d_seg.p, thr, (uint64_t*)d_mask.p);
            if (int st = check_launch(fn)) return st;
            h_mask.resize((size_t)(c * words));
            NN4J_CU_TRY(fn, cudaMemcpy(h_mask.data(), d_mask.p, h_mask.size() * sizeof(uint64_t),
                                       cudaMemcpyDeviceToHost));
            // the greedy scan: the same visit order and early stop as the CPU kernel
            removed.assign((size_t)words, 0);
            for (size_t s = 0; s + 1 < seg.size(); ++s) {
                int64_t kept_here = 0;
                for (int64_t i = seg[s]; i < seg[s + 1]; ++i) {
                    if ((removed[i / kMaskBits] >> (i % kMaskBits)) & 1) continue;
                    kept.push_back(order[i]);
                    if (++kept_here == max_outputs) break;
                    const uint64_t* row = h_mask.data() + i * words;
                    for (int64_t w = i / kMaskBits; w < words; ++w) removed[w] |= row[w];
                }
            }
        }
        h_counts[b] = finish_keep(kept, sc, max_outputs, width, h_keep.data() + b * width);
    }
    if (width > 0)
        NN4J_CU_TRY(fn, cudaMemcpy(keep, h_keep.data(), h_keep.size() * sizeof(int64_t), cudaMemcpyHostToDevice));
    NN4J_CU_TRY(fn, cudaMemcpy(counts, h_counts.data(), h_counts.size() * sizeof(int64_t), cudaMemcpyHostToDevice));
    return NN4J_OK;
}

int nms(int ordinal, int dtype, int format, int64_t batch, int64_t n, const void* boxes, const void* scores,
        int class_dtype, const void* classes, double score_threshold, double iou_threshold, int64_t max_outputs,
        int64_t* keep, int64_t* counts) {
    NN4J_CU_ENTER("nn4j_nms");
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
        return nms_impl<T>(fn, ordinal, format, batch, n, (const T*)boxes, (const T*)scores, class_dtype, classes,
                           score_threshold, iou_threshold, max_outputs, keep, counts));
    return NN4J_OK;
}

const DetectCudaTable kTable = {
    NN4J_CUDA_DETECT_TABLE_VERSION,
    box_convert_forward,
    box_convert_backward,
    box_iou_forward,
    box_iou_backward,
    nms,
};

}  // namespace
}  // namespace cu
}  // namespace nn4j

#pragma GCC visibility pop

extern "C" __attribute__((visibility("default"))) const nn4j::DetectCudaTable* nn4j_cuda_detect_table(void) {
    return &nn4j::cu::kTable;
}
