package org.nn4j.bench.train;

import java.util.Locale;

/**
 * The command line shared by the JVM peers (the same options as bench/peers/pytorch_train.py):
 * {@code --model mlp|lenet5|lstm --threads N --warmup W --steps S [--seed 42] [--warmup-seconds S] [--max-seconds T]}, plus nn4j's
 * {@code --api layers|ops} (the models as nn4j layers in a Sequential trained through the public
 * custom-loop API, the default, or as raw differentiable ops: the difference is the layer API's
 * cost), {@code --arena-mb M} (one arena of M MiB per step, 0 = none) and {@code --cold-start}
 * (one MLP step from JVM launch, then exit).
 */
public final class TrainArgs {
    public String model;
    public int threads = 1;
    public int warmup = 20;
    public int steps = 100;
    public long seed = 42;
    public long arenaMb = 0;
    public String api = "layers";
    public boolean coldStart;
    /** Warm-up also lasts at least this long (JIT compilation needs time, not steps). */
    public double warmupSeconds = 0;
    /** Cuts warm-up (after 2 steps) and timing (after 3) short once this many seconds passed; 0 = never. */
    public double maxSeconds = 0;

    public static TrainArgs parse(String program, String[] args) {
        TrainArgs a = new TrainArgs();
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            if (k.equals("--cold-start")) {
                a.coldStart = true;
                continue;
            }
            if (i + 1 >= args.length) throw usage(program, "option " + k + " needs a value");
            String v = args[++i];
            try {
                switch (k) {
                    case "--model": a.model = v.toLowerCase(Locale.ROOT); break;
                    case "--threads": a.threads = Integer.parseInt(v); break;
                    case "--warmup": a.warmup = Integer.parseInt(v); break;
                    case "--steps": a.steps = Integer.parseInt(v); break;
                    case "--seed": a.seed = Long.parseLong(v); break;
                    case "--arena-mb": a.arenaMb = Long.parseLong(v); break;
                    case "--api": a.api = v.toLowerCase(Locale.ROOT); break;
                    case "--warmup-seconds": a.warmupSeconds = Double.parseDouble(v); break;
                    case "--max-seconds": a.maxSeconds = Double.parseDouble(v); break;
                    default: throw usage(program, "unknown option " + k);
                }
            } catch (NumberFormatException e) {
                throw usage(program, "option " + k + " needs a number, got '" + v + "'");
            }
        }
        if (a.coldStart) {
            if (a.model != null && !a.model.equals("mlp")) throw usage(program, "--cold-start times the MLP only");
            a.model = "mlp";
        }
        if (a.model == null || !TrainReport.BATCH.containsKey(a.model)) {
            throw usage(program, "--model must be one of " + TrainReport.BATCH.keySet() + ", got " + a.model);
        }
        if (!a.api.equals("layers") && !a.api.equals("ops")) throw usage(program, "--api must be layers or ops, got " + a.api);
        if (a.threads < 1 || a.warmup < 0 || a.steps < 1 || a.arenaMb < 0 || !(a.maxSeconds >= 0)
                || !(a.warmupSeconds >= 0)) {
            throw usage(program, "need --threads >= 1, --warmup >= 0, --steps >= 1, --arena-mb >= 0,"
                    + " --warmup-seconds >= 0, --max-seconds >= 0");
        }
        return a;
    }

    /**
     * Whether the warm-up loop stops before step i (0-based) that would start elapsedNs after it
     * began: after --warmup steps and --warmup-seconds, or (after 2 steps) past --max-seconds.
     */
    public boolean warmupDone(int i, long elapsedNs) {
        return i >= warmup && elapsedNs * 1e-9 >= warmupSeconds || i >= 2 && overTime(elapsedNs);
    }

    /** Whether the timed loop stops before timed step n that would start elapsedNs after timing began. */
    public boolean timingDone(int n, long elapsedNs) {
        return n >= steps || n >= 3 && overTime(elapsedNs);
    }

    /**
     * The same rule decided before timed step n instead of after it: n is the last when the step
     * limit is reached, or when at least 3 steps will have run and the time after this step,
     * estimated from the mean so far, passes the limit.
     */
    public boolean lastTimedStep(int n, long elapsedNs) {
        return n + 1 >= steps || n >= 2 && overTime(elapsedNs + elapsedNs / n);
    }

    private boolean overTime(long elapsedNs) {
        return maxSeconds > 0 && elapsedNs * 1e-9 > maxSeconds;
    }

    public int batch() {
        return TrainReport.BATCH.get(model);
    }

    private static IllegalArgumentException usage(String program, String problem) {
        return new IllegalArgumentException(program + ": " + problem + "\nusage: " + program
                + " --model mlp|lenet5|lstm [--threads N] [--warmup W] [--steps S] [--seed S]"
                + " [--warmup-seconds S] [--max-seconds S] [--arena-mb M] [--cold-start]");
    }
}
