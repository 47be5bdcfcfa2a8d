package org.nn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nn4j.DType;
import org.nn4j.Device;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.GradCheck;
import org.nn4j.ops.nn.Recurrent;
import org.nn4j.ops.nn.Recurrent.CellType;
import org.nn4j.testing.Check;
import org.nn4j.testing.Inputs;
import org.nn4j.testing.Nd;
import org.nn4j.testing.Tol;

/**
 * Recurrent layers (CURRICULUM S1, S3, S4; K13, K14): the forward against a naive float64 loop
 * written here, float64 GradCheck w.r.t. x, h0, c0, W, U and b at T = 1 and T = 7, 50-step LSTM
 * and GRU against the same cells composed from Tensor ops (forward and gradients), stepping =
 * the layer, the GRU's z -> 1 / z -> 0 limits, argument errors; oneDNN vs nn4j's own kernel
 * (tag "dnnl") and CUDA vs CPU (tag "gpu").
 */
class RecurrentTest {
    static final long N = 3, T = 7, F = 5, H = 4;

    /** The problem's inputs as float64 references; c0 only for an LSTM. */
    record Problem(CellType cell, long n, long t, long f, long h, Nd x, Nd h0, Nd c0, Nd w, Nd u, Nd b) {
        static Problem of(CellType cell, long n, long t, long f, long h, long seed) {
            int g = cell.gates();
            double ws = Math.min(0.6, 1.5 / Math.sqrt(f)), us = Math.min(0.6, 1.5 / Math.sqrt(h));
            return new Problem(cell, n, t, f, h,
                    Inputs.uniform(seed, -1, 1, n, t, f),
                    Inputs.uniform(seed + 1, -0.5, 0.5, n, h),
                    cell == CellType.LSTM ? Inputs.uniform(seed + 2, -0.5, 0.5, n, h) : null,
                    Inputs.uniform(seed + 3, -ws, ws, f, g * h),
                    Inputs.uniform(seed + 4, -us, us, h, g * h),
                    Inputs.uniform(seed + 5, -0.3, 0.3, cell.biasLength(h)));
        }

        /** Tensors in the order (x, h0, c0, w, u, b); c0 null for non-LSTM cells. */
        Tensor[] tensors(DType dt, boolean requiresGrad) {
            Nd[] nds = {x, h0, c0, w, u, b};
            Tensor[] ts = new Tensor[6];
            for (int i = 0; i < 6; i++) {
                if (nds[i] == null) continue;
                ts[i] = Inputs.tensor(nds[i], dt);
                if (requiresGrad) ts[i].requiresGrad(true);
            }
            return ts;
        }
    }

    static Recurrent.Result run(CellType cell, Tensor[] in) {
        return Recurrent.sequence(cell, in[0], in[1], in[2], in[3], in[4], in[5]);
    }

    // ------------------------------------------------------------------ naive reference

