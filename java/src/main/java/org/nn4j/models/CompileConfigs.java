package org.nn4j.models;

import java.util.ArrayList;
import java.util.List;
import org.nn4j.nn.Config;
import org.nn4j.nn.losses.Loss;
import org.nn4j.nn.losses.Losses;
import org.nn4j.nn.metrics.Metric;
import org.nn4j.nn.metrics.Metrics;
import org.nn4j.optim.Optimizer;

/**
 * The compile settings of a model as a {@link Config}, for saved models: per output (in output
 * order) its loss config (null: no loss), its loss weight and its metric configs, plus the
 * optimizer's config. Losses and metrics are rebuilt through {@link Losses#fromConfig} and
 * {@link Metrics#fromConfig}, so custom ones must be registered there before loading.
 */
public final class CompileConfigs {
    private CompileConfigs() {}

    /** The compile config of a compiled model, or null when it is not compiled. */
    public static Config of(Model model) {
        if (!model.isCompiled()) return null;
        Compiled c = model.compiledOrThrow("save");
        List<Object> losses = new ArrayList<>();
        List<Object> weights = new ArrayList<>();
        List<Object> metrics = new ArrayList<>();
        for (int i = 0; i < c.outputNames.size(); i++) {
            losses.add(c.losses[i] == null ? null : c.losses[i].config());
            weights.add(c.lossWeights[i]);
            List<Object> ms = new ArrayList<>();
            for (Metric m : c.metrics.get(i)) ms.add(m.config());
            metrics.add(ms);
        }
        return new Config().put("output_names", new ArrayList<Object>(c.outputNames)).put("losses", losses)
                .put("loss_weights", weights).put("metrics", metrics).put("optimizer", c.optimizer.config());
    }

    /**
     * Compile options for {@code model} from {@link #of} output and the optimizer rebuilt from its
     * "optimizer" entry. The saved output names must be the model's.
     */
    @SuppressWarnings("unchecked")
    public static CompileOptions fromConfig(Config c, Model model, Optimizer optimizer) {
        List<String> names = model.outputNames();
        List<Object> saved = (List<Object>) c.asMap().get("output_names");
        if (saved == null || !names.equals(toStrings(saved))) {
            throw new IllegalArgumentException("the compile config is for outputs " + saved + " but the model's outputs are "
                    + names);
        }
        List<Object> losses = list(c, "losses", names.size());
        List<Object> weights = list(c, "loss_weights", names.size());
        List<Object> metrics = list(c, "metrics", names.size());
        Loss[] ls = new Loss[names.size()];
        double[] ws = new double[names.size()];
        CompileOptions.Builder b = CompileOptions.builder().optimizer(optimizer);
        for (int i = 0; i < names.size(); i++) {
            ls[i] = losses.get(i) == null ? null : Losses.fromConfig(asConfig(losses.get(i)));
            ws[i] = ((Number) weights.get(i)).doubleValue();
            List<Object> ms = (List<Object>) metrics.get(i);
            Metric[] m = new Metric[ms.size()];
            for (int k = 0; k < m.length; k++) m[k] = Metrics.fromConfig(asConfig(ms.get(k)));
            if (m.length > 0) b.metrics(names.get(i), m);
        }
        return b.losses(ls).lossWeights(ws).build();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Config c, String key, int n) {
        Object v = c.asMap().get(key);
        if (!(v instanceof List) || ((List<Object>) v).size() != n) {
            throw new IllegalArgumentException("the compile config's '" + key + "' must be a list of " + n + " entries (one per"
                    + " output), got " + v);
        }
        return (List<Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static Config asConfig(Object o) {
        if (o instanceof Config) return (Config) o;
        if (o instanceof java.util.Map) return new Config((java.util.Map<String, Object>) o);
        throw new IllegalArgumentException("expected a config object, got " + o);
    }

    private static List<String> toStrings(List<Object> l) {
        List<String> out = new ArrayList<>();
        for (Object o : l) out.add(String.valueOf(o));
        return out;
    }
}
