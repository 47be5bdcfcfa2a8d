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

DnnlCached::~DnnlCached() {
    if (prim) dnnl_primitive_destroy(prim);
    if (pd) dnnl_primitive_desc_destroy(pd);
}

std::shared_ptr<DnnlCached> dnnl_cached(const std::string& key,
                                        const std::function<int(DnnlCached&)>& make) {
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
