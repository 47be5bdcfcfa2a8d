package org.nn4j.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.nn4j.DType;
import org.nn4j.Shape;
import org.nn4j.Tensor;

/**
 * NumPy's .npy format (versions 1.0, 2.0 and 3.0), C order. Element types: f4, f8, i4, i8, u1
 * and b1, little- or big-endian. They read as float32, float64, int32, int64, int32 (nn4j has no
 * uint8; the values 0..255 are kept) and bool. Files are written as NumPy writes them (version
 * 1.0, the header padded to 64 bytes), byte for byte.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final String SUPPORTED = "f4, f8, i4, i8, u1, b1 (little- or big-endian)";

    private Npy() {}

    /** Reads a .npy file into a new tensor. */
    public static Tensor read(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, file);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "no such file");
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be read: " + e, e);
        }
    }

    private static Tensor read(InputStream in, Path file) throws IOException {
        byte[] pre = in.readNBytes(10);
        if (pre.length < 8 || !startsWithMagic(pre)) {
            throw new DataFileException(file, "not a .npy file: it does not start with \\x93NUMPY");
        }
        int major = pre[6] & 0xFF, minor = pre[7] & 0xFF;
        long headerLen;
        if (major == 1) {
            if (pre.length < 10) throw new DataFileException(file, "truncated: the header length is missing");
            headerLen = (pre[8] & 0xFF) | ((pre[9] & 0xFF) << 8);
        } else if (major == 2 || major == 3) {
            byte[] more = in.readNBytes(2);
            if (pre.length < 10 || more.length < 2) {
                throw new DataFileException(file, "truncated: the header length is missing");
            }
            headerLen = ByteBuffer.wrap(new byte[] {pre[8], pre[9], more[0], more[1]}).order(ByteOrder.LITTLE_ENDIAN)
                    .getInt() & 0xFFFFFFFFL;
        } else {
            throw new DataFileException(file, "unsupported .npy format version " + major + "." + minor
                    + " (1.0, 2.0 and 3.0 are supported)");
        }
        if (headerLen > 1 << 20) throw new DataFileException(file, "bad .npy header: length " + headerLen + " bytes");
        byte[] hb = in.readNBytes((int) headerLen);
        if (hb.length < headerLen) {
            throw new DataFileException(file, "truncated: the header should be " + headerLen + " bytes, the file has "
                    + hb.length);
        }
        String text = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader h;
        try {
            h = NpyHeader.parse(text);
        } catch (IllegalArgumentException e) {
            throw new DataFileException(file, e.getMessage());
        }
        if (h.fortranOrder) {
            throw new DataFileException(file, "fortran_order is True (column-major data), which nn4j does not read; "
                    + "save it in C order, e.g. np.save(path, np.ascontiguousarray(a))");
        }
        Elem e = Elem.parse(h.descr);
        if (e == null) {
            throw new DataFileException(file, "unsupported dtype '" + h.descr + "'; supported: " + SUPPORTED
                    + ". Convert first, e.g. a.astype(np.float32)");
        }
        long count = Shape.of(h.shape).numel();
        long bytes = count * e.size;
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new DataFileException(file, "shape " + Shape.format(h.shape) + " of " + h.descr + " is over 2 GB, "
                    + "which is not supported");
        }
        byte[] data = in.readNBytes((int) bytes);
        if (data.length < bytes) {
            throw new DataFileException(file, "truncated: shape " + Shape.format(h.shape) + " of " + h.descr
                    + " needs " + bytes + " bytes of data, the file has " + data.length);
        }
        if (in.read() != -1) {
            throw new DataFileException(file, "corrupt: bytes follow the " + bytes + " bytes of data that shape "
                    + Shape.format(h.shape) + " of " + h.descr + " needs");
        }
        if (h.shape.length > 0) return e.toTensor(data, h.shape, file);
        // Tensor.of reads an empty shape as 1-D: make the 0-d view explicitly
        try (Tensor one = e.toTensor(data, new long[] {1}, file)) {
            return one.reshape();
        }
    }

    private static boolean startsWithMagic(byte[] b) {
        for (int i = 0; i < MAGIC.length; i++) if (b[i] != MAGIC[i]) return false;
        return true;
    }

    // ----------------------------------------------------------------------------- writing

    /** Writes t in its own dtype: float32 '<f4', float64 '<f8', int32 '<i4', int64 '<i8', bool '|b1'. */
    public static void write(Path file, Tensor t) {
        String descr;
        switch (t.dtype()) {
            case FLOAT32: descr = "<f4"; break;
            case FLOAT64: descr = "<f8"; break;
            case INT32: descr = "<i4"; break;
            case INT64: descr = "<i8"; break;
            default: descr = "|b1"; break;
        }
        write(file, t, descr);
    }

    /**
     * Writes t as the given dtype ("f4", "<f8", "u1", ...; little-endian unless '>' is given):
     * values are converted, and must fit an integer type exactly.
     */
    public static void write(Path file, Tensor t, String dtype) {
        Elem e = Elem.parse(dtype.length() == 2 ? (dtype.charAt(0) == 'u' || dtype.charAt(0) == 'b' ? "|" : "<")
                + dtype : dtype);
        if (e == null) throw new IllegalArgumentException("Npy.write: unsupported dtype '" + dtype + "'; supported: "
                + SUPPORTED);
        byte[] data = e.encode(t);
        String header = NpyHeader.format(e.descr(), t.dims());
        byte[] hb = header.getBytes(StandardCharsets.ISO_8859_1);
        int hlen = hb.length + 1;
        int pad = 64 - ((MAGIC.length + 2 + 2 + hlen) % 64);
        if (hlen + pad > 0xFFFF) throw new IllegalArgumentException("Npy.write: header too long for version 1.0");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(MAGIC);
            out.write(new byte[] {1, 0, (byte) ((hlen + pad) & 0xFF), (byte) ((hlen + pad) >>> 8)});
            out.write(hb);
            out.write(" ".repeat(pad).getBytes(StandardCharsets.ISO_8859_1));
            out.write('\n');
            out.write(data);
        } catch (IOException ex) {
            throw new DataFileException(file, "cannot be written: " + ex, ex);
        }
    }

    /** One supported element type. */
    private static final class Elem {
        final char kind;  // f, i, u, b
        final int size;
        final ByteOrder order;

        private Elem(char kind, int size, ByteOrder order) {
            this.kind = kind;
            this.size = size;
            this.order = order;
        }

        /** '<f4', '>i8', '|u1', ...; null when unsupported. */
        static Elem parse(String d) {
            if (d.length() != 3) return null;
            char o = d.charAt(0), k = d.charAt(1), n = d.charAt(2);
            if (o != '<' && o != '>' && o != '|') return null;
            ByteOrder order = o == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            int size = n - '0';
            boolean ok = (k == 'f' && (size == 4 || size == 8)) || (k == 'i' && (size == 4 || size == 8))
                    || ((k == 'u' || k == 'b') && size == 1);
            if (!ok || (o == '|' && size != 1)) return null;
            return new Elem(k, size, order);
        }

        String descr() {
            return (size == 1 ? "|" : order == ByteOrder.BIG_ENDIAN ? ">" : "<") + kind + size;
        }

        Tensor toTensor(byte[] data, long[] shape, Path file) {
            ByteBuffer b = ByteBuffer.wrap(data).order(order);
            int n = data.length / size;
            switch (kind) {
                case 'f':
                    if (size == 4) {
                        float[] v = new float[n];
                        b.asFloatBuffer().get(v);
                        return Tensor.of(v, shape);
                    } else {
                        double[] v = new double[n];
                        b.asDoubleBuffer().get(v);
                        return Tensor.of(v, shape);
                    }
                case 'i':
                    if (size == 4) {
                        int[] v = new int[n];
                        b.asIntBuffer().get(v);
                        return Tensor.of(v, shape);
                    } else {
                        long[] v = new long[n];
                        b.asLongBuffer().get(v);
                        return Tensor.of(v, shape);
                    }
                case 'u': {
                    int[] v = new int[n];
                    for (int i = 0; i < n; i++) v[i] = data[i] & 0xFF;
                    return Tensor.of(v, shape);
                }
                default: {
                    boolean[] v = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        if (data[i] != 0 && data[i] != 1) {
                            throw new DataFileException(file, "corrupt bool data: element " + i + " is byte "
                                    + (data[i] & 0xFF) + " (only 0 and 1 are valid)");
                        }
                        v[i] = data[i] == 1;
                    }
                    return Tensor.of(v, shape);
                }
            }
        }

        byte[] encode(Tensor t) {
            long count = t.numel();
            if (count * size > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("Npy.write: " + t.shape() + " is over 2 GB, which is not supported");
            }
            ByteBuffer b = ByteBuffer.allocate((int) (count * size)).order(order);
            switch (kind) {
                case 'f':
                    if (size == 4) for (float v : t.toFloatArray()) b.putFloat(v);
                    else for (double v : t.toDoubleArray()) b.putDouble(v);
                    break;
                case 'b':
                    for (boolean v : t.toBooleanArray()) b.put((byte) (v ? 1 : 0));
                    break;
                default: {
                    if (t.dtype().isFloatingPoint()) {
                        throw new IllegalArgumentException("Npy.write: " + t.dtype() + " data as " + descr()
                                + " would truncate; convert the tensor with to(DType) first");
                    }
                    long lo = kind == 'u' ? 0 : size == 4 ? Integer.MIN_VALUE : Long.MIN_VALUE;
                    long hi = kind == 'u' ? 255 : size == 4 ? Integer.MAX_VALUE : Long.MAX_VALUE;
                    long[] vals = t.dtype() == DType.BOOL ? boolsAsLongs(t) : t.toLongArray();
                    for (int i = 0; i < vals.length; i++) {
                        long v = vals[i];
                        if (v < lo || v > hi) {
                            throw new IllegalArgumentException("Npy.write: element " + i + " = " + v + " does not fit "
                                    + descr() + " [" + lo + ", " + hi + "]");
                        }
                        if (size == 1) b.put((byte) v);
                        else if (size == 4) b.putInt((int) v);
                        else b.putLong(v);
                    }
                }
            }
            return b.array();
        }

        private static long[] boolsAsLongs(Tensor t) {
            boolean[] v = t.toBooleanArray();
            long[] out = new long[v.length];
            for (int i = 0; i < v.length; i++) out[i] = v[i] ? 1 : 0;
            return out;
        }
    }
}
