// Internal helpers shared by every CPU kernel file: error reporting, argument checks,
// the thread pool and ISA dispatch. Public ABI lives in native/include/nn4j.h.
#pragma once
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <functional>
#include "nn4j.h"

namespace nn4j {

// Records a printf-style message in the thread-local error slot and returns `status`,
// so a check reads: if (n < 0) return fail(NN4J_ERR_ARG, "nn4j_fill: n = %lld < 0", n);
int fail(int status, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
void clear_error();

// Size in bytes of a dtype, or 0 for an unknown one.
size_t dtype_size(int dtype);
const char* dtype_name(int dtype);

// Common argument checks; each returns NN4J_OK or a filled-in error naming `fn`.
int check_dtype(const char* fn, int dtype);
int check_float_dtype(const char* fn, int dtype);  // F32 or F64
int check_shape(const char* fn, int ndim, const int64_t* shape);  // 0 <= ndim <= MAX, dims >= 0
int check_ptr(const char* fn, const char* what, const void* p);
int64_t shape_numel(int ndim, const int64_t* shape);

// Thread pool. parallel_for splits [0, n) into contiguous chunks of at least `grain`
// iterations and runs fn(begin, end) on up to num_threads() threads (the caller included).
// Nested calls run serially. fn must not throw.
int num_threads();
void set_num_threads(int n);
void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn);

// Instruction set chosen at run time (cpuid), lowerable for tests by nn4j_set_isa.
int active_isa();

// CUDA forwarding: the table of the sibling library, or null when not loaded.
struct CudaTable;
const CudaTable* cuda();
// A symbol of the loaded CUDA library (null when it is not loaded or lacks the symbol).
// Op families added after the core table export their own table, e.g.
//   extern "C" const ConvCudaTable* nn4j_cuda_conv_table(void);
// and look it up with cuda_symbol("nn4j_cuda_conv_table").
void* cuda_symbol(const char* name);

// The CUDA table of one op family (exported as `symbol`) for device > 0, or null with *st set:
// NN4J_ERR_ARG for a negative device, NN4J_ERR_NO_DEVICE naming fn and `kernels` when the CUDA
// library is not loaded or its table has another version than this build expects.
template <class Table>
const Table* cuda_family_table(const char* fn, int device, const char* symbol, int version, const char* kernels,
                               int* st) {
    *st = NN4J_OK;
    if (device < 0) {
        *st = fail(NN4J_ERR_ARG, "%s: device %d is negative", fn, device);
        return nullptr;
    }
    using Getter = const Table* (*)();
    Getter g = (Getter)cuda_symbol(symbol);
    const Table* tab = g ? g() : nullptr;
    if (!tab || tab->version != version) {
        *st = fail(NN4J_ERR_NO_DEVICE,
                   "%s: CUDA device %d requested, but the CUDA library is not loaded or lacks the %s kernels "
                   "(no GPU, or nn4j was built without nvcc)", fn, device - 1, kernels);
        return nullptr;
    }
    return tab;
}

}  // namespace nn4j

// For device != 0: calls the op family's CUDA table entry `member` (table type Table, exported as
// `symbol`) with ordinal device - 1 and returns its status, or returns the lookup's error.
#define NN4J_FAMILY_CUDA(Table, symbol, version, kernels, fn, member, ...)                           \
    do {                                                                                           \
        if (device != 0) {                                                                         \
            int st_;                                                                               \
            const Table* t_ = ::nn4j::cuda_family_table<Table>(fn, device, symbol, version, kernels, &st_); \
            return t_ ? t_->member(device - 1, __VA_ARGS__) : st_;                                 \
        }                                                                                          \
    } while (0)

// Runs the statement with T = float or double; callers have rejected every other dtype.
#define NN4J_FLOAT(dtype, T, ...)     \
    do {                              \
        if ((dtype) == NN4J_F32) {    \
            using T = float;          \
            __VA_ARGS__;              \
        } else {                      \
            using T = double;         \
            __VA_ARGS__;              \
        }                             \
    } while (0)

// Entry-point prologue for device dispatch: a kernel file's nn4j_xxx function validates its
// arguments, then, for device != 0, returns
//   NN4J_CUDA_FORWARD("nn4j_xxx", xxx, device - 1, args...)
// which calls the CUDA table's entry or fails with NN4J_ERR_NO_DEVICE naming the function.
#include "cuda_table.h"
#define NN4J_CUDA_FORWARD(fn_name, member, ...)                                                   \
    (device < 0 ? ::nn4j::fail(NN4J_ERR_ARG, "%s: device %d is negative", fn_name, device)       \
     : (::nn4j::cuda() == nullptr || ::nn4j::cuda()->member == nullptr)                          \
         ? ::nn4j::fail(NN4J_ERR_NO_DEVICE,                                                      \
                        "%s: CUDA device %d requested, but the CUDA library is not loaded "      \
                        "(no GPU, or nn4j was built without nvcc)", fn_name, device - 1)         \
         : ::nn4j::cuda()->member(__VA_ARGS__))
