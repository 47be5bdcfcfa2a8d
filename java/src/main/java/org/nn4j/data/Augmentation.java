package org.nn4j.data;

import java.util.concurrent.atomic.AtomicLong;
import org.nn4j.DType;
import org.nn4j.Device;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Seeds;

/**
 * Seeded random image augmentation of (N, C, H, W) batches, applied in training only: in
 * inference it is the identity. Each example gets its own draws of every enabled operation:
 * <ol>
 *   <li>geometry, one bilinear resampling per example: horizontal / vertical flip (probability
 *       1/2 each), rotation by U(-maxDegrees, maxDegrees) about the centre, zoom by a factor in
 *       U(1 - z, 1 + z) (above 1 magnifies), shift by U(-f, f) of the height and width rounded
 *       to whole pixels; points that come from outside the image take the fill mode's value;</li>
 *   <li>random crop with padding (torchvision's RandomCrop): zero-pad by p on each side, then
 *       cut a window of the original size (or of a chosen size) at a random offset;</li>
 *   <li>brightness: + U(-d, d); contrast: (x - mean) * U(1 - c, 1 + c) + mean, the mean per
 *       channel of the example (tf.image.adjust_contrast); then optional clipping.</li>
 * </ol>
 * Flips, shifts and crops move values exactly; only rotation and zoom interpolate.
 *
 * <p>Randomness: call k of {@link #apply(Tensor, boolean)} draws from mix(seed, k), example i
 * of it from mix(that, i), so a pipeline run twice gives the same batches; {@link #apply(Tensor,
 * CallContext)} draws from the training step instead. In a {@link Dataset}: {@code
 * .batch(64).map(augmentation::train)}. Thread-safe.
 */
public final class Augmentation {
    /** The value of points that come from outside the image. */
    public enum FillMode {
        /** The fill value (0 by default). */
        CONSTANT,
        /** The nearest edge pixel. */
        NEAREST,
        /** Mirrored about the edge (d c b a | a b c d | d c b a). */
        REFLECT
    }

    private final long seed;
    private final boolean hflip;
    private final boolean vflip;
    private final double maxDegrees;
    private final double zoom;
    private final double shiftH;
    private final double shiftW;
    private final int cropPadding;
    private final int cropHeight;
    private final int cropWidth;
    private final double brightness;
    private final double contrast;
    private final FillMode fill;
    private final float fillValue;
    private final double clipLo;
    private final double clipHi;
    private final AtomicLong calls = new AtomicLong();

    private Augmentation(Builder b) {
        this.seed = b.seed;
        this.hflip = b.hflip;
        this.vflip = b.vflip;
        this.maxDegrees = b.maxDegrees;
        this.zoom = b.zoom;
        this.shiftH = b.shiftH;
        this.shiftW = b.shiftW;
        this.cropPadding = b.cropPadding;
        this.cropHeight = b.cropHeight;
        this.cropWidth = b.cropWidth;
        this.brightness = b.brightness;
        this.contrast = b.contrast;
        this.fill = b.fill;
        this.fillValue = b.fillValue;
        this.clipLo = b.clipLo;
        this.clipHi = b.clipHi;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Training: a new augmented batch (the next draws of this augmentation's stream). Inference:
     * x itself, unchanged.
     */
    public Tensor apply(Tensor x, boolean training) {
        check(x);
        if (!training) return x;
        return augment(x, Seeds.mix(seed, calls.getAndIncrement()));
    }

    /** As {@link #apply(Tensor, boolean)} with the draws seeded by ctx's step (identity in inference). */
    public Tensor apply(Tensor x, CallContext ctx) {
        check(x);
        if (!ctx.training()) return x;
        return augment(x, Seeds.mix(Seeds.mix(seed, 0x5EED), ctx.step()));
    }

    /** For {@code Dataset.map}: the batch with x augmented (training mode) and the labels kept. */
    public Batch train(Batch b) {
        return new Batch(apply(b.x(), true), b.y());
    }

    private static void check(Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("Augmentation: x " + x.shape() + " must be a batch (N, C, H, W); "
                    + "add the batch axis with unsqueeze(0)");
        }
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Augmentation: x is " + x.dtype() + "; convert it to float32 first");
        }
    }

    private Tensor augment(Tensor x, long callSeed) {
        int n = Math.toIntExact(x.dim(0)), c = Math.toIntExact(x.dim(1));
        int h = Math.toIntExact(x.dim(2)), w = Math.toIntExact(x.dim(3));
        int oh = cropHeight > 0 ? cropHeight : h, ow = cropWidth > 0 ? cropWidth : w;
        float[] src = x.toFloatArray();
        float[] out = new float[n * c * oh * ow];
        float[] work = new float[c * h * w];
        for (int i = 0; i < n; i++) {
            Draws d = new Draws(new Rng(Seeds.mix(callSeed, i)));
            int in = i * c * h * w;
            geometry(src, in, work, c, h, w, d);
            crop(work, c, h, w, out, i * c * oh * ow, oh, ow, d);
            photometric(out, i * c * oh * ow, c, oh * ow, d);
        }
        Tensor t = Tensor.of(out, n, c, oh, ow);
        if (x.dtype() != DType.FLOAT32) t = replace(t, t.to(x.dtype()));
        if (!x.device().equals(Device.CPU)) t = replace(t, t.to(x.device()));
        return t;
    }