    static double sig(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** y (N, T, H), h_n, c_n from the equations of the class comment of Recurrent, one unit at a time. */
    static Nd[] reference(Problem p, boolean withH0, boolean withB) {
        int n = (int) p.n, t = (int) p.t, f = (int) p.f, h = (int) p.h, gh = p.cell.gates() * h;
        double[] x = p.x.data, w = p.w.data, u = p.u.data;
        double[] b = withB ? p.b.data : new double[(int) p.cell.biasLength(h)];
        double[] y = new double[n * t * h], hn = new double[n * h], cn = new double[n * h];
        for (int s = 0; s < n; s++) {
            double[] hp = new double[h], c = new double[h];
            for (int j = 0; j < h; j++) {
                hp[j] = withH0 ? p.h0.data[s * h + j] : 0;
                c[j] = withH0 && p.c0 != null ? p.c0.data[s * h + j] : 0;
            }
            for (int k = 0; k < t; k++) {
                double[] xa = new double[gh], ha = new double[gh];
                for (int g = 0; g < gh; g++) {
                    for (int q = 0; q < f; q++) xa[g] += x[(s * t + k) * f + q] * w[q * gh + g];
                    for (int q = 0; q < h; q++) ha[g] += hp[q] * u[q * gh + g];
                }
                double[] next = new double[h];
                switch (p.cell) {
                    case TANH -> {
                        for (int j = 0; j < h; j++) next[j] = Math.tanh(xa[j] + ha[j] + b[j]);
                    }
                    case LSTM -> {
                        for (int j = 0; j < h; j++) {
                            double i = sig(xa[j] + ha[j] + b[j]), fg = sig(xa[h + j] + ha[h + j] + b[h + j]);
                            double g = Math.tanh(xa[2 * h + j] + ha[2 * h + j] + b[2 * h + j]);
                            double o = sig(xa[3 * h + j] + ha[3 * h + j] + b[3 * h + j]);
                            c[j] = fg * c[j] + i * g;
                            next[j] = o * Math.tanh(c[j]);
                        }
                    }
                    case GRU -> {
                        double[] rh = new double[h];
                        for (int q = 0; q < h; q++) rh[q] = sig(xa[h + q] + ha[h + q] + b[h + q]) * hp[q];
                        for (int j = 0; j < h; j++) {
                            double z = sig(xa[j] + ha[j] + b[j]);
                            double a = xa[2 * h + j] + b[2 * h + j];
                            for (int q = 0; q < h; q++) a += rh[q] * u[q * gh + 2 * h + j];
                            next[j] = z * hp[j] + (1 - z) * Math.tanh(a);
                        }
                    }
                    case GRU_RESET_AFTER -> {
                        for (int j = 0; j < h; j++) {
                            double z = sig(xa[j] + ha[j] + b[j]), r = sig(xa[h + j] + ha[h + j] + b[h + j]);
                            double hh = Math.tanh(xa[2 * h + j] + b[2 * h + j] + r * (ha[2 * h + j] + b[3 * h + j]));
                            next[j] = z * hp[j] + (1 - z) * hh;
                        }
                    }
                }
                hp = next;
                System.arraycopy(hp, 0, y, (s * t + k) * h, h);
            }
            System.arraycopy(hp, 0, hn, s * h, h);
            System.arraycopy(c, 0, cn, s * h, h);
        }
        return new Nd[] {new Nd(y, p.n, p.t, p.h), new Nd(hn, p.n, p.h), new Nd(cn, p.n, p.h)};
    }

    static Stream<Arguments> forwardCases() {
        List<Arguments> out = new ArrayList<>();
        for (CellType c : CellType.values()) {
            for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                out.add(Arguments.of(c, dt, new long[] {3, 7, 5, 4}, true));
                out.add(Arguments.of(c, dt, new long[] {2, 5, 3, 9}, false));   // no h0, c0, b
                out.add(Arguments.of(c, dt, new long[] {1, 1, 7, 17}, true));   // one step, H past a vector
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} state+bias={3}")
    @MethodSource("forwardCases")
    void forwardMatchesNaiveReference(CellType cell, DType dt, long[] d, boolean given) {
        Problem p = Problem.of(cell, d[0], d[1], d[2], d[3], 17);
        if (dt == DType.FLOAT32) {  // the reference sees the float32-rounded inputs
            p = new Problem(cell, p.n, p.t, p.f, p.h, Inputs.roundTo(p.x, dt), Inputs.roundTo(p.h0, dt),
                    p.c0 == null ? null : Inputs.roundTo(p.c0, dt), Inputs.roundTo(p.w, dt), Inputs.roundTo(p.u, dt),
                    Inputs.roundTo(p.b, dt));
        }
        Nd[] want = reference(p, given, given);
        try (Scope s = Scope.open()) {
            Tensor[] in = p.tensors(dt, false);
            if (!given) in[1] = in[2] = in[5] = null;
            Recurrent.Result r = run(cell, in);
            Tol tol = dt == DType.FLOAT32 ? new Tol(1e-5, 1e-6) : new Tol(1e-12, 1e-13);
            Check.assertClose(cell + " y", want[0], r.output(), tol);
            Check.assertClose(cell + " h_n", want[1], r.hidden(), tol);
            if (cell == CellType.LSTM) Check.assertClose(cell + " c_n", want[2], r.cell(), tol);
            else assertNull(r.cell());
        }
    }

    // ------------------------------------------------------------------ gradient checks

    static Stream<Arguments> gradCases() {
        List<Arguments> out = new ArrayList<>();
        for (CellType c : CellType.values()) {
            out.add(Arguments.of(c, 1L));
            out.add(Arguments.of(c, 7L));
        }
        return out.stream();
    }

    /** Every output (sequence, h_n, c_n) flattened into one vector, so GradCheck weights them all. */
    static Tensor allOutputs(Recurrent.Result r) {
        Tensor y = r.output().flatten(), hn = r.hidden().flatten();
        return r.cell() == null ? Tensor.concat(0, y, hn) : Tensor.concat(0, y, hn, r.cell().flatten());
    }

    @ParameterizedTest(name = "{0} T={1}")
    @MethodSource("gradCases")
    void gradCheck(CellType cell, long t) {
        Problem p = Problem.of(cell, N, t, F, H, 29 + t);
        try (Scope s = Scope.open()) {
            Tensor[] all = p.tensors(DType.FLOAT64, false);
            List<Tensor> inputs = new ArrayList<>();
            int[] slot = new int[6];
            for (int i = 0; i < 6; i++) {
                slot[i] = all[i] == null ? -1 : inputs.size();
                if (all[i] != null) inputs.add(all[i]);
            }
            GradCheck.assertPasses(xs -> {
                Tensor[] in = new Tensor[6];
                for (int i = 0; i < 6; i++) in[i] = slot[i] < 0 ? null : xs[slot[i]];
                return allOutputs(run(cell, in));
            }, inputs.toArray(new Tensor[0]));
        }
    }

    // ------------------------------------------------------------------ 50 steps vs composed ops

    /** The same cell from matmul, sigmoid, tanh, mul, add and slices, one step at a time. */
    static Tensor[] composed(CellType cell, Tensor x, Tensor h0, Tensor c0, Tensor w, Tensor u, Tensor b, long h) {
        List<Tensor> ys = new ArrayList<>();
        Tensor hp = h0, c = c0;
        long steps = x.shape().dim(1);
        for (long t = 0; t < steps; t++) {
            Tensor xt = x.select(1, t);
            Tensor ax = xt.matmul(w);
            switch (cell) {
                case LSTM -> {
                    Tensor a = ax.add(hp.matmul(u)).add(b);
                    Tensor i = gate(a, 0, h).sigmoid(), f = gate(a, 1, h).sigmoid();
                    Tensor g = gate(a, 2, h).tanh(), o = gate(a, 3, h).sigmoid();
                    c = f.mul(c).add(i.mul(g));
                    hp = o.mul(c.tanh());
                }
                case GRU -> {
                    Tensor a = ax.add(b.slice(0, 0, 3 * h));
                    Tensor hu = hp.matmul(u.slice(1, 0, 2 * h));
                    Tensor z = gate(a, 0, h).add(gate(hu, 0, h)).sigmoid();
                    Tensor r = gate(a, 1, h).add(gate(hu, 1, h)).sigmoid();
                    Tensor hh = gate(a, 2, h).add(r.mul(hp).matmul(u.slice(1, 2 * h, 3 * h))).tanh();
                    hp = z.mul(hp).add(z.neg().add(1.0).mul(hh));
                }
                case GRU_RESET_AFTER -> {
                    Tensor a = ax.add(b.slice(0, 0, 3 * h));
                    Tensor hu = hp.matmul(u);
                    Tensor z = gate(a, 0, h).add(gate(hu, 0, h)).sigmoid();
                    Tensor r = gate(a, 1, h).add(gate(hu, 1, h)).sigmoid();
                    Tensor hn = gate(hu, 2, h).add(b.slice(0, 3 * h, 4 * h));
                    Tensor hh = gate(a, 2, h).add(r.mul(hn)).tanh();
                    hp = z.mul(hp).add(z.neg().add(1.0).mul(hh));
                }
                case TANH -> hp = ax.add(hp.matmul(u)).add(b).tanh();
            }
            ys.add(hp);
        }
        Tensor y = Tensor.stack(1, ys.toArray(new Tensor[0]));
        return cell == CellType.LSTM ? new Tensor[] {y, hp, c} : new Tensor[] {y, hp};
    }

    static Tensor gate(Tensor a, int k, long h) {
        return a.slice(1, k * h, (k + 1) * h);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void fiftyStepsMatchComposedOps(CellType cell) {
        long n = 2, t = 50, f = 3, h = 5;
        Problem p = Problem.of(cell, n, t, f, h, 41);
        try (Scope s = Scope.open()) {
            Tensor[] in = p.tensors(DType.FLOAT64, true);
            Tensor c0 = cell == CellType.LSTM ? in[2] : null;
            Recurrent.Result fused = run(cell, in);
            Tensor[] mine = cell == CellType.LSTM ? new Tensor[] {fused.output(), fused.hidden(), fused.cell()}
                    : new Tensor[] {fused.output(), fused.hidden()};
            Tensor[] ref = composed(cell, in[0], in[1], c0, in[3], in[4], in[5], h);
            Tol tol = new Tol(1e-12, 1e-13);
            String[] names = {"y", "h_n", "c_n"};
            Tensor[] upstream = new Tensor[mine.length];
            for (int i = 0; i < mine.length; i++) {
                Check.assertClose(cell + " " + names[i], Check.nd(ref[i]), mine[i], tol);
                upstream[i] = Inputs.tensor(Inputs.uniform(60 + i, -1, 1, mine[i].dims()), DType.FLOAT64);
            }
            List<Tensor> leaves = new ArrayList<>();
            for (Tensor x : in) if (x != null) leaves.add(x);
            Tensor[] leafArr = leaves.toArray(new Tensor[0]);
            Tensor[] gMine = Autograd.grad(mine, upstream, leafArr);
            Tensor[] gRef = Autograd.grad(ref, upstream, leafArr);
            for (int i = 0; i < leafArr.length; i++) {
                Check.assertClose(cell + " gradient of input " + i + " " + leafArr[i].shape(), Check.nd(gRef[i]), gMine[i],
                        new Tol(1e-11, 1e-13));
            }
        }
    }

    // ------------------------------------------------------------------ cell API and hand cases

    @ParameterizedTest
    @EnumSource(CellType.class)
    void steppingEqualsTheLayer(CellType cell) {
        Problem p = Problem.of(cell, 2, 4, 3, 6, 53);
        try (Scope s = Scope.open()) {
            Tensor[] in = p.tensors(DType.FLOAT64, false);
            Recurrent.Result layer = run(cell, in);
            Tensor h = in[1], c = in[2];
            for (long t = 0; t < p.t; t++) {
                Recurrent.Result st = Recurrent.step(cell, in[0].select(1, t), h, c, in[3], in[4], in[5]);
                assertEquals(List.of(p.n, p.h), List.of(st.hidden().dims()[0], st.hidden().dims()[1]));
                Check.assertClose(cell + " step " + t, Check.nd(layer.output().select(1, t)), st.hidden(),
                        new Tol(1e-14, 1e-15));
                h = st.hidden();
                c = st.cell();
            }
            if (cell == CellType.LSTM) Check.assertClose("c_n", Check.nd(layer.cell()), c, new Tol(1e-14, 1e-15));
        }
    }

    /** S4: a saturated update gate copies h_{t-1} (z -> 1) or takes h~ (z -> 0). */
    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"GRU", "GRU_RESET_AFTER"})
    void gruUpdateGateLimits(CellType cell) {
        long h = 3;
        Problem p = Problem.of(cell, 2, 1, 2, h, 71);
        for (double bz : new double[] {60, -60}) {
            double[] b = p.b.data.clone();
            for (int j = 0; j < h; j++) b[j] = bz;
            try (Scope s = Scope.open()) {
                Tensor[] in = p.tensors(DType.FLOAT64, false);
                in[5] = Tensor.of(b, b.length);
                Tensor got = run(cell, in).hidden();
                if (bz > 0) {
                    Check.assertClose("z -> 1 keeps h0", p.h0, got, new Tol(1e-12, 1e-12));
                } else {
                    Check.assertClose("z -> 0 takes h~", hTilde(p, b), got, new Tol(1e-12, 1e-12));
                }
            }
        }
    }

    /** h~ of one step (T = 1) from h0, by the K13 formulas. */
    static Nd hTilde(Problem p, double[] b) {
        int n = (int) p.n, f = (int) p.f, h = (int) p.h, gh = 3 * h;
        double[] out = new double[n * h];
        for (int s = 0; s < n; s++) {
            double[] xa = new double[gh], ha = new double[gh], r = new double[h];
            for (int g = 0; g < gh; g++) {
                for (int q = 0; q < f; q++) xa[g] += p.x.data[s * f + q] * p.w.data[q * gh + g];
                for (int q = 0; q < h; q++) ha[g] += p.h0.data[s * h + q] * p.u.data[q * gh + g];
            }
            for (int j = 0; j < h; j++) r[j] = sig(xa[h + j] + ha[h + j] + b[h + j]);
            for (int j = 0; j < h; j++) {
                double a;
                if (p.cell == CellType.GRU) {
                    a = xa[2 * h + j] + b[2 * h + j];
                    for (int q = 0; q < h; q++) a += r[q] * p.h0.data[s * h + q] * p.u.data[q * gh + 2 * h + j];
                } else {
                    a = xa[2 * h + j] + b[2 * h + j] + r[j] * (ha[2 * h + j] + b[3 * h + j]);
                }
                out[s * h + j] = Math.tanh(a);
            }
        }
        return new Nd(out, p.n, p.h);
    }

    /** S3 HAND: one LSTM step, one unit, with the gate values worked out by hand. */
    @Test
    void lstmOneStepByHand() {
        // x = 1, h0 = 0, c0 = 0.5; W = [0.5, -0.5, 1, 0] ([i, f, c~, o]); U = 0; b = [0, 1, 0, 0]
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new double[] {1}, 1, 1, 1);
            Tensor h0 = Tensor.of(new double[] {0}, 1, 1), c0 = Tensor.of(new double[] {0.5}, 1, 1);
            Tensor w = Tensor.of(new double[] {0.5, -0.5, 1, 0}, 1, 4), u = Tensor.zeros(DType.FLOAT64, 1, 4);
            Tensor b = Tensor.of(new double[] {0, 1, 0, 0}, 4);
            Recurrent.Result r = Recurrent.lstm(x, h0, c0, w, u, b);
            double i = sig(0.5), f = sig(0.5), g = Math.tanh(1), o = sig(0);
            double c = f * 0.5 + i * g;
            assertEquals(c, r.cell().item(), 1e-15);
            assertEquals(o * Math.tanh(c), r.hidden().item(), 1e-15);
        }
    }

    @Test
    void shapeErrorsNameTheOpAndShapes() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(DType.FLOAT32, 3, 7, 5);
            Tensor w = Tensor.zeros(DType.FLOAT32, 5, 16), u = Tensor.zeros(DType.FLOAT32, 4, 16);
            IllegalArgumentException e;
            e = assertThrows(IllegalArgumentException.class,
                    () -> Recurrent.lstm(Tensor.zeros(DType.FLOAT32, 3, 5), null, null, w, u, null));
            assertTrue(e.getMessage().startsWith("lstm: x must be (N, T, F)") && e.getMessage().contains("(3, 5)"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> Recurrent.lstm(x, null, null, Tensor.zeros(DType.FLOAT32, 6, 16), u, null));
            assertTrue(e.getMessage().contains("w must be (F, 4*H)") && e.getMessage().contains("(6, 16)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> Recurrent.gru(x, null, Tensor.zeros(DType.FLOAT32, 5, 12), u, null, false));
            assertTrue(e.getMessage().startsWith("gru: u must be (H, 3*H) = (4, 12)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> Recurrent.gru(x, null, Tensor.zeros(DType.FLOAT32, 5, 12), Tensor.zeros(DType.FLOAT32, 4, 12),
                            Tensor.zeros(DType.FLOAT32, 12), true));
            assertTrue(e.getMessage().contains("b must be (16) = [b_z, b_r, b_h, b'_h]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> Recurrent.lstm(x, Tensor.zeros(DType.FLOAT32, 2, 4), null, w, u, null));
            assertTrue(e.getMessage().contains("h0 must be (N, H) = (3, 4), got (2, 4)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> Recurrent.lstm(x, null, null, w, Tensor.zeros(DType.FLOAT64, 4, 16), null));
            assertTrue(e.getMessage().contains("dtypes float32 (x) and float64 (u) differ"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Recurrent.sequence(CellType.GRU, x,
                    null, Tensor.zeros(DType.FLOAT32, 3, 4), Tensor.zeros(DType.FLOAT32, 5, 12),
                    Tensor.zeros(DType.FLOAT32, 4, 12), null));
            assertTrue(e.getMessage().contains("c0 is LSTM-only"), e.getMessage());
        }
    }

    @Test
    void stridedInputsAndEmptySequences() {
        Problem p = Problem.of(CellType.LSTM, 3, 7, 5, 4, 83);
        try (Scope s = Scope.open()) {
            Tensor[] in = p.tensors(DType.FLOAT64, false);
            // x given as a (T, N, F) tensor permuted to (N, T, F): not contiguous
            Tensor xt = Inputs.tensor(p.x, DType.FLOAT64).permute(1, 0, 2).contiguous().permute(1, 0, 2);
            assertTrue(!xt.isContiguous());
            Tensor[] strided = in.clone();
            strided[0] = xt;
            Check.assertClose("strided x", Check.nd(run(CellType.LSTM, in).output()), run(CellType.LSTM, strided).output(),
                    new Tol(0, 0));
            Tensor empty = Tensor.zeros(DType.FLOAT64, 3, 0, 5);
            Recurrent.Result r = Recurrent.lstm(empty, in[1], in[2], in[3], in[4], in[5]);
            assertEquals(List.of(3L, 0L, 4L), List.of(r.output().dims()[0], r.output().dims()[1], r.output().dims()[2]));
            Check.assertClose("T = 0 keeps h0", p.h0, r.hidden(), new Tol(0, 0));
        }
    }

    // ------------------------------------------------------------------ oneDNN vs own kernel

    static Stream<Arguments> dnnlCases() {
        List<Arguments> out = new ArrayList<>();
        for (CellType c : CellType.values()) {
            out.add(Arguments.of(c, new long[] {3, 7, 5, 4}));
            out.add(Arguments.of(c, new long[] {8, 12, 16, 33}));
        }
        return out.stream();
    }

    @Tag("dnnl")
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dnnlCases")
    void oneDnnMatchesOwnKernel(CellType cell, long[] d) {
        Assumptions.assumeTrue(!Nn4j.dnnlVersion().isEmpty(), "oneDNN is not linked into this build");
        Problem p = Problem.of(cell, d[0], d[1], d[2], d[3], 97);
        String before = Nn4j.dnnlMode();
        try {
            double[][] own = forwardBackward(p, "off", "nn4j");
            double[][] dnnl = forwardBackward(p, "force", "onednn");
            String[] names = {"y", "h_n", "c_n", "dx", "dh0", "dc0", "dW", "dU", "db"};
            for (int i = 0; i < own.length; i++) {
                if (own[i] == null) continue;
                double rel = relError(own[i], dnnl[i]);
                assertTrue(rel < 1e-5, cell + " " + names[i] + ": oneDNN vs own rel " + rel);
            }
        } finally {
            Nn4j.setDnnlMode(before);
        }
    }

    /** Float32 forward + backward (upstream 1 on y, h_n, c_n) under a dnnl mode; checks the path taken. */
    static double[][] forwardBackward(Problem p, String mode, String path) {
        Nn4j.setDnnlMode(mode);
        try (Scope s = Scope.open()) {
            Tensor[] in = p.tensors(DType.FLOAT32, true);
            Recurrent.Result r = run(p.cell, in);
            assertEquals(path, Nn4j.lastPath(), "forward path under nn4j.dnnl=" + mode);
            Tensor loss = r.output().sum().add(r.hidden().mul(r.hidden()).sum());
            if (r.cell() != null) loss = loss.add(r.cell().sum());
            List<Tensor> leaves = new ArrayList<>();
            for (Tensor t : in) if (t != null) leaves.add(t);
            Tensor[] g = Autograd.grad(loss, leaves.toArray(new Tensor[0]));
            assertEquals(path, Nn4j.lastPath(), "backward path");
            double[][] out = new double[9][];
            out[0] = r.output().toDoubleArray();
            out[1] = r.hidden().toDoubleArray();
            out[2] = r.cell() == null ? null : r.cell().toDoubleArray();
            int k = 0;
            for (int i = 0; i < 6; i++) if (in[i] != null) out[3 + i] = g[k++].toDoubleArray();
            return out;
        }
    }

    static double relError(double[] a, double[] b) {
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += a[i] * a[i] + b[i] * b[i];
        }
        return den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
    }

    // ------------------------------------------------------------------ CUDA vs CPU

    @Tag("gpu")
    @ParameterizedTest
    @EnumSource(CellType.class)
    void cudaMatchesCpu(CellType cell) {
        if (!Device.cudaAvailable()) {
            String reason = "CUDA tests skipped: no CUDA device. " + Nn4j.diagnostics().replace('\n', ' ');
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Problem p = Problem.of(cell, 5, 9, 7, 21, 101);
            double[][] cpu = onDevice(p, dt, Device.CPU);
            double[][] gpu = onDevice(p, dt, Device.cuda(0));
            double tol = dt == DType.FLOAT32 ? 1e-5 : 1e-12;
            for (int i = 0; i < cpu.length; i++) {
                if (cpu[i] == null) continue;
                double rel = relError(cpu[i], gpu[i]);
                assertTrue(rel < tol, cell + " " + dt + " output/gradient " + i + ": CUDA vs CPU rel " + rel);
            }
        }
    }

    static double[][] onDevice(Problem p, DType dt, Device dev) {
        String before = Nn4j.dnnlMode();
        Nn4j.setDnnlMode("off");  // the CUDA twin mirrors nn4j's own kernel
        try (Scope s = Scope.open()) {
            Tensor[] host = p.tensors(dt, false);
            Tensor[] in = new Tensor[6];
            for (int i = 0; i < 6; i++) if (host[i] != null) in[i] = host[i].to(dev).requiresGrad(true);
            Recurrent.Result r = run(p.cell, in);
            Tensor loss = r.output().mul(r.output()).sum().add(r.hidden().sum());
            if (r.cell() != null) loss = loss.add(r.cell().sum());
            List<Tensor> leaves = new ArrayList<>();
            for (Tensor t : in) if (t != null) leaves.add(t);
            Tensor[] g = Autograd.grad(loss, leaves.toArray(new Tensor[0]));
            double[][] out = new double[9][];
            out[0] = r.output().to(Device.CPU).toDoubleArray();
            out[1] = r.hidden().to(Device.CPU).toDoubleArray();
            out[2] = r.cell() == null ? null : r.cell().to(Device.CPU).toDoubleArray();
            int k = 0;
            for (int i = 0; i < 6; i++) if (in[i] != null) out[3 + i] = g[k++].to(Device.CPU).toDoubleArray();
            return out;
        } finally {
            Nn4j.setDnnlMode(before);
        }
    }
}
