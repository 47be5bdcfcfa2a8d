package org.nn4j.bench;

import java.util.concurrent.TimeUnit;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.nn4j.bindings.Nn4jNative;
import org.nn4j.internal.NativeLibrary;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-precision C = op(A) op(B), row-major, alpha 1, beta 0: nn4j's own GEMM (through the raw
 * binding, so the number is the kernel's, not the Tensor API's), oneDNN's dnnl_sgemm (through the
 * JavaCPP preset) and a plain Java loop for the small shapes. Shapes are MxKxN (see
 * {@link GemmShape}). The score is microseconds per GEMM; {@link GemmReport} turns it into GFLOP/s.
 *
 * <p>Threads: nn4j takes {@code nn4j_set_num_threads}. oneDNN here runs on OpenMP, whose thread
 * count this preset cannot set from Java, so the forked JVM must inherit OMP_NUM_THREADS equal to
 * the {@code threads} parameter; the oneDNN state refuses to run otherwise, rather than report a
 * number under the wrong label. {@code bench/run-gemm.sh} runs one JMH pass per thread count, and
 * {@link ThreadCheck} shows that both libraries really use 1 or 2 cores.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class GemmBench {

    /** Report order of the shapes (the @Param lists below hold the same strings). */
    static final java.util.List<String> SHAPES = java.util.List.of(
            "256x256x256", "1024x1024x1024", "2048x2048x2048", "64x784x256", "64x256x256", "256x64x784:TN");

    /** Host copies of the inputs, the same for every library. */
    abstract static class Problem {
        GemmShape gs;
        float[] a, b;

        void init(String spec) {
            gs = GemmShape.parse(spec);
            a = GemmShape.data(gs.m() * gs.k(), 1);
            b = GemmShape.data(gs.k() * gs.n(), 2);
        }
    }

    @State(Scope.Benchmark)
    public static class Nn4jGemm extends Problem {
        @Param({"256x256x256", "1024x1024x1024", "2048x2048x2048", "64x784x256", "64x256x256", "256x64x784:TN"})
        public String shape;
        @Param({"1", "2"})
        public int threads;
        static final int NN4J_DNNL_OFF = 1;
        long pa, pb, pc;
        int ta, tb;

        @Setup(Level.Trial)
        public void setup() {
            NativeLibrary.ensureLoaded();
            init(shape);
            // NN4J_DNNL_OFF: time nn4j's own kernel even where an op could route to oneDNN
            check(Nn4jNative.nn4j_set_dnnl_mode(NN4J_DNNL_OFF));
            check(Nn4jNative.nn4j_set_num_threads(threads));
            if (Nn4jNative.nn4j_get_num_threads() != threads) {
                throw new IllegalStateException("nn4j_get_num_threads() = " + Nn4jNative.nn4j_get_num_threads());
            }
            pa = upload(a);
            pb = upload(b);
            pc = alloc(4L * gs.m() * gs.n());
            ta = gs.transA() ? 1 : 0;
            tb = gs.transB() ? 1 : 0;
            run();
            float[] c = new float[Math.toIntExact(gs.m() * gs.n())];
            check(Nn4jNative.nn4j_memcpy_to(0, c, 0, pc, 4L * c.length));
            gs.verify("nn4j_gemm", a, b, c);
        }

        void run() {
            GemmShape s = gs;
            int rc = Nn4jNative.nn4j_gemm(0, 0 /* NN4J_F32 */, ta, tb, s.m(), s.n(), s.k(), 1.0,
                    pa, s.lda(), pb, s.ldb(), 0.0, pc, s.ldc(), 1, 0, 0, 0);
            if (rc != 0) throw new IllegalStateException("nn4j_gemm: " + Nn4jNative.nn4j_last_error());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            for (long p : new long[] {pa, pb, pc}) if (p != 0) Nn4jNative.nn4j_free(0, p);
            pa = pb = pc = 0;
        }

        private static long alloc(long bytes) {
            long[] out = new long[1];
            check(Nn4jNative.nn4j_alloc(0, bytes, out));
            return out[0];
        }

        private static long upload(float[] x) {
            long p = alloc(4L * x.length);
            check(Nn4jNative.nn4j_memcpy_from(0, p, 0, x, 4L * x.length));
            return p;
        }

        private static void check(int rc) {
            if (rc != 0) throw new IllegalStateException(Nn4jNative.nn4j_last_error());
        }
    }

    @State(Scope.Benchmark)
    public static class DnnlGemm extends Problem {
        @Param({"256x256x256", "1024x1024x1024", "2048x2048x2048", "64x784x256", "64x256x256", "256x64x784:TN"})
        public String shape;
        @Param({"1", "2"})
        public int threads;
        FloatPointer pa, pb, pc;
        byte ta, tb;

        @Setup(Level.Trial)
        public void setup() {
            String omp = System.getenv("OMP_NUM_THREADS");
            if (omp == null || !omp.trim().equals(Integer.toString(threads))) {
                throw new IllegalStateException("oneDNN uses OpenMP: run this JMH pass with OMP_NUM_THREADS="
                        + threads + " in the environment (found " + omp + "); see bench/run-gemm.sh");
            }
            NativeLibrary.ensureLoaded();  // the same libgomp/libdnnl files the preset then links to
            init(shape);
            pa = new FloatPointer(a);
            pb = new FloatPointer(b);
            pc = new FloatPointer(gs.m() * gs.n());
            ta = (byte) (gs.transA() ? 'T' : 'N');
            tb = (byte) (gs.transB() ? 'T' : 'N');
            run();
            float[] c = new float[Math.toIntExact(gs.m() * gs.n())];
            pc.get(c);
            gs.verify("dnnl_sgemm", a, b, c);
        }

        void run() {
            GemmShape s = gs;
            int rc = dnnl.dnnl_sgemm(ta, tb, s.m(), s.n(), s.k(), 1f, pa, s.lda(), pb, s.ldb(), 0f, pc, s.ldc());
            if (rc != 0) throw new IllegalStateException("dnnl_sgemm returned status " + rc);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            pa.close();
            pb.close();
            pc.close();
        }
    }

    /** Plain Java, single thread, small shapes only (2048^3 would take minutes per call). */
    @State(Scope.Benchmark)
    public static class JavaGemm extends Problem {
        @Param({"256x256x256", "64x784x256", "64x256x256", "256x64x784:TN"})
        public String shape;
        float[] c;

        @Setup(Level.Trial)
        public void setup() {
            init(shape);
            c = new float[Math.toIntExact(gs.m() * gs.n())];
            run();
            gs.verify("java loop", a, b, c);
        }

        /** i-k-j order: the inner loop walks rows of B and C, which the JIT vectorises. */
        void run() {
            GemmShape s = gs;
            final float[] a = this.a, b = this.b, c = this.c;
            final int m = (int) s.m(), n = (int) s.n(), k = (int) s.k();
            final boolean ta = s.transA();
            java.util.Arrays.fill(c, 0f);
            if (s.transB()) {  // op(B)(p, j) = b[j * k + p]: a dot product per entry instead
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        float sum = 0f;
                        for (int p = 0; p < k; p++) sum += (ta ? a[p * m + i] : a[i * k + p]) * b[j * k + p];
                        c[i * n + j] = sum;
                    }
                }
                return;
            }
            for (int i = 0; i < m; i++) {
                final int ci = i * n;
                for (int p = 0; p < k; p++) {
                    final float aip = ta ? a[p * m + i] : a[i * k + p];
                    final int bp = p * n;
                    for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }

    @Benchmark
    public long nn4j(Nn4jGemm s) {
        s.run();
        return s.pc;
    }

    @Benchmark
    public FloatPointer dnnl(DnnlGemm s) {
        s.run();
        return s.pc;
    }

    @Benchmark
    public float[] java(JavaGemm s) {
        s.run();
        return s.c;
    }
}
