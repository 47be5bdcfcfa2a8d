package org.nn4j.models;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.Tensor;
import org.nn4j.callbacks.Callback;

/**
 * The arguments of {@link Model#fit} (API5), built with {@link #builder()}:
 *
 * <pre>{@code
 * FitOptions o = FitOptions.builder().batchSize(32).epochs(10).validationSplit(0.2)
 *         .seed(7).callbacks(new EarlyStopping().patience(3)).build();
 * }</pre>
 *
 * Defaults follow Keras: batch 32, 1 epoch, verbose 1, shuffle on. The shuffle seed defaults to
 * the model's seed, so reruns shuffle identically.
 */
public final class FitOptions {
    final int batchSize;
    final int epochs;
    final int initialEpoch;
    final int verbose;
    final boolean shuffle;
    final Long seed;
    final double validationSplit;
    final Tensor[] validationX;
    final Tensor[] validationY;
    final Tensor validationSampleWeight;
    final Iterable<Batch> validationBatches;
    final int validationBatchSize;
    final Map<Integer, Double> classWeight;
    final Tensor sampleWeight;
    final List<Callback> callbacks;
    final boolean checkNumerics;
    final boolean logGradNorms;
    final long stepsPerEpoch;
    final PrintStream out;

    private FitOptions(Builder b) {
        batchSize = b.batchSize;
        epochs = b.epochs;
        initialEpoch = b.initialEpoch;
        verbose = b.verbose;
        shuffle = b.shuffle;
        seed = b.seed;
        validationSplit = b.validationSplit;
        validationX = b.validationX;
        validationY = b.validationY;
        validationSampleWeight = b.validationSampleWeight;
        validationBatches = b.validationBatches;
        validationBatchSize = b.validationBatchSize > 0 ? b.validationBatchSize : b.batchSize;
        classWeight = b.classWeight == null ? null : Collections.unmodifiableMap(new HashMap<>(b.classWeight));
        sampleWeight = b.sampleWeight;
        callbacks = Collections.unmodifiableList(new ArrayList<>(b.callbacks));
        checkNumerics = b.checkNumerics;
        logGradNorms = b.logGradNorms;
        stepsPerEpoch = b.stepsPerEpoch;
        out = b.out;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Keras' defaults (batch 32, 1 epoch, verbose 1, shuffle). */
    public static FitOptions defaults() {
        return builder().build();
    }

    public int batchSize() {
        return batchSize;
    }

    public int epochs() {
        return epochs;
    }

    public List<Callback> callbacks() {
        return callbacks;
    }

    public static final class Builder {
        private int batchSize = 32;
        private int epochs = 1;
        private int initialEpoch;
        private int verbose = 1;
        private boolean shuffle = true;
        private Long seed;
        private double validationSplit;
        private Tensor[] validationX;
        private Tensor[] validationY;
        private Tensor validationSampleWeight;
        private Iterable<Batch> validationBatches;
        private int validationBatchSize;
        private Map<Integer, Double> classWeight;
        private Tensor sampleWeight;
        private final List<Callback> callbacks = new ArrayList<>();
        private boolean checkNumerics;
        private boolean logGradNorms;
        private long stepsPerEpoch = -1;
        private PrintStream out = System.out;

        private Builder() {}

        public Builder batchSize(int n) {
            if (n < 1) throw new IllegalArgumentException("FitOptions: batchSize must be >= 1, got " + n);
            batchSize = n;
            return this;
        }

        /** The index of the last epoch + 1 (with initialEpoch k, epochs k..epochs-1 run, as in Keras). */
        public Builder epochs(int n) {
            if (n < 0) throw new IllegalArgumentException("FitOptions: epochs must be >= 0, got " + n);
            epochs = n;
            return this;
        }

        /** The epoch to start at (resuming): epochs initialEpoch..epochs-1 run. */
        public Builder initialEpoch(int e) {
            if (e < 0) throw new IllegalArgumentException("FitOptions: initialEpoch must be >= 0, got " + e);
            initialEpoch = e;
            return this;
        }

        /** 0 silent, 1 progress bar (redrawn on a terminal, one line per epoch otherwise), 2 one line per epoch. */
        public Builder verbose(int v) {
            if (v < 0 || v > 2) throw new IllegalArgumentException("FitOptions: verbose must be 0, 1 or 2, got " + v);
            verbose = v;
            return this;
        }

        public Builder shuffle(boolean s) {
            shuffle = s;
            return this;
        }

        /** Seed of the per-epoch shuffles (epoch e uses a permutation derived from seed and e). */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** Holds out the last fraction of the samples (before shuffling) for validation, like Keras. */
        public Builder validationSplit(double f) {
            if (!(f >= 0 && f < 1)) throw new IllegalArgumentException("FitOptions: validationSplit must be in [0, 1), got " + f);
            validationSplit = f;
            return this;
        }

        public Builder validationData(Tensor x, Tensor y) {
            return validationData(new Tensor[] {x}, new Tensor[] {y}, null);
        }

        public Builder validationData(Tensor[] x, Tensor[] y, Tensor sampleWeight) {
            if (x == null || y == null) throw new IllegalArgumentException("FitOptions: validation x and y are required");
            validationX = x.clone();
            validationY = y.clone();
            validationSampleWeight = sampleWeight;
            return this;
        }

        /** Validation batches from a pipeline (iterated once per epoch). */
        public Builder validationData(Iterable<Batch> batches) {
            validationBatches = batches;
            return this;
        }

        public Builder validationBatchSize(int n) {
            if (n < 1) throw new IllegalArgumentException("FitOptions: validationBatchSize must be >= 1, got " + n);
            validationBatchSize = n;
            return this;
        }

        /**
         * Weights per class index, turned into per-sample weights from the targets (sparse labels,
         * or the argmax of one-hot rows; binary (N, 1) targets are rounded). Single-output models.
         */
        public Builder classWeight(Map<Integer, Double> w) {
            classWeight = w;
            return this;
        }

        /** Per-sample weights, shape (N); multiplied with class weights when both are given. */
        public Builder sampleWeight(Tensor w) {
            sampleWeight = w;
            return this;
        }

        public Builder callbacks(Callback... cs) {
            for (Callback c : cs) {
                if (c == null) throw new IllegalArgumentException("FitOptions: a callback is null");
                callbacks.add(c);
            }
            return this;
        }

        /**
         * NaN provenance: checks the inputs, every layer's output (one reduction per tensor) and
         * every gradient, and throws {@link NonFiniteException} naming the first layer, op, epoch
         * and batch with a non-finite value.
         */
        public Builder checkNumerics(boolean on) {
            checkNumerics = on;
            return this;
        }

        /** Logs each layer's gradient L2 norm, averaged over the epoch, as "grad_norm/layerName". */
        public Builder logGradNorms(boolean on) {
            logGradNorms = on;
            return this;
        }

        /** For iterable input: the batches per epoch (the iterator is not restarted within an epoch). */
        public Builder stepsPerEpoch(long n) {
            if (n < 1) throw new IllegalArgumentException("FitOptions: stepsPerEpoch must be >= 1, got " + n);
            stepsPerEpoch = n;
            return this;
        }

        /** Where the progress bar writes (System.out by default). */
        public Builder out(PrintStream p) {
            if (p == null) throw new IllegalArgumentException("FitOptions: out is null");
            out = p;
            return this;
        }

        public FitOptions build() {
            if (validationSplit > 0 && (validationX != null || validationBatches != null)) {
                throw new IllegalArgumentException("FitOptions: give validationData or validationSplit, not both");
            }
            if (initialEpoch > epochs) {
                throw new IllegalArgumentException("FitOptions: initialEpoch " + initialEpoch + " is after epochs " + epochs
                        + " (epochs is the index of the last epoch + 1)");
            }
            return new FitOptions(this);
        }
    }
}
