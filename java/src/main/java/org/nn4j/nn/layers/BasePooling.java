package org.nn4j.nn.layers;

import java.util.Locale;
import java.util.function.Function;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;
import org.nn4j.ops.nn.Pooling;

/**
 * Max, average or min pooling of each channel of (C, spatial...) samples over 1 to 3 spatial axes
 * (CURRICULUM C5, K6): max pads with -inf, min with +inf, average leaves pads out of the divisor;
 * ties go to the first element. No parameters. Defaults: pool 2, strides = pool, valid.
 */
public abstract class BasePooling extends Layer {
    private final Pooling.Kind kind;
    private final int nsp;
    private final long[] poolSize, strides;
    private final Pooling.Padding padding;
    private final Pooling.Options options;

    BasePooling(Pooling.Kind kind, Builder<?> b) {
        super(b.layerName());
        String t = getClass().getSimpleName();
        this.kind = kind;
        nsp = b.nsp;
        poolSize = Args.spread(t, "pool size", b.poolSize, nsp, 1);
        strides = b.strides == null ? poolSize.clone() : Args.spread(t, "strides", b.strides, nsp, 1);
        padding = b.padding;
        options = Pooling.Options.builder(poolSize).stride(strides).padding(padding).build();
    }

    public final long[] poolSize() {
        return poolSize.clone();
    }

    public final long[] strides() {
        return strides.clone();
    }

    public final Pooling.Padding padding() {
        return padding;
    }

    @Override
    public final Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        if (in[0].rank() != nsp + 1) {
            throw error("needs (C, " + (nsp == 1 ? "L" : nsp == 2 ? "H, W" : "D, H, W") + ") per sample, got " + in[0]);
        }
        try {
            return new Shape[] {Args.perSample(Pooling.outputShape(Args.batched(in[0]), options))};
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    @Override
    protected final boolean compatibleRebuild(Shape[] built, Shape[] now) {
        return true;
    }

    @Override
    protected final Tensor[] forward(CallContext ctx, Tensor... inputs) {
        return one(Pooling.pool(kind, inputs[0], options));
    }

    @Override
    public final Config config() {
        return super.config().put("pool_size", poolSize).put("strides", strides)
                .put("padding", padding.name().toLowerCase(Locale.ROOT));
    }

    static <L extends BasePooling> L fromConfig(Config c, Builder<L> b) {
        return b.poolSize(c.getLongArray("pool_size")).strides(c.getLongArray("strides")).padding(c.getString("padding", "valid"))
                .common(c).build();
    }

    /** Options of a pooling layer. */
    public static final class Builder<L extends BasePooling> extends LayerBuilder<Builder<L>, L> {
        private final int nsp;
        private final Function<Builder<L>, L> factory;
        private long[] poolSize = {2}, strides;
        private Pooling.Padding padding = Pooling.Padding.VALID;

        Builder(int nsp, Function<Builder<L>, L> factory) {
            this.nsp = nsp;
            this.factory = factory;
        }

        /** One window size for every spatial axis, or one per axis. */
        public Builder<L> poolSize(long... p) {
            poolSize = p.clone();
            return this;
        }

        /** One stride for every spatial axis, or one per axis; default: the pool size. */
        public Builder<L> strides(long... s) {
            strides = s.clone();
            return this;
        }

        /** "valid" or "same". */
        public Builder<L> padding(String mode) {
            String m = mode == null ? "" : mode.toLowerCase(Locale.ROOT);
            if (!m.equals("valid") && !m.equals("same")) {
                throw new IllegalArgumentException("unknown pooling padding '" + mode + "'; use valid or same");
            }
            padding = m.equals("same") ? Pooling.Padding.SAME : Pooling.Padding.VALID;
            return this;
        }

        @Override
        protected L create() {
            return factory.apply(this);
        }
    }
}
