package org.nn4j.ops.nn;

import java.util.Arrays;
import org.nn4j.Tensor;
import org.nn4j.bindings.OptimNative;
import org.nn4j.internal.Kernels;
import org.nn4j.ops.Checks;

/**
 * Fused optimizer updates (CURRICULUM §6, native {@code nn4j_optim.h}): each call makes one pass
 * over the elements and updates the parameter and its state tensors in place; the gradient is
 * only read. Not differentiable and never recorded by autograd (an update is not part of any
 * graph), so it may be applied to a leaf that requires grad without a no-grad block.
 *
 * <p>Every tensor of a call has the parameter's shape, dtype (float32 or float64) and device.
 * The parameter and the state tensors must be contiguous (they are written in place) and must not
 * share memory; a non-contiguous gradient is copied first. Hyper-parameters are checked natively;
 * a bad value gives an {@link IllegalArgumentException} naming it.
 *
 * <p>The rules, with g the prepared gradient (see {@link GradPrep}):
 * <ul>
 *   <li>{@link #sgd}: θ −= ηg (O1).</li>
 *   <li>{@link #momentum}: v ← γv + η(1−δ)g; θ −= v (K12). Nesterov (O3, δ = 0): v ← γv + ηg;
 *       θ −= γv + ηg, where θ holds the look-ahead point φ = θ − γv.</li>
 *   <li>{@link #adagrad}: G += g²; θ −= ηg/(√G + ε) (O4).</li>
 *   <li>{@link #rmsprop}: s ← ρs + (1−ρ)g²; centered: a ← ρa + (1−ρ)g and s − a² replaces s;
 *       u = ηg/(√s + ε); with momentum b ← μb + u, θ −= b, otherwise θ −= u (O5).</li>
 *   <li>{@link #adadelta}: E_g ← ρE_g + (1−ρ)g²; Δ = √(E_Δ+ε)/√(E_g+ε)·g;
 *       E_Δ ← ρE_Δ + (1−ρ)Δ²; θ −= ηΔ (O6).</li>
 *   <li>{@link #adam}: m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; AMSGrad v̄ = max(v̄, v) replaces v;
 *       AdamW θ −= ηλθ first; θ −= η·(m/(1−β₁ᵗ))/(√(v/(1−β₂ᵗ)) + ε) (O7).</li>
 *   <li>{@link #nadam}: Adam's moments with Dozat's momentum schedule μ_t (Keras / PyTorch):
 *       θ −= η[μ_{t+1}m/(1−Πμ_{≤t+1}) + (1−μ_t)g/(1−Πμ_{≤t})]/(√(v/(1−β₂ᵗ)) + ε).</li>
 * </ul>
 */
public final class OptimizerUpdates {
    private OptimizerUpdates() {}

    /**
     * The per-element gradient preparation shared by every update, in this order:
     * g = grad · scale (norm clipping; the caller computes the factor), g = clamp(g, ±clip)
     * (value clipping; +∞ turns it off), g += weightDecay · θ (coupled L2 decay).
     */
    public record GradPrep(double weightDecay, double scale, double clip) {
        /** No decay, no scaling, no clipping. */
        public static final GradPrep NONE = new GradPrep(0, 1, Double.POSITIVE_INFINITY);

        public GradPrep {
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("GradPrep: weightDecay = " + weightDecay + " must be finite and >= 0");
            }
            if (!(scale >= 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("GradPrep: scale = " + scale + " must be finite and >= 0");
            }
            if (!(clip > 0)) {
                throw new IllegalArgumentException("GradPrep: clip = " + clip
                        + " must be > 0 (Double.POSITIVE_INFINITY for no value clipping)");
            }
        }

        public static GradPrep weightDecay(double weightDecay) {
            return new GradPrep(weightDecay, 1, Double.POSITIVE_INFINITY);
        }
    }

    /** θ −= ηg. */
    public static void sgd(Tensor param, Tensor grad, double lr, GradPrep prep) {
        final String op = "sgd update";
        run(op, param, grad, new Tensor[] {}, new String[] {}, (dev, dt, n, a) ->
                OptimNative.nn4j_sgd_update(dev, dt, n, a[0], a[1], 0, lr, 0, 0, 0, prep.weightDecay(), prep.scale(),
                        prep.clip()));
    }

    /** Momentum (K12) or, with {@code nesterov}, Nesterov momentum (O3; dampening must be 0). */
    public static void momentum(Tensor param, Tensor grad, Tensor velocity, double lr, double momentum,
                                double dampening, boolean nesterov, GradPrep prep) {
        final String op = nesterov ? "nesterov update" : "momentum update";
        run(op, param, grad, new Tensor[] {velocity}, new String[] {"velocity"}, (dev, dt, n, a) ->
                OptimNative.nn4j_sgd_update(dev, dt, n, a[0], a[1], a[2], lr, momentum, dampening, nesterov ? 1 : 0,
                        prep.weightDecay(), prep.scale(), prep.clip()));
    }

    public static void adagrad(Tensor param, Tensor grad, Tensor accum, double lr, double eps, GradPrep prep) {
        run("adagrad update", param, grad, new Tensor[] {accum}, new String[] {"accum"}, (dev, dt, n, a) ->
                OptimNative.nn4j_adagrad_update(dev, dt, n, a[0], a[1], a[2], lr, eps, prep.weightDecay(),
                        prep.scale(), prep.clip()));
    }