    private static Tensor replace(Tensor old, Tensor converted) {
        old.close();
        return converted;
    }

    /** Every value an example may need, drawn in a fixed order whatever is enabled. */
    private final class Draws {
        final boolean flipH;
        final boolean flipV;
        final double angle;
        final double scale;
        final double ty;
        final double tx;
        final double cropU;
        final double cropV;
        final double delta;
        final double factor;

        Draws(Rng r) {
            boolean fh = r.nextBoolean(), fv = r.nextBoolean();
            double a = r.uniform(-1, 1), z = r.uniform(-1, 1), sy = r.uniform(-1, 1), sx = r.uniform(-1, 1);
            double cu = r.nextDouble(), cv = r.nextDouble(), br = r.uniform(-1, 1), co = r.uniform(-1, 1);
            flipH = hflip && fh;
            flipV = vflip && fv;
            angle = Math.toRadians(maxDegrees * a);
            scale = 1 + zoom * z;
            ty = shiftH * sy;
            tx = shiftW * sx;
            cropU = cu;
            cropV = cv;
            delta = brightness * br;
            factor = 1 + contrast * co;
        }
    }

    /** dst (C, H, W) = the example at src[in..] flipped, rotated, zoomed and shifted. */
    private void geometry(float[] src, int in, float[] dst, int c, int h, int w, Draws d) {
        // whole pixels, as torchvision's RandomAffine rounds its translation
        double dy = Math.rint(d.ty * h), dx = Math.rint(d.tx * w);
        boolean plain = d.angle == 0 && d.scale == 1;
        double cy = (h - 1) / 2.0, cx = (w - 1) / 2.0;
        double cos = Math.cos(-d.angle), sin = Math.sin(-d.angle);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // output pixel -> source point: undo shift, zoom, rotation, then flips
                double u = (x - cx - dx) / d.scale, v = (y - cy - dy) / d.scale;
                double sx = cos * u - sin * v + cx, sy = sin * u + cos * v + cy;
                if (d.flipH) sx = (w - 1) - sx;
                if (d.flipV) sy = (h - 1) - sy;
                if (plain) {
                    sx = Math.rint(sx);
                    sy = Math.rint(sy);
                }
                for (int k = 0; k < c; k++) dst[(k * h + y) * w + x] = sample(src, in + k * h * w, h, w, sy, sx);
            }
        }
    }

    private float sample(float[] src, int plane, int h, int w, double y, double x) {
        int y0 = (int) Math.floor(y), x0 = (int) Math.floor(x);
        double fy = y - y0, fx = x - x0;
        float a = pixel(src, plane, h, w, y0, x0);
        if (fy == 0 && fx == 0) return a;
        float b = pixel(src, plane, h, w, y0, x0 + 1);
        float cc = pixel(src, plane, h, w, y0 + 1, x0);
        float dd = pixel(src, plane, h, w, y0 + 1, x0 + 1);
        double top = a + (b - a) * fx, bottom = cc + (dd - cc) * fx;
        return (float) (top + (bottom - top) * fy);
    }

    private float pixel(float[] src, int plane, int h, int w, int y, int x) {
        if (y < 0 || y >= h || x < 0 || x >= w) {
            switch (fill) {
                case CONSTANT: return fillValue;
                case NEAREST:
                    y = Math.min(Math.max(y, 0), h - 1);
                    x = Math.min(Math.max(x, 0), w - 1);
                    break;
                default:
                    y = reflect(y, h);
                    x = reflect(x, w);
                    break;
            }
        }
        return src[plane + y * w + x];
    }

    /** Mirror index i into 0..n-1 (edge pixel repeated, as scipy's "reflect"). */
    private static int reflect(int i, int n) {
        if (n == 1) return 0;
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }

    /** out[at..] (C, oh, ow) = a window of the zero-padded work (C, h, w). */
    private void crop(float[] work, int c, int h, int w, float[] out, int at, int oh, int ow, Draws d) {
        int p = cropPadding;
        if (p == 0 && oh == h && ow == w) {
            System.arraycopy(work, 0, out, at, c * h * w);
            return;
        }
        int offY = (int) Math.floor(d.cropU * (h + 2 * p - oh + 1)) - p;
        int offX = (int) Math.floor(d.cropV * (w + 2 * p - ow + 1)) - p;
        for (int k = 0; k < c; k++) {
            for (int y = 0; y < oh; y++) {
                int sy = y + offY;
                for (int x = 0; x < ow; x++) {
                    int sx = x + offX;
                    out[at + (k * oh + y) * ow + x] = sy < 0 || sy >= h || sx < 0 || sx >= w ? 0
                            : work[(k * h + sy) * w + sx];
                }
            }
        }
    }

    private void photometric(float[] out, int at, int c, int plane, Draws d) {
        if (contrast > 0) {
            for (int k = 0; k < c; k++) {
                int base = at + k * plane;
                double mean = 0;
                for (int j = 0; j < plane; j++) mean += out[base + j];
                mean /= plane;
                for (int j = 0; j < plane; j++) out[base + j] = (float) ((out[base + j] - mean) * d.factor + mean);
            }
        }
        int end = at + c * plane;
        if (brightness > 0) for (int j = at; j < end; j++) out[j] += (float) d.delta;
        if (clipLo < clipHi) for (int j = at; j < end; j++) out[j] = (float) Math.min(Math.max(out[j], clipLo), clipHi);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Augmentation(seed ").append(seed);
        if (hflip) s.append(", horizontal flip");
        if (vflip) s.append(", vertical flip");
        if (maxDegrees > 0) s.append(", rotation ").append(maxDegrees).append(" deg");
        if (zoom > 0) s.append(", zoom ").append(zoom);
        if (shiftH > 0 || shiftW > 0) s.append(", shift ").append(shiftH).append('/').append(shiftW);
        if (cropPadding > 0 || cropHeight > 0) s.append(", crop pad ").append(cropPadding);
        if (brightness > 0) s.append(", brightness ").append(brightness);
        if (contrast > 0) s.append(", contrast ").append(contrast);
        return s.append(')').toString();
    }

    /** Configures an {@link Augmentation}; every operation is off until enabled. */
    public static final class Builder {
        private long seed;
        private boolean hflip;
        private boolean vflip;
        private double maxDegrees;
        private double zoom;
        private double shiftH;
        private double shiftW;
        private int cropPadding;
        private int cropHeight = -1;
        private int cropWidth = -1;
        private double brightness;
        private double contrast;
        private FillMode fill = FillMode.CONSTANT;
        private float fillValue;
        private double clipLo;
        private double clipHi;

        private Builder() {}

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder horizontalFlip() {
            this.hflip = true;
            return this;
        }

        public Builder verticalFlip() {
            this.vflip = true;
            return this;
        }

        /** Rotation by an angle in U(-maxDegrees, maxDegrees). */
        public Builder rotation(double maxDegrees) {
            this.maxDegrees = nonNegative(maxDegrees, "rotation");
            return this;
        }

        /** Zoom by a factor in U(1 - fraction, 1 + fraction), fraction < 1. */
        public Builder zoom(double fraction) {
            if (!(fraction >= 0 && fraction < 1)) {
                throw new IllegalArgumentException("Augmentation: zoom " + fraction + " must be in [0, 1)");
            }
            this.zoom = fraction;
            return this;
        }

        /** Shift by U(-heightFraction, heightFraction) of H and U(-widthFraction, widthFraction) of W. */
        public Builder shift(double heightFraction, double widthFraction) {
            this.shiftH = nonNegative(heightFraction, "shift");
            this.shiftW = nonNegative(widthFraction, "shift");
            return this;
        }

        /** Random crop of the original size after zero-padding each side by padding pixels. */
        public Builder crop(int padding) {
            if (padding < 0) throw new IllegalArgumentException("Augmentation: crop padding " + padding + " < 0");
            this.cropPadding = padding;
            return this;
        }

        /** Random crop of height x width after zero-padding by padding: the output has that size. */
        public Builder crop(int height, int width, int padding) {
            if (height < 1 || width < 1) {
                throw new IllegalArgumentException("Augmentation: crop size " + height + "x" + width + " must be positive");
            }
            crop(padding);
            this.cropHeight = height;
            this.cropWidth = width;
            return this;
        }

        /** x + U(-maxDelta, maxDelta), one draw per example. */
        public Builder brightness(double maxDelta) {
            this.brightness = nonNegative(maxDelta, "brightness");
            return this;
        }

        /** (x - mean) * U(1 - maxFactor, 1 + maxFactor) + mean per channel, maxFactor <= 1. */
        public Builder contrast(double maxFactor) {
            if (!(maxFactor >= 0 && maxFactor <= 1)) {
                throw new IllegalArgumentException("Augmentation: contrast " + maxFactor + " must be in [0, 1]");
            }
            this.contrast = maxFactor;
            return this;
        }

        public Builder fill(FillMode mode, double value) {
            this.fill = mode;
            this.fillValue = (float) value;
            return this;
        }

        /** Clip results to [lo, hi] (e.g. [0, 1] for images in that range). */
        public Builder clip(double lo, double hi) {
            if (!(lo < hi)) throw new IllegalArgumentException("Augmentation: clip range [" + lo + ", " + hi + "]");
            this.clipLo = lo;
            this.clipHi = hi;
            return this;
        }

        private static double nonNegative(double v, String what) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("Augmentation: " + what + " " + v + " must be >= 0 and finite");
            }
            return v;
        }

        public Augmentation build() {
            return new Augmentation(this);
        }
    }
}
