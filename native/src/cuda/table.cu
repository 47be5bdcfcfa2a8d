// The exported function table, error reporting, device queries and memory entries.
#include <cstdarg>
#include <cstdio>
#include <mutex>
#include "cuda_common.cuh"

namespace nn4j {
namespace cu {
namespace {

// Used only if a caller forgot to install set_error: keep the status, drop the message.
int no_reporter(int status, const char*) { return status; }

CudaTable g_table = {
    NN4J_CUDA_TABLE_VERSION, no_reporter,
    device_count, device_name, synchronize, alloc, free_, memcpy_,
    fill, arange, random, copy, unary, binary, where, reduce, gemm, gather, scatter_add,
};

// Device count and, when it is 0, why; probed once (the runtime caches a failed driver
// load anyway, and asking again would only repeat its message).
struct Probe {
    int count = 0;
    char reason[256] = "";
};
const Probe& probe() {
    static const Probe p = [] {
        Probe r;
        int n = 0;
        cudaError_t e = cudaGetDeviceCount(&n);
        if (e != cudaSuccess) {
            snprintf(r.reason, sizeof r.reason, "cudaGetDeviceCount: %s (%s)",
                     cudaGetErrorString(e), cudaGetErrorName(e));
            cudaGetLastError();  // not sticky: do not let later checks see it
            n = 0;
        } else if (n == 0) {
            snprintf(r.reason, sizeof r.reason, "cudaGetDeviceCount found no device");
        }
        r.count = n;
        return r;
    }();
    return p;
}

constexpr int kMaxScratchDevices = 64;
std::mutex g_scratch_mu[kMaxScratchDevices];
void* g_scratch[kMaxScratchDevices] = {};

}  // namespace

int fail(int status, const char* fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    auto report = g_table.set_error ? g_table.set_error : no_reporter;
    return report(status, msg);
}

int fail_cuda(const char* fn, const char* what, cudaError_t e) {
    cudaGetLastError();  // clear a non-sticky error so that the next launch check is not fooled
    const int status = (e == cudaErrorMemoryAllocation) ? NN4J_ERR_OOM : NN4J_ERR_DEVICE;
    return fail(status, "%s: %s failed: %s (%s)", fn, what, cudaGetErrorString(e),
                cudaGetErrorName(e));
}

int set_device(const char* fn, int ordinal) {
    const Probe& p = probe();
    if (p.count == 0) return fail(NN4J_ERR_NO_DEVICE, "%s: no CUDA device: %s", fn, p.reason);
    if (ordinal < 0 || ordinal >= p.count)
        return fail(NN4J_ERR_ARG, "%s: no CUDA device %d (%d present)", fn, ordinal, p.count);
    NN4J_CU_TRY(fn, cudaSetDevice(ordinal));
    return NN4J_OK;
}

int check_launch(const char* fn) {
    cudaError_t e = cudaGetLastError();
    if (e != cudaSuccess) return fail_cuda(fn, "kernel launch", e);
    return NN4J_OK;
}

int multiprocessors(int ordinal) {
    int n = 0;
    if (cudaDeviceGetAttribute(&n, cudaDevAttrMultiProcessorCount, ordinal) != cudaSuccess || n < 1) {
        cudaGetLastError();
        n = 32;
    }
    return n;
}

int scratch(const char* fn, int ordinal, Scratch* out) {
    if (ordinal < 0 || ordinal >= kMaxScratchDevices)
        return fail(NN4J_ERR_ARG, "%s: device %d beyond the %d supported", fn, ordinal, kMaxScratchDevices);
    g_scratch_mu[ordinal].lock();
    out->held = &g_scratch_mu[ordinal];  // released by ~Scratch, also on the error path below
    if (!g_scratch[ordinal]) NN4J_CU_TRY(fn, cudaMalloc(&g_scratch[ordinal], 64));
    out->p = g_scratch[ordinal];
    return NN4J_OK;
}

// ---- device queries ------------------------------------------------------------------------

int device_count() { return probe().count; }

int device_name(int ordinal, char* buf, int64_t buf_len) {
    NN4J_CU_ENTER("nn4j_cuda_device_name");
    if (!buf || buf_len < 1) return fail(NN4J_ERR_ARG, "%s: no room for the name", fn);
    cudaDeviceProp prop;
    NN4J_CU_TRY(fn, cudaGetDeviceProperties(&prop, ordinal));
    snprintf(buf, (size_t)buf_len, "%s, %.1f GiB, compute capability %d.%d, %d SMs", prop.name,
             (double)prop.totalGlobalMem / (1024.0 * 1024.0 * 1024.0), prop.major, prop.minor,
             prop.multiProcessorCount);
    return NN4J_OK;
}

int synchronize(int ordinal) {
    NN4J_CU_ENTER("nn4j_synchronize");
    NN4J_CU_TRY(fn, cudaDeviceSynchronize());
    return NN4J_OK;
}

// ---- memory --------------------------------------------------------------------------------

int alloc(int ordinal, int64_t bytes, void** out) {
    NN4J_CU_ENTER("nn4j_alloc");
    if (!out) return fail(NN4J_ERR_ARG, "%s: out is null", fn);
    *out = nullptr;
    if (bytes < 0) return fail(NN4J_ERR_ARG, "%s: bytes = %lld is negative", fn, (long long)bytes);
    // cudaMalloc(0) hands back null; nn4j promises a unique, freeable pointer.
    void* p = nullptr;
    cudaError_t e = cudaMalloc(&p, (size_t)(bytes > 0 ? bytes : 1));
    if (e != cudaSuccess) {
        char what[96];
        snprintf(what, sizeof what, "cudaMalloc(%lld bytes)", (long long)bytes);
        return fail_cuda(fn, what, e);
    }
    *out = p;
    return NN4J_OK;
}

int free_(int ordinal, void* p) {
    NN4J_CU_ENTER("nn4j_free");
    if (!p) return NN4J_OK;
    NN4J_CU_TRY(fn, cudaFree(p));
    return NN4J_OK;
}

int memcpy_(int ordinal, void* dst, const void* src, int64_t bytes, int kind) {
    NN4J_CU_ENTER("nn4j_memcpy");
    if (bytes < 0) return fail(NN4J_ERR_ARG, "%s: bytes = %lld is negative", fn, (long long)bytes);
    if (bytes == 0) return NN4J_OK;
    if (!dst || !src) return fail(NN4J_ERR_ARG, "%s: null %s", fn, dst ? "src" : "dst");
    cudaMemcpyKind k;
    switch (kind) {
        case 0: k = cudaMemcpyHostToDevice; break;
        case 1: k = cudaMemcpyDeviceToHost; break;
        case 2: k = cudaMemcpyDefault; break;  // UVA: also between two devices
        default: return fail(NN4J_ERR_ARG, "%s: unknown copy kind %d", fn, kind);
    }
    NN4J_CU_TRY(fn, cudaMemcpy(dst, src, (size_t)bytes, k));
    return NN4J_OK;
}

}  // namespace cu
}  // namespace nn4j

extern "C" __attribute__((visibility("default"))) const nn4j::CudaTable* nn4j_cuda_table(void) {
    return &nn4j::cu::g_table;
}
