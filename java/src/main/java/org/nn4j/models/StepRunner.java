package org.nn4j.models;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.NoGradScope;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Variable;
import org.nn4j.nn.losses.Loss;
import org.nn4j.nn.metrics.Metric;

/**
 * One training or test step on one batch, and the running statistics of an epoch (streaming
 * metrics, and loss means weighted by each batch's total sample weight, its size without
 * weights: a batch's loss is sum w l / sum w (CURRICULUM L9), so this makes the epoch's loss the
 * weighted mean over all its samples, whatever the batch size). The caller runs each step inside
 * a {@link org.nn4j.Scope}, so every temporary of the step is freed when it ends.
 */
final class StepRunner {
    private final Model model;
    private final Compiled c;
    private final NumericsMonitor monitor;      // null: no checks, no norms
    private final Map<Integer, Double> classWeight;
    private double lossSum;
    private final double[] outSums;
    private double lossWeight;
    private double count;

    StepRunner(Model model, Compiled c, NumericsMonitor monitor, Map<Integer, Double> classWeight) {
        this.model = model;
        this.c = c;
        this.monitor = monitor;
        this.classWeight = classWeight;
        this.outSums = new double[c.outputNames.size()];
    }

    void reset() {
        lossSum = 0;
        lossWeight = 0;
        count = 0;
        Arrays.fill(outSums, 0);
        c.resetMetrics();
    }

    /** Forward, loss (with regularization penalties), gradients, optimizer update, metrics. */
    void train(Batch b, long step, int epoch, long batch, boolean checkInputs) {
        Tensor[] xs = b.x();
        Tensor[] ys = b.y();
        model.checkData(xs, ys, b.sampleWeight(), "batch " + batch);
        if (monitor != null && checkInputs) monitor.checkInputs(xs, ys, model.inputLayerName(0), epoch, batch, step);
        CallContext ctx = CallContext.training(step);
        if (monitor != null) ctx = monitor.withObserver(ctx);
        Tensor[] preds = model.graph().run(ctx, xs);
        if (monitor != null) monitor.afterForward(epoch, batch, step);
        Tensor sw = SampleWeights.combine(b.sampleWeight(), classWeight, ys[0]);
        Tensor[] parts = new Tensor[preds.length];
        Tensor total = loss(ys, preds, sw, parts);
        if (monitor != null && monitor.checks()) monitor.checkLoss(total, epoch, batch, step);
        List<Variable> vars = model.trainableWeights();
        if (!vars.isEmpty() && total.requiresGrad()) {
            Tensor[] values = new Tensor[vars.size()];
            for (int i = 0; i < values.length; i++) values[i] = vars.get(i).value();
            Tensor[] grads = Autograd.grad(total, values);
            if (monitor != null) monitor.afterBackward(vars, grads, epoch, batch, step);
            c.optimizer.apply(vars, Arrays.asList(grads));
        }
        record(ys, preds, sw, total, parts, xs[0].dim(0));
    }

    /** Forward in inference mode without recording, loss and metrics. */
    void test(Batch b, String what) {
        Tensor[] xs = b.x();
        Tensor[] ys = b.y();
        model.checkData(xs, ys, b.sampleWeight(), what);
        try (NoGradScope ng = Autograd.noGrad()) {
            Tensor[] preds = model.graph().run(CallContext.INFERENCE, xs);
            Tensor[] parts = new Tensor[preds.length];
            Tensor total = loss(ys, preds, b.sampleWeight(), parts);
            record(ys, preds, b.sampleWeight(), total, parts, xs[0].dim(0));
        }
    }

    /** sum_i w_i * loss_i(y_i, pred_i) + the layers' regularization penalties (K10). */
    private Tensor loss(Tensor[] ys, Tensor[] preds, Tensor sw, Tensor[] parts) {
        Tensor total = null;
        for (int i = 0; i < preds.length; i++) {
            Loss l = c.losses[i];
            if (l == null) continue;
            Tensor li = l.compute(ys[i], preds[i], sw);
            if (li.numel() != 1) {
                throw new IllegalArgumentException("loss '" + l.name() + "' of output '" + c.outputNames.get(i)
                        + "' returned shape " + li.shape() + "; fit needs a scalar (use a mean or sum reduction)");
            }
            parts[i] = li;
            Tensor wi = c.lossWeights[i] == 1.0 ? li : li.mul(c.lossWeights[i]);
            total = total == null ? wi : total.add(wi);
        }
        Tensor reg = model.regularizationLoss();
        if (reg != null) total = total.add(reg);
        return total;
    }

    private void record(Tensor[] ys, Tensor[] preds, Tensor sw, Tensor total, Tensor[] parts, long n) {
        try (NoGradScope ng = Autograd.noGrad()) {
            for (int i = 0; i < preds.length; i++) {
                for (Metric m : c.metrics.get(i)) m.update(ys[i], preds[i], sw);
            }
            double w = n;
            if (sw != null) {
                try (Tensor s = sw.sum()) {
                    w = s.item();
                }
            }
            lossSum += total.item() * w;
            lossWeight += w;
            // per-output losses are only logged for several outputs: one host read per step otherwise
            if (parts.length > 1) for (int i = 0; i < parts.length; i++) if (parts[i] != null) outSums[i] += parts[i].item() * w;
        }
        count += n;
    }

    /** The running results: "loss", per-output "name_loss" (several outputs), metrics; keys prefixed. */
    Map<String, Double> logs(String prefix) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (count == 0) return out;
        // every weight 0: the losses say 0 for such batches (L9), and so does the mean
        double norm = lossWeight == 0 ? 1 : lossWeight;
        out.put(prefix + "loss", lossSum / norm);
        if (outSums.length > 1) {
            for (int i = 0; i < outSums.length; i++) if (c.losses[i] != null) out.put(prefix + c.lossKey(i), outSums[i] / norm);
        }
        for (int i = 0; i < c.metrics.size(); i++) {
            for (Metric m : c.metrics.get(i)) out.put(prefix + c.metricKey(i, m), m.result());
        }
        return out;
    }

    void putGradNorms(Map<String, Double> logs) {
        if (monitor != null) monitor.putGradNorms(logs);
    }
}
