package org.nn4j.ops.nn;

import static org.nn4j.ops.nn.NnSupport.addr;

import java.util.Arrays;
import org.nn4j.DType;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.bindings.RnnNative;
import org.nn4j.internal.Kernels;
import org.nn4j.internal.TensorAccess;

/**
 * Recurrent layers over whole sequences, differentiable: tanh RNN, LSTM and GRU (reset before
 * or after), forward and back-propagation through time in one native kernel each
 * ({@code nn4j_rnn.h}). Batch-first (K1): {@code x} is (N, T, F); the output sequence is
 * (N, T, H) and the final states are (N, H).
 *
 * <p>Parameters, with G gate blocks of H columns each in this order:
 * <ul>
 *   <li>{@code w} (F, G*H) input kernel, {@code u} (H, G*H) recurrent kernel, {@code b} bias;</li>
 *   <li>LSTM, G = 4, [i, f, c~, o] (K14): c_t = f*c_{t-1} + i*c~, h_t = o*tanh(c_t);</li>
 *   <li>GRU, G = 3, [z, r, h~] (K13): h_t = z*h_{t-1} + (1-z)*h~, with
 *       h~ = tanh(x W_h + (r*h_{t-1}) U_h + b_h) (reset before), or with {@link CellType#GRU_RESET_AFTER}
 *       h~ = tanh(x W_h + b_h + r*(h_{t-1} U_h + b'_h)) and b = [b_z, b_r, b_h, b'_h] of length 4H;
 *       the teaching form c_t = G_u*c~ + (1-G_u)*c_{t-1} is the same cell with G_u = 1 - z;</li>
 *   <li>tanh RNN, G = 1: h_t = tanh(x W + h_{t-1} U + b).</li>
 * </ul>
 * {@code h0}, {@code c0} (LSTM) and {@code b} may be null (zeros). One step of a cell is the
 * T = 1 case ({@link #step}).
 *
 * <p>Backward: the forward saves x, the states, the parameters, the output and a native
 * workspace (the activated gates per step, or oneDNN's workspace when the float32 oneDNN path
 * ran); the backward rule returns gradients for x, h0, c0, w, u and b from the gradients of
 * the output sequence and of the final states. Under {@code nn4j.dnnl=force} float32 layers run
 * oneDNN's RNN primitives; auto and off run nn4j's kernel, which measured at least as fast
 * ({@code nn4j_rnn.h}). {@code Nn4j.lastPath()} says which ran; the backward always runs the
 * implementation that ran the forward.
 */
public final class Recurrent {
    private static final TensorAccess T = TensorAccess.get();

    private Recurrent() {}

    /** The cell kinds, in the order of the native NN4J_RNN_* codes. */
    public enum CellType {
        /** h_t = tanh(x W + h U + b); 1 gate. */
        TANH(1, "rnn"),
        /** LSTM, gates [i, f, c~, o]. */
        LSTM(4, "lstm"),
        /** GRU with the reset gate applied before the recurrent product; gates [z, r, h~]. */
        GRU(3, "gru"),
        /** GRU with the reset gate applied after it ("linear before reset"); bias 4H. */
        GRU_RESET_AFTER(3, "gru");

        private final int gates;
        private final String op;

        CellType(int gates, String op) {
            this.gates = gates;
            this.op = op;
        }

        /** Number of gate blocks G (w is (F, G*H)). */
        public int gates() {
            return gates;
        }

        /** Length of the bias for hidden size h: G*h, or 4h for the reset-after GRU. */
        public long biasLength(long h) {
            return (this == GRU_RESET_AFTER ? 4 : gates) * h;
        }
    }

    /**
     * The outputs of a recurrent op: the sequence of hidden states (N, T, H) (for {@link #step},
     * the new hidden state (N, H), the same tensor as {@link #hidden()}), the final hidden state
     * (N, H) and, for an LSTM, the final cell state (N, H) (null otherwise).
     */
    public static final class Result implements AutoCloseable {
        private final Tensor output;
        private final Tensor hidden;
        private final Tensor cell;

