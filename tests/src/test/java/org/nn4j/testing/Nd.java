package org.nn4j.testing;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * The float64 reference the native kernels are checked against: a row-major n-d array in plain
 * Java with NumPy broadcasting. Every operation copies; nothing here is fast or clever, so that
 * it is obviously right. Integer and boolean results are stored as exact doubles (0/1 for bool).
 */
public final class Nd {
    public final long[] shape;
    public final double[] data;

    public Nd(double[] data, long... shape) {
        if (numel(shape) != data.length)
            throw new IllegalArgumentException("Nd: " + data.length + " values for shape " + Arrays.toString(shape));
        this.shape = shape.clone();
        this.data = data;
    }

    public static Nd scalar(double v) {
        return new Nd(new double[] {v});
    }

    public static Nd zeros(long... shape) {
        return new Nd(new double[(int) numel(shape)], shape);
    }

    public static Nd full(double v, long... shape) {
        double[] d = new double[(int) numel(shape)];
        Arrays.fill(d, v);
        return new Nd(d, shape);
    }

    public int rank() {
        return shape.length;
    }

    public int size() {
        return data.length;
    }

    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    public static long[] strides(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** Multi-index of flat position {@code flat} in a row-major array of {@code shape}. */
    static long[] unravel(long flat, long[] shape, long[] into) {
        for (int i = shape.length - 1; i >= 0; i--) {
            into[i] = shape[i] == 0 ? 0 : flat % shape[i];
            flat = shape[i] == 0 ? 0 : flat / shape[i];
        }
        return into;
    }

    static int axis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= Math.max(rank, 1)) throw new IllegalArgumentException("Nd: axis " + axis + " for rank " + rank);
        return a;
    }

    public double get(long... idx) {
        long[] st = strides(shape);
        long off = 0;
        for (int i = 0; i < idx.length; i++) off += idx[i] * st[i];
        return data[(int) off];
    }

    // ---- element-wise with broadcasting -------------------------------------------------------

    public static long[] broadcastShape(long[] a, long[] b) {
        int r = Math.max(a.length, b.length);
        long[] out = new long[r];
        for (int i = 0; i < r; i++) {
            long da = i < r - a.length ? 1 : a[i - (r - a.length)];
            long db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1)
                throw new IllegalArgumentException("Nd: cannot broadcast " + Arrays.toString(a) + " and " + Arrays.toString(b));
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** This array stretched to {@code target} (NumPy rules), as a copy. */
    public Nd broadcastTo(long[] target) {
        long[] bs = broadcastShape(shape, target);
        if (!Arrays.equals(bs, target))
            throw new IllegalArgumentException("Nd: cannot broadcast " + Arrays.toString(shape) + " to " + Arrays.toString(target));
        int r = target.length, off = r - shape.length;
        long[] st = strides(shape);
        double[] out = new double[(int) numel(target)];
        long[] idx = new long[r];
        for (int f = 0; f < out.length; f++) {
            unravel(f, target, idx);
            long src = 0;
            for (int i = 0; i < shape.length; i++) src += (shape[i] == 1 ? 0 : idx[i + off]) * st[i];
            out[f] = data[(int) src];
        }
        return new Nd(out, target);
    }

    public Nd map(DoubleUnaryOperator f) {
        double[] out = new double[data.length];
        for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(data[i]);
        return new Nd(out, shape);
    }

    public static Nd zip(Nd a, Nd b, DoubleBinaryOperator f) {
        long[] s = broadcastShape(a.shape, b.shape);
        Nd x = a.broadcastTo(s), y = b.broadcastTo(s);
        double[] out = new double[x.data.length];
        for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(x.data[i], y.data[i]);
        return new Nd(out, s);
    }

    /** cond != 0 ? a : b, all three broadcast together. */
    public static Nd where(Nd cond, Nd a, Nd b) {
        long[] s = broadcastShape(broadcastShape(cond.shape, a.shape), b.shape);
        Nd c = cond.broadcastTo(s), x = a.broadcastTo(s), y = b.broadcastTo(s);
        double[] out = new double[c.data.length];
        for (int i = 0; i < out.length; i++) out[i] = c.data[i] != 0 ? x.data[i] : y.data[i];
        return new Nd(out, s);
    }

    public Nd abs() {
        return map(Math::abs);
    }

    // ---- reductions ---------------------------------------------------------------------------

    /** Normalised, sorted, distinct axes; none means all. */
    public int[] axes(int... axes) {
        if (axes.length == 0) {
            int[] all = new int[rank()];
            for (int i = 0; i < all.length; i++) all[i] = i;
            return all;
        }
        return Arrays.stream(axes).map(a -> axis(a, rank())).distinct().sorted().toArray();
    }

    /**
     * Applies {@code f} to the values of every reduced sub-space, taken in row-major order (so
     * "first" means lowest flat index of the sub-space, as argmax ties require).
     */
    public Nd reduce(ToDoubleFunction<double[]> f, boolean keepDims, int... axes) {
        int[] ax = axes(axes);
        boolean[] red = new boolean[rank()];
        for (int a : ax) red[a] = true;
        long[] keepShape = new long[rank()];
        long[] subShape = new long[ax.length];
        for (int i = 0, k = 0; i < rank(); i++) {
            keepShape[i] = red[i] ? 1 : shape[i];
            if (red[i]) subShape[k++] = shape[i];
        }
        long[] outShape = keepDims ? keepShape
                : Arrays.stream(range(rank())).filter(i -> !red[i]).mapToLong(i -> shape[i]).toArray();
        long[] st = strides(shape);
        int nOut = (int) numel(keepShape), nSub = (int) numel(subShape);
        double[] out = new double[nOut];
        double[] vals = new double[nSub];
        long[] oi = new long[rank()], si = new long[ax.length];
        for (int o = 0; o < nOut; o++) {
            unravel(o, keepShape, oi);
            long base = 0;
            for (int i = 0; i < rank(); i++) base += oi[i] * st[i];
            for (int s = 0; s < nSub; s++) {
                unravel(s, subShape, si);
                long off = base;
                for (int k = 0; k < ax.length; k++) off += si[k] * st[ax[k]];
                vals[s] = data[(int) off];
            }
            out[o] = f.applyAsDouble(vals);
        }
        return new Nd(out, outShape);
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    // ---- shape ops ----------------------------------------------------------------------------

    public Nd reshape(long... newShape) {
        long[] s = newShape.clone();
        int free = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) free = i;
            else known *= s[i];
        }
        if (free >= 0) s[free] = known == 0 ? 0 : data.length / known;
        return new Nd(data.clone(), s);
    }

    public Nd permute(int... axes) {
        long[] outShape = new long[rank()];
        int[] ax = new int[rank()];
        for (int i = 0; i < rank(); i++) {
            ax[i] = axis(axes[i], rank());
            outShape[i] = shape[ax[i]];
        }
        long[] st = strides(shape);
        double[] out = new double[data.length];
        long[] idx = new long[rank()];
        for (int f = 0; f < out.length; f++) {
            unravel(f, outShape, idx);
            long src = 0;
            for (int i = 0; i < rank(); i++) src += idx[i] * st[ax[i]];
            out[f] = data[(int) src];
        }
        return new Nd(out, outShape);
    }

    public Nd transpose(int a, int b) {
        int[] p = range(rank());
        int x = axis(a, rank()), y = axis(b, rank());
        p[x] = y;
        p[y] = x;
        return permute(p);
    }

    /** Python's slice(start, end, step).indices(n): {start, count, step}. */
    public static long[] sliceIndices(long n, long start, long end, long step) {
        if (step == 0) throw new IllegalArgumentException("Nd: step 0");
        long lower = step > 0 ? 0 : -1, upper = step > 0 ? n : n - 1;
        start = clampIndex(start, n, lower, upper);
        end = clampIndex(end, n, lower, upper);
        long count = step > 0 ? Math.max(0, (end - start + step - 1) / step) : Math.max(0, (start - end - step - 1) / -step);
        return new long[] {start, count, step};
    }

    private static long clampIndex(long i, long n, long lower, long upper) {
        if (i < 0) {
            i += n;
            return i < lower ? lower : i;
        }
        return i > upper ? upper : i;
    }

    public Nd slice(int axis, long start, long end, long step) {
        int a = axis(axis, rank());
        long[] sl = sliceIndices(shape[a], start, end, step);
        long[] outShape = shape.clone();
        outShape[a] = sl[1];
        long[] st = strides(shape);
        double[] out = new double[(int) numel(outShape)];
        long[] idx = new long[rank()];
        for (int f = 0; f < out.length; f++) {
            unravel(f, outShape, idx);
            long src = 0;
            for (int i = 0; i < rank(); i++) src += (i == a ? sl[0] + idx[i] * sl[2] : idx[i]) * st[i];
            out[f] = data[(int) src];
        }
        return new Nd(out, outShape);
    }

    public Nd select(int axis, long index) {
        int a = axis(axis, rank());
        long i = index < 0 ? index + shape[a] : index;
        Nd s = slice(a, i, i + 1, 1);
        long[] outShape = new long[rank() - 1];
        for (int k = 0, j = 0; k < rank(); k++) if (k != a) outShape[j++] = shape[k];
        return new Nd(s.data, outShape);
    }

    public static Nd concat(int axis, Nd... xs) {
        int a = axis(axis, xs[0].rank());
        long[] outShape = xs[0].shape.clone();
        outShape[a] = 0;
        for (Nd x : xs) outShape[a] += x.shape[a];
        double[] out = new double[(int) numel(outShape)];
        long[] idx = new long[outShape.length];
        for (int f = 0; f < out.length; f++) {
            unravel(f, outShape, idx);
            long i = idx[a];
            int k = 0;
            while (i >= xs[k].shape[a]) i -= xs[k++].shape[a];
            long[] src = idx.clone();
            src[a] = i;
            out[f] = xs[k].get(src);
        }
        return new Nd(out, outShape);
    }

    public static Nd stack(int axis, Nd... xs) {
        int r = xs[0].rank() + 1;
        int a = axis < 0 ? axis + r : axis;
        Nd[] us = new Nd[xs.length];
        for (int i = 0; i < xs.length; i++) {
            long[] s = new long[r];
            for (int k = 0, j = 0; k < r; k++) s[k] = k == a ? 1 : xs[i].shape[j++];
            us[i] = new Nd(xs[i].data, s);
        }
        return concat(a, us);
    }

    public Nd[] split(int axis, long... sizes) {
        int a = axis(axis, rank());
        Nd[] out = new Nd[sizes.length];
        long at = 0;
        for (int i = 0; i < sizes.length; i++) {
            out[i] = slice(a, at, at + sizes[i], 1);
            at += sizes[i];
        }
        return out;
    }

    // ---- indexing -----------------------------------------------------------------------------

    /** torch.gather: out[i.., j, k..] = this[i.., index[i.., j, k..], k..] along axis. */
    public Nd gather(int axis, Nd index) {
        int a = axis(axis, rank());
        double[] out = new double[index.size()];
        long[] idx = new long[rank()];
        for (int f = 0; f < out.length; f++) {
            unravel(f, index.shape, idx);
            long[] src = idx.clone();
            src[a] = (long) index.data[f];
            out[f] = get(src);
        }
        return new Nd(out, index.shape);
    }

    /** Copy of this with src[i.., j, k..] added at [i.., index[i.., j, k..], k..]; repeats accumulate. */
    public Nd scatterAdd(int axis, Nd index, Nd src) {
        int a = axis(axis, rank());
        double[] out = data.clone();
        long[] st = strides(shape);
        long[] srcSt = strides(src.shape);
        long[] idx = new long[rank()];
        for (int f = 0; f < index.size(); f++) {
            unravel(f, index.shape, idx);
            long dst = 0, s = 0;
            for (int i = 0; i < rank(); i++) {
                dst += (i == a ? (long) index.data[f] : idx[i]) * st[i];
                s += idx[i] * srcSt[i];
            }
            out[(int) dst] += src.data[(int) s];
        }
        return new Nd(out, shape);
    }

    // ---- linear algebra -----------------------------------------------------------------------

    /** NumPy matmul: 1-D operands get a unit axis that is dropped again; batch axes broadcast. */
    public Nd matmul(Nd b) {
        Nd x = rank() == 1 ? new Nd(data, 1, shape[0]) : this;
        Nd y = b.rank() == 1 ? new Nd(b.data, b.shape[0], 1) : b;
        int rx = x.rank(), ry = y.rank();
        long m = x.shape[rx - 2], k = x.shape[rx - 1], n = y.shape[ry - 1];
        if (y.shape[ry - 2] != k) throw new IllegalArgumentException("Nd.matmul: inner sizes differ");
        long[] batch = broadcastShape(Arrays.copyOf(x.shape, rx - 2), Arrays.copyOf(y.shape, ry - 2));
        long[] xs = concatDims(batch, m, k), ys = concatDims(batch, k, n);
        Nd bx = x.broadcastTo(xs), by = y.broadcastTo(ys);
        int nb = (int) numel(batch);
        double[] out = new double[(int) (nb * m * n)];
        for (int bi = 0; bi < nb; bi++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += bx.data[(int) (bi * m * k + i * k + p)] * by.data[(int) (bi * k * n + p * n + j)];
                    out[(int) (bi * m * n + i * n + j)] = s;
                }
        long[] outShape = concatDims(batch, m, n);
        if (rank() == 1 && b.rank() == 1) outShape = new long[0];
        else if (rank() == 1) outShape = dropAxis(outShape, outShape.length - 2);
        else if (b.rank() == 1) outShape = dropAxis(outShape, outShape.length - 1);
        return new Nd(out, outShape);
    }

    private static long[] concatDims(long[] batch, long r, long c) {
        long[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = r;
        s[batch.length + 1] = c;
        return s;
    }

    private static long[] dropAxis(long[] s, int a) {
        long[] out = new long[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) if (i != a) out[j++] = s[i];
        return out;
    }

    @Override
    public String toString() {
        return "Nd" + Arrays.toString(shape);
    }
}
