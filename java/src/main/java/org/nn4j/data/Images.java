package org.nn4j.data;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.nn4j.Tensor;

/**
 * Image files as tensors (DU1): PNG, JPEG, BMP and GIF through javax.imageio, decoded to float32
 * (C, H, W) with values 0..255 (rescale them yourself, or through {@link ImageFolder}); bilinear
 * resizing; PNG writing.
 */
public final class Images {
    /** Channels of a decoded image. */
    public enum ColorMode {
        /** C = 1: grey level (colour images are converted with ITU-R 601 luma, as PIL's "L"). */
        GRAYSCALE(1),
        /** C = 3: red, green, blue. */
        RGB(3),
        /** C = 4: red, green, blue, alpha. */
        RGBA(4);

        final int channels;

        ColorMode(int channels) {
            this.channels = channels;
        }

        public int channels() {
            return channels;
        }
    }

    private Images() {}

    /** The image in file as float32 (C, H, W), values 0..255. */
    public static Tensor read(Path file, ColorMode mode) {
        Decoded d = decode(file, mode);
        return Tensor.of(d.chw, mode.channels, d.height, d.width);
    }

    /** The image in file as float32 (C, height, width), values 0..255, resized bilinearly. */
    public static Tensor read(Path file, ColorMode mode, int height, int width) {
        checkSize(height, width);
        Decoded d = decode(file, mode);
        float[] px = d.height == height && d.width == width ? d.chw
                : resize(d.chw, mode.channels, d.height, d.width, height, width);
        return Tensor.of(px, mode.channels, height, width);
    }

    /**
     * Bilinear resize of (C, H, W) or (N, C, H, W) to height x width, sampling at pixel centres
     * (half-pixel offsets, edges clamped) like tf.image.resize without antialiasing.
     */
    public static Tensor resize(Tensor x, int height, int width) {
        checkSize(height, width);
        if (x.rank() != 3 && x.rank() != 4) {
            throw new IllegalArgumentException("Images.resize: x " + x.shape() + " must be (C, H, W) or (N, C, H, W)");
        }
        long[] s = x.dims();
        int r = s.length;
        int h = Math.toIntExact(s[r - 2]), w = Math.toIntExact(s[r - 1]);
        long planes = x.numel() / ((long) h * w);
        float[] src = x.toFloatArray();
        float[] out = resize(src, Math.toIntExact(planes), h, w, height, width);
        s[r - 2] = height;
        s[r - 1] = width;
        Tensor t = Tensor.of(out, s);
        if (x.dtype() == org.nn4j.DType.FLOAT32) return t;
        try {
            return t.to(x.dtype());
        } finally {
            t.close();
        }
    }

