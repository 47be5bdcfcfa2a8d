package org.nn4j.ops.nn;

import java.util.Arrays;
import org.nn4j.Tensor;

/**
 * What {@link Detection#nms} keeps, per image: the indices of the kept boxes (into that image's
 * boxes) sorted by descending score, equal scores by ascending index. As tensors on the input's
 * device, {@link #keep()} (B, K) int64 padded with -1 (K = min(N, maxOutputs)) and
 * {@link #counts()} (B) int64, for gathering on the device; as Java arrays, {@link #indices(int)}
 * and {@link #count(int)}. Unbatched input gives B = 1. Owns both tensors: close it (or create it
 * in a {@link org.nn4j.Scope}).
 */
public final class NmsResult implements AutoCloseable {
    private final Tensor keep;
    private final Tensor counts;
    private final long[][] indices;

    NmsResult(Tensor keep, Tensor counts) {
        this.keep = keep;
        this.counts = counts;
        long[] c = counts.toLongArray();
        long[] k = keep.toLongArray();
        int width = (int) keep.dim(1);
        indices = new long[c.length][];
        for (int b = 0; b < c.length; b++) indices[b] = Arrays.copyOfRange(k, b * width, b * width + (int) c[b]);
    }

    /** Number of images. */
    public int batch() {
        return indices.length;
    }

    /** Number of boxes kept in image b. */
    public int count(int b) {
        return indices[check(b)].length;
    }

    /** Indices kept in image b, by descending score (a copy). */
    public long[] indices(int b) {
        return indices[check(b)].clone();
    }

    /** (B, K) int64, kept indices padded with -1. */
    public Tensor keep() {
        return keep;
    }

    /** (B) int64 counts. */
    public Tensor counts() {
        return counts;
    }

    private int check(int b) {
        if (b < 0 || b >= indices.length) {
            throw new IndexOutOfBoundsException("NmsResult: image " + b + " is outside [0, " + indices.length + ")");
        }
        return b;
    }

    @Override
    public void close() {
        keep.close();
        counts.close();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("NmsResult(");
        for (int b = 0; b < indices.length; b++) {
            if (b > 0) sb.append(", ");
            if (b == 8) {
                sb.append("... ").append(indices.length - 8).append(" more");
                break;
            }
            sb.append(Arrays.toString(indices[b]));
        }
        return sb.append(')').toString();
    }
}
