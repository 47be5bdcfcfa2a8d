package org.nn4j.nn.layers;

import java.util.Locale;
import java.util.Objects;
import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.ops.nn.Activations;

/**
 * An activation function by its Keras id (CURRICULUM §3): linear, sigmoid, tanh, relu, relu6,
 * leaky_relu (alpha 0.01), elu (alpha 1), softsign, softmax and log_softmax (over the last axis).
 * Immutable; the constants are also on {@link Activation} ({@code new Dense(64, Activation.RELU)}).
 */
public final class ActivationFunction {
    public static final ActivationFunction LINEAR = new ActivationFunction("linear", 0);
    public static final ActivationFunction SIGMOID = new ActivationFunction("sigmoid", 0);
    public static final ActivationFunction TANH = new ActivationFunction("tanh", 0);
    public static final ActivationFunction RELU = new ActivationFunction("relu", 0);
    public static final ActivationFunction RELU6 = new ActivationFunction("relu6", 0);
    public static final ActivationFunction LEAKY_RELU = new ActivationFunction("leaky_relu", Activations.DEFAULT_LEAKY_ALPHA);
    public static final ActivationFunction ELU = new ActivationFunction("elu", Activations.DEFAULT_ELU_ALPHA);
    public static final ActivationFunction SOFTSIGN = new ActivationFunction("softsign", 0);
    public static final ActivationFunction SOFTMAX = new ActivationFunction("softmax", 0);
    public static final ActivationFunction LOG_SOFTMAX = new ActivationFunction("log_softmax", 0);

    private static final ActivationFunction[] ALL = {LINEAR, SIGMOID, TANH, RELU, RELU6, LEAKY_RELU, ELU, SOFTSIGN,
            SOFTMAX, LOG_SOFTMAX};

    private final String id;
    private final double alpha;

    private ActivationFunction(String id, double alpha) {
        this.id = id;
        this.alpha = alpha;
    }

    /** x > 0 ? x : alpha x. */
    public static ActivationFunction leakyRelu(double alpha) {
        return new ActivationFunction("leaky_relu", finite("leaky_relu", alpha));
    }

    /** x > 0 ? x : alpha (e^x - 1). */
    public static ActivationFunction elu(double alpha) {
        return new ActivationFunction("elu", finite("elu", alpha));
    }

    /** By id ("relu", "leaky_relu", ...; case-insensitive; null means linear). */
    public static ActivationFunction of(String id) {
        if (id == null) return LINEAR;
        String k = id.toLowerCase(Locale.ROOT);
        for (ActivationFunction f : ALL) if (f.id.equals(k)) return f;
        throw new IllegalArgumentException("unknown activation '" + id + "'; use one of linear, sigmoid, tanh, relu, "
                + "relu6, leaky_relu, elu, softsign, softmax, log_softmax");
    }

    public String id() {
        return id;
    }

    /** The slope or scale of leaky_relu / elu (0 for the others). */
    public double alpha() {
        return alpha;
    }

    public boolean isLinear() {
        return this.equals(LINEAR);
    }

    /** f(x); linear returns x itself. */
    public Tensor apply(Tensor x) {
        switch (id) {
            case "linear": return x;
            case "sigmoid": return Activations.sigmoid(x);
            case "tanh": return Activations.tanh(x);
            case "relu": return Activations.relu(x);
            case "relu6": return Activations.relu6(x);
            case "leaky_relu": return Activations.leakyRelu(x, alpha);
            case "elu": return Activations.elu(x, alpha);
            case "softsign": return Activations.softsign(x);
            case "softmax": return Activations.softmax(x, -1);
            case "log_softmax": return Activations.logSoftmax(x, -1);
            default: throw new IllegalStateException("activation " + id);
        }
    }

    /** The id, or {id, alpha} when alpha is not the default: what {@link #fromConfig} reads. */
    public Object config() {
        if (this.equals(of(id))) return id;
        return new Config().put("name", id).put("alpha", alpha);
    }

    /** Reads what {@link #config()} wrote (a String or a Config / Map). */
    @SuppressWarnings("unchecked")
    public static ActivationFunction fromConfig(Object o) {
        if (o == null || o instanceof String) return of((String) o);
        Config c = o instanceof Config ? (Config) o : new Config((java.util.Map<String, Object>) o);
        ActivationFunction base = of(c.getString("name"));
        if (!c.has("alpha")) return base;
        switch (base.id) {
            case "leaky_relu": return leakyRelu(c.getDouble("alpha"));
            case "elu": return elu(c.getDouble("alpha"));
            default: return base;
        }
    }

    private static double finite(String op, double alpha) {
        if (!Double.isFinite(alpha)) throw new IllegalArgumentException(op + ": alpha = " + alpha + " is not finite");
        return alpha;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActivationFunction && ((ActivationFunction) o).id.equals(id)
                && Double.compare(((ActivationFunction) o).alpha, alpha) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, alpha);
    }

    @Override
    public String toString() {
        return alpha != 0 && !this.equals(of(id)) ? id + "(alpha=" + alpha + ")" : id;
    }
}
