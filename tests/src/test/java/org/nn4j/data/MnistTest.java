package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;

/**
 * The embedded MNIST (from the "mnist" classifier jar) and Fashion-MNIST from its Debian package
 * directory. Expected values: the MD5s in the files' README, and MNIST's published first labels
 * (train 5 0 4 1 9 2 1 3 1 4, test 7 2 1 0 4 1 4 9 5 9) and class counts.
 */
class MnistTest {
    @TempDir
    Path dir;

    @Test
    void embeddedMnistLoads() {
        try (Split<TensorDataset> m = Mnist.load()) {
            TensorDataset train = m.train(), test = m.test();
            assertEquals(Shape.of(60000, 1, 28, 28), train.x().shape());
            assertEquals(Shape.of(60000), train.y().shape());
            assertEquals(Shape.of(10000, 1, 28, 28), test.x().shape());
            assertEquals(DType.FLOAT32, train.x().dtype());
            assertEquals(DType.INT64, train.y().dtype());
            try (Tensor first = train.y().slice(0, 0, 10)) {
                assertArrayEquals(new long[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, first.toLongArray());
            }
            try (Tensor first = test.y().slice(0, 0, 10)) {
                assertArrayEquals(new long[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, first.toLongArray());
            }
            long[] counts = new long[10];
            for (long c : train.classIndices()) counts[(int) c]++;
            assertArrayEquals(new long[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, counts);
            try (Scope s = Scope.open()) {
                assertEquals(0.0, train.x().min().item());
                assertEquals(1.0, train.x().max().item());
                // the first training image (a 5) has 27,525 as the sum of its bytes
                assertEquals(27525 / 255.0, train.x().select(0, 0).sum().item(), 1e-3);
            }
        }
    }

    @Test
    void embeddedFilesMatchTheirPublishedChecksums() throws Exception {
        String[][] md5 = {{"train-images-idx3-ubyte", "6bbc9ace898e44ae57da46a324031adb"},
                {"train-labels-idx1-ubyte", "a25bea736e30d166cdddb491f175f624"},
                {"t10k-images-idx3-ubyte", "2646ac647ad5339dbf082846283269ea"},
                {"t10k-labels-idx1-ubyte", "27ae3e4e09519cfbb04c329615203637"}};
        for (String[] f : md5) {
            URL url = Mnist.class.getResource(Mnist.RESOURCES + f[0] + ".gz");
            MessageDigest d = MessageDigest.getInstance("MD5");
            try (InputStream in = new DigestInputStream(new GZIPInputStream(url.openStream()), d)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            assertEquals(f[1], HexFormat.of().formatHex(d.digest()), f[0]);
        }
        URL readme = Mnist.class.getResource(Mnist.RESOURCES + "README.txt");
        try (InputStream in = readme.openStream()) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(text.contains("LeCun") && text.contains("Attribution-Share Alike 3.0"), "attribution ships along");
        }
        // when the classes come from a jar, the MNIST files come from another one (the "mnist" jar)
        URL code = Mnist.class.getProtectionDomain().getCodeSource().getLocation();
        URL data = Mnist.class.getResource(Mnist.RESOURCES + "train-images-idx3-ubyte.gz");
        if (code.getPath().endsWith(".jar")) {
            assertTrue(data.toString().startsWith("jar:"), data.toString());
            assertTrue(data.getPath().contains("-mnist.jar!"), "from the mnist classifier jar: " + data);
            assertNotEquals(code.getPath(), data.getPath().substring(0, data.getPath().indexOf('!')).replace("file:", ""));
        } else {
            System.out.println("MnistTest: classes from " + code + " (not a jar): the jar split is checked only "
                    + "after mvn package");
        }
    }

    @Test
    void loadsMnistFormatFilesFromADirectory() {
        writeFakeMnist(dir, 12, 5);
        try (Split<TensorDataset> m = Mnist.loadFromDirectory(dir)) {
            assertEquals(Shape.of(12, 1, 4, 3), m.train().x().shape());
            assertEquals(5, m.test().size());
            assertArrayEquals(new long[] {0, 1, 2, 3, 4}, m.test().y().toLongArray());
        }
        DataFileException e = assertThrows(DataFileException.class, () -> Mnist.loadFromDirectory(dir.resolve("none")));
        assertTrue(e.getMessage().contains("no such directory"), e.getMessage());
    }

    @Test
    void fashionMnistSaysHowToInstallIt() throws Exception {
        Path absent = dir.resolve("not-installed");
        DataFileException e = assertThrows(DataFileException.class, () -> FashionMnist.load(absent));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        Path fake = Files.createDirectories(dir.resolve("fashion"));
        writeFakeMnist(fake, 6, 4);
        try (Split<TensorDataset> f = FashionMnist.load(fake)) {
            assertEquals(6, f.train().size());
        }
        Files.delete(fake.resolve("t10k-labels-idx1-ubyte.gz"));
        e = assertThrows(DataFileException.class, () -> FashionMnist.load(fake));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte"), e.getMessage());
        if (Files.isDirectory(FashionMnist.DEFAULT_DIR)) {
            try (Split<TensorDataset> f = FashionMnist.load()) {
                assertEquals(Shape.of(60000, 1, 28, 28), f.train().x().shape());
                assertEquals(10000, f.test().size());
                try (Tensor first = f.train().y().slice(0, 0, 10)) {
                    assertArrayEquals(new long[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, first.toLongArray());
                }
            }
        } else {
            e = assertThrows(DataFileException.class, FashionMnist::load);
            assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        }
    }

    /** MNIST-named gz files with n train and m test images of 4x3 pixels; label i % 10. */
    static void writeFakeMnist(Path dir, int n, int m) {
        try (Scope s = Scope.open()) {
            Idx.write(dir.resolve("train-images-idx3-ubyte.gz"), Tensor.rand(1, n, 4, 3).mul(255).floor(), IdxType.UBYTE);
            Idx.write(dir.resolve("train-labels-idx1-ubyte.gz"), labels(n), IdxType.UBYTE);
            Idx.write(dir.resolve("t10k-images-idx3-ubyte.gz"), Tensor.rand(2, m, 4, 3).mul(255).floor(), IdxType.UBYTE);
            Idx.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), labels(m), IdxType.UBYTE);
        }
    }

    private static Tensor labels(int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = i % 10;
        return Tensor.of(v, n);
    }
}
