package org.nn4j.data;

import org.nn4j.DType;

/** The element types of the IDX format (the third magic byte) and the tensor dtype each reads as. */
public enum IdxType {
    UBYTE(0x08, 1, DType.INT32),
    BYTE(0x09, 1, DType.INT32),
    SHORT(0x0B, 2, DType.INT32),
    INT(0x0C, 4, DType.INT32),
    FLOAT(0x0D, 4, DType.FLOAT32),
    DOUBLE(0x0E, 8, DType.FLOAT64);

    private final int code;
    private final int bytes;
    private final DType dtype;

    IdxType(int code, int bytes, DType dtype) {
        this.code = code;
        this.bytes = bytes;
        this.dtype = dtype;
    }

    /** The type byte in the file's magic number. */
    public int code() {
        return code;
    }

    /** Bytes per element. */
    public int byteSize() {
        return bytes;
    }

    /** The dtype {@link IdxFile#toTensor()} gives (integers widen to int32). */
    public DType dtype() {
        return dtype;
    }

    /** The type with this code, or null. */
    static IdxType fromCode(int code) {
        for (IdxType t : values()) if (t.code == code) return t;
        return null;
    }
}
