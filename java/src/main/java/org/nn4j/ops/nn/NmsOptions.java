package org.nn4j.ops.nn;

/**
 * Options of {@link Detection#nms}: boxes with score &lt; scoreThreshold are dropped (default
 * 0.6, CURRICULUM D5; any value but NaN, {@code Double.NEGATIVE_INFINITY} keeps all); a kept box
 * suppresses later boxes of its class whose IoU with it is &gt; iouThreshold (default 0.5, in
 * [0, 1]); at most maxOutputs boxes are kept per image, over all classes (default: no limit);
 * boxes are in {@code format} (default {@link BoxFormat#CORNERS}). Immutable;
 * {@code builder()...build()} or {@link #DEFAULT}.
 */
public final class NmsOptions {
    public static final NmsOptions DEFAULT = builder().build();

    private final double scoreThreshold;
    private final double iouThreshold;
    private final long maxOutputs;
    private final BoxFormat format;

    private NmsOptions(Builder b) {
        this.scoreThreshold = b.scoreThreshold;
        this.iouThreshold = b.iouThreshold;
        this.maxOutputs = b.maxOutputs;
        this.format = b.format;
    }

    public static Builder builder() {
        return new Builder();
    }

    public double scoreThreshold() {
        return scoreThreshold;
    }

    public double iouThreshold() {
        return iouThreshold;
    }

    /** {@code Long.MAX_VALUE} when there is no limit. */
    public long maxOutputs() {
        return maxOutputs;
    }

    public BoxFormat format() {
        return format;
    }

    @Override
    public String toString() {
        return "NmsOptions(scoreThreshold=" + scoreThreshold + ", iouThreshold=" + iouThreshold + ", maxOutputs="
                + (maxOutputs == Long.MAX_VALUE ? "unlimited" : Long.toString(maxOutputs)) + ", format=" + format + ")";
    }

    public static final class Builder {
        private double scoreThreshold = 0.6;
        private double iouThreshold = 0.5;
        private long maxOutputs = Long.MAX_VALUE;
        private BoxFormat format = BoxFormat.CORNERS;

        private Builder() {}

        public Builder scoreThreshold(double t) {
            if (Double.isNaN(t)) {
                throw new IllegalArgumentException(
                        "NmsOptions: scoreThreshold is NaN; use Double.NEGATIVE_INFINITY to keep every box as a candidate");
            }
            this.scoreThreshold = t;
            return this;
        }

        public Builder iouThreshold(double t) {
            if (!(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException("NmsOptions: iouThreshold = " + t + " is outside [0, 1]");
            }
            this.iouThreshold = t;
            return this;
        }

        /** At most this many boxes per image (&gt;= 0). */
        public Builder maxOutputs(long n) {
            if (n < 0) throw new IllegalArgumentException("NmsOptions: maxOutputs = " + n + " is negative");
            this.maxOutputs = n;
            return this;
        }

        public Builder format(BoxFormat f) {
            if (f == null) throw new IllegalArgumentException("NmsOptions: format is null");
            this.format = f;
            return this;
        }

        public NmsOptions build() {
            return new NmsOptions(this);
        }
    }
}
