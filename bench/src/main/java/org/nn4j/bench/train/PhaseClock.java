package org.nn4j.bench.train;

/**
 * Accumulates the wall time of the phases of training steps: {@link #start()} at the beginning
 * of a step, {@link #lap(int)} when a phase ends (the time since the previous mark goes to that
 * phase). Whatever a step spends outside the laps (releasing the step's tensors, picking the
 * batch) is the glue, found by subtracting the phases from the step's wall time.
 */
public final class PhaseClock {
    public static final int FORWARD = 0, BACKWARD = 1, OPTIMIZER = 2;

    private final long[] ns = new long[3];
    private long mark;

    public void start() {
        mark = System.nanoTime();
    }

    public void lap(int phase) {
        long t = System.nanoTime();
        ns[phase] += t - mark;
        mark = t;
    }

    public void reset() {
        java.util.Arrays.fill(ns, 0);
    }

    public long nanos(int phase) {
        return ns[phase];
    }
}