        Result(Tensor output, Tensor hidden, Tensor cell) {
            this.output = output;
            this.hidden = hidden;
            this.cell = cell;
        }

        public Tensor output() {
            return output;
        }

        public Tensor hidden() {
            return hidden;
        }

        /** The final cell state of an LSTM; null for other cells. */
        public Tensor cell() {
            return cell;
        }

        /** Closes the tensors (each once). */
        @Override
        public void close() {
            output.close();
            if (hidden != output) hidden.close();
            if (cell != null) cell.close();
        }

        @Override
        public String toString() {
            return "Recurrent.Result(output=" + output.shape() + ", hidden=" + hidden.shape()
                    + (cell == null ? "" : ", cell=" + cell.shape()) + ")";
        }
    }

    // ------------------------------------------------------------------ convenience forms

    /** LSTM over the sequence x (N, T, F); w (F, 4H), u (H, 4H), b (4H); h0, c0, b may be null. */
    public static Result lstm(Tensor x, Tensor h0, Tensor c0, Tensor w, Tensor u, Tensor b) {
        return sequence(CellType.LSTM, x, h0, c0, w, u, b);
    }

    /** GRU over x (N, T, F); w (F, 3H), u (H, 3H), b (3H), or (4H) when resetAfter; h0, b may be null. */
    public static Result gru(Tensor x, Tensor h0, Tensor w, Tensor u, Tensor b, boolean resetAfter) {
        return sequence(resetAfter ? CellType.GRU_RESET_AFTER : CellType.GRU, x, h0, null, w, u, b);
    }

    /** tanh RNN over x (N, T, F); w (F, H), u (H, H), b (H); h0, b may be null. */
    public static Result simpleRnn(Tensor x, Tensor h0, Tensor w, Tensor u, Tensor b) {
        return sequence(CellType.TANH, x, h0, null, w, u, b);
    }

    /**
     * One step of a cell: x_t (N, F), h (N, H), c (N, H) for an LSTM, else null. Returns the new
     * states (output and hidden are the same (N, H) tensor).
     */
    public static Result step(CellType cell, Tensor xt, Tensor h, Tensor c, Tensor w, Tensor u, Tensor b) {
        String op = cell.op + "Cell";
        checkOpen(op, xt);
        if (xt.rank() != 2) {
            throw new IllegalArgumentException(op + ": x_t must be (N, F), got " + xt.shape());
        }
        try (Tensor x3 = xt.unsqueeze(1)) {
            Result r = sequence(cell, op, x3, h, c, w, u, b);
            r.output.close();
            return new Result(r.hidden, r.hidden, r.cell);
        }
    }

    // ------------------------------------------------------------------ the op

    /** The recurrent layer of kind {@code cell} over x (N, T, F); see the class comment. */
    public static Result sequence(CellType cell, Tensor x, Tensor h0, Tensor c0, Tensor w, Tensor u, Tensor b) {
        return sequence(cell, cell.op, x, h0, c0, w, u, b);
    }

