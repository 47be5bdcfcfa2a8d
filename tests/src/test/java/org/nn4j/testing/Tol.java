package org.nn4j.testing;

import org.nn4j.DType;

/**
 * Tolerance of a comparison: |got - want| <= abs + rel * |scale|, where scale is the reference
 * value (or, for sums of products such as matmul, the same sum taken over absolute values, so
 * that cancellation does not demand more than the dtype can give).
 */
public record Tol(double rel, double abs) {
    /** float32 kernels against a float64 reference on float32-rounded inputs. */
    public static final Tol F32 = new Tol(1e-5, 1e-6);
    public static final Tol F64 = new Tol(1e-12, 1e-12);
    /** Integer and boolean results must match exactly. */
    public static final Tol EXACT = new Tol(0, 0);

    public static Tol of(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> F32;
            case FLOAT64 -> F64;
            default -> EXACT;
        };
    }

    public boolean accepts(double got, double want, double scale) {
        if (Double.isNaN(want) || Double.isNaN(got)) return Double.isNaN(want) && Double.isNaN(got);
        if (Double.isInfinite(want) || Double.isInfinite(got)) return got == want;
        return Math.abs(got - want) <= abs + rel * Math.abs(scale);
    }

    @Override
    public String toString() {
        return "rel " + rel + " / abs " + abs;
    }
}
