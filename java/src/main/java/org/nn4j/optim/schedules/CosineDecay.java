package org.nn4j.optim.schedules;

import org.nn4j.nn.Config;
import org.nn4j.optim.LearningRateSchedule;

/**
 * Cosine decay with an optional linear warm-up:
 * <ul>
 *   <li>t ≤ W: η(t) = η₀ · t / W (rising to η₀ at t = W);</li>
 *   <li>after: with u = min(t − W, D), η(t) = η₀ · ((1 − α) · ½(1 + cos(πu / D)) + α), falling
 *       from η₀ to αη₀ over D updates and staying there.</li>
 * </ul>
 */
public final class CosineDecay implements LearningRateSchedule {
    static final String TYPE = "CosineDecay";
    private final double initial;
    private final long decaySteps;
    private final double alpha;
    private final long warmupSteps;

    public CosineDecay(double initial, long decaySteps) {
        this(initial, decaySteps, 0, 0);
    }

    /**
     * @param alpha       the final fraction of η₀, in [0, 1]
     * @param warmupSteps W ≥ 0 (0: no warm-up)
     */
    public CosineDecay(double initial, long decaySteps, double alpha, long warmupSteps) {
        this.initial = Schedules.rate(TYPE, "initial", initial);
        this.decaySteps = Schedules.positive(TYPE, "decaySteps", decaySteps);
        if (!(alpha >= 0 && alpha <= 1)) throw new IllegalArgumentException(TYPE + ": alpha = " + alpha + " is outside [0, 1]");
        if (warmupSteps < 0) throw new IllegalArgumentException(TYPE + ": warmupSteps = " + warmupSteps + " < 0");
        this.alpha = alpha;
        this.warmupSteps = warmupSteps;
    }

    @Override
    public double lr(long t) {
        Schedules.step(TYPE, t);
        if (t <= warmupSteps) return initial * ((double) t / warmupSteps);
        double u = Math.min(t - warmupSteps, decaySteps);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * u / decaySteps));
        return initial * ((1 - alpha) * cosine + alpha);
    }

    @Override
    public Config config() {
        return new Config().put("class", TYPE).put("initial", initial).put("decay_steps", decaySteps)
                .put("alpha", alpha).put("warmup_steps", warmupSteps);
    }

    static CosineDecay fromConfig(Config c) {
        return new CosineDecay(c.getDouble("initial"), c.getLong("decay_steps"), c.getDouble("alpha", 0),
                c.getLong("warmup_steps", 0));
    }

    @Override
    public String toString() {
        return TYPE + "(" + initial + ", " + decaySteps + " steps, alpha " + alpha
                + (warmupSteps > 0 ? ", warm-up " + warmupSteps + ")" : ")");
    }
}