    private static Result sequence(CellType cell, String op, Tensor x, Tensor h0, Tensor c0, Tensor w, Tensor u,
                                   Tensor b) {
        Dims d = check(cell, op, x, h0, c0, w, u, b);
        DType dt = x.dtype();
        int dev = Kernels.device(x);
        boolean lstm = cell == CellType.LSTM;
        boolean training = Autograd.needsGrad(x, h0, c0, w, u, b);

        Tensor y = Kernels.empty(dt, dev, new long[] {d.n, d.t, d.h});
        Tensor hn = Kernels.empty(dt, dev, new long[] {d.n, d.h});
        Tensor cn = lstm ? Kernels.empty(dt, dev, new long[] {d.n, d.h}) : null;
        Tensor ws = null;
        long wsBytes = 0;
        Tensor[] given = {x, h0, c0, w, u, b};
        Tensor[] in = contiguous(given);
        try {
            if (training) {
                long[] bytes = new long[1];
                Kernels.check(RnnNative.nn4j_rnn_workspace_size(dev, cell.ordinal(), dt.code(), d.n, d.t, d.f, d.h,
                        bytes), op);
                wsBytes = bytes[0];
                ws = Kernels.empty(DType.INT64, dev, new long[] {(wsBytes + 7) / 8});
            }
            Kernels.check(RnnNative.nn4j_rnn_forward(dev, cell.ordinal(), dt.code(), d.n, d.t, d.f, d.h,
                    addr(in[0]), addr(in[1]), addr(in[2]), addr(in[3]), addr(in[4]), addr(in[5]), Kernels.addr(y),
                    Kernels.addr(hn), addr(cn), addr(ws), wsBytes), op);
            if (training) {
                Tensor[] outs = lstm ? new Tensor[] {y, hn, cn} : new Tensor[] {y, hn};
                final long wsb = wsBytes;
                // saved: the contiguous inputs the kernel read, its output and workspace
                Tensor[] save = {in[0], in[1], in[2], in[3], in[4], in[5], y, ws};
                Autograd.record(op, outs, given, save,
                        (node, g) -> backward(cell, op, d, node, g, wsb));
            }
        } catch (RuntimeException | Error e) {
            y.close();
            hn.close();
            if (cn != null) cn.close();
            throw e;
        } finally {
            if (ws != null) ws.close();
            for (int i = 0; i < in.length; i++) {
                if (in[i] != given[i]) in[i].close();
            }
        }
        return new Result(y, hn, cn);
    }

    /** Backward rule: gradients for (x, h0, c0, w, u, b), null where not needed. */
    private static Tensor[] backward(CellType cell, String op, Dims d, org.nn4j.autograd.GradFn node, Tensor[] g,
                                     long wsBytes) {
        Tensor x = node.saved(0), h0 = node.saved(1), c0 = node.saved(2), w = node.saved(3), u = node.saved(4),
                b = node.saved(5), y = node.saved(6), ws = node.saved(7);
        DType dt = x.dtype();
        int dev = Kernels.device(x);
        boolean lstm = cell == CellType.LSTM;
        Tensor[] gc = new Tensor[g.length];
        for (int i = 0; i < g.length; i++) gc[i] = g[i].isContiguous() ? g[i] : Kernels.copyContiguous(g[i], dt);
        Tensor[] grads = new Tensor[6];
        long[][] shapes = {T.shape(x), h0 == null ? null : T.shape(h0), c0 == null ? null : T.shape(c0), T.shape(w),
                T.shape(u), b == null ? null : T.shape(b)};
        try {
            for (int i = 0; i < 6; i++) {
                if (node.needsInputGrad(i)) grads[i] = Kernels.empty(dt, dev, shapes[i]);
            }
            Kernels.check(RnnNative.nn4j_rnn_backward(dev, cell.ordinal(), dt.code(), d.n, d.t, d.f, d.h, addr(x),
                    addr(h0), addr(c0), addr(w), addr(u), addr(b), addr(y), addr(ws), wsBytes, addr(gc[0]),
                    addr(gc[1]), lstm ? addr(gc[2]) : 0, addr(grads[0]), addr(grads[1]), addr(grads[2]),
                    addr(grads[3]), addr(grads[4]), addr(grads[5])), op + " backward");
        } catch (RuntimeException | Error e) {
            for (Tensor t : grads) if (t != null) t.close();
            throw e;
        } finally {
            for (int i = 0; i < g.length; i++) if (gc[i] != g[i]) gc[i].close();
        }
        return grads;
    }

    // ------------------------------------------------------------------ checks

    private static final class Dims {
        final long n, t, f, h;

