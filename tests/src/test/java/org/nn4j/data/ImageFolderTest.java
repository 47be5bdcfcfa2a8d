package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;

/** Images as (C, H, W) tensors, bilinear resizing, and class-per-folder datasets (DU1, DU2). */
class ImageFolderTest {
    @TempDir
    Path dir;

    @Test
    void pngRoundTripsInEveryColorMode() {
        try (Scope s = Scope.open()) {
            Tensor rgb = Tensor.rand(1, 3, 5, 7).mul(255).round();
            Path f = dir.resolve("rgb.png");
            Images.writePng(f, rgb);
            Tensor back = Images.read(f, Images.ColorMode.RGB);
            assertEquals(Shape.of(3, 5, 7), back.shape());
            assertArrayEquals(rgb.toFloatArray(), back.toFloatArray(), "RGB");
            Tensor rgba = Images.read(f, Images.ColorMode.RGBA);
            assertArrayEquals(rgb.toFloatArray(), rgba.slice(0, 0, 3).contiguous().toFloatArray());
            assertEquals(255.0, rgba.select(0, 3).min().item(), "opaque");
            // grey from colour: ITU-R 601 luma
            float[] c = rgb.toFloatArray();
            float[] g = Images.read(f, Images.ColorMode.GRAYSCALE).toFloatArray();
            for (int i = 0; i < 35; i++) assertEquals(0.299 * c[i] + 0.587 * c[35 + i] + 0.114 * c[70 + i], g[i], 1e-3);
            Tensor grey = Tensor.rand(2, 1, 4, 6).mul(255).round();
            Path fg = dir.resolve("grey.png");
            Images.writePng(fg, grey);
            assertArrayEquals(grey.toFloatArray(), Images.read(fg, Images.ColorMode.GRAYSCALE).toFloatArray(),
                    "grey levels are read as stored");
            assertArrayEquals(grey.expand(3, 4, 6).contiguous().toFloatArray(),
                    Images.read(fg, Images.ColorMode.RGB).toFloatArray(), "grey as RGB repeats the level");
        }
    }

    @Test
    void bilinearResizeSamplesPixelCentres() {
        try (Scope s = Scope.open()) {
            // a ramp f(x) = x over 4 columns, upsampled to 8: out[j] = clamp((j + 0.5) / 2 - 0.5, 0, 3)
            Tensor ramp = Tensor.arange(4).reshape(1, 1, 4).expand(1, 2, 4).contiguous();
            float[] up = Images.resize(ramp, 2, 8).toFloatArray();
            for (int j = 0; j < 8; j++) {
                assertEquals(Math.min(Math.max((j + 0.5) / 2 - 0.5, 0), 3), up[j], 1e-6, "column " + j);
            }
            Tensor x = Tensor.rand(3, 2, 3, 5, 6);
            assertArrayEquals(x.toFloatArray(), Images.resize(x, 5, 6).toFloatArray(), "same size is the identity");
            Tensor constant = Tensor.full(7, DType.FLOAT32, 3, 5, 6);
            assertEquals(7.0, Images.resize(constant, 11, 2).max().item(), 1e-6);
            assertEquals(7.0, Images.resize(constant, 11, 2).min().item(), 1e-6);
            // halving averages 2x2 blocks exactly (the centres fall between them)
            Tensor big = Tensor.rand(4, 1, 4, 4);
            float[] b = big.toFloatArray(), h = Images.resize(big, 2, 2).toFloatArray();
            assertEquals((b[0] + b[1] + b[4] + b[5]) / 4, h[0], 1e-6);
            assertEquals((b[10] + b[11] + b[14] + b[15]) / 4, h[3], 1e-6);
        }
    }

