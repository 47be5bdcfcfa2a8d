// Allocation with live-byte accounting. Every block carries a 64-byte header holding its size,
// so nn4j_free can keep the counter exact without a lookup table.
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include "core.h"
#include "cuda_table.h"

namespace nn4j {
namespace {
constexpr int64_t kHeader = 64;
constexpr uint64_t kMagic = 0x6E6E346A6D656D31ull;  // "nn4jmem1"
std::atomic<int64_t> g_live_cpu{0};
std::atomic<int64_t> g_live_gpu{0};
struct Header { uint64_t magic; int64_t bytes; };
std::mutex g_gpu_mu;
std::unordered_map<void*, int64_t> g_gpu_sizes;  // GPU blocks have no host-readable header
}  // namespace
}  // namespace nn4j

using namespace nn4j;

extern "C" {

int nn4j_alloc(int device, int64_t bytes, int64_t* out_addr) {
    if (check_ptr("nn4j_alloc", "out_addr", out_addr)) return NN4J_ERR_ARG;
    *out_addr = 0;
    if (bytes < 0) return fail(NN4J_ERR_ARG, "nn4j_alloc: bytes = %lld is negative", (long long)bytes);
    if (bytes > (int64_t(1) << 46))
        return fail(NN4J_ERR_OOM, "nn4j_alloc: %lld bytes is more than this library will allocate",
                    (long long)bytes);
    if (device < 0) return fail(NN4J_ERR_ARG, "nn4j_alloc: device %d is negative", device);
    if (device > 0) {
        const CudaTable* t = cuda();
        if (!t) return fail(NN4J_ERR_NO_DEVICE, "nn4j_alloc: CUDA device %d requested but the CUDA library is not loaded", device - 1);
        void* p = nullptr;
        int st = t->alloc(device - 1, bytes, &p);
        if (st) return st;
        g_live_gpu += bytes;
        { std::lock_guard<std::mutex> lk(g_gpu_mu); g_gpu_sizes[p] = bytes; }
        *out_addr = (int64_t)(intptr_t)p;
        return NN4J_OK;
    }
    size_t total = (size_t)(((bytes + kHeader + 63) / 64) * 64);
    void* p = std::aligned_alloc(64, total);
    if (!p) return fail(NN4J_ERR_OOM, "nn4j_alloc: out of memory allocating %lld bytes", (long long)bytes);
    Header* h = (Header*)p;
    h->magic = kMagic;
    h->bytes = bytes;
    g_live_cpu += bytes;
    *out_addr = (int64_t)(intptr_t)((char*)p + kHeader);
    return NN4J_OK;
}

int nn4j_free(int device, int64_t addr) {
    if (addr == 0) return NN4J_OK;
    if (device > 0) {
        const CudaTable* t = cuda();
        if (!t) return fail(NN4J_ERR_NO_DEVICE, "nn4j_free: CUDA library not loaded");
        void* p = (void*)(intptr_t)addr;
        {
            std::lock_guard<std::mutex> lk(g_gpu_mu);
            auto it = g_gpu_sizes.find(p);
            if (it == g_gpu_sizes.end())
                return fail(NN4J_ERR_ARG, "nn4j_free: address %p is not a live CUDA allocation of nn4j", p);
            g_live_gpu -= it->second;
            g_gpu_sizes.erase(it);
        }
        return t->free(device - 1, p);
    }
    Header* h = (Header*)((char*)(intptr_t)addr - kHeader);
    if (h->magic != kMagic)
        return fail(NN4J_ERR_ARG, "nn4j_free: address %p was not allocated by nn4j_alloc (or was freed twice)", (void*)(intptr_t)addr);
    h->magic = 0;
    g_live_cpu -= h->bytes;
    std::free(h);
    return NN4J_OK;
}

int64_t nn4j_live_bytes(int device) { return device == 0 ? g_live_cpu.load() : g_live_gpu.load(); }

int nn4j_memcpy(int dst_device, void* dst, int src_device, const void* src, int64_t bytes) {
    if (bytes < 0) return fail(NN4J_ERR_ARG, "nn4j_memcpy: bytes = %lld is negative", (long long)bytes);
    if (dst_device < 0 || src_device < 0)
        return fail(NN4J_ERR_ARG, "nn4j_memcpy: device %d is negative", dst_device < 0 ? dst_device : src_device);
    if (bytes == 0) return NN4J_OK;
    if (check_ptr("nn4j_memcpy", "dst", dst) || check_ptr("nn4j_memcpy", "src", src)) return NN4J_ERR_ARG;
    if (dst_device == 0 && src_device == 0) {
        std::memmove(dst, src, (size_t)bytes);
        return NN4J_OK;
    }
    const CudaTable* t = cuda();
    if (!t) return fail(NN4J_ERR_NO_DEVICE, "nn4j_memcpy: CUDA library not loaded");
    int kind = src_device == 0 ? 0 : (dst_device == 0 ? 1 : 2);
    int ord = dst_device > 0 ? dst_device - 1 : src_device - 1;
    return t->memcpy(ord, dst, src, bytes, kind);
}

}  // extern "C"
