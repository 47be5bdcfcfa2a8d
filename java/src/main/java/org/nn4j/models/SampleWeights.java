package org.nn4j.models;

import java.util.Map;
import org.nn4j.DType;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.NoGradScope;

/** Per-sample weights from class weights (Keras' class_weight) and explicit sample weights. */
final class SampleWeights {
    private SampleWeights() {}

    /**
     * The weight of each sample: classWeight[class of y_i] (1 for classes not in the map) times
     * sampleWeight_i; null when neither is given. Classes: integer labels of shape (N) or (N, 1)
     * (rounded, so binary 0/1 float targets work), or the argmax of one-hot rows (N, K).
     */
    static Tensor combine(Tensor sampleWeight, Map<Integer, Double> classWeight, Tensor y) {
        if (classWeight == null || classWeight.isEmpty()) return sampleWeight;
        long[] classes = classes(y);
        float[] w = new float[classes.length];
        for (int i = 0; i < w.length; i++) {
            Double cw = classWeight.get((int) classes[i]);
            w[i] = cw == null ? 1f : cw.floatValue();
        }
        Tensor cwT = Tensor.of(w, w.length);
        if (sampleWeight == null) return cwT;
        try (NoGradScope ng = Autograd.noGrad()) {
            Tensor sw = sampleWeight.dtype() == DType.FLOAT32 ? sampleWeight : sampleWeight.to(DType.FLOAT32);
            return cwT.mul(sw.reshape(-1));
        }
    }

    private static long[] classes(Tensor y) {
        try (NoGradScope ng = Autograd.noGrad()) {
            if (y.rank() == 1 || (y.rank() == 2 && y.dim(1) == 1)) {
                double[] v = y.toDoubleArray();
                long[] c = new long[v.length];
                for (int i = 0; i < v.length; i++) c[i] = Math.round(v[i]);
                return c;
            }
            if (y.rank() == 2) {
                try (Tensor a = y.argmax(1, false)) {
                    return a.toLongArray();
                }
            }
        }
        throw new IllegalArgumentException("classWeight: targets of shape " + y.shape()
                + " are neither class indices (N) / (N, 1) nor one-hot rows (N, K); use sampleWeight instead");
    }
}
