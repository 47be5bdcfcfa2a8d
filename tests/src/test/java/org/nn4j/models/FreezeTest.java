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
import org.nn4j.models.fixtures.TestDense;
import org.nn4j.models.fixtures.TestMSE;
import org.nn4j.models.fixtures.TestSGD;

/** Transfer learning (X1): frozen layers stay bit-identical through fit; counts move in the summary. */
class FreezeTest {
    @Test
    void frozenPrefixIsBitIdenticalAfterFit() {
        try (Scope s = Scope.open()) {
            TestDense a = new TestDense(6, "tanh", "base_a"), b = new TestDense(5, "tanh", "base_b");
            TestDense head = new TestDense(1, null, "head");
            Sequential m = new Sequential().seed(3).inputShape(4).add(a).add(b).add(head);
            m.build(org.nn4j.Shape.of(4));
            m.freezeUpTo("base_b");
            assertFalse(a.isTrainable());
            assertFalse(b.isTrainable());
            assertTrue(head.isTrainable());
            assertEquals(2, m.trainableWeights().size());
            List<int[]> frozen = TestData.bits(List.of(a.kernel(), a.bias(), b.kernel(), b.bias()));
            List<int[]> headBefore = TestData.bits(head.weights());
            m.compile(new TestSGD(0.5), new TestMSE());
            Tensor x = TestData.inputs(1, 32, 4), y = TestData.linearTargets(x, 2, 1);
            m.fit(x, y, FitOptions.builder().batchSize(8).epochs(3).verbose(0).build());
            List<int[]> frozenAfter = TestData.bits(List.of(a.kernel(), a.bias(), b.kernel(), b.bias()));
            for (int i = 0; i < frozen.size(); i++) assertArrayEquals(frozen.get(i), frozenAfter.get(i));
            assertFalse(java.util.Arrays.equals(headBefore.get(0), TestData.bits(head.weights()).get(0)), "the head trains");

            String sum = m.summary();
            long frozenCount = (4 * 6 + 6) + (6 * 5 + 5);
            assertTrue(sum.contains(String.format("Non-trainable params: %d%n", frozenCount)), sum);
            assertTrue(sum.contains(String.format("Trainable params: %d%n", 5 + 1)), sum);
            m.unfreezeAll();
            assertEquals(m.countParams(), m.countTrainableParams());
            m.freezeFirst(1);
            assertFalse(a.isTrainable());
            assertTrue(b.isTrainable());
            m.unfreezeAll().freezeUpTo(0);
            assertFalse(a.isTrainable());
            assertThrows(IllegalArgumentException.class, () -> m.freezeUpTo("missing"));
            assertThrows(IllegalArgumentException.class, () -> m.freezeFirst(4));
            m.close();
        }
    }
}
