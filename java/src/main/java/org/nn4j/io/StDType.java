package org.nn4j.io;

import org.nn4j.DType;

/**
 * The safetensors dtype names and how nn4j holds each. The five nn4j dtypes map one to one and
 * are written as F32, F64, I32, I64 and BOOL. Narrower types other tools write are widened
 * exactly on reading: F16 and BF16 to float32, I8, U8, I16 and U16 to int32, U32 to int64.
 */
enum StDType {
    F32("F32", 4, DType.FLOAT32),
    F64("F64", 8, DType.FLOAT64),
    I32("I32", 4, DType.INT32),
    I64("I64", 8, DType.INT64),
    BOOL("BOOL", 1, DType.BOOL),
    F16("F16", 2, DType.FLOAT32),
    BF16("BF16", 2, DType.FLOAT32),
    I8("I8", 1, DType.INT32),
    U8("U8", 1, DType.INT32),
    I16("I16", 2, DType.INT32),
    U16("U16", 2, DType.INT32),
    U32("U32", 4, DType.INT64);

    /** Types of the format that nn4j cannot hold exactly (U64 may exceed int64; F8 needs scaling rules). */
    static final String UNSUPPORTED = "U64, F8_E4M3, F8_E5M2";

    final String label;
    final int bytes;
    /** The nn4j dtype a tensor of this type is read into. */
    final DType target;

    StDType(String label, int bytes, DType target) {
        this.label = label;
        this.bytes = bytes;
        this.target = target;
    }

    /** The type nn4j writes for a dtype. */
    static StDType of(DType d) {
        switch (d) {
            case FLOAT32: return F32;
            case FLOAT64: return F64;
            case INT32: return I32;
            case INT64: return I64;
            case BOOL: return BOOL;
            default: throw new IllegalArgumentException("no safetensors type for " + d);
        }
    }

    /** The type with this header name, or null. */
    static StDType parse(String label) {
        for (StDType t : values()) if (t.label.equals(label)) return t;
        return null;
    }

    /** IEEE 754 binary16 to float32 (exact: every half is a float). */
    static float halfToFloat(int h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));  // inf, NaN (payload kept)
        if (exp == 0) {
            if (mant == 0) return Float.intBitsToFloat(sign);                           // +-0
            // subnormal: mant * 2^-24, exact in float32
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** bfloat16 is the upper half of a float32. */
    static float bf16ToFloat(int b) {
        return Float.intBitsToFloat((b & 0xffff) << 16);
    }
}
