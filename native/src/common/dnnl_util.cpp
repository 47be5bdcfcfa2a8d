// See dnnl_util.h.
#include "dnnl_util.h"
#include <dlfcn.h>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include "core.h"

namespace nn4j {
namespace {
std::atomic<int> g_mode{-1};
thread_local const char* g_last_op = "";
thread_local bool g_last_dnnl = false;

int mode_from_env() {
    const char* e = std::getenv("NN4J_DNNL");
    if (!e) return NN4J_DNNL_AUTO_;
    if (!strcmp(e, "off") || !strcmp(e, "0") || !strcmp(e, "false")) return NN4J_DNNL_OFF_;
    if (!strcmp(e, "force") || !strcmp(e, "on")) return NN4J_DNNL_FORCE_;
    return NN4J_DNNL_AUTO_;
}
}  // namespace

int dnnl_mode() {
    int m = g_mode.load(std::memory_order_relaxed);
    if (m < 0) {
        m = mode_from_env();
        g_mode.store(m);
    }
    return m;
}

void dnnl_note_path(const char* op, bool used_dnnl) {
    g_last_op = op;
    g_last_dnnl = used_dnnl;
}

#ifdef NN4J_WITH_DNNL
namespace {
struct EngineHolder {
    dnnl_engine_t engine = nullptr;
    EngineHolder() {
        if (dnnl_engine_create(&engine, dnnl_cpu, 0) != dnnl_success) engine = nullptr;
    }
};
EngineHolder& holder() {
    static EngineHolder* h = new EngineHolder();  // leaked: oneDNN may outlive static teardown
    return *h;
}
struct StreamHolder {
    dnnl_stream_t s = nullptr;
    ~StreamHolder() { if (s) dnnl_stream_destroy(s); }
};
thread_local StreamHolder t_stream;
using OmpSet = void (*)(int);
OmpSet omp_setter() {
    static OmpSet fn = [] {
        void* h = dlopen("libgomp.so.1", RTLD_LAZY | RTLD_NOLOAD);
        return h ? (OmpSet)dlsym(h, "omp_set_num_threads") : (OmpSet) nullptr;
    }();
    return fn;
}
thread_local int t_omp_threads = -1;
std::mutex g_cache_mu;
std::unordered_map<std::string, std::shared_ptr<DnnlCached>>& cache() {
    static auto* c = new std::unordered_map<std::string, std::shared_ptr<DnnlCached>>();
    return *c;
}
}  // namespace

bool dnnl_available() { return holder().engine != nullptr; }
dnnl_engine_t dnnl_cpu_engine() { return holder().engine; }

dnnl_stream_t dnnl_cpu_stream() {
    if (!t_stream.s && holder().engine) dnnl_stream_create(&t_stream.s, holder().engine, dnnl_stream_default_flags);
    return t_stream.s;
}

void dnnl_sync_threads() {
    int n = num_threads();
    if (n == t_omp_threads) return;
    if (OmpSet f = omp_setter()) f(n);
    t_omp_threads = n;
}

int dnnl_check(dnnl_status_t st, const char* what) {
    if (st == dnnl_success) return NN4J_OK;
    if (st == dnnl_out_of_memory) return fail(NN4J_ERR_OOM, "%s: oneDNN is out of memory", what);
    return fail(NN4J_ERR_INTERNAL, "%s: oneDNN status %d", what, (int)st);
}

DnnlAttr::DnnlAttr() {
    if (dnnl_primitive_attr_create(&a) == dnnl_success &&
        dnnl_primitive_attr_set_scratchpad_mode(a, dnnl_scratchpad_mode_user) != dnnl_success) {
        dnnl_primitive_attr_destroy(a);
        a = nullptr;
    }
}
DnnlAttr::~DnnlAttr() {
    if (a) dnnl_primitive_attr_destroy(a);
}

dnnl_format_tag_t dnnl_plain_tag(int nd) {
    static const dnnl_format_tag_t plain[] = {dnnl_format_tag_undef, dnnl_a, dnnl_ab, dnnl_abc,
                                              dnnl_abcd, dnnl_abcde, dnnl_abcdef};
    return nd >= 1 && nd <= 6 ? plain[nd] : dnnl_format_tag_undef;
}

dnnl_status_t dnnl_md_f32(DnnlMd& m, int nd, const int64_t* dims, dnnl_format_tag_t tag) {
    dnnl_dims_t d;
    for (int i = 0; i < nd; ++i) d[i] = dims[i];
    return dnnl_memory_desc_create_with_tag(&m.p, nd, d, dnnl_f32, tag);
}

dnnl_status_t dnnl_md_f32(DnnlMd& m, std::initializer_list<int64_t> dims, dnnl_format_tag_t tag) {
    return dnnl_md_f32(m, (int)dims.size(), dims.begin(), tag);
}

DnnlCached::~DnnlCached() {
    if (prim) dnnl_primitive_destroy(prim);
    if (pd) dnnl_primitive_desc_destroy(pd);
}

std::shared_ptr<DnnlCached> dnnl_cached(const std::string& shape_key,
                                        const std::function<int(DnnlCached&)>& make) {
    // oneDNN fixes a primitive's thread split when it is created (its kernels then open OpenMP
    // regions of that size whatever the caller's ICV says), so the ICV is set before creation
    // and the thread count is part of the key: with nn4j at 1 thread a primitive made for 2 kept
    // a second OpenMP thread busy on every call.
    dnnl_sync_threads();
    const std::string key = "t" + std::to_string(num_threads()) + "|" + shape_key;
    {
        std::lock_guard<std::mutex> lk(g_cache_mu);
        auto it = cache().find(key);
        if (it != cache().end()) return it->second;
    }
    auto entry = std::make_shared<DnnlCached>();
    if (make(*entry) != NN4J_OK) return nullptr;
    std::lock_guard<std::mutex> lk(g_cache_mu);
    if (cache().size() > 4096) cache().clear();  // bound memory for shape-churning workloads
    return cache().emplace(key, entry).first->second;
}

std::shared_ptr<DnnlCached> dnnl_cached_primitive(const std::string& key, const DnnlPdMaker& make_pd) {
    return dnnl_cached(key, [&](DnnlCached& c) {
        if (int st = make_pd(&c.pd)) return st;
        return dnnl_check(dnnl_primitive_create(&c.prim, c.pd), "dnnl_primitive_create");
    });
}

namespace {
thread_local bool t_unimplemented = false;
}  // namespace

void dnnl_note_unimplemented() { t_unimplemented = true; }

int dnnl_pd_check(dnnl_status_t st, const char* what) {
    if (st == dnnl_unimplemented) t_unimplemented = true;
    return dnnl_check(st, what);
}

bool dnnl_try_primitive(const std::string& key, const DnnlPdMaker& make_pd, std::shared_ptr<DnnlCached>* out,
                        int* status) {
    t_unimplemented = false;
    *out = dnnl_cached_primitive(key, make_pd);
    if (*out) return true;
    if (t_unimplemented) return false;
    *status = NN4J_ERR_INTERNAL;
    return true;
}

DnnlScratch::~DnnlScratch() { std::free(p_); }

void* DnnlScratch::get(size_t bytes) {
    if (bytes > cap_) {
        const size_t want = (bytes + 4095) / 4096 * 4096;
        void* q = std::aligned_alloc(4096, want);
        if (!q) return nullptr;
        std::free(p_);
        p_ = q;
        cap_ = want;
    }
    return p_;
}

namespace {
// The scratchpad of whichever primitive this thread is executing; callers' own scratch (operands
// in oneDNN's layouts) is separate, as it stays live across several primitives of one call.
thread_local DnnlScratch t_scratchpad;
constexpr int kMaxArgs = 32;
}  // namespace

int dnnl_execute(const DnnlCached& c, int nargs, const DnnlArg* args, const char* what) {
    if (nargs + 1 > kMaxArgs) return fail(NN4J_ERR_INTERNAL, "%s: %d oneDNN arguments, at most %d", what, nargs, kMaxArgs - 1);
    DnnlMem mems[kMaxArgs];
    dnnl_exec_arg_t ex[kMaxArgs];
    int k = 0;
    for (int i = 0; i < nargs; ++i) {
        const DnnlArg& a = args[i];
        const_dnnl_memory_desc_t md = a.md ? a.md : dnnl_primitive_desc_query_md(c.pd, dnnl_query_exec_arg_md, a.id);
        if (int st = dnnl_check(dnnl_memory_create(&mems[k].p, md, dnnl_cpu_engine(), const_cast<void*>(a.p)), what))
            return st;
        ex[k] = {a.id, mems[k].p};
        ++k;
    }
    const_dnnl_memory_desc_t pad_md = dnnl_primitive_desc_query_md(c.pd, dnnl_query_exec_arg_md, DNNL_ARG_SCRATCHPAD);
    const size_t pad = pad_md ? dnnl_memory_desc_get_size(pad_md) : 0;
    if (pad > 0) {
        void* p = t_scratchpad.get(pad);
        if (!p) return fail(NN4J_ERR_OOM, "%s: no memory for oneDNN's scratchpad (%zu bytes)", what, pad);
        if (int st = dnnl_check(dnnl_memory_create(&mems[k].p, pad_md, dnnl_cpu_engine(), p), what)) return st;
        ex[k] = {DNNL_ARG_SCRATCHPAD, mems[k].p};
        ++k;
    }
    dnnl_sync_threads();
    dnnl_stream_t s = dnnl_cpu_stream();
    if (int st = dnnl_check(dnnl_primitive_execute(c.prim, s, k, ex), what)) return st;
    return dnnl_check(dnnl_stream_wait(s), what);
}

int dnnl_reorder(const std::string& key, const_dnnl_memory_desc_t src_md, const void* src,
                 const_dnnl_memory_desc_t dst_md, void* dst) {
    auto r = dnnl_cached_primitive(key, [&](dnnl_primitive_desc_t* pd) {
        DnnlAttr attr;
        if (!attr.a) return fail(NN4J_ERR_OOM, "oneDNN reorder: no memory for its attributes");
        const dnnl_engine_t eng = dnnl_cpu_engine();
        return dnnl_check(dnnl_reorder_primitive_desc_create(pd, src_md, eng, dst_md, eng, attr.a),
                          "dnnl_reorder_primitive_desc_create");
    });
    if (!r) return NN4J_ERR_INTERNAL;  // the error is set
    return dnnl_execute(*r, {{DNNL_ARG_FROM, src_md, src}, {DNNL_ARG_TO, dst_md, dst}}, "oneDNN reorder");
}
#else
bool dnnl_available() { return false; }
#endif

}  // namespace nn4j

extern "C" {

int nn4j_set_dnnl_mode(int mode) {
    if (mode < 0 || mode > 2)
        return nn4j::fail(NN4J_ERR_ARG, "nn4j_set_dnnl_mode: mode %d is not 0 (auto), 1 (off) or 2 (force)", mode);
    nn4j::g_mode.store(mode);
    return NN4J_OK;
}

int nn4j_get_dnnl_mode(void) { return nn4j::dnnl_mode(); }

const char* nn4j_last_path(void) { return nn4j::g_last_dnnl ? "onednn" : "nn4j"; }

}  // extern "C"
