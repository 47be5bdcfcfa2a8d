package org.nn4j.optim.schedules;

import org.nn4j.nn.Config;
import org.nn4j.optim.LearningRateSchedule;

/** Factory by type name for saved schedules, and the argument checks the schedules share. */
public final class Schedules {
    private Schedules() {}

    public static LearningRateSchedule fromConfig(Config c) {
        String type = c.getString("class");
        switch (type) {
            case ConstantLearningRate.TYPE: return ConstantLearningRate.fromConfig(c);
            case StepDecay.TYPE: return StepDecay.fromConfig(c);
            case ExponentialDecay.TYPE: return ExponentialDecay.fromConfig(c);
            case InverseTimeDecay.TYPE: return InverseTimeDecay.fromConfig(c);
            case InverseSqrtDecay.TYPE: return InverseSqrtDecay.fromConfig(c);
            case PiecewiseConstantDecay.TYPE: return PiecewiseConstantDecay.fromConfig(c);
            case CosineDecay.TYPE: return CosineDecay.fromConfig(c);
            default:
                throw new IllegalArgumentException("learning-rate schedule: unknown class '" + type + "' (known: "
                        + String.join(", ", ConstantLearningRate.TYPE, StepDecay.TYPE, ExponentialDecay.TYPE,
                        InverseTimeDecay.TYPE, InverseSqrtDecay.TYPE, PiecewiseConstantDecay.TYPE, CosineDecay.TYPE)
                        + ")");
        }
    }

    static double rate(String schedule, String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(schedule + ": " + what + " = " + v + " must be finite and >= 0");
        }
        return v;
    }

    static long positive(String schedule, String what, long v) {
        if (v < 1) throw new IllegalArgumentException(schedule + ": " + what + " = " + v + " must be >= 1");
        return v;
    }

    static void step(String schedule, long t) {
        if (t < 1) {
            throw new IllegalArgumentException(schedule + ": t = " + t + " < 1 (t counts updates or epochs from 1)");
        }
    }

    /** t / decaySteps (floored when staircase), after checking t: the progress of the decaying schedules. */
    static double progress(String schedule, long t, long decaySteps, boolean staircase) {
        step(schedule, t);
        return staircase ? (double) (t / decaySteps) : (double) t / decaySteps;
    }
}
