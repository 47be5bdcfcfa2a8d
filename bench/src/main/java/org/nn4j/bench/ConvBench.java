package org.nn4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nn4j.bindings.ConvNative;
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
 * conv2d forward + backward (data, weights and bias) in float32, milliseconds per training step
 * of one layer, on the shapes:
 * <ul>
 *   <li>{@code lenet1}: LeNet-5 C1, batch 64, 1 -> 6 channels, 5x5 on 28x28 with same padding;</li>
 *   <li>{@code lenet3}: LeNet-5 C3, batch 64, 6 -> 16 channels, 5x5 on 14x14, valid;</li>
 *   <li>{@code resnet}: a ResNet 3x3 block convolution, batch 32, 64 -> 64 channels, 56x56, pad 1.</li>
 * </ul>
 * {@code nn4j} runs the raw binding (so the number is the kernels', not the Tensor API's) with
 * {@code dnnl=off} (nn4j's own im2col + gemm), {@code auto} (the dispatched path, what
 * {@code Convolution.conv2d} runs by default) or {@code force} (oneDNN through nn4j's wrapper:
 * blocked layouts chosen by oneDNN, operands reordered in and results out on every call).
 * {@code onednn} runs the raw primitives through the JavaCPP preset with operands already in the
 * layouts the primitives chose, memory objects made once (no reorders: oneDNN's best case).
 * oneDNN runs on OpenMP, whose thread count the preset cannot set from Java: run one JMH pass per
 * thread count with OMP_NUM_THREADS equal to {@code threads}, e.g.
 * <pre>
 *   OMP_NUM_THREADS=1 java -jar bench/target/benchmarks.jar ConvBench -p threads=1
 *   OMP_NUM_THREADS=2 java -jar bench/target/benchmarks.jar ConvBench -p threads=2
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class ConvBench {

    /** n, cin, cout, size, kernel, pad (square images and kernels, stride 1). */
    static long[] shape(String name) {
        switch (name) {
            case "lenet1": return new long[] {64, 1, 6, 28, 5, 2};
            case "lenet3": return new long[] {64, 6, 16, 14, 5, 0};
            case "resnet": return new long[] {32, 64, 64, 56, 3, 1};
            default: throw new IllegalArgumentException("shape " + name);
        }
    }

    static float[] data(long n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }

    // ------------------------------------------------------------------ nn4j (own / dispatched / wrapper)

    @State(Scope.Benchmark)
    public static class Nn4jConv {
        @Param({"lenet1", "lenet3", "resnet"})
        public String shape;
        @Param({"1", "2"})
        public int threads;
        @Param({"off", "auto", "force"})
        public String dnnl;

        long[] xs, ws, ys, one = {1, 1}, pad;
        long x, w, b, y, dy, dx, dw, db;

        @Setup(Level.Trial)
        public void setup() {
            NativeLibrary.ensureLoaded();
            check(Nn4jNative.nn4j_set_num_threads(threads));
            int mode = dnnl.equals("off") ? 1 : dnnl.equals("force") ? 2 : 0;
            check(Nn4jNative.nn4j_set_dnnl_mode(mode));
            long[] s = shape(shape);
            long out = s[3] + 2 * s[5] - s[4] + 1;
            xs = new long[] {s[0], s[1], s[3], s[3]};
            ws = new long[] {s[2], s[1], s[4], s[4]};
            ys = new long[] {s[0], s[2], out, out};
            pad = new long[] {s[5], s[5]};
            x = upload(data(s[0] * s[1] * s[3] * s[3], 1));
            w = upload(data(s[2] * s[1] * s[4] * s[4], 2));
            b = upload(data(s[2], 3));
            dy = upload(data(s[0] * s[2] * out * out, 4));
            y = alloc(4 * s[0] * s[2] * out * out);
            dx = alloc(4 * s[0] * s[1] * s[3] * s[3]);
            dw = alloc(4 * s[2] * s[1] * s[4] * s[4]);
            db = alloc(4 * s[2]);
            run();
            String path = Nn4jNative.nn4j_last_path();
            if (mode == 1 && !path.equals("nn4j") || mode == 2 && !path.equals("onednn")) {
                throw new IllegalStateException("dnnl=" + dnnl + " ran " + path);
            }
        }

        void run() {
            check(ConvNative.nn4j_conv_forward(0, 0, 2, xs, ws, ys, one, one, pad, pad, 1, x, w, b, y));
            check(ConvNative.nn4j_conv_backward_data(0, 0, 2, xs, ws, ys, one, one, pad, pad, 1, dy, w, dx));
            check(ConvNative.nn4j_conv_backward_weights(0, 0, 2, xs, ws, ys, one, one, pad, pad, 1, x, dy, dw, db));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            for (long p : new long[] {x, w, b, y, dy, dx, dw, db}) if (p != 0) Nn4jNative.nn4j_free(0, p);
            Nn4jNative.nn4j_set_dnnl_mode(0);
        }

        static long alloc(long bytes) {
            long[] out = new long[1];
            check(Nn4jNative.nn4j_alloc(0, bytes, out));
            return out[0];
        }

        static long upload(float[] v) {
            long p = alloc(4L * v.length);
            check(Nn4jNative.nn4j_memcpy_from(0, p, 0, v, 4L * v.length));
            return p;
        }

        static void check(int rc) {
            if (rc != 0) throw new IllegalStateException(Nn4jNative.nn4j_last_error());
        }
    }

    // ------------------------------------------------------------------ raw oneDNN

    @State(Scope.Benchmark)
    public static class DnnlConv {
        @Param({"lenet1", "lenet3", "resnet"})
        public String shape;
        @Param({"1", "2"})
        public int threads;

        dnnl_engine engine;
        dnnl_stream stream;
        dnnl_primitive fwd, bwdData, bwdWeights;
        dnnl_exec_arg_t fwdArgs, bdArgs, bwArgs;
        final List<Pointer> keep = new ArrayList<>();

        @Setup(Level.Trial)
        public void setup() {
            String omp = System.getenv("OMP_NUM_THREADS");
            if (omp == null || !omp.trim().equals(Integer.toString(threads))) {
                throw new IllegalStateException("oneDNN uses OpenMP: run this JMH pass with OMP_NUM_THREADS="
                        + threads + " in the environment (found " + omp + ")");
            }
            NativeLibrary.ensureLoaded();  // the same libgomp/libdnnl files the preset then links to
            long[] s = shape(shape);
            long out = s[3] + 2 * s[5] - s[4] + 1;
            engine = new dnnl_engine();
            ok(dnnl.dnnl_engine_create(engine, dnnl.dnnl_cpu, 0), "engine");
            stream = new dnnl_stream();
            ok(dnnl.dnnl_stream_create(stream, engine, dnnl.dnnl_stream_default_flags), "stream");
            int any = dnnl.dnnl_format_tag_any;
            dnnl_memory_desc src = md(any, s[0], s[1], s[3], s[3]), wei = md(any, s[2], s[1], s[4], s[4]);
            dnnl_memory_desc dst = md(any, s[0], s[2], out, out), bias = md(dnnl.dnnl_a, s[2]);
            long[] st = {1, 1}, dil = {0, 0}, p = {s[5], s[5]};
            dnnl_primitive_desc fpd = new dnnl_primitive_desc(), bdpd = new dnnl_primitive_desc();
            dnnl_primitive_desc bwpd = new dnnl_primitive_desc();
            ok(dnnl.dnnl_convolution_forward_primitive_desc_create(fpd, engine, dnnl.dnnl_forward_training,
                    dnnl.dnnl_convolution_direct, src, wei, bias, dst, st, dil, p, p, null), "forward pd");
            ok(dnnl.dnnl_convolution_backward_data_primitive_desc_create(bdpd, engine, dnnl.dnnl_convolution_direct,
                    src, wei, dst, st, dil, p, p, fpd, null), "backward data pd");
            ok(dnnl.dnnl_convolution_backward_weights_primitive_desc_create(bwpd, engine,
                    dnnl.dnnl_convolution_direct, src, wei, bias, dst, st, dil, p, p, fpd, null), "backward weights pd");
            fwd = prim(fpd);
            bwdData = prim(bdpd);
            bwdWeights = prim(bwpd);
            fwdArgs = args(fpd, dnnl.DNNL_ARG_SRC, dnnl.DNNL_ARG_WEIGHTS, dnnl.DNNL_ARG_BIAS, dnnl.DNNL_ARG_DST);
            bdArgs = args(bdpd, dnnl.DNNL_ARG_DIFF_DST, dnnl.DNNL_ARG_WEIGHTS, dnnl.DNNL_ARG_DIFF_SRC);
            bwArgs = args(bwpd, dnnl.DNNL_ARG_SRC, dnnl.DNNL_ARG_DIFF_DST, dnnl.DNNL_ARG_DIFF_WEIGHTS,
                    dnnl.DNNL_ARG_DIFF_BIAS);
            run();
        }

        dnnl_primitive prim(dnnl_primitive_desc pd) {
            dnnl_primitive pr = new dnnl_primitive();
            ok(dnnl.dnnl_primitive_create(pr, pd), "primitive");
            return pr;
        }

        static dnnl_memory_desc md(int tag, long... dims) {
            dnnl_memory_desc m = new dnnl_memory_desc();
            ok(dnnl.dnnl_memory_desc_create_with_tag(m, dims.length, dims, dnnl.dnnl_f32, tag), "memory desc");
            return m;
        }

        /** Memory objects in the primitive's own layouts, on host buffers of small random values. */
        dnnl_exec_arg_t args(dnnl_primitive_desc pd, int... ids) {
            dnnl_exec_arg_t a = new dnnl_exec_arg_t(ids.length);
            for (int i = 0; i < ids.length; i++) {
                dnnl_memory_desc d = dnnl.dnnl_primitive_desc_query_md(pd, dnnl.dnnl_query_exec_arg_md, ids[i]);
                long floats = Math.max(1, (dnnl.dnnl_memory_desc_get_size(d) + 3) / 4);
                FloatPointer buf = new FloatPointer(floats);
                buf.put(data(floats, 10 + ids[i]));
                keep.add(buf);
                dnnl_memory m = new dnnl_memory();
                ok(dnnl.dnnl_memory_create(m, d, engine, buf), "memory");
                keep.add(m);
                a.position(i).arg(ids[i]).memory(m);
            }
            keep.add(a);
            return a.position(0);
        }

        void run() {
            ok(dnnl.dnnl_primitive_execute(fwd, stream, 4, fwdArgs.position(0)), "forward");
            ok(dnnl.dnnl_primitive_execute(bwdData, stream, 3, bdArgs.position(0)), "backward data");
            ok(dnnl.dnnl_primitive_execute(bwdWeights, stream, 4, bwArgs.position(0)), "backward weights");
            ok(dnnl.dnnl_stream_wait(stream), "wait");
        }

        static void ok(int status, String what) {
            if (status != 0) throw new IllegalStateException("oneDNN " + what + ": status " + status);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            for (dnnl_primitive p : new dnnl_primitive[] {fwd, bwdData, bwdWeights}) dnnl.dnnl_primitive_destroy(p);
            for (Pointer p : keep) {
                if (p instanceof dnnl_memory) dnnl.dnnl_memory_destroy((dnnl_memory) p);
            }
            dnnl.dnnl_stream_destroy(stream);
            dnnl.dnnl_engine_destroy(engine);
        }
    }

    @Benchmark
    public long nn4j(Nn4jConv s) {
        s.run();
        return s.y;
    }

    @Benchmark
    public dnnl_primitive onednn(DnnlConv s) {
        s.run();
        return s.fwd;
    }
}