    @Test
    void folderDatasetFindsClassesInSortedOrder() throws Exception {
        // classes "cat" (3 images) and "dog" (2, one a JPEG, one in a nested folder); a stray text file
        writeImage("dog/b.png", 10, 8, 0x204060);
        writeImage("cat/2.png", 12, 9, 0x808080);
        writeImage("cat/1.png", 12, 9, 0x101010);
        writeImage("cat/3.png", 12, 9, 0xF0F0F0);
        writeJpeg("dog/deep/a.jpg", 16, 16, 0x00FF00);
        Files.writeString(dir.resolve("cat/notes.txt"), "not an image");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ImageFolderDataset ds = ImageFolder.load(dir, ImageFolder.options().targetSize(6, 4).rescale(1 / 255.0)
                .out(new PrintStream(printed, true, StandardCharsets.UTF_8)));
        assertEquals("Found 5 images belonging to 2 classes.", printed.toString(StandardCharsets.UTF_8).trim());
        assertEquals(List.of("cat", "dog"), ds.classNames());
        assertArrayEquals(new long[] {0, 0, 0, 1, 1}, ds.classIndices());
        assertEquals("1.png", ds.files().get(0).getFileName().toString());
        try (Batch b = ds.get(0)) {
            assertEquals(Shape.of(3, 6, 4), b.x().shape());
            assertEquals(0x10 / 255.0, b.x().mean().item(), 1e-6, "rescaled");
            assertEquals(DType.INT64, b.y().dtype());
            assertEquals(0.0, b.y().item());
        }
        List<long[]> batches = DataTesting.labelsOfPass(ds.batch(2));
        assertEquals(3, batches.size(), "5 images in batches of 2: the last holds 1");
        assertArrayEquals(new long[] {1}, batches.get(2));
        try (Batch b = ImageFolder.load(dir, ImageFolder.options().targetSize(6, 4).out(null)
                .classMode(ImageFolder.ClassMode.CATEGORICAL).colorMode(Images.ColorMode.GRAYSCALE)).batch(5).get(0)) {
            assertEquals(Shape.of(5, 1, 6, 4), b.x().shape());
            assertEquals(Shape.of(5, 2), b.y().shape());
            assertArrayEquals(new float[] {1, 0, 1, 0, 1, 0, 0, 1, 0, 1}, b.y().toFloatArray());
        }
        try (Batch b = ImageFolder.load(dir, ImageFolder.options().out(null).classMode(ImageFolder.ClassMode.BINARY))
                .get(4)) {
            assertEquals(Shape.of(3, 16, 16), b.x().shape(), "native size without targetSize");
            assertEquals(DType.FLOAT32, b.y().dtype());
            assertEquals(1.0, b.y().item());
        }
    }

    @Test
    void folderProblemsAreNamed() throws Exception {
        DataFileException e = assertThrows(DataFileException.class, () -> ImageFolder.load(dir.resolve("nothing")));
        assertTrue(e.getMessage().contains("no such directory"), e.getMessage());
        e = assertThrows(DataFileException.class, () -> ImageFolder.load(dir));
        assertTrue(e.getMessage().contains("no class subfolders"), e.getMessage());
        Files.createDirectories(dir.resolve("a"));
        Path broken = dir.resolve("a/broken.png");
        Files.writeString(broken, "not a png");
        ImageFolderDataset ds = ImageFolder.load(dir, ImageFolder.options().out(null));
        e = assertThrows(DataFileException.class, () -> ds.get(0));
        assertTrue(e.getMessage().startsWith(broken.toString()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageFolder.load(dir, ImageFolder.options().out(null)
                .classMode(ImageFolder.ClassMode.BINARY)), "BINARY needs 2 classes");
    }

    private void writeImage(String rel, int w, int h, int rgb) throws Exception {
        Path f = dir.resolve(rel);
        Files.createDirectories(f.getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, rgb);
        ImageIO.write(img, "png", f.toFile());
    }

    private void writeJpeg(String rel, int w, int h, int rgb) throws Exception {
        Path f = dir.resolve(rel);
        Files.createDirectories(f.getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, rgb);
        assertTrue(ImageIO.write(img, "jpeg", f.toFile()));
    }
}
