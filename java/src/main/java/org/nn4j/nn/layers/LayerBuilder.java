package org.nn4j.nn.layers;

import org.nn4j.DType;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;

/**
 * The options every layer builder has: name, seed, trainable and dtype. Each layer's
 * {@code builder(required args)} returns a subclass that adds the layer's own options, e.g.
 * {@code Dense.builder(128).activation("relu").kernelRegularizer(Regularizers.l2(1e-4)).name("fc1").build()}.
 *
 * @param <B> the concrete builder (setters return it)
 * @param <L> the layer it builds
 */
public abstract class LayerBuilder<B extends LayerBuilder<B, L>, L extends Layer> {
    String name;
    private Long seed;
    private boolean trainable = true;
    private DType dtype = DType.FLOAT32;

    protected LayerBuilder() {}

    /** The name given, or null for an automatic one. */
    protected final String layerName() {
        return name;
    }

    /** The layer's name; when not given, the snake_case type name with a counter (dense, dense_1, ...). */
    public final B name(String n) {
        name = n;
        return self();
    }

    /** The seed of the layer's initializers and per-step randomness (models set one when not given). */
    public final B seed(long s) {
        seed = s;
        return self();
    }

    /** Whether optimizers update the layer (a frozen BatchNormalization also runs in inference mode). */
    public final B trainable(boolean t) {
        trainable = t;
        return self();
    }

    /** The weights' dtype: FLOAT32 (default) or FLOAT64 (gradient checks). */
    public final B dtype(DType d) {
        dtype = d;
        return self();
    }

    @SuppressWarnings("unchecked")
    protected final B self() {
        return (B) this;
    }

    /** Makes the layer from the options (constructors validate their arguments). */
    protected abstract L create();

    public final L build() {
        L layer = create();
        if (seed != null) layer.seed(seed);
        layer.setTrainable(trainable);
        layer.dtype(dtype);
        return layer;
    }

    /** Reads the common keys of a saved config (name; trainable, seed and dtype through build). */
    final B common(Config c) {
        name = c.getString("name", null);
        if (c.has("seed")) seed = c.getLong("seed");
        trainable = c.getBool("trainable", true);
        if (c.has("dtype")) dtype = c.getEnum("dtype", DType.class);
        return self();
    }
}
