package org.nn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.GradCheck;
import org.nn4j.ops.nn.Embedding;

/**
 * Embedding (CURRICULUM E2): lookup = rows, repeated ids accumulate in the gradient, rows never
 * looked up get 0, bit-identical gradients for 1 and several threads, GradCheck, bad ids.
 */
class EmbeddingTest {
    @Test
    void lookupAndRepeatedIds() {
        int v = 5, d = 3;
        double[] table = new double[v * d];
        Random r = new Random(1);
        for (int i = 0; i < table.length; i++) table[i] = r.nextDouble();
        long[] ids = {4, 1, 4, 0, 4, 1};
        try (Scope s = Scope.open()) {
            for (Tensor idt : new Tensor[] {Tensor.of(ids, 2, 3), Tensor.of(ids, 2, 3).to(DType.INT32)}) {
                Tensor t = Tensor.of(table, v, d).requiresGrad(true);
                Tensor out = Embedding.embedding(t, idt);
                assertArrayEquals(new long[] {2, 3, d}, out.dims());
                double[] o = out.toDoubleArray();
                for (int i = 0; i < ids.length; i++)
                    for (int j = 0; j < d; j++) assertEquals(table[(int) ids[i] * d + j], o[i * d + j]);
                double[] gw = new double[ids.length * d];
                for (int i = 0; i < gw.length; i++) gw[i] = i + 1;
                double[] g = Autograd.grad(out.mul(Tensor.of(gw, 2, 3, d)).sum(), t)[0].toDoubleArray();
                double[] want = new double[v * d];
                for (int i = 0; i < ids.length; i++)
                    for (int j = 0; j < d; j++) want[(int) ids[i] * d + j] += gw[i * d + j];
                assertArrayEquals(want, g, 0);
                for (int j = 0; j < d; j++) {
                    assertEquals(0, g[2 * d + j]);
                    assertEquals(0, g[3 * d + j]);
                }
            }
            GradCheck.assertPasses(in -> Embedding.embedding(in[0], Tensor.of(ids, 6)), Tensor.of(table, v, d));
        }
    }

    @Test
    void gradientIsThreadCountIndependent() {
        int v = 7, d = 37, count = 5000;
        long[] ids = new long[count];
        Random r = new Random(3);
        for (int i = 0; i < count; i++) ids[i] = r.nextInt(v);
        float[] g = new float[count * d];
        for (int i = 0; i < g.length; i++) g[i] = (float) r.nextGaussian();
        int threads = Nn4j.numThreads();
        float[][] res = new float[2][];
        try (Scope s = Scope.open()) {
            for (int k = 0; k < 2; k++) {
                Nn4j.setNumThreads(k == 0 ? 1 : Math.max(2, threads));
                Tensor t = Tensor.zeros(v, d).requiresGrad(true);
                Tensor out = Embedding.embedding(t, Tensor.of(ids, count));
                res[k] = Autograd.grad(out.mul(Tensor.of(g, count, d)).sum(), t)[0].toFloatArray();
            }
        } finally {
            Nn4j.setNumThreads(threads);
        }
        assertArrayEquals(res[0], res[1], 0f);
    }

    @Test
    void badIds() {
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.zeros(3, 2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Embedding.embedding(t, Tensor.of(new long[] {0, 3}, 2)));
            assertTrue(e.getMessage().contains("ids[1] = 3"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Embedding.embedding(t, Tensor.of(new double[] {0}, 1)));
        }
    }
}