    /** Writes (C, H, W) with C = 1, 3 or 4 as a PNG; values are rounded and clamped to 0..255. */
    public static void writePng(Path file, Tensor chw) {
        if (chw.rank() != 3 || (chw.dim(0) != 1 && chw.dim(0) != 3 && chw.dim(0) != 4)) {
            throw new IllegalArgumentException("Images.writePng: " + chw.shape() + " must be (C, H, W) with C = 1, 3 "
                    + "or 4");
        }
        int c = (int) chw.dim(0), h = Math.toIntExact(chw.dim(1)), w = Math.toIntExact(chw.dim(2));
        float[] px = chw.toFloatArray();
        BufferedImage img = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY
                : c == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int at = y * w + x;
                if (c == 1) {
                    img.getRaster().setSample(x, y, 0, toByte(px[at]));
                } else {
                    int a = c == 4 ? toByte(px[3 * h * w + at]) : 255;
                    img.setRGB(x, y, (a << 24) | (toByte(px[at]) << 16) | (toByte(px[h * w + at]) << 8)
                            | toByte(px[2 * h * w + at]));
                }
            }
        }
        try {
            if (!ImageIO.write(img, "png", file.toFile())) throw new IOException("no PNG writer");
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be written: " + e, e);
        }
    }

    private static int toByte(float v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private static void checkSize(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("Images: target size " + height + "x" + width + " must be positive");
        }
    }

    /** Bilinear resize of planes (h, w) images laid out one after another. */
    static float[] resize(float[] src, int planes, int h, int w, int oh, int ow) {
        int[] y0 = new int[oh], y1 = new int[oh], x0 = new int[ow], x1 = new int[ow];
        float[] fy = new float[oh], fx = new float[ow];
        axis(h, oh, y0, y1, fy);
        axis(w, ow, x0, x1, fx);
        float[] out = new float[planes * oh * ow];
        for (int p = 0; p < planes; p++) {
            int in = p * h * w, o = p * oh * ow;
            for (int y = 0; y < oh; y++) {
                int r0 = in + y0[y] * w, r1 = in + y1[y] * w;
                float wy = fy[y];
                for (int x = 0; x < ow; x++) {
                    float top = src[r0 + x0[x]] + (src[r0 + x1[x]] - src[r0 + x0[x]]) * fx[x];
                    float bottom = src[r1 + x0[x]] + (src[r1 + x1[x]] - src[r1 + x0[x]]) * fx[x];
                    out[o + y * ow + x] = top + (bottom - top) * wy;
                }
            }
        }
        return out;
    }

    /** Source indices and weights along one axis, half-pixel centres, clamped at the edges. */
    private static void axis(int in, int out, int[] lo, int[] hi, float[] frac) {
        double scale = (double) in / out;
        for (int i = 0; i < out; i++) {
            double s = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), in - 1);
            int l = (int) Math.floor(s);
            lo[i] = l;
            hi[i] = Math.min(l + 1, in - 1);
            frac[i] = (float) (s - l);
        }
    }

    /** The pixels of file as a float array in (C, H, W) order, and its height and width. */
    static Decoded decode(Path file, ColorMode mode) {
        BufferedImage img;
        try {
            if (!Files.isRegularFile(file)) throw new DataFileException(file, "no such file");
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataFileException) throw (DataFileException) e;
            throw new DataFileException(file, "cannot be decoded as an image: " + e.getMessage(), e);
        }
        if (img == null) {
            throw new DataFileException(file, "is not an image javax.imageio can read (PNG, JPEG, BMP or GIF)");
        }
        int h = img.getHeight(), w = img.getWidth(), c = mode.channels;
        float[] px = new float[c * h * w];
        Raster r = img.getRaster();
        boolean plainGrey = r.getNumBands() == 1 && !(img.getColorModel() instanceof IndexColorModel);
        if (plainGrey) {
            // read the stored grey levels: getRGB would pass them through a linear-to-sRGB curve
            int bits = img.getColorModel().getComponentSize(0);
            double scale = bits == 8 ? 1 : 255.0 / ((1 << bits) - 1);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float g = (float) (r.getSample(x, y, 0) * scale);
                    for (int k = 0; k < Math.min(c, 3); k++) px[(k * h + y) * w + x] = g;
                    if (c == 4) px[(3 * h + y) * w + x] = 255;
                }
            }
            return new Decoded(px, h, w);
        }
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = argb[y * w + x];
                int a = p >>> 24, red = (p >> 16) & 0xFF, green = (p >> 8) & 0xFF, blue = p & 0xFF;
                int at = y * w + x;
                if (c == 1) {
                    px[at] = (float) (0.299 * red + 0.587 * green + 0.114 * blue);
                } else {
                    px[at] = red;
                    px[h * w + at] = green;
                    px[2 * h * w + at] = blue;
                    if (c == 4) px[3 * h * w + at] = a;
                }
            }
        }
        return new Decoded(px, h, w);
    }

    /** Decoded pixels. */
    static final class Decoded {
        final float[] chw;
        final int height;
        final int width;

        Decoded(float[] chw, int height, int width) {
            this.chw = chw;
            this.height = height;
            this.width = width;
        }
    }
}
