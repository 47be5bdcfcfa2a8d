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
import org.nn4j.ops.nn.Convolution;
import org.nn4j.ops.nn.Convolution.Options;
import org.nn4j.ops.nn.Convolution.Padding;
import org.nn4j.testing.Gpu;

/**
 * Convolution and transposed convolution (CURRICULUM K5, K6, C1-C4): forward against a naive
 * float64 reference written here (1-D, 2-D, 3-D, groups, stride, dilation, asymmetric pads), the
 * issue's hand-worked 3x3 / pad 1 / 2x2 case, no kernel flip, SAME/VALID/CAUSAL and transposed
 * output sizes, the adjoint identity, float64 GradCheck on odd shapes, oneDNN vs nn4j's own kernel
 * in float32 (tag "dnnl") and CUDA vs CPU (tag "gpu", skipped without a device).
 */
class ConvolutionTest {

    // ---- reference -------------------------------------------------------------------------------

    /** One convolution's geometry; spatial arrays have nsp entries. */
    static final class Geo {
        final long[] xs, ws, s, d, pb, pe;
        final long groups;

        Geo(long[] xs, long[] ws, long[] s, long[] d, long[] pb, long[] pe, long groups) {
            this.xs = xs;
            this.ws = ws;
            this.s = s;
            this.d = d;
            this.pb = pb;
            this.pe = pe;
            this.groups = groups;
        }

        int nsp() {
            return xs.length - 2;
        }

        long[] ys() {
            long[] y = new long[xs.length];
            y[0] = xs[0];
            y[1] = ws[0];
            for (int i = 0; i < nsp(); i++) y[2 + i] = (xs[2 + i] + pb[i] + pe[i] - d[i] * (ws[2 + i] - 1) - 1) / s[i] + 1;
            return y;
        }

        Options options() {
            return Options.builder().stride(s).dilation(d).padding(pb, pe).groups(groups).build();
        }

        @Override
        public String toString() {
            return "x" + Arrays.toString(xs) + " w" + Arrays.toString(ws) + " s" + Arrays.toString(s) + " d"
                    + Arrays.toString(d) + " pads" + Arrays.toString(pb) + "/" + Arrays.toString(pe) + " g" + groups;
        }
    }

    static long prod(long[] v, int from) {
        long p = 1;
        for (int i = from; i < v.length; i++) p *= v[i];
        return p;
    }

    /** Row-major coordinates of flat index i in the spatial box sp. */
    static long[] coords(long i, long[] sp) {
        long[] c = new long[sp.length];
        for (int a = sp.length - 1; a >= 0; a--) {
            c[a] = i % sp[a];
            i /= sp[a];
        }
        return c;
    }

    /** y = conv(x, w) + b by the definition (K5), in float64. */
    static double[] convRef(Geo g, double[] x, double[] w, double[] b) {
        long[] ys = g.ys();
        int nsp = g.nsp();
        long[] isp = Arrays.copyOfRange(g.xs, 2, g.xs.length), osp = Arrays.copyOfRange(ys, 2, ys.length);
        long[] ksp = Arrays.copyOfRange(g.ws, 2, g.ws.length);
        long isz = prod(isp, 0), osz = prod(osp, 0), ksz = prod(ksp, 0);
        long cin = g.xs[1], cout = g.ws[0], cig = cin / g.groups, cog = cout / g.groups;
        double[] y = new double[(int) prod(ys, 0)];
        for (long n = 0; n < g.xs[0]; n++)
            for (long o = 0; o < cout; o++)
                for (long p = 0; p < osz; p++) {
                    long[] op = coords(p, osp);
                    double acc = b == null ? 0 : b[(int) o];
                    for (long c = 0; c < cig; c++)
                        for (long q = 0; q < ksz; q++) {
                            long[] qq = coords(q, ksp);
                            long xi = 0;
                            boolean inside = true;
                            for (int a = 0; a < nsp; a++) {
                                long ic = op[a] * g.s[a] - g.pb[a] + qq[a] * g.d[a];
                                inside &= ic >= 0 && ic < isp[a];
                                xi = xi * isp[a] + ic;
                            }
                            if (!inside) continue;
                            long ch = (o / cog) * cig + c;
                            acc += w[(int) ((o * cig + c) * ksz + q)] * x[(int) ((n * cin + ch) * isz + xi)];
                        }
                    y[(int) ((n * cout + o) * osz + p)] = acc;
                }
        return y;
    }

