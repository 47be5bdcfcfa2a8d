package org.nn4j.bench;

import static org.nn4j.bench.BenchSupport.alloc;
import static org.nn4j.bench.BenchSupport.check;
import static org.nn4j.bench.BenchSupport.configure;
import static org.nn4j.bench.BenchSupport.data;
import static org.nn4j.bench.BenchSupport.release;
import static org.nn4j.bench.BenchSupport.requirePath;
import static org.nn4j.bench.BenchSupport.upload;
import static org.nn4j.bench.RawDnnl.md;
import static org.nn4j.bench.RawDnnl.ok;

import java.util.concurrent.TimeUnit;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.global.dnnl;
import org.nn4j.bindings.ConvNative;
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
            int mode = configure(threads, dnnl);
            long[] s = shape(shape);
            long out = s[3] + 2 * s[5] - s[4] + 1;
            xs = new long[] {s[0], s[1], s[3], s[3]};
            ws = new long[] {s[2], s[1], s[4], s[4]};
            ys = new long[] {s[0], s[2], out, out};
            pad = new long[] {s[5], s[5]};
            x = upload(data(s[0] * s[1] * s[3] * s[3], 1, 1));
            w = upload(data(s[2] * s[1] * s[4] * s[4], 2, 1));
            b = upload(data(s[2], 3, 1));
            dy = upload(data(s[0] * s[2] * out * out, 4, 1));
            y = alloc(4 * s[0] * s[2] * out * out);
            dx = alloc(4 * s[0] * s[1] * s[3] * s[3]);
            dw = alloc(4 * s[2] * s[1] * s[4] * s[4]);
            db = alloc(4 * s[2]);
            run();
            requirePath(mode, dnnl);
        }

        void run() {
            check(ConvNative.nn4j_conv_forward(0, 0, 2, xs, ws, ys, one, one, pad, pad, 1, x, w, b, y));
            check(ConvNative.nn4j_conv_backward_data(0, 0, 2, xs, ws, ys, one, one, pad, pad, 1, dy, w, dx));
            check(ConvNative.nn4j_conv_backward_weights(0, 0, 2, xs, ws, ys, one, one, pad, pad, 1, x, dy, dw, db));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            release(x, w, b, y, dy, dx, dw, db);
        }
    }

    // ------------------------------------------------------------------ raw oneDNN

    @State(Scope.Benchmark)
    public static class DnnlConv {
        @Param({"lenet1", "lenet3", "resnet"})
        public String shape;
        @Param({"1", "2"})
        public int threads;

        RawDnnl raw;
        dnnl_primitive fwd, bwdData, bwdWeights;
        dnnl_exec_arg_t fwdArgs, bdArgs, bwArgs;

        @Setup(Level.Trial)
        public void setup() {
            raw = new RawDnnl(threads);
            long[] s = shape(shape);
            long out = s[3] + 2 * s[5] - s[4] + 1;
            int any = dnnl.dnnl_format_tag_any;
            dnnl_memory_desc src = md(any, s[0], s[1], s[3], s[3]), wei = md(any, s[2], s[1], s[4], s[4]);
            dnnl_memory_desc dst = md(any, s[0], s[2], out, out), bias = md(dnnl.dnnl_a, s[2]);
            long[] st = {1, 1}, dil = {0, 0}, p = {s[5], s[5]};
            dnnl_primitive_desc fpd = new dnnl_primitive_desc(), bdpd = new dnnl_primitive_desc();
            dnnl_primitive_desc bwpd = new dnnl_primitive_desc();
            ok(dnnl.dnnl_convolution_forward_primitive_desc_create(fpd, raw.engine, dnnl.dnnl_forward_training,
                    dnnl.dnnl_convolution_direct, src, wei, bias, dst, st, dil, p, p, null), "forward pd");
            ok(dnnl.dnnl_convolution_backward_data_primitive_desc_create(bdpd, raw.engine,
                    dnnl.dnnl_convolution_direct, src, wei, dst, st, dil, p, p, fpd, null), "backward data pd");
            ok(dnnl.dnnl_convolution_backward_weights_primitive_desc_create(bwpd, raw.engine,
                    dnnl.dnnl_convolution_direct, src, wei, bias, dst, st, dil, p, p, fpd, null), "backward weights pd");
            fwd = raw.primitive(fpd, "forward primitive");
            bwdData = raw.primitive(bdpd, "backward data primitive");
            bwdWeights = raw.primitive(bwpd, "backward weights primitive");
            fwdArgs = args(fpd, dnnl.DNNL_ARG_SRC, dnnl.DNNL_ARG_WEIGHTS, dnnl.DNNL_ARG_BIAS, dnnl.DNNL_ARG_DST);
            bdArgs = args(bdpd, dnnl.DNNL_ARG_DIFF_DST, dnnl.DNNL_ARG_WEIGHTS, dnnl.DNNL_ARG_DIFF_SRC);
            bwArgs = args(bwpd, dnnl.DNNL_ARG_SRC, dnnl.DNNL_ARG_DIFF_DST, dnnl.DNNL_ARG_DIFF_WEIGHTS,
                    dnnl.DNNL_ARG_DIFF_BIAS);
            run();
        }

        /** Memory objects in the primitive's own layouts, on host buffers of small random values. */
        dnnl_exec_arg_t args(dnnl_primitive_desc pd, int... ids) {
            dnnl_exec_arg_t a = raw.keep(new dnnl_exec_arg_t(ids.length));
            for (int i = 0; i < ids.length; i++) a.position(i).arg(ids[i]).memory(raw.memory(pd, ids[i], 10 + ids[i], 1));
            return a.position(0);
        }

        void run() {
            ok(dnnl.dnnl_primitive_execute(fwd, raw.stream, 4, fwdArgs.position(0)), "forward");
            ok(dnnl.dnnl_primitive_execute(bwdData, raw.stream, 3, bdArgs.position(0)), "backward data");
            ok(dnnl.dnnl_primitive_execute(bwdWeights, raw.stream, 4, bwArgs.position(0)), "backward weights");
            ok(dnnl.dnnl_stream_wait(raw.stream), "wait");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            raw.close();
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
