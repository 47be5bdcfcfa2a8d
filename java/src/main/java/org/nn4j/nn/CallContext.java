package org.nn4j.nn;

/**
 * What a forward pass needs to know besides its inputs: training or inference mode (Dropout and
 * BatchNormalization behave differently), and a step counter that seeds per-step randomness
 * (each Dropout call draws a fresh mask from {@code seed(layerSeed)}), so a run is reproducible.
 *
 * <p>{@link #observer()} lets the training loop look at every layer's output as it is produced
 * (NaN provenance); layers never call it themselves, {@link Layer#call} does.
 */
public final class CallContext {
    /** Observes each layer's outputs right after its forward (for NaN provenance, logging). */
    @FunctionalInterface
    public interface Observer {
        void onOutput(Layer layer, org.nn4j.Tensor[] outputs);
    }

    public static final CallContext INFERENCE = new CallContext(false, 0, null);

    private final boolean training;
    private final long step;
    private final Observer observer;

    private CallContext(boolean training, long step, Observer observer) {
        this.training = training;
        this.step = step;
        this.observer = observer;
    }

    /** Training mode at the given step (the step seeds Dropout masks). */
    public static CallContext training(long step) {
        return new CallContext(true, step, null);
    }

    public static CallContext inference() {
        return INFERENCE;
    }

    public CallContext withObserver(Observer o) {
        return new CallContext(training, step, o);
    }

    public boolean training() {
        return training;
    }

    public long step() {
        return step;
    }

    public Observer observer() {
        return observer;
    }

    /** A per-layer, per-step random stream offset: mixes the layer's seed with the step. */
    public long seed(long layerSeed) {
        return Seeds.mix(layerSeed, step);
    }
}
