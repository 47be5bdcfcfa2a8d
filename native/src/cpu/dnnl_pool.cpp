// oneDNN path of the pooling family (see dnnl_conv.h): max pooling (with oneDNN's workspace when
// a backward will follow) and average pooling excluding pads, on plain ncw/nchw/ncdhw layouts.
// Min pooling has no oneDNN primitive and always runs nn4j's kernel.
#include "core.h"
#include "dnnl_conv.h"
#include "dnnl_util.h"

#ifdef NN4J_WITH_DNNL
#include <cstdio>
#include <string>

namespace nn4j {
namespace pool {
namespace {

using Md = DnnlMd;

// Plain ncw / nchw / ncdhw descriptor from the right-aligned 3-axis arrays.
dnnl_status_t act_md(Md& m, const Geom& g, const int64_t* sp) {
    int64_t dims[2 + kSp] = {g.n, g.c};
    for (int i = 0; i < g.nsp; ++i) dims[2 + i] = sp[kSp - g.nsp + i];
    return dnnl_md_f32(m, g.nsp + 2, dims, dnnl_plain_tag(g.nsp + 2));
}

struct Params {
    dnnl_dims_t k, s, dil, pl, pr;
};
Params params(const Geom& g) {
    Params p;
    for (int i = 0; i < g.nsp; ++i) {
        const int a = kSp - g.nsp + i;
        p.k[i] = g.k[a];
        p.s[i] = g.s[a];
        p.dil[i] = 0;
        p.pl[i] = g.pb[a];
        p.pr[i] = g.pe[a];
    }
    return p;
}

std::string key(const char* op, const Geom& g, int kind, bool training) {
    char buf[512];
    int len = snprintf(buf, sizeof buf, "pool.%s.%d.%d.%d.%lld.%lld", op, kind, training ? 1 : 0, g.nsp,
                       (long long)g.n, (long long)g.c);
    for (int a = 0; a < kSp && len < (int)sizeof buf; ++a)
        len += snprintf(buf + len, sizeof buf - len, "|%lld.%lld.%lld.%lld.%lld", (long long)g.in[a], (long long)g.k[a],
                        (long long)g.s[a], (long long)g.pb[a], (long long)g.pe[a]);
    return buf;
}

bool supported(const Geom& g, int dtype, int kind) {
    return dtype == NN4J_F32 && kind != kMin && g.planes > 0 && dnnl_available();
}

// FORCE only. AUTO keeps nn4j's kernels: they measured faster than oneDNN's plain-layout pooling
// on every shape tried (native/test/conv_check pbench: LeNet 2x2/2, ResNet 3x3/2 pad 1, 2x2/2 on
// 56x56, global 7x7; forward 1.1x to 5x, backward up to 7x), and oneDNN's max pooling lets a NaN
// in a window lose to the numbers (K17 wants it propagated).
bool wanted(const Geom& g, int dtype, int kind) {
    return dnnl_mode() == NN4J_DNNL_FORCE_ && supported(g, dtype, kind);
}

dnnl_alg_kind_t alg(int kind) { return kind == kMax ? dnnl_pooling_max : dnnl_pooling_avg_exclude_padding; }

int fwd_pd(const Geom& g, int kind, bool training, dnnl_primitive_desc_t* pd) {
    Md src, dst;
    Params p = params(g);
    if (int st = dnnl_check(act_md(src, g, g.in), "pool: src md")) return st;
    if (int st = dnnl_check(act_md(dst, g, g.out), "pool: dst md")) return st;
    int st = dnnl_pd_check(
        dnnl_pooling_forward_primitive_desc_create(pd, dnnl_cpu_engine(),
                                                   training ? dnnl_forward_training : dnnl_forward_inference,
                                                   alg(kind), src.p, dst.p, p.s, p.k, p.dil, p.pl, p.pr, nullptr),
        "dnnl_pooling_forward_primitive_desc_create");
    if (st || !training || kind != kMax) return st;
    // The workspace must fit the caller's buffer (8 bytes per output after the tag word).
    const_dnnl_memory_desc_t ws = dnnl_primitive_desc_query_md(*pd, dnnl_query_workspace_md, 0);
    if (ws && dnnl_memory_desc_get_size(ws) > (size_t)(g.planes * g.osz) * sizeof(int64_t)) {
        dnnl_primitive_desc_destroy(*pd);
        *pd = nullptr;
        dnnl_note_unimplemented();
        return fail(NN4J_ERR_INTERNAL, "nn4j_pool: oneDNN's workspace is larger than ws");
    }
    return NN4J_OK;
}

}  // namespace

bool onednn_forward(const Geom& g, int dtype, int kind, const void* x, void* y, int64_t* ws, int* status) {
    if (!wanted(g, dtype, kind)) return false;
    const bool training = ws != nullptr && kind == kMax;
    std::shared_ptr<DnnlCached> c;
    if (!dnnl_try_primitive(key("fwd", g, kind, training),
                            [&](dnnl_primitive_desc_t* pd) { return fwd_pd(g, kind, training, pd); }, &c, status))
        return false;
    if (!c) return true;
    const DnnlArg args[] = {{DNNL_ARG_SRC, nullptr, x}, {DNNL_ARG_DST, nullptr, y},
                            {DNNL_ARG_WORKSPACE, nullptr, training ? ws + 1 : nullptr}};
    *status = dnnl_execute(*c, training ? 3 : 2, args, "nn4j_pool_forward (oneDNN)");
    if (!*status && training) ws[0] = kWsDnnl;
    dnnl_note_path("nn4j_pool_forward", true);
    return true;
}

bool onednn_backward(const Geom& g, int dtype, int kind, const void* dy, const int64_t* ws, void* dx, bool must,
                   int* status) {
    if (must ? !supported(g, dtype, kind) : !wanted(g, dtype, kind)) return false;
    if (kind == kMax && !ws) return false;
    std::shared_ptr<DnnlCached> c;
    if (!dnnl_try_primitive(key("bwd", g, kind, true), [&](dnnl_primitive_desc_t* pd) {
            dnnl_primitive_desc_t hint = nullptr;
            if (int st = fwd_pd(g, kind, true, &hint)) return st;
            Md dsrc, ddst;
            Params p = params(g);
            int st = dnnl_check(act_md(dsrc, g, g.in), "pool: diff_src md");
            if (!st) st = dnnl_check(act_md(ddst, g, g.out), "pool: diff_dst md");
            if (!st)
                st = dnnl_pd_check(dnnl_pooling_backward_primitive_desc_create(pd, dnnl_cpu_engine(), alg(kind), dsrc.p,
                                                                              ddst.p, p.s, p.k, p.dil, p.pl, p.pr,
                                                                              hint, nullptr),
                                   "dnnl_pooling_backward_primitive_desc_create");
            dnnl_primitive_desc_destroy(hint);
            return st;
        }, &c, status))
        return false;
    if (!c) return true;
    const DnnlArg args[] = {{DNNL_ARG_DIFF_DST, nullptr, dy}, {DNNL_ARG_DIFF_SRC, nullptr, dx},
                            {DNNL_ARG_WORKSPACE, nullptr, kind == kMax ? ws + 1 : nullptr}};
    *status = dnnl_execute(*c, kind == kMax ? 3 : 2, args, "nn4j_pool_backward (oneDNN)");
    dnnl_note_path("nn4j_pool_backward", true);
    return true;
}

}  // namespace pool
}  // namespace nn4j

#else  // !NN4J_WITH_DNNL

namespace nn4j {
namespace pool {
bool onednn_forward(const Geom&, int, int, const void*, void*, int64_t*, int*) { return false; }
bool onednn_backward(const Geom&, int, int, const void*, const int64_t*, void*, bool, int*) { return false; }
}  // namespace pool
}  // namespace nn4j

#endif
