package org.nn4j.nn;

import org.nn4j.Tensor;
import org.nn4j.nn.regularizers.Regularizer;

/**
 * A named weight of a layer: a leaf tensor of the layer's dtype (float32 unless the layer says
 * otherwise) that requires grad when trainable. Optimizers update {@link #value()} in place (its
 * storage never changes, so references stay valid); {@link #assign} copies new values in
 * (loading, restoring best weights).
 *
 * <p>Non-trainable variables (BatchNormalization's moving mean and variance) are updated by their
 * layer in training mode, never by an optimizer, and count as non-trainable parameters.
 */
public final class Variable implements AutoCloseable {
    private final String name;
    private final Tensor value;
    private final boolean trainable;
    private final Regularizer regularizer;
    private Layer owner;

    public Variable(String name, Tensor value, boolean trainable, Regularizer regularizer) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("Variable: name is empty");
        this.name = name;
        this.value = value;
        this.trainable = trainable;
        this.regularizer = regularizer;
        if (trainable) value.requiresGrad(true);
    }

    /** The weight's name within its layer, e.g. "kernel", "bias", "moving_mean". */
    public String name() {
        return name;
    }

    /** "layerName/weightName": unique within a model; the key used in saved weight files. */
    public String path() {
        return owner == null ? name : owner.name() + "/" + name;
    }

    public Tensor value() {
        return value;
    }

    /** Trainable by declaration; the effective flag also needs the owning layer to be trainable. */
    public boolean declaredTrainable() {
        return trainable;
    }

    /** Whether an optimizer updates this variable now (declared trainable and layer not frozen). */
    public boolean trainable() {
        return trainable && (owner == null || owner.isTrainable());
    }

    public Regularizer regularizer() {
        return regularizer;
    }

    public long[] shape() {
        return value.dims();
    }

    public long numel() {
        return value.numel();
    }

    /** Copies values in (same shape required); not recorded by autograd. */
    public void assign(Tensor newValue) {
        if (!java.util.Arrays.equals(newValue.dims(), value.dims())) {
            throw new IllegalArgumentException("Variable " + path() + ": cannot assign shape "
                    + newValue.shape() + " to a variable of shape " + value.shape());
        }
        try (var ng = org.nn4j.autograd.Autograd.noGrad()) {
            value.copyFrom(newValue);
        }
    }

    void setOwner(Layer owner) {
        this.owner = owner;
    }

    public Layer owner() {
        return owner;
    }

    @Override
    public void close() {
        value.close();
    }

    @Override
    public String toString() {
        return "Variable(" + path() + ", " + value.shape() + (trainable() ? "" : ", non-trainable") + ")";
    }
}
