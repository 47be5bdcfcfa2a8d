// Allocation with live-byte accounting. Every block carries a 64-byte header holding its size,
// so nn4j_free can keep the counter exact without a lookup table.
//
// Host blocks of kCacheMin bytes or more are cached when freed and handed out again for the
// same size class. A training step allocates the same sizes every step; without the cache,
// glibc serves such blocks with mmap or trims its heap on free, so every step paid page faults
// and page zeroing in the kernel (16 % of a LeNet-5 step's time under perf). The cache holds at
// most a limit of free bytes (NN4J_CPU_CACHE_MB, default 1024; nn4j_set_cache_limit), and
// nn4j_empty_cache gives it all back. Live bytes count only blocks in use.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <vector>
#include "core.h"
#include "cuda_table.h"

namespace nn4j {
namespace {
constexpr int64_t kHeader = 64;
constexpr uint64_t kMagic = 0x6E6E346A6D656D31ull;  // "nn4jmem1"
constexpr size_t kCacheMin = 32 * 1024;
std::atomic<int64_t> g_live_cpu{0};
std::atomic<int64_t> g_live_gpu{0};
struct Header { uint64_t magic; int64_t bytes; size_t total; };
std::mutex g_gpu_mu;
std::unordered_map<void*, int64_t> g_gpu_sizes;  // GPU blocks have no host-readable header

struct HostCache {
    std::mutex mu;
    std::unordered_map<size_t, std::vector<void*>> free_blocks;  // by size class
    size_t cached = 0;
    size_t limit = [] {
        const char* e = std::getenv("NN4J_CPU_CACHE_MB");
        long long mb = e && *e ? std::atoll(e) : 1024;
        return mb < 0 ? size_t(0) : size_t(mb) << 20;
    }();
};
HostCache& host_cache() {
    static auto* c = new HostCache();  // never destroyed: frees may run during JVM shutdown
    return *c;
}

// Size classes: 8 per power of two (at most 12.5 % slack), 4 KiB granules below 32 KiB.
size_t size_class(size_t total) {
    if (total < kCacheMin) return ((total + 63) / 64) * 64;
    size_t p = size_t(1) << (63 - __builtin_clzll(total));
    size_t step = std::max<size_t>(4096, p / 8);
    return ((total + step - 1) / step) * step;
}

void* host_alloc(size_t total) {
    if (total >= kCacheMin) {
        HostCache& c = host_cache();
        std::lock_guard<std::mutex> lk(c.mu);
        auto it = c.free_blocks.find(total);
        if (it != c.free_blocks.end() && !it->second.empty()) {
            void* p = it->second.back();
            it->second.pop_back();
            c.cached -= total;
            return p;
        }
    }
    return std::aligned_alloc(64, total);
}

void host_release(void* p, size_t total) {
    if (total >= kCacheMin) {
        HostCache& c = host_cache();
        std::lock_guard<std::mutex> lk(c.mu);
        if (c.cached + total <= c.limit) {
            c.free_blocks[total].push_back(p);
            c.cached += total;
            return;
        }
    }
    std::free(p);
}
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
    size_t total = size_class((size_t)bytes + kHeader);
    void* p = host_alloc(total);
    if (!p) {
        nn4j_empty_cache(0);  // cached blocks of other sizes may be what is missing
        p = std::aligned_alloc(64, total);
    }
    if (!p) return fail(NN4J_ERR_OOM, "nn4j_alloc: out of memory allocating %lld bytes", (long long)bytes);
    Header* h = (Header*)p;
    h->magic = kMagic;
    h->bytes = bytes;
    h->total = total;
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
    host_release(h, h->total);
    return NN4J_OK;
}

int64_t nn4j_live_bytes(int device) { return device == 0 ? g_live_cpu.load() : g_live_gpu.load(); }

int64_t nn4j_cached_bytes(int device) {
    if (device != 0) return 0;
    HostCache& c = host_cache();
    std::lock_guard<std::mutex> lk(c.mu);
    return (int64_t)c.cached;
}

int nn4j_empty_cache(int device) {
    if (device != 0) return NN4J_OK;
    std::vector<void*> blocks;
    {
        HostCache& c = host_cache();
        std::lock_guard<std::mutex> lk(c.mu);
        for (auto& kv : c.free_blocks) blocks.insert(blocks.end(), kv.second.begin(), kv.second.end());
        c.free_blocks.clear();
        c.cached = 0;
    }
    for (void* p : blocks) std::free(p);
    return NN4J_OK;
}

int nn4j_set_cache_limit(int device, int64_t bytes) {
    if (bytes < 0) return fail(NN4J_ERR_ARG, "nn4j_set_cache_limit: bytes = %lld is negative", (long long)bytes);
    if (device != 0) return NN4J_OK;
    {
        HostCache& c = host_cache();
        std::lock_guard<std::mutex> lk(c.mu);
        c.limit = (size_t)bytes;
        if (c.cached <= c.limit) return NN4J_OK;
    }
    return nn4j_empty_cache(0);
}

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
