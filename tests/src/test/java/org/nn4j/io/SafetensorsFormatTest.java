package org.nn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.DType;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;

/**
 * The safetensors encoding, checked against files built byte by byte in the tests (so that what
 * nn4j writes is what the format's other readers expect, and what they write nn4j reads), plus
 * every way a damaged file is reported.
 */
class SafetensorsFormatTest {
    @TempDir
    Path dir;

    /** A file as another tool could write it: metadata, header order unlike data order. */
    @Test
    void readsAFileBuiltByHand() throws Exception {
        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"b\":{\"dtype\":\"I64\",\"shape\":[3],\"data_offsets\":[16,40]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}";
        byte[] bytes = new Bytes().header(json)
                .f32(1.5f).f32(-2f).f32(0.1f).f32(Float.MIN_VALUE)
                .le64(-1).le64(Long.MAX_VALUE).le64(7).array();
        Path f = write("hand.safetensors", bytes);
        try (Scope s = Scope.open(); NamedTensors t = Safetensors.load(f)) {
            assertEquals(List.of("b", "a"), List.copyOf(t.tensors().keySet()), "header order");
            assertEquals(Map.of("format", "pt"), t.metadata());
            Tensor a = t.get("a");
            assertEquals(DType.FLOAT32, a.dtype());
            assertArrayEquals(new long[] {2, 2}, a.dims());
            assertArrayEquals(bits(1.5f, -2f, 0.1f, Float.MIN_VALUE), bits(a.toFloatArray()));
            Tensor b = t.get("b");
            assertEquals(DType.INT64, b.dtype());
            assertArrayEquals(new long[] {-1, Long.MAX_VALUE, 7}, b.toLongArray());
        }
    }

    /**
     * Every dtype nn4j has, a scalar and an empty tensor, written exactly as specified: compact
     * JSON padded with spaces to 8 bytes, the data of 8-byte types first, then 4-byte, then
     * 1-byte ones (so every tensor is aligned to its element size, as the reference writer does),
     * each little-endian, back to back; the header keeps the order given.
     */
    @Test
    void writesTheExactBytesOfTheFormat() throws Exception {
        try (Scope s = Scope.open()) {
            Map<String, Tensor> m = new LinkedHashMap<>();
            m.put("w", Tensor.of(new float[] {1f, -0.5f, 3.25f, 0f, -0f, 1e-3f}, 2, 3));
            m.put("ids", Tensor.of(new long[] {Long.MIN_VALUE, 5}, 2));
            m.put("mask", Tensor.of(new boolean[] {true, false, true}, 3));
            m.put("s", Tensor.scalar(0.25, DType.FLOAT64));
            m.put("n", Tensor.zeros(DType.INT32, 0, 2));
            m.put("k", Tensor.of(new int[] {-7}, 1));
            Map<String, String> meta = Map.of("producer", "test");
            String json = "{\"__metadata__\":{\"producer\":\"test\"},"
                    + "\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[24,48]},"
                    + "\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                    + "\"mask\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[52,55]},"
                    + "\"s\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[16,24]},"
                    + "\"n\":{\"dtype\":\"I32\",\"shape\":[0,2],\"data_offsets\":[48,48]},"
                    + "\"k\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[48,52]}}";
            byte[] expected = new Bytes().header(json)
                    .le64(Long.MIN_VALUE).le64(5)
                    .f64(0.25)
                    .f32(1f).f32(-0.5f).f32(3.25f).f32(0f).f32(-0f).f32(1e-3f)
                    .le32(-7)
                    .u8(1).u8(0).u8(1).array();
            assertEquals(0, (expected.length - 55) % 8, "the data starts on an 8-byte boundary");

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Safetensors.write(out, m, meta);
            assertArrayEquals(expected, out.toByteArray());
            Path f = dir.resolve("exact.safetensors");
            Safetensors.save(f, m, meta);
            assertArrayEquals(expected, Files.readAllBytes(f));

            try (NamedTensors back = Safetensors.load(f)) {
                assertEquals(List.copyOf(m.keySet()), List.copyOf(back.tensors().keySet()));
                assertEquals(0, back.get("s").rank(), "a scalar stays rank 0");
                assertEquals(0.25, back.get("s").item());
                assertArrayEquals(new long[] {0, 2}, back.get("n").dims());
                assertArrayEquals(new boolean[] {true, false, true}, back.get("mask").toBooleanArray());
            }
        }
    }

