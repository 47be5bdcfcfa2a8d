package org.nn4j.nn.layers;

import org.nn4j.nn.Config;
import org.nn4j.ops.nn.Recurrent;

/**
 * Fully connected recurrent layer (CURRICULUM S1): h_t = tanh(x_t W + h_{t−1} U + b), h_0 = 0 or
 * given. Weights kernel (F, units), recurrent_kernel (units, units), bias (units):
 * units·(F + units) + units parameters, independent of the sequence length. Options: see
 * {@link RecurrentLayer}; the activation is tanh (the native kernel's).
 *
 * <pre>{@code
 * new SimpleRNN(32);
 * SimpleRNN.builder(32).returnSequences(true).build();
 * }</pre>
 */
public final class SimpleRNN extends RecurrentLayer {
    public SimpleRNN(long units) {
        this(builder(units));
    }

    private SimpleRNN(Builder b) {
        super(b);
    }

    public static Builder builder(long units) {
        return new Builder(units);
    }

    @Override
    protected Recurrent.CellType cellType() {
        return Recurrent.CellType.TANH;
    }

    @Override
    protected long[] biasShape(long units) {
        return new long[] {units};
    }

    public static SimpleRNN fromConfig(Config c) {
        return readConfig(builder(c.getLong("units")), c).build();
    }

    public static final class Builder extends RecurrentLayer.Builder<Builder, SimpleRNN> {
        private Builder(long units) {
            super("SimpleRNN", units);
        }

        @Override
        protected SimpleRNN create() {
            return new SimpleRNN(this);
        }
    }
}
