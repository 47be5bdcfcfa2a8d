package org.nn4j.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;

/**
 * Streaming metrics against float64 references computed over all the data at once: random
 * batches of uneven sizes (7, 5, 11) with sample weights, float32 predictions. Results must be
 * the whole-set values (CURRICULUM §20: never batch averages) to 1e-12.
 */
class MetricStreamingTest {
    static final int[] BATCHES = {7, 5, 11};
    static final int N = 23, K = 4;

    final SplittableRandom rnd = new SplittableRandom(7);
    final double[] scores = new double[N * K], probs = new double[N], targets = new double[N], weights = new double[N];
    final long[] labels = new long[N];

    MetricStreamingTest() {
        for (int i = 0; i < N * K; i++) scores[i] = (float) rnd.nextDouble();
        for (int i = 0; i < N; i++) {
            labels[i] = rnd.nextInt(K);
            probs[i] = (float) rnd.nextDouble();
            targets[i] = rnd.nextDouble() < 0.4 ? 1 : 0;
            weights[i] = (float) (0.1 + 2 * rnd.nextDouble());
        }
        probs[3] = probs[9];  // a tie, for AUC
    }

    interface Batch {
        void feed(int start, int end, Tensor w);
    }

    /** Feeds the data in BATCHES, each with its slice of the weights (or none). */
    static void stream(boolean weighted, double[] weights, Batch b) {
        int start = 0;
        for (int size : BATCHES) {
            try (Scope s = Scope.open()) {
                double[] w = java.util.Arrays.copyOfRange(weights, start, start + size);
                b.feed(start, start + size, weighted ? Tensor.of(w, size) : null);
            }
            start += size;
        }
    }

    Tensor scoreSlice(int a, int b) {
        return Tensor.of(java.util.Arrays.copyOfRange(scores, a * K, b * K), b - a, K).to(DType.FLOAT32);
    }

    Tensor labelSlice(int a, int b) {
        return Tensor.of(java.util.Arrays.copyOfRange(labels, a, b), b - a);
    }

    int argmax(int i) {
        int best = 0;
        for (int k = 1; k < K; k++) if (scores[i * K + k] > scores[i * K + best]) best = k;
        return best;
    }

    double w(boolean weighted, int i) {
        return weighted ? weights[i] : 1;
    }

    @Test
    void classMetricsMatchTheWholeSet() {
        for (boolean weighted : new boolean[] {false, true}) {
            double[][] cm = new double[K][K];
            double right = 0, top2 = 0, total = 0;
            for (int i = 0; i < N; i++) {
                int p = argmax(i), y = (int) labels[i];
                cm[y][p] += w(weighted, i);
                right += p == y ? w(weighted, i) : 0;
                int higher = 0;
                for (int k = 0; k < K; k++) if (scores[i * K + k] > scores[i * K + y]) higher++;
                top2 += higher < 2 ? w(weighted, i) : 0;
                total += w(weighted, i);
            }
            Accuracy acc = new Accuracy();
            TopKCategoricalAccuracy top = new TopKCategoricalAccuracy(2);
            ConfusionMatrix matrix = new ConfusionMatrix();
            Precision[] precision = new Precision[4];
            Recall[] recall = new Recall[4];
            F1Score[] f1 = new F1Score[4];
            Average[] avgs = {Average.MICRO, Average.MACRO, Average.WEIGHTED, Average.MACRO};
            for (int a = 0; a < 4; a++) {
                precision[a] = new Precision(avgs[a]);
                recall[a] = new Recall(avgs[a]);
                f1[a] = new F1Score(avgs[a]);
            }
            stream(weighted, weights, (s, e, wt) -> {
                Tensor p = scoreSlice(s, e), y = labelSlice(s, e);
                acc.update(y, p, wt);
                top.update(y, p, wt);
                matrix.update(y, p, wt);
                for (int a = 0; a < 4; a++) {
                    precision[a].update(y, p, wt);
                    recall[a].update(y, p, wt);
                    f1[a].update(y, p, wt);
                }
            });
            assertEquals(right / total, acc.result(), 1e-12);
            assertEquals(top2 / total, top.result(), 1e-12);
            assertEquals(right / total, matrix.result(), 1e-12);
            for (int y = 0; y < K; y++) for (int p = 0; p < K; p++) assertEquals(cm[y][p], matrix.matrix()[y][p], 1e-12);
            for (int a = 0; a < 3; a++) {
                assertEquals(average(cm, avgs[a], 0), precision[a].result(), 1e-12, "precision " + avgs[a]);
                assertEquals(average(cm, avgs[a], 1), recall[a].result(), 1e-12, "recall " + avgs[a]);
                assertEquals(average(cm, avgs[a], 2), f1[a].result(), 1e-12, "f1 " + avgs[a]);
            }
            assertEquals(right / total, f1[0].result(), 1e-12, "micro-F1 = accuracy");
        }
    }