    /** Special values keep their exact bits; a tensor larger than the 1 MiB copy chunk survives whole. */
    @Test
    void roundTripsEveryDTypeBitForBit() throws Exception {
        try (Scope s = Scope.open()) {
            float[] f = {Float.NaN, Float.intBitsToFloat(0x7fc00123), -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.MIN_VALUE, Float.MAX_VALUE, -1.1754942E-38f};
            double[] d = {Double.NaN, -0d, Double.MIN_VALUE, -Double.MAX_VALUE, Math.PI, Double.NEGATIVE_INFINITY};
            int n = 7 * 37450;  // 1 MiB + 24 bytes of float32
            float[] big = new float[n];
            SplittableRandom r = new SplittableRandom(11);
            for (int i = 0; i < n; i++) big[i] = (float) r.nextGaussian();
            Map<String, Tensor> m = new LinkedHashMap<>();
            m.put("f", Tensor.of(f, 2, 4));
            m.put("d", Tensor.of(d, 3, 2));
            m.put("i", Tensor.of(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0}, 3, 1));
            m.put("l", Tensor.of(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, 1, 2));
            m.put("b", Tensor.of(new boolean[] {false, true, true, false, true}, 5));
            m.put("big", Tensor.of(big, 7, n / 7));
            // a transposed view: written in its logical (row-major) order
            Tensor base = Tensor.arange(12, DType.FLOAT32).reshape(3, 4);
            m.put("view", base.t());
            Path file = dir.resolve("all.safetensors");
            Safetensors.save(file, m);
            try (NamedTensors t = Safetensors.load(file)) {
                assertArrayEquals(bits(f), bits(t.get("f").toFloatArray()));
                assertArrayEquals(bits(d), bits(t.get("d").toDoubleArray()));
                assertArrayEquals(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0}, t.get("i").toIntArray());
                assertArrayEquals(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, t.get("l").toLongArray());
                assertArrayEquals(new boolean[] {false, true, true, false, true}, t.get("b").toBooleanArray());
                assertArrayEquals(bits(big), bits(t.get("big").toFloatArray()));
                assertArrayEquals(new long[] {4, 3}, t.get("view").dims());
                assertArrayEquals(base.t().contiguous().toFloatArray(), t.get("view").toFloatArray());
                for (String k : m.keySet()) assertEquals(m.get(k).dtype(), t.get(k).dtype(), k);
            }
        }
    }

    /** Types other tools write that nn4j widens exactly: F16, BF16 to float32; I8, U8, I16, U16 to int32; U32 to int64. */
    @Test
    void widensNarrowTypesExactly() throws Exception {
        String json = "{\"h\":{\"dtype\":\"F16\",\"shape\":[6],\"data_offsets\":[0,12]},"
                + "\"bf\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[12,16]},"
                + "\"u32\":{\"dtype\":\"U32\",\"shape\":[2],\"data_offsets\":[16,24]},"
                + "\"i16\":{\"dtype\":\"I16\",\"shape\":[2],\"data_offsets\":[24,28]},"
                + "\"u16\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[28,30]},"
                + "\"i8\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[30,32]},"
                + "\"u8\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[32,34]}}";
        byte[] bytes = new Bytes().header(json)
                .le16(0x3c00).le16(0xc000).le16(0x0001).le16(0x7c00).le16(0x7bff).le16(0x8000)
                .le16(0x3f80).le16(0xc049)
                .le32(0xffffffff).le32(7)
                .le16(0x8000).le16(0x7fff)
                .le16(0xffff)
                .u8(0x80).u8(0x7f)
                .u8(0xff).u8(0).array();
        Path f = write("narrow.safetensors", bytes);
        try (Scope s = Scope.open(); NamedTensors t = Safetensors.load(f)) {
            assertEquals(DType.FLOAT32, t.get("h").dtype());
            assertArrayEquals(bits(1f, -2f, 0x1p-24f, Float.POSITIVE_INFINITY, 65504f, -0f), bits(t.get("h").toFloatArray()));
            assertArrayEquals(new float[] {1f, -3.140625f}, t.get("bf").toFloatArray());
            assertEquals(DType.INT64, t.get("u32").dtype());
            assertArrayEquals(new long[] {4294967295L, 7}, t.get("u32").toLongArray());
            assertEquals(DType.INT32, t.get("i16").dtype());
            assertArrayEquals(new int[] {-32768, 32767}, t.get("i16").toIntArray());
            assertArrayEquals(new int[] {65535}, t.get("u16").toIntArray());
            assertArrayEquals(new int[] {-128, 127}, t.get("i8").toIntArray());
            assertArrayEquals(new int[] {255, 0}, t.get("u8").toIntArray());
        }
    }

    /** Every one of the 65536 half-precision values against value = (-1)^s * 2^(e-15) * (1 + m/1024) (e = 0: 2^-14 * m/1024). */
    @Test
    void halfPrecisionConversionMatchesItsDefinitionForEveryValue() {
        for (int h = 0; h < 1 << 16; h++) {
            int sign = h >>> 15, e = (h >>> 10) & 0x1f, m = h & 0x3ff;
            float got = StDType.halfToFloat(h);
            if (e == 0x1f) {
                if (m == 0) assertEquals(sign == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY, got, "half " + h);
                else assertTrue(Float.isNaN(got), "half " + h);
                continue;
            }
            double mag = e == 0 ? Math.scalb((double) m, -24) : Math.scalb(1 + m / 1024.0, e - 15);
            double expected = sign == 1 ? -mag : mag;
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(got), "half 0x" + Integer.toHexString(h));
        }
    }

    // ---- damaged and foreign files --------------------------------------------------------------

    private static final String ONE = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

    @Test
    void damagedFilesNameTheFileAndTheProblem() throws Exception {
        bad("short", new byte[] {1, 2, 3}, "has only 3 bytes");
        bad("huge_length", new Bytes().le64(1L << 40).ascii("{}").array(), "header length of");
        bad("length_past_end", new Bytes().le64(64).ascii("{}      ").array(), "truncated");
        bad("not_json_object", new Bytes().header("[1,2]").array(), "must start with '{'");
        bad("broken_json", new Bytes().header("{\"a\":{\"dtype\":\"F32\",").array(), "not valid JSON");
        bad("garbage_after_json", new Bytes().header("{} x").array(), "not valid JSON");
        bad("bad_utf8", new Bytes().le64(8).u8('{').u8(0xff).u8(0xfe).ascii("}    ").array(), "not valid UTF-8");
        bad("unknown_dtype", new Bytes().header("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}").u8(0)
                .array(), "dtype 'F8_E4M3'");
        bad("size_mismatch", new Bytes().header("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}").le64(0)
                .array(), "needs 12 bytes");
        bad("overlap", new Bytes().header("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}").le64(0).array(), "overlapping");
        bad("gap", new Bytes().header("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}").le64(0).array(),
                "a gap");
        bad("negative_shape", new Bytes().header("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}").array(),
                "negative");
        bad("missing_offsets", new Bytes().header("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}").array(), "lacks data_offsets");
        bad("duplicate", new Bytes().header("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}").le64(0).array(), "names 'a' twice");
        bad("metadata_number", new Bytes().header("{\"__metadata__\":{\"n\":1}}").array(), "not a string");
        bad("truncated_data", new Bytes().header(ONE).f32(1).array(), "truncated");
        bad("trailing_bytes", new Bytes().header(ONE).f32(1).f32(2).u8(9).array(), "1 bytes after the tensor data");
    }

    /** A zip entry has no file size to check first: the stream's own end shows truncation and extra bytes. */
    @Test
    void streamsWithoutAKnownSizeAreCheckedToo() throws Exception {
        Path f = Path.of("model.zip");
        byte[] cut = new Bytes().header(ONE).f32(1).array();
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> Safetensors.read(new ByteArrayInputStream(cut), -1, Source.entry(f, "weights.safetensors")));
        assertTrue(e.getMessage().startsWith("model.zip: entry weights.safetensors: truncated"), e.getMessage());
        byte[] extra = new Bytes().header(ONE).f32(1).f32(2).u8(0).array();
        e = assertThrows(ModelFileException.class,
                () -> Safetensors.read(new ByteArrayInputStream(extra), -1, Source.entry(f, "weights.safetensors")));
        assertTrue(e.getMessage().contains("bytes after the tensor data"), e.getMessage());
    }

    @Test
    void badArgumentsAreRejectedBeforeTheFileIsTouched() {
        Path f = dir.resolve("never.safetensors");
        try (Scope s = Scope.open()) {
            Map<String, Tensor> reserved = Map.of("__metadata__", Tensor.zeros(1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Safetensors.save(f, reserved));
            assertTrue(e.getMessage().contains("reserved"), e.getMessage());
            Tensor closed = Tensor.zeros(2);
            closed.close();
            e = assertThrows(IllegalArgumentException.class, () -> Safetensors.save(f, Map.of("x", closed)));
            assertTrue(e.getMessage().contains("'x' is closed"), e.getMessage());
        }
        assertFalse(Files.exists(f));
    }

    @Test
    void loadingAndSavingLeaveNoNativeMemoryBehind() throws Exception {
        Path f = dir.resolve("mem.safetensors");
        try (Tensor a = Tensor.randn(3, 17, 5); Tensor b = Tensor.of(new long[] {1, 2, 3}, 3)) {
            long base = org.nn4j.testing.LiveBytes.settle();
            for (int i = 0; i < 3; i++) {
                Safetensors.save(f, Map.of("a", a, "b", b));
                try (NamedTensors t = Safetensors.load(f)) {
                    assertEquals(2, t.size());
                }
                assertThrows(ModelFileException.class, () -> Safetensors.load(write("trunc.safetensors",
                        java.util.Arrays.copyOf(Files.readAllBytes(f), 100))));
            }
            org.nn4j.testing.LiveBytes.assertNoGrowth(base, "leak check");
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void bad(String name, byte[] bytes, String fragment) throws Exception {
        Path f = write(name + ".safetensors", bytes);
        ModelFileException e = assertThrows(ModelFileException.class, () -> Safetensors.load(f), name);
        assertTrue(e.getMessage().startsWith(f + ": "), name + ": the message names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(fragment), name + ": expected '" + fragment + "' in: " + e.getMessage());
        assertEquals(f, e.file());
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    static int[] bits(float... v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Float.floatToRawIntBits(v[i]);
        return b;
    }

    static long[] bits(double... v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Double.doubleToRawLongBits(v[i]);
        return b;
    }
}