    /**
     * @param gradAvg the centered variant's mean-gradient state, or null for plain RMSprop
     * @param mom     the momentum buffer, or null (then momentum must be 0)
     */
    public static void rmsprop(Tensor param, Tensor grad, Tensor sqAvg, Tensor gradAvg, Tensor mom, double lr,
                               double rho, double eps, double momentum, GradPrep prep) {
        run("rmsprop update", param, grad, new Tensor[] {sqAvg, gradAvg, mom},
                new String[] {"sqAvg", "gradAvg?", "mom?"}, (dev, dt, n, a) ->
                        OptimNative.nn4j_rmsprop_update(dev, dt, n, a[0], a[1], a[2], a[3], a[4], lr, rho, eps,
                                momentum, prep.weightDecay(), prep.scale(), prep.clip()));
    }

    public static void adadelta(Tensor param, Tensor grad, Tensor sqAvg, Tensor deltaAvg, double lr, double rho,
                                double eps, GradPrep prep) {
        run("adadelta update", param, grad, new Tensor[] {sqAvg, deltaAvg}, new String[] {"sqAvg", "deltaAvg"},
                (dev, dt, n, a) -> OptimNative.nn4j_adadelta_update(dev, dt, n, a[0], a[1], a[2], a[3], lr, rho, eps,
                        prep.weightDecay(), prep.scale(), prep.clip()));
    }

    /**
     * Adam; AMSGrad when {@code vMax} is non-null; AdamW when {@code decoupledDecay} > 0.
     *
     * @param step t ≥ 1, the number of this update (bias corrections 1 − βᵗ)
     */
    public static void adam(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor vMax, double lr, double beta1,
                            double beta2, double eps, long step, double decoupledDecay, GradPrep prep) {
        run("adam update", param, grad, new Tensor[] {m, v, vMax}, new String[] {"m", "v", "vMax?"},
                (dev, dt, n, a) -> OptimNative.nn4j_adam_update(dev, dt, n, a[0], a[1], a[2], a[3], a[4], lr, beta1,
                        beta2, eps, step, decoupledDecay, prep.weightDecay(), prep.scale(), prep.clip()));
    }

    /**
     * Nadam. The caller keeps the momentum schedule: {@code mu} = μ_t, {@code muNext} = μ_{t+1},
     * {@code muProduct} = Π_{k≤t} μ_k, with μ_k = β₁(1 − ½·0.96^{0.004k}).
     */
    public static void nadam(Tensor param, Tensor grad, Tensor m, Tensor v, double lr, double beta1, double beta2,
                             double eps, long step, double mu, double muNext, double muProduct, GradPrep prep) {
        run("nadam update", param, grad, new Tensor[] {m, v}, new String[] {"m", "v"}, (dev, dt, n, a) ->
                OptimNative.nn4j_nadam_update(dev, dt, n, a[0], a[1], a[2], a[3], lr, beta1, beta2, eps, step, mu,
                        muNext, muProduct, prep.weightDecay(), prep.scale(), prep.clip()));
    }

    // ---- plumbing ----------------------------------------------------------------------------

    /** addresses: [param, grad, state...] (0 for an absent optional state). */
    private interface Call {
        int run(int device, int dtype, long n, long[] addresses);
    }

    /** Checks every tensor against param, then calls with their addresses. A name ending in "?" is optional. */
    private static void run(String op, Tensor param, Tensor grad, Tensor[] state, String[] names, Call call) {
        Checks.open(param, op);
        Checks.floating(op, param);
        if (!param.isLeaf()) {
            throw new IllegalArgumentException(op + ": param " + param.shape() + " was made by " + param.gradFn().name()
                    + "; only leaf tensors (weights) can be updated in place");
        }
        requireContiguous(op, "param", param);
        sameAs(op, "grad", param, grad);
        long[] addr = new long[2 + state.length];
        addr[0] = NnSupport.addr(param);
        for (int i = 0; i < state.length; i++) {
            String name = names[i];
            boolean optional = name.endsWith("?");
            if (optional) name = name.substring(0, name.length() - 1);
            if (state[i] == null) {
                if (!optional) throw new NullPointerException(op + ": state tensor " + name + " is null");
                continue;
            }
            sameAs(op, name, param, state[i]);
            requireContiguous(op, name, state[i]);
            addr[2 + i] = NnSupport.addr(state[i]);
        }
        Tensor g = NnSupport.contig(grad);
        try {
            addr[1] = NnSupport.addr(g);
            Kernels.check(call.run(NnSupport.dev(param), param.dtype().code(), param.numel(), addr), op);
        } finally {
            NnSupport.release(g, grad);
        }
    }

    private static void sameAs(String op, String name, Tensor param, Tensor t) {
        if (t == null) throw new NullPointerException(op + ": " + name + " is null");
        NnSupport.companion(op, name, param, t);
        if (!Arrays.equals(t.dims(), param.dims())) {
            throw new IllegalArgumentException(op + ": " + name + " has shape " + t.shape() + " but param has "
                    + param.shape() + "; every tensor of an update has the parameter's shape");
        }
    }

    private static void requireContiguous(String op, String name, Tensor t) {
        if (!t.isContiguous()) {
            throw new IllegalArgumentException(op + ": " + name + " " + t.shape() + " is not contiguous; it is updated in"
                    + " place, so it must be (allocate it with zerosLike() of a contiguous parameter)");
        }
    }
}
