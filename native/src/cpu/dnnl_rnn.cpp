// oneDNN path of nn4j_rnn_forward / nn4j_rnn_backward (f32): the lstm, gru, lbr_gru and
// vanilla_rnn (tanh) primitives, one layer, left to right.
//
// Layouts: nn4j's x (N, T, F) and y (N, T, H) are oneDNN's src/dst_layer in format ntc; h0, c0,
// h_n, c_n (N, H) are src/dst_iter(_c) ldnc with L = D = 1; W (F, G*H) and U (H, G*H) are
// weights_layer / weights_iter ldigo; b is bias ldgo. oneDNN's gate orders equal nn4j's (LSTM
// [i, f, c~, o]; GRU [u, r, o] = [z, r, h~]; lbr_gru's 4th bias u' = b'_h) and its GRU update is
// h_t = u h_{t-1} + (1 - u) c~, K13's convention, so no gate is permuted and no sign flipped.
// The primitives choose their own weight formats (format_tag any); when that is not ldigo, the
// weights are reordered into scratch (and diff weights back into the caller's ldigo buffers).
//
// Workspace payload (training): oneDNN's workspace, then dst_iter (and dst_iter_c for LSTM),
// which the backward primitive takes as inputs even when the caller did not ask for h_n / c_n.
// Backward uses dnnl_rnn_flags_diff_weights_overwrite, so parameter gradients are overwritten
// (nn4j's invariant) rather than accumulated (oneDNN's default).
#include <cstdlib>
#include <cstring>
#include <string>
#include "core.h"
#include "dnnl_util.h"
#include "rnn.h"

