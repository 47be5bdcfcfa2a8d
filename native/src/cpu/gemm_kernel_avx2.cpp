// AVX2 + FMA GEMM kernels (this file is compiled with -mavx2 -mfma; gemm.cpp calls it only when
// active_isa() >= NN4J_ISA_AVX2).
//
// Register tiles: 6 x 16 floats and 6 x 8 doubles, i.e. 6 rows of two ymm vectors: 12
// accumulators + 2 B vectors + 1 broadcast of the 16 ymm registers. 12 independent FMAs per
// k step cover the 4-5 cycle FMA latency on two FMA pipes.
//
// Cache blocks for a Zen-class core (32 KiB L1d, 512 KiB-1 MiB L2, large shared L3):
//   KC: one B micro-panel (KC x 16 floats = 16 KiB at KC 256) plus an A micro-panel stay in L1;
//   MC: the packed A block (MC x KC) stays in L2;
//   NC: the packed B panel (KC x NC) lives in L3 and is shared by the threads.
#include "gemm.h"  // the micro-kernel template, packing and the Avx2F32/Avx2F64 traits

namespace nn4j {
namespace gemm {
namespace {

constexpr int kMR = 6;

const Kernel<float> kF32 = {
    "avx2 6x16", kMR, 16, 144, 256, 4080,
    micro_table<SimdFamily<Avx2F32, kMR, 2>, kMR>(),
    pack_a_panels<Avx2F32, kMR>, pack_b_panels<Avx2F32, 16>};

const Kernel<double> kF64 = {
    "avx2 6x8", kMR, 8, 72, 256, 4080,
    micro_table<SimdFamily<Avx2F64, kMR, 2>, kMR>(),
    pack_a_panels<Avx2F64, kMR>, pack_b_panels<Avx2F64, 8>};

}  // namespace

const Kernel<float>* kernel_avx2_f32() { return &kF32; }
const Kernel<double>* kernel_avx2_f64() { return &kF64; }

}  // namespace gemm
}  // namespace nn4j
