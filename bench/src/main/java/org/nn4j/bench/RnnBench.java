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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.global.dnnl;
import org.nn4j.bindings.RnnNative;
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
 * One recurrent layer, batch 32, T = 50, F = 32, H = 128 (the LSTM shape; GRU alongside),
 * float32, forward (training) + backward per operation, milliseconds:
 * <ul>
 *   <li>{@code nn4j} with {@code dnnl=off}: nn4j's own kernel (rnn_driver.h: one input GEMM, a
 *       GEMM plus AVX2 gate rows per step); {@code dnnl=auto}: the dispatched path (what
 *       {@code Recurrent.lstm} runs by default; currently nn4j's kernel, see dnnl_rnn.cpp);
 *       {@code dnnl=force}: oneDNN through nn4j's wrapper (weight-format reorders, memory
 *       objects per call). All through the raw binding,
 *       so the number is the kernel's, not the Tensor API's.</li>
 *   <li>{@code onednn}: the raw lstm / gru primitives through the JavaCPP preset, memory objects
 *       made once, weights already in the formats the primitives chose (so it leaves out the
 *       reorders a real caller holding ldigo weights pays).</li>
 * </ul>
 * oneDNN runs on OpenMP, whose thread count the preset cannot set from Java: run one JMH pass per
 * thread count with OMP_NUM_THREADS equal to {@code threads}, e.g.
 * <pre>
 *   OMP_NUM_THREADS=1 java -jar bench/target/benchmarks.jar RnnBench -p threads=1
 *   OMP_NUM_THREADS=2 java -jar bench/target/benchmarks.jar RnnBench -p threads=2
 * </pre>
 * (the raw oneDNN state refuses to run under a mismatched OMP_NUM_THREADS).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class RnnBench {
    static final int N = 32, T = 50, F = 32, H = 128;

    static int gates(String cell) {
        return cell.equals("LSTM") ? 4 : 3;
    }

    static int cellCode(String cell) {
        switch (cell) {
            case "LSTM": return RnnNative.LSTM;
            case "GRU": return RnnNative.GRU;
            default: throw new IllegalArgumentException("cell " + cell);
        }
    }

    // ------------------------------------------------------------------ nn4j (own / dispatched)

    @State(Scope.Benchmark)
    public static class Nn4jLayer {
        @Param({"LSTM", "GRU"})
        public String cell;
        @Param({"1", "2"})
        public int threads;
        @Param({"off", "auto", "force"})
        public String dnnl;

        int code, mode;
        long x, h0, c0, w, u, b, y, ws, dy, dx, dh0, dc0, dw, du, db;
        long wsBytes;

        @Setup(Level.Trial)
        public void setup() {
            mode = configure(threads, dnnl);
            code = cellCode(cell);
            int g = gates(cell);
            boolean lstm = cell.equals("LSTM");
            x = upload(data((long) N * T * F, 1, 1));
            h0 = upload(data((long) N * H, 2, 0.5));
            c0 = lstm ? upload(data((long) N * H, 3, 0.5)) : 0;
            w = upload(data((long) F * g * H, 4, 1 / Math.sqrt(F)));
            u = upload(data((long) H * g * H, 5, 1 / Math.sqrt(H)));
            b = upload(data((long) g * H, 6, 0.1));
            dy = upload(data((long) N * T * H, 7, 1));
            y = alloc(4L * N * T * H);
            dx = alloc(4L * N * T * F);
            dh0 = alloc(4L * N * H);
            dc0 = lstm ? alloc(4L * N * H) : 0;
            dw = alloc(4L * F * g * H);
            du = alloc(4L * H * g * H);
            db = alloc(4L * g * H);
            long[] bytes = new long[1];
            check(RnnNative.nn4j_rnn_workspace_size(0, code, 0, N, T, F, H, bytes));
            wsBytes = bytes[0];
            ws = alloc(wsBytes);
            run();
            requirePath(mode, dnnl);
        }

        void run() {
            check(RnnNative.nn4j_rnn_forward(0, code, 0, N, T, F, H, x, h0, c0, w, u, b, y, 0, 0, ws, wsBytes));
            check(RnnNative.nn4j_rnn_backward(0, code, 0, N, T, F, H, x, h0, c0, w, u, b, y, ws, wsBytes, dy, 0, 0,
                    dx, dh0, dc0, dw, du, db));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            release(x, h0, c0, w, u, b, y, ws, dy, dx, dh0, dc0, dw, du, db);
        }
    }

    // ------------------------------------------------------------------ raw oneDNN

    @State(Scope.Benchmark)
    public static class DnnlLayer {
        @Param({"LSTM", "GRU"})
        public String cell;
        @Param({"1", "2"})
        public int threads;

        RawDnnl raw;
        dnnl_primitive fwd, bwd;
        dnnl_exec_arg_t fwdArgs, bwdArgs;
        int nFwd, nBwd;

        @Setup(Level.Trial)
        public void setup() {
            raw = new RawDnnl(threads);
            dnnl_engine engine = raw.engine;
            boolean lstm = cell.equals("LSTM");
            int g = gates(cell);

            dnnl_memory_desc srcLayer = md(dnnl.dnnl_ntc, T, N, F), iter = md(dnnl.dnnl_ldnc, 1, 1, N, H);
            dnnl_memory_desc wl = md(dnnl.dnnl_format_tag_any, 1, 1, F, g, H);
            dnnl_memory_desc wi = md(dnnl.dnnl_format_tag_any, 1, 1, H, g, H);
            dnnl_memory_desc bias = md(dnnl.dnnl_ldgo, 1, 1, g, H), dstLayer = md(dnnl.dnnl_ntc, T, N, H);
            dnnl_memory_desc iterC = lstm ? iter : null;
            int dir = dnnl.dnnl_unidirectional_left2right;
            int overwrite = dnnl.dnnl_rnn_flags_diff_weights_overwrite;
            dnnl_primitive_desc fpd = new dnnl_primitive_desc(), bpd = new dnnl_primitive_desc();
            if (lstm) {
                ok(dnnl.dnnl_lstm_forward_primitive_desc_create(fpd, engine, dnnl.dnnl_forward_training, dir,
                        srcLayer, iter, iterC, wl, wi, null, null, bias, dstLayer, iter, iterC,
                        dnnl.dnnl_rnn_flags_undef, null), "lstm forward");
                ok(dnnl.dnnl_lstm_backward_primitive_desc_create(bpd, engine, dnnl.dnnl_backward, dir,
                        srcLayer, iter, iterC, wl, wi, null, null, bias, dstLayer, iter, iterC,
                        srcLayer, iter, iterC, wl, wi, null, null, bias, dstLayer, iter, iterC, overwrite, fpd,
                        null), "lstm backward");
            } else {
                ok(dnnl.dnnl_gru_forward_primitive_desc_create(fpd, engine, dnnl.dnnl_forward_training, dir,
                        srcLayer, iter, wl, wi, bias, dstLayer, iter, dnnl.dnnl_rnn_flags_undef, null), "gru forward");
                ok(dnnl.dnnl_gru_backward_primitive_desc_create(bpd, engine, dnnl.dnnl_backward, dir,
                        srcLayer, iter, wl, wi, bias, dstLayer, iter, srcLayer, iter, wl, wi, bias, dstLayer, iter,
                        overwrite, fpd, null), "gru backward");
            }
            fwd = raw.primitive(fpd, "forward primitive");
            bwd = raw.primitive(bpd, "backward primitive");

            // forward tensors; the backward reuses them (and the workspace) where formats agree
            int[] fArgs = lstm
                    ? new int[] {dnnl.DNNL_ARG_SRC_LAYER, dnnl.DNNL_ARG_SRC_ITER, dnnl.DNNL_ARG_SRC_ITER_C,
                            dnnl.DNNL_ARG_WEIGHTS_LAYER, dnnl.DNNL_ARG_WEIGHTS_ITER, dnnl.DNNL_ARG_BIAS,
                            dnnl.DNNL_ARG_DST_LAYER, dnnl.DNNL_ARG_DST_ITER, dnnl.DNNL_ARG_DST_ITER_C,
                            dnnl.DNNL_ARG_WORKSPACE}
                    : new int[] {dnnl.DNNL_ARG_SRC_LAYER, dnnl.DNNL_ARG_SRC_ITER, dnnl.DNNL_ARG_WEIGHTS_LAYER,
                            dnnl.DNNL_ARG_WEIGHTS_ITER, dnnl.DNNL_ARG_BIAS, dnnl.DNNL_ARG_DST_LAYER,
                            dnnl.DNNL_ARG_DST_ITER, dnnl.DNNL_ARG_WORKSPACE};
            Map<Integer, dnnl_memory> mems = new HashMap<>();
            fwdArgs = raw.keep(new dnnl_exec_arg_t(fArgs.length));
            for (int i = 0; i < fArgs.length; i++) {
                dnnl_memory m = raw.memory(fpd, fArgs[i], 10 + i, 0.1);
                mems.put(fArgs[i], m);
                fwdArgs.position(i).arg(fArgs[i]).memory(m);
            }
            nFwd = fArgs.length;
            List<Integer> bArgs = new ArrayList<>();
            for (int a : fArgs) bArgs.add(a);
            int[] diffs = lstm
                    ? new int[] {dnnl.DNNL_ARG_DIFF_DST_LAYER, dnnl.DNNL_ARG_DIFF_DST_ITER, dnnl.DNNL_ARG_DIFF_DST_ITER_C,
                            dnnl.DNNL_ARG_DIFF_SRC_LAYER, dnnl.DNNL_ARG_DIFF_SRC_ITER, dnnl.DNNL_ARG_DIFF_SRC_ITER_C,
                            dnnl.DNNL_ARG_DIFF_WEIGHTS_LAYER, dnnl.DNNL_ARG_DIFF_WEIGHTS_ITER, dnnl.DNNL_ARG_DIFF_BIAS}
                    : new int[] {dnnl.DNNL_ARG_DIFF_DST_LAYER, dnnl.DNNL_ARG_DIFF_DST_ITER,
                            dnnl.DNNL_ARG_DIFF_SRC_LAYER, dnnl.DNNL_ARG_DIFF_SRC_ITER,
                            dnnl.DNNL_ARG_DIFF_WEIGHTS_LAYER, dnnl.DNNL_ARG_DIFF_WEIGHTS_ITER, dnnl.DNNL_ARG_DIFF_BIAS};
            for (int a : diffs) bArgs.add(a);
            bwdArgs = raw.keep(new dnnl_exec_arg_t(bArgs.size()));
            for (int i = 0; i < bArgs.size(); i++) {
                int a = bArgs.get(i);
                dnnl_memory m = mems.get(a);
                if (m == null || dnnl.dnnl_memory_desc_equal(RawDnnl.argMd(bpd, a), RawDnnl.argMd(fpd, a)) == 0) {
                    m = raw.memory(bpd, a, 40 + i, 0.1);  // e.g. weights in the backward's own format
                }
                bwdArgs.position(i).arg(a).memory(m);
            }
            nBwd = bArgs.size();
            run();
        }

        void run() {
            ok(dnnl.dnnl_primitive_execute(fwd, raw.stream, nFwd, fwdArgs.position(0)), "forward");
            ok(dnnl.dnnl_primitive_execute(bwd, raw.stream, nBwd, bwdArgs.position(0)), "backward");
            ok(dnnl.dnnl_stream_wait(raw.stream), "wait");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            raw.close();
        }
    }

    @Benchmark
    public long nn4j(Nn4jLayer s) {
        s.run();
        return s.y;
    }

    @Benchmark
    public dnnl_primitive onednn(DnnlLayer s) {
        s.run();
        return s.fwd;
    }
}
