package org.nn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nn4j.DType;
import org.nn4j.Device;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.GradCheck;
import org.nn4j.bindings.DetectNative;
import org.nn4j.bindings.Nn4jNative;
import org.nn4j.ops.nn.BoxFormat;
import org.nn4j.ops.nn.Detection;
import org.nn4j.ops.nn.NmsOptions;
import org.nn4j.ops.nn.NmsResult;
import org.nn4j.testing.Gpu;

/**
 * Detection ops (CURRICULUM D1, D4, D5): IoU against a float64 reference written here at odd
 * shapes in both box formats, D4's properties, degenerate boxes, float64 GradCheck; box
 * conversion; NMS worked by hand, per-class vs agnostic, ties, max outputs, score threshold,
 * empty input, batches, and against a plain Java greedy NMS on random boxes (exact equality);
 * every validation message.
 */
class DetectionTest {
    static final BoxFormat[] FORMATS = BoxFormat.values();

    // ---- references

    /** Corners of box i of p (4 numbers per box in format f); r rounds to the kernel's dtype. */
    static double[] corners(double[] p, int i, BoxFormat f, boolean f32) {
        double a = p[4 * i], b = p[4 * i + 1], c = p[4 * i + 2], d = p[4 * i + 3];
        if (f == BoxFormat.CORNERS) return new double[] {a, b, c, d};
        double hw = r(c * 0.5, f32), hh = r(d * 0.5, f32);
        return new double[] {r(a - hw, f32), r(b - hh, f32), r(a + hw, f32), r(b + hh, f32)};
    }

    /** One float32 rounding (exact emulation of a float op on float operands of these sizes). */
    static double r(double x, boolean f32) {
        return f32 ? (double) (float) x : x;
    }

    static double refIou(double[] a, double[] b) {
        double iw = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        double ih = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        double inter = iw * ih, union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
        return union > 0 ? inter / union : 0;
    }

    /** The suppression test of nn4j_detect.h, inter > t * union, in the kernel's dtype. */
    static boolean refSuppresses(double[] a, double[] b, double t, boolean f32) {
        double iw = Math.max(0, r(Math.min(a[2], b[2]) - Math.max(a[0], b[0]), f32));
        double ih = Math.max(0, r(Math.min(a[3], b[3]) - Math.max(a[1], b[1]), f32));
        double aa = r(r(a[2] - a[0], f32) * r(a[3] - a[1], f32), f32);
        double ab = r(r(b[2] - b[0], f32) * r(b[3] - b[1], f32), f32);
        double inter = r(iw * ih, f32);
        double union = r(r(aa + ab, f32) - inter, f32);
        return inter > r(r(t, f32) * union, f32);
    }

    /**
     * Plain greedy NMS of one image: all candidates in one pass by (score desc, index asc), a
     * same-class test in the loop, stop at maxOut kept (not the kernel's per-class segments).
     */
    static long[] refNms(double[] boxes, double[] scores, long[] classes, int off, int n, BoxFormat f, double ts,
                         double ti, long maxOut, boolean f32) {
        List<Integer> cand = new ArrayList<>();
        for (int i = 0; i < n; i++) if (scores[off + i] >= ts) cand.add(i);
        cand.sort((x, y) -> scores[off + x] != scores[off + y] ? Double.compare(scores[off + y], scores[off + x])
                : Integer.compare(x, y));
        boolean[] sup = new boolean[n];
        List<Long> kept = new ArrayList<>();
        for (int ci = 0; ci < cand.size() && kept.size() < maxOut; ci++) {
            int i = cand.get(ci);
            if (sup[i]) continue;
            kept.add((long) i);
            double[] bi = corners(boxes, off + i, f, f32);
            for (int cj = ci + 1; cj < cand.size(); cj++) {
                int j = cand.get(cj);
                if (classes != null && classes[off + i] != classes[off + j]) continue;
                if (refSuppresses(bi, corners(boxes, off + j, f, f32), ti, f32)) sup[j] = true;
            }
        }
        return kept.stream().mapToLong(Long::longValue).toArray();
    }

    /** count random boxes in format f, values already rounded to float32 (shared by both dtypes). */
    static double[] randBoxes(Random rnd, int count, BoxFormat f, double span, double minSize, double maxSize) {
        double[] p = new double[4 * count];
        for (int i = 0; i < count; i++) {
            double x = span * rnd.nextDouble(), y = span * rnd.nextDouble();
            double w = minSize + (maxSize - minSize) * rnd.nextDouble();
            double h = minSize + (maxSize - minSize) * rnd.nextDouble();
            double[] v = f == BoxFormat.CORNERS ? new double[] {x, y, x + w, y + h} : new double[] {x, y, w, h};
            for (int k = 0; k < 4; k++) p[4 * i + k] = (float) v[k];
        }
        return p;
    }

