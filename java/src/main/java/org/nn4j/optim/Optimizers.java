package org.nn4j.optim;

import java.util.Locale;
import org.nn4j.nn.Config;

/** Optimizers by name (compile("adam"), CURRICULUM API4) and from a saved {@link Optimizer#config()}. */
public final class Optimizers {
    private Optimizers() {}

    /** A new optimizer with default hyper-parameters: sgd, rmsprop, adagrad, adadelta, adam, adamw, nadam. */
    public static Optimizer get(String name) {
        if (name == null) throw new NullPointerException("Optimizers.get: name is null");
        switch (name.toLowerCase(Locale.ROOT)) {
            case SGD.NAME: return new SGD();
            case RMSprop.NAME: return new RMSprop();
            case Adagrad.NAME: return new Adagrad();
            case Adadelta.NAME: return new Adadelta();
            case Adam.NAME: return new Adam();
            case AdamW.NAME: return new AdamW();
            case Nadam.NAME: return new Nadam();
            default: throw unknown(name);
        }
    }

    /** Rebuilds an optimizer from its config (the "name" key picks the type). */
    public static Optimizer fromConfig(Config c) {
        String name = c.getString("name");
        switch (name.toLowerCase(Locale.ROOT)) {
            case SGD.NAME: return SGD.fromConfig(c);
            case RMSprop.NAME: return RMSprop.fromConfig(c);
            case Adagrad.NAME: return Adagrad.fromConfig(c);
            case Adadelta.NAME: return Adadelta.fromConfig(c);
            case Adam.NAME: return Adam.fromConfig(c);
            case AdamW.NAME: return AdamW.fromConfig(c);
            case Nadam.NAME: return Nadam.fromConfig(c);
            default: throw unknown(name);
        }
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown optimizer '" + name
                + "' (known: sgd, rmsprop, adagrad, adadelta, adam, adamw, nadam)");
    }
}
