package org.nn4j.ops;

import org.nn4j.DType;
import org.nn4j.Tensor;
import org.nn4j.internal.Kernels;
import org.nn4j.internal.TensorAccess;

/** Comparisons and logic: BOOL results, no gradients. */
public final class Comparisons {
    public static final int EQ = Kernels.BINARY_EQ, NE = Kernels.BINARY_NE, LT = Kernels.BINARY_LT,
            LE = Kernels.BINARY_LE, GT = Kernels.BINARY_GT, GE = Kernels.BINARY_GE;
    public static final int AND = Kernels.BINARY_AND, OR = Kernels.BINARY_OR, XOR = Kernels.BINARY_XOR;
    private static final String[] NAMES = {"", "", "", "", "", "", "", "eq", "ne", "lt", "le", "gt", "ge",
            "logicalAnd", "logicalOr", "logicalXor"};
    private static final TensorAccess T = TensorAccess.get();

    private Comparisons() {}

    /** a op b (EQ..GE) broadcast, same dtype -> BOOL. */
    public static Tensor compare(Tensor a, Tensor b, int op) {
        String name = NAMES[op];
        long[] shape = Checks.binary(name, a, b);
        return Kernels.binary(op, name, a, b, shape, DType.BOOL);
    }

    /** a op v with v in a's dtype. */
    public static Tensor compare(Tensor a, double v, int op) {
        String name = NAMES[op];
        Checks.open(a, name);
        try (Tensor s = Kernels.scalarTemp(v, a.dtype(), Kernels.device(a))) {
            return Kernels.binary(op, name, a, s, T.shape(a), DType.BOOL);
        }
    }

    /** AND, OR, XOR of BOOL tensors. */
    public static Tensor logical(Tensor a, Tensor b, int op) {
        String name = NAMES[op];
        long[] shape = Checks.binary(name, a, b);
        Checks.bool(name, a);
        return Kernels.binary(op, name, a, b, shape, DType.BOOL);
    }

    public static Tensor logicalNot(Tensor a) {
        Checks.open(a, "logicalNot");
        Checks.bool("logicalNot", a);
        return Kernels.unary(Kernels.UNARY_LOGICAL_NOT, "logicalNot", a, DType.BOOL, 0, 0);
    }

    /** BOOL: true where NaN (never for integer dtypes). */
    public static Tensor isNan(Tensor a) {
        Checks.open(a, "isNan");
        if (!a.dtype().isFloatingPoint()) return Creation.full(0, DType.BOOL, a.device(), T.shape(a));
        return Kernels.unary(Kernels.UNARY_ISNAN, "isNan", a, DType.BOOL, 0, 0);
    }

    /** BOOL: true where neither NaN nor infinite (always for integer dtypes). */
    public static Tensor isFinite(Tensor a) {
        Checks.open(a, "isFinite");
        if (!a.dtype().isFloatingPoint()) return Creation.full(1, DType.BOOL, a.device(), T.shape(a));
        return Kernels.unary(Kernels.UNARY_ISFINITE, "isFinite", a, DType.BOOL, 0, 0);
    }
}