    /**
     * Boxes that stress the kernel's x-window search: integer corners in [0, 12) with zero widths,
     * zero heights and exactly touching edges, and every seventh box a huge one.
     */
    static double[] mixedBoxes(Random rnd, int count, BoxFormat f) {
        double[] p = new double[4 * count];
        for (int i = 0; i < count; i++) {
            boolean huge = i % 7 == 3;
            double x = rnd.nextInt(12), y = rnd.nextInt(12);
            double w = huge ? 20 + rnd.nextInt(10) : rnd.nextInt(4), h = huge ? 20 + rnd.nextInt(10) : rnd.nextInt(4);
            double[] v = f == BoxFormat.CORNERS ? new double[] {x, y, x + w, y + h} : new double[] {x, y, w, h};
            System.arraycopy(v, 0, p, 4 * i, 4);
        }
        return p;
    }

    /** count values in [0.5, 1.5), float32-exact (gradient weightings). */
    static double[] weights(Random rnd, int count) {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) v[i] = (float) (0.5 + rnd.nextDouble());
        return v;
    }

    static Tensor t(double[] v, DType dt, long... shape) {
        return Tensor.of(v, shape).to(dt);
    }

    static double[] box(double... v) {
        return v;
    }

    // ---- IoU

    @Test
    void iouMatchesReferenceAtOddShapes() {
        Random rnd = new Random(11);
        int[][] shapes = {{2, 5, 7}, {1, 3, 1}, {3, 1, 4}, {2, 0, 3}};
        try (Scope s = Scope.open()) {
            for (BoxFormat f : FORMATS) {
                for (int[] sh : shapes) {
                    int bsz = sh[0], n = sh[1], m = sh[2];
                    double[] a = randBoxes(rnd, bsz * n, f, 20, 0, 12), b = randBoxes(rnd, bsz * m, f, 20, 0, 12);
                    double[] want = new double[bsz * n * m];
                    for (int img = 0; img < bsz; img++)
                        for (int i = 0; i < n; i++)
                            for (int j = 0; j < m; j++)
                                want[(img * n + i) * m + j] = refIou(corners(a, img * n + i, f, false),
                                        corners(b, img * m + j, f, false));
                    for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                        Tensor out = Detection.iou(t(a, dt, bsz, n, 4), t(b, dt, bsz, m, 4), f);
                        assertArrayEquals(new long[] {bsz, n, m}, out.dims());
                        assertArrayEquals(want, out.toDoubleArray(), dt == DType.FLOAT64 ? 1e-14 : 2e-6,
                                f + " " + dt + " " + Arrays.toString(sh));
                        if (bsz == 1) {
                            Tensor flat = Detection.iou(t(a, dt, n, 4), t(b, dt, m, 4), f);
                            assertArrayEquals(new long[] {n, m}, flat.dims());
                            assertArrayEquals(out.toDoubleArray(), flat.toDoubleArray(), 0);
                        }
                    }
                }
            }
        }
    }

    @Test
    void iouPropertiesAndHandCase() {
        try (Scope s = Scope.open()) {
            // (0,0,2,2) and (1,1,3,3): inter 1 x 1 = 1, union 4 + 4 - 1 = 7, IoU 1/7.
            // (0,0,2,2) and (2,0,4,2) touch along x = 2: inter 0 -> IoU 0; (5,5,6,6) is disjoint.
            Tensor a = Tensor.of(new double[] {0, 0, 2, 2}, 1, 4);
            Tensor b = Tensor.of(new double[] {1, 1, 3, 3, 2, 0, 4, 2, 5, 5, 6, 6, 0, 0, 2, 2}, 4, 4);
            assertArrayEquals(new double[] {1.0 / 7, 0, 0, 1}, Detection.iou(a, b).toDoubleArray(), 1e-15);

            Random rnd = new Random(5);
            double[] p = randBoxes(rnd, 6, BoxFormat.CORNERS, 10, 1, 8), q = randBoxes(rnd, 9, BoxFormat.CORNERS, 10, 1, 8);
            Tensor tp = Tensor.of(p, 6, 4), tq = Tensor.of(q, 9, 4);
            double[] pq = Detection.iou(tp, tq).toDoubleArray();
            assertArrayEquals(pq, Detection.iou(tq, tp).t().contiguous().toDoubleArray(), 0, "symmetric");
            // scaling by a power of two is exact, so the IoU must not move at all
            assertArrayEquals(pq, Detection.iou(tp.mul(4), tq.mul(4)).toDoubleArray(), 0, "scale-invariant");
            double[] self = Detection.iou(tp, tp).toDoubleArray();
            for (int i = 0; i < 6; i++) assertEquals(1.0, self[i * 6 + i], 0, "identical boxes");
        }
    }

    @Test
    void degenerateBoxesGiveZeroWithoutNaN() {
        try (Scope s = Scope.open()) {
            for (BoxFormat f : FORMATS) {
                // a point, a horizontal segment inside the square, and the square itself
                double[] deg = f == BoxFormat.CORNERS ? new double[] {5, 5, 5, 5, 1, 2, 3, 2}
                        : new double[] {5, 5, 0, 0, 2, 2, 2, 0};
                double[] sq = f == BoxFormat.CORNERS ? new double[] {0, 0, 4, 4, 5, 5, 5, 5}
                        : new double[] {2, 2, 4, 4, 5, 5, 0, 0};
                Tensor a = Tensor.of(deg, 2, 4).requiresGrad(true), b = Tensor.of(sq, 2, 4).requiresGrad(true);
                Tensor iou = Detection.iou(a, b, f);
                assertArrayEquals(new double[] {0, 0, 0, 0}, iou.toDoubleArray(), 0, f.toString());
                Tensor[] g = Autograd.grad(iou.sum(), a, b);
                for (Tensor gi : g)
                    for (double v : gi.toDoubleArray()) assertEquals(0.0, v, 0, f + ": gradient of a constant 0");
            }
        }
    }

    @Test
    void iouGradCheck() {
        Random rnd = new Random(7);
        try (Scope s = Scope.open()) {
            for (BoxFormat f : FORMATS) {
                // overlapping boxes with distinct coordinates: away from the kinks of min/max/clamp
                Tensor a = Tensor.of(randBoxes(rnd, 2 * 3, f, 6, 3, 8), 2, 3, 4);
                Tensor b = Tensor.of(randBoxes(rnd, 2 * 4, f, 6, 3, 8), 2, 4, 4);
                GradCheck.assertPasses(in -> Detection.iou(in[0], in[1], f), a, b);
                GradCheck.assertPasses(in -> Detection.iou(in[0], in[1], f), a.select(0, 1), b.select(0, 0));
            }
            // one input only: the other gradient is not asked for
            Tensor a = Tensor.of(randBoxes(rnd, 3, BoxFormat.CORNERS, 6, 3, 8), 3, 4).requiresGrad(true);
            Tensor b = Tensor.of(randBoxes(rnd, 5, BoxFormat.CORNERS, 6, 3, 8), 5, 4);
            assertArrayEquals(new long[] {3, 4}, Autograd.grad(Detection.iou(a, b).sum(), a)[0].dims());
        }
    }

    @Test
    void centreIouEqualsCornerIouOfConvertedBoxes() {
        Random rnd = new Random(8);
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.of(randBoxes(rnd, 5, BoxFormat.CENTER, 6, 3, 8), 5, 4).requiresGrad(true);
            Tensor b = Tensor.of(randBoxes(rnd, 3, BoxFormat.CENTER, 6, 3, 8), 3, 4).requiresGrad(true);
            Tensor w = Tensor.of(weights(rnd, 15), 5, 3);
            Tensor direct = Detection.iou(a, b, BoxFormat.CENTER);
            Tensor composed = Detection.iou(Detection.convertBoxes(a, BoxFormat.CENTER, BoxFormat.CORNERS),
                    Detection.convertBoxes(b, BoxFormat.CENTER, BoxFormat.CORNERS));
            assertArrayEquals(direct.toDoubleArray(), composed.toDoubleArray(), 0);
            Tensor[] g1 = Autograd.grad(direct.mul(w).sum(), a, b), g2 = Autograd.grad(composed.mul(w).sum(), a, b);
            for (int k = 0; k < 2; k++) assertArrayEquals(g1[k].toDoubleArray(), g2[k].toDoubleArray(), 1e-14);
        }
    }

    // ---- conversion

    @Test
    void convertHandRoundTripAndGradCheck() {
        try (Scope s = Scope.open()) {
            // corners (1, 2, 5, 10): centre (3, 6), size 4 x 8
            Tensor c = Tensor.of(new double[] {1, 2, 5, 10, 0, 0, 0, 0}, 2, 4);
            Tensor z = Detection.convertBoxes(c, BoxFormat.CORNERS, BoxFormat.CENTER);
            assertArrayEquals(new double[] {3, 6, 4, 8, 0, 0, 0, 0}, z.toDoubleArray(), 0);
            assertArrayEquals(c.toDoubleArray(),
                    Detection.convertBoxes(z, BoxFormat.CENTER, BoxFormat.CORNERS).toDoubleArray(), 0);
            assertArrayEquals(c.toDoubleArray(),
                    Detection.convertBoxes(c, BoxFormat.CORNERS, BoxFormat.CORNERS).toDoubleArray(), 0);
            Random rnd = new Random(3);
            double[] v = randBoxes(rnd, 2 * 3 * 5, BoxFormat.CORNERS, 1, 0, 1);
            Tensor x = Tensor.of(v, 2, 3, 5, 4);
            Tensor back = Detection.convertBoxes(Detection.convertBoxes(x, BoxFormat.CORNERS, BoxFormat.CENTER),
                    BoxFormat.CENTER, BoxFormat.CORNERS);
            assertArrayEquals(v, back.toDoubleArray(), 1e-15, "round trip");
            for (BoxFormat from : FORMATS)
                for (BoxFormat to : FORMATS)
                    GradCheck.assertPasses(in -> Detection.convertBoxes(in[0], from, to), x.slice(2, 1, 4));
        }
    }

    // ---- NMS, by hand

    /*
     * Eight corner boxes, default thresholds (score >= 0.6, suppress IoU > 0.5):
     *   0 (0,0,10,10)    0.90     1 (3,0,13,10)   0.80     2 (20,20,30,30) 0.95
     *   3 (6,0,16,10)    0.75     4 (21,21,31,31) 0.70     5 (50,50,60,60) 0.50
     *   6 (0,0,10,10)    0.90 (= box 0, same score)        7 (40,40,40,45) 0.65 (zero area)
     * IoUs that matter: (0,1) = 7*10 / (200-70) = 0.538; (0,3) = 4*10 / 160 = 0.25;
     * (1,3) = 7*10 / 130 = 0.538; (2,4) = 9*9 / (200-81) = 0.681; (0,6) = 1; box 7 has IoU 0
     * with everything.
     * Candidates (5 dropped, 0.50 < 0.6) by score, ties by index: 2, 0, 6, 1, 3, 4, 7.
     * Agnostic: keep 2 (suppresses 4); keep 0 (suppresses 6 and 1; not 3, 0.25); 6, 1 skipped;
     * keep 3 (1 was suppressed, so its 0.538 with 3 no longer counts); 4 skipped; keep 7
     * -> [2, 0, 3, 7].
     * Per-class with classes {0, 1, 0, 1, 0, 0, 0, 0}: class 0 keeps 2, 0, 7 (4 and 6 suppressed);
     * class 1 keeps 1 and suppresses 3 (0.538) -> by score [2, 0, 1, 7].
     * maxOutputs 2 -> [2, 0]. Score threshold -inf adds 5 (isolated) -> [2, 0, 3, 7, 5].
     * IoU threshold 0.6: (0,1) and (1,3) at 0.538 no longer suppress -> [2, 0, 1, 3, 7].
     */
    static final double[] HAND_BOXES = {0, 0, 10, 10, 3, 0, 13, 10, 20, 20, 30, 30, 6, 0, 16, 10, 21, 21, 31, 31, 50,
        50, 60, 60, 0, 0, 10, 10, 40, 40, 40, 45};
    static final double[] HAND_SCORES = {0.9, 0.8, 0.95, 0.75, 0.7, 0.5, 0.9, 0.65};

    @Test
    void handCheckedSurvivors() {
        try (Scope s = Scope.open()) {
            for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                Tensor b = t(HAND_BOXES, dt, 8, 4), sc = t(HAND_SCORES, dt, 8);
                assertArrayEquals(new long[] {2, 0, 3, 7}, Detection.nms(b, sc).indices(0), dt.toString());
                Tensor cls = Tensor.of(new long[] {0, 1, 0, 1, 0, 0, 0, 0}, 8);
                assertArrayEquals(new long[] {2, 0, 1, 7}, Detection.nms(b, sc, cls, NmsOptions.DEFAULT).indices(0));
                assertArrayEquals(new long[] {2, 0, 1, 7},
                        Detection.nms(b, sc, cls.to(DType.INT32), NmsOptions.DEFAULT).indices(0), "int32 classes");
                assertArrayEquals(new long[] {2, 0},
                        Detection.nms(b, sc, NmsOptions.builder().maxOutputs(2).build()).indices(0));
                assertArrayEquals(new long[] {2, 0, 3, 7, 5}, Detection.nms(b, sc,
                        NmsOptions.builder().scoreThreshold(Double.NEGATIVE_INFINITY).build()).indices(0));
                assertArrayEquals(new long[] {2, 0, 1, 3, 7},
                        Detection.nms(b, sc, NmsOptions.builder().iouThreshold(0.6).build()).indices(0));
                // the same boxes as centre/size give the same survivors
                Tensor centre = Detection.convertBoxes(b, BoxFormat.CORNERS, BoxFormat.CENTER);
                assertArrayEquals(new long[] {2, 0, 3, 7},
                        Detection.nms(centre, sc, NmsOptions.builder().format(BoxFormat.CENTER).build()).indices(0));
            }
        }
    }

    @Test
    void resultTensorsArePaddedAndCounted() {
        try (Scope s = Scope.open()) {
            NmsResult r = Detection.nms(Tensor.of(HAND_BOXES, 8, 4), Tensor.of(HAND_SCORES, 8));
            assertEquals(1, r.batch());
            assertEquals(4, r.count(0));
            assertArrayEquals(new long[] {1, 8}, r.keep().dims());
            assertArrayEquals(new long[] {2, 0, 3, 7, -1, -1, -1, -1}, r.keep().toLongArray());
            assertArrayEquals(new long[] {4}, r.counts().toLongArray());
            assertEquals("NmsResult([2, 0, 3, 7])", r.toString());
            assertThrows(IndexOutOfBoundsException.class, () -> r.indices(1));
        }
    }

    @Test
    void tiesGoToTheLowerIndex() {
        try (Scope s = Scope.open()) {
            NmsOptions all = NmsOptions.builder().scoreThreshold(Double.NEGATIVE_INFINITY).build();
            // three identical boxes, equal scores: only index 0 survives, wherever the boxes sit
            Tensor same = Tensor.of(new double[] {1, 1, 4, 4, 1, 1, 4, 4, 1, 1, 4, 4}, 3, 4);
            assertArrayEquals(new long[] {0}, Detection.nms(same, Tensor.of(new double[] {0.7, 0.7, 0.7}, 3), all)
                    .indices(0));
            // disjoint boxes with equal scores come out by index
            Tensor apart = Tensor.of(new double[] {20, 0, 21, 1, 10, 0, 11, 1, 0, 0, 1, 1, 30, 0, 31, 1}, 4, 4);
            assertArrayEquals(new long[] {1, 0, 2, 3},
                    Detection.nms(apart, Tensor.of(new double[] {0.5, 0.9, 0.5, 0.5}, 4), all).indices(0));
            // an IoU exactly at the threshold does not suppress: (0,0,3,1) vs (1,0,4,1) is 2/4 = 0.5
            Tensor half = Tensor.of(new double[] {0, 0, 3, 1, 1, 0, 4, 1}, 2, 4);
            assertArrayEquals(new long[] {0, 1}, Detection.nms(half, Tensor.of(new double[] {0.9, 0.8}, 2), all)
                    .indices(0));
            assertArrayEquals(new long[] {0}, Detection.nms(half, Tensor.of(new double[] {0.9, 0.8}, 2),
                    NmsOptions.builder().scoreThreshold(0).iouThreshold(0.49).build()).indices(0));
            // a score equal to the threshold is kept (D5 drops score < t)
            assertArrayEquals(new long[] {0}, Detection.nms(Tensor.of(new double[] {0, 0, 1, 1}, 1, 4),
                    Tensor.of(new double[] {0.6}, 1)).indices(0));
        }
    }

    @Test
    void emptyAndBatched() {
        try (Scope s = Scope.open()) {
            NmsResult none = Detection.nms(Tensor.zeros(0, 4), Tensor.zeros(0));
            assertEquals(0, none.count(0));
            assertArrayEquals(new long[] {1, 0}, none.keep().dims());
            NmsResult noBatch = Detection.nms(Tensor.zeros(0, 5, 4), Tensor.zeros(0, 5));
            assertEquals(0, noBatch.batch());
            NmsResult below = Detection.nms(Tensor.of(HAND_BOXES, 8, 4), Tensor.of(HAND_SCORES, 8).mul(0.1));
            assertEquals(0, below.count(0));
            assertArrayEquals(new long[] {-1, -1, -1, -1, -1, -1, -1, -1}, below.keep().toLongArray());
            NmsResult zeroMax = Detection.nms(Tensor.of(HAND_BOXES, 8, 4), Tensor.of(HAND_SCORES, 8),
                    NmsOptions.builder().maxOutputs(0).build());
            assertEquals(0, zeroMax.count(0));
            assertArrayEquals(new long[] {1, 0}, zeroMax.keep().dims());

            // batch of 3: the hand image, the same with reversed scores, an image with nothing above threshold
            double[] boxes = new double[3 * 32], scores = new double[3 * 8];
            for (int img = 0; img < 3; img++) System.arraycopy(HAND_BOXES, 0, boxes, img * 32, 32);
            for (int i = 0; i < 8; i++) {
                scores[i] = HAND_SCORES[i];
                scores[8 + i] = HAND_SCORES[7 - i];
                scores[16 + i] = 0.1;
            }
            NmsResult r = Detection.nms(Tensor.of(boxes, 3, 8, 4), Tensor.of(scores, 3, 8));
            assertEquals(3, r.batch());
            for (int img = 0; img < 3; img++) {
                long[] alone = Detection.nms(Tensor.of(HAND_BOXES, 8, 4),
                        Tensor.of(Arrays.copyOfRange(scores, img * 8, img * 8 + 8), 8)).indices(0);
                assertArrayEquals(alone, r.indices(img), "image " + img);
            }
            assertArrayEquals(new long[] {2, 0, 3, 7}, r.indices(0));
            assertEquals(0, r.count(2));
        }
    }

    @Test
    void matchesJavaGreedyOnRandomBoxes() {
        Random rnd = new Random(21);
        int bsz = 3, n = 61, calls = 0;
        try (Scope s = Scope.open()) {
            for (BoxFormat f : FORMATS) {
                calls += compareWithReference(randBoxes(rnd, bsz * n, f, 100, 5, 40), f, bsz, n, rnd);
                calls += compareWithReference(mixedBoxes(rnd, bsz * n, f), f, bsz, n, rnd);
            }
        }
        assertEquals(2 * 2 * 2 * 4 * 3 * 2 * 2, calls);
    }

    /** NMS of these boxes for both dtypes and many options vs refNms, exactly; returns the call count. */
    static int compareWithReference(double[] boxes, BoxFormat f, int bsz, int n, Random rnd) {
        double[] scores = new double[bsz * n];
        long[] classes = new long[bsz * n];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (float) (Math.floor(rnd.nextDouble() * 12) / 12);  // coarse: many ties
            classes[i] = rnd.nextInt(3);
        }
        int calls = 0;
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            boolean f32 = dt == DType.FLOAT32;
            Tensor tb = t(boxes, dt, bsz, n, 4), ts = t(scores, dt, bsz, n), tc = Tensor.of(classes, bsz, n);
            for (double ti : new double[] {0, 0.3, 0.5, 0.7}) {
                for (double st : new double[] {Double.NEGATIVE_INFINITY, 0.25, 0.5}) {
                    for (long mo : new long[] {Long.MAX_VALUE, 5}) {
                        NmsOptions o = NmsOptions.builder().iouThreshold(ti).scoreThreshold(st).maxOutputs(mo).format(f)
                                .build();
                        for (boolean perClass : new boolean[] {false, true}) {
                            try (NmsResult res = Detection.nms(tb, ts, perClass ? tc : null, o)) {
                                for (int img = 0; img < bsz; img++) {
                                    long[] want = refNms(boxes, scores, perClass ? classes : null, img * n, n, f, st,
                                            ti, mo, f32);
                                    assertArrayEquals(want, res.indices(img), f + " " + dt + " ti " + ti + " st " + st
                                            + " max " + mo + " perClass " + perClass + " image " + img);
                                }
                            }
                            calls++;
                        }
                    }
                }
            }
        }
        return calls;
    }

    @Test
    void perClassNeverSuppressesAcrossClasses() {
        try (Scope s = Scope.open()) {
            // five identical boxes: agnostic keeps one; with five classes all survive, by score
            double[] same = new double[20];
            for (int i = 0; i < 5; i++) System.arraycopy(new double[] {2, 3, 7, 9}, 0, same, 4 * i, 4);
            Tensor b = Tensor.of(same, 5, 4), sc = Tensor.of(new double[] {0.7, 0.9, 0.8, 0.95, 0.65}, 5);
            assertArrayEquals(new long[] {3}, Detection.nms(b, sc).indices(0));
            assertArrayEquals(new long[] {3, 1, 2, 0, 4},
                    Detection.nms(b, sc, Tensor.of(new long[] {4, 3, 2, 1, 0}, 5), NmsOptions.DEFAULT).indices(0));
            // max outputs counts over all classes, the best first
            assertArrayEquals(new long[] {3, 1}, Detection.nms(b, sc, Tensor.of(new long[] {4, 3, 2, 1, 0}, 5),
                    NmsOptions.builder().maxOutputs(2).build()).indices(0));
            // negative and large class ids are just labels
            assertArrayEquals(new long[] {3, 2}, Detection.nms(b, sc,
                    Tensor.of(new long[] {-7, -7, Long.MAX_VALUE, -7, Long.MAX_VALUE}, 5), NmsOptions.DEFAULT)
                    .indices(0));
        }
    }

    @Test
    void nativeMemoryIsReleased() {
        long base = org.nn4j.testing.LiveBytes.settle();
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.of(HAND_BOXES, 8, 4).requiresGrad(true);
            Autograd.grad(Detection.iou(a, a.slice(0, 1, 5).mul(1.5)).sum(), a);
            Detection.nms(a.detach(), Tensor.of(HAND_SCORES, 8));
        }
        org.nn4j.testing.LiveBytes.assertNoGrowth(base, "scope");
        try (Tensor b = Tensor.of(HAND_BOXES, 8, 4); Tensor sc = Tensor.of(HAND_SCORES, 8);
                NmsResult r = Detection.nms(b, sc)) {
            assertEquals(4, r.count(0));
        }
        org.nn4j.testing.LiveBytes.assertNoGrowth(base, "NmsResult.close frees keep and counts");
        try (Tensor bad = Tensor.of(new double[] {0, 0, -1, 1}, 1, 4); Tensor sc = Tensor.of(new double[] {1}, 1);
                Tensor nan = Tensor.of(new double[] {Double.NaN}, 1); Tensor good = Tensor.of(new double[] {0, 0, 1, 1}, 1, 4)) {
            assertThrows(IllegalArgumentException.class, () -> Detection.nms(bad, sc));
            assertThrows(IllegalArgumentException.class, () -> Detection.nms(good, nan));
            assertThrows(IllegalArgumentException.class, () -> Detection.iou(bad, good));
        }
        org.nn4j.testing.LiveBytes.assertNoGrowth(base, "failed calls free their outputs");
    }

    // ---- validation

    static void assertMessage(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
    }

    @Test
    void badInputsAreRejectedWithClearMessages() {
        try (Scope s = Scope.open()) {
            Tensor b3 = Tensor.of(HAND_BOXES, 8, 4), sc = Tensor.of(HAND_SCORES, 8);
            double[] nanScores = HAND_SCORES.clone();
            nanScores[2] = Double.NaN;
            assertMessage(() -> Detection.nms(b3, Tensor.of(nanScores, 8)), "scores[0, 2] is NaN");
            double[] neg = HAND_BOXES.clone();
            neg[4 * 3 + 2] = 5;  // box 3: x2 = 5 < x1 = 6
            assertMessage(() -> Detection.nms(Tensor.of(neg, 8, 4), sc), "boxes[0, 3]", "negative size", "x1 <= x2");
            assertMessage(() -> Detection.iou(Tensor.of(neg, 1, 8, 4), b3.unsqueeze(0)), "a[0, 3]", "negative size");
            assertMessage(() -> Detection.iou(b3, Tensor.of(new double[] {1, 1, -2, 3}, 1, 4), BoxFormat.CENTER),
                    "b[0, 0]", "w >= 0");
            double[] inf = HAND_BOXES.clone();
            inf[4 * 5 + 1] = Double.POSITIVE_INFINITY;
            assertMessage(() -> Detection.nms(Tensor.of(inf, 8, 4), sc), "boxes[0, 5]", "non-finite");
            double[] nan = HAND_BOXES.clone();
            nan[0] = Double.NaN;
            assertMessage(() -> Detection.iou(b3, Tensor.of(nan, 8, 4)), "b[0, 0]", "non-finite");
            Tensor batched = Tensor.of(new double[] {0, 0, 1, 1, 0, 0, 1, 1, 3, 3, 2, 4, 0, 0, 1, 1}, 2, 2, 4);
            assertMessage(() -> Detection.nms(batched, Tensor.ones(DType.FLOAT64, 2, 2)), "boxes[1, 0]");

            assertMessage(() -> NmsOptions.builder().iouThreshold(1.5), "iouThreshold = 1.5");
            assertMessage(() -> NmsOptions.builder().iouThreshold(-0.1), "outside [0, 1]");
            assertMessage(() -> NmsOptions.builder().iouThreshold(Double.NaN), "iouThreshold");
            assertMessage(() -> NmsOptions.builder().scoreThreshold(Double.NaN), "scoreThreshold is NaN");
            assertMessage(() -> NmsOptions.builder().maxOutputs(-1), "maxOutputs = -1");

            assertMessage(() -> Detection.nms(Tensor.zeros(DType.FLOAT64, 8, 3), sc), "(N, 4) or (B, N, 4)");
            assertMessage(() -> Detection.nms(b3, Tensor.of(HAND_SCORES, 2, 4)), "scores (one per box) must have shape (8)");
            assertMessage(() -> Detection.nms(b3, sc.to(DType.FLOAT32)), "differ");
            assertMessage(() -> Detection.nms(b3, sc, Tensor.zeros(DType.FLOAT64, 8), NmsOptions.DEFAULT),
                    "classes must be int32 or int64");
            assertMessage(() -> Detection.nms(b3, sc, Tensor.zeros(DType.INT64, 7), NmsOptions.DEFAULT),
                    "classes (one per box)");
            assertMessage(() -> Detection.nms(b3, Tensor.of(new long[8], 8)), "float32 or float64");
            assertMessage(() -> Detection.iou(b3, b3.unsqueeze(0)), "(N, 4) and (M, 4)");
            assertMessage(() -> Detection.iou(Tensor.zeros(2, 3, 4), Tensor.zeros(3, 3, 4)), "(2, 3, 4) and (3, 3, 4)");
            assertMessage(() -> Detection.iou(Tensor.zeros(2, 5), Tensor.zeros(2, 5)), "(N, 4)");
            assertMessage(() -> Detection.convertBoxes(Tensor.zeros(3, 2), BoxFormat.CORNERS, BoxFormat.CENTER),
                    "(..., 4)");
        }
    }

    @Test
    void nativeEntryPointsCheckTheirArguments() {
        // the C ABI validates on its own (other bindings may call it without the Java checks)
        try (Tensor out = Tensor.zeros(DType.INT64, 1)) {
            long c = org.nn4j.internal.Kernels.addr(out);
            assertEquals(1, DetectNative.nn4j_nms(0, 1, 0, 1, 0, 0, 0, -1, 0, 0.5, 1.5, 1, 0, c));
            assertTrue(Nn4jNative.nn4j_last_error().contains("iou_threshold = 1.5"), Nn4jNative.nn4j_last_error());
            assertEquals(1, DetectNative.nn4j_nms(0, 1, 0, 1, 0, 0, 0, -1, 0, Double.NaN, 0.5, 1, 0, c));
            assertTrue(Nn4jNative.nn4j_last_error().contains("score_threshold is NaN"));
            assertEquals(1, DetectNative.nn4j_nms(0, 1, 2, 1, 0, 0, 0, -1, 0, 0.5, 0.5, 1, 0, c));
            assertTrue(Nn4jNative.nn4j_last_error().contains("format 2"));
            assertEquals(1, DetectNative.nn4j_nms(0, 1, 0, 1, 0, 0, 0, -1, 0, 0.5, 0.5, -3, 0, c));
            assertTrue(Nn4jNative.nn4j_last_error().contains("max_outputs = -3"));
            assertEquals(3, DetectNative.nn4j_nms(0, 2, 0, 1, 0, 0, 0, -1, 0, 0.5, 0.5, 1, 0, c));
            assertEquals(1, DetectNative.nn4j_box_iou_forward(0, 0, 0, 1, -1, 1, 0, 0, 0));
            assertTrue(Nn4jNative.nn4j_last_error().contains("n = -1"));
            assertEquals(1, DetectNative.nn4j_box_iou_forward(0, 0, 0, 1, 1L << 40, 1L << 40, 8, 8, 8));
            assertTrue(Nn4jNative.nn4j_last_error().contains("overflow"));
            assertEquals(1, DetectNative.nn4j_box_convert_forward(0, 0, 0, 5, 1, 8, 8));
            assertTrue(Nn4jNative.nn4j_last_error().contains("to 5"));
            assertEquals(1, DetectNative.nn4j_box_iou_forward(0, 0, 0, 1, 1, 1, 0, 8, 8));
            assertTrue(Nn4jNative.nn4j_last_error().contains("nn4j_box_iou_forward: a is null"));
        }
    }

    // ---- CUDA

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        Gpu.assumeCuda("detection");
        Random rnd = new Random(31);
        int bsz = 2, n = 150, m = 37;
        for (BoxFormat f : FORMATS) {
            double[] a = randBoxes(rnd, bsz * n, f, 100, 0, 40), b = randBoxes(rnd, bsz * m, f, 100, 0, 40);
            double[] scores = new double[bsz * n];
            long[] classes = new long[bsz * n];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = Math.floor(rnd.nextDouble() * 20) / 20;
                classes[i] = rnd.nextInt(4);
            }
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                double[][] res = new double[2][];
                long[][] kept = new long[2][];
                for (int dev = 0; dev < 2; dev++) {
                    Device d = dev == 0 ? Device.CPU : Device.cuda(0);
                    try (Scope s = Scope.open()) {
                        Tensor ta = t(a, dt, bsz, n, 4).to(d).requiresGrad(true);
                        Tensor tb = t(b, dt, bsz, m, 4).to(d).requiresGrad(true);
                        Tensor iou = Detection.iou(ta, tb, f);
                        Tensor w = t(weights(new Random(1), bsz * n * m), dt, iou.dims()).to(d);
                        Tensor[] g = Autograd.grad(iou.mul(w).sum(), ta, tb);
                        Tensor conv = Detection.convertBoxes(ta.detach(), f, f == BoxFormat.CORNERS ? BoxFormat.CENTER
                                : BoxFormat.CORNERS);
                        res[dev] = concat(iou.toDoubleArray(), g[0].toDoubleArray(), g[1].toDoubleArray(),
                                conv.toDoubleArray());
                        List<Long> all = new ArrayList<>();
                        for (boolean perClass : new boolean[] {false, true}) {
                            NmsOptions o = NmsOptions.builder().scoreThreshold(0.2).iouThreshold(0.4).maxOutputs(50)
                                    .format(f).build();
                            NmsResult r = Detection.nms(ta.detach(), t(scores, dt, bsz, n).to(d),
                                    perClass ? Tensor.of(classes, bsz, n).to(d) : null, o);
                            for (long v : r.keep().toLongArray()) all.add(v);
                            for (long v : r.counts().toLongArray()) all.add(v);
                        }
                        kept[dev] = all.stream().mapToLong(Long::longValue).toArray();
                    }
                }
                assertArrayEquals(res[0], res[1], dt == DType.FLOAT32 ? 1e-5 : 1e-12, f + " " + dt + " IoU/grad/convert");
                assertArrayEquals(kept[0], kept[1], f + " " + dt + " NMS");
            }
        }
    }

    static double[] concat(double[]... parts) {
        return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
    }
}