    static double[] rnd(long seed, long n) {
        Random r = new Random(seed);
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = r.nextDouble() * 2 - 1;
        return v;
    }

    static float[] f32(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    static double[] roundF(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = (float) v[i];
        return r;
    }

    static void assertRel(String what, double[] want, double[] got, double tol) {
        assertEquals(want.length, got.length, what + ": length");
        double num = 0, den = 0;
        int worst = -1;
        double worstErr = -1;
        for (int i = 0; i < want.length; i++) {
            double e = Math.abs(want[i] - got[i]);
            num = Math.max(num, e);
            den = Math.max(den, Math.abs(want[i]));
            if (e > worstErr) {
                worstErr = e;
                worst = i;
            }
        }
        double rel = den == 0 ? num : num / den;
        assertTrue(rel <= tol, what + ": relative error " + rel + " > " + tol + " (worst at " + worst + ": want "
                + (worst >= 0 ? want[worst] : 0) + ", got " + (worst >= 0 ? got[worst] : 0) + ")");
    }

    static long[] l(long... v) {
        return v;
    }

    /** Odd geometries of every kind the issue lists. */
    static Geo[] geometries() {
        return new Geo[] {
            // 2-D: non-square image, stride 2 x 1, dilation 1 x 2, padding on one side only
            new Geo(l(2, 3, 7, 6), l(4, 3, 3, 2), l(2, 1), l(1, 2), l(1, 0), l(0, 0), 1),
            // 2-D grouped, asymmetric pads, stride 2
            new Geo(l(1, 4, 5, 8), l(6, 2, 2, 3), l(2, 2), l(1, 1), l(0, 2), l(1, 0), 2),
            // depthwise (groups = C_in) with channel multiplier 2
            new Geo(l(2, 3, 6, 5), l(6, 1, 3, 3), l(1, 1), l(1, 1), l(1, 1), l(1, 1), 3),
            // 1-D, dilation 3, pad begin only (causal-like)
            new Geo(l(3, 2, 11), l(3, 2, 3), l(1), l(3), l(6), l(0), 1),
            // 1-D stride 3, groups 2
            new Geo(l(2, 4, 13), l(2, 2, 4), l(3), l(1), l(1), l(2), 2),
            // 3-D, odd sizes, mixed strides and pads
            new Geo(l(1, 2, 4, 5, 3), l(3, 2, 2, 3, 2), l(1, 2, 1), l(1, 1, 2), l(1, 0, 1), l(0, 1, 1), 1),
            // pointwise (1x1) stride 1
            new Geo(l(2, 5, 3, 4), l(3, 5, 1, 1), l(1, 1), l(1, 1), l(0, 0), l(0, 0), 1),
        };
    }

    // ---- forward -----------------------------------------------------------------------------------

    @Test
    void forwardMatchesReference() {
        int k = 0;
        for (Geo g : geometries()) {
            double[] x = rnd(10 + k, prod(g.xs, 0)), w = rnd(20 + k, prod(g.ws, 0)), b = rnd(30 + k, g.ws[0]);
            double[] want = convRef(g, x, w, b);
            try (Scope s = Scope.open()) {
                Tensor y = Convolution.conv(Tensor.of(x, g.xs), Tensor.of(w, g.ws), Tensor.of(b, g.ws[0]), g.options());
                assertArrayEquals(g.ys(), y.dims(), g + ": shape");
                assertRel(g + " f64", want, y.toDoubleArray(), 1e-12);
                Tensor yf = Convolution.conv(Tensor.of(f32(x), g.xs), Tensor.of(f32(w), g.ws),
                        Tensor.of(f32(b), g.ws[0]), g.options());
                assertRel(g + " f32", convRef(g, roundF(x), roundF(w), roundF(b)), yf.toDoubleArray(), 1e-5);
                Tensor yn = Convolution.conv(Tensor.of(x, g.xs), Tensor.of(w, g.ws), null, g.options());
                assertRel(g + " no bias", convRef(g, x, w, null), yn.toDoubleArray(), 1e-12);
            }
            k++;
        }
    }

    /**
     * The hand-checked case. x = [[1,2,3],[4,5,6],[7,8,9]] padded by 1 on every side (a
     * 5x5 frame of zeros around it), kernel [[1,2],[3,4]], stride 1: the output is 4x4 and
     * y[i][j] = 1*P[i][j] + 2*P[i][j+1] + 3*P[i+1][j] + 4*P[i+1][j+1] (cross-correlation, no flip):
     * <pre>
     *   y[0][0] = 4*1                     =  4    y[0][1] = 3*1 + 4*2             = 11
     *   y[0][2] = 3*2 + 4*3               = 18    y[0][3] = 3*3                   =  9
     *   y[1][0] = 2*1 + 4*4               = 18    y[1][1] = 1 + 2*2 + 3*4 + 4*5   = 37
     *   y[1][2] = 2 + 2*3 + 3*5 + 4*6     = 47    y[1][3] = 3 + 3*6               = 21
     *   y[2][0] = 2*4 + 4*7               = 36    y[2][1] = 4 + 2*5 + 3*7 + 4*8   = 67
     *   y[2][2] = 5 + 2*6 + 3*8 + 4*9     = 77    y[2][3] = 6 + 3*9               = 33
     *   y[3][0] = 2*7                     = 14    y[3][1] = 7 + 2*8               = 23
     *   y[3][2] = 8 + 2*9                 = 26    y[3][3] = 9                     =  9
     * </pre>
     */
    @Test
    void handWorked3x3Pad1With2x2Kernel() {
        double[] want = {4, 11, 18, 9, 18, 37, 47, 21, 36, 67, 77, 33, 14, 23, 26, 9};
        for (String mode : new String[] {"off", "force"}) {
            String before = Nn4j.dnnlMode();
            try (Scope s = Scope.open()) {
                Nn4j.setDnnlMode(mode);
                for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3).to(dt);
                    Tensor w = Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 2, 2).to(dt);
                    Tensor y = Convolution.conv2d(x, w, null, Options.builder().padding(1).build());
                    assertArrayEquals(new long[] {1, 1, 4, 4}, y.dims());
                    assertArrayEquals(want, y.toDoubleArray(), 0.0, mode + " " + dt);
                }
            } finally {
                Nn4j.setDnnlMode(before);
            }
        }
    }

    /** An asymmetric kernel shows there is no flip: [[0, 1]] picks the right-hand neighbour. */
    @Test
    void asymmetricKernelIsNotFlipped() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 1, 1, 2, 3);
            Tensor w = Tensor.of(new double[] {0, 1}, 1, 1, 1, 2);
            assertArrayEquals(new double[] {2, 3, 5, 6}, Convolution.conv2d(x, w, null, Options.DEFAULT).toDoubleArray());
        }
    }

    @Test
    void paddingModesGiveKerasShapes() {
        // SAME: out = ceil(n / s); odd total pad goes to the end (K6)
        long[][] cases = {{7, 3, 1, 1}, {7, 3, 2, 1}, {8, 3, 2, 1}, {8, 4, 3, 1}, {10, 3, 1, 2}, {5, 5, 2, 2}, {1, 3, 1, 1}};
        for (long[] c : cases) {
            long n = c[0], k = c[1], st = c[2], dil = c[3];
            Options o = Options.builder().padding(Padding.SAME).stride(st).dilation(dil).build();
            assertEquals((n + st - 1) / st, Convolution.outputShape(l(1, 1, n), l(1, 1, k), o).dim(2), Arrays.toString(c));
            long valid = (n - dil * (k - 1) - 1) / st + 1;
            if (n >= dil * (k - 1) + 1) {
                assertEquals(valid, Convolution.outputShape(l(1, 1, n), l(1, 1, k), Options.builder().stride(st)
                        .dilation(dil).build()).dim(2));
            }
        }
        // SAME puts the odd pixel at the end: ones(4) with kernel [1, 10] (k 2) -> pad 0/1 -> [11, 11, 11, 1]
        try (Scope s = Scope.open()) {
            Tensor y = Convolution.conv1d(Tensor.ones(DType.FLOAT64, 1, 1, 4), Tensor.of(new double[] {1, 10}, 1, 1, 2),
                    null, Options.builder().padding(Padding.SAME).build());
            assertArrayEquals(new double[] {11, 11, 11, 1}, y.toDoubleArray());
            // CAUSAL: d(k - 1) zeros in front -> y[t] depends on x[<= t] only
            Tensor c = Convolution.conv1d(Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 4),
                    Tensor.of(new double[] {10, 1}, 1, 1, 2), null, Options.builder().padding(Padding.CAUSAL).build());
            assertArrayEquals(new double[] {1, 12, 23, 34}, c.toDoubleArray());
        }
    }

    // ---- transposed convolution --------------------------------------------------------------------

    @Test
    void transposedShapes() {
        // out = (n - 1)s - p_total + d(k - 1) + 1 + outputPadding; SAME -> n*s
        Options o = Options.builder().stride(2).padding(l(1), l(0)).outputPadding(1).build();
        assertArrayEquals(l(2, 3, 2 * 4 - 1 + 3 + 1), Convolution.transposeOutputShape(l(2, 5, 5), l(5, 3, 3), o).toArray());
        assertEquals(15, Convolution.transposeOutputShape(l(1, 2, 5), l(2, 1, 4),
                Options.builder().stride(3).padding(Padding.SAME).build()).dim(2));
        assertEquals(12, Convolution.transposeOutputShape(l(1, 2, 5), l(2, 1, 4),
                Options.builder().stride(2).outputSize(12).build()).dim(2));
        assertThrows(IllegalArgumentException.class, () -> Convolution.transposeOutputShape(l(1, 2, 5), l(2, 1, 4),
                Options.builder().stride(2).outputPadding(2).build()));
        assertThrows(IllegalArgumentException.class, () -> Convolution.transposeOutputShape(l(1, 2, 5), l(2, 1, 4),
                Options.builder().stride(2).outputSize(14).build()));
    }

    /** <conv(x), y> = <x, convT(y)> for the same w and geometry (C3), in float64. */
    @Test
    void transposeIsTheAdjoint() {
        int k = 0;
        for (Geo g : geometries()) {
            long[] ys = g.ys();
            double[] x = rnd(40 + k, prod(g.xs, 0)), w = rnd(50 + k, prod(g.ws, 0)), yv = rnd(60 + k, prod(ys, 0));
            try (Scope s = Scope.open()) {
                Tensor cx = Convolution.conv(Tensor.of(x, g.xs), Tensor.of(w, g.ws), null, g.options());
                Options to = Options.builder().stride(g.s).dilation(g.d).padding(g.pb, g.pe).groups(g.groups)
                        .outputSize(Arrays.copyOfRange(g.xs, 2, g.xs.length)).build();
                Tensor ty = Convolution.convTranspose(Tensor.of(yv, ys), Tensor.of(w, g.ws), null, to);
                assertArrayEquals(g.xs, ty.dims(), g + ": transposed shape");
                double lhs = dot(cx.toDoubleArray(), yv), rhs = dot(x, ty.toDoubleArray());
                assertEquals(lhs, rhs, 1e-10 * Math.max(1, Math.abs(lhs)), g.toString());
            }
            k++;
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** Stride 2 with kernel 3: all-ones transposed coverage is not uniform (checkerboard); kernel 4 is. */
    @Test
    void transposedCheckerboardCoverage() {
        try (Scope s = Scope.open()) {
            Tensor ones = Tensor.ones(DType.FLOAT64, 1, 1, 6);
            double[] k3 = Convolution.convTranspose1d(ones, Tensor.ones(DType.FLOAT64, 1, 1, 3), null,
                    Options.builder().stride(2).build()).toDoubleArray();
            double[] k4 = Convolution.convTranspose1d(ones, Tensor.ones(DType.FLOAT64, 1, 1, 4), null,
                    Options.builder().stride(2).padding(1).build()).toDoubleArray();
            assertEquals(1.0, k3[0]);
            assertEquals(2.0, k3[2]);
            assertEquals(1.0, k3[3]);
            for (int i = 1; i < k4.length - 1; i++) assertEquals(2.0, k4[i], "k4 interior " + i);
        }
    }

    // ---- gradients -----------------------------------------------------------------------------------

    @Test
    void gradCheckConvOddShapes() {
        int k = 0;
        for (Geo g : geometries()) {
            Options o = g.options();
            Tensor x = Tensor.of(rnd(70 + k, prod(g.xs, 0)), g.xs), w = Tensor.of(rnd(80 + k, prod(g.ws, 0)), g.ws);
            Tensor b = Tensor.of(rnd(90 + k, g.ws[0]), g.ws[0]);
            GradCheck.assertPasses(t -> Convolution.conv(t[0], t[1], t[2], o), x, w, b);
            x.close();
            w.close();
            b.close();
            k++;
        }
    }

    @Test
    void gradCheckTransposedOddShapes() {
        Object[][] cases = {
            // x shape, w shape (C_in, C_out/g, k...), options
            {l(2, 3, 4, 3), l(3, 2, 3, 2), Options.builder().stride(2, 1).padding(l(1, 0), l(0, 1)).outputPadding(1, 0).build()},
            {l(1, 4, 3, 5), l(4, 1, 2, 2), Options.builder().stride(2).dilation(1, 2).groups(2).build()},
            {l(2, 2, 7), l(2, 3, 3), Options.builder().stride(3).padding(Padding.SAME).build()},
            {l(1, 2, 2, 3, 2), l(2, 2, 2, 2, 3), Options.builder().stride(2, 1, 2).padding(l(0, 1, 0), l(1, 0, 1)).build()},
        };
        int k = 0;
        for (Object[] c : cases) {
            long[] xs = (long[]) c[0], ws = (long[]) c[1];
            Options o = (Options) c[2];
            long cout = ws[1] * o.groups();
            Tensor x = Tensor.of(rnd(100 + k, prod(xs, 0)), xs), w = Tensor.of(rnd(110 + k, prod(ws, 0)), ws);
            Tensor b = Tensor.of(rnd(120 + k, cout), cout);
            GradCheck.assertPasses(t -> Convolution.convTranspose(t[0], t[1], t[2], o), x, w, b);
            x.close();
            w.close();
            b.close();
            k++;
        }
    }

    /**
     * Output rows around the length where nn4j's im2col / col2im switch from copies compiled per run
     * length (up to 32 elements) to the general loop: widths 31 to 42 with padding on either side
     * (partial runs), a dilated row, a stride-2 row (strided copies), several samples per column
     * block; and planes cut into several column blocks of whole rows (float64 blocks are small enough). Forward against the reference; backward data and weights through the identities
     * {@code <dx, u> = <conv(u, w), dy>} and {@code <dw, v> = <conv(x, v), dy>} with random u, v,
     * whose right-hand sides come from the reference. float64 to 1e-10, float32 to 1e-4 relative.
     */
    @Test
    void wideAndNarrowRowsMatchReference() {
        Geo[] cases = {
            new Geo(l(3, 2, 4, 42), l(3, 2, 2, 3), l(1, 1), l(1, 1), l(1, 1), l(0, 1), 1),
            new Geo(l(2, 3, 5, 37), l(2, 3, 3, 5), l(1, 1), l(1, 2), l(0, 3), l(2, 4), 1),
            new Geo(l(3, 1, 3, 34), l(2, 1, 2, 3), l(1, 1), l(1, 1), l(0, 0), l(0, 0), 1),
            new Geo(l(3, 1, 3, 35), l(2, 1, 2, 3), l(1, 1), l(1, 1), l(0, 0), l(0, 0), 1),
            new Geo(l(2, 2, 3, 33), l(2, 2, 1, 3), l(1, 1), l(1, 1), l(0, 1), l(0, 0), 1),
            new Geo(l(2, 2, 3, 70), l(4, 1, 1, 3), l(1, 2), l(1, 1), l(0, 1), l(0, 1), 2),
            // planes larger than one column block: chunks of whole rows, the second starting
            // mid-plane (2-D) and mid-volume (3-D)
            new Geo(l(1, 1, 200, 201), l(1, 1, 1, 2), l(1, 1), l(1, 1), l(0, 0), l(0, 0), 1),
            new Geo(l(1, 1, 3, 150, 101), l(1, 1, 2, 1, 2), l(1, 1, 1), l(1, 1, 1), l(0, 0, 0), l(0, 0, 0), 1),
            // LeNet C3's channels (16 x 150 weight matrix): the weight gradient is computed
            // transposed, summed over two threads' partial results when two are available
            new Geo(l(3, 6, 9, 8), l(16, 6, 5, 5), l(1, 1), l(1, 1), l(0, 0), l(0, 0), 1),
        };
        int k = 0;
        for (Geo g : cases) {
            long[] ys = g.ys();
            double[] x = rnd(130 + k, prod(g.xs, 0)), w = rnd(140 + k, prod(g.ws, 0)), dy = rnd(150 + k, prod(ys, 0));
            double[] u = rnd(160 + k, x.length), v = rnd(170 + k, w.length);
            for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                boolean f32 = dt == DType.FLOAT32;
                double[] xr = f32 ? roundF(x) : x, wr = f32 ? roundF(w) : w, dyr = f32 ? roundF(dy) : dy;
                double[] ur = f32 ? roundF(u) : u, vr = f32 ? roundF(v) : v;
                double tol = f32 ? 1e-4 : 1e-10;
                try (Scope s = Scope.open()) {
                    Tensor xt = Tensor.of(xr, g.xs).to(dt).requiresGrad(true);
                    Tensor wt = Tensor.of(wr, g.ws).to(dt).requiresGrad(true);
                    Tensor y = Convolution.conv(xt, wt, null, g.options());
                    assertRel(g + " " + dt + " forward", convRef(g, xr, wr, null), y.toDoubleArray(), f32 ? 1e-5 : 1e-12);
                    Tensor[] gr = Autograd.grad(y.mul(Tensor.of(dyr, ys).to(dt)).sum(), xt, wt);
                    double wantX = dot(convRef(g, ur, wr, null), dyr), gotX = dot(gr[0].toDoubleArray(), ur);
                    double wantW = dot(convRef(g, xr, vr, null), dyr), gotW = dot(gr[1].toDoubleArray(), vr);
                    double scaleX = Math.sqrt(dot(dyr, dyr) * dot(ur, ur)) + 1, scaleW = Math.sqrt(dot(dyr, dyr) * dot(vr, vr)) + 1;
                    assertEquals(wantX, gotX, tol * scaleX, g + " " + dt + " backward data");
                    assertEquals(wantW, gotW, tol * scaleW, g + " " + dt + " backward weights");
                }
            }
            k++;
        }
    }

    /** Weight gradients are returned, not accumulated into by the kernel: two backward calls add up once each. */
    @Test
    void gradientsAccumulateOnlyInLeaves() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(rnd(1, 2 * 2 * 5 * 5), 2, 2, 5, 5);
            Tensor w = Tensor.of(rnd(2, 3 * 2 * 3 * 3), 3, 2, 3, 3).requiresGrad(true);
            Convolution.conv2d(x, w, null, Options.DEFAULT).sum().backward();
            double[] once = w.grad().toDoubleArray();
            Convolution.conv2d(x, w, null, Options.DEFAULT).sum().backward();
            double[] twice = w.grad().toDoubleArray();
            for (int i = 0; i < once.length; i++) assertEquals(2 * once[i], twice[i], 1e-12);
        }
    }

    // ---- errors -------------------------------------------------------------------------------------

    @Test
    void shapeErrorsNameOpAndShapes() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(DType.FLOAT64, 2, 4, 5, 5);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Convolution.conv2d(x, Tensor.zeros(DType.FLOAT64, 3, 3, 3, 3), null, Options.DEFAULT));
            assertTrue(e.getMessage().startsWith("conv2d:") && e.getMessage().contains("(3, 3, 3, 3)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(x,
                    Tensor.zeros(DType.FLOAT64, 6, 2, 3, 3), null, Options.builder().groups(3).build()));
            assertTrue(e.getMessage().contains("groups = 3"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(x,
                    Tensor.zeros(DType.FLOAT64, 3, 4, 7, 3), null, Options.DEFAULT));
            assertTrue(e.getMessage().contains("padded input"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv1d(x,
                    Tensor.zeros(DType.FLOAT64, 3, 4, 3, 3), null, Options.DEFAULT));
            assertTrue(e.getMessage().contains("rank 3"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(x,
                    Tensor.zeros(DType.FLOAT32, 3, 4, 3, 3), null, Options.DEFAULT));
            assertTrue(e.getMessage().contains("float32"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(x,
                    Tensor.zeros(DType.FLOAT64, 3, 4, 3, 3), Tensor.zeros(DType.FLOAT64, 4), Options.DEFAULT));
            assertTrue(e.getMessage().contains("bias"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Options.builder().stride(0));
            assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(x,
                    Tensor.zeros(DType.FLOAT64, 3, 4, 3, 3), null, Options.builder().stride(1, 2, 3).build()));
        }
    }

    // ---- oneDNN vs own, CUDA vs CPU -------------------------------------------------------------------

    /** Runs conv or convTranspose forward + all grads in float32 under a dnnl mode; returns all values. */
    static double[] runAll(Geo g, boolean transposed, String mode, String[] path) {
        String before = Nn4j.dnnlMode();
        try (Scope s = Scope.open()) {
            Nn4j.setDnnlMode(mode);
            long[] ys = g.ys();
            long[] inShape = transposed ? ys : g.xs;
            Tensor x = Tensor.of(f32(rnd(1, prod(inShape, 0))), inShape).requiresGrad(true);
            Tensor w = Tensor.of(f32(rnd(2, prod(g.ws, 0))), g.ws).requiresGrad(true);
            long cout = transposed ? g.xs[1] : g.ws[0];
            Tensor b = Tensor.of(f32(rnd(3, cout)), cout).requiresGrad(true);
            Tensor y;
            if (transposed) {
                Options to = Options.builder().stride(g.s).dilation(g.d).padding(g.pb, g.pe).groups(g.groups)
                        .outputSize(Arrays.copyOfRange(g.xs, 2, g.xs.length)).build();
                y = Convolution.convTranspose(x, w, b, to);
            } else {
                y = Convolution.conv(x, w, b, g.options());
            }
            path[0] = Nn4j.lastPath();
            Tensor wgt = Tensor.of(f32(rnd(4, y.numel())), y.dims());
            Tensor[] gr = Autograd.grad(y.mul(wgt).sum(), x, w, b);
            double[][] parts = {y.toDoubleArray(), gr[0].toDoubleArray(), gr[1].toDoubleArray(), gr[2].toDoubleArray()};
            return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
        } finally {
            Nn4j.setDnnlMode(before);
        }
    }

    @Test
    @Tag("dnnl")
    void onednnMatchesOwnKernel() {
        Geo[] extra = {
            new Geo(l(4, 8, 12, 10), l(8, 8, 3, 3), l(1, 1), l(1, 1), l(1, 1), l(1, 1), 1),
            new Geo(l(3, 6, 14, 14), l(16, 6, 5, 5), l(1, 1), l(1, 1), l(0, 0), l(0, 0), 1),
        };
        Geo[] all = Arrays.copyOf(geometries(), geometries().length + extra.length);
        System.arraycopy(extra, 0, all, geometries().length, extra.length);
        for (Geo g : all) {
            for (boolean tr : new boolean[] {false, true}) {
                String[] pOwn = new String[1], pDnnl = new String[1];
                double[] own = runAll(g, tr, "off", pOwn), dnnl = runAll(g, tr, "force", pDnnl);
                assertEquals("nn4j", pOwn[0]);
                System.out.println((tr ? "convTranspose " : "conv ") + g + ": force -> " + pDnnl[0]);
                assertRel(g + (tr ? " transposed" : "") + " oneDNN vs own", own, dnnl, 1e-5);
            }
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        Gpu.assumeCuda("conv");
        for (Geo g : geometries()) {
            for (boolean tr : new boolean[] {false, true}) {
                for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                    double[][] res = new double[2][];
                    for (int dev = 0; dev < 2; dev++) {
                        try (Scope s = Scope.open()) {
                            Device d = dev == 0 ? Device.CPU : Device.cuda(0);
                            long[] ys = g.ys(), inShape = tr ? ys : g.xs;
                            long cout = tr ? g.xs[1] : g.ws[0];
                            Tensor x = Tensor.of(rnd(1, prod(inShape, 0)), inShape).to(dt).to(d).requiresGrad(true);
                            Tensor w = Tensor.of(rnd(2, prod(g.ws, 0)), g.ws).to(dt).to(d).requiresGrad(true);
                            Tensor b = Tensor.of(rnd(3, cout), cout).to(dt).to(d).requiresGrad(true);
                            Options o = tr ? Options.builder().stride(g.s).dilation(g.d).padding(g.pb, g.pe)
                                    .groups(g.groups).outputSize(Arrays.copyOfRange(g.xs, 2, g.xs.length)).build()
                                    : g.options();
                            Tensor y = tr ? Convolution.convTranspose(x, w, b, o) : Convolution.conv(x, w, b, o);
                            Tensor wgt = Tensor.of(rnd(4, y.numel()), y.dims()).to(dt).to(d);
                            Tensor[] gr = Autograd.grad(y.mul(wgt).sum(), x, w, b);
                            double[][] parts = {y.toDoubleArray(), gr[0].toDoubleArray(), gr[1].toDoubleArray(),
                                    gr[2].toDoubleArray()};
                            res[dev] = Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
                        }
                    }
                    assertRel(g + (tr ? " transposed " : " ") + dt + " CUDA vs CPU", res[0], res[1],
                            dt == DType.FLOAT32 ? 1e-5 : 1e-12);
                }
            }
        }
    }
}
