package org.nn4j.nn.layers;

import org.nn4j.DType;
import org.nn4j.nn.init.Initializers;

/** The recurrent layer variants the layer tests run over, made with random (non-zero) biases. */
enum RecurrentLayerKind {
    SIMPLE_RNN, GRU_RESET_AFTER, GRU_RESET_BEFORE, LSTM;

    /** Extra builder settings applied to every kind. */
    static final class Options {
        boolean returnSequences = true, returnState = true, goBackwards, stateful;
        DType dtype = DType.FLOAT32;

        Options sequences(boolean v) { returnSequences = v; return this; }
        Options state(boolean v) { returnState = v; return this; }
        Options backwards(boolean v) { goBackwards = v; return this; }
        Options stateful(boolean v) { stateful = v; return this; }
        Options dtype(DType v) { dtype = v; return this; }
    }

    RecurrentLayer make(long units, long seed, Options o) {
        RecurrentLayer l = switch (this) {
            case SIMPLE_RNN -> configure(SimpleRNN.builder(units), o).build();
            case GRU_RESET_AFTER -> configure(GRU.builder(units).resetAfter(true), o).build();
            case GRU_RESET_BEFORE -> configure(GRU.builder(units).resetAfter(false), o).build();
            case LSTM -> configure(org.nn4j.nn.layers.LSTM.builder(units), o).build();
        };
        l.seed(seed);
        return l;
    }

    private static <B extends RecurrentLayer.Builder<B, ?>> B configure(B b, Options o) {
        return b.returnSequences(o.returnSequences).returnState(o.returnState).goBackwards(o.goBackwards)
                .stateful(o.stateful).dtype(o.dtype).biasInitializer(Initializers.randomUniform(0.5));
    }

    int states() {
        return this == LSTM ? 2 : 1;
    }
}
