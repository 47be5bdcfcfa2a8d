package org.nn4j;

/**
 * Element types. {@link #FLOAT32} is the default everywhere; there is no implicit promotion
 * between dtypes (convention K4): mixing them in one op is an error naming both, and
 * {@link Tensor#to(DType)} converts explicitly.
 */
public enum DType {
    FLOAT32(0, 4, "float32"),
    FLOAT64(1, 8, "float64"),
    INT32(2, 4, "int32"),
    INT64(3, 8, "int64"),
    /** One byte per element holding 0 or 1. */
    BOOL(4, 1, "bool");

    private static final DType[] BY_CODE = values();

    private final int code;
    private final int byteSize;
    private final String label;

    DType(int code, int byteSize, String label) {
        this.code = code;
        this.byteSize = byteSize;
        this.label = label;
    }

    /** The native dtype code (NN4J_F32 = 0 ... NN4J_BOOL = 4). */
    public int code() {
        return code;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64;
    }

    public boolean isInteger() {
        return this == INT32 || this == INT64;
    }

    /** The dtype with the given native code. */
    public static DType fromCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown dtype code " + code);
        }
        return BY_CODE[code];
    }

    /** "float32", "float64", "int32", "int64" or "bool". */
    @Override
    public String toString() {
        return label;
    }
}
