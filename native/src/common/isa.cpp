// Run-time choice of the CPU instruction set. One binary carries generic, AVX2 and AVX-512
// kernels; cpuid (and the OS's XSAVE support, via xgetbv) decides which ones may run.
#include <atomic>
#include "core.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <cpuid.h>
#define NN4J_X86 1
#endif

namespace nn4j {
namespace {

int detect_isa() {
#ifdef NN4J_X86
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return NN4J_ISA_GENERIC;
    bool osxsave = (c >> 27) & 1, avx = (c >> 28) & 1, fma = (c >> 12) & 1;
    if (!osxsave || !avx || !fma) return NN4J_ISA_GENERIC;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    bool ymm_state = (lo & 0x6) == 0x6;
    bool zmm_state = (lo & 0xE6) == 0xE6;
    if (!ymm_state) return NN4J_ISA_GENERIC;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return NN4J_ISA_GENERIC;
    bool avx2 = (b >> 5) & 1;
    bool avx512f = (b >> 16) & 1, avx512dq = (b >> 17) & 1, avx512bw = (b >> 30) & 1,
         avx512vl = (b >> 31) & 1;
    if (avx512f && avx512dq && avx512bw && avx512vl && zmm_state) return NN4J_ISA_AVX512;
    if (avx2) return NN4J_ISA_AVX2;
#endif
    return NN4J_ISA_GENERIC;
}

int supported() {
    static const int isa = detect_isa();
    return isa;
}

std::atomic<int> g_active{-1};

}  // namespace

int active_isa() {
    int a = g_active.load(std::memory_order_relaxed);
    return a < 0 ? supported() : a;
}

}  // namespace nn4j

extern "C" {

int nn4j_isa_supported(void) { return nn4j::supported(); }
int nn4j_isa_active(void) { return nn4j::active_isa(); }

int nn4j_set_isa(int isa) {
    if (isa < NN4J_ISA_GENERIC || isa > NN4J_ISA_AVX512)
        return nn4j::fail(NN4J_ERR_ARG, "nn4j_set_isa: unknown ISA code %d", isa);
    if (isa > nn4j::supported())
        return nn4j::fail(NN4J_ERR_ARG, "nn4j_set_isa: this CPU supports at most %s, not %s",
                          nn4j_isa_name(nn4j::supported()), nn4j_isa_name(isa));
    nn4j::g_active.store(isa);
    return NN4J_OK;
}

const char* nn4j_isa_name(int isa) {
    switch (isa) {
        case NN4J_ISA_GENERIC: return "generic";
        case NN4J_ISA_AVX2: return "avx2";
        case NN4J_ISA_AVX512: return "avx512";
        default: return "unknown";
    }
}

}  // extern "C"
