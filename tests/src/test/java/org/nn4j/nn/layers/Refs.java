package org.nn4j.nn.layers;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.NoGradScope;
import org.nn4j.nn.Layer;
import org.nn4j.ops.Creation;

/** Plain-Java and alternative-op references for the layer catalog (float64, no autograd). */
final class Refs {
    private Refs() {}

    static Tensor w(Layer l, String name) {
        return l.weight(name).value().detach();
    }

    static Tensor map(Tensor x, DoubleUnaryOperator f) {
        double[] d = x.toDoubleArray();
        for (int i = 0; i < d.length; i++) d[i] = f.applyAsDouble(d[i]);
        return Tensor.of(d, x.dims());
    }

    /** Element-wise fold of equally shaped tensors. */
    static Tensor fold(Tensor[] xs, DoubleBinaryOperator f) {
        double[] acc = xs[0].toDoubleArray();
        for (int k = 1; k < xs.length; k++) {
            double[] b = xs[k].toDoubleArray();
            for (int i = 0; i < acc.length; i++) acc[i] = f.applyAsDouble(acc[i], b[i]);
        }
        return Tensor.of(acc, xs[0].dims());
    }

    /** Softmax (or log-softmax) over the last axis, max-shifted. */
    static Tensor softmax(Tensor x, boolean log) {
        double[] d = x.toDoubleArray();
        int k = (int) x.dim(-1);
        for (int r = 0; r < d.length / k; r++) {
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (int j = 0; j < k; j++) m = Math.max(m, d[r * k + j]);
            for (int j = 0; j < k; j++) s += Math.exp(d[r * k + j] - m);
            for (int j = 0; j < k; j++) d[r * k + j] = log ? d[r * k + j] - m - Math.log(s) : Math.exp(d[r * k + j] - m) / s;
        }
        return Tensor.of(d, x.dims());
    }

    /** x zero-padded by (begin[i], end[i]) on axis 2 + i, written through a view (no concat). */
    static Tensor pad(Tensor x, long[] begin, long[] end) {
        long[] d = x.dims();
        for (int i = 0; i < begin.length; i++) d[2 + i] += begin[i] + end[i];
        Tensor out = Creation.zeros(x.dtype(), x.device(), d);
        Tensor view = out;
        try (NoGradScope ng = Autograd.noGrad()) {
            for (int i = 0; i < begin.length; i++) view = view.slice(2 + i, begin[i], d[2 + i] - end[i]);
            view.copyFrom(x);
        }
        return out;
    }

    /** x without (begin[i], end[i]) on axis 2 + i, by split (no slice). */
    static Tensor crop(Tensor x, long[] begin, long[] end) {
        Tensor y = x;
        for (int i = 0; i < begin.length; i++) {
            long n = y.dim(2 + i);
            y = y.split(2 + i, begin[i], n - begin[i] - end[i], end[i])[1];
        }
        return y.contiguous();
    }

    /** CURRICULUM R8 by its formula on (N, C, inner...). */
    static Tensor lrn(Tensor x, long size, double alpha, double beta, double k) {
        double[] a = x.toDoubleArray(), b = new double[a.length];
        int n = (int) x.dim(0), c = (int) x.dim(1), inner = a.length / (n * c);
        int half = (int) (size / 2);
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int j = 0; j < inner; j++) {
                    double s = 0;
                    for (int q = Math.max(0, ch - half); q <= Math.min(c - 1, ch + half); q++) {
                        double v = a[(i * c + q) * inner + j];
                        s += v * v;
                    }
                    int at = (i * c + ch) * inner + j;
                    b[at] = a[at] / Math.pow(k + alpha * s, beta);
                }
            }
        }
        return Tensor.of(b, x.dims());
    }

    /** Batch dot of x (N, A, K) and y (N, K, B) given as flat loops after moving axes. */
    static double[] batchDot(double[] x, double[] y, int n, int a, int k, int b) {
        double[] out = new double[n * a * b];
        for (int s = 0; s < n; s++)
            for (int i = 0; i < a; i++)
                for (int j = 0; j < b; j++) {
                    double acc = 0;
                    for (int q = 0; q < k; q++) acc += x[(s * a + i) * k + q] * y[(s * k + q) * b + j];
                    out[(s * a + i) * b + j] = acc;
                }
        return out;
    }
}
