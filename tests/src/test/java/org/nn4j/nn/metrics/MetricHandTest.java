package org.nn4j.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;

/** Metrics on tiny inputs whose values are worked out by hand in the comments (CURRICULUM U1-U3). */
class MetricHandTest {
    static Tensor t(double[] v, long... shape) {
        return Tensor.of(v, shape);
    }

    // scores of 4 samples over 3 classes; argmax: 2, 0 (tie 0/1 -> lowest), 1, 0
    static final double[] SCORES = {0.1, 0.2, 0.7, 0.4, 0.4, 0.2, 0.3, 0.6, 0.1, 0.5, 0.3, 0.2};
    static final long[] LABELS = {2, 1, 1, 2};

    @Test
    void accuracySparseOneHotAndWeighted() {
        try (Scope s = Scope.open()) {
            Tensor p = t(SCORES, 4, 3).to(DType.FLOAT32);
            // right: samples 0 and 2 -> 2 / 4
            Accuracy a = new Accuracy();
            a.update(Tensor.of(LABELS, 4), p);
            assertEquals(0.5, a.result());
            a.update(Tensor.of(LABELS, 4).to(DType.INT32), p, t(new double[] {1, 1, 1, 5}, 4));
            // + weights: right 1 + 1, total 8 -> (2 + 2) / (4 + 8)
            assertEquals(4.0 / 12, a.result(), 1e-15);
            a.reset();
            double[] oneHot = {0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1};
            a.update(t(oneHot, 4, 3), p);
            assertEquals(0.5, a.result());
            // sequences (2, 2, 3): per-sample share of right steps, {1/2, 1/2} -> 0.5
            a.reset();
            a.update(Tensor.of(LABELS, 2, 2), t(SCORES, 2, 2, 3));
            assertEquals(0.5, a.result());
        }
    }

    @Test
    void binaryAccuracyThresholdsAndLabelForms() {
        try (Scope s = Scope.open()) {
            Tensor p = t(new double[] {0.9, 0.4, 0.5, 0.2, 0.7}, 5, 1);
            // > 0.5: 1 0 0 0 1 against 1 0 1 1 0 -> right at 0, 1 -> 2 / 5
            BinaryAccuracy b = new BinaryAccuracy();
            b.update(t(new double[] {1, 0, 1, 1, 0}, 5), p);
            assertEquals(0.4, b.result(), 1e-15);
            // -1/+1 labels read the same
            b.reset();
            b.update(t(new double[] {1, -1, 1, 1, -1}, 5, 1), p);
            assertEquals(0.4, b.result(), 1e-15);
            // and bool labels
            b.reset();
            b.update(Tensor.of(new boolean[] {true, false, true, true, false}, 5), p);
            assertEquals(0.4, b.result(), 1e-15);
            // threshold 0.3: 1 1 1 0 1 -> right at 0, 2 -> 2 / 5 ... and 2-D samples average their elements
            BinaryAccuracy low = new BinaryAccuracy(0.3);
            low.update(t(new double[] {1, 0, 1, 1, 0, 0}, 3, 2), t(new double[] {0.9, 0.4, 0.5, 0.2, 0.7, 0.1}, 3, 2));
            // samples: (1,0)->(1,1): 1/2; (1,1)->(1,0): 1/2; (0,0)->(1,0): 1/2
            assertEquals(0.5, low.result(), 1e-15);
        }
    }

    @Test
    void topKCountsTiesAtTheBoundaryAsIn() {
        try (Scope s = Scope.open()) {
            Tensor p = t(SCORES, 4, 3);
            // labels 2,1,1,2: classes scoring strictly higher: 0, 0 (0.4 vs 0.4), 0, 2 -> top-1 hits 3, top-2 hits 3
            TopKCategoricalAccuracy top1 = new TopKCategoricalAccuracy(1), top2 = TopKCategoricalAccuracy.sparse(2);
            top1.update(Tensor.of(LABELS, 4), p);
            top2.update(Tensor.of(LABELS, 4), p);
            assertEquals(0.75, top1.result());
            assertEquals(0.75, top2.result());
            TopKCategoricalAccuracy top3 = new TopKCategoricalAccuracy(3);
            top3.update(t(new double[] {0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1}, 4, 3), p);
            assertEquals(1, top3.result());
            assertEquals("top_1_accuracy", top1.name());
            assertEquals("sparse_top_2_accuracy", top2.name());
        }
    }

    @Test
    void binaryPrecisionRecallF1AndConfusion() {
        try (Scope s = Scope.open()) {
            // y 1 1 1 0 0 0 1; p > 0.5: 1 0 1 1 0 0 0 -> TP 2, FN 2, FP 1, TN 2
            Tensor y = t(new double[] {1, 1, 1, 0, 0, 0, 1}, 7), p = t(new double[] {0.8, 0.3, 0.6, 0.9, 0.1, 0.5, 0.2}, 7);
            Precision pr = new Precision();
            Recall rc = new Recall();
            F1Score f1 = new F1Score();
            FBetaScore f2 = new FBetaScore(2);
            ConfusionMatrix cm = ConfusionMatrix.binary(0.5);
            for (var m : new Metric[] {pr, rc, f1, f2, cm}) m.update(y, p);
            assertEquals(2.0 / 3, pr.result(), 1e-15);
            assertEquals(0.5, rc.result(), 1e-15);
            assertEquals(2 * (2.0 / 3) * 0.5 / (2.0 / 3 + 0.5), f1.result(), 1e-15);
            assertEquals(5 * (2.0 / 3) * 0.5 / (4 * 2.0 / 3 + 0.5), f2.result(), 1e-15);
            assertArrayEquals(new double[] {2, 1}, cm.matrix()[0]);
            assertArrayEquals(new double[] {2, 2}, cm.matrix()[1]);
            assertEquals(4.0 / 7, cm.result(), 1e-15);
            // a threshold of 0.25 on the same data: p: 1 1 1 1 0 1 0 -> TP 3, FP 2, FN 1
            Precision low = new Precision().threshold(0.25);
            low.update(y, p);
            assertEquals(0.6, low.result(), 1e-15);
            // nothing predicted positive: precision 0/0 -> 0
            Precision none = new Precision();
            none.update(y, t(new double[7], 7));
            assertEquals(0, none.result());
        }
    }

