package org.nn4j.data;

import org.nn4j.Tensor;

/**
 * Padding variable-length sequences to one length (Keras's pad_sequences): sequences shorter than
 * maxLen are filled with a value, longer ones are cut, each at the chosen side.
 */
public final class Sequences {
    /** Where padding is added or values are cut. */
    public enum Side { PRE, POST }

    private Sequences() {}

    /** Keras's defaults: to the longest length, padding and truncating at the start, with 0. */
    public static Tensor pad(long[][] seqs) {
        return pad(seqs, -1, Side.PRE, Side.PRE, 0);
    }

    /**
     * Integer sequences as int64 (N, maxLen); maxLen -1 means the longest sequence's length.
     */
    public static Tensor pad(long[][] seqs, int maxLen, Side padding, Side truncating, long value) {
        int len = length(seqs.length, maxLen, i -> seqs[i].length);
        long[] out = new long[seqs.length * len];
        java.util.Arrays.fill(out, value);
        for (int i = 0; i < seqs.length; i++) {
            long[] s = seqs[i];
            int keep = Math.min(s.length, len);
            int from = truncating == Side.PRE ? s.length - keep : 0;
            int to = padding == Side.PRE ? len - keep : 0;
            System.arraycopy(s, from, out, i * len + to, keep);
        }
        return Tensor.of(out, seqs.length, len);
    }

    /** Real-valued sequences as float32 (N, maxLen); maxLen -1 means the longest sequence's length. */
    public static Tensor pad(float[][] seqs, int maxLen, Side padding, Side truncating, float value) {
        int len = length(seqs.length, maxLen, i -> seqs[i].length);
        float[] out = new float[seqs.length * len];
        java.util.Arrays.fill(out, value);
        for (int i = 0; i < seqs.length; i++) {
            float[] s = seqs[i];
            int keep = Math.min(s.length, len);
            int from = truncating == Side.PRE ? s.length - keep : 0;
            int to = padding == Side.PRE ? len - keep : 0;
            System.arraycopy(s, from, out, i * len + to, keep);
        }
        return Tensor.of(out, seqs.length, len);
    }

    private static int length(int n, int maxLen, java.util.function.IntUnaryOperator lengthOf) {
        if (n == 0) throw new IllegalArgumentException("Sequences.pad: no sequences");
        if (maxLen == 0 || maxLen < -1) {
            throw new IllegalArgumentException("Sequences.pad: maxLen = " + maxLen + " (use -1 for the longest)");
        }
        if (maxLen > 0) return maxLen;
        int longest = 0;
        for (int i = 0; i < n; i++) longest = Math.max(longest, lengthOf.applyAsInt(i));
        if (longest == 0) throw new IllegalArgumentException("Sequences.pad: every sequence is empty; give maxLen");
        return longest;
    }
}
