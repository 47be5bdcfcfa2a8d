// oneDNN path of the convolution family (see dnnl_conv.h): forward, backward data and backward
// weights (+ bias) with oneDNN's convolution primitives. nn4j's tensors are plain (ncw / nchw /
// ncdhw activations, [g]oi[d][h]w weights). A primitive is made either on those plain layouts, or
// with "any" layouts so that oneDNN picks its blocked formats (nChw8c on AVX2), in which case each
// call reorders the operands in and the result out through per-thread scratch buffers; the
// reorders are part of the measured cost (bench/RESULTS.md). Primitives and reorders are cached by
// shape (dnnl_cached). The transposed convolution reuses these through conv.cpp (its forward is
// backward data, its backward data is forward).
#include "dnnl_conv.h"
#include "core.h"
#include "dnnl_util.h"

#ifdef NN4J_WITH_DNNL
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace nn4j {
namespace conv {
namespace {

using Md = DnnlMd;

// Activation (n, c, spatial...) descriptor from the right-aligned 3-axis arrays.
dnnl_status_t act_md(Md& m, const Geom& g, int64_t c, const int64_t* sp, bool any) {
    int64_t dims[2 + kSp] = {g.n, c};
    for (int i = 0; i < g.nsp; ++i) dims[2 + i] = sp[kSp - g.nsp + i];
    return dnnl_md_f32(m, g.nsp + 2, dims, any ? dnnl_format_tag_any : dnnl_plain_tag(g.nsp + 2));
}

// [g]oi[d][h]w, plain or any.
dnnl_status_t weights_md(Md& m, const Geom& g, bool any) {
    int64_t dims[3 + kSp];
    int nd = 0;
    if (g.groups > 1) dims[nd++] = g.groups;
    dims[nd++] = g.cout_g;
    dims[nd++] = g.cin_g;
    for (int i = 0; i < g.nsp; ++i) dims[nd++] = g.k[kSp - g.nsp + i];
    return dnnl_md_f32(m, nd, dims, any ? dnnl_format_tag_any : dnnl_plain_tag(nd));
}

dnnl_status_t bias_md(Md& m, const Geom& g) { return dnnl_md_f32(m, {g.cout}, dnnl_a); }

// The descriptors of the operands in nn4j's plain layouts; the bias one only when asked for.
struct PlainMds {
    Md x, w, y, b;
    int init(const Geom& g, bool bias) {
        int st = dnnl_check(act_md(x, g, g.cin, g.in, false), "conv: md");
        if (!st) st = dnnl_check(weights_md(w, g, false), "conv: md");
        if (!st) st = dnnl_check(act_md(y, g, g.cout, g.out, false), "conv: md");
        if (!st && bias) st = dnnl_check(bias_md(b, g), "conv: md");
        return st;
    }
};

struct Params {
    dnnl_dims_t s, d, pl, pr;
};
Params params(const Geom& g) {
    Params p;
    for (int i = 0; i < g.nsp; ++i) {
        const int a = kSp - g.nsp + i;
        p.s[i] = g.s[a];
        p.d[i] = g.d[a] - 1;  // oneDNN counts dilation from 0
        p.pl[i] = g.pb[a];
        p.pr[i] = g.pe[a];
    }
    return p;
}

std::string key(const char* op, const Geom& g, bool bias, bool any) {
    char buf[512];
    int len = snprintf(buf, sizeof buf, "conv.%s.%d.%lld.%lld.%lld.%lld.%d.%d", op, g.nsp, (long long)g.n,
                       (long long)g.cin, (long long)g.cout, (long long)g.groups, bias ? 1 : 0, any ? 1 : 0);
    for (int a = 0; a < kSp && len < (int)sizeof buf; ++a)
        len += snprintf(buf + len, sizeof buf - len, "|%lld.%lld.%lld.%lld.%lld.%lld", (long long)g.in[a],
                        (long long)g.k[a], (long long)g.s[a], (long long)g.d[a], (long long)g.pb[a], (long long)g.pe[a]);
    return buf;
}

// ---- policy ----------------------------------------------------------------------------------

enum Op { kFwd = 0, kBwdData = 1, kBwdWeights = 2 };

// Layout used with oneDNN: "any" (blocked, with reorders) unless NN4J_CONV_DNNL_LAYOUT=plain
// (kept for measuring the alternative).
bool any_layout() {
    static const bool any = [] {
        const char* e = std::getenv("NN4J_CONV_DNNL_LAYOUT");
        return !(e && !strcmp(e, "plain"));
    }();
    return any;
}

// Which cases oneDNN takes. OFF and unsupported cases never; FORCE every supported case; AUTO the
// cases where oneDNN measured faster than the own kernel. Per entry point, ms, 1 thread: oneDNN
// through this wrapper (reorders included) vs nn4j's own kernel after its im2col / col2im rework
// (native/test/conv_check bench, process CPU time, medians of interleaved runs, 2026-11-22, see
// bench/RESULTS.md "Conv C3 after the im2col / col2im rework"):
//                        forward          backward data     backward weights
//   LeNet C1 (1->6)      0.83 vs 0.91     3.21 vs 0.79      2.85 vs 1.83
//   LeNet C3 (6->16)     0.78 vs 0.85     1.05 vs 0.95      0.95 vs 1.01
//   ResNet 3x3 (64->64)  115 vs 144       114 vs 145        161 vs 149
// hence:
//  - forward: oneDNN's direct convolution on blocked layouts (ahead everywhere);
//  - backward data: oneDNN only for large output planes (>= 1024 positions, ResNet's 56x56) with
//    C_in/groups >= 4; on LeNet's 10x10 and 28x28 planes nn4j's col2im + gemm is ahead;
//  - backward weights: oneDNN only for small output planes (< 1024 positions, e.g. LeNet C3) with
//    C_in/groups >= 4; on large planes (ResNet 56x56) nn4j's gemm-based kernel is ahead;
//  - with more than one thread, small convolutions (< kThreadedMinMacs multiply-adds) stay on
//    nn4j's kernels: oneDNN runs on OpenMP, whose workers keep spinning for milliseconds after
//    each call and take a core from nn4j's pool when the next op is nn4j's (measured: LeNet C1's
//    own backward-data 1.2 ms alone, 3.1 ms right after oneDNN's forward, 2 threads), and a
//    LeNet-sized oneDNN call is too short to win that back: even without that interference
//    (OMP_WAIT_POLICY=passive, wall time, 2 threads) LeNet C3 took 0.59 / 0.85 / 0.88 ms through
//    oneDNN and 0.64 / 0.74 / 0.72 ms own, LeNet C1 1.07 / 3.36 / 3.21 and 1.00 / 0.76 / 1.72.
constexpr double kThreadedMinMacs = 1e8;

bool wanted(const Geom& g, int dtype, Op op) {
    const int mode = dnnl_mode();
    if (mode == NN4J_DNNL_OFF_ || dtype != NN4J_F32 || !dnnl_available()) return false;
    if (g.n == 0 || g.cin_g == 0 || g.cout_g == 0) return false;
    if (mode == NN4J_DNNL_FORCE_) return true;
    const double macs = (double)g.n * (double)g.cout * (double)g.osz * (double)g.kdim;
    if (num_threads() > 1 && macs < kThreadedMinMacs) return false;
    switch (op) {
        case kFwd: return true;
        case kBwdData: return g.cin_g >= 4 && g.osz >= 1024;
        default: return g.cin_g >= 4 && g.osz < 1024;
    }
}

// ---- primitive creation ----------------------------------------------------------------------

// A primitive descriptor that oneDNN cannot make (dnnl_unimplemented, see dnnl_pd_check) sends
// the call back to the own kernel instead of failing it.
int fwd_pd(const Geom& g, bool bias, bool any, dnnl_primitive_desc_t* pd) {
    Md src, wei, b, dst;
    Params p = params(g);
    if (int st = dnnl_check(act_md(src, g, g.cin, g.in, any), "conv: src md")) return st;
    if (int st = dnnl_check(weights_md(wei, g, any), "conv: weights md")) return st;
    if (int st = dnnl_check(act_md(dst, g, g.cout, g.out, any), "conv: dst md")) return st;
    if (bias)
        if (int st = dnnl_check(bias_md(b, g), "conv: bias md")) return st;
    return dnnl_pd_check(dnnl_convolution_forward_primitive_desc_create(pd, dnnl_cpu_engine(), dnnl_forward_training,
                                                                 dnnl_convolution_direct, src.p, wei.p, b.p, dst.p,
                                                                 p.s, p.d, p.pl, p.pr, nullptr),
                    "dnnl_convolution_forward_primitive_desc_create");
}

int bwd_data_pd(const Geom& g, bool any, dnnl_primitive_desc_t* pd) {
    dnnl_primitive_desc_t hint = nullptr;
    if (int st = fwd_pd(g, false, any, &hint)) return st;
    Md dsrc, wei, ddst;
    Params p = params(g);
    int st = dnnl_check(act_md(dsrc, g, g.cin, g.in, any), "conv: diff_src md");
    if (!st) st = dnnl_check(weights_md(wei, g, any), "conv: weights md");
    if (!st) st = dnnl_check(act_md(ddst, g, g.cout, g.out, any), "conv: diff_dst md");
    if (!st)
        st = dnnl_pd_check(dnnl_convolution_backward_data_primitive_desc_create(pd, dnnl_cpu_engine(), dnnl_convolution_direct,
                                                                         dsrc.p, wei.p, ddst.p, p.s, p.d, p.pl, p.pr,
                                                                         hint, nullptr),
                      "dnnl_convolution_backward_data_primitive_desc_create");
    dnnl_primitive_desc_destroy(hint);
    return st;
}

int bwd_weights_pd(const Geom& g, bool bias, bool any, dnnl_primitive_desc_t* pd) {
    dnnl_primitive_desc_t hint = nullptr;
    if (int st = fwd_pd(g, bias, any, &hint)) return st;
    Md src, dwei, dbias, ddst;
    Params p = params(g);
    int st = dnnl_check(act_md(src, g, g.cin, g.in, any), "conv: src md");
    if (!st) st = dnnl_check(weights_md(dwei, g, any), "conv: diff_weights md");
    if (!st) st = dnnl_check(act_md(ddst, g, g.cout, g.out, any), "conv: diff_dst md");
    if (!st && bias) st = dnnl_check(bias_md(dbias, g), "conv: bias md");
    if (!st)
        st = dnnl_pd_check(dnnl_convolution_backward_weights_primitive_desc_create(
                          pd, dnnl_cpu_engine(), dnnl_convolution_direct, src.p, dwei.p, dbias.p, ddst.p, p.s, p.d,
                          p.pl, p.pr, hint, nullptr),
                      "dnnl_convolution_backward_weights_primitive_desc_create");
    dnnl_primitive_desc_destroy(hint);
    return st;
}

// ---- execution with reorders -------------------------------------------------------------------

thread_local DnnlScratch t_scratch[4];  // per argument slot

struct Arg {
    int id;          // DNNL_ARG_*
    void* user;      // nn4j's plain buffer
    bool output;     // written by the primitive
    const Md* plain;  // nn4j's layout of the argument
};

// Executes the cached primitive on nn4j's buffers: operands whose layout oneDNN chose differently
// are reordered into scratch before (inputs) or out of it after (outputs).
int execute(const std::string& k, const DnnlCached& c, int nargs, const Arg* argv) {
    DnnlArg args[4];
    for (int i = 0; i < nargs; ++i) {
        const Arg& a = argv[i];
        const_dnnl_memory_desc_t md = dnnl_primitive_desc_query_md(c.pd, dnnl_query_exec_arg_md, a.id);
        args[i] = {a.id, md, a.user};
        if (a.plain && !dnnl_memory_desc_equal(md, a.plain->p)) {
            void* moved = t_scratch[i].get(dnnl_memory_desc_get_size(md));
            if (!moved) return fail(NN4J_ERR_OOM, "nn4j_conv: out of memory for oneDNN's layout");
            args[i].p = moved;
            if (!a.output)
                if (int st = dnnl_reorder(k + "|in" + std::to_string(a.id), a.plain->p, a.user, md, moved)) return st;
        }
    }
    if (int st = dnnl_execute(c, nargs, args, "nn4j_conv (oneDNN)")) return st;
    for (int i = 0; i < nargs; ++i)
        if (args[i].p != argv[i].user && argv[i].output)
            if (int st = dnnl_reorder(k + "|out" + std::to_string(argv[i].id), args[i].md, args[i].p,
                                      argv[i].plain->p, argv[i].user))
                return st;
    return NN4J_OK;
}

}  // namespace

bool onednn_forward(const Geom& g, int dtype, const void* x, const void* w, const void* b, void* y, int* status) {
    if (!wanted(g, dtype, kFwd)) return false;
    const bool any = any_layout(), bias = b != nullptr;
    const std::string k = key("fwd", g, bias, any);
    std::shared_ptr<DnnlCached> c;
    if (!dnnl_try_primitive(k, [&](dnnl_primitive_desc_t* pd) { return fwd_pd(g, bias, any, pd); }, &c, status))
        return false;
    if (!c) return true;
    PlainMds m;
    *status = m.init(g, bias);
    const Arg args[] = {{DNNL_ARG_SRC, const_cast<void*>(x), false, &m.x},
                        {DNNL_ARG_WEIGHTS, const_cast<void*>(w), false, &m.w},
                        {DNNL_ARG_DST, y, true, &m.y},
                        {DNNL_ARG_BIAS, const_cast<void*>(b), false, &m.b}};
    if (!*status) *status = execute(k, *c, bias ? 4 : 3, args);
    dnnl_note_path("nn4j_conv_forward", true);
    return true;
}

bool onednn_backward_data(const Geom& g, int dtype, const void* dy, const void* w, void* dx, int* status) {
    if (!wanted(g, dtype, kBwdData)) return false;
    const bool any = any_layout();
    const std::string k = key("bwd_data", g, false, any);
    std::shared_ptr<DnnlCached> c;
    if (!dnnl_try_primitive(k, [&](dnnl_primitive_desc_t* pd) { return bwd_data_pd(g, any, pd); }, &c, status))
        return false;
    if (!c) return true;
    PlainMds m;
    *status = m.init(g, false);
    const Arg args[] = {{DNNL_ARG_DIFF_DST, const_cast<void*>(dy), false, &m.y},
                        {DNNL_ARG_WEIGHTS, const_cast<void*>(w), false, &m.w},
                        {DNNL_ARG_DIFF_SRC, dx, true, &m.x}};
    if (!*status) *status = execute(k, *c, 3, args);
    dnnl_note_path("nn4j_conv_backward_data", true);
    return true;
}

bool onednn_backward_weights(const Geom& g, int dtype, const void* x, const void* dy, void* dw, void* db,
                             int* status) {
    if (!dw || !wanted(g, dtype, kBwdWeights)) return false;
    const bool any = any_layout(), bias = db != nullptr;
    const std::string k = key("bwd_weights", g, bias, any);
    std::shared_ptr<DnnlCached> c;
    if (!dnnl_try_primitive(k, [&](dnnl_primitive_desc_t* pd) { return bwd_weights_pd(g, bias, any, pd); }, &c,
                            status))
        return false;
    if (!c) return true;
    PlainMds m;
    *status = m.init(g, bias);
    const Arg args[] = {{DNNL_ARG_SRC, const_cast<void*>(x), false, &m.x},
                        {DNNL_ARG_DIFF_DST, const_cast<void*>(dy), false, &m.y},
                        {DNNL_ARG_DIFF_WEIGHTS, dw, true, &m.w},
                        {DNNL_ARG_DIFF_BIAS, db, true, &m.b}};
    if (!*status) *status = execute(k, *c, bias ? 4 : 3, args);
    dnnl_note_path("nn4j_conv_backward_weights", true);
    return true;
}

}  // namespace conv
}  // namespace nn4j

#else  // !NN4J_WITH_DNNL

namespace nn4j {
namespace conv {
bool onednn_forward(const Geom&, int, const void*, const void*, const void*, void*, int*) { return false; }
bool onednn_backward_data(const Geom&, int, const void*, const void*, void*, int*) { return false; }
bool onednn_backward_weights(const Geom&, int, const void*, const void*, void*, void*, int*) { return false; }
}  // namespace conv
}  // namespace nn4j

#endif
