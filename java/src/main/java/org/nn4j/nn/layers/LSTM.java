package org.nn4j.nn.layers;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.nn.init.Initializer;
import org.nn4j.ops.nn.Recurrent;

/**
 * Long short-term memory (CURRICULUM K14, S3), gates [i, f, c̃, o]:
 * <pre>
 *   i, f, o = σ(x W + h U + b) (their blocks),  c̃ = tanh(x W_c + h U_c + b_c)
 *   c_t = f ⊙ c_{t−1} + i ⊙ c̃,  h_t = o ⊙ tanh(c_t)
 * </pre>
 * Weights (Keras layout): kernel (F, 4·units), recurrent_kernel (units, 4·units), bias
 * (4·units): 4·(F·units + units² + units) parameters. States (h, c); with returnState the
 * outputs are [output, h, c], and initial states are passed as inputs (x, h0, c0).
 * {@code unitForgetBias} (default true) sets the forget block of the initial bias to 1.
 *
 * <pre>{@code
 * new LSTM(64);
 * LSTM.builder(64).returnSequences(true).returnState(true).build();
 * }</pre>
 */
public final class LSTM extends RecurrentLayer {
    private final boolean unitForgetBias;

    public LSTM(long units) {
        this(builder(units));
    }

    private LSTM(Builder b) {
        super(b);
        this.unitForgetBias = b.unitForgetBias;
    }

    public static Builder builder(long units) {
        return new Builder(units);
    }

    public boolean unitForgetBias() {
        return unitForgetBias;
    }

    @Override
    protected Recurrent.CellType cellType() {
        return Recurrent.CellType.LSTM;
    }

    @Override
    protected long[] biasShape(long units) {
        return new long[] {4 * units};
    }

    @Override
    protected Initializer effectiveBiasInitializer() {
        Initializer base = super.effectiveBiasInitializer();
        return unitForgetBias ? new ForgetBiasOne(base, units()) : base;
    }

    @Override
    public Config config() {
        return super.config().put("unitForgetBias", unitForgetBias);
    }

    public static LSTM fromConfig(Config c) {
        Builder b = readConfig(builder(c.getLong("units")), c);
        b.unitForgetBias(c.getBool("unitForgetBias", true));
        return b.build();
    }

    /** The bias initializer's values with the forget block [units, 2·units) set to 1 (K14). */
    private static final class ForgetBiasOne implements Initializer {
        private final Initializer base;
        private final long units;

        ForgetBiasOne(Initializer base, long units) {
            this.base = base;
            this.units = units;
        }

        @Override
        public Tensor initialize(long[] shape, long fanIn, long fanOut, long seed) {
            float[] v;
            try (Tensor b = base.initialize(shape, fanIn, fanOut, seed)) {
                v = b.toFloatArray();
            }
            for (long j = units; j < 2 * units; j++) v[(int) j] = 1f;
            return Tensor.of(v, shape);
        }

        /** Not saved: the layer's config holds the base initializer and the unitForgetBias flag. */
        @Override
        public Config config() {
            return base.config().put("unitForgetBias", true);
        }
    }

    public static final class Builder extends RecurrentLayer.Builder<Builder, LSTM> {
        private boolean unitForgetBias = true;

        private Builder(long units) {
            super("LSTM", units);
        }

        /** Initialize the forget-gate bias to 1 (default true). */
        public Builder unitForgetBias(boolean flag) {
            this.unitForgetBias = flag;
            return this;
        }

        @Override
        protected LSTM create() {
            return new LSTM(this);
        }
    }
}
