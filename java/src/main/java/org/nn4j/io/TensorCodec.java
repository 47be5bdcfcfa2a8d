package org.nn4j.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.NoGradScope;

/**
 * Tensor values as little-endian bytes, row-major, in chunks of {@link #CHUNK} bytes so that no
 * second full-size byte copy is ever made. Values go through Java arrays, so the byte order
 * is that of the format whatever the machine's.
 */
final class TensorCodec {
    static final int CHUNK = 1 << 20;
    /** Java arrays hold at most about 2^31 elements. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 16;

    private TensorCodec() {}

    /** Writes t's values (any layout, any device) in the safetensors encoding of its dtype. */
    static void write(Tensor t, OutputStream out) throws IOException {
        long n = t.numel();
        if (n == 0) return;
        int size = t.dtype().byteSize();
        int perChunk = CHUNK / size;
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min((long) perChunk * size, n * size)).order(ByteOrder.LITTLE_ENDIAN);
        try (NoGradScope ng = Autograd.noGrad()) {
            switch (t.dtype()) {
                case FLOAT32: {
                    float[] a = t.toFloatArray();
                    for (int i = 0; i < a.length; i += perChunk) {
                        int k = Math.min(perChunk, a.length - i);
                        buf.clear();
                        buf.asFloatBuffer().put(a, i, k);
                        out.write(buf.array(), 0, k * size);
                    }
                    break;
                }
                case FLOAT64: {
                    double[] a = t.toDoubleArray();
                    for (int i = 0; i < a.length; i += perChunk) {
                        int k = Math.min(perChunk, a.length - i);
                        buf.clear();
                        buf.asDoubleBuffer().put(a, i, k);
                        out.write(buf.array(), 0, k * size);
                    }
                    break;
                }
                case INT32: {
                    int[] a = t.toIntArray();
                    for (int i = 0; i < a.length; i += perChunk) {
                        int k = Math.min(perChunk, a.length - i);
                        buf.clear();
                        buf.asIntBuffer().put(a, i, k);
                        out.write(buf.array(), 0, k * size);
                    }
                    break;
                }
                case INT64: {
                    long[] a = t.toLongArray();
                    for (int i = 0; i < a.length; i += perChunk) {
                        int k = Math.min(perChunk, a.length - i);
                        buf.clear();
                        buf.asLongBuffer().put(a, i, k);
                        out.write(buf.array(), 0, k * size);
                    }
                    break;
                }
                case BOOL: {
                    boolean[] a = t.toBooleanArray();
                    byte[] b = buf.array();
                    for (int i = 0; i < a.length; i += perChunk) {
                        int k = Math.min(perChunk, a.length - i);
                        for (int j = 0; j < k; j++) b[j] = a[i + j] ? (byte) 1 : 0;
                        out.write(b, 0, k);
                    }
                    break;
                }
                default:
                    throw new IllegalArgumentException("cannot encode " + t.dtype());
            }
        }
    }

    /** Reads one tensor of the given file type and shape (numel checked by the caller) into its nn4j dtype. */
    static Tensor read(InputStream in, StDType type, long[] shape, long numel) throws IOException {
        int n = (int) numel;
        long[] flat = {numel};
        int size = type.bytes;
        int perChunk = CHUNK / size;
        byte[] raw = new byte[(int) Math.min((long) perChunk * size, Math.max(1L, numel * size))];
        ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        switch (type.target) {
            case FLOAT32: {
                float[] a = new float[n];
                for (int i = 0; i < n; i += perChunk) {
                    int k = Math.min(perChunk, n - i);
                    fill(in, raw, k * size);
                    buf.clear();
                    if (type == StDType.F32) buf.asFloatBuffer().get(a, i, k);
                    else if (type == StDType.F16) for (int j = 0; j < k; j++) a[i + j] = StDType.halfToFloat(buf.getShort(2 * j));
                    else for (int j = 0; j < k; j++) a[i + j] = StDType.bf16ToFloat(buf.getShort(2 * j));
                }
                return shaped(Tensor.of(a, flat), shape);
            }
            case FLOAT64: {
                double[] a = new double[n];
                for (int i = 0; i < n; i += perChunk) {
                    int k = Math.min(perChunk, n - i);
                    fill(in, raw, k * size);
                    buf.clear();
                    buf.asDoubleBuffer().get(a, i, k);
                }
                return shaped(Tensor.of(a, flat), shape);
            }
            case INT32: {
                int[] a = new int[n];
                for (int i = 0; i < n; i += perChunk) {
                    int k = Math.min(perChunk, n - i);
                    fill(in, raw, k * size);
                    buf.clear();
                    for (int j = 0; j < k; j++) {
                        switch (type) {
                            case I32: a[i + j] = buf.getInt(4 * j); break;
                            case I16: a[i + j] = buf.getShort(2 * j); break;
                            case U16: a[i + j] = buf.getShort(2 * j) & 0xffff; break;
                            case I8: a[i + j] = raw[j]; break;
                            default: a[i + j] = raw[j] & 0xff; break;  // U8
                        }
                    }
                }
                return shaped(Tensor.of(a, flat), shape);
            }
            case INT64: {
                long[] a = new long[n];
                for (int i = 0; i < n; i += perChunk) {
                    int k = Math.min(perChunk, n - i);
                    fill(in, raw, k * size);
                    buf.clear();
                    if (type == StDType.I64) buf.asLongBuffer().get(a, i, k);
                    else for (int j = 0; j < k; j++) a[i + j] = buf.getInt(4 * j) & 0xffffffffL;  // U32
                }
                return shaped(Tensor.of(a, flat), shape);
            }
            case BOOL: {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i += perChunk) {
                    int k = Math.min(perChunk, n - i);
                    fill(in, raw, k);
                    for (int j = 0; j < k; j++) a[i + j] = raw[j] != 0;
                }
                return shaped(Tensor.of(a, flat), shape);
            }
            default:
                throw new IllegalArgumentException("cannot decode " + type.label);
        }
    }

    /** The 1-D tensor read, in its real shape (Tensor.of cannot make scalars: no shape means 1-D). */
    private static Tensor shaped(Tensor t, long[] shape) {
        if (shape.length == 1) return t;
        try (Tensor owner = t) {
            return owner.reshape(shape);
        }
    }

    private static void fill(InputStream in, byte[] b, int len) throws IOException {
        int got = in.readNBytes(b, 0, len);
        if (got < len) throw new EOFException("the data ends " + (len - got) + " bytes early");
    }
}
