package org.nn4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.NoGradScope;
import org.nn4j.models.Model;
import org.nn4j.nn.losses.Loss;
import org.nn4j.nn.metrics.Average;
import org.nn4j.nn.metrics.ClassificationMetric;
import org.nn4j.nn.metrics.ConfusionMatrix;
import org.nn4j.nn.metrics.F1Score;
import org.nn4j.nn.metrics.Metric;
import org.nn4j.nn.metrics.Metrics;
import org.nn4j.nn.metrics.Precision;
import org.nn4j.nn.metrics.Recall;

/**
 * A classifier's scores on labelled data (CURRICULUM U1, U2): loss (penalties included, K10),
 * accuracy, per-class precision, recall, F1 and support, and the confusion matrix (rows: true
 * class). train's final test line and the evaluate command both come from here, so they agree
 * exactly on the same model and data.
 */
final class Evaluation {
    /** Samples per forward pass: inference keeps no activations, so larger batches only save calls. */
    static final int BATCH = 256;

    private Evaluation() {}

    record Report(long samples, double loss, double accuracy, List<String> classes, double[] precision,
                  double[] recall, double[] f1, long[] support, long[][] confusion, double seconds) {

        double macro(double[] perClass) {
            double s = 0;
            int n = 0;
            for (int k = 0; k < perClass.length; k++) {
                if (support[k] > 0 || predicted(k) > 0) {  // as scikit-learn: classes seen in targets or predictions
                    s += perClass[k];
                    n++;
                }
            }
            return n == 0 ? 0 : s / n;
        }

        long predicted(int k) {
            long c = 0;
            for (long[] row : confusion) c += row[k];
            return c;
        }

        /** The report as JSON-ready maps (class names with their scores, macro averages, the matrix). */
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("samples", samples);
            m.put("loss", loss);
            m.put("accuracy", accuracy);
            List<Map<String, Object>> perClass = new ArrayList<>();
            for (int k = 0; k < classes.size(); k++) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("class", classes.get(k));
                c.put("precision", precision[k]);
                c.put("recall", recall[k]);
                c.put("f1", f1[k]);
                c.put("support", support[k]);
                perClass.add(c);
            }
            m.put("per_class", perClass);
            Map<String, Object> avg = new LinkedHashMap<>();
            avg.put("precision", macro(precision));
            avg.put("recall", macro(recall));
            avg.put("f1", macro(f1));
            m.put("macro_avg", avg);
            m.put("confusion_matrix", confusion);
            m.put("seconds", seconds);
            return m;
        }

        /** The classification report and the confusion matrix as text. */
        String toText() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "loss: %.4f - accuracy: %.4f (%,d samples, %.1f s)%n", loss, accuracy, samples,
                    seconds));
            int w = "macro avg".length();
            for (String c : classes) w = Math.max(w, c.length());
            String row = "%-" + w + "s  %9s  %9s  %9s  %9s%n";
            b.append(String.format(Locale.ROOT, row, "", "precision", "recall", "f1-score", "support"));
            for (int k = 0; k < classes.size(); k++) {
                b.append(String.format(Locale.ROOT, row, classes.get(k), f(precision[k]), f(recall[k]), f(f1[k]), support[k]));
            }
            b.append(String.format(Locale.ROOT, row, "macro avg", f(macro(precision)), f(macro(recall)), f(macro(f1)), samples));
            b.append("confusion matrix (rows: true class, columns: predicted class):\n");
            int cw = 1;
            for (long[] r : confusion) for (long v : r) cw = Math.max(cw, String.valueOf(v).length());
            for (String c : classes) cw = Math.max(cw, c.length());
            b.append(" ".repeat(w));
            for (String c : classes) b.append("  ").append(pad(c, cw));
            b.append('\n');
            for (int i = 0; i < classes.size(); i++) {
                b.append(String.format(Locale.ROOT, "%-" + w + "s", classes.get(i)));
                for (long v : confusion[i]) b.append("  ").append(pad(String.valueOf(v), cw));
                b.append('\n');
            }
            return b.toString();
        }

        private static String f(double v) {
            return String.format(Locale.ROOT, "%.4f", v);
        }

        private static String pad(String s, int w) {
            return " ".repeat(Math.max(0, w - s.length())) + s;
        }
    }

    /**
     * Scores model on x with int64 class labels y (N).
     *
     * @param classes the class names, index = class id; their count must match the model's output
     */
    static Report run(Model model, Tensor x, Tensor y, List<String> classes) {
        long start = System.nanoTime();
        boolean binary = Training.isBinary(model);
        int k = binary ? 2 : Math.toIntExact(Training.outputUnits(model));
        if (classes.size() != k) {
            throw new IllegalArgumentException("the model has " + k + " classes but " + classes.size() + " class names were given "
                    + classes);
        }
        try (Scope s = Scope.open(); NoGradScope ng = Autograd.noGrad()) {
            Tensor p = model.predict(x, BATCH);
            Tensor target = Training.targets(model, y);
            Loss loss = Training.lossFor(model);
            double lossValue = loss.compute(target, p).item();
            Tensor penalty = model.regularizationLoss();
            if (penalty != null) lossValue += penalty.item();
            Metric accuracy = Metrics.get("accuracy", loss);
            accuracy.update(target, p);
            ConfusionMatrix cm = binary ? ConfusionMatrix.binary(0.5) : new ConfusionMatrix(k);
            cm.update(target, p);
            double[] precision = perClass(binary ? new Precision() : new Precision(Average.MACRO), k, binary, target, p);
            double[] recall = perClass(binary ? new Recall() : new Recall(Average.MACRO), k, binary, target, p);
            double[] f1 = perClass(binary ? new F1Score() : new F1Score(Average.MACRO), k, binary, target, p);
            double[][] m = cm.matrix();
            long[][] counts = new long[k][k];
            long[] support = new long[k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    counts[i][j] = Math.round(m[i][j]);
                    support[i] += counts[i][j];
                }
            }
            return new Report(x.dim(0), lossValue, accuracy.result(), List.copyOf(classes), precision, recall, f1, support,
                    counts, (System.nanoTime() - start) / 1e9);
        }
    }

    private static double[] perClass(ClassificationMetric<?> metric, int k, boolean binary, Tensor target, Tensor p) {
        if (!binary) metric.numClasses(k);
        metric.update(target, p);
        return metric.perClass();
    }
}
