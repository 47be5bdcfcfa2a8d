package org.nn4j.ops;

import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.internal.Broadcast;
import org.nn4j.internal.Kernels;
import org.nn4j.internal.Strides;
import org.nn4j.internal.TensorAccess;

/**
 * Matrix products on the native gemm (row-major, strided batches). Transposed views are passed
 * as transposes, not copied; an operand is copied only when its matrix or batch layout cannot be
 * described by (trans, ld, batch stride).
 *
 * <p>matmul: d/dA = G B^T, d/dB = A^T G, each summed over broadcast batch axes.
 */
public final class Linalg {
    private static final TensorAccess T = TensorAccess.get();

    private Linalg() {}

    /** NumPy matmul: 1-D operands are promoted (and the added axis removed), leading dims broadcast. */
    public static Tensor matmul(Tensor a, Tensor b) {
        Checks.pair("matmul", a, b);
        Checks.floating("matmul", a);
        int ra = a.rank(), rb = b.rank();
        if (ra == 0 || rb == 0) {
            throw new IllegalArgumentException("matmul: operands must have rank >= 1, got " + a.shape() + " and "
                    + b.shape() + "; use mul for scalars");
        }
        if (ra >= 2 && rb >= 2) return batched(a, b);
        Tensor a2 = ra == 1 ? ShapeOps.unsqueeze(a, 0) : a;
        Tensor b2 = rb == 1 ? ShapeOps.unsqueeze(b, -1) : b;
        try {
            checkInner(a, b, T.shape(a2), T.shape(b2));
            try (Tensor c = batched(a2, b2)) {
                if (ra == 1 && rb == 1) return ShapeOps.reshape(c);
                return ShapeOps.squeeze(c, ra == 1 ? -2 : -1);
            }
        } finally {
            if (a2 != a) a2.close();
            if (b2 != b) b2.close();
        }
    }

    /** Inner product of two 1-D tensors of equal length (0-d result). */
    public static Tensor dot(Tensor a, Tensor b) {
        Checks.pair("dot", a, b);
        if (a.rank() != 1 || b.rank() != 1) {
            throw new IllegalArgumentException("dot: expects two 1-D tensors, got " + a.shape() + " and " + b.shape());
        }
        if (a.dim(0) != b.dim(0)) {
            throw new IllegalArgumentException("dot: lengths differ: " + a.shape() + " and " + b.shape());
        }
        return matmul(a, b);
    }

    /** Outer product (n) x (m) -> (n, m). */
    public static Tensor outer(Tensor a, Tensor b) {
        Checks.pair("outer", a, b);
        if (a.rank() != 1 || b.rank() != 1) {
            throw new IllegalArgumentException("outer: expects two 1-D tensors, got " + a.shape() + " and " + b.shape());
        }
        try (Tensor col = ShapeOps.unsqueeze(a, 1); Tensor row = ShapeOps.unsqueeze(b, 0)) {
            return Elementwise.mul(col, row);
        }
    }

    private static void checkInner(Tensor a, Tensor b, long[] as, long[] bs) {
        long k1 = as[as.length - 1], k2 = bs[bs.length - 2];
        if (k1 != k2) {
            throw new IllegalArgumentException("matmul: shapes " + a.shape() + " and " + b.shape()
                    + " do not align (" + k1 + " != " + k2 + ")");
        }
    }

