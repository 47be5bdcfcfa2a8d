package org.nn4j.nn.layers;

import java.util.List;
import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.ops.nn.Recurrent;

/**
 * Gated recurrent unit (CURRICULUM K13, S4), gates [z, r, h̃]:
 * <pre>
 *   z = σ(x W_z + h U_z + b_z),  r = σ(x W_r + h U_r + b_r)
 *   h̃ = tanh(x W_h + (r ⊙ h) U_h + b_h)                 (resetAfter = false)
 *   h̃ = tanh(x W_h + b_h + r ⊙ (h U_h + b'_h))          (resetAfter = true, the default)
 *   h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃
 * </pre>
 * The teaching form c_t = Γu ⊙ c̃ + (1 − Γu) ⊙ c_{t−1} is this cell with Γu = 1 − z.
 *
 * <p>Weights (Keras layout): kernel (F, 3·units), recurrent_kernel (units, 3·units) and bias
 * (3·units), or with resetAfter bias (2, 3·units): row 0 the input bias, row 1 the recurrent
 * bias (for z and r the two rows add; for h̃ row 1 is b'_h). Parameters 3·(F·units + units² +
 * units), plus 3·units with resetAfter.
 *
 * <pre>{@code
 * new GRU(32);
 * GRU.builder(32).resetAfter(false).returnSequences(true).build();
 * }</pre>
 */
public final class GRU extends RecurrentLayer {
    private final boolean resetAfter;

    public GRU(long units) {
        this(builder(units));
    }

    private GRU(Builder b) {
        super(b);
        this.resetAfter = b.resetAfter;
    }

    public static Builder builder(long units) {
        return new Builder(units);
    }

    public boolean resetAfter() {
        return resetAfter;
    }

    @Override
    protected Recurrent.CellType cellType() {
        return resetAfter ? Recurrent.CellType.GRU_RESET_AFTER : Recurrent.CellType.GRU;
    }

    @Override
    protected long[] biasShape(long units) {
        return resetAfter ? new long[] {2, 3 * units} : new long[] {3 * units};
    }

    /** (2, 3H) -> the kernel's [b_z, b_r, b_h, b'_h]: input and recurrent biases add for z and r. */
    @Override
    protected Tensor nativeBias(Tensor bias, List<Tensor> temps) {
        if (!resetAfter) return bias;
        long h = units();
        Tensor in = track(bias.select(0, 0), temps), rec = track(bias.select(0, 1), temps);
        Tensor zr = track(track(in.slice(0, 0, 2 * h), temps).add(track(rec.slice(0, 0, 2 * h), temps)), temps);
        return track(Tensor.concat(0, zr, track(in.slice(0, 2 * h, 3 * h), temps),
                track(rec.slice(0, 2 * h, 3 * h), temps)), temps);
    }

    private static Tensor track(Tensor t, List<Tensor> temps) {
        temps.add(t);
        return t;
    }

    @Override
    public Config config() {
        return super.config().put("resetAfter", resetAfter);
    }

    public static GRU fromConfig(Config c) {
        Builder b = readConfig(builder(c.getLong("units")), c);
        b.resetAfter(c.getBool("resetAfter", true));
        return b.build();
    }

    public static final class Builder extends RecurrentLayer.Builder<Builder, GRU> {
        private boolean resetAfter = true;

        private Builder(long units) {
            super("GRU", units);
        }

        /** Apply the reset gate after the recurrent product (Keras, PyTorch and cuDNN default: true). */
        public Builder resetAfter(boolean flag) {
            this.resetAfter = flag;
            return this;
        }

        @Override
        protected GRU create() {
            return new GRU(this);
        }
    }
}
