package org.nn4j.internal;

import org.nn4j.DType;
import org.nn4j.Nn4jException;
import org.nn4j.Tensor;
import org.nn4j.bindings.Nn4jNative;

/**
 * The only caller of {@link Nn4jNative} for tensor work. Each method takes tensors whose shapes,
 * dtypes and devices the op has already validated, computes addresses and (broadcast) strides,
 * calls one native kernel and turns a non-zero status into an exception:
 * argument/shape/dtype errors become {@link IllegalArgumentException}, the rest
 * {@link Nn4jException}. Results are fresh contiguous tensors registered in the current scope.
 */
public final class Kernels {
    // op codes, as in nn4j.h
    public static final int UNARY_NEG = 0, UNARY_ABS = 1, UNARY_SIGN = 2, UNARY_EXP = 3, UNARY_LOG = 4,
            UNARY_LOG1P = 5, UNARY_EXPM1 = 6, UNARY_SQRT = 7, UNARY_RSQRT = 8, UNARY_SQUARE = 9,
            UNARY_RECIPROCAL = 10, UNARY_SIN = 11, UNARY_COS = 12, UNARY_TANH = 13, UNARY_SIGMOID = 14,
            UNARY_RELU = 15, UNARY_FLOOR = 16, UNARY_CEIL = 17, UNARY_ROUND = 18, UNARY_POW_SCALAR = 19,
            UNARY_CLAMP = 20, UNARY_LOGICAL_NOT = 21, UNARY_ISNAN = 22, UNARY_ISFINITE = 23, UNARY_STEP = 24;
    public static final int BINARY_ADD = 0, BINARY_SUB = 1, BINARY_MUL = 2, BINARY_DIV = 3, BINARY_POW = 4,
            BINARY_MAX = 5, BINARY_MIN = 6, BINARY_EQ = 7, BINARY_NE = 8, BINARY_LT = 9, BINARY_LE = 10,
            BINARY_GT = 11, BINARY_GE = 12, BINARY_AND = 13, BINARY_OR = 14, BINARY_XOR = 15;
    public static final int REDUCE_SUM = 0, REDUCE_MEAN = 1, REDUCE_MAX = 2, REDUCE_MIN = 3, REDUCE_PROD = 4,
            REDUCE_LOGSUMEXP = 5, REDUCE_VAR = 6, REDUCE_ARGMAX = 7, REDUCE_ARGMIN = 8, REDUCE_ALL = 9,
            REDUCE_ANY = 10, REDUCE_NORM2 = 11;
    public static final int RAND_UNIFORM = 0, RAND_NORMAL = 1, RAND_BERNOULLI = 2, RAND_TRUNC_NORMAL = 3;

    static {
        NativeLibrary.ensureLoaded();
        String mode = System.getProperty("nn4j.dnnl");
        if (mode != null && !mode.isEmpty()) {
            check(Nn4jNative.nn4j_set_dnnl_mode(dnnlModeCode(mode)), "-Dnn4j.dnnl=" + mode);
        }
    }

    private static final TensorAccess T = TensorAccess.get();

    private Kernels() {}

    /** NN4J_DNNL_* code of "auto", "off" or "force". */
    public static int dnnlModeCode(String mode) {
        switch (mode.toLowerCase(java.util.Locale.ROOT)) {
            case "auto": return 0;
            case "off": return 1;
            case "force": return 2;
            default: throw new IllegalArgumentException("nn4j.dnnl: unknown mode \"" + mode + "\" (auto, off, force)");
        }
    }

    // ---- status handling

    /** Throws for a non-zero native status, prefixing the native message with the Java op. */
    public static void check(int status, String op) {
        if (status != 0) throw error(status, op);
    }

    static RuntimeException error(int status, String op) {
        String msg = Nn4jNative.nn4j_last_error();
        String full = op + ": " + (msg == null || msg.isEmpty() ? "native status " + status : msg);
        switch (status) {
            case 1: case 2: case 3:
                return new IllegalArgumentException(full);
            default:
                return new Nn4jException(full, status);
        }
    }

