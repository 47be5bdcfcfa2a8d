package org.nn4j.bindings;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * JavaCPP binding of the C ABI in {@code native/include/nn4j.h}: one line per entry point.
 * Buffers travel as raw addresses ({@code long}); shapes and strides as {@code long[]}.
 * Internal: the public API ({@code org.nn4j}) wraps every call and turns status codes into
 * exceptions. Load through {@code org.nn4j.NativeLibrary}, which preloads oneDNN first.
 */
@Platform(include = "nn4j.h", link = "nn4j")
public final class Nn4jNative {
    static {
        Loader.load();
    }

    private Nn4jNative() {}

    // ---- library state
    public static native String nn4j_last_error();
    public static native String nn4j_version();
    public static native int nn4j_isa_supported();
    public static native int nn4j_isa_active();
    public static native int nn4j_set_isa(int isa);
    public static native String nn4j_isa_name(int isa);
    public static native int nn4j_set_num_threads(int n);
    public static native int nn4j_get_num_threads();
    public static native String nn4j_dnnl_version();
    public static native int nn4j_set_dnnl_mode(int mode);
    public static native int nn4j_get_dnnl_mode();
    public static native String nn4j_last_path();

    // ---- CUDA
    public static native int nn4j_cuda_load(String path);
    public static native int nn4j_cuda_device_count();
    public static native int nn4j_cuda_device_name(int ordinal, @Cast("char*") byte[] buf, @Cast("int64_t") long bufLen);
    public static native int nn4j_synchronize(int device);

    // ---- memory
    public static native int nn4j_alloc(int device, @Cast("int64_t") long bytes, @Cast("int64_t*") long[] outAddr);
    public static native int nn4j_free(int device, @Cast("int64_t") long addr);
    public static native int nn4j_memcpy(int dstDevice, @Cast("void*") long dst, int srcDevice, @Cast("const void*") long src, @Cast("int64_t") long bytes);
    @Name("nn4j_memcpy") public static native int nn4j_memcpy_from(int dstDevice, @Cast("void*") long dst, int srcDevice, @Cast("const void*") float[] src, @Cast("int64_t") long bytes);
    @Name("nn4j_memcpy") public static native int nn4j_memcpy_from(int dstDevice, @Cast("void*") long dst, int srcDevice, @Cast("const void*") double[] src, @Cast("int64_t") long bytes);
    @Name("nn4j_memcpy") public static native int nn4j_memcpy_from(int dstDevice, @Cast("void*") long dst, int srcDevice, @Cast("const void*") int[] src, @Cast("int64_t") long bytes);
    @Name("nn4j_memcpy") public static native int nn4j_memcpy_from(int dstDevice, @Cast("void*") long dst, int srcDevice, @Cast("const void*") long[] src, @Cast("int64_t") long bytes);
    @Name("nn4j_memcpy") public static native int nn4j_memcpy_from(int dstDevice, @Cast("void*") long dst, int srcDevice, @Cast("const void*") byte[] src, @Cast("int64_t") long bytes);
    @Name("nn4j_memcpy") public static native int nn4j_memcpy_to(int dstDevice, @Cast("void*") float[] dst, int srcDevice, @Cast("const void*") long src, @Cast("int64_t") long bytes);
    @Name("nn4j_memcpy") public static native int nn4j_memcpy_to(int dstDevice, @Cast("void*") double[] dst, int srcDevice, @Cast("const void*") long src, @Cast("int64_t") long bytes);
    @Name("nn4j_memcpy") public static native int nn4j_memcpy_to(int dstDevice, @Cast("void*") int[] dst, int srcDevice, @Cast("const void*") long src, @Cast("int64_t") long bytes);
    @Name("nn4j_memcpy") public static native int nn4j_memcpy_to(int dstDevice, @Cast("void*") long[] dst, int srcDevice, @Cast("const void*") long src, @Cast("int64_t") long bytes);
    @Name("nn4j_memcpy") public static native int nn4j_memcpy_to(int dstDevice, @Cast("void*") byte[] dst, int srcDevice, @Cast("const void*") long src, @Cast("int64_t") long bytes);
    public static native @Cast("int64_t") long nn4j_live_bytes(int device);
    public static native @Cast("int64_t") long nn4j_cached_bytes(int device);
    public static native int nn4j_empty_cache(int device);
    public static native int nn4j_set_cache_limit(int device, @Cast("int64_t") long bytes);

