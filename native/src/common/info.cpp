// Library-wide entry points: version, threads, oneDNN version and the lazy CUDA loader.
#include <dlfcn.h>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <mutex>
#include "core.h"
#include "cuda_table.h"

#ifdef NN4J_WITH_DNNL
#include "oneapi/dnnl/dnnl.h"
#endif

namespace nn4j {
namespace {
std::atomic<const CudaTable*> g_cuda{nullptr};
std::mutex g_cuda_mu;
std::atomic<void*> g_cuda_handle{nullptr};
int cuda_set_error(int status, const char* message) { return fail(status, "%s", message); }
}  // namespace

const CudaTable* cuda() { return g_cuda.load(std::memory_order_acquire); }

void* cuda_symbol(const char* name) {
    void* h = g_cuda_handle.load(std::memory_order_acquire);
    return h ? dlsym(h, name) : nullptr;
}

}  // namespace nn4j

using namespace nn4j;

extern "C" {

const char* nn4j_version(void) { return NN4J_VERSION_STRING; }

int nn4j_set_num_threads(int n) {
    if (n < 1 || n > 1024) return fail(NN4J_ERR_ARG, "nn4j_set_num_threads: n = %d outside [1, 1024]", n);
    set_num_threads(n);
    return NN4J_OK;
}

int nn4j_get_num_threads(void) { return num_threads(); }

const char* nn4j_dnnl_version(void) {
#ifdef NN4J_WITH_DNNL
    static char buf[64];
    const dnnl_version_t* v = dnnl_version();
    snprintf(buf, sizeof buf, "%d.%d.%d", v->major, v->minor, v->patch);
    return buf;
#else
    return "";
#endif
}

int nn4j_cuda_load(const char* path) {
    std::lock_guard<std::mutex> lk(g_cuda_mu);
    if (g_cuda.load()) return NN4J_OK;
    if (check_ptr("nn4j_cuda_load", "path", path)) return NN4J_ERR_ARG;
    void* h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) return fail(NN4J_ERR_NO_DEVICE, "nn4j_cuda_load: cannot load %s: %s", path, dlerror());
    using TableFn = const CudaTable* (*)();
    TableFn fn = (TableFn)dlsym(h, "nn4j_cuda_table");
    if (!fn) return fail(NN4J_ERR_NO_DEVICE, "nn4j_cuda_load: %s has no nn4j_cuda_table symbol", path);
    const CudaTable* t = fn();
    if (!t || t->version != NN4J_CUDA_TABLE_VERSION)
        return fail(NN4J_ERR_NO_DEVICE, "nn4j_cuda_load: %s has table version %d, expected %d", path,
                    t ? t->version : -1, NN4J_CUDA_TABLE_VERSION);
    const_cast<CudaTable*>(t)->set_error = cuda_set_error;
    g_cuda_handle.store(h, std::memory_order_release);
    g_cuda.store(t, std::memory_order_release);
    return NN4J_OK;
}

int nn4j_cuda_device_count(void) {
    // A count of 0 leaves the reason in nn4j_last_error(), never an older, unrelated message.
    clear_error();
    const CudaTable* t = cuda();
    if (!t) {
        fail(NN4J_ERR_NO_DEVICE, "nn4j_cuda_device_count: the CUDA library is not loaded");
        return 0;
    }
    int n = t->device_count();
    if (n <= 0 && nn4j_last_error()[0] == '\0')
        fail(NN4J_ERR_NO_DEVICE, "nn4j_cuda_device_count: no CUDA device (no GPU, or no NVIDIA driver)");
    return n < 0 ? 0 : n;
}

int nn4j_cuda_device_name(int ordinal, char* buf, int64_t buf_len) {
    if (check_ptr("nn4j_cuda_device_name", "buf", buf)) return NN4J_ERR_ARG;
    if (buf_len < 1) return fail(NN4J_ERR_ARG, "nn4j_cuda_device_name: buf_len = %lld", (long long)buf_len);
    const CudaTable* t = cuda();
    if (!t) return fail(NN4J_ERR_NO_DEVICE, "nn4j_cuda_device_name: CUDA library not loaded");
    if (ordinal < 0 || ordinal >= t->device_count())
        return fail(NN4J_ERR_ARG, "nn4j_cuda_device_name: no CUDA device %d (%d present)", ordinal, t->device_count());
    return t->device_name(ordinal, buf, buf_len);
}

int nn4j_synchronize(int device) {
    if (device < 0) return fail(NN4J_ERR_ARG, "nn4j_synchronize: device %d is negative", device);
    if (device == 0) return NN4J_OK;
    const CudaTable* t = cuda();
    if (!t) return fail(NN4J_ERR_NO_DEVICE, "nn4j_synchronize: CUDA library not loaded");
    return t->synchronize(device - 1);
}

}  // extern "C"