namespace nn4j {
namespace rnn {

#ifndef NN4J_WITH_DNNL

bool onednn_wanted(int, int, int64_t, int64_t, int64_t, int64_t, bool) { return false; }
bool onednn_workspace_bytes(int, int64_t, int64_t, int64_t, int64_t, int64_t*) { return false; }
int onednn_forward(int, int64_t, int64_t, int64_t, int64_t, const float*, const float*, const float*, const float*,
                 const float*, const float*, float*, float*, float*, void*, int64_t) {
    return fail(NN4J_ERR_INTERNAL, "nn4j_rnn_forward: built without oneDNN");
}
int onednn_backward(int, int64_t, int64_t, int64_t, int64_t, const float*, const float*, const float*, const float*,
                  const float*, const float*, const float*, const void*, int64_t, const float*, const float*,
                  const float*, float*, float*, float*, float*, float*, float*) {
    return fail(NN4J_ERR_INTERNAL, "nn4j_rnn_backward: the workspace came from oneDNN, but this build has none");
}

#else

namespace {

using Md = DnnlMd;

int64_t align64(int64_t b) { return (b + 63) / 64 * 64; }

int gates_of(int cell) { return cell == NN4J_RNN_TANH ? 1 : cell == NN4J_RNN_LSTM ? 4 : 3; }
int bias_gates(int cell) { return cell == NN4J_RNN_GRU_RESET_AFTER ? 4 : gates_of(cell); }

// Memory descriptors of one problem. Weights are `any` for the primitive, ldigo for the user.
struct Descs {
    Md src_layer, src_iter, src_iter_c, wl_any, wi_any, wl_user, wi_user, bias, dst_layer, dst_iter, dst_iter_c;
};

dnnl_status_t make_descs(int cell, int64_t n, int64_t t, int64_t f, int64_t h, Descs* d) {
    const int64_t G = gates_of(cell);
    dnnl_status_t st;
    if ((st = dnnl_md_f32(d->src_layer, {t, n, f}, dnnl_ntc))) return st;
    if ((st = dnnl_md_f32(d->src_iter, {1, 1, n, h}, dnnl_ldnc))) return st;
    if ((st = dnnl_md_f32(d->wl_any, {1, 1, f, G, h}, dnnl_format_tag_any))) return st;
    if ((st = dnnl_md_f32(d->wi_any, {1, 1, h, G, h}, dnnl_format_tag_any))) return st;
    if ((st = dnnl_md_f32(d->wl_user, {1, 1, f, G, h}, dnnl_ldigo))) return st;
    if ((st = dnnl_md_f32(d->wi_user, {1, 1, h, G, h}, dnnl_ldigo))) return st;
    if ((st = dnnl_md_f32(d->bias, {1, 1, bias_gates(cell), h}, dnnl_ldgo))) return st;
    if ((st = dnnl_md_f32(d->dst_layer, {t, n, h}, dnnl_ntc))) return st;
    if ((st = dnnl_md_f32(d->dst_iter, {1, 1, n, h}, dnnl_ldnc))) return st;
    if (cell == NN4J_RNN_LSTM) {
        if ((st = dnnl_md_f32(d->src_iter_c, {1, 1, n, h}, dnnl_ldnc))) return st;
        if ((st = dnnl_md_f32(d->dst_iter_c, {1, 1, n, h}, dnnl_ldnc))) return st;
    }
    return dnnl_success;
}

constexpr dnnl_rnn_direction_t kDir = dnnl_unidirectional_left2right;

// Primitives take their scratchpad from the caller (DnnlAttr), so a cached primitive can run on
// several threads at once.
dnnl_status_t create_fwd(dnnl_primitive_desc_t* pd, int cell, dnnl_prop_kind_t prop, const Descs& d) {
    const dnnl_engine_t eng = dnnl_cpu_engine();
    DnnlAttr attr;
    if (!attr.a) return dnnl_out_of_memory;
    switch (cell) {
        case NN4J_RNN_TANH:
            return dnnl_vanilla_rnn_forward_primitive_desc_create(pd, eng, prop, dnnl_eltwise_tanh, kDir,
                    d.src_layer.p, d.src_iter.p, d.wl_any.p, d.wi_any.p, d.bias.p, d.dst_layer.p,
                    d.dst_iter.p, dnnl_rnn_flags_undef, 0.f, 0.f, attr.a);
        case NN4J_RNN_LSTM:
            return dnnl_lstm_forward_primitive_desc_create(pd, eng, prop, kDir, d.src_layer.p, d.src_iter.p,
                    d.src_iter_c.p, d.wl_any.p, d.wi_any.p, nullptr, nullptr, d.bias.p, d.dst_layer.p,
                    d.dst_iter.p, d.dst_iter_c.p, dnnl_rnn_flags_undef, attr.a);
        case NN4J_RNN_GRU:
            return dnnl_gru_forward_primitive_desc_create(pd, eng, prop, kDir, d.src_layer.p, d.src_iter.p,
                    d.wl_any.p, d.wi_any.p, d.bias.p, d.dst_layer.p, d.dst_iter.p, dnnl_rnn_flags_undef,
                    attr.a);
        default:
            return dnnl_lbr_gru_forward_primitive_desc_create(pd, eng, prop, kDir, d.src_layer.p, d.src_iter.p,
                    d.wl_any.p, d.wi_any.p, d.bias.p, d.dst_layer.p, d.dst_iter.p, dnnl_rnn_flags_undef,
                    attr.a);
    }
}

// The diff descriptors have the shapes (and, for data, the layouts) of their forward twins.
dnnl_status_t create_bwd(dnnl_primitive_desc_t* pd, int cell, const Descs& d, const_dnnl_primitive_desc_t hint) {
    const dnnl_engine_t eng = dnnl_cpu_engine();
    DnnlAttr attr;
    if (!attr.a) return dnnl_out_of_memory;
    const unsigned fl = dnnl_rnn_flags_diff_weights_overwrite;
    switch (cell) {
        case NN4J_RNN_TANH:
            return dnnl_vanilla_rnn_backward_primitive_desc_create(pd, eng, ::dnnl_backward, dnnl_eltwise_tanh, kDir,
                    d.src_layer.p, d.src_iter.p, d.wl_any.p, d.wi_any.p, d.bias.p, d.dst_layer.p,
                    d.dst_iter.p, d.src_layer.p, d.src_iter.p, d.wl_any.p, d.wi_any.p, d.bias.p,
                    d.dst_layer.p, d.dst_iter.p, fl, 0.f, 0.f, hint, attr.a);
        case NN4J_RNN_LSTM:
            return dnnl_lstm_backward_primitive_desc_create(pd, eng, ::dnnl_backward, kDir, d.src_layer.p,
                    d.src_iter.p, d.src_iter_c.p, d.wl_any.p, d.wi_any.p, nullptr, nullptr, d.bias.p,
                    d.dst_layer.p, d.dst_iter.p, d.dst_iter_c.p, d.src_layer.p, d.src_iter.p,
                    d.src_iter_c.p, d.wl_any.p, d.wi_any.p, nullptr, nullptr, d.bias.p, d.dst_layer.p,
                    d.dst_iter.p, d.dst_iter_c.p, fl, hint, attr.a);
        case NN4J_RNN_GRU:
            return dnnl_gru_backward_primitive_desc_create(pd, eng, ::dnnl_backward, kDir, d.src_layer.p,
                    d.src_iter.p, d.wl_any.p, d.wi_any.p, d.bias.p, d.dst_layer.p, d.dst_iter.p,
                    d.src_layer.p, d.src_iter.p, d.wl_any.p, d.wi_any.p, d.bias.p, d.dst_layer.p,
                    d.dst_iter.p, fl, hint, attr.a);
        default:
            return dnnl_lbr_gru_backward_primitive_desc_create(pd, eng, ::dnnl_backward, kDir, d.src_layer.p,
                    d.src_iter.p, d.wl_any.p, d.wi_any.p, d.bias.p, d.dst_layer.p, d.dst_iter.p,
                    d.src_layer.p, d.src_iter.p, d.wl_any.p, d.wi_any.p, d.bias.p, d.dst_layer.p,
                    d.dst_iter.p, fl, hint, attr.a);
    }
}

std::string key(const char* what, int cell, int64_t n, int64_t t, int64_t f, int64_t h) {
    return std::string("rnn/") + what + "/" + std::to_string(cell) + "/" + std::to_string(n) + "x" +
           std::to_string(t) + "x" + std::to_string(f) + "x" + std::to_string(h);
}

std::shared_ptr<DnnlCached> fwd_prim(int cell, bool training, int64_t n, int64_t t, int64_t f, int64_t h) {
    return dnnl_cached_primitive(key(training ? "fwd_train" : "fwd_infer", cell, n, t, f, h), [&](dnnl_primitive_desc_t* pd) {
        Descs d;
        if (int st = dnnl_check(make_descs(cell, n, t, f, h, &d), "rnn memory descriptors")) return st;
        return dnnl_check(create_fwd(pd, cell, training ? dnnl_forward_training : dnnl_forward_inference, d),
                          "rnn forward primitive descriptor");
    });
}

std::shared_ptr<DnnlCached> bwd_prim(int cell, int64_t n, int64_t t, int64_t f, int64_t h) {
    auto fwd = fwd_prim(cell, true, n, t, f, h);
    if (!fwd) return nullptr;
    return dnnl_cached_primitive(key("bwd", cell, n, t, f, h), [&](dnnl_primitive_desc_t* pd) {
        Descs d;
        if (int st = dnnl_check(make_descs(cell, n, t, f, h, &d), "rnn memory descriptors")) return st;
        return dnnl_check(create_bwd(pd, cell, d, fwd->pd), "rnn backward primitive descriptor");
    });
}

const_dnnl_memory_desc_t arg_md(const DnnlCached& c, int arg) {
    return dnnl_primitive_desc_query_md(c.pd, dnnl_query_exec_arg_md, arg);
}

// Weights as the primitive wants them: the user's pointer when the formats agree, else a
// reordered copy at `scratch`.
int weights_for(const std::string& k, const_dnnl_memory_desc_t user_md, const float* user,
                const_dnnl_memory_desc_t prim_md, char* scratch, const void** out) {
    if (dnnl_memory_desc_equal(user_md, prim_md)) {
        *out = user;
        return NN4J_OK;
    }
    *out = scratch;
    return dnnl_reorder(k, user_md, user, prim_md, scratch);
}

}  // namespace

bool onednn_wanted(int cell, int dtype, int64_t n, int64_t t, int64_t f, int64_t h, bool training) {
    if (dtype != NN4J_F32 || n == 0 || t == 0 || f == 0 || h == 0) return false;
    const int mode = dnnl_mode();
    if (mode == NN4J_DNNL_OFF_ || !dnnl_available()) return false;
    if (mode == NN4J_DNNL_FORCE_) return true;
    // AUTO runs nn4j's kernel: measured (rnn_check bench, RnnBench; N=32, T=50, F=32, H=128, f32,
    // forward + backward, 2-core AVX2 EPYC shared with other jobs), oneDNN's primitives are not
    // faster here. One thread, medians of 20 in ms, nn4j vs oneDNN: LSTM 30.7 vs 33.9, GRU 22.8
    // vs 26.4, reset-after GRU 23.4 vs 24.8, tanh 7.6 vs 9.8 (nn4j's forward is faster, the
    // backwards are on par). Two threads: oneDNN's OpenMP barriers, several per time step,
    // stall whenever a core is shared, and its medians were 3-20x nn4j's.
    (void)cell;
    (void)training;
    return false;
}

bool onednn_workspace_bytes(int cell, int64_t n, int64_t t, int64_t f, int64_t h, int64_t* bytes) {
    if (n == 0 || t == 0 || f == 0 || h == 0 || !dnnl_available()) return false;
    auto fwd = fwd_prim(cell, true, n, t, f, h);
    if (!fwd) return false;
    const int64_t ws = (int64_t)dnnl_memory_desc_get_size(arg_md(*fwd, DNNL_ARG_WORKSPACE));
    const int64_t iter = align64(n * h * 4);
    *bytes = align64(ws) + iter * (cell == NN4J_RNN_LSTM ? 2 : 1);
    return true;
}

int onednn_forward(int cell, int64_t n, int64_t t, int64_t f, int64_t h, const float* x, const float* h0,
                 const float* c0, const float* w, const float* u, const float* b, float* y, float* hn, float* cn,
                 void* ws, int64_t ws_bytes) {
    const bool training = ws != nullptr;
    const bool lstm = cell == NN4J_RNN_LSTM;
    auto P = fwd_prim(cell, training, n, t, f, h);
    if (!P) return NN4J_ERR_INTERNAL;
    Descs d;
    if (int st = dnnl_check(make_descs(cell, n, t, f, h, &d), "rnn memory descriptors")) return st;
    const_dnnl_memory_desc_t wl = arg_md(*P, DNNL_ARG_WEIGHTS_LAYER), wi = arg_md(*P, DNNL_ARG_WEIGHTS_ITER);
    Carve cv;
    const size_t o_zero = cv.add(std::max<int64_t>(n * h, bias_gates(cell) * h), 4);
    const size_t o_wl = cv.add((int64_t)dnnl_memory_desc_get_size(wl), 1);
    const size_t o_wi = cv.add((int64_t)dnnl_memory_desc_get_size(wi), 1);
    const size_t o_hn = cv.add(n * h, 4), o_cn = cv.add(n * h, 4);
    char* base = cv.base();
    float* zeros = (float*)(base + o_zero);
    std::memset(zeros, 0, (size_t)std::max<int64_t>(n * h, bias_gates(cell) * h) * 4);
    const void *wl_p, *wi_p;
    const std::string kf = key(training ? "fwd_train" : "fwd_infer", cell, n, t, f, h);
    if (int st = weights_for(kf + "/wl", d.wl_user.p, w, wl, base + o_wl, &wl_p)) return st;
    if (int st = weights_for(kf + "/wi", d.wi_user.p, u, wi, base + o_wi, &wi_p)) return st;

    char* payload = (char*)ws;
    const int64_t ws_sz = training ? align64((int64_t)dnnl_memory_desc_get_size(arg_md(*P, DNNL_ARG_WORKSPACE))) : 0;
    float* dst_iter = training ? (float*)(payload + ws_sz) : hn ? hn : (float*)(base + o_hn);
    float* dst_iter_c = training ? (float*)(payload + ws_sz + align64(n * h * 4)) : cn ? cn : (float*)(base + o_cn);
    (void)ws_bytes;
    const void* h0p = h0 ? (const void*)h0 : zeros;
    const void* c0p = c0 ? (const void*)c0 : zeros;
    const void* bp = b ? (const void*)b : zeros;
    DnnlArg args[10] = {{DNNL_ARG_SRC_LAYER, d.src_layer.p, x},      {DNNL_ARG_SRC_ITER, d.src_iter.p, h0p},
                        {DNNL_ARG_WEIGHTS_LAYER, wl, wl_p},          {DNNL_ARG_WEIGHTS_ITER, wi, wi_p},
                        {DNNL_ARG_BIAS, d.bias.p, bp},               {DNNL_ARG_DST_LAYER, d.dst_layer.p, y},
                        {DNNL_ARG_DST_ITER, d.dst_iter.p, dst_iter}};
    int nargs = 7;
    if (lstm) {
        args[nargs++] = {DNNL_ARG_SRC_ITER_C, d.src_iter_c.p, c0p};
        args[nargs++] = {DNNL_ARG_DST_ITER_C, d.dst_iter_c.p, dst_iter_c};
    }
    if (training) args[nargs++] = {DNNL_ARG_WORKSPACE, arg_md(*P, DNNL_ARG_WORKSPACE), payload};
    const int st = dnnl_execute(*P, nargs, args, lstm ? "rnn forward (oneDNN lstm)" : "rnn forward (oneDNN)");
    if (st) return st;
    if (training) {
        if (hn) std::memcpy(hn, dst_iter, (size_t)(n * h) * 4);
        if (lstm && cn) std::memcpy(cn, dst_iter_c, (size_t)(n * h) * 4);
    }
    return NN4J_OK;
}

int onednn_backward(int cell, int64_t n, int64_t t, int64_t f, int64_t h, const float* x, const float* h0,
                  const float* c0, const float* w, const float* u, const float* b, const float* y, const void* ws,
                  int64_t ws_bytes, const float* dy, const float* dhn, const float* dcn, float* dx, float* dh0,
                  float* dc0, float* dw, float* du, float* db) {
    const bool lstm = cell == NN4J_RNN_LSTM;
    auto F = fwd_prim(cell, true, n, t, f, h);
    auto B = bwd_prim(cell, n, t, f, h);
    if (!F || !B) return NN4J_ERR_INTERNAL;
    Descs d;
    if (int st = dnnl_check(make_descs(cell, n, t, f, h, &d), "rnn memory descriptors")) return st;
    const_dnnl_memory_desc_t ws_md = arg_md(*F, DNNL_ARG_WORKSPACE);
    const int64_t ws_sz = align64((int64_t)dnnl_memory_desc_get_size(ws_md));
    if (ws_sz + align64(n * h * 4) * (lstm ? 2 : 1) > ws_bytes)
        return fail(NN4J_ERR_ARG, "nn4j_rnn_backward: the oneDNN workspace needs more than the %lld bytes given",
                    (long long)ws_bytes);
    const char* payload = (const char*)ws;
    const float* dst_iter = (const float*)(payload + ws_sz);
    const float* dst_iter_c = (const float*)(payload + ws_sz + align64(n * h * 4));

    const_dnnl_memory_desc_t wl = arg_md(*B, DNNL_ARG_WEIGHTS_LAYER), wi = arg_md(*B, DNNL_ARG_WEIGHTS_ITER);
    const_dnnl_memory_desc_t dwl = arg_md(*B, DNNL_ARG_DIFF_WEIGHTS_LAYER), dwi = arg_md(*B, DNNL_ARG_DIFF_WEIGHTS_ITER);
    const bool dwl_direct = dw && dnnl_memory_desc_equal(dwl, d.wl_user.p);
    const bool dwi_direct = du && dnnl_memory_desc_equal(dwi, d.wi_user.p);
    const int64_t nb = bias_gates(cell) * h;
    Carve cv;
    const size_t o_zero = cv.add(std::max(n * t * h, nb), 4);  // zero dy / dh_n / dc_n / h0 / c0 / b
    const size_t o_wl = cv.add((int64_t)dnnl_memory_desc_get_size(wl), 1);
    const size_t o_wi = cv.add((int64_t)dnnl_memory_desc_get_size(wi), 1);
    const size_t o_dwl = dwl_direct ? 0 : cv.add((int64_t)dnnl_memory_desc_get_size(dwl), 1);
    const size_t o_dwi = dwi_direct ? 0 : cv.add((int64_t)dnnl_memory_desc_get_size(dwi), 1);
    const size_t o_db = db ? 0 : cv.add(nb, 4);
    const size_t o_dx = dx ? 0 : cv.add(n * t * f, 4);
    const size_t o_dh0 = dh0 ? 0 : cv.add(n * h, 4);
    const size_t o_dc0 = dc0 || !lstm ? 0 : cv.add(n * h, 4);
    char* base = cv.base();
    float* zeros = (float*)(base + o_zero);
    std::memset(zeros, 0, (size_t)std::max(n * t * h, nb) * 4);
    const std::string kb = key("bwd", cell, n, t, f, h);
    const void *wl_p, *wi_p;
    if (int st = weights_for(kb + "/wl", d.wl_user.p, w, wl, base + o_wl, &wl_p)) return st;
    if (int st = weights_for(kb + "/wi", d.wi_user.p, u, wi, base + o_wi, &wi_p)) return st;
    void* dwl_p = dwl_direct ? (void*)dw : base + o_dwl;
    void* dwi_p = dwi_direct ? (void*)du : base + o_dwi;
    void* db_p = db ? (void*)db : base + o_db;
    // overwrite flag set; zeroing as well keeps the result right if a kernel ignores it
    std::memset(dwl_p, 0, dnnl_memory_desc_get_size(dwl));
    std::memset(dwi_p, 0, dnnl_memory_desc_get_size(dwi));
    std::memset(db_p, 0, (size_t)nb * 4);
    void* dx_p = dx ? (void*)dx : base + o_dx;
    void* dh0_p = dh0 ? (void*)dh0 : base + o_dh0;
    void* dc0_p = dc0 ? (void*)dc0 : base + o_dc0;
    const void* h0p = h0 ? (const void*)h0 : zeros;
    const void* c0p = c0 ? (const void*)c0 : zeros;
    const void* bp = b ? (const void*)b : zeros;
    const void* dyp = dy ? (const void*)dy : zeros;
    const void* dhnp = dhn ? (const void*)dhn : zeros;
    const void* dcnp = dcn ? (const void*)dcn : zeros;
    DnnlArg args[19] = {{DNNL_ARG_SRC_LAYER, d.src_layer.p, x},
                        {DNNL_ARG_SRC_ITER, d.src_iter.p, h0p},
                        {DNNL_ARG_WEIGHTS_LAYER, wl, wl_p},
                        {DNNL_ARG_WEIGHTS_ITER, wi, wi_p},
                        {DNNL_ARG_BIAS, d.bias.p, bp},
                        {DNNL_ARG_DST_LAYER, d.dst_layer.p, y},
                        {DNNL_ARG_DST_ITER, d.dst_iter.p, dst_iter},
                        {DNNL_ARG_WORKSPACE, ws_md, ws},
                        {DNNL_ARG_DIFF_DST_LAYER, d.dst_layer.p, dyp},
                        {DNNL_ARG_DIFF_DST_ITER, d.dst_iter.p, dhnp},
                        {DNNL_ARG_DIFF_SRC_LAYER, d.src_layer.p, dx_p},
                        {DNNL_ARG_DIFF_SRC_ITER, d.src_iter.p, dh0_p},
                        {DNNL_ARG_DIFF_WEIGHTS_LAYER, dwl, dwl_p},
                        {DNNL_ARG_DIFF_WEIGHTS_ITER, dwi, dwi_p},
                        {DNNL_ARG_DIFF_BIAS, d.bias.p, db_p}};
    int nargs = 15;
    if (lstm) {
        args[nargs++] = {DNNL_ARG_SRC_ITER_C, d.src_iter_c.p, c0p};
        args[nargs++] = {DNNL_ARG_DST_ITER_C, d.dst_iter_c.p, dst_iter_c};
        args[nargs++] = {DNNL_ARG_DIFF_DST_ITER_C, d.dst_iter_c.p, dcnp};
        args[nargs++] = {DNNL_ARG_DIFF_SRC_ITER_C, d.src_iter_c.p, dc0_p};
    }
    const int st = dnnl_execute(*B, nargs, args, lstm ? "rnn backward (oneDNN lstm)" : "rnn backward (oneDNN)");
    if (st) return st;
    if (dw && !dwl_direct)
        if (int s = dnnl_reorder(kb + "/dwl", dwl, dwl_p, d.wl_user.p, dw)) return s;
    if (du && !dwi_direct)
        if (int s = dnnl_reorder(kb + "/dwi", dwi, dwi_p, d.wi_user.p, du)) return s;
    return NN4J_OK;
}

#endif  // NN4J_WITH_DNNL

}  // namespace rnn
}  // namespace nn4j
