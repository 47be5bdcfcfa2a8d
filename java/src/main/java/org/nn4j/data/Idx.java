package org.nn4j.data;

import java.io.BufferedInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.nn4j.DType;
import org.nn4j.Shape;
import org.nn4j.Tensor;

/**
 * Reads and writes the IDX format of the MNIST files: a magic number {0, 0, type, rank}, rank
 * big-endian int32 dimensions, then the elements, big-endian, in C order. Gzip compression is
 * recognised by its signature, whatever the file is called; {@link #write} compresses when the
 * name ends in ".gz".
 */
public final class Idx {
    private Idx() {}

    /** The raw contents of an IDX file (gzipped or not). */
    public static IdxFile read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), file);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "no such file");
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be read: " + e, e);
        }
    }

    /** The raw contents of an IDX stream; source names it in error messages. */
    public static IdxFile read(InputStream in, String source) {
        try {
            return read(in, source, null);
        } catch (IOException e) {
            throw new DataFileException(source, "cannot be read: " + e, e);
        }
    }

    /** Images (N, H, W) as float32 (N, 1, H, W) in [0, 1] (ubyte values divided by 255); (N, C, H, W) stays. */
    public static Tensor readImages(Path file) {
        return readImages(file, true);
    }

    /** Images (N, H, W) as float32 (N, 1, H, W): ubyte values divided by 255 when scale, else raw 0..255. */
    public static Tensor readImages(Path file, boolean scale) {
        return images(read(file), file.toString(), scale);
    }

    /** Labels (N) as int64. */
    public static Tensor readLabels(Path file) {
        return labels(read(file), file.toString());
    }

    static Tensor images(IdxFile f, String source, boolean scale) {
        long[] d = f.dims();
        if (d.length != 3 && d.length != 4) {
            throw new DataFileException(source, "holds " + Shape.format(d) + " " + f.type() + "; images need 3 "
                    + "dimensions (N, H, W) or 4 (N, C, H, W)", null);
        }
        double s = scale && f.type() == IdxType.UBYTE ? 1.0 / 255 : 1;
        return d.length == 4 ? f.toFloatTensor(s, d) : f.toFloatTensor(s, d[0], 1, d[1], d[2]);
    }

    static Tensor labels(IdxFile f, String source) {
        long[] d = f.dims();
        if (d.length != 1 || f.type().dtype() != DType.INT32) {
            throw new DataFileException(source, "holds " + Shape.format(d) + " " + f.type() + "; labels need one "
                    + "dimension (N) of an integer type", null);
        }
        try (Tensor t = f.toTensor()) {
            return t.to(DType.INT64);
        }
    }

    private static IdxFile read(InputStream raw, String source, Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        InputStream s = in;
        boolean gz = b0 == 0x1f && b1 == 0x8b;
        if (gz) s = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        try {
            return parse(s, source, file, gz);
        } catch (EOFException | ZipException e) {
            throw error(source, file, (gz ? "truncated or corrupt gzip data" : "truncated") + " (" + e.getMessage()
                    + ")", e);
        }
    }

    private static IdxFile parse(InputStream in, String source, Path file, boolean gz) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) throw error(source, file, "truncated: " + magic.length + " bytes, shorter than the "
                + "4-byte IDX magic number", null);
        if (magic[0] != 0 || magic[1] != 0) {
            throw error(source, file, String.format("not an IDX file: wrong magic number %02x %02x %02x %02x (an IDX "
                    + "file starts with 00 00, then the type and the rank)%s", magic[0], magic[1], magic[2], magic[3],
                    gz ? "" : "; if it is compressed, only gzip is recognised"), null);
        }
        IdxType type = IdxType.fromCode(magic[2] & 0xFF);
        if (type == null) {
            throw error(source, file, String.format("wrong magic number: unknown IDX element type 0x%02x (known: 08 "
                    + "ubyte, 09 byte, 0b short, 0c int, 0d float, 0e double)", magic[2] & 0xFF), null);
        }
        int rank = magic[3] & 0xFF;
        if (rank == 0) throw error(source, file, "wrong magic number: rank 0 (an IDX file has >= 1 dimension)", null);
        byte[] dimBytes = in.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw error(source, file, "truncated: the header announces " + rank + " dimensions but ends after "
                    + dimBytes.length + " of their " + 4 * rank + " bytes", null);
        }
        long[] dims = new long[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            int d = ((dimBytes[4 * i] & 0xFF) << 24) | ((dimBytes[4 * i + 1] & 0xFF) << 16)
                    | ((dimBytes[4 * i + 2] & 0xFF) << 8) | (dimBytes[4 * i + 3] & 0xFF);
            if (d < 0) throw error(source, file, "corrupt header: dimension " + i + " is " + d, null);
            dims[i] = d;
            count = Math.multiplyHigh(count, d) != 0 ? Long.MAX_VALUE : count * d;
        }
        long bytes = count == Long.MAX_VALUE ? Long.MAX_VALUE : count * type.byteSize();
        if (bytes > Integer.MAX_VALUE - 16) {
            throw error(source, file, "dimensions " + Shape.format(dims) + " of " + type + " need " + bytes
                    + " bytes; files over 2 GB are not supported", null);
        }
        byte[] data = in.readNBytes((int) bytes);
        if (data.length < bytes) {
            throw error(source, file, "truncated: the header announces " + Shape.format(dims) + " " + type
                    + " elements (" + bytes + " bytes of data) but only " + data.length + " bytes follow", null);
        }
        if (in.read() != -1) {
            throw error(source, file, "corrupt: bytes follow the " + bytes + " bytes of data that the header "
                    + Shape.format(dims) + " " + type + " announces", null);
        }
        return new IdxFile(type, dims, data);
    }

    private static DataFileException error(String source, Path file, String problem, Throwable cause) {
        return file != null ? new DataFileException(file, problem, cause) : new DataFileException(source, problem, cause);
    }

    // ----------------------------------------------------------------------------- writing

    /** Writes t in the given IDX type (gzipped when the name ends in ".gz"); values must fit the type. */
    public static void write(Path file, Tensor t, IdxType type) {
        if (t.rank() == 0) throw new IllegalArgumentException("Idx.write: a scalar has no IDX form; reshape to (1)");
        if (t.rank() > 255) throw new IllegalArgumentException("Idx.write: rank " + t.rank() + " > 255");
        long[] dims = t.dims();
        for (long d : dims) {
            if (d > Integer.MAX_VALUE) throw new IllegalArgumentException("Idx.write: dimension " + d + " > 2^31-1");
        }
        boolean gz = file.getFileName().toString().endsWith(".gz");
        try (OutputStream os = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
                     gz ? new GZIPOutputStream(os, 1 << 16) : os, 1 << 16))) {
            out.write(new byte[] {0, 0, (byte) type.code(), (byte) dims.length});
            for (long d : dims) out.writeInt((int) d);
            writeData(out, t, type);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be written: " + e, e);
        }
    }

    private static void writeData(DataOutputStream out, Tensor t, IdxType type) throws IOException {
        switch (type) {
            case FLOAT:
                for (float v : t.toFloatArray()) out.writeFloat(v);
                return;
            case DOUBLE:
                for (double v : t.toDoubleArray()) out.writeDouble(v);
                return;
            default:
                break;
        }
        double[] vals = t.toDoubleArray();
        long lo = type == IdxType.UBYTE ? 0 : type == IdxType.BYTE ? -128 : type == IdxType.SHORT ? -32768
                : Integer.MIN_VALUE;
        long hi = type == IdxType.UBYTE ? 255 : type == IdxType.BYTE ? 127 : type == IdxType.SHORT ? 32767
                : Integer.MAX_VALUE;
        for (int i = 0; i < vals.length; i++) {
            double v = vals[i];
            if (v != Math.rint(v) || v < lo || v > hi) {
                throw new IllegalArgumentException("Idx.write: element " + i + " = " + v + " is not an integer in ["
                        + lo + ", " + hi + "] as " + type + " needs");
            }
            long l = (long) v;
            switch (type) {
                case UBYTE:
                case BYTE: out.writeByte((int) l); break;
                case SHORT: out.writeShort((int) l); break;
                default: out.writeInt((int) l); break;
            }
        }
    }
}
