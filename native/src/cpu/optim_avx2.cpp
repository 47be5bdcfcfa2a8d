// The fused optimizer loops (optim_loops.h) built with AVX2 (this file gets -mavx2 -mfma; the
// dispatcher in optim.cpp calls it only when active_isa() >= NN4J_ISA_AVX2). Division and square
// root dominate the rules, and AVX2 does them 8 floats (4 doubles) at a time: measured about 2x
// the baseline SSE2 loops on Adam and momentum with the arrays in cache, and less once memory
// bandwidth limits (OptimizerBench; rough numbers from a loaded 2-core machine).
// Contraction into FMA is switched off so that every ISA, and the CUDA twin (--fmad=false),
// rounds the same operations the same way: results are bit-identical whichever path runs.
#pragma GCC optimize("fp-contract=off")
#include "optim_loops.h"

namespace nn4j {
namespace optim {

const Loops<float>* avx2_loops_f32() {
    return own_loops<float>();
}

const Loops<double>* avx2_loops_f64() {
    return own_loops<double>();
}

}  // namespace optim
}  // namespace nn4j
