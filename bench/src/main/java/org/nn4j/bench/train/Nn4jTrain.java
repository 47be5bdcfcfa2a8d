package org.nn4j.bench.train;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.nn4j.Nn4j;
import org.nn4j.Tensor;

/**
 * Training throughput of the three issue-6 models in nn4j, printed as one JSON line (see
 * {@link TrainReport}); bench/train-throughput.sh runs it beside PyTorch and DL4J.
 *
 * <p>Models, identical in every peer: {@code mlp} 784-256-256-10 ReLU (batch 64); {@code lenet5}
 * conv 5x5x6 pad 2 on 1x28x28, maxpool 2, conv 5x5x16, maxpool 2, dense 120, 84, 10, ReLU after
 * every conv and hidden dense layer (batch 64); {@code lstm} LSTM(128) over T=50, F=32 with a
 * dense head 128 -> 10 on the last hidden state (batch 32). Softmax cross-entropy (mean) from
 * logits, plain SGD with lr 0.01, float32, {@value TrainReport#POOL} synthetic seeded batches
 * cycled. {@code --api layers} (default) builds them from nn4j's layers ({@link LayerModels}),
 * {@code --api ops} from raw ops ({@link OpsModels}).
 *
 * <p>{@code --cold-start}: one MLP step, then the time from JVM launch to the end of that step
 * (from {@code -Dnn4j.bench.launchMs=<epoch ms>} set by the launcher, else the JVM's own start).
 */
public final class Nn4jTrain {
    private Nn4jTrain() {}

    public static void main(String[] args) {
        long mainMs = System.currentTimeMillis();
        TrainArgs a;
        try {
            a = TrainArgs.parse("Nn4jTrain", args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Nn4j.setNumThreads(a.threads);  // loads the native libraries
        long nativeMs = System.currentTimeMillis();
        System.out.println((a.coldStart ? coldStart(a, mainMs, nativeMs) : run(a)).json());
    }

    static Trainee build(TrainArgs a, String model) {
        return a.api.equals("ops") ? OpsModels.build(model, a.seed, a.batch()) : LayerModels.build(model, a.seed, a.batch());
    }

    static TrainReport run(TrainArgs a) {
        Trainee m = build(a, a.model);
        Tensor[] xs = new Tensor[TrainReport.POOL], ys = new Tensor[TrainReport.POOL];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = Tensor.randn(a.seed + 1 + i, m.inputShape());
            ys[i] = labels(a.seed + 100 + i, a.batch());
        }
        PhaseClock clock = new PhaseClock();
        double lossFirst = Double.NaN, lossLast = Double.NaN;
        long start = System.nanoTime();
        int i = 0;
        for (; !a.warmupDone(i, System.nanoTime() - start); i++) {
            double l = m.step(xs[i % xs.length], ys[i % ys.length], clock, a.arenaMb, i == 0);
            if (i == 0) lossFirst = l;
        }
        clock.reset();
        var ticks0 = BusyThreads.snapshot();
        long jit0 = TrainReport.jitMillis();
        long[] gc0 = TrainReport.gcCountAndMillis();
        long cpu0 = TrainReport.processCpuNanos(), t0 = System.nanoTime();
        int n = 0;
        boolean last;
        do {
            // decided before the step, because the loss is read only on the last one (its tensor
            // dies with the step's scope)
            last = a.lastTimedStep(n, System.nanoTime() - t0);
            int k = i + n;
            double l = m.step(xs[k % xs.length], ys[k % ys.length], clock, a.arenaMb, last || k == 0);
            if (k == 0) lossFirst = l;
            if (last) lossLast = l;
            n++;
        } while (!last);
        long wall = System.nanoTime() - t0, cpu = TrainReport.processCpuNanos() - cpu0;
        int busy = BusyThreads.count(ticks0, BusyThreads.snapshot());
        long jit = TrainReport.jitMillis() - jit0;  // JIT work inside the timed steps: a sign of too short a warm-up
        long[] gc1 = TrainReport.gcCountAndMillis();
        TrainReport r = new TrainReport("nn4j", Nn4j.version(), a)
                .timing(a.batch(), i, n, wall, cpu, clock)
                .put("busy_threads", busy)
                .put("jit_ms_in_timing", jit)
                .put("gc_count_in_timing", gc1[0] - gc0[0]).put("gc_ms_in_timing", gc1[1] - gc0[1])
                .put("loss_first", lossFirst).put("loss_last", lossLast)
                .put("params", m.params()).put("api", a.api)
                .put("dnnl_mode", Nn4j.dnnlMode()).put("arena_mb", a.arenaMb);
        for (Tensor t : xs) t.close();
        for (Tensor t : ys) t.close();
        m.close();
        return r;
    }

    /**
     * Model building, data and one MLP step, timed from JVM launch, split into launch to main(),
     * loading the native libraries, and building the model and data plus the step.
     */
    static TrainReport coldStart(TrainArgs a, long mainMs, long nativeMs) {
        Trainee m = build(a, "mlp");
        Tensor x = Tensor.randn(a.seed + 1, m.inputShape());
        Tensor y = labels(a.seed + 100, a.batch());
        double loss = m.step(x, y, new PhaseClock(), a.arenaMb, true);
        long end = System.currentTimeMillis();
        String launch = System.getProperty("nn4j.bench.launchMs");
        long start = launch != null ? Long.parseLong(launch) : ManagementFactory.getRuntimeMXBean().getStartTime();
        return new TrainReport("nn4j", Nn4j.version(), a)
                .put("warmup", 0).put("steps", 1)
                .put("cold_start_ms", end - start)
                .put("cold_start_from", launch != null ? "launcher" : "jvm")
                .put("to_main_ms", mainMs - start)
                .put("native_load_ms", nativeMs - mainMs)
                .put("first_step_ms", end - nativeMs)
                .put("loss_first", loss);
    }

    /** Int64 class ids uniform in [0, 10). */
    static Tensor labels(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] y = new long[n];
        for (int i = 0; i < n; i++) y[i] = r.nextInt(10);
        return Tensor.of(y, n);
    }
}