    @Test
    void multiClassAveragesByHand() {
        try (Scope s = Scope.open()) {
            // true 0 0 1 1 1 2, predicted 0 1 1 1 2 2
            // class 0: TP 1 FP 0 FN 1; class 1: TP 2 FP 1 FN 1; class 2: TP 1 FP 1 FN 0; supports 2, 3, 1
            Tensor y = Tensor.of(new long[] {0, 0, 1, 1, 1, 2}, 6);
            double[] oneHotPred = {1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1};
            Tensor p = t(oneHotPred, 6, 3);
            double[] prec = {1, 2.0 / 3, 0.5}, rec = {0.5, 2.0 / 3, 1};
            Precision macro = new Precision(Average.MACRO), weighted = new Precision(Average.WEIGHTED);
            Recall rMacro = new Recall(Average.MACRO);
            F1Score micro = new F1Score(Average.MICRO), fMacro = new F1Score(Average.MACRO);
            ConfusionMatrix cm = new ConfusionMatrix(3);
            for (var m : new Metric[] {macro, weighted, rMacro, micro, fMacro, cm}) m.update(y, p);
            assertEquals((prec[0] + prec[1] + prec[2]) / 3, macro.result(), 1e-15);
            assertEquals((2 * prec[0] + 3 * prec[1] + prec[2]) / 6, weighted.result(), 1e-15);
            assertEquals((rec[0] + rec[1] + rec[2]) / 3, rMacro.result(), 1e-15);
            assertEquals(4.0 / 6, micro.result(), 1e-15);  // micro-F1 = accuracy
            double fm = 0;
            for (int c = 0; c < 3; c++) fm += 2 * prec[c] * rec[c] / (prec[c] + rec[c]) / 3;
            assertEquals(fm, fMacro.result(), 1e-15);
            assertArrayEquals(prec, macro.perClass(), 1e-15);
            assertArrayEquals(new double[] {1, 1, 0}, cm.matrix()[0]);
            assertArrayEquals(new double[] {0, 2, 1}, cm.matrix()[1]);
            assertArrayEquals(new double[] {0, 0, 1}, cm.matrix()[2]);
            assertEquals(4.0 / 6, cm.result(), 1e-15);
        }
    }

    @Test
    void regressionErrorsAndRmseOverTheWholeSet() {
        try (Scope s = Scope.open()) {
            MeanAbsoluteError mae = new MeanAbsoluteError();
            MeanSquaredError mse = new MeanSquaredError();
            RootMeanSquaredError rmse = new RootMeanSquaredError();
            // batch 1 errors {1, -1} (2 samples), batch 2 errors {3} (weight 2)
            for (var m : new Metric[] {mae, mse, rmse}) {
                m.update(t(new double[] {0, 0}, 2), t(new double[] {1, -1}, 2));
                m.update(t(new double[] {1}, 1), t(new double[] {4}, 1), t(new double[] {2}, 1));
            }
            assertEquals((1 + 1 + 2 * 3) / 4.0, mae.result(), 1e-15);
            assertEquals((1 + 1 + 2 * 9) / 4.0, mse.result(), 1e-15);
            // sqrt of the full MSE (sqrt 5), not the mean of batch RMSEs ((1 + 3) / 2 = 2)
            assertEquals(Math.sqrt(5), rmse.result(), 1e-15);
        }
    }

    @Test
    void meanIsARunningWeightedMean() {
        Mean loss = new Mean("loss");
        loss.add(2, 32).add(5, 8);
        assertEquals((64 + 40) / 40.0, loss.result(), 1e-15);
        assertEquals("loss", loss.name());
        loss.reset();
        assertEquals(0, loss.result());
        try (Scope s = Scope.open()) {
            Mean m = new Mean();
            m.update(null, t(new double[] {1, 2, 3, 4}, 2, 2), t(new double[] {1, 3}, 2));
            // per-sample means 1.5, 3.5 weighted 1, 3 -> 3
            assertEquals(3, m.result(), 1e-15);
        }
    }

    @Test
    void aucOnAPerfectAndAnInvertedRanking() {
        try (Scope s = Scope.open()) {
            Tensor y = t(new double[] {0, 0, 1, 1}, 4);
            for (AUC auc : new AUC[] {new AUC(), AUC.exact()}) {
                auc.update(y, t(new double[] {0.1, 0.3, 0.6, 0.8}, 4));
                assertEquals(1, auc.result(), 1e-12);
                auc.reset();
                auc.update(y, t(new double[] {0.9, 0.7, 0.2, 0.1}, 4));
                assertEquals(0, auc.result(), 1e-12);
                auc.reset();
                // all scores tied: the diagonal, 0.5
                auc.update(y, t(new double[] {0.5, 0.5, 0.5, 0.5}, 4));
                assertEquals(0.5, auc.result(), 1e-12);
            }
        }
    }
}
