package org.nn4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.models.fixtures.TestData;
import org.nn4j.nn.Variable;
import org.nn4j.nn.layers.ActivationFunction;
import org.nn4j.nn.layers.BatchNormalization;
import org.nn4j.nn.layers.Conv2D;
import org.nn4j.nn.layers.Dense;
import org.nn4j.nn.layers.Flatten;
import org.nn4j.nn.losses.MeanSquaredError;
import org.nn4j.optim.Adam;

/**
 * Transfer learning (X1) with real layers and Adam: frozen layers stay bit-identical through
 * fit, a frozen BatchNormalization keeps its moving statistics (it runs in inference mode),
 * and the summary moves the counts.
 */
class FreezeTest {
    @Test
    void frozenPrefixIsBitIdenticalAfterFit() {
        try (Scope s = Scope.open()) {
            Conv2D conv = Conv2D.builder(4, 3).activation(ActivationFunction.RELU).name("base_conv").build();
            BatchNormalization bn = BatchNormalization.builder().name("base_bn").build();
            Dense dense = Dense.builder(5).activation("tanh").name("base_dense").build();
            Dense head = Dense.builder(1).name("head").build();
            Sequential m = new Sequential().seed(3).inputShape(1, 6, 6).add(conv).add(bn).add(new Flatten()).add(dense).add(head);
            m.build(org.nn4j.Shape.of(1, 6, 6));
            m.freezeUpTo("base_dense");
            for (var l : List.of(conv, bn, dense)) assertFalse(l.isTrainable(), l.name());
            assertTrue(head.isTrainable());
            assertEquals(head.weights(), m.trainableWeights());
            List<Variable> frozen = new java.util.ArrayList<>();
            for (var l : List.of(conv, bn, dense)) frozen.addAll(l.weights());
            assertEquals(2 + 4 + 2, frozen.size(), "conv kernel+bias, BN gamma, beta, moving mean and variance, dense kernel+bias");
            List<int[]> before = TestData.bits(frozen);
            List<int[]> headBefore = TestData.bits(head.weights());

            Adam adam = new Adam(0.05);
            m.compile(adam, new MeanSquaredError());
            // inputs with mean 3 and std 2: a BN in training mode would move its statistics towards them
            Tensor x = TestData.inputs(1, 32, 36).mul(2).add(3).reshape(32, 1, 6, 6), y = TestData.inputs(2, 32, 1);
            m.fit(x, y, FitOptions.builder().batchSize(8).epochs(3).verbose(0).build());
            List<int[]> after = TestData.bits(frozen);
            for (int i = 0; i < frozen.size(); i++) assertArrayEquals(before.get(i), after.get(i), frozen.get(i).path());
            assertFalse(java.util.Arrays.equals(headBefore.get(0), TestData.bits(head.weights()).get(0)), "the head trains");

            long convParams = 4 * 9 + 4, bnParams = 4 * 4, denseParams = 64 * 5 + 5, headParams = 5 + 1;
            String sum = m.summary();
            assertTrue(sum.contains(String.format("Non-trainable params: %d%n", convParams + bnParams + denseParams)), sum);
            assertTrue(sum.contains(String.format("Trainable params: %d%n", headParams)), sum);

            // unfrozen, the same layers train, and BN's moving statistics (non-trainable either way) move
            m.unfreezeAll();
            assertEquals(m.countParams() - 8, m.countTrainableParams(), "BN's moving mean and variance stay non-trainable");
            m.fit(x, y, FitOptions.builder().batchSize(8).epochs(1).verbose(0).build());
            List<int[]> trained = TestData.bits(frozen);
            for (int i = 0; i < frozen.size(); i++) {
                assertFalse(java.util.Arrays.equals(before.get(i), trained.get(i)), frozen.get(i).path() + " changes when unfrozen");
            }

            m.freezeFirst(1);
            assertFalse(conv.isTrainable());
            assertTrue(bn.isTrainable());
            m.unfreezeAll().freezeUpTo(0);
            assertFalse(conv.isTrainable());
            assertThrows(IllegalArgumentException.class, () -> m.freezeUpTo("missing"));
            assertThrows(IllegalArgumentException.class, () -> m.freezeFirst(6));
            adam.close();
            m.close();
        }
    }
}
