package org.nn4j.nn.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Layer;
import org.nn4j.nn.Variable;

/**
 * Float64 central-difference gradient checks through a layer's call, with respect to its inputs
 * and every trainable weight (CURRICULUM A7: rel error below 1e-7), for a representative set:
 * Dense, convolutions with stride / dilation / groups / causal or same padding, transposed,
 * depthwise and separable convolutions, BatchNormalization in training (batch statistics) and
 * inference, LRN, pooling, padding and cropping, Dropout with a fixed mask, and every merge.
 * Inputs avoid kinks: the activations are smooth, max pooling and Maximum see continuous values.
 */
class LayerGradCheckTest {
    static final double TOLERANCE = 1e-7;

    record GcCase(String label, Supplier<Layer> make, boolean training, long[][] inputs) {
        @Override
        public String toString() {
            return label;
        }
    }

    static GcCase gc(String label, Supplier<Layer> make, boolean training, long[]... inputs) {
        return new GcCase(label, make, training, inputs);
    }

    static long[] s(long... d) {
        return d;
    }

    static List<GcCase> cases() {
        return List.of(
                gc("Dense tanh", () -> new Dense(3, Activation.TANH), false, s(4)),
                gc("Dense rank 3 softmax", () -> new Dense(4, Activation.SOFTMAX), false, s(2, 3)),
                gc("Conv2D stride 2 dilation 2 same groups 2", () -> Conv2D.builder(4, 3).strides(2).dilation(2)
                        .padding("same").groups(2).activation("tanh").build(), false, s(4, 7, 6)),
                gc("Conv2D asymmetric pads stride (1, 2)", () -> Conv2D.builder(3, 2, 3).strides(1, 2).padding(s(0, 1), s(1, 2))
                        .build(), false, s(2, 5, 6)),
                gc("Conv1D causal dilated", () -> Conv1D.builder(3, 3).padding("causal").dilation(2).activation("sigmoid")
                        .build(), false, s(2, 9)),
                gc("Conv3D strided", () -> Conv3D.builder(2, 2).strides(2, 1, 1).build(), false, s(2, 4, 3, 3)),
                gc("Conv2DTranspose stride 2", () -> Conv2DTranspose.builder(3, 3).strides(2).outputPadding(1).build(), false,
                        s(2, 3, 4)),
                gc("DepthwiseConv2D", () -> DepthwiseConv2D.builder(3).depthMultiplier(2).padding("same").build(), false,
                        s(2, 5, 4)),
                gc("SeparableConv2D", () -> SeparableConv2D.builder(3, 2).depthMultiplier(2).strides(2).build(), false,
                        s(2, 5, 5)),
                gc("BatchNormalization training NCHW", BatchNormalization::new, true, s(3, 2, 3)),
                gc("BatchNormalization training axis -1", () -> BatchNormalization.builder().axis(-1).build(), true, s(2, 4)),
                gc("BatchNormalization training middle axis", () -> BatchNormalization.builder().axis(2).build(), true, s(2, 3, 2)),
                gc("BatchNormalization inference", BatchNormalization::new, false, s(3, 2, 3)),
                gc("LRN", () -> LRN.builder().size(3).alpha(0.3).build(), false, s(4, 3)),
                gc("AveragePooling2D same", () -> AveragePooling2D.builder().poolSize(3).strides(2).padding("same").build(), false,
                        s(2, 5, 4)),
                gc("MaxPooling1D", () -> new MaxPooling1D(2), false, s(2, 6)),
                gc("GlobalAveragePooling2D", GlobalAveragePooling2D::new, false, s(3, 2, 3)),
                gc("ZeroPadding2D", () -> new ZeroPadding2D(new long[][] {{1, 0}, {0, 2}}), false, s(2, 3, 2)),
                gc("Cropping2D", () -> new Cropping2D(new long[][] {{1, 0}, {0, 2}}), false, s(2, 3, 4)),
                gc("Dropout training", () -> new Dropout(0.4), true, s(3, 4)),
                gc("Add", Add::new, false, s(2, 3), s(2, 3), s(2, 3)),
                gc("Subtract", Subtract::new, false, s(5), s(5)),
                gc("Multiply", Multiply::new, false, s(2, 3), s(2, 3), s(2, 3)),
                gc("Average", Average::new, false, s(4), s(4)),
                gc("Maximum", Maximum::new, false, s(2, 3), s(2, 3)),
                gc("Concatenate", () -> new Concatenate(1), false, s(2, 3), s(1, 3)),
                gc("Dot", () -> new Dot(2, 1), false, s(2, 3), s(3, 2)),
                gc("Dot normalized", () -> Dot.builder(1).normalize(true).build(), false, s(4), s(4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void layerGradientsMatchFiniteDifferences(GcCase c) {
        try (Scope s = Scope.open(); Layer l = c.make().get()) {
            l.dtype(DType.FLOAT64);
            l.build(LayerHarness.shapes(c.inputs()));
            LayerHarness.randomizeWeights(l, 3);
            Tensor[] xs = LayerHarness.inputs(11, 3, c.inputs());
            CallContext ctx = c.training() ? CallContext.training(5) : CallContext.INFERENCE;
            double rel = LayerHarness.gradCheck(l, ctx, xs);
            assertTrue(rel < TOLERANCE, c.label() + ": relative error " + rel);
        }
    }

    /** The checker itself must fail a wrong gradient: a Dense whose kernel gradient is scaled by 1.01. */
    @Test
    void checkerRejectsAWrongGradient() {
        try (Scope s = Scope.open(); Layer l = new ScaledGradDense(3)) {
            l.dtype(DType.FLOAT64);
            l.build(LayerHarness.shapes(s(4)));
            double rel = LayerHarness.gradCheck(l, CallContext.INFERENCE, LayerHarness.inputs(1, 3, s(4)));
            assertTrue(rel > 1e-3, "relative error " + rel);
        }
    }

    /** y = x W through an op whose backward is 1.01 times too large. */
    static final class ScaledGradDense extends Layer {
        private final long units;
        private Variable kernel;

        ScaledGradDense(long units) {
            super(null);
            this.units = units;
        }

        @Override
        public org.nn4j.Shape[] outputShapes(org.nn4j.Shape... in) {
            return new org.nn4j.Shape[] {org.nn4j.Shape.of(units)};
        }

        @Override
        protected void doBuild(org.nn4j.Shape... in) {
            kernel = addWeight("kernel", new long[] {in[0].dim(0), units}, in[0].dim(0), units,
                    org.nn4j.nn.init.Initializers.glorotUniform(), null, true);
        }

        @Override
        protected Tensor[] forward(CallContext ctx, Tensor... inputs) {
            Tensor w = kernel.value();
            // w' = 1.01 w - 0.01 w.detach(): the value of w, the gradient of 1.01 w
            Tensor scaled = w.mul(1.01).sub(w.detach().mul(0.01));
            return one(inputs[0].matmul(scaled));
        }
    }
}
