package org.nn4j.nn.layers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Layer;

/**
 * Bad input shapes and bad arguments give an IllegalArgumentException that names the layer (type
 * and name) and the problem, before any native call.
 */
class LayerErrorsTest {
    static void fails(Executable e, String... fragments) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        for (String f : fragments) assertTrue(ex.getMessage().contains(f), "'" + f + "' not in: " + ex.getMessage());
    }

    static Shape sh(long... d) {
        return Shape.of(d);
    }

    @Test
    void wrongInputShapesNameTheLayer() {
        Layer dense = Dense.builder(3).name("fc").build();
        fails(() -> dense.outputShapes(sh()), "Dense 'fc'", "feature axis");
        Layer conv = Conv2D.builder(4, 3).name("c1").build();
        fails(() -> conv.outputShapes(sh(3, 8)), "Conv2D 'c1'", "(C, H, W)", "(3, 8)");
        fails(() -> conv.outputShapes(sh(2, 2, 2)), "Conv2D 'c1'", "kernel");
        fails(() -> Conv2D.builder(4, 3).groups(2).name("g").build().outputShapes(sh(3, 8, 8)), "Conv2D 'g'", "groups = 2",
                "3 input channels");
        fails(() -> Conv1D.builder(2, 3).name("c1d").build().outputShapes(sh(3, 8, 8)), "Conv1D 'c1d'", "(C, L)");
        fails(() -> new MaxPooling2D(4).outputShapes(sh(1, 3, 3)), "MaxPooling2D", "kernel");
        fails(() -> GlobalAveragePooling2D.builder().name("gap").build().outputShapes(sh(3, 4)), "'gap'", "(C, H, W)");
        fails(() -> Add.builder().name("sum").build().outputShapes(sh(3), sh(4)), "Add 'sum'", "(3)", "(4)");
        fails(() -> new Add().outputShapes(sh(3)), "takes 2..n input(s), got 1");
        fails(() -> new Subtract().outputShapes(sh(3), sh(3), sh(3)), "takes 2 input(s), got 3");
        fails(() -> new Concatenate(1).outputShapes(sh(2, 3), sh(2, 4)), "Concatenate", "every axis but 1");
        fails(() -> new Concatenate(3).outputShapes(sh(2, 3), sh(2, 3)), "axis 3 does not exist");
        fails(() -> new Dot(1).outputShapes(sh(3), sh(4)), "Dot", "differ in size");
        fails(() -> new Reshape(4, 4).outputShapes(sh(3, 5)), "Reshape", "15 values");
        fails(() -> new Permute(2, 1).outputShapes(sh(2, 3, 4)), "Permute", "(2, 3, 4)");
        fails(() -> new Cropping2D(2).outputShapes(sh(1, 4, 7)), "Cropping2D", "removes all");
        fails(() -> BatchNormalization.builder().axis(3).name("bn").build().outputShapes(sh(5)), "'bn'", "axis 3");
        fails(() -> new ZeroPadding3D(1).outputShapes(sh(1, 2, 2)), "ZeroPadding3D", "(C, D, H, W)");
        fails(() -> new Activation("softmax").outputShapes(sh()), "softmax");
    }

    @Test
    void badArgumentsAreRejectedAtConstruction() {
        fails(() -> new Dense(0), "units = 0");
        fails(() -> Conv2D.builder(6, 3).groups(4).build(), "groups = 4", "filters = 6");
        fails(() -> Conv2D.builder(6, 3, 3, 3).build(), "kernel size", "1 or 2 values");
        fails(() -> Conv2D.builder(6, 3).padding("causal").build(), "causal");
        fails(() -> Conv2D.builder(6, 3).padding("full"), "unknown padding 'full'");
        fails(() -> Conv2D.builder(6, 3).strides(0).build(), "strides", "below 1");
        fails(() -> Conv2DTranspose.builder(2, 3).strides(2).outputPadding(2).build(), "outputPadding", "smaller than the strides");
        fails(() -> new Dense(3, "swish"), "unknown activation 'swish'");
        fails(() -> new Permute(1, 1), "not a permutation");
        fails(() -> new Reshape(-1, -1), "more than one -1");
        fails(() -> new Concatenate(0), "batch axis");
        fails(() -> new Dot(0), "batch axis");
        fails(() -> BatchNormalization.builder().momentum(1.5).build(), "momentum");
        fails(() -> new ZeroPadding2D(new long[][] {{1, -1}, {0, 0}}), "non-negative");
        fails(() -> MaxPooling2D.builder().padding("causal"), "valid or same");
    }

    @Test
    void callTimeErrors() {
        try (Scope s = Scope.open(); Layer conv = Conv2D.builder(2, 3).name("cv").build();
             Layer dense = Dense.builder(2).name("d").build()) {
            conv.call(CallContext.INFERENCE, Tensor.zeros(1, 3, 8, 8));
            conv.call(CallContext.INFERENCE, Tensor.zeros(2, 3, 5, 9));  // other spatial sizes are fine
            fails(() -> conv.call(CallContext.INFERENCE, Tensor.zeros(1, 4, 8, 8)), "Conv2D 'cv'", "was built for");
            dense.call(Tensor.zeros(2, 3));
            fails(() -> dense.call(Tensor.zeros(DType.FLOAT64, 2, 3)), "Dense 'd'", "FLOAT64", "FLOAT32", "to(DType.FLOAT32)");
            fails(() -> new Add().call(CallContext.INFERENCE, Tensor.zeros(2, 3), Tensor.zeros(3, 3)), "different batch sizes");
            fails(() -> dense.call(Tensor.scalar(1)), "scalar");
        }
    }
}
