package org.nn4j.nn.init;

import java.util.Locale;
import org.nn4j.nn.Config;

/** The built-in initializers by name (CURRICULUM §5), and their re-creation from a saved config. */
public final class Initializers {
    private Initializers() {}

    public static Initializer zeros() { return new Constant(0); }
    public static Initializer ones() { return new Constant(1); }
    public static Initializer constant(double c) { return new Constant(c); }

    /** U(±0.05). */
    public static Initializer randomUniform() { return new RandomInit(Distribution.UNIFORM, 0, 0.05); }
    public static Initializer randomUniform(double limit) { return new RandomInit(Distribution.UNIFORM, 0, limit); }
    /** N(0, 0.05²). */
    public static Initializer randomNormal() { return new RandomInit(Distribution.NORMAL, 0, 0.05); }
    public static Initializer randomNormal(double mean, double std) { return new RandomInit(Distribution.NORMAL, mean, std); }
    public static Initializer truncatedNormal(double mean, double std) {
        return new RandomInit(Distribution.TRUNCATED_NORMAL, mean, std);
    }

    /** U(±1/√fan_in) (PyTorch's Linear default). */
    public static Initializer fanInUniform() { return new VarianceScaling(1.0 / 3, VarianceScaling.Mode.FAN_IN, Distribution.UNIFORM); }
    public static Initializer lecunNormal() { return new VarianceScaling(1, VarianceScaling.Mode.FAN_IN, Distribution.NORMAL); }
    public static Initializer lecunUniform() { return new VarianceScaling(1, VarianceScaling.Mode.FAN_IN, Distribution.UNIFORM); }
    public static Initializer glorotNormal() { return new VarianceScaling(1, VarianceScaling.Mode.FAN_AVG, Distribution.NORMAL); }
    /** The default kernel initializer. */
    public static Initializer glorotUniform() { return new VarianceScaling(1, VarianceScaling.Mode.FAN_AVG, Distribution.UNIFORM); }
    public static Initializer heNormal() { return new VarianceScaling(2, VarianceScaling.Mode.FAN_IN, Distribution.NORMAL); }
    public static Initializer heUniform() { return new VarianceScaling(2, VarianceScaling.Mode.FAN_IN, Distribution.UNIFORM); }
    public static Initializer xavierUniform() { return glorotUniform(); }
    public static Initializer xavierNormal() { return glorotNormal(); }
    /** The default recurrent kernel initializer. */
    public static Initializer orthogonal() { return new Orthogonal(1); }
    public static Initializer orthogonal(double gain) { return new Orthogonal(gain); }

    /** By Keras-style name: "glorot_uniform", "he_normal", "zeros", ... */
    public static Initializer get(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "zeros": return zeros();
            case "ones": return ones();
            case "random_uniform": return randomUniform();
            case "random_normal": return randomNormal();
            case "truncated_normal": return truncatedNormal(0, 0.05);
            case "fan_in_uniform": return fanInUniform();
            case "lecun_normal": return lecunNormal();
            case "lecun_uniform": return lecunUniform();
            case "glorot_normal": case "xavier_normal": return glorotNormal();
            case "glorot_uniform": case "xavier_uniform": return glorotUniform();
            case "he_normal": return heNormal();
            case "he_uniform": return heUniform();
            case "orthogonal": return orthogonal();
            default:
                throw new IllegalArgumentException("unknown initializer '" + name + "'; use one of zeros, ones, "
                        + "random_uniform, random_normal, truncated_normal, fan_in_uniform, lecun_normal, lecun_uniform, "
                        + "glorot_normal, glorot_uniform, he_normal, he_uniform, orthogonal");
        }
    }

    /** Re-creates an initializer from its {@link Initializer#config()}. */
    public static Initializer fromConfig(Config c) {
        String type = c.getString("type");
        switch (type) {
            case "constant": return new Constant(c.getDouble("value"));
            case "random": return new RandomInit(c.getEnum("distribution", Distribution.class), c.getDouble("mean"), c.getDouble("scale"));
            case "variance_scaling":
                return new VarianceScaling(c.getDouble("scale"), c.getEnum("mode", VarianceScaling.Mode.class),
                        c.getEnum("distribution", Distribution.class));
            case "orthogonal": return new Orthogonal(c.getDouble("gain"));
            default: throw new IllegalArgumentException("unknown initializer type '" + type + "' in config " + c);
        }
    }
}
