package org.nn4j.bench.train;

import org.nn4j.Tensor;

/** A model under training in nn4j, one way or another ({@link LayerModels}, {@link OpsModels}). */
interface Trainee extends AutoCloseable {
    /** The input shape of one batch. */
    long[] inputShape();

    /** Trainable parameter count. */
    long params();

    /**
     * One SGD step on (x, y), laps of clock after forward (loss included), backward and the
     * update; the step's temporaries are freed before it returns. Returns the loss when wanted
     * (else NaN, saving a host read).
     */
    double step(Tensor x, Tensor y, PhaseClock clock, long arenaMb, boolean wantLoss);

    @Override
    void close();
}
