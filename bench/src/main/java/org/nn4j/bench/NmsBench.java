package org.nn4j.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nn4j.DType;
import org.nn4j.Tensor;
import org.nn4j.bindings.DetectNative;
import org.nn4j.internal.Kernels;
import org.nn4j.ops.nn.Detection;
import org.nn4j.ops.nn.NmsOptions;
import org.nn4j.ops.nn.NmsResult;
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
 * Greedy NMS on 10,000 float32 corner boxes of one image (issue 3's Bench list), every box a
 * candidate (score threshold -inf), IoU threshold 0.5, no output limit unless {@code maxOutputs}
 * says so. Two layouts: {@code dense}, random boxes of side 10..100 in a 1000 x 1000 image (many
 * overlaps, most boxes suppressed early), and {@code grid}, a 100 x 100 grid of disjoint boxes
 * (nothing suppressed: the O(n^2 / 2) worst case of the greedy scan). {@code agnostic} or
 * {@code perClass} (20 classes, so 20 scans of ~500 boxes). {@code nmsRaw} calls the kernel on
 * preallocated buffers; {@code nmsOp} goes through {@code Detection.nms} (allocation, result
 * copied to Java arrays). Milliseconds per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Thread)
public class NmsBench {
    static final int N = 10_000, CLASSES = 20;

    @Param({"dense", "grid"})
    public String layout;

    @Param({"agnostic", "perClass"})
    public String mode;

    @Param({"-1", "100"})
    public long maxOutputs;

    private Tensor boxes, scores, classes, keep, counts;
    private NmsOptions options;

    @Setup(Level.Trial)
    public void setup() {
        Random r = new Random(42);
        float[] b = new float[4 * N], s = new float[N];
        int[] c = new int[N];
        for (int i = 0; i < N; i++) {
            float x, y, w, h;
            if (layout.equals("grid")) {
                x = 10 * (i % 100);
                y = 10 * (i / 100);
                w = h = 8;
            } else {
                x = 1000 * r.nextFloat();
                y = 1000 * r.nextFloat();
                w = 10 + 90 * r.nextFloat();
                h = 10 + 90 * r.nextFloat();
            }
            b[4 * i] = x;
            b[4 * i + 1] = y;
            b[4 * i + 2] = x + w;
            b[4 * i + 3] = y + h;
            s[i] = r.nextFloat();
            c[i] = r.nextInt(CLASSES);
        }
        boxes = Tensor.of(b, N, 4);
        scores = Tensor.of(s, N);
        classes = mode.equals("perClass") ? Tensor.of(c, N) : null;
        long max = maxOutputs < 0 ? Long.MAX_VALUE : maxOutputs;
        options = NmsOptions.builder().scoreThreshold(Double.NEGATIVE_INFINITY).iouThreshold(0.5).maxOutputs(max).build();
        keep = Tensor.zeros(DType.INT64, Math.min(N, max));
        counts = Tensor.zeros(DType.INT64, 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (Tensor t : new Tensor[] {boxes, scores, classes, keep, counts}) {
            if (t != null) t.close();
        }
    }

    @Benchmark
    public long nmsRaw() {
        int st = DetectNative.nn4j_nms(0, 0, 0, 1, N, Kernels.addr(boxes), Kernels.addr(scores),
                classes == null ? -1 : 2, classes == null ? 0 : Kernels.addr(classes), options.scoreThreshold(),
                options.iouThreshold(), options.maxOutputs(), Kernels.addr(keep), Kernels.addr(counts));
        if (st != 0) throw new IllegalStateException("nn4j_nms status " + st);
        return st;
    }

    @Benchmark
    public int nmsOp() {
        try (NmsResult r = Detection.nms(boxes, scores, classes, options)) {
            return r.count(0);
        }
    }
}