    // ---- memory

    public static long rawAlloc(int device, long bytes) {
        long[] out = new long[1];
        check(Nn4jNative.nn4j_alloc(device, bytes, out), "alloc");
        return out[0];
    }

    /** Frees a block from {@link #rawAlloc}; never throws (runs on the Cleaner thread too). */
    public static void rawFree(int device, long address) {
        Nn4jNative.nn4j_free(device, address);
    }

    /** Native address of t's first element. */
    public static long addr(Tensor t) {
        return T.storage(t).address + T.offset(t) * t.dtype().byteSize();
    }

    public static int device(Tensor t) {
        return T.storage(t).device;
    }

    /** A new contiguous, uninitialized tensor; {@code shape} is kept (the caller must not modify it). */
    public static Tensor empty(DType dtype, int device, long[] shape) {
        long n = Strides.numel(shape);
        Storage s = Storage.allocate(device, n * dtype.byteSize());
        return T.create(s, 0, shape, Strides.contiguous(shape), dtype);
    }

    /** Like {@link #empty} but never from an arena and in no scope (leaf grads, optimizer state). */
    public static Tensor emptyHeapUntracked(DType dtype, int device, long[] shape) {
        long n = Strides.numel(shape);
        Storage s = Storage.allocateHeap(device, n * dtype.byteSize());
        return T.createUntracked(s, 0, shape, Strides.contiguous(shape), dtype);
    }

    /**
     * A 0-d operand holding value for the duration of one kernel call: on the host it lives in
     * one of 8 rotating per-thread slots (no allocation), elsewhere it is allocated. Never keep
     * it (e.g. save it for backward): a later call reuses the slot. Close it after use.
     */
    public static Tensor scalarTemp(double value, DType dtype, int device) {
        if (device != 0) return scalar(value, dtype, device);
        ScalarSlots slots = SLOTS.get();
        int i = slots.next;
        slots.next = (i + 1) & (ScalarSlots.COUNT - 1);
        int off = i * ScalarSlots.SLOT;
        java.nio.ByteBuffer b = slots.buffer;
        switch (dtype) {
            case FLOAT32: b.putFloat(off, (float) value); break;
            case FLOAT64: b.putDouble(off, value); break;
            case INT32: b.putInt(off, (int) value); break;
            case INT64: b.putLong(off, (long) value); break;
            default: b.put(off, value != 0 ? (byte) 1 : 0); break;
        }
        return T.createUntracked(slots.storages[i], 0, Strides.EMPTY, Strides.EMPTY, dtype);
    }

    private static final ThreadLocal<ScalarSlots> SLOTS = ThreadLocal.withInitial(ScalarSlots::new);

    private static final class ScalarSlots {
        static final int COUNT = 8, SLOT = 64;
        /** COUNT slots of SLOT bytes, starting 64-byte aligned. */
        final java.nio.ByteBuffer buffer;
        final Storage[] storages = new Storage[COUNT];
        int next;

        ScalarSlots() {
            java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocateDirect(COUNT * SLOT + 64);
            long base = new org.bytedeco.javacpp.Pointer(raw).address();
            long aligned = (base + 63) & ~63L;
            raw.position((int) (aligned - base));
            buffer = raw.slice().order(java.nio.ByteOrder.nativeOrder());
            for (int i = 0; i < COUNT; i++) storages[i] = Storage.borrowed(aligned + (long) i * SLOT, SLOT);
        }
    }

    public static Tensor scalar(double value, DType dtype, int device) {
        Tensor t = empty(dtype, device, Strides.EMPTY);
        check(Nn4jNative.nn4j_fill(device, dtype.code(), addr(t), 1, value), "scalar");
        return t;
    }

    // ---- fills

    /** Sets every element of out (any strides) to value. */
    public static void fill(Tensor out, double value) {
        long n = out.numel();
        if (n == 0) return;
        long[] shape = T.shape(out);
        if (Strides.isContiguous(shape, T.strides(out))) {
            check(Nn4jNative.nn4j_fill(device(out), out.dtype().code(), addr(out), n, value), "fill");
        } else {
            try (Tensor s = scalarTemp(value, out.dtype(), device(out))) {
                copy(s, out);
            }
        }
    }

