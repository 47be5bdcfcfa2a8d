package org.nn4j.callbacks;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** A callback from lambdas, for one-off hooks: {@code new LambdaCallback().onEpochEnd((e, logs) -> ...)}. */
public final class LambdaCallback extends Callback {
    private Consumer<Map<String, Double>> trainBegin = l -> {};
    private Consumer<Map<String, Double>> trainEnd = l -> {};
    private BiConsumer<Integer, Map<String, Double>> epochBegin = (e, l) -> {};
    private BiConsumer<Integer, Map<String, Double>> epochEnd = (e, l) -> {};
    private BiConsumer<Integer, Map<String, Double>> batchBegin = (b, l) -> {};
    private BiConsumer<Integer, Map<String, Double>> batchEnd = (b, l) -> {};

    public LambdaCallback onTrainBegin(Consumer<Map<String, Double>> f) {
        trainBegin = f;
        return this;
    }

    public LambdaCallback onTrainEnd(Consumer<Map<String, Double>> f) {
        trainEnd = f;
        return this;
    }

    public LambdaCallback onEpochBegin(BiConsumer<Integer, Map<String, Double>> f) {
        epochBegin = f;
        return this;
    }

    public LambdaCallback onEpochEnd(BiConsumer<Integer, Map<String, Double>> f) {
        epochEnd = f;
        return this;
    }

    public LambdaCallback onTrainBatchBegin(BiConsumer<Integer, Map<String, Double>> f) {
        batchBegin = f;
        return this;
    }

    public LambdaCallback onTrainBatchEnd(BiConsumer<Integer, Map<String, Double>> f) {
        batchEnd = f;
        return this;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        trainBegin.accept(logs);
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        trainEnd.accept(logs);
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        epochBegin.accept(epoch, logs);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochEnd.accept(epoch, logs);
    }

    @Override
    public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
        batchBegin.accept(batch, logs);
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        batchEnd.accept(batch, logs);
    }
}
