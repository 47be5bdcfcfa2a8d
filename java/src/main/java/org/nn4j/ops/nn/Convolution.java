package org.nn4j.ops.nn;

import static org.nn4j.ops.nn.NnSupport.addr;
import static org.nn4j.ops.nn.NnSupport.closeAll;
import static org.nn4j.ops.nn.NnSupport.contig;
import static org.nn4j.ops.nn.NnSupport.release;

import java.util.Arrays;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.GradFn;
import org.nn4j.bindings.ConvNative;
import org.nn4j.internal.Kernels;
import org.nn4j.internal.TensorAccess;
import org.nn4j.ops.Checks;

/**
 * Convolution over 1, 2 or 3 spatial axes and its transposed twin, differentiable
 * (CURRICULUM K1, K2, K5, K6, C1-C4).
 *
 * <p>Layout: x (N, C_in, [D,] [H,] W), w (C_out, C_in/groups, [kD,] [kH,] kW), b (C_out) or null;
 * cross-correlation without kernel flip: y[n, o, p] = b[o] + sum w[o, c, q] x[n, c, p*s - pb + q*d].
 * Options: stride, dilation, padding (VALID, SAME per K6 with the odd pixel at the end, CAUSAL for
 * 1-D signals, or explicit and possibly asymmetric begin/end pads) and groups (groups = C_in gives a
 * depthwise convolution; follow it by a 1x1 convolution for depthwise-separable).
 *
 * <p>convTranspose is the exact adjoint of conv with the same w: x (N, C_in, ...),
 * w (C_in, C_out/groups, k...), y (N, C_out, ...), out = (n - 1)s - p_total + d(k - 1) + 1 +
 * outputPadding (0 <= outputPadding < s), or n*s with SAME; an explicit output size may replace
 * outputPadding.
 *
 * <p>Backward rules sit beside each forward: for conv, dx = conv^T(g), dw and db from
 * (x, g); for convTranspose, dx = conv(g), dw from (g, x), db = sum of g. Forward saves x and w
 * (contiguous) only. Float32 runs oneDNN's convolution under the nn4j.dnnl mode (auto picks the
 * faster implementation per case, force always oneDNN, off always nn4j's im2col + gemm);
 * {@code Nn4j.lastPath()} tells which ran. Float64 always runs nn4j's kernels.
 */
public final class Convolution {
    static final TensorAccess T = TensorAccess.get();

    private Convolution() {}

    /** How padding is chosen. */
    public enum Padding {
        /** No padding. */
        VALID,
        /** Keras "same" (K6): out = ceil(n / s); p_total = max((out - 1)s + d(k - 1) + 1 - n, 0), odd pixel at the end. */
        SAME,
        /** 1-D causal: d(k - 1) zeros before the signal, none after (out = ceil(n / s) at stride s). */
        CAUSAL,
        /** The explicit begin/end pads of {@link Options.Builder#padding(long[], long[])}. */
        EXPLICIT
    }

    /**
     * Immutable convolution options. Per-axis values given as one number apply to every spatial
     * axis. Defaults (CURRICULUM C1): stride 1, dilation 1, VALID, groups 1.
     */
    public static final class Options {
        public static final Options DEFAULT = builder().build();

        private final long[] stride, dilation, padBegin, padEnd, outputPadding, outputSize;
        private final Padding padding;
        private final long groups;

        private Options(Builder b) {
            stride = b.stride;
            dilation = b.dilation;
            padding = b.padding;
            padBegin = b.padBegin;
            padEnd = b.padEnd;
            groups = b.groups;
            outputPadding = b.outputPadding;
            outputSize = b.outputSize;
        }

        public static Builder builder() {
            return new Builder();
        }

        public Padding padding() {
            return padding;
        }

        public long groups() {
            return groups;
        }

        /** Per-axis stride for nsp spatial axes. */
        public long[] stride(int nsp) {
            return spread("stride", stride, nsp);
        }

        public long[] dilation(int nsp) {
            return spread("dilation", dilation, nsp);
        }