    public static void arange(Tensor out, double start, double step) {
        long n = out.numel();
        if (n == 0) return;
        check(Nn4jNative.nn4j_arange(device(out), out.dtype().code(), addr(out), n, start, step), "arange");
    }

    public static void random(Tensor out, int dist, long seed, long offset, double p1, double p2, String op) {
        long n = out.numel();
        if (n == 0) return;
        check(Nn4jNative.nn4j_random(device(out), dist, out.dtype().code(), addr(out), n, seed, offset, p1, p2), op);
    }

    // ---- copy

    /** dst[idx] = (dst dtype) src[idx], src broadcast to dst's shape; any strides. Same device. */
    public static void copy(Tensor src, Tensor dst) {
        long[] shape = T.shape(dst);
        if (Strides.numel(shape) == 0) return;
        long[] ss = Broadcast.strides(T.shape(src), T.strides(src), shape);
        check(Nn4jNative.nn4j_copy(device(dst), shape.length, shape, src.dtype().code(), addr(src), ss,
                dst.dtype().code(), addr(dst), T.strides(dst)), "copy");
    }

    /** A contiguous copy of x with dtype {@code dtype}. */
    public static Tensor copyContiguous(Tensor x, DType dtype) {
        Tensor out = empty(dtype, device(x), T.shape(x));
        copy(x, out);
        return out;
    }

    /** Raw copy of {@code bytes} between devices (device code 0 = host). */
    public static void memcpy(int dstDevice, long dst, int srcDevice, long src, long bytes) {
        if (bytes == 0) return;
        check(Nn4jNative.nn4j_memcpy(dstDevice, dst, srcDevice, src, bytes), "memcpy");
    }

    // ---- host arrays <-> contiguous tensors (any device)

    public static void fromHost(float[] src, Tensor dst) {
        check(Nn4jNative.nn4j_memcpy_from(device(dst), addr(dst), 0, src, 4L * src.length), "of");
    }

    public static void fromHost(double[] src, Tensor dst) {
        check(Nn4jNative.nn4j_memcpy_from(device(dst), addr(dst), 0, src, 8L * src.length), "of");
    }

    public static void fromHost(int[] src, Tensor dst) {
        check(Nn4jNative.nn4j_memcpy_from(device(dst), addr(dst), 0, src, 4L * src.length), "of");
    }

    public static void fromHost(long[] src, Tensor dst) {
        check(Nn4jNative.nn4j_memcpy_from(device(dst), addr(dst), 0, src, 8L * src.length), "of");
    }

    public static void fromHost(byte[] src, Tensor dst) {
        check(Nn4jNative.nn4j_memcpy_from(device(dst), addr(dst), 0, src, src.length), "of");
    }

    public static void toHost(Tensor src, float[] dst) {
        if (dst.length > 0) check(Nn4jNative.nn4j_memcpy_to(0, dst, device(src), addr(src), 4L * dst.length), "toFloatArray");
    }

    public static void toHost(Tensor src, double[] dst) {
        if (dst.length > 0) check(Nn4jNative.nn4j_memcpy_to(0, dst, device(src), addr(src), 8L * dst.length), "toDoubleArray");
    }

    public static void toHost(Tensor src, int[] dst) {
        if (dst.length > 0) check(Nn4jNative.nn4j_memcpy_to(0, dst, device(src), addr(src), 4L * dst.length), "toIntArray");
    }

    public static void toHost(Tensor src, long[] dst) {
        if (dst.length > 0) check(Nn4jNative.nn4j_memcpy_to(0, dst, device(src), addr(src), 8L * dst.length), "toLongArray");
    }

    public static void toHost(Tensor src, byte[] dst) {
        if (dst.length > 0) check(Nn4jNative.nn4j_memcpy_to(0, dst, device(src), addr(src), dst.length), "toBooleanArray");
    }

