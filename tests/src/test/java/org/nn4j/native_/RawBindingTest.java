package org.nn4j.native_;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nn4j.bindings.Nn4jNative;
import org.nn4j.internal.NativeLibrary;

/**
 * The C ABI under garbage: every entry point must answer a bad argument with an error status
 * and a message naming the function, never crash the JVM. One line per bad call. (Addresses
 * that are neither 0 nor real allocations are not tried: no C library can detect those.)
 */
class RawBindingTest {
    static final int OK = 0, ARG = 1, SHAPE = 2, DTYPE = 3, OOM = 4, NO_DEVICE = 5;
    static final int F32 = 0, F64 = 1, I32 = 2, I64 = 3, BOOL = 4;
    static final long HUGE = 1L << 40;

    /** Two valid 4 KiB buffers (enough for every well-formed call below) and an index buffer of zeros. */
    static long buf, buf2, idx;

    @BeforeAll
    static void allocate() {
        NativeLibrary.ensureLoaded();
        long[] out = new long[1];
        assertEquals(OK, Nn4jNative.nn4j_alloc(0, 4096, out), Nn4jNative.nn4j_last_error());
        buf = out[0];
        assertEquals(OK, Nn4jNative.nn4j_alloc(0, 4096, out), Nn4jNative.nn4j_last_error());
        buf2 = out[0];
        assertEquals(OK, Nn4jNative.nn4j_alloc(0, 4096, out), Nn4jNative.nn4j_last_error());
        idx = out[0];
        assertEquals(OK, Nn4jNative.nn4j_fill(0, I64, idx, 512, 0), Nn4jNative.nn4j_last_error());
        assertEquals(OK, Nn4jNative.nn4j_fill(0, F32, buf, 1024, 1), Nn4jNative.nn4j_last_error());
    }

    @AfterAll
    static void free() {
        Nn4jNative.nn4j_free(0, buf);
        Nn4jNative.nn4j_free(0, buf2);
        Nn4jNative.nn4j_free(0, idx);
    }

    /** A bad call: the function's name, the statuses the header allows for it, the call. */
    record Bad(String fn, String what, int[] allowed, IntSupplier call) {
        @Override
        public String toString() {
            return fn + ": " + what;
        }
    }

    static Bad bad(String fn, String what, IntSupplier call, int... allowed) {
        return new Bad(fn, what, allowed, call);
    }

    static long[] s(long... d) {
        return d;
    }

