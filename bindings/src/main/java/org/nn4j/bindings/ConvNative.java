package org.nn4j.bindings;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * JavaCPP binding of {@code native/include/nn4j_conv.h} (convolution, transposed convolution) and
 * {@code native/include/nn4j_pool.h} (max / average / min pooling): one line per entry point,
 * compiled into the same JNI library as {@link Nn4jNative}. Buffers are raw addresses
 * ({@code long}, 0 = null); shapes and per-axis parameters are {@code long[]}. Internal: the
 * differentiable ops {@code org.nn4j.ops.nn.Convolution} and {@code Pooling} wrap every call.
 */
@Platform(include = {"nn4j.h", "nn4j_conv.h", "nn4j_pool.h"}, link = "nn4j", library = "jniNn4jNative")
public final class ConvNative {
    static {
        Loader.load();
    }

    private ConvNative() {}

    /** NN4J_POOL_* kinds. */
    public static final int POOL_MAX = 0, POOL_AVG = 1, POOL_MIN = 2;

    // ---- convolution
    public static native int nn4j_conv_forward(int device, int dtype, int nsp, @Cast("const int64_t*") long[] xShape, @Cast("const int64_t*") long[] wShape, @Cast("const int64_t*") long[] yShape, @Cast("const int64_t*") long[] stride, @Cast("const int64_t*") long[] dilation, @Cast("const int64_t*") long[] padBegin, @Cast("const int64_t*") long[] padEnd, @Cast("int64_t") long groups, @Cast("const void*") long x, @Cast("const void*") long w, @Cast("const void*") long b, @Cast("void*") long y);
    public static native int nn4j_conv_backward_data(int device, int dtype, int nsp, @Cast("const int64_t*") long[] xShape, @Cast("const int64_t*") long[] wShape, @Cast("const int64_t*") long[] yShape, @Cast("const int64_t*") long[] stride, @Cast("const int64_t*") long[] dilation, @Cast("const int64_t*") long[] padBegin, @Cast("const int64_t*") long[] padEnd, @Cast("int64_t") long groups, @Cast("const void*") long dy, @Cast("const void*") long w, @Cast("void*") long dx);
    public static native int nn4j_conv_backward_weights(int device, int dtype, int nsp, @Cast("const int64_t*") long[] xShape, @Cast("const int64_t*") long[] wShape, @Cast("const int64_t*") long[] yShape, @Cast("const int64_t*") long[] stride, @Cast("const int64_t*") long[] dilation, @Cast("const int64_t*") long[] padBegin, @Cast("const int64_t*") long[] padEnd, @Cast("int64_t") long groups, @Cast("const void*") long x, @Cast("const void*") long dy, @Cast("void*") long dw, @Cast("void*") long db);

    // ---- transposed convolution
    public static native int nn4j_conv_transpose_forward(int device, int dtype, int nsp, @Cast("const int64_t*") long[] xShape, @Cast("const int64_t*") long[] wShape, @Cast("const int64_t*") long[] yShape, @Cast("const int64_t*") long[] stride, @Cast("const int64_t*") long[] dilation, @Cast("const int64_t*") long[] padBegin, @Cast("const int64_t*") long[] padEnd, @Cast("int64_t") long groups, @Cast("const void*") long x, @Cast("const void*") long w, @Cast("const void*") long b, @Cast("void*") long y);
    public static native int nn4j_conv_transpose_backward_data(int device, int dtype, int nsp, @Cast("const int64_t*") long[] xShape, @Cast("const int64_t*") long[] wShape, @Cast("const int64_t*") long[] yShape, @Cast("const int64_t*") long[] stride, @Cast("const int64_t*") long[] dilation, @Cast("const int64_t*") long[] padBegin, @Cast("const int64_t*") long[] padEnd, @Cast("int64_t") long groups, @Cast("const void*") long dy, @Cast("const void*") long w, @Cast("void*") long dx);
    public static native int nn4j_conv_transpose_backward_weights(int device, int dtype, int nsp, @Cast("const int64_t*") long[] xShape, @Cast("const int64_t*") long[] wShape, @Cast("const int64_t*") long[] yShape, @Cast("const int64_t*") long[] stride, @Cast("const int64_t*") long[] dilation, @Cast("const int64_t*") long[] padBegin, @Cast("const int64_t*") long[] padEnd, @Cast("int64_t") long groups, @Cast("const void*") long x, @Cast("const void*") long dy, @Cast("void*") long dw, @Cast("void*") long db);

    // ---- pooling (ws: int64 workspace of numel(y) + 1 elements, 0 when none)
    public static native int nn4j_pool_forward(int device, int dtype, int kind, int nsp, @Cast("const int64_t*") long[] xShape, @Cast("const int64_t*") long[] yShape, @Cast("const int64_t*") long[] kernel, @Cast("const int64_t*") long[] stride, @Cast("const int64_t*") long[] padBegin, @Cast("const int64_t*") long[] padEnd, @Cast("const void*") long x, @Cast("void*") long y, @Cast("int64_t*") long ws);
    public static native int nn4j_pool_backward(int device, int dtype, int kind, int nsp, @Cast("const int64_t*") long[] xShape, @Cast("const int64_t*") long[] yShape, @Cast("const int64_t*") long[] kernel, @Cast("const int64_t*") long[] stride, @Cast("const int64_t*") long[] padBegin, @Cast("const int64_t*") long[] padEnd, @Cast("const void*") long dy, @Cast("const int64_t*") long ws, @Cast("void*") long dx);
}
