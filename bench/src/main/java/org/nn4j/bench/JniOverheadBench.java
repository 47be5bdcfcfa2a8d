package org.nn4j.bench;

import java.util.concurrent.TimeUnit;
import org.nn4j.Tensor;
import org.nn4j.bindings.Nn4jNative;
import org.nn4j.internal.NativeLibrary;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fixed cost of one tiny op (a 1x1 float32 add), from the cheapest native call to the public
 * API: {@code nativeNoop} (a JNI round trip that does no work), {@code rawBinary} (nn4j_binary
 * on preallocated one-element buffers: JNI plus the kernel's argument checks and dispatch) and
 * {@code tensorAdd} (Tensor.add then close: shape/dtype checks, broadcast strides, allocation,
 * autograd bookkeeping and freeing on top). Nanoseconds per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Thread)
public class JniOverheadBench {
    private static final int NN4J_F32 = 0, NN4J_BINARY_ADD = 0;
    private final long[] shape = {1, 1}, strides = {1, 1};
    private long a, b, out;
    private Tensor ta, tb;

    @Setup(Level.Trial)
    public void setup() {
        NativeLibrary.ensureLoaded();
        a = alloc(1f);
        b = alloc(2f);
        out = alloc(0f);
        ta = Tensor.of(new float[] {1f}, 1, 1);
        tb = Tensor.of(new float[] {2f}, 1, 1);
        rawBinary();
        float[] r = new float[1];
        Nn4jNative.nn4j_memcpy_to(0, r, 0, out, 4);
        try (Tensor c = ta.add(tb)) {
            if (r[0] != 3f || c.item() != 3.0) throw new IllegalStateException("1 + 2 = " + r[0] + " / " + c.item());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Nn4jNative.nn4j_free(0, a);
        Nn4jNative.nn4j_free(0, b);
        Nn4jNative.nn4j_free(0, out);
        ta.close();
        tb.close();
    }

    @Benchmark
    public int nativeNoop() {
        return Nn4jNative.nn4j_get_num_threads();
    }

    @Benchmark
    public int rawBinary() {
        int rc = Nn4jNative.nn4j_binary(0, NN4J_BINARY_ADD, NN4J_F32, 2, shape, a, strides, b, strides, out, strides);
        if (rc != 0) throw new IllegalStateException(Nn4jNative.nn4j_last_error());
        return rc;
    }

    @Benchmark
    public Tensor tensorAdd() {
        Tensor c = ta.add(tb);
        c.close();
        return c;
    }

    private static long alloc(float value) {
        long[] p = new long[1];
        if (Nn4jNative.nn4j_alloc(0, 4, p) != 0) throw new IllegalStateException(Nn4jNative.nn4j_last_error());
        Nn4jNative.nn4j_memcpy_from(0, p[0], 0, new float[] {value}, 4);
        return p[0];
    }
}
