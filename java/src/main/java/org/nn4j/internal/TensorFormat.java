package org.nn4j.internal;

import java.util.Locale;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.NoGradScope;

/**
 * Tensor.toString: a header and a NumPy-like preview. Axes longer than {@link #EDGE_ITEMS} x 2
 * show their first and last {@link #EDGE_ITEMS} entries around "...". Only the shown entries are
 * copied to the host.
 */
public final class TensorFormat {
    static final int EDGE_ITEMS = 3;
    private static final TensorAccess T = TensorAccess.get();

    private TensorFormat() {}

    public static String format(Tensor t, boolean closed) {
        long[] shape = T.shape(t);
        StringBuilder sb = new StringBuilder("Tensor(shape=").append(Shape.format(shape)).append(", dtype=")
                .append(t.dtype()).append(", device=").append(t.device());
        if (closed) return sb.append(", closed)").toString();
        if (t.gradFn() != null) sb.append(", gradFn=").append(t.gradFn().name());
        else if (t.requiresGrad()) sb.append(", requiresGrad=true");
        sb.append(")\n");
        try {
            preview(t, sb);
        } catch (RuntimeException e) {
            sb.append("<values unavailable: ").append(e.getMessage()).append('>');
        }
        return sb.toString();
    }

    private static void preview(Tensor t, StringBuilder sb) {
        long[] shape = T.shape(t);
        int r = shape.length;
        boolean[] elided = new boolean[r];
        double[] values;
        long[] shown = shape.clone();
        try (Scope scope = Scope.open(); NoGradScope ng = Autograd.noGrad()) {
            Tensor src = t.detach();
            for (int a = 0; a < r; a++) {
                if (shape[a] > 2 * EDGE_ITEMS) {
                    elided[a] = true;
                    shown[a] = 2 * EDGE_ITEMS;
                }
            }
            Tensor small = src;
            if (!java.util.Arrays.equals(shown, shape)) {
                // copy each corner (head or tail on every elided axis) as views: no large copies
                small = org.nn4j.ops.Creation.empty(t.dtype(), t.device(), shown);
                int elidedCount = 0;
                for (boolean e : elided) if (e) elidedCount++;
                for (int corner = 0; corner < (1 << elidedCount); corner++) {
                    Tensor from = src, to = small;
                    for (int a = 0, bit = 0; a < r; a++) {
                        if (!elided[a]) continue;
                        boolean tail = (corner & (1 << bit++)) != 0;
                        from = tail ? from.slice(a, shape[a] - EDGE_ITEMS, shape[a]) : from.slice(a, 0, EDGE_ITEMS);
                        to = tail ? to.slice(a, EDGE_ITEMS, 2 * EDGE_ITEMS) : to.slice(a, 0, EDGE_ITEMS);
                    }
                    Kernels.copy(from, to);
                }
            }
            values = small.dtype() == DType.INT64 ? longsAsDoubles(small.toLongArray()) : small.toDoubleArray();
        }
        String[] cells = cells(values, t.dtype());
        int width = 0;
        for (String c : cells) width = Math.max(width, c.length());
        if (r == 0) {
            sb.append(cells.length > 0 ? cells[0] : "");
            return;
        }
        write(sb, cells, width, shown, elided, 0, 0, 0);
    }

    private static double[] longsAsDoubles(long[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    /** Writes the block of axis `axis` starting at flat index `base` (row-major over `shown`). */
    private static int write(StringBuilder sb, String[] cells, int width, long[] shown, boolean[] elided, int axis,
                             int base, int indent) {
        int r = shown.length;
        sb.append('[');
        int n = (int) shown[axis];
        int block = 1;
        for (int a = axis + 1; a < r; a++) block *= (int) shown[a];
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                if (axis == r - 1) sb.append(", ");
                else {
                    sb.append(',');
                    for (int k = 0; k < r - 1 - axis; k++) sb.append('\n');
                    for (int k = 0; k <= indent; k++) sb.append(' ');
                }
            }
            if (elided[axis] && i == EDGE_ITEMS) {
                sb.append("...");
                if (axis == r - 1) sb.append(", ");
                else {
                    sb.append(',');
                    for (int k = 0; k < r - 1 - axis; k++) sb.append('\n');
                    for (int k = 0; k <= indent; k++) sb.append(' ');
                }
            }
            if (axis == r - 1) {
                String c = cells[base + i];
                for (int k = c.length(); k < width; k++) sb.append(' ');
                sb.append(c);
            } else {
                write(sb, cells, width, shown, elided, axis + 1, base + i * block, indent + 1);
            }
        }
        return sb.append(']').length();
    }

    /** Text of each value, NumPy-like: "1." for integral floats, fixed or scientific otherwise. */
    static String[] cells(double[] v, DType dtype) {
        String[] out = new String[v.length];
        if (dtype == DType.BOOL) {
            for (int i = 0; i < v.length; i++) out[i] = v[i] != 0 ? "True" : "False";
            return out;
        }
        if (!dtype.isFloatingPoint()) {
            for (int i = 0; i < v.length; i++) out[i] = Long.toString((long) v[i]);
            return out;
        }
        boolean integral = true;
        double maxAbs = 0, minAbs = Double.MAX_VALUE;
        for (double x : v) {
            if (!Double.isFinite(x)) continue;
            double a = Math.abs(x);
            if (x != Math.rint(x)) integral = false;
            maxAbs = Math.max(maxAbs, a);
            if (a > 0) minAbs = Math.min(minAbs, a);
        }
        boolean sci = maxAbs >= 1e8 || (!integral && (maxAbs >= 1e5 || minAbs < 1e-4));
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            if (Double.isNaN(x)) out[i] = "nan";
            else if (Double.isInfinite(x)) out[i] = x > 0 ? "inf" : "-inf";
            else if (sci) out[i] = String.format(Locale.ROOT, "%.4e", x);
            else if (integral) out[i] = String.format(Locale.ROOT, "%.0f.", x);
            else out[i] = String.format(Locale.ROOT, "%.4f", x);
        }
        return out;
    }
}
