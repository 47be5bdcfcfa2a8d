package org.nn4j.models;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.NoGradScope;
import org.nn4j.callbacks.Callback;
import org.nn4j.callbacks.CallbackList;
import org.nn4j.callbacks.History;
import org.nn4j.callbacks.ProgbarLogger;
import org.nn4j.nn.CallContext;

/**
 * The loops of fit, evaluate and predict over a {@link BatchSource}: epochs, batches, callbacks
 * and validation. Each batch is pulled and processed inside its own {@link Scope}, so a loop of
 * any length keeps native memory flat.
 */
final class Trainer {
    private Trainer() {}

    static History fit(Model model, BatchSource train, BatchSource val, FitOptions o, boolean checkBatchInputs) {
        Compiled c = model.compiledOrThrow("fit");
        History history = new History();
        List<Callback> cbs = new ArrayList<>();
        boolean hasBar = false;
        for (Callback cb : o.callbacks) hasBar |= cb instanceof ProgbarLogger;
        if (o.verbose > 0 && !hasBar) cbs.add(new ProgbarLogger(o.out, o.verbose == 1 ? ProgbarLogger.Mode.AUTO : ProgbarLogger.Mode.EPOCH_LINE));
        cbs.addAll(o.callbacks);
        cbs.add(history);
        CallbackList list = new CallbackList(cbs);
        list.setModel(model);
        list.setParams(params(o.epochs, train, o.verbose));

        NumericsMonitor monitor = o.checkNumerics || o.logGradNorms ? new NumericsMonitor(o.checkNumerics, o.logGradNorms) : null;
        StepRunner runner = new StepRunner(model, c, monitor, o.classWeight);
        StepRunner valRunner = val == null ? null : new StepRunner(model, c, null, null);
        model.setStopTraining(false);
        Map<String, Double> last = new LinkedHashMap<>();
        list.onTrainBegin(new LinkedHashMap<>());
        try {
            for (int epoch = o.initialEpoch; epoch < o.epochs; epoch++) {
                list.onEpochBegin(epoch, new LinkedHashMap<>());
                runner.reset();
                Iterator<Batch> it = train.epoch(epoch);
                int batch = 0;
                while (it.hasNext()) {
                    list.onTrainBatchBegin(batch, new LinkedHashMap<>());
                    try (Scope s = Scope.open()) {
                        runner.train(it.next(), model.nextStep(), epoch, batch, checkBatchInputs);
                    }
                    list.onTrainBatchEnd(batch, runner.logs(""));
                    batch++;
                    if (model.stopTraining()) break;
                }
                if (batch == 0) throw new IllegalArgumentException("fit: epoch " + (epoch + 1) + " had no batches (the data is empty)");
                Map<String, Double> logs = runner.logs("");
                runner.putGradNorms(logs);
                if (valRunner != null) logs.putAll(test(valRunner, val, list, "val_", "validation"));
                list.onEpochEnd(epoch, logs);
                last = logs;
                if (model.stopTraining()) break;
            }
        } finally {
            // also on failure: files, progress bars and weight snapshots are released
            list.onTrainEnd(last);
        }
        return history;
    }

    private static Map<String, Object> params(int epochs, BatchSource src, int verbose) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("epochs", epochs);
        p.put("steps", src.steps() < 0 ? null : src.steps());
        p.put("samples", src.samples() < 0 ? null : src.samples());
        p.put("verbose", verbose);
        return p;
    }

    /** Evaluation over a whole source: loss and metrics over all of it, keys prefixed. */
    static Map<String, Double> test(StepRunner runner, BatchSource src, Callback list, String prefix, String what) {
        runner.reset();
        list.onTestBegin(new LinkedHashMap<>());
        Iterator<Batch> it = src.epoch(0);
        int batch = 0;
        while (it.hasNext()) {
            list.onTestBatchBegin(batch, new LinkedHashMap<>());
            try (Scope s = Scope.open()) {
                runner.test(it.next(), what + " batch " + batch);
            }
            list.onTestBatchEnd(batch, runner.logs(""));
            batch++;
        }
        if (batch == 0) throw new IllegalArgumentException(what + ": no batches (the data is empty)");
        list.onTestEnd(runner.logs(""));
        return runner.logs(prefix);
    }

    static Map<String, Double> evaluate(Model model, BatchSource src, List<Callback> callbacks) {
        Compiled c = model.compiledOrThrow("evaluate");
        CallbackList list = new CallbackList(callbacks);
        list.setModel(model);
        return test(new StepRunner(model, c, null, null), src, list, "", "evaluate");
    }

    /** Outputs for every batch, concatenated along dimension 0. */
    static Tensor[] predict(Model model, BatchSource src, List<Callback> callbacks) {
        CallbackList list = new CallbackList(callbacks);
        list.setModel(model);
        int nOut = model.graph().outputs.size();
        List<List<Tensor>> parts = new ArrayList<>();
        for (int i = 0; i < nOut; i++) parts.add(new ArrayList<>());
        list.onPredictBegin(new LinkedHashMap<>());
        try {
            Iterator<Batch> it = src.epoch(0);
            int batch = 0;
            while (it.hasNext()) {
                list.onPredictBatchBegin(batch, new LinkedHashMap<>());
                try (Scope s = Scope.open(); NoGradScope ng = Autograd.noGrad()) {
                    Tensor[] xs = it.next().x();
                    model.checkData(xs, null, null, "predict batch " + batch);
                    Tensor[] out = model.graph().run(CallContext.INFERENCE, xs);
                    for (int i = 0; i < nOut; i++) parts.get(i).add(s.keep(out[i]));
                }
                list.onPredictBatchEnd(batch, new LinkedHashMap<>());
                batch++;
            }
            if (batch == 0) throw new IllegalArgumentException("predict: no batches (the data is empty)");
            Tensor[] res = new Tensor[nOut];
            try (NoGradScope ng = Autograd.noGrad()) {
                for (int i = 0; i < nOut; i++) res[i] = Tensor.concat(0, parts.get(i).toArray(new Tensor[0]));
            }
            list.onPredictEnd(new LinkedHashMap<>());
            return res;
        } finally {
            for (List<Tensor> l : parts) for (Tensor t : l) t.close();
        }
    }
}
