package org.nn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Device;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.GradCheck;
import org.nn4j.ops.nn.Pooling;
import org.nn4j.ops.nn.Pooling.Kind;
import org.nn4j.ops.nn.Pooling.Options;
import org.nn4j.testing.Gpu;

/**
 * Pooling (CURRICULUM C5, C6, K6, K16, K17): max / average / min over 1, 2 and 3 spatial axes
 * against a naive float64 reference written here (forward and the routed / spread gradient), hand
 * cases for ties (first index), NaN, the average divisor without pads, global pooling, float64
 * GradCheck on odd shapes for every kind, oneDNN vs own in float32 (tag "dnnl") and CUDA vs CPU
 * (tag "gpu", skipped without a device).
 */
class PoolingTest {

    /** Geometry with nsp-length spatial arrays. */
    static final class Geo {
        final long[] xs, k, s, pb, pe;

        Geo(long[] xs, long[] k, long[] s, long[] pb, long[] pe) {
            this.xs = xs;
            this.k = k;
            this.s = s;
            this.pb = pb;
            this.pe = pe;
        }

        int nsp() {
            return xs.length - 2;
        }

        long[] ys() {
            long[] y = xs.clone();
            for (int i = 0; i < nsp(); i++) y[2 + i] = (xs[2 + i] + pb[i] + pe[i] - k[i]) / s[i] + 1;
            return y;
        }

        Options options() {
            return Options.builder(k).stride(s).padding(pb, pe).build();
        }

        @Override
        public String toString() {
            return "x" + Arrays.toString(xs) + " k" + Arrays.toString(k) + " s" + Arrays.toString(s) + " pads"
                    + Arrays.toString(pb) + "/" + Arrays.toString(pe);
        }
    }

    static long[] l(long... v) {
        return v;
    }

    static Geo[] geometries() {
        return new Geo[] {
            new Geo(l(2, 3, 7, 6), l(3, 2), l(2, 2), l(1, 0), l(0, 1)),   // non-square, stride 2, one-sided pads
            new Geo(l(1, 2, 5, 9), l(2, 3), l(1, 2), l(0, 0), l(1, 2)),   // overlapping windows, pads at the end only
            new Geo(l(2, 2, 11), l(3), l(2), l(1), l(1)),                  // 1-D
            new Geo(l(1, 2, 4, 5, 3), l(2, 3, 2), l(2, 1, 1), l(1, 0, 0), l(0, 1, 1)),  // 3-D
            new Geo(l(3, 2, 4, 4), l(2, 2), l(2, 2), l(0, 0), l(0, 0)),   // the classic 2x2/2
            // tiling windows (the one-pass path): remainders left over on both axes
            new Geo(l(2, 3, 7, 9), l(2, 2), l(2, 2), l(0, 0), l(0, 0)),
            new Geo(l(1, 2, 10, 8), l(3, 2), l(3, 2), l(0, 0), l(0, 0)),
            new Geo(l(2, 2, 13), l(3), l(3), l(0), l(0)),                  // 1-D tiling
            new Geo(l(1, 2, 3, 6, 4), l(1, 2, 2), l(1, 2, 2), l(0, 0, 0), l(0, 0, 0)),  // 3-D, no depth window
        };
    }

    /** Reference forward y and backward dx (for upstream dy), from the definition. */
    static double[][] ref(Geo g, Kind kind, double[] x, double[] dy) {
        long[] ys = g.ys();
        int nsp = g.nsp();
        long[] isp = Arrays.copyOfRange(g.xs, 2, g.xs.length), osp = Arrays.copyOfRange(ys, 2, ys.length);
        long isz = ConvolutionTest.prod(isp, 0), osz = ConvolutionTest.prod(osp, 0), ksz = ConvolutionTest.prod(g.k, 0);
        double[] y = new double[(int) (g.xs[0] * g.xs[1] * osz)], dx = new double[x.length];
        for (long pl = 0; pl < g.xs[0] * g.xs[1]; pl++)
            for (long o = 0; o < osz; o++) {
                long[] op = ConvolutionTest.coords(o, osp);
                java.util.List<Long> idx = new java.util.ArrayList<>();
                for (long q = 0; q < ksz; q++) {  // row-major window order
                    long[] qq = ConvolutionTest.coords(q, g.k);
                    long xi = 0;
                    boolean inside = true;
                    for (int a = 0; a < nsp; a++) {
                        long ic = op[a] * g.s[a] - g.pb[a] + qq[a];
                        inside &= ic >= 0 && ic < isp[a];
                        xi = xi * isp[a] + ic;
                    }
                    if (inside) idx.add(pl * isz + xi);
                }
                int yi = (int) (pl * osz + o);
                if (kind == Kind.AVG) {
                    double s = 0;
                    for (long i : idx) s += x[(int) i];
                    y[yi] = s / idx.size();
                    for (long i : idx) dx[(int) i] += dy[yi] / idx.size();
                } else {
                    long best = idx.get(0);
                    for (long i : idx) {
                        if (kind == Kind.MAX ? x[(int) i] > x[(int) best] : x[(int) i] < x[(int) best]) best = i;
                    }
                    y[yi] = x[(int) best];
                    dx[(int) best] += dy[yi];
                }
            }
        return new double[][] {y, dx};
    }

