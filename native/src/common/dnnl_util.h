// Shared plumbing for the oneDNN paths (dnnl_<family>.cpp files): the CPU engine and a
// per-thread stream, the own-kernel/oneDNN switch, thread-count sync and a small cache of
// primitives keyed by shape. Every oneDNN path is optional: when NN4J_WITH_DNNL is not
// defined, or a per-op check fails, the caller falls back to nn4j's own kernel.
#pragma once
#include <cstdint>
#include <string>

namespace nn4j {

// NN4J_DNNL_AUTO: oneDNN where its per-op check passes; OFF: own kernels only; FORCE: oneDNN
// wherever supported (an op it cannot do still falls back, and dnnl_last_path() says so).
enum { NN4J_DNNL_AUTO_ = 0, NN4J_DNNL_OFF_ = 1, NN4J_DNNL_FORCE_ = 2 };
int dnnl_mode();
bool dnnl_available();  // compiled with oneDNN and the engine could be created

// Records which implementation the last op on this thread used ("nn4j" or "onednn"), so tests
// can prove both paths ran.
void dnnl_note_path(const char* op, bool used_dnnl);

}  // namespace nn4j

#ifdef NN4J_WITH_DNNL
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include "oneapi/dnnl/dnnl.h"

namespace nn4j {

dnnl_engine_t dnnl_cpu_engine();
dnnl_stream_t dnnl_cpu_stream();  // one per calling thread
// oneDNN runs on OpenMP; make its thread count follow nn4j_set_num_threads for this thread.
void dnnl_sync_threads();
// Turns a failed oneDNN call into an nn4j error naming the call.
int dnnl_check(dnnl_status_t st, const char* what);

// A process-wide cache of primitives (and their scratch sizes) keyed by a string built from the
// op's shapes and attributes, so that steady-state training creates no primitives.
struct DnnlCached {
    dnnl_primitive_t prim = nullptr;
    dnnl_primitive_desc_t pd = nullptr;  // owned; query memory descs from it
    ~DnnlCached();
};
// Returns the cached entry for key, creating it with make() (which fills prim and pd and returns
// an nn4j status) on first use. Null when make failed (the error is set).
std::shared_ptr<DnnlCached> dnnl_cached(const std::string& key,
                                        const std::function<int(DnnlCached&)>& make);

}  // namespace nn4j
#endif
