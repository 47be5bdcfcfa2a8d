package org.nn4j.nn.losses;

import java.util.Map;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;

/**
 * Class weights (CURRICULUM L9): a weight per class id, applied to each sample from its class
 * ({@link Targets#classIds}). Also what fit(classWeight) turns into sample weights, through
 * {@link #perSample}.
 */
public final class ClassWeights {
    private ClassWeights() {}

    /** A map class -> weight as an array indexed by class; classes missing from the map weigh 1. */
    public static double[] fromMap(Map<Integer, ? extends Number> weights) {
        if (weights == null || weights.isEmpty()) {
            throw new IllegalArgumentException("class weights: the map is null or empty");
        }
        int max = -1;
        for (Integer k : weights.keySet()) {
            if (k == null || k < 0) throw new IllegalArgumentException("class weights: class id " + k + " is not >= 0");
            max = Math.max(max, k);
        }
        double[] w = new double[max + 1];
        java.util.Arrays.fill(w, 1.0);
        for (Map.Entry<Integer, ? extends Number> e : weights.entrySet()) w[e.getKey()] = e.getValue().doubleValue();
        return check(w);
    }

    /** Validates (finite, >= 0, not empty) and returns a copy. */
    public static double[] check(double[] w) {
        if (w == null || w.length == 0) throw new IllegalArgumentException("class weights: none given");
        for (int i = 0; i < w.length; i++) {
            if (!(w[i] >= 0) || Double.isInfinite(w[i])) {
                throw new IllegalArgumentException("class weights: weight of class " + i + " is " + w[i]
                        + "; weights must be finite and >= 0");
            }
        }
        return w.clone();
    }

    /**
     * The weight of each sample's class, (N) in like's dtype and device, from int64 class ids
     * (N); an id outside [0, weights.length) is an error naming the number of weights.
     */
    public static Tensor perSampleFromIds(String op, Tensor classIds, double[] weights, Tensor like) {
        return Scope.run(() -> {
            Tensor table = Tensor.of(weights, weights.length).to(like.dtype()).to(like.device());
            Tensor ids = classIds.dtype() == DType.INT64 ? classIds : classIds.to(DType.INT64);
            try {
                return table.gather(0, ids);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(op + ": a target's class is outside the " + weights.length
                        + " class weights (ids 0.." + (weights.length - 1) + "); give a weight for every class", e);
            }
        });
    }

    /** The weight of each sample of yTrue from its class ({@link Targets#classIds}); (N) like like. */
    public static Tensor perSample(String op, Tensor yTrue, double[] weights, Tensor like) {
        return Scope.run(() -> perSampleFromIds(op, Targets.classIds(op, yTrue), weights, like));
    }
}
