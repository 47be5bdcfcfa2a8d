// Thread-local error message and the shared argument checks.
#include <cstdio>
#include <cstring>
#include "core.h"

namespace nn4j {

static thread_local char g_error[1024] = "";

int fail(int status, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g_error, sizeof g_error, fmt, ap);
    va_end(ap);
    return status;
}

void clear_error() { g_error[0] = '\0'; }

size_t dtype_size(int dtype) {
    switch (dtype) {
        case NN4J_F32: return 4;
        case NN4J_F64: return 8;
        case NN4J_I32: return 4;
        case NN4J_I64: return 8;
        case NN4J_BOOL: return 1;
        default: return 0;
    }
}

const char* dtype_name(int dtype) {
    switch (dtype) {
        case NN4J_F32: return "float32";
        case NN4J_F64: return "float64";
        case NN4J_I32: return "int32";
        case NN4J_I64: return "int64";
        case NN4J_BOOL: return "bool";
        default: return "unknown";
    }
}

int check_dtype(const char* fn, int dtype) {
    if (dtype_size(dtype) == 0) return fail(NN4J_ERR_DTYPE, "%s: unknown dtype code %d", fn, dtype);
    return NN4J_OK;
}

int check_float_dtype(const char* fn, int dtype) {
    if (dtype != NN4J_F32 && dtype != NN4J_F64)
        return fail(NN4J_ERR_DTYPE, "%s: dtype %s not supported, expected float32 or float64", fn,
                    dtype_name(dtype));
    return NN4J_OK;
}

int check_shape(const char* fn, int ndim, const int64_t* shape) {
    if (ndim < 0 || ndim > NN4J_MAX_DIMS)
        return fail(NN4J_ERR_SHAPE, "%s: ndim = %d outside [0, %d]", fn, ndim, NN4J_MAX_DIMS);
    if (ndim > 0 && shape == nullptr) return fail(NN4J_ERR_ARG, "%s: shape is null", fn);
    int64_t n = 1;
    for (int d = 0; d < ndim; ++d) {
        if (shape[d] < 0)
            return fail(NN4J_ERR_SHAPE, "%s: shape[%d] = %lld is negative", fn, d, (long long)shape[d]);
        if (shape[d] > 0 && n > INT64_MAX / shape[d])
            return fail(NN4J_ERR_SHAPE, "%s: element count overflows int64", fn);
        n *= shape[d];
    }
    return NN4J_OK;
}

int check_ptr(const char* fn, const char* what, const void* p) {
    if (p == nullptr) return fail(NN4J_ERR_ARG, "%s: %s is null", fn, what);
    return NN4J_OK;
}

int64_t shape_numel(int ndim, const int64_t* shape) {
    int64_t n = 1;
    for (int d = 0; d < ndim; ++d) n *= shape[d];
    return n;
}

}  // namespace nn4j

extern "C" const char* nn4j_last_error(void) { return nn4j::g_error; }
