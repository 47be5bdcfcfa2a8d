package org.nn4j.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Generator;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;
import org.nn4j.nn.LayerRegistry;
import org.nn4j.nn.Variable;
import org.nn4j.nn.init.Initializers;
import org.nn4j.nn.regularizers.Regularizers;

/**
 * Config round trips of the sequence layers (CURRICULUM API10): config -> JSON -> Config ->
 * LayerRegistry.create gives a layer with the same config and, seeded alike, bit-identical
 * weights and outputs; every option, the dtype included, survives; an unknown nested type is a
 * clear error.
 */
class RecurrentLayerConfigTest {
    private static final Gson GSON = new Gson();

    /** Through JSON, as a saved architecture would go (numbers come back as Double). */
    static Config viaJson(Config c) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = GSON.fromJson(GSON.toJson(plain(c)), Map.class);
        return new Config(m);
    }

    static Object plain(Object o) {
        if (o instanceof Config) o = ((Config) o).asMap();
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put((String) e.getKey(), plain(e.getValue()));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object e : l) out.add(plain(e));
            return out;
        }
        return o;
    }

    static Layer roundTrip(Layer l) {
        Layer copy = LayerRegistry.create(l.typeName(), viaJson(l.config()));
        assertEquals(l.getClass(), copy.getClass());
        assertEquals(l.name(), copy.name());
        assertEquals(GSON.toJson(plain(viaJson(l.config()))), GSON.toJson(plain(viaJson(copy.config()))),
                "config of the re-created " + l);
        return copy;
    }

    static List<Layer> layers() {
        List<Layer> out = new ArrayList<>();
        out.add(SimpleRNN.builder(3).returnSequences(true).goBackwards(true).useBias(false).build());
        out.add(GRU.builder(4).resetAfter(false).returnState(true).stateful(true)
                .kernelRegularizer(Regularizers.l2(0.01)).recurrentInitializer(Initializers.heNormal()).build());
        out.add(LSTM.builder(5).unitForgetBias(false).biasInitializer(Initializers.constant(0.25))
                .recurrentRegularizer(Regularizers.l1l2(0.1, 0.2)).biasRegularizer(Regularizers.l1(0.3)).build());
        out.add(Embedding.builder(20, 6).maskZero(true).regularizer(Regularizers.l2(1e-3)).build());
        out.add(new Bidirectional(LSTM.builder(3).returnSequences(true).build(), Bidirectional.MergeMode.AVE));
        out.add(new TimeDistributed(GRU.builder(2).build()));
        // float64 weights: set on the layer's builder, on a wrapper's template, and on the wrapper itself
        out.add(SimpleRNN.builder(3).dtype(DType.FLOAT64).build());
        out.add(Embedding.builder(20, 6).dtype(DType.FLOAT64).build());
        out.add(new Bidirectional(GRU.builder(3).dtype(DType.FLOAT64).build()));
        out.add(new TimeDistributed(LSTM.builder(2).build()).dtype(DType.FLOAT64));
        return out;
    }

    @Test
    void everyLayerRoundTripsWithIdenticalWeightsAndOutputs() {
        for (Layer l : layers()) {
            l.seed(99);
            try (Scope s = Scope.open(); Layer copy = roundTrip(l)) {
                assertTrue(copy.hasExplicitSeed());
                assertEquals(l.dtype(), copy.dtype(), l.toString());
                Shape in = l instanceof Embedding ? Shape.of(4) : l instanceof TimeDistributed ? Shape.of(3, 4, 2)
                        : Shape.of(4, 2);
                l.build(in);
                copy.build(in);
                assertEquals(l.countParams(), copy.countParams());
                List<Variable> a = l.weights(), b = copy.weights();
                for (int i = 0; i < a.size(); i++) {
                    assertEquals(a.get(i).path(), b.get(i).path());
                    assertEquals(l.dtype(), a.get(i).value().dtype(), a.get(i).path());
                    assertEquals(l.dtype(), b.get(i).value().dtype(), b.get(i).path());
                    assertArrayEquals(a.get(i).value().toFloatArray(), b.get(i).value().toFloatArray(), 0f, a.get(i).path());
                    assertEquals(String.valueOf(a.get(i).regularizer()), String.valueOf(b.get(i).regularizer()));
                }
                long[] dims = new long[in.rank() + 1];
                dims[0] = 2;
                System.arraycopy(in.toArray(), 0, dims, 1, in.rank());
                Tensor x = l instanceof Embedding ? Tensor.of(new long[] {1, 2, 3, 0, 19, 5, 5, 7}, dims)
                        : Generator.seed(1).uniform(l.dtype(), -1, 1, dims);
                Tensor[] ya = l.call(CallContext.INFERENCE, x), yb = copy.call(CallContext.INFERENCE, x);
                assertEquals(ya.length, yb.length);
                for (int i = 0; i < ya.length; i++) {
                    assertEquals(l.dtype(), ya[i].dtype());
                    assertArrayEquals(ya[i].toDoubleArray(), yb[i].toDoubleArray(), 0.0);
                }
            } finally {
                l.close();
            }
        }
    }

    @Test
    void optionsSurviveTheRoundTrip() {
        GRU g = (GRU) roundTrip(GRU.builder(4).resetAfter(false).returnState(true).stateful(true).goBackwards(true).build());
        assertTrue(!g.resetAfter() && g.returnState() && g.stateful() && g.goBackwards() && !g.returnSequences());
        LSTM l = (LSTM) roundTrip(LSTM.builder(2).unitForgetBias(false).useBias(false).build());
        assertTrue(!l.unitForgetBias() && !l.useBias());
        Bidirectional b = (Bidirectional) roundTrip(new Bidirectional(new SimpleRNN(2), Bidirectional.MergeMode.NONE));
        assertEquals(Bidirectional.MergeMode.NONE, b.mergeMode());
        Embedding e = (Embedding) roundTrip(Embedding.builder(7, 3).maskZero(true).build());
        assertTrue(e.maskZero() && e.inputDim() == 7 && e.outputDim() == 3);
        Layer frozen = new LSTM(2).setTrainable(false);
        assertTrue(!roundTrip(frozen).isTrainable());
    }

    @Test
    void customInnerLayersGoThroughTheRegistry() {
        LayerRegistry.register("AffineTestLayer", AffineTestLayer::fromConfig);
        TimeDistributed td = (TimeDistributed) roundTrip(new TimeDistributed(new AffineTestLayer(3, "aff")));
        assertEquals("aff", td.inner().name());
        TimeDistributed td64 = (TimeDistributed) roundTrip(new TimeDistributed(new AffineTestLayer(3, "aff64")).dtype(DType.FLOAT64));
        assertEquals(DType.FLOAT64, td64.dtype());
        assertEquals(DType.FLOAT64, td64.inner().dtype());
        Config bad = new Config().put("name", "td").put("layer", new Config().put("type", "NoSuchLayer").put("config", new Config()));
        String m = assertThrows(IllegalArgumentException.class, () -> LayerRegistry.create("TimeDistributed", bad)).getMessage();
        assertTrue(m.contains("NoSuchLayer") && m.contains("LayerRegistry.register"), m);
    }
}