    static Tensor pool(Kind kind, Tensor x, Options o) {
        switch (kind) {
            case MAX: return Pooling.maxPool(x, o);
            case AVG: return Pooling.avgPool(x, o);
            default: return Pooling.minPool(x, o);
        }
    }

    @Test
    void forwardAndBackwardMatchReference() {
        int k = 0;
        for (Geo g : geometries()) {
            for (Kind kind : Kind.values()) {
                long nx = ConvolutionTest.prod(g.xs, 0), ny = ConvolutionTest.prod(g.ys(), 0);
                double[] x = ConvolutionTest.rnd(10 + k, nx), dy = ConvolutionTest.rnd(20 + k, ny);
                double[][] want = ref(g, kind, x, dy);
                for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                    try (Scope s = Scope.open()) {
                        Tensor xt = Tensor.of(x, g.xs).to(dt).requiresGrad(true);
                        Tensor y = pool(kind, xt, g.options());
                        assertArrayEquals(g.ys(), y.dims(), g + " " + kind);
                        double tol = dt == DType.FLOAT64 ? 1e-12 : 1e-6;
                        double[] xr = dt == DType.FLOAT64 ? x : ConvolutionTest.roundF(x);
                        double[] dyr = dt == DType.FLOAT64 ? dy : ConvolutionTest.roundF(dy);
                        double[][] w = ref(g, kind, xr, dyr);
                        ConvolutionTest.assertRel(g + " " + kind + " " + dt + " y", w[0], y.toDoubleArray(), tol);
                        Tensor[] gr = Autograd.grad(new Tensor[] {y}, new Tensor[] {Tensor.of(dy, g.ys()).to(dt)},
                                new Tensor[] {xt});
                        ConvolutionTest.assertRel(g + " " + kind + " " + dt + " dx", w[1], gr[0].toDoubleArray(), tol);
                    }
                }
                assertEquals(want[0].length, ny);
                k++;
            }
        }
    }

    /** Max ties go to the first element in row-major window order, min likewise; NaN propagates (K16, K17). */
    @Test
    void tiesFirstIndexAndNaN() {
        try (Scope s = Scope.open()) {
            // window 0 = {5, 5 / 5, 5} (tie), window 1 = {1, NaN / 2, 3}
            Tensor x = Tensor.of(new double[] {5, 5, 1, Double.NaN, 5, 5, 2, 3}, 1, 1, 2, 4).requiresGrad(true);
            Tensor y = Pooling.maxPool(x, Options.builder(2).build());
            double[] yv = y.toDoubleArray();
            assertEquals(5.0, yv[0]);
            assertTrue(Double.isNaN(yv[1]), "max pooling must propagate NaN, got " + yv[1]);
            Tensor[] g = Autograd.grad(new Tensor[] {y}, new Tensor[] {Tensor.of(new double[] {1, 10}, 1, 1, 1, 2)},
                    new Tensor[] {x});
            assertArrayEquals(new double[] {1, 0, 0, 10, 0, 0, 0, 0}, g[0].toDoubleArray());

            // two NaNs in one window: the first one is picked
            Tensor x3 = Tensor.of(new double[] {1, Double.NaN, 0, Double.NaN}, 1, 1, 2, 2).requiresGrad(true);
            Tensor y3 = Pooling.maxPool(x3, Options.builder(2).build());
            assertTrue(Double.isNaN(y3.toDoubleArray()[0]));
            Tensor[] g3 = Autograd.grad(new Tensor[] {y3}, new Tensor[] {Tensor.of(new double[] {7}, 1, 1, 1, 1)},
                    new Tensor[] {x3});
            assertArrayEquals(new double[] {0, 7, 0, 0}, g3[0].toDoubleArray());

            Tensor x2 = Tensor.of(new double[] {3, 1, 4, 4, 2, 1, 4, 4}, 1, 1, 2, 4).requiresGrad(true);
            Tensor mn = Pooling.minPool(x2, Options.builder(2).build());
            assertArrayEquals(new double[] {1, 4}, mn.toDoubleArray());
            Tensor[] g2 = Autograd.grad(new Tensor[] {mn}, new Tensor[] {Tensor.of(new double[] {1, 10}, 1, 1, 1, 2)},
                    new Tensor[] {x2});
            // min 1 appears at (0,1) and (1,1): the first gets it; the 4-window ties go to (0,2)
            assertArrayEquals(new double[] {0, 1, 10, 0, 0, 0, 0, 0}, g2[0].toDoubleArray());
        }
    }

    /** Average pooling leaves pads out of the divisor; max pooling pads with -inf. */
    @Test
    void handPaddedWindows() {
        try (Scope s = Scope.open()) {
            // x = [[1, 2, 3], [4, 5, 6]], 2x2 windows, stride 2, SAME: out 1x2, pads 0/0 rows, 0/1 columns
            Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 1, 1, 2, 3);
            Options same = Options.builder(2).padding(Pooling.Padding.SAME).build();
            assertArrayEquals(new double[] {3, 4.5}, Pooling.avgPool(x, same).toDoubleArray());  // (3 + 6) / 2
            Tensor neg = Tensor.of(new double[] {-1, -2, -3, -4, -5, -6}, 1, 1, 2, 3);
            assertArrayEquals(new double[] {-1, -3}, Pooling.maxPool(neg, same).toDoubleArray());
            // explicit one-sided pad: 1-D [1, 2, 3] kernel 3, pad 2 at the front -> windows {1}, {1,2}, {1,2,3}
            Tensor v = Tensor.of(new double[] {1, 2, 3}, 1, 1, 3);
            Options front = Options.builder(3).stride(1).padding(l(2), l(0)).build();
            assertArrayEquals(new double[] {1, 1.5, 2}, Pooling.avgPool(v, front).toDoubleArray());
        }
    }

    @Test
    void globalPooling() {
        double[] x = ConvolutionTest.rnd(5, 2 * 3 * 4 * 5);
        try (Scope s = Scope.open()) {
            Tensor xt = Tensor.of(x, 2, 3, 4, 5).requiresGrad(true);
            Tensor avg = Pooling.globalAvgPool(xt), max = Pooling.globalMaxPool(xt), min = Pooling.globalMinPool(xt);
            assertArrayEquals(new long[] {2, 3}, avg.dims());
            double[] a = avg.toDoubleArray(), m = max.toDoubleArray(), n = min.toDoubleArray();
            for (int p = 0; p < 6; p++) {
                double sum = 0, mx = Double.NEGATIVE_INFINITY, mi = Double.POSITIVE_INFINITY;
                for (int i = 0; i < 20; i++) {
                    sum += x[p * 20 + i];
                    mx = Math.max(mx, x[p * 20 + i]);
                    mi = Math.min(mi, x[p * 20 + i]);
                }
                assertEquals(sum / 20, a[p], 1e-12);
                assertEquals(mx, m[p]);
                assertEquals(mi, n[p]);
            }
            GradCheck.assertPasses(t -> Pooling.globalAvgPool(t[0]), xt);
            GradCheck.assertPasses(t -> Pooling.globalMaxPool(t[0]), xt);
            Tensor x3 = Tensor.of(ConvolutionTest.rnd(6, 2 * 2 * 3 * 2 * 3), 2, 2, 3, 2, 3);
            GradCheck.assertPasses(t -> Pooling.globalMaxPool(t[0]), x3);
            GradCheck.assertPasses(t -> Pooling.globalAvgPool(t[0]), Tensor.of(ConvolutionTest.rnd(7, 2 * 3 * 7), 2, 3, 7));
        }
    }

    @Test
    void gradCheckEveryKindOddShapes() {
        int k = 0;
        for (Geo g : geometries()) {
            for (Kind kind : Kind.values()) {
                Options o = g.options();
                // distinct values: max/min are differentiable away from ties
                try (Scope s = Scope.open()) {
                    Tensor x = Tensor.of(ConvolutionTest.rnd(30 + k++, ConvolutionTest.prod(g.xs, 0)), g.xs);
                    GradCheck.assertPasses(t -> pool(kind, t[0], o), x);
                }
            }
        }
    }

    @Test
    void defaultsAndErrors() {
        assertArrayEquals(new long[] {2, 3, 3, 2}, Pooling.outputShape(l(2, 3, 7, 5), Options.DEFAULT).toArray());
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(DType.FLOAT64, 1, 2, 4, 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Pooling.maxPool(x, Options.builder(3).padding(3).build()));
            assertTrue(e.getMessage().startsWith("maxPool:") && e.getMessage().contains("smaller than the kernel"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Pooling.avgPool(x, Options.builder(5).build()));
            assertTrue(e.getMessage().contains("(1, 2, 4, 4)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Pooling.avgPool(Tensor.zeros(DType.FLOAT64, 4, 4),
                    Options.DEFAULT));
            assertTrue(e.getMessage().contains("spatial"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Pooling.maxPool(Tensor.zeros(DType.INT32, 1, 1, 4, 4),
                    Options.DEFAULT));
            assertThrows(IllegalArgumentException.class, () -> Options.builder(0));
        }
    }

    @Test
    @Tag("dnnl")
    void onednnMatchesOwnKernel() {
        Geo[] all = Arrays.copyOf(geometries(), geometries().length + 1);
        all[all.length - 1] = new Geo(l(4, 8, 28, 28), l(3, 3), l(2, 2), l(1, 1), l(1, 1));
        for (Geo g : all) {
            for (Kind kind : new Kind[] {Kind.MAX, Kind.AVG}) {
                double[][] res = new double[2][];
                String[] modes = {"off", "force"}, paths = new String[2];
                for (int m = 0; m < 2; m++) {
                    String before = Nn4j.dnnlMode();
                    try (Scope s = Scope.open()) {
                        Nn4j.setDnnlMode(modes[m]);
                        Tensor x = Tensor.of(ConvolutionTest.f32(ConvolutionTest.rnd(1, ConvolutionTest.prod(g.xs, 0))), g.xs)
                                .requiresGrad(true);
                        Tensor y = pool(kind, x, g.options());
                        paths[m] = Nn4j.lastPath();
                        Tensor wgt = Tensor.of(ConvolutionTest.f32(ConvolutionTest.rnd(2, y.numel())), y.dims());
                        Tensor dx = Autograd.grad(y.mul(wgt).sum(), x)[0];
                        double[] yv = y.toDoubleArray(), dv = dx.toDoubleArray();
                        res[m] = new double[yv.length + dv.length];
                        System.arraycopy(yv, 0, res[m], 0, yv.length);
                        System.arraycopy(dv, 0, res[m], yv.length, dv.length);
                    } finally {
                        Nn4j.setDnnlMode(before);
                    }
                }
                System.out.println("pool " + kind + " " + g + ": off -> " + paths[0] + ", force -> " + paths[1]);
                assertEquals("nn4j", paths[0]);
                ConvolutionTest.assertRel(g + " " + kind + " oneDNN vs own", res[0], res[1], 1e-5);
            }
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        Gpu.assumeCuda("pooling");
        for (Geo g : geometries()) {
            for (Kind kind : Kind.values()) {
                for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                    double[][] res = new double[2][];
                    for (int d = 0; d < 2; d++) {
                        try (Scope s = Scope.open()) {
                            Device dev = d == 0 ? Device.CPU : Device.cuda(0);
                            Tensor x = Tensor.of(new Random(1).doubles(ConvolutionTest.prod(g.xs, 0)).toArray(), g.xs)
                                    .to(dt).to(dev).requiresGrad(true);
                            Tensor y = pool(kind, x, g.options());
                            Tensor wgt = Tensor.of(new Random(2).doubles(y.numel()).toArray(), y.dims()).to(dt).to(dev);
                            Tensor dx = Autograd.grad(y.mul(wgt).sum(), x)[0];
                            double[] yv = y.toDoubleArray(), dv = dx.toDoubleArray();
                            res[d] = new double[yv.length + dv.length];
                            System.arraycopy(yv, 0, res[d], 0, yv.length);
                            System.arraycopy(dv, 0, res[d], yv.length, dv.length);
                        }
                    }
                    ConvolutionTest.assertRel(g + " " + kind + " " + dt + " CUDA vs CPU", res[0], res[1],
                            dt == DType.FLOAT32 ? 1e-5 : 1e-12);
                }
            }
        }
    }
}
