package org.nn4j.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Layer;
import org.nn4j.testing.Check;
import org.nn4j.testing.Tol;

/**
 * The declarative layer harness over {@link LayerCatalog}: for every layer type, the parameter
 * count against its formula (API9, K15), outputShapes() against the hand-worked shape and the
 * shape actually produced, the inference forward against an independent reference on random
 * non-zero weights, and the config round trip through JSON and LayerRegistry.create.
 */
class LayerCatalogTest {
    static final long BATCH = 3;
    /** The reference is float64 as well; only the order of sums differs. */
    static final Tol TOL = new Tol(1e-10, 1e-12);

    static List<LayerCase> cases() {
        return LayerCatalog.all();
    }

    private static Layer built(LayerCase c, DType dtype) {
        Layer l = c.make().get();
        l.dtype(dtype);
        l.build(LayerHarness.shapes(c.inputs()));
        LayerHarness.randomizeWeights(l, 17);
        return l;
    }

    private static Tensor[] inputs(LayerCase c) {
        Tensor[] xs = LayerHarness.inputs(5, BATCH, c.inputs());
        if (c.inputScale() != 1) for (int i = 0; i < xs.length; i++) xs[i] = xs[i].mul(c.inputScale());
        return xs;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parameterCountsMatchFormulas(LayerCase c) {
        try (Scope s = Scope.open(); Layer l = built(c, DType.FLOAT32)) {
            assertEquals(c.params(), l.countParams(), "Param #");
            assertEquals(c.params() - c.nonTrainable(), l.countTrainableParams(), "trainable");
            long nonTrainable = l.nonTrainableWeights().stream().mapToLong(v -> v.numel()).sum();
            assertEquals(c.nonTrainable(), nonTrainable, "non-trainable");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputShapesMatchFormulaAndForward(LayerCase c) {
        try (Scope s = Scope.open(); Layer l = built(c, DType.FLOAT64)) {
            Shape want = Shape.of(c.output());
            assertEquals(want, l.outputShapes(LayerHarness.shapes(c.inputs()))[0], "outputShapes");
            for (CallContext ctx : new CallContext[] {CallContext.INFERENCE, CallContext.training(3)}) {
                Tensor y = l.call(ctx, inputs(c))[0];
                long[] expected = LayerHarness.inputs(0, BATCH, c.output())[0].dims();
                assertArrayEquals(expected, y.dims(), "forward shape, training " + ctx.training());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardMatchesReference(LayerCase c) {
        try (Scope s = Scope.open(); Layer l = built(c, DType.FLOAT64)) {
            Tensor[] xs = inputs(c);
            Tensor y = l.call(CallContext.INFERENCE, xs)[0];
            Tensor want = c.reference().apply(l, xs);
            Check.assertClose(c.label(), Check.nd(want), y, TOL);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void configRoundTripGivesAnEqualLayer(LayerCase c) {
        try (Scope s = Scope.open(); Layer l = built(c, DType.FLOAT32)) {
            try (Layer back = LayerHarness.roundTrip(l)) {
                assertEquals(l.getClass(), back.getClass());
                assertEquals(l.name(), back.name());
                assertEquals(LayerHarness.json(l.config()), LayerHarness.json(back.config()));
                back.build(LayerHarness.shapes(c.inputs()));
                LayerHarness.copyWeights(l, back);
                Tensor[] xs = inputs(c);
                for (int i = 0; i < xs.length; i++) xs[i] = xs[i].to(DType.FLOAT32);
                for (CallContext ctx : new CallContext[] {CallContext.INFERENCE, CallContext.training(7)}) {
                    Tensor a = l.call(ctx, xs)[0], b = back.call(ctx, xs)[0];
                    assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 0, c.label() + " training " + ctx.training());
                }
            }
        }
    }

    @Test
    void catalogCoversEveryBuiltinType() {
        Set<String> covered = cases().stream().map(c -> c.make().get().typeName()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> all = new TreeSet<>(Arrays.asList("Dense", "Activation", "Dropout", "BatchNormalization", "LRN", "Flatten",
                "Reshape", "Permute", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "Cropping1D", "Cropping2D",
                "Cropping3D", "Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "DepthwiseConv2D", "SeparableConv2D",
                "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D",
                "MinPooling1D", "MinPooling2D", "MinPooling3D", "GlobalAveragePooling1D", "GlobalAveragePooling2D",
                "GlobalAveragePooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D", "Add",
                "Subtract", "Multiply", "Average", "Maximum", "Concatenate", "Dot"));
        assertEquals(all, covered);
        assertTrue(all.size() == 42);
    }
}