    // ---- element-wise

    /** out = op(x) with alpha/beta; out contiguous with x's shape and dtype {@code outDtype}. */
    public static Tensor unary(int op, String name, Tensor x, DType outDtype, double alpha, double beta) {
        long[] shape = T.shape(x);
        Tensor out = empty(outDtype, device(x), shape);
        if (Strides.numel(shape) == 0) return out;
        check(Nn4jNative.nn4j_unary(device(x), op, x.dtype().code(), shape.length, shape, addr(x), T.strides(x),
                addr(out), T.strides(out), alpha, beta), name);
        return out;
    }

    /** out = a op b broadcast to {@code outShape} (from {@link Broadcast#shape}). */
    public static Tensor binary(int op, String name, Tensor a, Tensor b, long[] outShape, DType outDtype) {
        Tensor out = empty(outDtype, device(a), outShape);
        binaryInto(op, name, a, b, out);
        return out;
    }

    /** out = a op b, a and b broadcast to out's shape; out may be a itself (in-place). */
    public static void binaryInto(int op, String name, Tensor a, Tensor b, Tensor out) {
        long[] shape = T.shape(out);
        if (Strides.numel(shape) == 0) return;
        long[] as = Broadcast.strides(T.shape(a), T.strides(a), shape);
        long[] bs = Broadcast.strides(T.shape(b), T.strides(b), shape);
        check(Nn4jNative.nn4j_binary(device(out), op, a.dtype().code(), shape.length, shape, addr(a), as, addr(b), bs,
                addr(out), T.strides(out)), name);
    }

    /** out = cond ? a : b, all broadcast to outShape. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b, long[] outShape) {
        Tensor out = empty(a.dtype(), device(a), outShape);
        if (Strides.numel(outShape) == 0) return out;
        long[] cs = Broadcast.strides(T.shape(cond), T.strides(cond), outShape);
        long[] as = Broadcast.strides(T.shape(a), T.strides(a), outShape);
        long[] bs = Broadcast.strides(T.shape(b), T.strides(b), outShape);
        check(Nn4jNative.nn4j_where(device(out), a.dtype().code(), outShape.length, outShape, addr(cond), cs,
                addr(a), as, addr(b), bs, addr(out), T.strides(out)), "where");
        return out;
    }

    // ---- reductions

    /**
     * Reduces the axes in mask. {@code outShape} is the reduced shape with or without kept 1s
     * (the native output is contiguous either way).
     */
    public static Tensor reduce(int op, String name, Tensor x, long mask, long[] outShape, DType outDtype, double param) {
        Tensor out = empty(outDtype, device(x), outShape);
        long[] shape = T.shape(x);
        check(Nn4jNative.nn4j_reduce(device(x), op, x.dtype().code(), shape.length, shape, addr(x), T.strides(x),
                mask, addr(out), param), name);
        return out;
    }

    // ---- gemm

    public static void gemm(int device, DType dtype, boolean transA, boolean transB, long m, long n, long k,
                            double alpha, long a, long lda, long b, long ldb, double beta, long c, long ldc,
                            long batch, long strideA, long strideB, long strideC) {
        check(Nn4jNative.nn4j_gemm(device, dtype.code(), transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb,
                beta, c, ldc, batch, strideA, strideB, strideC), "matmul");
    }

    // ---- indexing (contiguous operands)

    public static void gather(Tensor x, int axis, Tensor index, Tensor out) {
        if (out.numel() == 0) return;
        long[] xs = T.shape(x);
        check(Nn4jNative.nn4j_gather(device(x), x.dtype().code(), xs.length, xs, addr(x), axis, T.shape(index),
                addr(index), addr(out)), "gather");
    }

    public static void scatterAdd(Tensor out, int axis, Tensor index, Tensor src) {
        if (index.numel() == 0) return;
        long[] os = T.shape(out);
        check(Nn4jNative.nn4j_scatter_add(device(out), out.dtype().code(), os.length, os, addr(out), axis,
                T.shape(index), addr(index), addr(src)), "scatterAdd");
    }
}
