package org.nn4j.nn.init;

import org.nn4j.DType;
import org.nn4j.Generator;
import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/**
 * A (semi-)orthogonal matrix times {@code gain}: QR of a Gaussian, with Q's columns sign-corrected
 * by sign(diag R) so the result is uniformly distributed (CURRICULUM §5; the default recurrent
 * kernel). The weight is viewed as a matrix (shape[0], product of the other dims): a dense or
 * recurrent kernel (in, out) as itself, a conv kernel (C_out, C_in/g, k...) as one flattened
 * filter per row (K2), so the filters are orthonormal when C_out <= the filter size (the
 * flattening PyTorch uses; Keras's (all but last, last) would pair kernel columns for nn4j's
 * layout). Computed in double with modified Gram-Schmidt; such kernels are small.
 */
public final class Orthogonal implements Initializer {
    private final double gain;

    public Orthogonal(double gain) {
        this.gain = gain;
    }

    @Override
    public Tensor initialize(long[] shape, long fanIn, long fanOut, long seed) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("Orthogonal: needs a weight of rank >= 2, got shape "
                    + java.util.Arrays.toString(shape));
        }
        long rows = shape[0];
        long cols = 1;
        for (int i = 1; i < shape.length; i++) cols = Math.multiplyExact(cols, shape[i]);
        if (rows == 0 || cols == 0) return Tensor.zeros(shape);
        // Orthonormalise the columns of a tall (n x k) Gaussian, k <= n; transpose back if wide.
        boolean wide = rows < cols;
        int n = Math.toIntExact(wide ? cols : rows);
        int k = Math.toIntExact(wide ? rows : cols);
        double[] a;
        try (Tensor g = Generator.seed(seed).normal(DType.FLOAT64, 0, 1, n, k)) {
            a = g.toDoubleArray();
        }
        for (int j = 0; j < k; j++) {
            for (int p = 0; p < j; p++) {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += a[i * k + p] * a[i * k + j];
                for (int i = 0; i < n; i++) a[i * k + j] -= dot * a[i * k + p];
            }
            double norm = 0;
            for (int i = 0; i < n; i++) norm += a[i * k + j] * a[i * k + j];
            norm = Math.sqrt(norm);
            // Gram-Schmidt's R has a positive diagonal, so the sign correction is already applied.
            for (int i = 0; i < n; i++) a[i * k + j] /= norm;
        }
        float[] out = new float[Math.toIntExact(rows * cols)];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double v = wide ? a[c * k + r] : a[r * k + c];
                out[(int) (r * cols + c)] = (float) (gain * v);
            }
        }
        return Tensor.of(out, shape);
    }

    @Override
    public Config config() {
        return new Config().put("type", "orthogonal").put("gain", gain);
    }

    @Override
    public String toString() {
        return "Orthogonal(gain=" + gain + ")";
    }
}