    // ---- fills
    public static native int nn4j_fill(int device, int dtype, @Cast("void*") long out, @Cast("int64_t") long n, double value);
    public static native int nn4j_arange(int device, int dtype, @Cast("void*") long out, @Cast("int64_t") long n, double start, double step);
    public static native int nn4j_random(int device, int dist, int dtype, @Cast("void*") long out, @Cast("int64_t") long n,
                                         @Cast("uint64_t") long seed, @Cast("uint64_t") long offset, double p1, double p2);

    // ---- copy / element-wise / reductions
    public static native int nn4j_copy(int device, int ndim, @Cast("const int64_t*") long[] shape,
                                       int xDtype, @Cast("const void*") long x, @Cast("const int64_t*") long[] xStrides,
                                       int outDtype, @Cast("void*") long out, @Cast("const int64_t*") long[] outStrides);
    public static native int nn4j_unary(int device, int op, int dtype, int ndim, @Cast("const int64_t*") long[] shape,
                                        @Cast("const void*") long x, @Cast("const int64_t*") long[] xStrides,
                                        @Cast("void*") long out, @Cast("const int64_t*") long[] outStrides, double alpha, double beta);
    public static native int nn4j_binary(int device, int op, int dtype, int ndim, @Cast("const int64_t*") long[] shape,
                                         @Cast("const void*") long a, @Cast("const int64_t*") long[] aStrides,
                                         @Cast("const void*") long b, @Cast("const int64_t*") long[] bStrides,
                                         @Cast("void*") long out, @Cast("const int64_t*") long[] outStrides);
    public static native int nn4j_where(int device, int dtype, int ndim, @Cast("const int64_t*") long[] shape,
                                        @Cast("const void*") long cond, @Cast("const int64_t*") long[] condStrides,
                                        @Cast("const void*") long a, @Cast("const int64_t*") long[] aStrides,
                                        @Cast("const void*") long b, @Cast("const int64_t*") long[] bStrides,
                                        @Cast("void*") long out, @Cast("const int64_t*") long[] outStrides);
    public static native int nn4j_reduce(int device, int op, int dtype, int ndim, @Cast("const int64_t*") long[] shape,
                                         @Cast("const void*") long x, @Cast("const int64_t*") long[] xStrides,
                                         @Cast("int64_t") long axesMask, @Cast("void*") long out, double param);

    // ---- matrix multiply
    public static native int nn4j_gemm(int device, int dtype, int transA, int transB,
                                       @Cast("int64_t") long m, @Cast("int64_t") long n, @Cast("int64_t") long k, double alpha,
                                       @Cast("const void*") long a, @Cast("int64_t") long lda,
                                       @Cast("const void*") long b, @Cast("int64_t") long ldb,
                                       double beta, @Cast("void*") long c, @Cast("int64_t") long ldc,
                                       @Cast("int64_t") long batch, @Cast("int64_t") long strideA,
                                       @Cast("int64_t") long strideB, @Cast("int64_t") long strideC);

    // ---- indexing
    public static native int nn4j_gather(int device, int dtype, int ndim, @Cast("const int64_t*") long[] xShape,
                                         @Cast("const void*") long x, int axis, @Cast("const int64_t*") long[] indexShape,
                                         @Cast("const int64_t*") long index, @Cast("void*") long out);
    public static native int nn4j_scatter_add(int device, int dtype, int ndim, @Cast("const int64_t*") long[] outShape,
                                              @Cast("void*") long out, int axis, @Cast("const int64_t*") long[] indexShape,
                                              @Cast("const int64_t*") long index, @Cast("const void*") long src);
}