    /** (..., M, K) @ (..., K, N) -> (broadcast ..., M, N), recorded. */
    private static Tensor batched(Tensor a, Tensor b) {
        long[] as = T.shape(a), bs = T.shape(b);
        checkInner(a, b, as, bs);
        int ra = as.length, rb = bs.length;
        long m = as[ra - 2], k = as[ra - 1], n = bs[rb - 1];
        long[] batchA = java.util.Arrays.copyOf(as, ra - 2), batchB = java.util.Arrays.copyOf(bs, rb - 2);
        long[] batch;
        try {
            batch = Broadcast.shape("matmul", batchA, batchB);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: batch dims of " + a.shape() + " and " + b.shape()
                    + " cannot broadcast (" + e.getMessage().substring("matmul: ".length()) + ")");
        }
        long[] os = new long[batch.length + 2];
        System.arraycopy(batch, 0, os, 0, batch.length);
        os[batch.length] = m;
        os[batch.length + 1] = n;
        Strides.checkShape("matmul", os);
        Tensor out = Kernels.empty(a.dtype(), Kernels.device(a), os);
        long count = Strides.numel(batch);
        if (count * m * n > 0) {
            if (k == 0) {
                Kernels.fill(out, 0);
            } else {
                Operand pa = Operand.of(a, batch, m, k), pb = Operand.of(b, batch, k, n);
                try {
                    Kernels.gemm(Kernels.device(a), a.dtype(), pa.trans, pb.trans, m, n, k, 1.0,
                            pa.address, pa.ld, pb.address, pb.ld, 0.0, Kernels.addr(out), n,
                            count, pa.batchStride, pb.batchStride, m * n);
                } finally {
                    pa.close();
                    pb.close();
                }
            }
        }
        if (Autograd.needsGrad(a, b)) {
            Autograd.record("matmul", out, new Tensor[] {a, b}, new Tensor[] {a, b}, (nd, g) -> new Tensor[] {
                    nd.needsInputGrad(0) ? GradUtil.sumTo(batched(g, ShapeOps.transpose(nd.saved(1), -1, -2)), as) : null,
                    nd.needsInputGrad(1) ? GradUtil.sumTo(batched(ShapeOps.transpose(nd.saved(0), -1, -2), g), bs) : null});
        }
        return out;
    }

    /** How one operand is handed to gemm: address, transpose flag, leading dim, batch stride. */
    private static final class Operand implements AutoCloseable {
        final long address;
        final boolean trans;
        final long ld;
        final long batchStride;
        private final Tensor copy;  // non-null when the operand had to be materialized

        private Operand(long address, boolean trans, long ld, long batchStride, Tensor copy) {
            this.address = address;
            this.trans = trans;
            this.ld = ld;
            this.batchStride = batchStride;
            this.copy = copy;
        }

        /** t is (..., rows, cols) and broadcasts over batch. */
        static Operand of(Tensor t, long[] batch, long rows, long cols) {
            long[] s = T.shape(t), st = T.strides(t);
            int r = s.length;
            long sr = st[r - 2], sc = st[r - 1];
            long[] bshape = java.util.Arrays.copyOf(s, r - 2), bstr = java.util.Arrays.copyOf(st, r - 2);
            long bstride = batchStride(Broadcast.strides(bshape, bstr, batch), batch);
            if (bstride != Long.MIN_VALUE) {
                // row-major: unit column stride (or one column), rows at least cols apart
                if ((cols == 1 || sc == 1) && (rows == 1 || sr >= Math.max(cols, 1))) {
                    return new Operand(Kernels.addr(t), false, rows == 1 ? Math.max(cols, 1) : sr, bstride, null);
                }
                // a transposed view: unit row stride, columns at least rows apart
                if ((rows == 1 || sr == 1) && (cols == 1 || sc >= Math.max(rows, 1))) {
                    return new Operand(Kernels.addr(t), true, cols == 1 ? Math.max(rows, 1) : sc, bstride, null);
                }
            }
            // materialize (batch broadcast included) as contiguous (batch..., rows, cols)
            long[] full = new long[batch.length + 2];
            System.arraycopy(batch, 0, full, 0, batch.length);
            full[batch.length] = rows;
            full[batch.length + 1] = cols;
            Tensor c = Kernels.empty(t.dtype(), Kernels.device(t), full);
            Kernels.copy(t, c);
            return new Operand(Kernels.addr(c), false, Math.max(cols, 1), rows * cols, c);
        }

        /**
         * One stride that walks the batch in row-major order, or MIN_VALUE when the batch axes
         * are not evenly spaced. All-broadcast gives 0.
         */
        private static long batchStride(long[] strides, long[] batch) {
            long stride = -1;
            long span = 1;  // elements of the batch walked so far (inner axes)
            for (int i = batch.length - 1; i >= 0; i--) {
                if (batch[i] == 1) continue;
                if (stride == -1) {
                    stride = strides[i];
                    if (stride < 0) return Long.MIN_VALUE;
                } else if (strides[i] != stride * span) {
                    return Long.MIN_VALUE;
                }
                span *= batch[i];
            }
            return stride == -1 ? 0 : stride;
        }

        @Override
        public void close() {
            if (copy != null) copy.close();
        }
    }
}