    /** scikit-learn's definitions: kind 0 precision, 1 recall, 2 F1; 0/0 = 0. */
    static double average(double[][] cm, Average avg, int kind) {
        int k = cm.length;
        double[] tp = new double[k], fp = new double[k], fn = new double[k], support = new double[k];
        double stp = 0, sfp = 0, sfn = 0;
        for (int c = 0; c < k; c++) {
            tp[c] = cm[c][c];
            for (int o = 0; o < k; o++) {
                if (o != c) {
                    fp[c] += cm[o][c];
                    fn[c] += cm[c][o];
                }
                support[c] += cm[c][o];
            }
            stp += tp[c];
            sfp += fp[c];
            sfn += fn[c];
        }
        if (avg == Average.MICRO) return score(kind, stp, sfp, sfn);
        double s = 0, n = 0;
        for (int c = 0; c < k; c++) {
            boolean present = support[c] > 0 || tp[c] + fp[c] > 0;
            if (!present) continue;
            double wc = avg == Average.WEIGHTED ? support[c] : 1;
            s += wc * score(kind, tp[c], fp[c], fn[c]);
            n += wc;
        }
        return n == 0 ? 0 : s / n;
    }

    static double score(int kind, double tp, double fp, double fn) {
        double p = tp + fp == 0 ? 0 : tp / (tp + fp), r = tp + fn == 0 ? 0 : tp / (tp + fn);
        if (kind == 0) return p;
        if (kind == 1) return r;
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    @Test
    void binaryMetricsAndErrorsMatchTheWholeSet() {
        for (boolean weighted : new boolean[] {false, true}) {
            double tp = 0, fp = 0, fn = 0, right = 0, total = 0, abs = 0, sq = 0;
            for (int i = 0; i < N; i++) {
                double wi = w(weighted, i);
                boolean pred = probs[i] > 0.5, truth = targets[i] > 0.5;
                tp += pred && truth ? wi : 0;
                fp += pred && !truth ? wi : 0;
                fn += !pred && truth ? wi : 0;
                right += pred == truth ? wi : 0;
                total += wi;
                abs += wi * Math.abs(probs[i] - targets[i]);
                sq += wi * (probs[i] - targets[i]) * (probs[i] - targets[i]);
            }
            BinaryAccuracy ba = new BinaryAccuracy();
            Precision pr = new Precision();
            Recall rc = new Recall();
            F1Score f1 = new F1Score();
            MeanAbsoluteError mae = new MeanAbsoluteError();
            RootMeanSquaredError rmse = new RootMeanSquaredError();
            stream(weighted, weights, (s, e, wt) -> {
                Tensor p = Tensor.of(java.util.Arrays.copyOfRange(probs, s, e), e - s, 1).to(DType.FLOAT32);
                Tensor y = Tensor.of(java.util.Arrays.copyOfRange(targets, s, e), e - s);
                for (Metric m : new Metric[] {ba, pr, rc, f1, mae, rmse}) m.update(y, p, wt);
            });
            double precision = tp / (tp + fp), recall = tp / (tp + fn);
            assertEquals(right / total, ba.result(), 1e-12);
            assertEquals(precision, pr.result(), 1e-12);
            assertEquals(recall, rc.result(), 1e-12);
            assertEquals(2 * precision * recall / (precision + recall), f1.result(), 1e-12);
            assertEquals(abs / total, mae.result(), 1e-12);
            assertEquals(Math.sqrt(sq / total), rmse.result(), 1e-12);
        }
    }

    /** Weighted Mann-Whitney over all pairs, ties 1/2: the exact ROC AUC. */
    double pairAuc(boolean weighted) {
        double num = 0, wp = 0, wn = 0;
        for (int i = 0; i < N; i++) {
            if (targets[i] > 0.5) wp += w(weighted, i);
            else wn += w(weighted, i);
            for (int j = 0; j < N; j++) {
                if (targets[i] > 0.5 && targets[j] < 0.5) {
                    double c = probs[i] > probs[j] ? 1 : probs[i] == probs[j] ? 0.5 : 0;
                    num += c * w(weighted, i) * w(weighted, j);
                }
            }
        }
        return num / (wp * wn);
    }

    /** Keras's algorithm written out: TP/FP at each of n thresholds, trapezoid over (FPR, TPR). */
    double thresholdAuc(boolean weighted, int n) {
        double[] th = new double[n];
        for (int j = 1; j < n - 1; j++) th[j] = (double) j / (n - 1);
        th[0] = -1e-7;
        th[n - 1] = 1 + 1e-7;
        double[] tpr = new double[n], fpr = new double[n];
        double wp = 0, wn = 0;
        for (int i = 0; i < N; i++) {
            if (targets[i] > 0.5) wp += w(weighted, i);
            else wn += w(weighted, i);
        }
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < N; i++) {
                if (probs[i] > th[j]) {
                    if (targets[i] > 0.5) tpr[j] += w(weighted, i) / wp;
                    else fpr[j] += w(weighted, i) / wn;
                }
            }
        }
        double a = 0;
        for (int j = 0; j < n - 1; j++) a += (fpr[j] - fpr[j + 1]) * (tpr[j] + tpr[j + 1]) / 2;
        return a;
    }

    @Test
    void aucMatchesKerasThresholdsAndTheExactPairCount() {
        for (boolean weighted : new boolean[] {false, true}) {
            AUC keras = new AUC(), coarse = new AUC(7), exact = AUC.exact();
            stream(weighted, weights, (s, e, wt) -> {
                Tensor p = Tensor.of(java.util.Arrays.copyOfRange(probs, s, e), e - s).to(DType.FLOAT32);
                Tensor y = Tensor.of(java.util.Arrays.copyOfRange(targets, s, e), e - s);
                for (AUC m : new AUC[] {keras, coarse, exact}) m.update(y, p, wt);
            });
            assertEquals(thresholdAuc(weighted, 200), keras.result(), 1e-12);
            assertEquals(thresholdAuc(weighted, 7), coarse.result(), 1e-12);
            assertEquals(pairAuc(weighted), exact.result(), 1e-12);
            // 200 thresholds resolve these 23 scores up to the ties they create
            assertTrue(Math.abs(keras.result() - exact.result()) < 0.02, keras.result() + " vs " + exact.result());
        }
    }

    @Test
    void resetStartsOver() {
        Accuracy acc = new Accuracy();
        try (Scope s = Scope.open()) {
            acc.update(labelSlice(0, 7), scoreSlice(0, 7));
            double first = acc.result();
            acc.update(labelSlice(7, 23), scoreSlice(7, 23));
            acc.reset();
            assertEquals(0, acc.result());
            acc.update(labelSlice(0, 7), scoreSlice(0, 7));
            assertEquals(first, acc.result());
        }
    }
}
