package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.models.Sequential;
import org.nn4j.models.zoo.Zoo;

/**
 * The scores behind train's test line and evaluate (CURRICULUM U1, U2), by hand: the linear
 * models start with zero weights, so every class gets the same probability and the argmax tie
 * goes to class 0 (K16); the numbers follow from the labels alone.
 */
class EvaluationTest {
    @Test
    void uniformSoftmaxGivesLogKAndEverythingInClassZero() {
        try (Sequential m = Zoo.create("softmax", new long[] {2}, 3); Scope s = Scope.open()) {
            Tensor x = Tensor.rand(1, 5, 2);
            Tensor y = Tensor.of(new long[] {0, 1, 2, 0, 1}, 5);
            Evaluation.Report r = Evaluation.run(m, x, y, List.of("a", "b", "c"));
            assertEquals(5, r.samples());
            assertEquals(Math.log(3), r.loss(), 1e-6, "cross-entropy of a uniform guess");
            assertEquals(0.4, r.accuracy(), 1e-12, "2 of 5 are class 0");
            assertArrayEquals(new long[][] {{2, 0, 0}, {2, 0, 0}, {1, 0, 0}}, r.confusion());
            assertArrayEquals(new long[] {2, 2, 1}, r.support());
            assertArrayEquals(new double[] {0.4, 0, 0}, r.precision(), 1e-12, "0/0 counts as 0");
            assertArrayEquals(new double[] {1, 0, 0}, r.recall(), 1e-12);
            assertArrayEquals(new double[] {2 * 0.4 / 1.4, 0, 0}, r.f1(), 1e-12);
            assertEquals(0.4 / 3, r.macro(r.precision()), 1e-12, "all three classes are in the targets");
            String text = r.toText(), cells = text.replaceAll(" +", " ");
            assertTrue(text.startsWith("loss: 1.0986 - accuracy: 0.4000 (5 samples"), text);
            assertTrue(cells.contains("\na 0.4000 1.0000 0.5714 2\n"), text);
            assertTrue(cells.contains("\nmacro avg 0.1333 0.3333 0.1905 5\n"), text);
            assertTrue(cells.contains("\na 2 0 0\nb 2 0 0\nc 1 0 0\n"), "confusion rows: " + text);
        }
    }

    @Test
    void binaryModelsScoreTwoClasses() {
        try (Sequential m = Zoo.create("logreg", new long[] {2}, 2); Scope s = Scope.open()) {
            Tensor x = Tensor.rand(2, 4, 2);
            Tensor y = Tensor.of(new long[] {1, 1, 1, 0}, 4);
            Evaluation.Report r = Evaluation.run(m, x, y, List.of("no", "yes"));
            assertEquals(Math.log(2), r.loss(), 1e-6, "binary cross-entropy at p = 0.5");
            assertEquals(0.25, r.accuracy(), 1e-12, "p = 0.5 is not above the 0.5 threshold: all 'no'");
            assertArrayEquals(new long[][] {{1, 0}, {3, 0}}, r.confusion());
            assertArrayEquals(new double[] {0.25, 0}, r.precision(), 1e-12);
            assertArrayEquals(new double[] {1, 0}, r.recall(), 1e-12);
        }
    }

    @Test
    void classNamesMustMatchTheOutputs() {
        try (Sequential m = Zoo.create("softmax", new long[] {2}, 3); Scope s = Scope.open()) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> Evaluation.run(m, Tensor.rand(1, 2, 2), Tensor.of(new long[] {0, 1}, 2), List.of("a", "b")));
            assertTrue(e.getMessage().contains("3 classes"), e.getMessage());
        }
    }
}
