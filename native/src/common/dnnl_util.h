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
#include <cstddef>
#include <functional>
#include <initializer_list>
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

// RAII holders for oneDNN's opaque handles.
struct DnnlMd {
    dnnl_memory_desc_t p = nullptr;
    DnnlMd() = default;
    DnnlMd(const DnnlMd&) = delete;
    DnnlMd& operator=(const DnnlMd&) = delete;
    ~DnnlMd() {
        if (p) dnnl_memory_desc_destroy(p);
    }
};
struct DnnlMem {
    dnnl_memory_t p = nullptr;
    DnnlMem() = default;
    DnnlMem(const DnnlMem&) = delete;
    DnnlMem& operator=(const DnnlMem&) = delete;
    ~DnnlMem() {
        if (p) dnnl_memory_destroy(p);
    }
};
// Attributes with the user scratchpad mode: dnnl_execute passes a per-thread scratchpad, so one
// cached primitive can run on several threads at once. a is null when oneDNN could not make it.
struct DnnlAttr {
    dnnl_primitive_attr_t a = nullptr;
    DnnlAttr();
    DnnlAttr(const DnnlAttr&) = delete;
    DnnlAttr& operator=(const DnnlAttr&) = delete;
    ~DnnlAttr();
};

// nn4j's plain (row-major) layout of an nd-axis tensor: a, ab, ... abcdef (so ncw, nchw, ncdhw,
// oihw and goihw are all plain tags).
dnnl_format_tag_t dnnl_plain_tag(int nd);
// An f32 memory descriptor of nd dims with format tag (dnnl_format_tag_any lets the primitive choose).
dnnl_status_t dnnl_md_f32(DnnlMd& m, int nd, const int64_t* dims, dnnl_format_tag_t tag);
dnnl_status_t dnnl_md_f32(DnnlMd& m, std::initializer_list<int64_t> dims, dnnl_format_tag_t tag);

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

// dnnl_cached for the usual case: make_pd fills the primitive descriptor, the primitive is made from it.
using DnnlPdMaker = std::function<int(dnnl_primitive_desc_t*)>;
std::shared_ptr<DnnlCached> dnnl_cached_primitive(const std::string& key, const DnnlPdMaker& make_pd);

// For paths that fall back to nn4j's kernel when oneDNN has no implementation for a case: use
// dnnl_pd_check on the primitive-descriptor call (a dnnl_unimplemented status, or an explicit
// dnnl_note_unimplemented, marks the case), then dnnl_try_primitive returns false (fall back) for
// such a case, and true otherwise: *out is the primitive, or null with *status set on a real error.
int dnnl_pd_check(dnnl_status_t st, const char* what);
void dnnl_note_unimplemented();
bool dnnl_try_primitive(const std::string& key, const DnnlPdMaker& make_pd, std::shared_ptr<DnnlCached>* out,
                        int* status);

// One argument of dnnl_execute; md null means the primitive's own descriptor for id.
struct DnnlArg {
    int id;  // DNNL_ARG_*
    const_dnnl_memory_desc_t md;
    const void* p;
};
// Runs the primitive on this thread's stream and waits: wraps each buffer in a memory object,
// adds the scratchpad when the primitive asks for one, and follows nn4j's thread count. Errors
// name `what`.
int dnnl_execute(const DnnlCached& c, int nargs, const DnnlArg* args, const char* what);
inline int dnnl_execute(const DnnlCached& c, std::initializer_list<DnnlArg> args, const char* what) {
    return dnnl_execute(c, (int)args.size(), args.begin(), what);
}
// Copies src (layout src_md) into dst (layout dst_md) through a reorder cached under key.
int dnnl_reorder(const std::string& key, const_dnnl_memory_desc_t src_md, const void* src,
                 const_dnnl_memory_desc_t dst_md, void* dst);

// A grow-only, page-aligned buffer (one per thread and use) for operands in oneDNN's layouts.
class DnnlScratch {
  public:
    DnnlScratch() = default;
    DnnlScratch(const DnnlScratch&) = delete;
    DnnlScratch& operator=(const DnnlScratch&) = delete;
    ~DnnlScratch();
    void* get(size_t bytes);  // null when out of memory

  private:
    void* p_ = nullptr;
    size_t cap_ = 0;
};

}  // namespace nn4j
#endif
