package org.nn4j.ops.nn;

import java.util.Arrays;
import org.nn4j.DType;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.bindings.ConvNative;
import org.nn4j.internal.Kernels;
import org.nn4j.ops.Checks;

/**
 * Max, average and min pooling over 1, 2 or 3 spatial axes, and global average / max pooling,
 * differentiable (CURRICULUM C5, C6, K6, K16, K17).
 *
 * <p>x (N, C, [D,] [H,] W) -> y (N, C, out...), each channel pooled on its own. Max pooling pads
 * with -inf, min pooling with +inf, average pooling leaves pads out of the divisor. Ties go to the
 * first element of the window in row-major order; NaN propagates.
 *
 * <p>Backward: MAX/MIN route each output's gradient to the element the forward picked. The
 * forward saves those picks in a workspace (an int64 tensor of numel(y) + 1 elements written by
 * the native kernel, only when a gradient is needed) instead of recomputing them. AVG spreads
 * gradient / count over each window's elements and saves nothing. Float32 max/avg pooling runs
 * oneDNN's pooling only in nn4j.dnnl=force mode (nn4j's kernels measured faster on every shape we
 * benchmarked; oneDNN's max pooling does not propagate NaN).
 */
public final class Pooling {
    private Pooling() {}

    /** Pooling kinds with the native NN4J_POOL_* codes (literals: using the enum must not load native code). */
    public enum Kind {
        MAX(0), AVG(1), MIN(2);

        final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    /** VALID (no padding), SAME (K6: out = ceil(n / s), odd pixel at the end) or explicit pads. */
    public enum Padding { VALID, SAME, EXPLICIT }

    /**
     * Immutable pooling options: kernel (one value for every axis or one per axis), stride (default:
     * the kernel), padding (default VALID; explicit pads must be smaller than the kernel).
     * CURRICULUM C5 defaults: pool 2, stride = pool, valid.
     */
    public static final class Options {
        public static final Options DEFAULT = builder(2).build();

        private final long[] kernel, stride, padBegin, padEnd;
        private final Padding padding;

        private Options(Builder b) {
            kernel = b.kernel;
            stride = b.stride;
            padding = b.padding;
            padBegin = b.padBegin;
            padEnd = b.padEnd;
        }

        public static Builder builder(long... kernel) {
            return new Builder(kernel);
        }

        public Padding padding() {
            return padding;
        }

        @Override
        public String toString() {
            return "Pooling.Options(kernel=" + Arrays.toString(kernel) + ", stride="
                    + (stride == null ? "kernel" : Arrays.toString(stride)) + ", padding=" + padding
                    + (padding == Padding.EXPLICIT ? " " + Arrays.toString(padBegin) + "/" + Arrays.toString(padEnd) : "")
                    + ")";
        }

        public static final class Builder {
            private final long[] kernel;
            private long[] stride, padBegin = {0}, padEnd = {0};
            private Padding padding = Padding.VALID;

            private Builder(long[] kernel) {
                this.kernel = values("kernel", kernel, 1);
            }

            public Builder stride(long... s) {
                stride = values("stride", s, 1);
                return this;
            }

            public Builder padding(Padding p) {
                if (p == null || p == Padding.EXPLICIT) {
                    throw new IllegalArgumentException("Pooling.Options: padding " + p
                            + " is not VALID or SAME; give explicit pads with padding(long...) or padding(long[], long[])");
                }
                padding = p;
                return this;
            }

            public Builder padding(long... p) {
                return padding(p, p);
            }

            public Builder padding(long[] begin, long[] end) {
                padBegin = values("pad begin", begin, 0);
                padEnd = values("pad end", end, 0);
                padding = Padding.EXPLICIT;
                return this;
            }

            public Options build() {
                return new Options(this);
            }

            private static long[] values(String what, long[] v, long min) {
                if (v == null || v.length == 0 || v.length > 3) {
                    throw new IllegalArgumentException("Pooling.Options: " + what + " needs 1 to 3 values, got "
                            + Arrays.toString(v));
                }
                for (long x : v) {
                    if (x < min) throw new IllegalArgumentException("Pooling.Options: " + what + " " + Arrays.toString(v)
                            + " has a value below " + min);
                }
                return v.clone();
            }
        }
    }

