package org.nn4j.nn.layers;

import org.nn4j.DType;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.nn.Layer;

/**
 * The recurrent cells written step by step from elementwise Tensor ops (CURRICULUM K13, K14,
 * S1), independent of the native fused kernels the layers run. Inputs batch-first (N, T, F);
 * weights in the layers' Keras layouts. Returns {sequence (N, T, H), h_T[, c_T]}, the sequence in
 * processing order.
 */
final class RecurrentReference {
    private RecurrentReference() {}

    static Tensor[] simpleRnn(Tensor x, Tensor h, Tensor w, Tensor u, Tensor b, boolean backwards) {
        long t = x.dim(1);
        Tensor[] ys = new Tensor[(int) t];
        for (int s = 0; s < t; s++) {
            Tensor xt = x.select(1, backwards ? t - 1 - s : s);
            h = xt.matmul(w).add(h.matmul(u)).add(b).tanh();
            ys[s] = h;
        }
        return new Tensor[] {Tensor.stack(1, ys), h};
    }

    static Tensor[] lstm(Tensor x, Tensor h, Tensor c, Tensor w, Tensor u, Tensor b, boolean backwards) {
        long t = x.dim(1), n = h.dim(1);
        Tensor[] ys = new Tensor[(int) t];
        for (int s = 0; s < t; s++) {
            Tensor xt = x.select(1, backwards ? t - 1 - s : s);
            Tensor z = xt.matmul(w).add(h.matmul(u)).add(b);
            Tensor i = z.slice(1, 0, n).sigmoid();
            Tensor f = z.slice(1, n, 2 * n).sigmoid();
            Tensor g = z.slice(1, 2 * n, 3 * n).tanh();
            Tensor o = z.slice(1, 3 * n, 4 * n).sigmoid();
            c = f.mul(c).add(i.mul(g));
            h = o.mul(c.tanh());
            ys[s] = h;
        }
        return new Tensor[] {Tensor.stack(1, ys), h, c};
    }

    /** GRU; b is (3H) when resetAfter is false, else (2, 3H) = [input bias; recurrent bias]. */
    static Tensor[] gru(Tensor x, Tensor h, Tensor w, Tensor u, Tensor b, boolean resetAfter, boolean backwards) {
        long t = x.dim(1), n = h.dim(1);
        Tensor[] ys = new Tensor[(int) t];
        for (int s = 0; s < t; s++) {
            Tensor xt = x.select(1, backwards ? t - 1 - s : s);
            Tensor hNext;
            if (resetAfter) {
                Tensor xa = xt.matmul(w).add(b.select(0, 0)), ha = h.matmul(u).add(b.select(0, 1));
                Tensor z = xa.slice(1, 0, n).add(ha.slice(1, 0, n)).sigmoid();
                Tensor r = xa.slice(1, n, 2 * n).add(ha.slice(1, n, 2 * n)).sigmoid();
                Tensor cand = xa.slice(1, 2 * n, 3 * n).add(r.mul(ha.slice(1, 2 * n, 3 * n))).tanh();
                hNext = z.mul(h).add(z.neg().add(1).mul(cand));
            } else {
                Tensor xa = xt.matmul(w).add(b);
                Tensor z = xa.slice(1, 0, n).add(h.matmul(u.slice(1, 0, n))).sigmoid();
                Tensor r = xa.slice(1, n, 2 * n).add(h.matmul(u.slice(1, n, 2 * n))).sigmoid();
                Tensor cand = xa.slice(1, 2 * n, 3 * n).add(r.mul(h).matmul(u.slice(1, 2 * n, 3 * n))).tanh();
                hNext = z.mul(h).add(z.neg().add(1).mul(cand));
            }
            h = hNext;
            ys[s] = h;
        }
        return new Tensor[] {Tensor.stack(1, ys), h};
    }

    /**
     * The layer's reference on x given the initial states (zeros when null), with its own weights,
     * in x's dtype (the layer's, so the weights are used as stored).
     */
    static Tensor[] of(RecurrentLayer layer, Tensor x, Tensor h0, Tensor c0) {
        try (var ng = Autograd.noGrad()) {
            DType dt = x.dtype();
            if (dt != layer.dtype()) throw new IllegalArgumentException("reference on " + dt + " for a " + layer.dtype() + " layer");
            long n = x.dim(0), units = layer.units();
            Tensor h = h0 != null ? h0.to(dt) : Tensor.zeros(dt, n, units);
            Tensor w = w(layer, "kernel", dt), u = w(layer, "recurrent_kernel", dt);
            boolean back = layer.goBackwards();
            if (layer instanceof LSTM) {
                Tensor c = c0 != null ? c0.to(dt) : Tensor.zeros(dt, n, units);
                return lstm(x, h, c, w, u, w(layer, "bias", dt), back);
            }
            if (layer instanceof GRU) {
                return gru(x, h, w, u, w(layer, "bias", dt), ((GRU) layer).resetAfter(), back);
            }
            return simpleRnn(x, h, w, u, w(layer, "bias", dt), back);
        }
    }

    static Tensor w(Layer layer, String name, DType dt) {
        return layer.weight(name).value().detach().to(dt);
    }
}