        @Override
        public String toString() {
            return "Convolution.Options(stride=" + Arrays.toString(stride) + ", dilation=" + Arrays.toString(dilation)
                    + ", padding=" + padding + (padding == Padding.EXPLICIT ? " " + Arrays.toString(padBegin) + "/"
                    + Arrays.toString(padEnd) : "") + ", groups=" + groups
                    + (outputPadding != null ? ", outputPadding=" + Arrays.toString(outputPadding) : "")
                    + (outputSize != null ? ", outputSize=" + Arrays.toString(outputSize) : "") + ")";
        }

        public static final class Builder {
            private long[] stride = {1}, dilation = {1}, padBegin = {0}, padEnd = {0}, outputPadding, outputSize;
            private Padding padding = Padding.VALID;
            private long groups = 1;

            private Builder() {}

            /** One stride for every axis, or one per spatial axis (each >= 1). */
            public Builder stride(long... s) {
                stride = positive("stride", s, 1);
                return this;
            }

            /** One dilation for every axis, or one per spatial axis (each >= 1). */
            public Builder dilation(long... d) {
                dilation = positive("dilation", d, 1);
                return this;
            }

            public Builder padding(Padding p) {
                if (p == null) throw new IllegalArgumentException("Convolution.Options: padding is null");
                if (p == Padding.EXPLICIT) {
                    throw new IllegalArgumentException("Convolution.Options: give explicit pads with padding(long...) or padding(long[], long[])");
                }
                padding = p;
                return this;
            }

            /** Symmetric explicit pads: one for every axis, or one per spatial axis (each >= 0). */
            public Builder padding(long... p) {
                return padding(p, p);
            }

            /** Explicit pads before and after each spatial axis (asymmetric allowed; one value = every axis). */
            public Builder padding(long[] begin, long[] end) {
                padBegin = positive("pad begin", begin, 0);
                padEnd = positive("pad end", end, 0);
                padding = Padding.EXPLICIT;
                return this;
            }

            public Builder groups(long g) {
                if (g < 1) throw new IllegalArgumentException("Convolution.Options: groups = " + g + " must be >= 1");
                groups = g;
                return this;
            }

            /** Transposed convolution only: extra output on the end of each axis, 0 <= p < stride. */
            public Builder outputPadding(long... p) {
                outputPadding = positive("outputPadding", p, 0);
                return this;
            }

            /** Transposed convolution only: the spatial output size, instead of outputPadding. */
            public Builder outputSize(long... size) {
                outputSize = positive("outputSize", size, 1);
                return this;
            }

            public Options build() {
                if (outputPadding != null && outputSize != null) {
                    throw new IllegalArgumentException("Convolution.Options: give outputPadding or outputSize, not both");
                }
                return new Options(this);
            }

            private static long[] positive(String what, long[] v, long min) {
                if (v == null || v.length == 0 || v.length > 3) {
                    throw new IllegalArgumentException("Convolution.Options: " + what + " needs 1 to 3 values, got "
                            + Arrays.toString(v));
                }
                for (long x : v) {
                    if (x < min) throw new IllegalArgumentException("Convolution.Options: " + what + " " + Arrays.toString(v)
                            + " has a value below " + min);
                }
                return v.clone();
            }
        }

        static long[] spread(String what, long[] v, int nsp) {
            if (v.length == 1) {
                long[] r = new long[nsp];
                Arrays.fill(r, v[0]);
                return r;
            }
            if (v.length != nsp) {
                throw new IllegalArgumentException("Convolution: " + what + " " + Arrays.toString(v) + " has "
                        + v.length + " values for " + nsp + " spatial axes");
            }
            return v.clone();
        }
    }

    /** The resolved geometry of one call (internal, also used by tests through the public shapes). */
    static final class Geometry {
        final int nsp;
        final long[] stride, dilation, padBegin, padEnd;
        final long groups;

        Geometry(int nsp, long[] stride, long[] dilation, long[] padBegin, long[] padEnd, long groups) {
            this.nsp = nsp;
            this.stride = stride;
            this.dilation = dilation;
            this.padBegin = padBegin;
            this.padEnd = padEnd;
            this.groups = groups;
        }
    }

    // ---- public API --------------------------------------------------------------------------

