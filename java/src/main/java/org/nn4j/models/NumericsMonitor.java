package org.nn4j.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.DType;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.NoGradScope;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Layer;
import org.nn4j.nn.Variable;

/**
 * NaN provenance and per-layer gradient norms for one fit.
 *
 * <p>Cost: one reduction per checked tensor (a sum for layer outputs, an L2 norm for
 * gradients), the scalars stacked so that the host reads them once per forward and once per
 * backward. A non-finite reduction is confirmed on the tensor itself (a large finite sum can
 * overflow) before the exception is thrown; outputs are checked in execution order and
 * gradients from the loss backwards, so the first hit is where the non-finite value started.
 */
final class NumericsMonitor {
    private final boolean check;
    private final boolean norms;
    private final List<Layer> outLayers = new ArrayList<>();
    private final List<Integer> outIndex = new ArrayList<>();
    private final List<Tensor> outTensors = new ArrayList<>();
    private final List<Tensor> outSums = new ArrayList<>();
    private final Map<String, double[]> normSums = new LinkedHashMap<>();  // layer -> {sum, count}

    NumericsMonitor(boolean check, boolean norms) {
        this.check = check;
        this.norms = norms;
    }

    boolean checks() {
        return check;
    }

    /** The context's observer: sums each floating-point output of every layer call. */
    CallContext withObserver(CallContext ctx) {
        if (!check) return ctx;
        outLayers.clear();
        outIndex.clear();
        outTensors.clear();
        outSums.clear();
        return ctx.withObserver((layer, outputs) -> {
            try (NoGradScope ng = Autograd.noGrad()) {
                for (int i = 0; i < outputs.length; i++) {
                    Tensor t = outputs[i];
                    if (!t.dtype().isFloatingPoint() || t.numel() == 0) continue;
                    Tensor s = t.sum();
                    outLayers.add(layer);
                    outIndex.add(i);
                    outTensors.add(t);
                    outSums.add(s.dtype() == DType.FLOAT32 ? s : s.to(DType.FLOAT32));
                }
            }
        });
    }

    void checkInputs(Tensor[] xs, Tensor[] ys, String inputName0, int epoch, long batch, long step) {
        if (!check) return;
        for (int i = 0; i < xs.length; i++) checkWhole(xs[i], "x[" + i + "]", NonFiniteException.Kind.INPUT, inputName0, epoch, batch, step);
        for (int i = 0; i < ys.length; i++) checkWhole(ys[i], "y[" + i + "]", NonFiniteException.Kind.INPUT, null, epoch, batch, step);
    }

    private static void checkWhole(Tensor t, String what, NonFiniteException.Kind kind, String layer, int epoch, long batch,
                                   long step) {
        if (!t.dtype().isFloatingPoint()) return;
        try {
            t.checkFinite(what);
        } catch (ArithmeticException e) {
            throw new NonFiniteException("non-finite value in the training data " + what + " (batch " + (batch + 1)
                    + " of epoch " + (epoch + 1) + "): " + e.getMessage(), kind, layer, what, null, epoch, batch, step);
        }
    }

    /** After the forward: the first layer (in execution order) whose output is non-finite. */
    void afterForward(int epoch, long batch, long step) {
        if (!check || outSums.isEmpty()) return;
        float[] sums;
        try (NoGradScope ng = Autograd.noGrad(); Tensor all = Tensor.stack(0, outSums.toArray(new Tensor[0]))) {
            sums = all.toFloatArray();
        }
        for (int k = 0; k < sums.length; k++) {
            if (Float.isFinite(sums[k])) continue;
            Layer layer = outLayers.get(k);
            Tensor t = outTensors.get(k);
            String detail = confirm(t, "output " + outIndex.get(k) + " of layer '" + layer.name() + "'");
            if (detail == null) continue;  // the sum overflowed; the values are finite
            String op = t.gradFn() == null ? null : t.gradFn().name();
            throw new NonFiniteException("non-finite value in the output " + outIndex.get(k) + " of layer '" + layer.name()
                    + "' (" + layer.typeName() + ")" + (op == null ? "" : ", produced by op '" + op + "'")
                    + ", at epoch " + (epoch + 1) + ", batch " + (batch + 1) + " (training step " + step + ")"
                    + (k == 0 ? "" : "; the outputs of the layers before it were finite") + ": " + detail,
                    NonFiniteException.Kind.OUTPUT, layer.name(), "output " + outIndex.get(k), op, epoch, batch, step);
        }
    }