    static Stream<Bad> badCalls() {
        long[] shape2 = s(2, 3), st2 = s(3, 1), out1 = new long[1];
        return Stream.of(
                // library state
                bad("nn4j_set_num_threads", "n = 0", () -> Nn4jNative.nn4j_set_num_threads(0), ARG),
                bad("nn4j_set_num_threads", "n = -5", () -> Nn4jNative.nn4j_set_num_threads(-5), ARG),
                bad("nn4j_set_isa", "isa = 99", () -> Nn4jNative.nn4j_set_isa(99), ARG),
                bad("nn4j_set_isa", "isa = -1", () -> Nn4jNative.nn4j_set_isa(-1), ARG),
                bad("nn4j_cuda_device_name", "ordinal -1", () -> Nn4jNative.nn4j_cuda_device_name(-1, new byte[64], 64), ARG, NO_DEVICE),
                bad("nn4j_cuda_device_name", "null buffer", () -> Nn4jNative.nn4j_cuda_device_name(0, null, 64), ARG, NO_DEVICE),
                bad("nn4j_cuda_load", "missing file", () -> Nn4jNative.nn4j_cuda_load("/nonexistent/libnn4j_cuda.so"), NO_DEVICE, ARG),
                bad("nn4j_synchronize", "device -1", () -> Nn4jNative.nn4j_synchronize(-1), ARG),
                // memory
                bad("nn4j_alloc", "negative bytes", () -> Nn4jNative.nn4j_alloc(0, -1, out1), ARG),
                bad("nn4j_alloc", "2^62 bytes", () -> Nn4jNative.nn4j_alloc(0, 1L << 62, out1), OOM),
                bad("nn4j_alloc", "Long.MAX_VALUE bytes", () -> Nn4jNative.nn4j_alloc(0, Long.MAX_VALUE, out1), OOM, ARG),
                bad("nn4j_alloc", "device -3", () -> Nn4jNative.nn4j_alloc(-3, 8, out1), ARG),
                bad("nn4j_alloc", "null out_addr", () -> Nn4jNative.nn4j_alloc(0, 8, null), ARG),
                bad("nn4j_memcpy", "null dst", () -> Nn4jNative.nn4j_memcpy(0, 0, 0, buf, 8), ARG),
                bad("nn4j_memcpy", "null src", () -> Nn4jNative.nn4j_memcpy(0, buf, 0, 0, 8), ARG),
                bad("nn4j_memcpy", "negative bytes", () -> Nn4jNative.nn4j_memcpy(0, buf2, 0, buf, -8), ARG),
                bad("nn4j_memcpy", "device -2", () -> Nn4jNative.nn4j_memcpy(-2, buf2, 0, buf, 8), ARG),
                // fills
                bad("nn4j_fill", "dtype 99", () -> Nn4jNative.nn4j_fill(0, 99, buf, 4, 1), ARG, DTYPE),
                bad("nn4j_fill", "n = -1", () -> Nn4jNative.nn4j_fill(0, F32, buf, -1, 1), ARG, SHAPE),
                bad("nn4j_fill", "null out", () -> Nn4jNative.nn4j_fill(0, F32, 0, 4, 1), ARG),
                bad("nn4j_fill", "device -1", () -> Nn4jNative.nn4j_fill(-1, F32, buf, 4, 1), ARG),
                bad("nn4j_arange", "dtype -1", () -> Nn4jNative.nn4j_arange(0, -1, buf, 4, 0, 1), ARG, DTYPE),
                bad("nn4j_arange", "n = -7", () -> Nn4jNative.nn4j_arange(0, F64, buf, -7, 0, 1), ARG, SHAPE),
                bad("nn4j_arange", "null out", () -> Nn4jNative.nn4j_arange(0, F64, 0, 7, 0, 1), ARG),
                bad("nn4j_random", "dist 9", () -> Nn4jNative.nn4j_random(0, 9, F32, buf, 4, 1, 0, 0, 1), ARG),
                bad("nn4j_random", "dtype 42", () -> Nn4jNative.nn4j_random(0, 0, 42, buf, 4, 1, 0, 0, 1), ARG, DTYPE),
                bad("nn4j_random", "n = -4", () -> Nn4jNative.nn4j_random(0, 0, F32, buf, -4, 1, 0, 0, 1), ARG, SHAPE),
                bad("nn4j_random", "null out", () -> Nn4jNative.nn4j_random(0, 0, F32, 0, 4, 1, 0, 0, 1), ARG),
                // copy / cast
                bad("nn4j_copy", "ndim 99", () -> Nn4jNative.nn4j_copy(0, 99, new long[99], F32, buf, new long[99], F32, buf2, new long[99]), ARG, SHAPE),
                bad("nn4j_copy", "ndim -1", () -> Nn4jNative.nn4j_copy(0, -1, shape2, F32, buf, st2, F32, buf2, st2), ARG, SHAPE),
                bad("nn4j_copy", "null shape", () -> Nn4jNative.nn4j_copy(0, 2, null, F32, buf, st2, F32, buf2, st2), ARG, SHAPE),
                bad("nn4j_copy", "negative dim", () -> Nn4jNative.nn4j_copy(0, 2, s(2, -3), F32, buf, st2, F32, buf2, st2), ARG, SHAPE),
                bad("nn4j_copy", "numel overflow", () -> Nn4jNative.nn4j_copy(0, 2, s(HUGE, HUGE), F32, buf, st2, F32, buf2, st2), ARG, SHAPE),
                bad("nn4j_copy", "null x", () -> Nn4jNative.nn4j_copy(0, 2, shape2, F32, 0, st2, F32, buf2, st2), ARG),
                bad("nn4j_copy", "null out", () -> Nn4jNative.nn4j_copy(0, 2, shape2, F32, buf, st2, F32, 0, st2), ARG),
                bad("nn4j_copy", "null strides", () -> Nn4jNative.nn4j_copy(0, 2, shape2, F32, buf, null, F32, buf2, st2), ARG),
                bad("nn4j_copy", "x dtype 17", () -> Nn4jNative.nn4j_copy(0, 2, shape2, 17, buf, st2, F32, buf2, st2), ARG, DTYPE),
                bad("nn4j_copy", "out dtype -2", () -> Nn4jNative.nn4j_copy(0, 2, shape2, F32, buf, st2, -2, buf2, st2), ARG, DTYPE),
                // element-wise
                bad("nn4j_unary", "op 99", () -> Nn4jNative.nn4j_unary(0, 99, F32, 2, shape2, buf, st2, buf2, st2, 0, 0), ARG),
                bad("nn4j_unary", "op -1", () -> Nn4jNative.nn4j_unary(0, -1, F32, 2, shape2, buf, st2, buf2, st2, 0, 0), ARG),
                bad("nn4j_unary", "dtype 99", () -> Nn4jNative.nn4j_unary(0, 3, 99, 2, shape2, buf, st2, buf2, st2, 0, 0), ARG, DTYPE),
                bad("nn4j_unary", "ndim 99", () -> Nn4jNative.nn4j_unary(0, 3, F32, 99, new long[99], buf, new long[99], buf2, new long[99], 0, 0), ARG, SHAPE),
                bad("nn4j_unary", "numel overflow", () -> Nn4jNative.nn4j_unary(0, 3, F32, 2, s(HUGE, HUGE), buf, st2, buf2, st2, 0, 0), ARG, SHAPE),
                bad("nn4j_unary", "null x", () -> Nn4jNative.nn4j_unary(0, 3, F32, 2, shape2, 0, st2, buf2, st2, 0, 0), ARG),
                bad("nn4j_unary", "null out", () -> Nn4jNative.nn4j_unary(0, 3, F32, 2, shape2, buf, st2, 0, st2, 0, 0), ARG),
                bad("nn4j_unary", "exp of bool", () -> Nn4jNative.nn4j_unary(0, 3, BOOL, 2, shape2, buf, st2, buf2, st2, 0, 0), ARG, DTYPE),
                bad("nn4j_unary", "logical_not of float", () -> Nn4jNative.nn4j_unary(0, 21, F32, 2, shape2, buf, st2, buf2, st2, 0, 0), ARG, DTYPE),
                bad("nn4j_binary", "op 16", () -> Nn4jNative.nn4j_binary(0, 16, F32, 2, shape2, buf, st2, buf, st2, buf2, st2), ARG),
                bad("nn4j_binary", "dtype 5", () -> Nn4jNative.nn4j_binary(0, 0, 5, 2, shape2, buf, st2, buf, st2, buf2, st2), ARG, DTYPE),
                bad("nn4j_binary", "null b", () -> Nn4jNative.nn4j_binary(0, 0, F32, 2, shape2, buf, st2, 0, st2, buf2, st2), ARG),
                bad("nn4j_binary", "null b strides", () -> Nn4jNative.nn4j_binary(0, 0, F32, 2, shape2, buf, st2, buf, null, buf2, st2), ARG),
                bad("nn4j_binary", "and of float", () -> Nn4jNative.nn4j_binary(0, 13, F32, 2, shape2, buf, st2, buf, st2, buf2, st2), ARG, DTYPE),
                bad("nn4j_binary", "ndim 9", () -> Nn4jNative.nn4j_binary(0, 0, F32, 9, new long[9], buf, new long[9], buf, new long[9], buf2, new long[9]), ARG, SHAPE),
                bad("nn4j_where", "null cond", () -> Nn4jNative.nn4j_where(0, F32, 2, shape2, 0, st2, buf, st2, buf, st2, buf2, st2), ARG),
                bad("nn4j_where", "dtype 77", () -> Nn4jNative.nn4j_where(0, 77, 2, shape2, idx, st2, buf, st2, buf, st2, buf2, st2), ARG, DTYPE),
                // reductions
                bad("nn4j_reduce", "op 99", () -> Nn4jNative.nn4j_reduce(0, 99, F32, 2, shape2, buf, st2, 1, buf2, 0), ARG),
                bad("nn4j_reduce", "axis bit 5 of a 2-d array", () -> Nn4jNative.nn4j_reduce(0, 0, F32, 2, shape2, buf, st2, 1L << 5, buf2, 0), ARG, SHAPE),
                bad("nn4j_reduce", "negative mask", () -> Nn4jNative.nn4j_reduce(0, 0, F32, 2, shape2, buf, st2, -1, buf2, 0), ARG, SHAPE),
                bad("nn4j_reduce", "argmax over an empty axis", () -> Nn4jNative.nn4j_reduce(0, 7, F32, 2, s(2, 0), buf, s(0, 1), 2, buf2, 0), SHAPE, ARG),
                bad("nn4j_reduce", "max over nothing", () -> Nn4jNative.nn4j_reduce(0, 2, F64, 1, s(0), buf, s(1), 1, buf2, 0), SHAPE, ARG),
                bad("nn4j_reduce", "ndim 99", () -> Nn4jNative.nn4j_reduce(0, 0, F32, 99, new long[99], buf, new long[99], 1, buf2, 0), ARG, SHAPE),
                bad("nn4j_reduce", "null x", () -> Nn4jNative.nn4j_reduce(0, 0, F32, 2, shape2, 0, st2, 1, buf2, 0), ARG),
                bad("nn4j_reduce", "null out", () -> Nn4jNative.nn4j_reduce(0, 0, F32, 2, shape2, buf, st2, 1, 0, 0), ARG),
                bad("nn4j_reduce", "all of float", () -> Nn4jNative.nn4j_reduce(0, 9, F32, 2, shape2, buf, st2, 1, buf2, 0), ARG, DTYPE),
                // gemm
                bad("nn4j_gemm", "int32", () -> Nn4jNative.nn4j_gemm(0, I32, 0, 0, 2, 2, 2, 1, buf, 2, buf, 2, 0, buf2, 2, 1, 0, 0, 0), DTYPE, ARG),
                bad("nn4j_gemm", "dtype 99", () -> Nn4jNative.nn4j_gemm(0, 99, 0, 0, 2, 2, 2, 1, buf, 2, buf, 2, 0, buf2, 2, 1, 0, 0, 0), DTYPE, ARG),
                bad("nn4j_gemm", "m = -1", () -> Nn4jNative.nn4j_gemm(0, F32, 0, 0, -1, 2, 2, 1, buf, 2, buf, 2, 0, buf2, 2, 1, 0, 0, 0), ARG, SHAPE),
                bad("nn4j_gemm", "k = -2", () -> Nn4jNative.nn4j_gemm(0, F32, 0, 0, 2, 2, -2, 1, buf, 2, buf, 2, 0, buf2, 2, 1, 0, 0, 0), ARG, SHAPE),
                bad("nn4j_gemm", "lda < k", () -> Nn4jNative.nn4j_gemm(0, F32, 0, 0, 2, 2, 4, 1, buf, 2, buf, 2, 0, buf2, 2, 1, 0, 0, 0), ARG, SHAPE),
                bad("nn4j_gemm", "ldc < n", () -> Nn4jNative.nn4j_gemm(0, F32, 0, 0, 2, 4, 2, 1, buf, 2, buf, 4, 0, buf2, 3, 1, 0, 0, 0), ARG, SHAPE),
                bad("nn4j_gemm", "batch -1", () -> Nn4jNative.nn4j_gemm(0, F32, 0, 0, 2, 2, 2, 1, buf, 2, buf, 2, 0, buf2, 2, -1, 0, 0, 0), ARG, SHAPE),
                bad("nn4j_gemm", "stride_c 0 with batch 2", () -> Nn4jNative.nn4j_gemm(0, F32, 0, 0, 2, 2, 2, 1, buf, 2, buf, 2, 0, buf2, 2, 2, 4, 4, 0), ARG, SHAPE),
                bad("nn4j_gemm", "null a", () -> Nn4jNative.nn4j_gemm(0, F32, 0, 0, 2, 2, 2, 1, 0, 2, buf, 2, 0, buf2, 2, 1, 0, 0, 0), ARG),
                bad("nn4j_gemm", "null c", () -> Nn4jNative.nn4j_gemm(0, F32, 0, 0, 2, 2, 2, 1, buf, 2, buf, 2, 0, 0, 2, 1, 0, 0, 0), ARG),
                bad("nn4j_gemm", "m*k overflow", () -> Nn4jNative.nn4j_gemm(0, F32, 0, 0, HUGE, 2, HUGE, 1, buf, HUGE, buf, 2, 0, buf2, 2, 1, 0, 0, 0), ARG, SHAPE),
                // indexing
                bad("nn4j_gather", "axis 5 of 2-d", () -> Nn4jNative.nn4j_gather(0, F32, 2, shape2, buf, 5, shape2, idx, buf2), ARG, SHAPE),
                bad("nn4j_gather", "axis -3 of 2-d", () -> Nn4jNative.nn4j_gather(0, F32, 2, shape2, buf, -3, shape2, idx, buf2), ARG, SHAPE),
                bad("nn4j_gather", "index out of range", () -> Nn4jNative.nn4j_gather(0, F32, 2, s(2, 3), buf, 1, s(2, 3), buf, buf2), ARG),
                bad("nn4j_gather", "null index", () -> Nn4jNative.nn4j_gather(0, F32, 2, shape2, buf, 1, shape2, 0, buf2), ARG),
                bad("nn4j_gather", "ndim 99", () -> Nn4jNative.nn4j_gather(0, F32, 99, new long[99], buf, 0, new long[99], idx, buf2), ARG, SHAPE),
                bad("nn4j_gather", "dtype 99", () -> Nn4jNative.nn4j_gather(0, 99, 2, shape2, buf, 1, shape2, idx, buf2), ARG, DTYPE),
                bad("nn4j_scatter_add", "index out of range", () -> Nn4jNative.nn4j_scatter_add(0, F32, 2, s(2, 3), buf2, 1, s(2, 3), buf, buf), ARG),
                bad("nn4j_scatter_add", "null out", () -> Nn4jNative.nn4j_scatter_add(0, F32, 2, shape2, 0, 1, shape2, idx, buf), ARG),
                bad("nn4j_scatter_add", "negative index dim", () -> Nn4jNative.nn4j_scatter_add(0, F32, 2, shape2, buf2, 1, s(2, -1), idx, buf), ARG, SHAPE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void badCallFailsWithMessage(Bad b) {
        int status = b.call().getAsInt();
        String msg = Nn4jNative.nn4j_last_error();
        assertNotEquals(OK, status, b + " was accepted");
        assertTrue(Arrays.stream(b.allowed()).anyMatch(a -> a == status),
                b + ": status " + status + ", expected one of " + Arrays.toString(b.allowed()) + " (message: " + msg + ")");
        assertNotNull(msg, b + ": no message");
        assertTrue(msg.contains(b.fn()), b + ": message does not name " + b.fn() + ": \"" + msg + "\"");
    }

    // (the "index out of range" lines pass the f32 buffer of 1.0f as indices: as int64 they are ~4.6e18)

    @Test
    void garbageLeavesTheLibraryUsable() {
        long[] out = new long[1];
        assertEquals(OK, Nn4jNative.nn4j_alloc(0, 0, out), "bytes == 0 gives a valid pointer");
        assertNotEquals(0, out[0]);
        assertEquals(OK, Nn4jNative.nn4j_free(0, out[0]));
        assertEquals(OK, Nn4jNative.nn4j_free(0, 0), "free(0) is a no-op");
        assertEquals(OK, Nn4jNative.nn4j_fill(0, F64, buf2, 4, 2.5), Nn4jNative.nn4j_last_error());
        double[] back = new double[4];
        assertEquals(OK, Nn4jNative.nn4j_memcpy_to(0, back, 0, buf2, 32));
        assertEquals(2.5, back[3]);
        assertTrue(Nn4jNative.nn4j_get_num_threads() >= 1);
        assertNotNull(Nn4jNative.nn4j_isa_name(99), "isa_name of a bad code must not crash");
    }

    @Test
    void cudaCallsWithoutDeviceSayWhy() {
        if (Nn4jNative.nn4j_cuda_device_count() > 0) return;  // covered by the gpu suite
        long[] out = new long[1];
        assertEquals(NO_DEVICE, Nn4jNative.nn4j_alloc(1, 64, out));
        assertTrue(Nn4jNative.nn4j_last_error().contains("nn4j_alloc"));
        assertEquals(NO_DEVICE, Nn4jNative.nn4j_fill(1, F32, buf, 4, 0));
        assertTrue(Nn4jNative.nn4j_last_error().contains("nn4j_fill"));
        assertEquals(NO_DEVICE, Nn4jNative.nn4j_gemm(1, F32, 0, 0, 2, 2, 2, 1, buf, 2, buf, 2, 0, buf2, 2, 1, 0, 0, 0));
        assertTrue(Nn4jNative.nn4j_last_error().contains("nn4j_gemm"));
    }
}