    // ---- public API --------------------------------------------------------------------------

    public static Tensor maxPool(Tensor x, Options opt) {
        return pool("maxPool", Kind.MAX, x, opt);
    }

    public static Tensor avgPool(Tensor x, Options opt) {
        return pool("avgPool", Kind.AVG, x, opt);
    }

    public static Tensor minPool(Tensor x, Options opt) {
        return pool("minPool", Kind.MIN, x, opt);
    }

    public static Tensor pool(Kind kind, Tensor x, Options opt) {
        return pool("pool", kind, x, opt);
    }

    /** Mean over all spatial positions: (N, C, spatial...) -> (N, C). */
    public static Tensor globalAvgPool(Tensor x) {
        return global("globalAvgPool", Kind.AVG, x);
    }

    /** Max over all spatial positions: (N, C, spatial...) -> (N, C); the gradient goes to the first maximum. */
    public static Tensor globalMaxPool(Tensor x) {
        return global("globalMaxPool", Kind.MAX, x);
    }

    /** Min over all spatial positions: (N, C, spatial...) -> (N, C). */
    public static Tensor globalMinPool(Tensor x) {
        return global("globalMinPool", Kind.MIN, x);
    }

    /** Output shape of pooling x with these options. */
    public static Shape outputShape(long[] xShape, Options opt) {
        Geometry g = resolve("pool", xShape, opt == null ? Options.DEFAULT : opt);
        return Shape.of(g.yShape);
    }

    // ---- implementation -------------------------------------------------------------------------

    private static final class Geometry {
        final int nsp;
        final long[] xShape, yShape, kernel, stride, padBegin, padEnd;

        Geometry(int nsp, long[] xShape, long[] yShape, long[] kernel, long[] stride, long[] padBegin, long[] padEnd) {
            this.nsp = nsp;
            this.xShape = xShape;
            this.yShape = yShape;
            this.kernel = kernel;
            this.stride = stride;
            this.padBegin = padBegin;
            this.padEnd = padEnd;
        }
    }

    private static long[] spread(String op, String what, long[] v, int nsp) {
        if (v.length == 1) {
            long[] r = new long[nsp];
            Arrays.fill(r, v[0]);
            return r;
        }
        if (v.length != nsp) {
            throw new IllegalArgumentException(op + ": " + what + " " + Arrays.toString(v) + " has " + v.length
                    + " values for " + nsp + " spatial axes");
        }
        return v.clone();
    }

    private static Geometry resolve(String op, long[] xs, Options o) {
        int nsp = xs.length - 2;
        if (nsp < 1 || nsp > 3) {
            throw new IllegalArgumentException(op + ": x must be (N, C, spatial...) with 1 to 3 spatial axes, got "
                    + Shape.of(xs));
        }
        long[] k = spread(op, "kernel", o.kernel, nsp);
        long[] s = o.stride == null ? k.clone() : spread(op, "stride", o.stride, nsp);
        long[] pb = new long[nsp], pe = new long[nsp], ys = new long[xs.length];
        ys[0] = xs[0];
        ys[1] = xs[1];
        for (int i = 0; i < nsp; i++) {
            long n = xs[2 + i];
            if (n < 1) throw new IllegalArgumentException(op + ": x " + Shape.of(xs) + " has an empty spatial axis");
            if (o.padding == Padding.SAME) {
                long out = (n + s[i] - 1) / s[i];
                long total = Math.max((out - 1) * s[i] + k[i] - n, 0);
                pb[i] = total / 2;
                pe[i] = total - pb[i];
            } else if (o.padding == Padding.EXPLICIT) {
                pb[i] = spread(op, "pad begin", o.padBegin, nsp)[i];
                pe[i] = spread(op, "pad end", o.padEnd, nsp)[i];
                if (pb[i] >= k[i] || pe[i] >= k[i]) {
                    throw new IllegalArgumentException(op + ": pads " + pb[i] + "/" + pe[i] + " on spatial axis " + i
                            + " must be smaller than the kernel " + k[i]);
                }
            }
            long span = n + pb[i] + pe[i];
            if (k[i] > span) {
                throw new IllegalArgumentException(op + ": kernel " + Arrays.toString(k) + " is larger than the padded input on spatial axis "
                        + i + " of x " + Shape.of(xs));
            }
            ys[2 + i] = (span - k[i]) / s[i] + 1;
        }
        return new Geometry(nsp, xs, ys, k, s, pb, pe);
    }