        Dims(long n, long t, long f, long h) {
            this.n = n;
            this.t = t;
            this.f = f;
            this.h = h;
        }
    }

    private static Dims check(CellType cell, String op, Tensor x, Tensor h0, Tensor c0, Tensor w, Tensor u, Tensor b) {
        if (cell == null) throw new IllegalArgumentException(op + ": cell type is null");
        if (x == null || w == null || u == null) {
            throw new IllegalArgumentException(op + ": x, w and u are required (got x=" + x + ", w=" + w + ", u=" + u + ")");
        }
        for (Tensor t : new Tensor[] {x, h0, c0, w, u, b}) checkOpen(op, t);
        if (x.dtype() != DType.FLOAT32 && x.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException(op + ": x must be float32 or float64, got " + x.dtype());
        }
        String[] names = {"x", "h0", "c0", "w", "u", "b"};
        Tensor[] ts = {x, h0, c0, w, u, b};
        for (int i = 1; i < ts.length; i++) {
            if (ts[i] == null) continue;
            if (ts[i].dtype() != x.dtype()) {
                throw new IllegalArgumentException(op + ": dtypes " + x.dtype() + " (x) and " + ts[i].dtype() + " ("
                        + names[i] + ") differ; cast one with to(DType)");
            }
            if (Kernels.device(ts[i]) != Kernels.device(x)) {
                throw new IllegalArgumentException(op + ": " + names[i] + " is on " + ts[i].device() + " but x is on "
                        + x.device());
            }
        }
        if (c0 != null && cell != CellType.LSTM) {
            throw new IllegalArgumentException(op + ": c0 is LSTM-only; pass null for a " + cell + " cell");
        }
        if (x.rank() != 3) {
            throw new IllegalArgumentException(op + ": x must be (N, T, F) (batch-first), got " + x.shape());
        }
        long n = x.shape().dim(0), t = x.shape().dim(1), f = x.shape().dim(2);
        int g = cell.gates();
        if (w.rank() != 2 || w.shape().dim(0) != f || w.shape().dim(1) % g != 0) {
            throw new IllegalArgumentException(op + ": w must be (F, " + g + "*H) = (" + f + ", " + g
                    + "*H) for x " + x.shape() + ", got " + w.shape());
        }
        long h = w.shape().dim(1) / g;
        long[] uWant = {h, g * h};
        if (!Arrays.equals(T.shape(u), uWant)) {
            throw new IllegalArgumentException(op + ": u must be (H, " + g + "*H) = (" + h + ", " + g * h
                    + ") for w " + w.shape() + ", got " + u.shape());
        }
        if (b != null && (b.rank() != 1 || b.shape().dim(0) != cell.biasLength(h))) {
            throw new IllegalArgumentException(op + ": b must be (" + cell.biasLength(h) + ")"
                    + (cell == CellType.GRU_RESET_AFTER ? " = [b_z, b_r, b_h, b'_h]" : "") + " for H = " + h
                    + ", got " + b.shape());
        }
        long[] state = {n, h};
        if (h0 != null && !Arrays.equals(T.shape(h0), state)) {
            throw new IllegalArgumentException(op + ": h0 must be (N, H) = (" + n + ", " + h + "), got " + h0.shape());
        }
        if (c0 != null && !Arrays.equals(T.shape(c0), state)) {
            throw new IllegalArgumentException(op + ": c0 must be (N, H) = (" + n + ", " + h + "), got " + c0.shape());
        }
        return new Dims(n, t, f, h);
    }

    private static void checkOpen(String op, Tensor t) {
        if (t != null) T.checkOpen(t, op);
    }

    // ------------------------------------------------------------------ helpers

    /** Contiguous versions (unrecorded copies where needed) of the kernel's inputs. */
    private static Tensor[] contiguous(Tensor[] ts) {
        Tensor[] out = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) out[i] = NnSupport.contig(ts[i]);
        return out;
    }
}
