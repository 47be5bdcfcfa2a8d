package org.nn4j.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.nn4j.DType;
import org.nn4j.Device;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.ops.Creation;

/**
 * The raw contents of an IDX file: its element type, its dimensions and the big-endian data
 * bytes as stored. {@link #toTensor()} converts to a tensor of the type's natural dtype;
 * {@link #toFloatTensor(double)} to float32 scaled by a factor (1/255 for images).
 */
public final class IdxFile {
    private static final int CHUNK = 1 << 20;  // elements converted per host array

    private final IdxType type;
    private final long[] dims;
    private final byte[] data;

    /** data: the big-endian element bytes, prod(dims) * type.byteSize() of them. */
    public IdxFile(IdxType type, long[] dims, byte[] data) {
        long n = Shape.of(dims).numel();
        if (n * type.byteSize() != data.length) {
            throw new IllegalArgumentException("IdxFile: " + data.length + " data bytes do not match dims "
                    + Shape.format(dims) + " of " + type + " (" + n * type.byteSize() + " bytes)");
        }
        this.type = type;
        this.dims = dims.clone();
        this.data = data;
    }

    public IdxType type() {
        return type;
    }

    public long[] dims() {
        return dims.clone();
    }

    /** Number of elements. */
    public long count() {
        return Shape.of(dims).numel();
    }

    /** The big-endian data bytes (the array itself: do not modify). */
    public byte[] rawData() {
        return data;
    }

    /** Element i as a double (unsigned for UBYTE). */
    public double value(long i) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        int at = Math.toIntExact(i * type.byteSize());
        switch (type) {
            case UBYTE: return data[at] & 0xFF;
            case BYTE: return data[at];
            case SHORT: return b.getShort(at);
            case INT: return b.getInt(at);
            case FLOAT: return b.getFloat(at);
            default: return b.getDouble(at);
        }
    }

    /** A tensor of shape dims and dtype type().dtype(): integers as int32, floats as they are. */
    public Tensor toTensor() {
        return convert(dims, type.dtype(), 1);
    }

    /** A float32 tensor of shape dims with every value multiplied by scale. */
    public Tensor toFloatTensor(double scale) {
        return convert(dims, DType.FLOAT32, scale);
    }

    /** As {@link #toFloatTensor(double)} with another shape of the same element count. */
    public Tensor toFloatTensor(double scale, long... shape) {
        if (Shape.of(shape).numel() != count()) {
            throw new IllegalArgumentException("toFloatTensor: shape " + Shape.format(shape) + " does not hold the "
                    + count() + " elements of " + Shape.format(dims));
        }
        return convert(shape, DType.FLOAT32, scale);
    }

    private Tensor convert(long[] shape, DType dtype, double scale) {
        long n = count();
        Tensor out = Creation.empty(dtype, Device.CPU, shape);
        try (Tensor flat = out.reshape(n)) {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
            for (long start = 0; start < n; start += CHUNK) {
                int len = (int) Math.min(CHUNK, n - start);
                try (Tensor part = chunk(b, start, len, dtype, scale); Tensor place = flat.slice(0, start, start + len)) {
                    place.copyFrom(part);
                }
            }
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private Tensor chunk(ByteBuffer b, long start, int len, DType dtype, double scale) {
        int at = Math.toIntExact(start * type.byteSize());
        if (dtype == DType.INT32) {
            int[] v = new int[len];
            for (int i = 0; i < len; i++, at += type.byteSize()) {
                switch (type) {
                    case UBYTE: v[i] = data[at] & 0xFF; break;
                    case BYTE: v[i] = data[at]; break;
                    case SHORT: v[i] = b.getShort(at); break;
                    default: v[i] = b.getInt(at); break;
                }
            }
            return Tensor.of(v, len);
        }
        if (dtype == DType.FLOAT64) {
            double[] v = new double[len];
            for (int i = 0; i < len; i++, at += 8) v[i] = b.getDouble(at) * scale;
            return Tensor.of(v, len);
        }
        float[] v = new float[len];
        if (type == IdxType.UBYTE) {  // the MNIST case: a table of the 256 scaled values
            float[] lut = new float[256];
            for (int k = 0; k < 256; k++) lut[k] = (float) (k * scale);
            for (int i = 0; i < len; i++) v[i] = lut[data[at + i] & 0xFF];
            return Tensor.of(v, len);
        }
        for (int i = 0; i < len; i++, at += type.byteSize()) {
            double x;
            switch (type) {
                case UBYTE: x = data[at] & 0xFF; break;
                case BYTE: x = data[at]; break;
                case SHORT: x = b.getShort(at); break;
                case INT: x = b.getInt(at); break;
                case FLOAT: x = b.getFloat(at); break;
                default: x = b.getDouble(at); break;
            }
            v[i] = (float) (x * scale);
        }
        return Tensor.of(v, len);
    }

    @Override
    public String toString() {
        return "IdxFile(" + type + ", dims=" + Arrays.toString(dims) + ")";
    }
}
