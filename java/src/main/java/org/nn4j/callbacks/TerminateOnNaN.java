package org.nn4j.callbacks;

import java.io.PrintStream;
import java.util.Map;

/** Stops training at the first batch whose running loss is NaN or infinite. */
public final class TerminateOnNaN extends Callback {
    private final PrintStream out;
    private int stoppedBatch = -1;

    public TerminateOnNaN() {
        this(System.out);
    }

    public TerminateOnNaN(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        stoppedBatch = -1;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        Double loss = logs.get("loss");
        if (loss != null && !Double.isFinite(loss)) {
            stoppedBatch = batch;
            if (out != null) out.println("Batch " + batch + ": Invalid loss, terminating training");
            model().setStopTraining(true);
        }
    }

    /** The batch (within its epoch) that stopped training, or -1. */
    public int stoppedBatch() {
        return stoppedBatch;
    }
}
