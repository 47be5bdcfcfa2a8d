// oneDNN path of batch normalization (f32): x (n, c, inner) is described to oneDNN as a plain
// nchw tensor (n, c, inner, 1), so any rank with the channel on axis 1 maps without copies.
// oneDNN's training forward writes the batch mean and biased variance, which are exactly what
// nn4j's own kernel saves (batchnorm.cpp), so the backward of either path can follow either
// forward. Running statistics are updated by the caller, not by oneDNN.
#include "core.h"
#include "dnnl_util.h"

#ifdef NN4J_WITH_DNNL
#include <cstdio>
#include <string>
#include <vector>

namespace nn4j {
namespace bn {
namespace {

struct Md {
    dnnl_memory_desc_t p = nullptr;
    Md() = default;
    Md(const Md&) = delete;
    Md& operator=(const Md&) = delete;
    ~Md() {
        if (p) dnnl_memory_desc_destroy(p);
    }
};

dnnl_status_t data_md(Md& m, int64_t n, int64_t c, int64_t inner) {
    dnnl_dims_t dims = {n, c, inner, 1};
    return dnnl_memory_desc_create_with_tag(&m.p, 4, dims, dnnl_f32, dnnl_nchw);
}

// FORCE whenever supported (f32, non-empty); OFF and AUTO never: NnBench measured oneDNN's
// batch norm slower than nn4j's kernel on (32, 64, 28, 28) training forward + backward on the
// 2-core build machine (about 20 ms vs 100-200 ms, under heavy load; revisit on a quiet machine).
bool wanted(int64_t n, int64_t inner) {
    return dnnl_mode() == NN4J_DNNL_FORCE_ && dnnl_available() && n * inner > 0;
}

unsigned flags(bool global_stats) {
    return (global_stats ? (unsigned)dnnl_use_global_stats : 0u) | (unsigned)dnnl_use_scale | (unsigned)dnnl_use_shift;
}

std::string key(const char* op, int64_t n, int64_t c, int64_t inner, double eps, int kind) {
    char buf[160];
    snprintf(buf, sizeof buf, "bn.%s.%d.%lld.%lld.%lld.%.17g", op, kind, (long long)n, (long long)c,
             (long long)inner, eps);
    return buf;
}

int fwd_pd(bool training, int64_t n, int64_t c, int64_t inner, double eps, dnnl_primitive_desc_t* pd) {
    Md src;
    if (int st = dnnl_check(data_md(src, n, c, inner), "batchnorm: src md")) return st;
    return dnnl_check(dnnl_batch_normalization_forward_primitive_desc_create(
                          pd, dnnl_cpu_engine(), training ? dnnl_forward_training : dnnl_forward_inference, src.p,
                          src.p, (float)eps, flags(!training), nullptr),
                      "dnnl_batch_normalization_forward_primitive_desc_create");
}

int execute(const DnnlCached& c, int nargs, const int* ids, void* const* ptrs) {
    dnnl_exec_arg_t args[10];
    dnnl_memory_t mems[10] = {};
    int st = NN4J_OK;
    for (int i = 0; i < nargs && !st; ++i) {
        const_dnnl_memory_desc_t md = dnnl_primitive_desc_query_md(c.pd, dnnl_query_exec_arg_md, ids[i]);
        st = dnnl_check(dnnl_memory_create(&mems[i], md, dnnl_cpu_engine(), ptrs[i]), "dnnl_memory_create");
        args[i].arg = ids[i];
        args[i].memory = mems[i];
    }
    if (!st) {
        dnnl_sync_threads();
        dnnl_stream_t s = dnnl_cpu_stream();
        st = dnnl_check(dnnl_primitive_execute(c.prim, s, nargs, args), "dnnl_primitive_execute");
        if (!st) st = dnnl_check(dnnl_stream_wait(s), "dnnl_stream_wait");
    }
    for (int i = 0; i < nargs; ++i)
        if (mems[i]) dnnl_memory_destroy(mems[i]);
    return st;
}

// gamma/beta may be null (1 / 0): oneDNN always gets scale and shift, from these defaults.
struct ScaleShift {
    std::vector<float> ones, zeros;
    const float* scale(const float* g, int64_t c) {
        if (g) return g;
        ones.assign(c, 1.0f);
        return ones.data();
    }
    const float* shift(const float* b, int64_t c) {
        if (b) return b;
        zeros.assign(c, 0.0f);
        return zeros.data();
    }
};

}  // namespace

bool onednn_forward(bool training, int64_t n, int64_t c, int64_t inner, const float* x, const float* gamma,
                    const float* beta, double eps, float* y, float* mean, float* var, int* status) {
    if (!wanted(n, inner)) return false;
    std::shared_ptr<DnnlCached> e = dnnl_cached(key("fwd", n, c, inner, eps, training), [&](DnnlCached& ce) {
        if (int st = fwd_pd(training, n, c, inner, eps, &ce.pd)) return st;
        return dnnl_check(dnnl_primitive_create(&ce.prim, ce.pd), "dnnl_primitive_create");
    });
    if (!e) {
        *status = NN4J_ERR_INTERNAL;
        return true;
    }
    ScaleShift ss;
    const int ids[] = {DNNL_ARG_SRC, DNNL_ARG_DST, DNNL_ARG_SCALE, DNNL_ARG_SHIFT, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE};
    void* ptrs[] = {const_cast<float*>(x), y, const_cast<float*>(ss.scale(gamma, c)),
                    const_cast<float*>(ss.shift(beta, c)), mean, var};
    *status = execute(*e, 6, ids, ptrs);
    dnnl_note_path("nn4j_batchnorm_forward", true);
    return true;
}

bool onednn_backward(int64_t n, int64_t c, int64_t inner, const float* x, const float* gamma, const float* mean,
                     const float* var, double eps, const float* dy, float* dx, float* dgamma, float* dbeta,
                     int* status) {
    if (!wanted(n, inner)) return false;
    std::shared_ptr<DnnlCached> e = dnnl_cached(key("bwd", n, c, inner, eps, 1), [&](DnnlCached& ce) {
        dnnl_primitive_desc_t hint = nullptr;
        if (int st = fwd_pd(true, n, c, inner, eps, &hint)) return st;
        Md src;
        int st = dnnl_check(data_md(src, n, c, inner), "batchnorm: src md");
        if (!st)
            st = dnnl_check(dnnl_batch_normalization_backward_primitive_desc_create(
                                &ce.pd, dnnl_cpu_engine(), dnnl_backward, src.p, src.p, src.p, (float)eps,
                                flags(false), hint, nullptr),
                            "dnnl_batch_normalization_backward_primitive_desc_create");
        dnnl_primitive_desc_destroy(hint);
        return st ? st : dnnl_check(dnnl_primitive_create(&ce.prim, ce.pd), "dnnl_primitive_create");
    });
    if (!e) {
        *status = NN4J_ERR_INTERNAL;
        return true;
    }
    ScaleShift ss;
    // oneDNN always writes the parameter gradients and diff_src: scratch for the ones not asked
    thread_local std::vector<float> scratch;
    const bool need_dx = dx != nullptr;
    scratch.resize((size_t)(2 * c) + (need_dx ? 0 : (size_t)(n * c * inner)));
    float* dg = dgamma ? dgamma : scratch.data();
    float* db = dbeta ? dbeta : scratch.data() + c;
    float* dxx = need_dx ? dx : scratch.data() + 2 * c;
    const int ids[] = {DNNL_ARG_SRC, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_DIFF_DST, DNNL_ARG_SCALE,
                       DNNL_ARG_DIFF_SRC, DNNL_ARG_DIFF_SCALE, DNNL_ARG_DIFF_SHIFT};
    void* ptrs[] = {const_cast<float*>(x), const_cast<float*>(mean), const_cast<float*>(var),
                    const_cast<float*>(dy), const_cast<float*>(ss.scale(gamma, c)), dxx, dg, db};
    *status = execute(*e, 8, ids, ptrs);
    dnnl_note_path("nn4j_batchnorm_backward", true);
    return true;
}

}  // namespace bn
}  // namespace nn4j

#else  // !NN4J_WITH_DNNL

namespace nn4j {
namespace bn {
bool onednn_forward(bool, int64_t, int64_t, int64_t, const float*, const float*, const float*, double, float*,
                    float*, float*, int*) {
    return false;
}
bool onednn_backward(int64_t, int64_t, int64_t, const float*, const float*, const float*, const float*, double,
                     const float*, float*, float*, float*, int*) {
    return false;
}
}  // namespace bn
}  // namespace nn4j

#endif
