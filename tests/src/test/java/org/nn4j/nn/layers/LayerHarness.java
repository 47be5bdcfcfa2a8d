package org.nn4j.nn.layers;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nn4j.DType;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.NoGradScope;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;
import org.nn4j.nn.LayerRegistry;
import org.nn4j.nn.Variable;

/**
 * Shared machinery of the layer tests: seeded inputs, weights set to random non-zero values (so
 * a zero bias cannot hide a wiring error), a JSON round trip of configs as a saved model would do
 * it, and a float64 finite-difference check of a layer's call with respect to its inputs and its
 * trainable weights (CURRICULUM A7: rel = ||num - ana|| / (||num|| + ||ana||), central
 * differences, J = sum_j r_j y_j with fixed r_j in [0.5, 1.5)).
 */
final class LayerHarness {
    private static final Gson GSON = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .serializeSpecialFloatingPointValues().create();

    private LayerHarness() {}

    /** Batched float64 inputs of the given per-sample shapes, uniform in [-1, 1). */
    static Tensor[] inputs(long seed, long batch, long[]... perSample) {
        Tensor[] xs = new Tensor[perSample.length];
        for (int i = 0; i < xs.length; i++) {
            long[] s = new long[perSample[i].length + 1];
            s[0] = batch;
            System.arraycopy(perSample[i], 0, s, 1, perSample[i].length);
            xs[i] = Tensor.of(uniform(seed + 31L * i, (int) Shape.of(s).numel(), -1, 1), s);
        }
        return xs;
    }

    static double[] uniform(long seed, int n, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * r.nextDouble();
        return v;
    }

    static Shape[] shapes(long[]... perSample) {
        Shape[] s = new Shape[perSample.length];
        for (int i = 0; i < s.length; i++) s[i] = Shape.of(perSample[i]);
        return s;
    }

    /** Every weight to seeded values: variances in [0.5, 1.5), the rest in [-1, 1) (never zero). */
    static void randomizeWeights(Layer layer, long seed) {
        long k = seed;
        for (Variable v : layer.weights()) {
            boolean positive = v.name().contains("variance");
            double[] d = uniform(k++, (int) v.numel(), positive ? 0.5 : -1, positive ? 1.5 : 1);
            try (Tensor t = Tensor.of(d, v.shape()); Tensor c = t.to(v.value().dtype())) {
                v.assign(c);
            }
        }
    }

    /** Copies every weight of {@code from} into the same-named weight of {@code to}. */
    static void copyWeights(Layer from, Layer to) {
        List<Variable> a = from.weights(), b = to.weights();
        if (a.size() != b.size()) throw new AssertionError(a + " vs " + b);
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).name().equals(b.get(i).name())) throw new AssertionError(a + " vs " + b);
            b.get(i).assign(a.get(i).value());
        }
    }

    // ---- config JSON --------------------------------------------------------------------------

    static String json(Config c) {
        return GSON.toJson(plain(c));
    }

    private static Object plain(Object o) {
        if (o instanceof Config) o = ((Config) o).asMap();
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put((String) e.getKey(), plain(e.getValue()));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) out.add(plain(x));
            return out;
        }
        return o;
    }

    /** The layer rebuilt from its config after a trip through JSON text, as loading a model does. */
    @SuppressWarnings("unchecked")
    static Layer roundTrip(Layer layer) {
        String text = json(layer.config());
        Map<String, Object> map = GSON.fromJson(text, Map.class);
        return LayerRegistry.create(layer.typeName(), new Config(map));
    }

    // ---- gradient check ------------------------------------------------------------------------

    /** The A7 relative error of d J / d (inputs, trainable weights) of a float64 layer's call. */
    static double gradCheck(Layer layer, CallContext ctx, Tensor... inputs) {
        final double eps = 1e-7;
        int ni = inputs.length;
        List<Variable> params = new ArrayList<>();
        // build first: the weights exist only then
        layer.call(ctx, inputs);
        params.addAll(layer.trainableWeights());
        int total = ni + params.size();
        double[][] values = new double[total][];
        long[][] shapes = new long[total][];
        for (int i = 0; i < ni; i++) {
            values[i] = inputs[i].toDoubleArray();
            shapes[i] = inputs[i].dims();
        }
        for (int p = 0; p < params.size(); p++) {
            values[ni + p] = params.get(p).value().toDoubleArray();
            shapes[ni + p] = params.get(p).shape();
        }
        // analytic
        double[] r;
        double[][] ana = new double[total][];
        try (org.nn4j.Scope s = org.nn4j.Scope.open(); NoGradScope on = Autograd.enableGrad()) {
            Tensor[] xs = new Tensor[ni];
            for (int i = 0; i < ni; i++) xs[i] = Tensor.of(values[i].clone(), shapes[i]).requiresGrad(true);
            Tensor y = layer.call(ctx, xs)[0];
            r = uniform(0x5EED, (int) y.numel(), 0.5, 1.5);
            Tensor j = y.mul(Tensor.of(r, y.dims())).sum();
            Tensor[] leaves = new Tensor[total];
            System.arraycopy(xs, 0, leaves, 0, ni);
            for (int p = 0; p < params.size(); p++) leaves[ni + p] = params.get(p).value();
            Tensor[] g = Autograd.grad(new Tensor[] {j}, null, leaves);
            for (int i = 0; i < total; i++) ana[i] = g[i] == null ? new double[values[i].length] : g[i].toDoubleArray();
        }
        // numeric
        double diff2 = 0, num2 = 0, ana2 = 0;
        for (int i = 0; i < total; i++) {
            for (int c = 0; c < values[i].length; c++) {
                double x0 = values[i][c], xp = x0 + eps, xm = x0 - eps;
                values[i][c] = xp;
                double[] yp = output(layer, ctx, ni, params, values, shapes);
                values[i][c] = xm;
                double[] ym = output(layer, ctx, ni, params, values, shapes);
                values[i][c] = x0;
                double sum = 0, comp = 0;
                for (int k = 0; k < r.length; k++) {
                    double t = r[k] * (yp[k] - ym[k]), s2 = sum + t;
                    comp += Math.abs(sum) >= Math.abs(t) ? (sum - s2) + t : (t - s2) + sum;
                    sum = s2;
                }
                double num = (sum + comp) / (xp - xm);
                diff2 += (num - ana[i][c]) * (num - ana[i][c]);
                num2 += num * num;
                ana2 += ana[i][c] * ana[i][c];
            }
        }
        restore(params, values, shapes, ni);
        double denom = Math.sqrt(num2) + Math.sqrt(ana2);
        return denom == 0 ? 0 : Math.sqrt(diff2) / denom;
    }

    private static double[] output(Layer layer, CallContext ctx, int ni, List<Variable> params, double[][] values,
                                   long[][] shapes) {
        try (org.nn4j.Scope s = org.nn4j.Scope.open(); NoGradScope ng = Autograd.noGrad()) {
            restore(params, values, shapes, ni);
            Tensor[] xs = new Tensor[ni];
            for (int i = 0; i < ni; i++) xs[i] = Tensor.of(values[i].clone(), shapes[i]);
            return layer.call(ctx, xs)[0].toDoubleArray();
        }
    }

    private static void restore(List<Variable> params, double[][] values, long[][] shapes, int ni) {
        for (int p = 0; p < params.size(); p++) {
            try (Tensor t = Tensor.of(values[ni + p].clone(), shapes[ni + p])) {
                params.get(p).assign(t);
            }
        }
    }

    static Tensor f64(Tensor t) {
        return t.dtype() == DType.FLOAT64 ? t : t.to(DType.FLOAT64);
    }
}