    private static Tensor pool(String op, Kind kind, Tensor x, Options opt) {
        Checks.open(x, op);
        Checks.floating(op, x);
        Geometry g = resolve(op, x.dims(), opt == null ? Options.DEFAULT : opt);
        return run(op, kind, x, g, g.yShape);
    }

    private static Tensor global(String op, Kind kind, Tensor x) {
        Checks.open(x, op);
        Checks.floating(op, x);
        long[] xs = x.dims();
        int nsp = xs.length - 2;
        if (nsp < 1 || nsp > 3) {
            throw new IllegalArgumentException(op + ": x must be (N, C, spatial...) with 1 to 3 spatial axes, got "
                    + x.shape());
        }
        long[] k = Arrays.copyOfRange(xs, 2, xs.length), ones = new long[nsp], zeros = new long[nsp];
        Arrays.fill(ones, 1);
        for (long v : k) {
            if (v < 1) throw new IllegalArgumentException(op + ": x " + x.shape() + " has an empty spatial axis");
        }
        long[] ys = new long[xs.length];
        ys[0] = xs[0];
        ys[1] = xs[1];
        Arrays.fill(ys, 2, ys.length, 1);
        Geometry g = new Geometry(nsp, xs, ys, k, ones, zeros, zeros);
        // y (N, C, 1, ...) and (N, C) have the same contiguous layout: the result is (N, C)
        return run(op, kind, x, g, new long[] {xs[0], xs[1]});
    }

    private static Tensor run(String op, Kind kind, Tensor x, Geometry g, long[] outShape) {
        int dev = Kernels.device(x), dt = x.dtype().code();
        Tensor y = Kernels.empty(x.dtype(), dev, outShape);
        boolean grad = Autograd.needsGrad(x);
        long ny = 1;
        for (long v : g.yShape) ny *= v;
        Tensor ws = grad && kind != Kind.AVG ? Kernels.empty(DType.INT64, dev, new long[] {ny + 1}) : null;
        Tensor xc = NnSupport.contig(x);
        try {
            Kernels.check(ConvNative.nn4j_pool_forward(dev, dt, kind.code, g.nsp, g.xShape, g.yShape, g.kernel,
                    g.stride, g.padBegin, g.padEnd, Kernels.addr(xc), Kernels.addr(y), NnSupport.addr(ws)), op);
            if (grad) {
                // saved: the workspace of picks (MAX/MIN); AVG needs only the geometry
                Autograd.record(op, y, new Tensor[] {x}, ws == null ? new Tensor[0] : new Tensor[] {ws}, (node, gy) -> {
                    Tensor gc = NnSupport.contig(gy);
                    Tensor dx = Kernels.empty(gy.dtype(), Kernels.device(gy), g.xShape);
                    try {
                        Kernels.check(ConvNative.nn4j_pool_backward(Kernels.device(gy), gy.dtype().code(), kind.code,
                                g.nsp, g.xShape, g.yShape, g.kernel, g.stride, g.padBegin, g.padEnd, Kernels.addr(gc),
                                kind == Kind.AVG ? 0 : Kernels.addr(node.saved(0)), Kernels.addr(dx)), op + " backward");
                    } catch (RuntimeException | Error e) {
                        dx.close();
                        throw e;
                    } finally {
                        NnSupport.release(gc, gy);
                    }
                    return new Tensor[] {dx};
                });
            }
        } catch (RuntimeException | Error e) {
            y.close();
            throw e;
        } finally {
            NnSupport.release(xc, x);
            if (ws != null) ws.close();  // the graph holds its own reference
        }
        return y;
    }
}