    void checkLoss(Tensor loss, int epoch, long batch, long step) {
        if (!check) return;
        String detail = confirm(loss, "loss");
        if (detail == null) return;
        String op = loss.gradFn() == null ? null : loss.gradFn().name();
        throw new NonFiniteException("the loss is non-finite although every layer output is finite"
                + (op == null ? "" : " (last op '" + op + "')") + ", at epoch " + (epoch + 1) + ", batch " + (batch + 1)
                + " (training step " + step + "); check the targets and the loss' domain (log of 0?): " + detail,
                NonFiniteException.Kind.LOSS, null, "loss", op, epoch, batch, step);
    }

    /** After the backward: checks gradients from the last variable back, and adds up per-layer norms. */
    void afterBackward(List<Variable> vars, Tensor[] grads, int epoch, long batch, long step) {
        if ((!check && !norms) || vars.isEmpty()) return;
        float[] n;
        try (NoGradScope ng = Autograd.noGrad()) {
            Tensor[] each = new Tensor[grads.length];
            for (int i = 0; i < grads.length; i++) {
                Tensor g = grads[i].norm2();
                each[i] = g.dtype() == DType.FLOAT32 ? g : g.to(DType.FLOAT32);
            }
            try (Tensor all = Tensor.stack(0, each)) {
                n = all.toFloatArray();
            }
        }
        if (check) {
            for (int i = vars.size() - 1; i >= 0; i--) {
                if (Float.isFinite(n[i])) continue;
                Variable v = vars.get(i);
                String detail = confirm(grads[i], "gradient of " + v.path());
                if (detail == null) continue;
                String layer = v.owner() == null ? null : v.owner().name();
                throw new NonFiniteException("non-finite gradient of weight '" + v.path() + "' of layer '" + layer
                        + "' at epoch " + (epoch + 1) + ", batch " + (batch + 1) + " (training step " + step
                        + "); layer outputs and the loss were finite, so the backward of this layer (or of a layer after it"
                        + " with finite gradients) made it: " + detail,
                        NonFiniteException.Kind.GRADIENT, layer, "gradient of " + v.path(), null, epoch, batch, step);
            }
        }
        if (norms) {
            Map<String, Double> sq = new LinkedHashMap<>();
            for (int i = 0; i < vars.size(); i++) {
                Layer owner = vars.get(i).owner();
                String name = owner == null ? vars.get(i).name() : owner.name();
                sq.merge(name, (double) n[i] * n[i], Double::sum);
            }
            for (Map.Entry<String, Double> e : sq.entrySet()) {
                double[] acc = normSums.computeIfAbsent(e.getKey(), k -> new double[2]);
                acc[0] += Math.sqrt(e.getValue());
                acc[1] += 1;
            }
        }
    }

    /** The epoch's mean gradient norm per layer as "grad_norm/name", then resets. */
    void putGradNorms(Map<String, Double> logs) {
        if (!norms) return;
        for (Map.Entry<String, double[]> e : normSums.entrySet()) {
            if (e.getValue()[1] > 0) logs.put("grad_norm/" + e.getKey(), e.getValue()[0] / e.getValue()[1]);
        }
        normSums.clear();
    }

    /** The checkFinite message when t has a non-finite value, or null when it is all finite. */
    private static String confirm(Tensor t, String what) {
        try (NoGradScope ng = Autograd.noGrad()) {
            t.checkFinite(what);
            return null;
        } catch (ArithmeticException e) {
            return e.getMessage();
        }
    }
}
