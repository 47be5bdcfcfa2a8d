package org.nn4j.models;

import java.util.Arrays;
import org.nn4j.Tensor;

/**
 * One batch for {@link Model#fit(Iterable, FitOptions)} and friends: the model inputs, the
 * targets (one per output; empty for prediction) and optional per-sample weights of shape (N).
 * Dimension 0 of every tensor is the batch.
 *
 * <p>Ownership: fit pulls each batch from the iterator inside the training step's
 * {@link org.nn4j.Scope}, so tensors a pipeline creates in {@code next()} are closed after the
 * step; tensors made before (a pre-built list of batches) belong to their creator.
 */
public final class Batch {
    private final Tensor[] x;
    private final Tensor[] y;
    private final Tensor sampleWeight;

    public Batch(Tensor[] x, Tensor[] y, Tensor sampleWeight) {
        if (x == null || x.length == 0) throw new IllegalArgumentException("Batch: no inputs");
        for (int i = 0; i < x.length; i++) if (x[i] == null) throw new IllegalArgumentException("Batch: input " + i + " is null");
        this.x = x.clone();
        this.y = y == null ? new Tensor[0] : y.clone();
        for (int i = 0; i < this.y.length; i++) {
            if (this.y[i] == null) throw new IllegalArgumentException("Batch: target " + i + " is null");
        }
        this.sampleWeight = sampleWeight;
    }

    /** A single-input, single-output batch. */
    public static Batch of(Tensor x, Tensor y) {
        return new Batch(new Tensor[] {x}, y == null ? null : new Tensor[] {y}, null);
    }

    public static Batch of(Tensor[] x, Tensor[] y) {
        return new Batch(x, y, null);
    }

    public Tensor[] x() {
        return x.clone();
    }

    public Tensor[] y() {
        return y.clone();
    }

    public Tensor sampleWeight() {
        return sampleWeight;
    }

    /** The batch size: dimension 0 of the first input. */
    public long size() {
        return x[0].rank() == 0 ? 1 : x[0].dim(0);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Batch(x=");
        b.append(Arrays.toString(Arrays.stream(x).map(Tensor::shape).toArray()));
        b.append(", y=").append(Arrays.toString(Arrays.stream(y).map(Tensor::shape).toArray()));
        if (sampleWeight != null) b.append(", sampleWeight=").append(sampleWeight.shape());
        return b.append(')').toString();
    }
}
