package org.nn4j.nn.layers;

import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.nn4j.Tensor;
import org.nn4j.nn.Layer;

/**
 * One line of the layer catalog: how to make the layer, the per-sample input shapes (odd sizes),
 * the output shape and parameter counts worked out by hand from the formulas (CURRICULUM API9,
 * K15), and an independent reference of its inference forward built from other ops or plain
 * Java on the layer's own weights.
 */
record LayerCase(String label, Supplier<Layer> make, long[][] inputs, long[] output, long params, long nonTrainable,
                 BiFunction<Layer, Tensor[], Tensor> reference, double inputScale) {
    LayerCase(String label, Supplier<Layer> make, long[][] inputs, long[] output, long params, long nonTrainable,
              BiFunction<Layer, Tensor[], Tensor> reference) {
        this(label, make, inputs, output, params, nonTrainable, reference, 1);
    }

    /** The same case with inputs drawn from [-scale, scale). */
    LayerCase scaled(double scale) {
        return new LayerCase(label, make, inputs, output, params, nonTrainable, reference, scale);
    }

    static long[][] in(long[]... shapes) {
        return shapes;
    }

    static long[] s(long... dims) {
        return dims;
    }

    @Override
    public String toString() {
        return label;
    }
}
