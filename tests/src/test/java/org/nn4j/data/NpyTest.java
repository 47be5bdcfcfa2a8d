package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.DType;
import org.nn4j.Shape;
import org.nn4j.Tensor;

/**
 * .npy reading and writing: round trips of every dtype, files written by NumPy (fixtures made by
 * npy/make_fixtures.py, values v(i) = (7i mod 11) - 3) and one built here byte by byte from the
 * format's description; corrupt and unsupported files are refused with the file named.
 */
class NpyTest {
    @TempDir
    Path dir;

    private static Path fixture(String name) {
        try {
            return Paths.get(NpyTest.class.getResource("npy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixtures' formula, v(i) = (7i mod 11) - 3. */
    private static double[] v(int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = (i * 7) % 11 - 3;
        return out;
    }

    @Test
    void readsWhatNumPyWrote() {
        try (Tensor t = Npy.read(fixture("f4_2x3.npy"))) {
            assertEquals(DType.FLOAT32, t.dtype());
            assertEquals(Shape.of(2, 3), t.shape());
            assertArrayEquals(Arrays.stream(v(6)).map(x -> x / 4).toArray(), t.toDoubleArray());
        }
        try (Tensor t = Npy.read(fixture("f8_4.npy"))) {
            assertEquals(DType.FLOAT64, t.dtype());
            assertArrayEquals(Arrays.stream(v(4)).map(x -> x / 8).toArray(), t.toDoubleArray());
        }
        try (Tensor t = Npy.read(fixture("i4_3x1x2.npy"))) {
            assertEquals(DType.INT32, t.dtype());
            assertEquals(Shape.of(3, 1, 2), t.shape());
            assertArrayEquals(v(6), t.toDoubleArray());
        }
        try (Tensor t = Npy.read(fixture("i8_5.npy"))) {
            assertEquals(DType.INT64, t.dtype());
            assertArrayEquals(Arrays.stream(v(5)).mapToLong(x -> (long) x * 1_000_000_000_000L).toArray(), t.toLongArray());
        }
        try (Tensor t = Npy.read(fixture("u1_2x2.npy"))) {
            assertEquals(DType.INT32, t.dtype(), "u1 widens to int32");
            assertArrayEquals(Arrays.stream(v(4)).map(x -> x + 3).toArray(), t.toDoubleArray());
        }
        try (Tensor t = Npy.read(fixture("b1_3.npy"))) {
            assertEquals(DType.BOOL, t.dtype());
            assertArrayEquals(new boolean[] {false, true, false}, t.toBooleanArray());
        }
        try (Tensor t = Npy.read(fixture("f4_scalar.npy"))) {
            assertEquals(0, t.rank());
            assertEquals(2.5, t.item());
        }
        try (Tensor t = Npy.read(fixture("f8_big_endian_2x2.npy"))) {
            assertArrayEquals(v(4), t.toDoubleArray(), "big-endian data");
        }
    }

    @Test
    void writesWhatNumPyWrites() throws Exception {
        String[] names = {"f4_2x3.npy", "f8_4.npy", "i4_3x1x2.npy", "i8_5.npy", "b1_3.npy", "f4_scalar.npy"};
        for (String name : names) {
            Path out = dir.resolve(name);
            try (Tensor t = Npy.read(fixture(name))) {
                Npy.write(out, t);
            }
            assertArrayEquals(Files.readAllBytes(fixture(name)), Files.readAllBytes(out), "byte for byte: " + name);
        }
        Path u1 = dir.resolve("u1.npy");
        try (Tensor t = Npy.read(fixture("u1_2x2.npy"))) {
            Npy.write(u1, t, "u1");
        }
        assertArrayEquals(Files.readAllBytes(fixture("u1_2x2.npy")), Files.readAllBytes(u1), "u1 on request");
    }

    @Test
    void roundTripsEveryDtype() {
        Tensor[] ts = {Tensor.randn(1, 3, 5), Tensor.randn(2, 7).to(DType.FLOAT64), Tensor.arange(-5, 7, 1, DType.INT32)
                .reshape(3, 4), Tensor.of(new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}, 2, 2),
                Tensor.of(new boolean[] {true, false, true}, 3), Tensor.zeros(0, 3)};
        for (Tensor t : ts) {
            Path f = dir.resolve("t.npy");
            Npy.write(f, t);
            try (Tensor r = Npy.read(f)) {
                assertEquals(t.shape(), r.shape());
                assertEquals(t.dtype(), r.dtype());
                assertArrayEquals(t.toDoubleArray(), r.toDoubleArray(), t.toString());
            }
            t.close();
        }
        try (Tensor t = Tensor.randn(3, 4, 2)) {
            Path f = dir.resolve("be.npy");
            Npy.write(f, t, ">f8");
            try (Tensor r = Npy.read(f)) {
                assertEquals(DType.FLOAT64, r.dtype());
                assertArrayEquals(t.toDoubleArray(), r.toDoubleArray());
            }
        }
    }

    /** A version 2.0 file with a 4-byte header length, assembled from the format description. */
    @Test
    void readsAFileBuiltByHand() throws Exception {
        String header = "{'descr': '<i8', 'shape': (2, 2), 'fortran_order': False}";
        int total = 12 + header.length() + 1;
        String padded = header + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0});
        b.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(padded.length()).array());
        b.write(padded.getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer data = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : new long[] {10, -20, 30, 1L << 40}) data.putLong(x);
        b.write(data.array());
        Path f = dir.resolve("hand.npy");
        Files.write(f, b.toByteArray());
        try (Tensor t = Npy.read(f)) {
            assertEquals(Shape.of(2, 2), t.shape());
            assertArrayEquals(new long[] {10, -20, 30, 1L << 40}, t.toLongArray());
        }
    }

    @Test
    void refusesWhatItCannotRead() throws Exception {
        expectError(fixture("i4_fortran_2x3.npy"), "fortran_order");
        expectError(fixture("c8_2.npy"), "unsupported dtype '<c8'");
        Path good = fixture("f4_2x3.npy");
        byte[] bytes = Files.readAllBytes(good);
        expectError(write("truncated.npy", Arrays.copyOf(bytes, bytes.length - 3)), "truncated");
        expectError(write("extra.npy", Arrays.copyOf(bytes, bytes.length + 4)), "bytes follow");
        byte[] magic = bytes.clone();
        magic[1] = 'X';
        expectError(write("magic.npy", magic), "not a .npy file");
        byte[] version = bytes.clone();
        version[6] = 9;
        expectError(write("version.npy", version), "version 9.0");
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        expectError(write("noshape.npy", text.replace("'shape'", "'shope'").getBytes(StandardCharsets.ISO_8859_1)),
                "unknown key 'shope'");
        expectError(write("brace.npy", text.replace("(2, 3), }", "(2, 3), ]").getBytes(StandardCharsets.ISO_8859_1)),
                "bad .npy header");
        expectError(write("shortheader.npy", Arrays.copyOf(bytes, 40)), "truncated");
        expectError(dir.resolve("absent.npy"), "no such file");
        try (Tensor t = Tensor.of(new int[] {1, 256}, 2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Npy.write(dir.resolve("u.npy"), t, "u1"));
            assertTrue(e.getMessage().contains("256"), e.getMessage());
        }
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static void expectError(Path f, String problem) {
        DataFileException e = assertThrows(DataFileException.class, () -> Npy.read(f).close());
        assertTrue(e.getMessage().contains(problem), "expected '" + problem + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), "names the file: " + e.getMessage());
        assertEquals(f, e.file());
    }
}
