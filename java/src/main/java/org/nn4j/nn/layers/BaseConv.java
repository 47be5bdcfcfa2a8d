package org.nn4j.nn.layers;

import java.util.Locale;
import org.nn4j.Shape;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;
import org.nn4j.nn.init.Initializer;
import org.nn4j.nn.init.Initializers;
import org.nn4j.nn.regularizers.Regularizer;
import org.nn4j.ops.nn.Convolution;
import org.nn4j.ops.nn.Convolution.Padding;

/**
 * What every convolution layer shares (CURRICULUM K5, K6, C1): samples (C_in, spatial...) with
 * nsp spatial axes, kernel size, strides, padding (valid, same, causal for 1-D, or explicit
 * begin/end pads), dilation, activation, bias and its initializer / regularizer. Defaults:
 * stride 1, valid, dilation 1, bias on (zeros), linear.
 */
public abstract class BaseConv extends Layer {
    final int nsp;
    final long[] kernelSize, strides, dilation, padBegin, padEnd;
    final Padding padding;
    final ActivationFunction activation;
    final boolean useBias;
    final Initializer biasInitializer;
    final Regularizer biasRegularizer;

    BaseConv(Builder<?, ?> b) {
        super(b.layerName());
        String t = getClass().getSimpleName();
        nsp = b.nsp;
        kernelSize = Args.spread(t, "kernel size", b.kernelSize, nsp, 1);
        strides = Args.spread(t, "strides", b.strides, nsp, 1);
        dilation = Args.spread(t, "dilation", b.dilation, nsp, 1);
        padding = b.padding;
        if (padding == Padding.EXPLICIT) {
            padBegin = Args.spread(t, "pad begin", b.padBegin, nsp, 0);
            padEnd = Args.spread(t, "pad end", b.padEnd, nsp, 0);
        } else {
            padBegin = padEnd = null;
        }
        if (padding == Padding.CAUSAL && nsp != 1) {
            throw new IllegalArgumentException(t + ": causal padding is for 1-D convolutions");
        }
        activation = b.activation;
        useBias = b.useBias;
        biasInitializer = b.biasInitializer;
        biasRegularizer = b.biasRegularizer;
    }

    public final long[] kernelSize() {
        return kernelSize.clone();
    }

    public final long[] strides() {
        return strides.clone();
    }

    public final long[] dilation() {
        return dilation.clone();
    }

    public final Padding padding() {
        return padding;
    }

    public final ActivationFunction activation() {
        return activation;
    }

    /** The ops' options for this geometry and {@code groups}. */
    final Convolution.Options.Builder options(long groups) {
        Convolution.Options.Builder o = Convolution.Options.builder().stride(strides).dilation(dilation).groups(groups);
        if (padding == Padding.EXPLICIT) o.padding(padBegin, padEnd);
        else o.padding(padding);
        return o;
    }

    /** The input channels of a per-sample shape (C, spatial...), or an error naming the layer. */
    final long inputChannels(Shape in) {
        if (in.rank() != nsp + 1) {
            throw error("needs (C, " + (nsp == 1 ? "L" : nsp == 2 ? "H, W" : "D, H, W") + ") per sample, got " + in);
        }
        if (in.dim(0) < 1) throw error("input " + in + " has no channels");
        return in.dim(0);
    }

    /** The shape function of an op, with its message prefixed by this layer's name. */
    final Shape opShape(java.util.function.Supplier<Shape> f) {
        try {
            return Args.perSample(f.get());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    @Override
    protected boolean compatibleRebuild(Shape[] built, Shape[] now) {
        // other spatial sizes are fine; the channels fix the weights
        return built[0].rank() == now[0].rank() && built[0].dim(0) == now[0].dim(0);
    }

    /** Adds the shared keys; subclasses add theirs. */
    @Override
    public Config config() {
        Config c = super.config().put("kernel_size", kernelSize).put("strides", strides)
                .put("padding", padding.name().toLowerCase(Locale.ROOT)).put("dilation_rate", dilation)
                .put("activation", activation.config()).put("use_bias", useBias);
        if (padding == Padding.EXPLICIT) c.put("pad_begin", padBegin).put("pad_end", padEnd);
        Args.put(c, "bias_initializer", biasInitializer);
        Args.put(c, "bias_regularizer", biasRegularizer);
        return c;
    }

    /**
     * The options all convolution builders share.
     *
     * @param <B> the concrete builder
     * @param <L> the layer it builds
     */
    public abstract static class Builder<B extends Builder<B, L>, L extends BaseConv> extends LayerBuilder<B, L> {
        final int nsp;
        final long[] kernelSize;
        long[] strides = {1}, dilation = {1}, padBegin, padEnd;
        Padding padding = Padding.VALID;
        ActivationFunction activation = ActivationFunction.LINEAR;
        boolean useBias = true;
        Initializer biasInitializer = Initializers.zeros();
        Regularizer biasRegularizer;

        Builder(int nsp, long[] kernelSize) {
            this.nsp = nsp;
            this.kernelSize = kernelSize == null ? null : kernelSize.clone();
        }

        /** One stride for every spatial axis, or one per axis. */
        public final B strides(long... s) {
            strides = s.clone();
            return self();
        }

        /** One dilation for every spatial axis, or one per axis (effective kernel d(k - 1) + 1). */
        public final B dilation(long... d) {
            dilation = d.clone();
            return self();
        }

        /** "valid", "same" (K6: out = ceil(n / s), odd pixel at the end) or "causal" (1-D). */
        public final B padding(String mode) {
            try {
                return padding(Padding.valueOf(mode.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("unknown padding '" + mode + "'; use valid, same or causal, or explicit pads");
            }
        }

        public final B padding(Padding p) {
            if (p == null || p == Padding.EXPLICIT) {
                throw new IllegalArgumentException("padding " + p + ": give explicit pads with padding(long...) or padding(long[], long[])");
            }
            padding = p;
            return self();
        }

        /** Explicit zero pads on both sides: one value for every axis, or one per axis. */
        public final B padding(long... pads) {
            return padding(pads, pads);
        }

        /** Explicit, possibly asymmetric pads before and after each spatial axis. */
        public final B padding(long[] begin, long[] end) {
            padBegin = begin.clone();
            padEnd = end.clone();
            padding = Padding.EXPLICIT;
            return self();
        }

        public final B activation(ActivationFunction a) {
            activation = a == null ? ActivationFunction.LINEAR : a;
            return self();
        }

        public final B activation(String id) {
            return activation(ActivationFunction.of(id));
        }

        public final B useBias(boolean b) {
            useBias = b;
            return self();
        }

        public final B biasInitializer(Initializer i) {
            biasInitializer = java.util.Objects.requireNonNull(i, "biasInitializer");
            return self();
        }

        public final B biasInitializer(String id) {
            return biasInitializer(Initializers.get(id));
        }

        public final B biasRegularizer(Regularizer r) {
            biasRegularizer = r;
            return self();
        }

        /** Reads the shared keys of a saved config. */
        final B readShared(Config c) {
            common(c);
            strides(c.getLongArray("strides"));
            dilation(c.getLongArray("dilation_rate"));
            String p = c.getString("padding", "valid");
            if (p.equals("explicit")) padding(c.getLongArray("pad_begin"), c.getLongArray("pad_end"));
            else padding(p);
            activation(Args.activation(c));
            useBias(c.getBool("use_bias", true));
            biasInitializer(Args.init(c, "bias_initializer", Initializers.zeros()));
            return biasRegularizer(Args.reg(c, "bias_regularizer"));
        }
    }
}