    public static Tensor conv(Tensor x, Tensor w, Tensor b) {
        return conv(x, w, b, Options.DEFAULT);
    }

    /** Convolution of x (N, C_in, spatial...) with w (C_out, C_in/groups, k...), 1 to 3 spatial axes. */
    public static Tensor conv(Tensor x, Tensor w, Tensor b, Options opt) {
        return convImpl("conv", -1, x, w, b, opt);
    }

    public static Tensor conv1d(Tensor x, Tensor w, Tensor b, Options opt) {
        return convImpl("conv1d", 1, x, w, b, opt);
    }

    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, Options opt) {
        return convImpl("conv2d", 2, x, w, b, opt);
    }

    public static Tensor conv3d(Tensor x, Tensor w, Tensor b, Options opt) {
        return convImpl("conv3d", 3, x, w, b, opt);
    }

    /** Transposed convolution (the adjoint of conv): x (N, C_in, ...), w (C_in, C_out/groups, k...). */
    public static Tensor convTranspose(Tensor x, Tensor w, Tensor b, Options opt) {
        return transposeImpl("convTranspose", -1, x, w, b, opt);
    }

    public static Tensor convTranspose1d(Tensor x, Tensor w, Tensor b, Options opt) {
        return transposeImpl("convTranspose1d", 1, x, w, b, opt);
    }

    public static Tensor convTranspose2d(Tensor x, Tensor w, Tensor b, Options opt) {
        return transposeImpl("convTranspose2d", 2, x, w, b, opt);
    }

    public static Tensor convTranspose3d(Tensor x, Tensor w, Tensor b, Options opt) {
        return transposeImpl("convTranspose3d", 3, x, w, b, opt);
    }

    /** Output shape of conv for these shapes and options (no tensors needed). */
    public static Shape outputShape(long[] xShape, long[] wShape, Options opt) {
        String op = "conv";
        int nsp = spatialRank(op, -1, xShape, wShape);
        checkChannels(op, xShape, wShape, opt == null ? 1 : opt.groups, false);
        Geometry g = resolve(op, opt == null ? Options.DEFAULT : opt, nsp, xShape, wShape);
        return Shape.of(convShape(op, xShape, wShape, g));
    }

    /** Output shape of convTranspose for these shapes and options. */
    public static Shape transposeOutputShape(long[] xShape, long[] wShape, Options opt) {
        String op = "convTranspose";
        int nsp = spatialRank(op, -1, xShape, wShape);
        Options o = opt == null ? Options.DEFAULT : opt;
        checkChannels(op, xShape, wShape, o.groups, true);
        return Shape.of(transposeShape(op, xShape, wShape, o, nsp).shape);
    }

    // ---- conv and convTranspose: their own checks and shapes, then one shared forward and backward

    private static Tensor convImpl(String op, int wantNsp, Tensor x, Tensor w, Tensor b, Options opt) {
        if (opt == null) opt = Options.DEFAULT;
        checkTensors(op, x, w, b);
        long[] xs = T.shape(x).clone(), ws = T.shape(w).clone();
        int nsp = spatialRank(op, wantNsp, xs, ws);
        checkChannels(op, xs, ws, opt.groups, false);
        checkBias(op, b, ws[0]);
        if (opt.outputPadding != null || opt.outputSize != null) {
            throw new IllegalArgumentException(op + ": outputPadding/outputSize apply to convTranspose only");
        }
        Geometry g = resolve(op, opt, nsp, xs, ws);
        return forward(Kernel.CONV, op, x, w, b, xs, ws, convShape(op, xs, ws, g), g);
    }

    private static Tensor transposeImpl(String op, int wantNsp, Tensor x, Tensor w, Tensor b, Options opt) {
        if (opt == null) opt = Options.DEFAULT;
        checkTensors(op, x, w, b);
        long[] xs = T.shape(x).clone(), ws = T.shape(w).clone();
        int nsp = spatialRank(op, wantNsp, xs, ws);
        checkChannels(op, xs, ws, opt.groups, true);
        checkBias(op, b, ws[1] * opt.groups);
        Resolved r = transposeShape(op, xs, ws, opt, nsp);
        return forward(Kernel.TRANSPOSE, op, x, w, b, xs, ws, r.shape, r.geometry);
    }

    private static Tensor forward(Kernel k, String op, Tensor x, Tensor w, Tensor b, long[] xs, long[] ws, long[] ys,
                                  Geometry g) {
        int dev = Kernels.device(x), dt = x.dtype().code();
        Tensor y = Kernels.empty(x.dtype(), dev, ys);
        boolean grad = Autograd.needsGrad(x, w, b);
        Tensor xc = contig(x), wc = contig(w), bc = contig(b);
        try {
            Kernels.check(k.forward(dev, dt, g, xs, ws, ys, Kernels.addr(xc), Kernels.addr(wc), addr(bc),
                    Kernels.addr(y)), op);
            if (grad) {
                final boolean hasBias = b != null;
                // saved: x and w as read (contiguous)
                Autograd.record(op, y, new Tensor[] {x, w, b}, new Tensor[] {xc, wc}, (node, gy) ->
                        backward(k, op, node, gy, xs, ws, ys, g, hasBias));
            }
        } catch (RuntimeException | Error e) {
            y.close();
            throw e;
        } finally {
            release(xc, x);
            release(wc, w);
            release(bc, b);
        }
        return y;
    }

    private static Tensor[] backward(Kernel k, String op, GradFn node, Tensor gy, long[] xs, long[] ws, long[] ys,
                                     Geometry g, boolean hasBias) {
        Tensor x = node.saved(0), w = node.saved(1), gc = contig(gy);
        int dev = Kernels.device(x), dt = x.dtype().code();
        boolean nx = node.needsInputGrad(0), nw = node.needsInputGrad(1), nb = hasBias && node.needsInputGrad(2);
        Tensor dx = nx ? Kernels.empty(x.dtype(), dev, xs) : null;
        Tensor dw = nw ? Kernels.empty(x.dtype(), dev, ws) : null;
        Tensor db = nb ? Kernels.empty(x.dtype(), dev, new long[] {ys[1]}) : null;
        try {
            if (nx) {
                Kernels.check(k.backwardData(dev, dt, g, xs, ws, ys, Kernels.addr(gc), Kernels.addr(w),
                        Kernels.addr(dx)), op + " backward");
            }
            if (nw || nb) {
                Kernels.check(k.backwardWeights(dev, dt, g, xs, ws, ys, Kernels.addr(x), Kernels.addr(gc), addr(dw),
                        addr(db)), op + " backward");
            }
        } catch (RuntimeException | Error e) {
            closeAll(dx, dw, db);
            throw e;
        } finally {
            release(gc, gy);
        }
        return new Tensor[] {dx, dw, db};
    }

    /** The native entry points of conv and of convTranspose; both take the same arguments. */
    private enum Kernel {
        CONV, TRANSPOSE;

        int forward(int dev, int dt, Geometry g, long[] xs, long[] ws, long[] ys, long x, long w, long b, long y) {
            return this == CONV
                    ? ConvNative.nn4j_conv_forward(dev, dt, g.nsp, xs, ws, ys, g.stride, g.dilation, g.padBegin,
                            g.padEnd, g.groups, x, w, b, y)
                    : ConvNative.nn4j_conv_transpose_forward(dev, dt, g.nsp, xs, ws, ys, g.stride, g.dilation,
                            g.padBegin, g.padEnd, g.groups, x, w, b, y);
        }

        int backwardData(int dev, int dt, Geometry g, long[] xs, long[] ws, long[] ys, long dy, long w, long dx) {
            return this == CONV
                    ? ConvNative.nn4j_conv_backward_data(dev, dt, g.nsp, xs, ws, ys, g.stride, g.dilation,
                            g.padBegin, g.padEnd, g.groups, dy, w, dx)
                    : ConvNative.nn4j_conv_transpose_backward_data(dev, dt, g.nsp, xs, ws, ys, g.stride,
                            g.dilation, g.padBegin, g.padEnd, g.groups, dy, w, dx);
        }

        int backwardWeights(int dev, int dt, Geometry g, long[] xs, long[] ws, long[] ys, long x, long dy, long dw,
                            long db) {
            return this == CONV
                    ? ConvNative.nn4j_conv_backward_weights(dev, dt, g.nsp, xs, ws, ys, g.stride, g.dilation,
                            g.padBegin, g.padEnd, g.groups, x, dy, dw, db)
                    : ConvNative.nn4j_conv_transpose_backward_weights(dev, dt, g.nsp, xs, ws, ys, g.stride,
                            g.dilation, g.padBegin, g.padEnd, g.groups, x, dy, dw, db);
        }
    }

    // ---- shapes and checks (all before any native call) ----------------------------------------

    private static void checkTensors(String op, Tensor x, Tensor w, Tensor b) {
        Checks.pair(op, x, w);
        Checks.floating(op, x);
        if (b != null) Checks.pair(op, x, b);
    }

    /** nsp from the ranks (x and w rank nsp + 2, nsp in 1..3, or exactly wantNsp when >= 0). */
    static int spatialRank(String op, int wantNsp, long[] xs, long[] ws) {
        int nsp = xs.length - 2;
        if (wantNsp > 0 && xs.length != wantNsp + 2) {
            throw new IllegalArgumentException(op + ": x must have rank " + (wantNsp + 2) + " (N, C"
                    + (wantNsp == 3 ? ", D, H, W" : wantNsp == 2 ? ", H, W" : ", L") + "), got " + Shape.of(xs));
        }
        if (nsp < 1 || nsp > 3) {
            throw new IllegalArgumentException(op + ": x must be (N, C, spatial...) with 1 to 3 spatial axes, got "
                    + Shape.of(xs));
        }
        if (ws.length != xs.length) {
            throw new IllegalArgumentException(op + ": w " + Shape.of(ws) + " must have the rank of x " + Shape.of(xs));
        }
        return nsp;
    }

    private static void checkChannels(String op, long[] xs, long[] ws, long groups, boolean transposed) {
        long cin = xs[1];
        if (cin % groups != 0) {
            throw new IllegalArgumentException(op + ": groups = " + groups + " does not divide the " + cin
                    + " input channels of x " + Shape.of(xs));
        }
        if (!transposed) {
            if (ws[0] % groups != 0) {
                throw new IllegalArgumentException(op + ": groups = " + groups + " does not divide the " + ws[0]
                        + " output channels of w " + Shape.of(ws));
            }
            if (ws[1] != cin / groups) {
                throw new IllegalArgumentException(op + ": w " + Shape.of(ws) + " needs C_in/groups = " + cin / groups
                        + " on axis 1 for x " + Shape.of(xs) + " (w is (C_out, C_in/groups, k...))");
            }
        } else if (ws[0] != cin) {
            throw new IllegalArgumentException(op + ": w " + Shape.of(ws) + " needs C_in = " + cin + " on axis 0 for x "
                    + Shape.of(xs) + " (w is (C_in, C_out/groups, k...))");
        }
        for (int i = 2; i < ws.length; i++) {
            if (ws[i] < 1) throw new IllegalArgumentException(op + ": w " + Shape.of(ws) + " has an empty kernel axis");
        }
    }

    private static void checkBias(String op, Tensor b, long cout) {
        if (b != null && (b.rank() != 1 || b.dim(0) != cout)) {
            throw new IllegalArgumentException(op + ": bias must have shape (" + cout + "), got " + b.shape());
        }
    }

    /** Pads for conv (the convolution's input is n on each axis). */
    static Geometry resolve(String op, Options o, int nsp, long[] xs, long[] ws) {
        long[] s = o.stride(nsp), d = o.dilation(nsp);
        long[] pb = new long[nsp], pe = new long[nsp];
        for (int i = 0; i < nsp; i++) {
            long n = xs[2 + i], keff = d[i] * (ws[2 + i] - 1) + 1;
            switch (o.padding) {
                case VALID:
                    break;
                case SAME: {
                    long out = (n + s[i] - 1) / s[i];
                    long total = Math.max((out - 1) * s[i] + keff - n, 0);
                    pb[i] = total / 2;
                    pe[i] = total - pb[i];
                    break;
                }
                case CAUSAL:
                    if (nsp != 1) throw new IllegalArgumentException(op + ": CAUSAL padding is for 1-D signals, x has "
                            + nsp + " spatial axes");
                    pb[i] = keff - 1;
                    break;
                default:
                    pb[i] = Options.spread("pad begin", o.padBegin, nsp)[i];
                    pe[i] = Options.spread("pad end", o.padEnd, nsp)[i];
            }
        }
        return new Geometry(nsp, s, d, pb, pe, o.groups);
    }

    static long[] convShape(String op, long[] xs, long[] ws, Geometry g) {
        long[] ys = new long[xs.length];
        ys[0] = xs[0];
        ys[1] = ws[0];
        for (int i = 0; i < g.nsp; i++) {
            long n = xs[2 + i], keff = g.dilation[i] * (ws[2 + i] - 1) + 1, span = n + g.padBegin[i] + g.padEnd[i];
            if (n < 1 || keff > span) {
                throw new IllegalArgumentException(op + ": on spatial axis " + i + " of x " + Shape.of(xs)
                        + " the kernel " + Shape.of(ws) + " spans " + keff + " (dilation " + g.dilation[i]
                        + ") but the padded input has only " + span);
            }
            ys[2 + i] = (span - keff) / g.stride[i] + 1;
        }
        return ys;
    }

    private static final class Resolved {
        final Geometry geometry;
        final long[] shape;

        Resolved(Geometry g, long[] shape) {
            this.geometry = g;
            this.shape = shape;
        }
    }

    /** Output shape and pads of convTranspose: pads are those of the adjoint convolution. */
    private static Resolved transposeShape(String op, long[] xs, long[] ws, Options o, int nsp) {
        long[] s = o.stride(nsp), d = o.dilation(nsp);
        long[] pb = new long[nsp], pe = new long[nsp], ys = new long[xs.length];
        long[] opad = o.outputPadding == null ? new long[nsp] : Options.spread("outputPadding", o.outputPadding, nsp);
        long[] size = o.outputSize == null ? null : Options.spread("outputSize", o.outputSize, nsp);
        ys[0] = xs[0];
        ys[1] = ws[1] * o.groups;
        for (int i = 0; i < nsp; i++) {
            long n = xs[2 + i], keff = d[i] * (ws[2 + i] - 1) + 1;
            if (n < 1) throw new IllegalArgumentException(op + ": x " + Shape.of(xs) + " has an empty spatial axis");
            switch (o.padding) {
                case VALID:
                    break;
                case SAME: {
                    long total = Math.max(keff - s[i], 0);
                    pb[i] = total / 2;
                    pe[i] = total - pb[i];
                    break;
                }
                case CAUSAL:
                    throw new IllegalArgumentException(op + ": CAUSAL padding is not defined for transposed convolution");
                default:
                    pb[i] = Options.spread("pad begin", o.padBegin, nsp)[i];
                    pe[i] = Options.spread("pad end", o.padEnd, nsp)[i];
            }
            long base = (n - 1) * s[i] - pb[i] - pe[i] + keff;
            long out;
            if (size != null) {
                out = size[i];
                if (out < base || out >= base + s[i]) {
                    throw new IllegalArgumentException(op + ": outputSize " + Arrays.toString(size) + " on axis " + i
                            + " must lie in [" + base + ", " + (base + s[i] - 1) + "] for x " + Shape.of(xs)
                            + ", kernel " + Shape.of(ws) + ", stride " + s[i]);
                }
            } else {
                if (opad[i] >= s[i]) {
                    throw new IllegalArgumentException(op + ": outputPadding " + opad[i] + " on axis " + i
                            + " must be smaller than the stride " + s[i]);
                }
                out = (o.padding == Padding.SAME ? n * s[i] : base + opad[i]);
            }
            if (out < 1) {
                throw new IllegalArgumentException(op + ": x " + Shape.of(xs) + " with kernel " + Shape.of(ws)
                        + " and pads " + pb[i] + "/" + pe[i] + " gives an empty output on axis " + i);
            }
            ys[2 + i] = out;
        }
        return new Resolved(new Geometry(nsp, s, d, pb, pe, o.groups), ys);
    }
}
