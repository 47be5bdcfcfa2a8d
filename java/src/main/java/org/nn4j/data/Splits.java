package org.nn4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Train / dev / test splits (U4), exhaustive and disjoint, reproducible under a seed. Sizes:
 * n_test = ceil(n * testFraction), n_dev = ceil(n * devFraction) (or exact counts), train the
 * rest. Stratified splits give every class the same share in each part, up to rounding (largest
 * remainders, so that the part sizes stay exact). The parts are views of the source dataset
 * (close the source only when done with them; {@link IndexedDataset#materialize()} copies).
 *
 * <pre>{@code
 * Split<IndexedDataset> s = Splits.of(data).dev(0.1).test(0.1).seed(42).stratified().split();
 * }</pre>
 */
public final class Splits {
    private final IndexedDataset ds;
    private double devFraction;
    private double testFraction;
    private long devCount = -1;
    private long testCount = -1;
    private long seed;
    private boolean shuffle = true;
    private boolean stratify;

    private Splits(IndexedDataset ds) {
        this.ds = ds;
    }

    /** A split of ds, configured by the methods below and made by {@link #split()}. */
    public static Splits of(IndexedDataset ds) {
        if (ds == null) throw new IllegalArgumentException("Splits.of: the dataset must not be null");
        return new Splits(ds);
    }

    /** Shuffled train/test with n_test = ceil(n * testFraction). */
    public static Split<IndexedDataset> trainTest(IndexedDataset ds, double testFraction, long seed, boolean stratify) {
        return of(ds).test(testFraction).seed(seed).stratify(stratify).split();
    }

    /** Shuffled train/dev/test by fractions. */
    public static Split<IndexedDataset> trainDevTest(IndexedDataset ds, double devFraction, double testFraction,
                                                     long seed, boolean stratify) {
        return of(ds).dev(devFraction).test(testFraction).seed(seed).stratify(stratify).split();
    }

    public Splits test(double fraction) {
        this.testFraction = fraction(fraction, "test");
        this.testCount = -1;
        return this;
    }

    public Splits dev(double fraction) {
        this.devFraction = fraction(fraction, "dev");
        this.devCount = -1;
        return this;
    }

    /** Exactly count test examples. */
    public Splits testCount(long count) {
        this.testCount = count(count, "test");
        return this;
    }

    /** Exactly count dev examples. */
    public Splits devCount(long count) {
        this.devCount = count(count, "dev");
        return this;
    }

    public Splits seed(long s) {
        this.seed = s;
        return this;
    }

    /** Whether to shuffle before splitting (default true); false keeps the order: train first, test last. */
    public Splits shuffle(boolean s) {
        this.shuffle = s;
        return this;
    }

    public Splits stratify(boolean s) {
        this.stratify = s;
        return this;
    }

    /** Stratify by the class labels ({@link IndexedDataset#classIndices()}). */
    public Splits stratified() {
        return stratify(true);
    }

    private static double fraction(double f, String what) {
        if (!(f >= 0 && f < 1)) throw new IllegalArgumentException("Splits: " + what + " fraction " + f + " is not in [0, 1)");
        return f;
    }

    private static long count(long c, String what) {
        if (c < 0) throw new IllegalArgumentException("Splits: " + what + " count " + c + " is negative");
        return c;
    }

    /** Makes the split. Train, dev (null when it would be empty and was not asked for) and test. */
    public Split<IndexedDataset> split() {
        long n = ds.size();
        long nTest = testCount >= 0 ? testCount : (long) Math.ceil(n * testFraction);
        long nDev = devCount >= 0 ? devCount : (long) Math.ceil(n * devFraction);
        if (nTest + nDev >= n) {
            throw new IllegalArgumentException("Splits: " + nDev + " dev + " + nTest + " test examples leave no training "
                    + "examples out of " + n);
        }
        if (nTest == 0) throw new IllegalArgumentException("Splits: the test part is empty; give a test fraction or count");
        Rng rng = new Rng(seed);
        long[][] parts = stratify ? stratified((int) nDev, (int) nTest, rng) : plain(n, (int) nDev, (int) nTest, rng);
        boolean wantDev = devCount >= 0 || devFraction > 0;
        return new Split<>(new SubsetDataset(ds, parts[0]), wantDev ? new SubsetDataset(ds, parts[1]) : null,
                new SubsetDataset(ds, parts[2]));
    }

    private long[][] plain(long n, int nDev, int nTest, Rng rng) {
        long[] order = shuffle ? rng.permutation(n) : identity((int) n);
        int nTrain = (int) n - nDev - nTest;
        return new long[][] {Arrays.copyOfRange(order, 0, nTrain), Arrays.copyOfRange(order, nTrain, nTrain + nDev),
                Arrays.copyOfRange(order, nTrain + nDev, (int) n)};
    }

    private long[][] stratified(int nDev, int nTest, Rng rng) {
        long[] cls = ds.classIndices();
        int n = cls.length;
        long maxClass = 0;
        for (long c : cls) {
            if (c < 0) throw new IllegalArgumentException("Splits: class index " + c + " is negative");
            maxClass = Math.max(maxClass, c);
        }
        int k = (int) maxClass + 1;
        List<List<Long>> groups = new ArrayList<>();
        for (int c = 0; c < k; c++) groups.add(new ArrayList<>());
        for (int i = 0; i < n; i++) groups.get((int) cls[i]).add((long) i);
        long[] counts = new long[k];
        for (int c = 0; c < k; c++) counts[c] = groups.get(c).size();
        long[] test = apportion(counts, counts, nTest, n);
        long[] left = new long[k];
        for (int c = 0; c < k; c++) left[c] = counts[c] - test[c];
        long[] dev = apportion(counts, left, nDev, n);
        List<Long> train = new ArrayList<>(), devIdx = new ArrayList<>(), testIdx = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            long[] g = groups.get(c).stream().mapToLong(Long::longValue).toArray();
            if (shuffle) rng.shuffle(g);
            int t = (int) test[c], d = (int) dev[c];
            for (int i = 0; i < g.length; i++) (i < t ? testIdx : i < t + d ? devIdx : train).add(g[i]);
        }
        return new long[][] {finish(train, rng), finish(devIdx, rng), finish(testIdx, rng)};
    }

    /** Shuffled (classes interleaved) or in the source order. */
    private long[] finish(List<Long> idx, Rng rng) {
        long[] a = idx.stream().mapToLong(Long::longValue).toArray();
        if (shuffle) rng.shuffle(a);
        else Arrays.sort(a);
        return a;
    }

    /**
     * total split among classes in proportion to counts (of n), never above available: floors
     * first, then the largest remainders (ties to the larger class, then the lower index).
     */
    static long[] apportion(long[] counts, long[] available, long total, long n) {
        int k = counts.length;
        long[] out = new long[k];
        double[] rem = new double[k];
        long given = 0;
        for (int c = 0; c < k; c++) {
            double q = (double) counts[c] * total / n;
            out[c] = Math.min((long) Math.floor(q), available[c]);
            rem[c] = q - out[c];
            given += out[c];
        }
        while (given < total) {
            int best = -1;
            for (int c = 0; c < k; c++) {
                if (out[c] >= available[c]) continue;
                if (best < 0 || rem[c] > rem[best] || (rem[c] == rem[best] && counts[c] > counts[best])) best = c;
            }
            if (best < 0) throw new IllegalStateException("Splits: cannot place " + (total - given) + " more examples");
            out[best]++;
            rem[best] -= 1;
            given++;
        }
        return out;
    }

    private static long[] identity(int n) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }
}
