package org.nn4j.callbacks;

import java.util.Collections;
import java.util.Map;
import org.nn4j.models.Model;

/**
 * Hooks into {@link Model#fit}, evaluate and predict (API11). Every method does nothing by
 * default; override the ones you need. {@code logs} maps names to values: in batch hooks the
 * running means and metric results of the epoch so far, in {@link #onEpochEnd} the epoch's
 * "loss", metrics, "val_*" entries (and "grad_norm/*" when logged). The map is shared along the
 * callback list, so a callback may add entries ("lr") that later callbacks and History see.
 *
 * <p>{@link #model()} reaches the model: its weights ({@link Model#weights()}), optimizer, and
 * {@link Model#setStopTraining} to end training after the current batch.
 */
public abstract class Callback {
    private Model model;
    private Map<String, Object> params = Collections.emptyMap();

    /** Called by fit, evaluate and predict before any hook. */
    public void setModel(Model model) {
        this.model = model;
    }

    public Model model() {
        return model;
    }

    /** "epochs", "steps" (null when unknown), "verbose", "samples" (null when unknown). */
    public void setParams(Map<String, Object> params) {
        this.params = params == null ? Collections.emptyMap() : params;
    }

    public Map<String, Object> params() {
        return params;
    }

    public void onTrainBegin(Map<String, Double> logs) {}

    public void onTrainEnd(Map<String, Double> logs) {}

    /** @param epoch 0-based */
    public void onEpochBegin(int epoch, Map<String, Double> logs) {}

    /** @param epoch 0-based; logs hold the epoch's training and validation results */
    public void onEpochEnd(int epoch, Map<String, Double> logs) {}

    /** @param batch 0-based within the epoch */
    public void onTrainBatchBegin(int batch, Map<String, Double> logs) {}

    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {}

    /** Evaluation, and validation at the end of each epoch. */
    public void onTestBegin(Map<String, Double> logs) {}

    public void onTestEnd(Map<String, Double> logs) {}

    public void onTestBatchBegin(int batch, Map<String, Double> logs) {}

    public void onTestBatchEnd(int batch, Map<String, Double> logs) {}

    public void onPredictBegin(Map<String, Double> logs) {}

    public void onPredictEnd(Map<String, Double> logs) {}

    public void onPredictBatchBegin(int batch, Map<String, Double> logs) {}

    public void onPredictBatchEnd(int batch, Map<String, Double> logs) {}

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
