package org.nn4j.optim;

import java.util.List;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.NoGradScope;
import org.nn4j.nn.Config;

/**
 * Gradient clipping (CURRICULUM O10), applied after backward and before any optimizer state
 * changes. At most one mode, as in Keras ({@code clipvalue}, {@code clipnorm},
 * {@code global_clipnorm}):
 * <ul>
 *   <li>{@link Mode#VALUE}: every element clamped to [−c, c];</li>
 *   <li>{@link Mode#NORM}: each tensor scaled by c / max(‖g‖, c) (its norm becomes at most c);</li>
 *   <li>{@link Mode#GLOBAL_NORM}: with s = √Σ‖g_i‖², when s &gt; c every tensor is scaled by c / s,
 *       so the global norm after clipping is min(s, c).</li>
 * </ul>
 * The optimizers fuse the clamp and the scale factor into their update kernels, so the caller's
 * gradient tensors are never modified. A non-finite norm is not hidden (K17): the gradients it
 * covers go into the update unscaled, NaN or ∞ included, so the parameters show it.
 */
public final class GradientClipping {
    /** The threshold used when clipping is switched on without a value (O10). */
    public static final double DEFAULT_THRESHOLD = 5.0;

    public enum Mode { NONE, VALUE, NORM, GLOBAL_NORM }

    public static final GradientClipping NONE = new GradientClipping(Mode.NONE, Double.POSITIVE_INFINITY);

    private final Mode mode;
    private final double threshold;

    private GradientClipping(Mode mode, double threshold) {
        this.mode = mode;
        this.threshold = threshold;
    }

    public static GradientClipping byValue(double c) {
        return new GradientClipping(Mode.VALUE, positive("clipValue", c));
    }

    public static GradientClipping byNorm(double c) {
        return new GradientClipping(Mode.NORM, positive("clipNorm", c));
    }

    public static GradientClipping byGlobalNorm(double c) {
        return new GradientClipping(Mode.GLOBAL_NORM, positive("globalClipNorm", c));
    }

    private static double positive(String what, double c) {
        if (!(c > 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException(what + " = " + c + " must be finite and > 0");
        }
        return c;
    }

    public Mode mode() {
        return mode;
    }

    /** The clip value c (+∞ for {@link Mode#NONE}). */
    public double threshold() {
        return threshold;
    }

    /** The element clamp the kernels apply: c for VALUE, +∞ otherwise. */
    double elementClip() {
        return mode == Mode.VALUE ? threshold : Double.POSITIVE_INFINITY;
    }

    /** The factor each gradient is multiplied by (1 unless NORM or GLOBAL_NORM). */
    double[] scales(List<Tensor> grads) {
        double[] s = new double[grads.size()];
        java.util.Arrays.fill(s, 1.0);
        if (mode == Mode.NORM) {
            for (int i = 0; i < s.length; i++) {
                double n = norm(grads.get(i));
                if (Double.isFinite(n)) s[i] = threshold / Math.max(n, threshold);
            }
        } else if (mode == Mode.GLOBAL_NORM) {
            double g = globalNorm(grads);
            if (g > threshold && Double.isFinite(g)) java.util.Arrays.fill(s, threshold / g);
        }
        return s;
    }

    // ---- helpers for custom training loops ----------------------------------------------------

    /** ‖g‖₂ of one tensor (accumulated in double natively). */
    public static double norm(Tensor g) {
        try (NoGradScope ng = Autograd.noGrad(); Tensor n = g.norm2()) {
            return n.item();
        }
    }

    /** √Σ‖g_i‖² over the non-null tensors. */
    public static double globalNorm(List<Tensor> grads) {
        double sq = 0;
        for (Tensor g : grads) {
            if (g == null) continue;
            double n = norm(g);
            sq += n * n;
        }
        return Math.sqrt(sq);
    }

    /**
     * Scales the tensors in place so that their global norm is at most {@code maxNorm} (PyTorch's
     * clip_grad_norm_); returns the norm before clipping.
     */
    public static double clipGlobalNormInPlace(List<Tensor> grads, double maxNorm) {
        positive("maxNorm", maxNorm);
        double s = globalNorm(grads);
        if (s > maxNorm) {
            try (NoGradScope ng = Autograd.noGrad()) {
                for (Tensor g : grads) if (g != null) g.mulInPlace(maxNorm / s);
            }
        }
        return s;
    }

    // ---- config: Keras's keys --------------------------------------------------------------

    void putConfig(Config c) {
        switch (mode) {
            case VALUE: c.put("clipvalue", threshold); break;
            case NORM: c.put("clipnorm", threshold); break;
            case GLOBAL_NORM: c.put("global_clipnorm", threshold); break;
            default: break;
        }
    }

    static GradientClipping fromConfig(Config c) {
        int set = (c.has("clipvalue") ? 1 : 0) + (c.has("clipnorm") ? 1 : 0) + (c.has("global_clipnorm") ? 1 : 0);
        if (set > 1) {
            throw new IllegalArgumentException("optimizer config: only one of clipvalue, clipnorm and global_clipnorm "
                    + "can be set, got " + c);
        }
        if (c.has("clipvalue")) return byValue(c.getDouble("clipvalue"));
        if (c.has("clipnorm")) return byNorm(c.getDouble("clipnorm"));
        if (c.has("global_clipnorm")) return byGlobalNorm(c.getDouble("global_clipnorm"));
        return NONE;
    }

    @Override
    public String toString() {
        return mode == Mode.NONE ? "no clipping" : mode.name().toLowerCase(java.util.Locale.ROOT) + " " + threshold;
    }
}
