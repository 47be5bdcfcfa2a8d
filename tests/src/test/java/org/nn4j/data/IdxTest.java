package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;

/** IDX reading and writing, gzipped or not, and the refusal of corrupt files. */
class IdxTest {
    @TempDir
    Path dir;

    @Test
    void imagesAndLabelsRoundTrip() {
        for (String name : new String[] {"images-idx3-ubyte", "images-idx3-ubyte.gz"}) {
            try (Scope s = Scope.open()) {
                Tensor raw = Tensor.rand(4, 5, 7, 3).mul(256).floor();  // (N, H, W) of bytes 0..255
                Tensor labels = Tensor.of(new long[] {3, 0, 9, 1, 255}, 5);
                Path fx = dir.resolve(name), fy = dir.resolve("labels-" + name);
                Idx.write(fx, raw, IdxType.UBYTE);
                Idx.write(fy, labels, IdxType.UBYTE);
                Tensor x = Idx.readImages(fx);
                assertEquals(Shape.of(5, 1, 7, 3), x.shape());
                assertEquals(DType.FLOAT32, x.dtype());
                assertArrayEquals(raw.div(255).toFloatArray(), x.toFloatArray(), 1e-7f, "scaled to [0, 1]");
                assertArrayEquals(raw.toFloatArray(), Idx.readImages(fx, false).toFloatArray(), "raw 0..255");
                Tensor y = Idx.readLabels(fy);
                assertEquals(DType.INT64, y.dtype());
                assertArrayEquals(labels.toLongArray(), y.toLongArray());
                IdxFile f = Idx.read(fx);
                assertEquals(IdxType.UBYTE, f.type());
                assertArrayEquals(new long[] {5, 7, 3}, f.dims());
                assertEquals(raw.toFloatArray()[17], f.value(17));
            }
        }
    }

    @Test
    void everyElementTypeRoundTrips() {
        try (Scope s = Scope.open()) {
            Tensor ints = Tensor.of(new int[] {-128, -1, 0, 5, 127, 100}, 2, 3);
            Tensor shorts = Tensor.of(new int[] {-32768, 32767, 0, 12}, 4);
            Tensor big = Tensor.of(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 7}, 3, 1);
            Tensor floats = Tensor.randn(5, 2, 3, 2);
            Tensor doubles = Tensor.randn(6, 4).to(DType.FLOAT64);
            Object[][] cases = {{ints, IdxType.BYTE}, {shorts, IdxType.SHORT}, {big, IdxType.INT},
                    {floats, IdxType.FLOAT}, {doubles, IdxType.DOUBLE}};
            for (Object[] c : cases) {
                Tensor t = (Tensor) c[0];
                IdxType type = (IdxType) c[1];
                Path f = dir.resolve(type + ".idx.gz");
                Idx.write(f, t, type);
                IdxFile r = Idx.read(f);
                assertEquals(type, r.type());
                Tensor back = r.toTensor();
                assertEquals(t.shape(), back.shape(), type.toString());
                assertEquals(type.dtype(), back.dtype());
                assertArrayEquals(t.toDoubleArray(), back.toDoubleArray(), type.toString());
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Idx.write(dir.resolve("bad"), Tensor.of(new int[] {0, 300}, 2), IdxType.UBYTE));
            assertTrue(e.getMessage().contains("300"), e.getMessage());
        }
    }

    @Test
    void corruptFilesAreRefusedNamingFileAndProblem() throws Exception {
        byte[] good = idx(new byte[] {0, 0, 8, 3}, new int[] {2, 3, 3}, 18);
        expectError(write("ok-then-truncated", Arrays.copyOf(good, good.length - 5)),
                "truncated: the header announces (2, 3, 3) UBYTE elements (18 bytes of data) but only 13");
        byte[] magic = good.clone();
        magic[0] = 0x1a;
        expectError(write("magic", magic), "wrong magic number 1a 00 08 03");
        byte[] type = good.clone();
        type[2] = 0x07;
        expectError(write("type", type), "unknown IDX element type 0x07");
        expectError(write("extra", Arrays.copyOf(good, good.length + 2)), "bytes follow");
        expectError(write("short-header", Arrays.copyOf(good, 9)), "truncated: the header announces 3 dimensions");
        expectError(write("tiny", new byte[] {0, 0}), "truncated");
        expectError(dir.resolve("absent"), "no such file");
        // a gzip file cut short
        Path gz = dir.resolve("x.gz");
        try (Tensor t = Tensor.rand(1, 50, 28, 28).mul(255).floor()) {
            Idx.write(gz, t, IdxType.UBYTE);
        }
        byte[] z = Files.readAllBytes(gz);
        expectError(write("cut.gz", Arrays.copyOf(z, z.length / 2)), "truncated or corrupt gzip data");
        // images need (N, H, W)
        Path labels = dir.resolve("labels");
        try (Tensor t = Tensor.of(new int[] {1, 2}, 2)) {
            Idx.write(labels, t, IdxType.UBYTE);
        }
        DataFileException e = assertThrows(DataFileException.class, () -> Idx.readImages(labels));
        assertTrue(e.getMessage().contains("images need 3 dimensions"), e.getMessage());
    }

    private static byte[] idx(byte[] magic, int[] dims, int dataBytes) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.write(magic);
        for (int d : dims) out.writeInt(d);
        for (int i = 0; i < dataBytes; i++) out.writeByte(i);
        return b.toByteArray();
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static void expectError(Path f, String problem) {
        DataFileException e = assertThrows(DataFileException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains(problem), "expected '" + problem + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), "names the file: " + e.getMessage());
    }
}
