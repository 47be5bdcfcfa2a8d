package org.nn4j.bench.train;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.nn4j.DType;
import org.nn4j.Generator;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.NoGradScope;
import org.nn4j.ops.nn.Activations;
import org.nn4j.ops.nn.Convolution;
import org.nn4j.ops.nn.Losses;
import org.nn4j.ops.nn.Pooling;
import org.nn4j.ops.nn.Recurrent;

/**
 * Training throughput of the three issue-6 models in nn4j, printed as one JSON line (see
 * {@link TrainReport}); bench/train-throughput.sh runs it beside PyTorch and DL4J.
 *
 * <p>Models, identical in every peer: {@code mlp} 784-256-256-10 ReLU (batch 64); {@code lenet5}
 * conv 5x5x6 pad 2 on 1x28x28, maxpool 2, conv 5x5x16, maxpool 2, dense 120, 84, 10, ReLU after
 * every conv and hidden dense layer (batch 64); {@code lstm} LSTM(128) over T=50, F=32 with a
 * dense head 128 -> 10 on the last hidden state (batch 32). Softmax cross-entropy (mean), plain
 * SGD with lr 0.01, float32, {@value TrainReport#POOL} synthetic seeded batches cycled.
 *
 * <p>Each model is one method building its parameters and its forward function, so that moving
 * to the Sequential API is a change inside those methods (forward = the model's call, params =
 * its trainable variables) and in {@link #sgd} (the optimizer's step).
 *
 * <p>{@code --cold-start}: one MLP step, then the time from JVM launch to the end of that step
 * (from {@code -Dnn4j.bench.launchMs=<epoch ms>} set by the launcher, else the JVM's own start).
 */
public final class Nn4jTrain {
    /** A model under training: its forward pass (logits from a batch) and its trainable leaves. */
    record Model(UnaryOperator<Tensor> forward, List<Tensor> params, long[] inputShape) {}

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

    static Model build(String model, long seed, int batch) {
        Generator g = Generator.seed(seed);
        switch (model) {
            case "mlp": return mlp(g, batch);
            case "lenet5": return lenet5(g, batch);
            case "lstm": return lstm(g, batch);
            default: throw new IllegalArgumentException("unknown model " + model);
        }
    }

    // ------------------------------------------------------------------------- the models

    static Model mlp(Generator g, int batch) {
        Tensor w1 = weight(g, 784, 784, 256), b1 = bias(256);
        Tensor w2 = weight(g, 256, 256, 256), b2 = bias(256);
        Tensor w3 = weight(g, 256, 256, 10), b3 = bias(10);
        UnaryOperator<Tensor> f = x -> {
            Tensor h = Activations.relu(x.matmul(w1).add(b1));
            h = Activations.relu(h.matmul(w2).add(b2));
            return h.matmul(w3).add(b3);
        };
        return new Model(f, List.of(w1, b1, w2, b2, w3, b3), new long[] {batch, 784});
    }

    static Model lenet5(Generator g, int batch) {
        Tensor c1 = weight(g, 1 * 25, 6, 1, 5, 5), cb1 = bias(6);
        Tensor c2 = weight(g, 6 * 25, 16, 6, 5, 5), cb2 = bias(16);
        Tensor w3 = weight(g, 400, 400, 120), b3 = bias(120);
        Tensor w4 = weight(g, 120, 120, 84), b4 = bias(84);
        Tensor w5 = weight(g, 84, 84, 10), b5 = bias(10);
        Convolution.Options pad2 = Convolution.Options.builder().padding(2).build();
        Pooling.Options pool2 = Pooling.Options.builder(2).stride(2).build();
        UnaryOperator<Tensor> f = x -> {
            Tensor h = Pooling.maxPool(Activations.relu(Convolution.conv2d(x, c1, cb1, pad2)), pool2);
            h = Pooling.maxPool(Activations.relu(Convolution.conv2d(h, c2, cb2, Convolution.Options.DEFAULT)), pool2);
            h = h.reshape(h.dim(0), 400);  // (N, 16, 5, 5) -> (N, 400); fails loudly on any other shape
            h = Activations.relu(h.matmul(w3).add(b3));
            h = Activations.relu(h.matmul(w4).add(b4));
            return h.matmul(w5).add(b5);
        };
        return new Model(f, List.of(c1, cb1, c2, cb2, w3, b3, w4, b4, w5, b5), new long[] {batch, 1, 28, 28});
    }

    static Model lstm(Generator g, int batch) {
        int t = 50, features = 32, hidden = 128;
        Tensor w = weight(g, features, features, 4 * hidden);
        Tensor u = weight(g, hidden, hidden, 4 * hidden);
        Tensor b = bias(4 * hidden);
        Tensor wd = weight(g, hidden, hidden, 10), bd = bias(10);
        UnaryOperator<Tensor> f = x -> Recurrent.lstm(x, null, null, w, u, b).hidden().matmul(wd).add(bd);
        return new Model(f, List.of(w, u, b, wd, bd), new long[] {batch, t, features});
    }

    /** U(-1/sqrt(fanIn), 1/sqrt(fanIn)), PyTorch's default scale, as a trainable leaf. */
    private static Tensor weight(Generator g, long fanIn, long... shape) {
        double a = 1 / Math.sqrt(fanIn);
        return g.uniform(DType.FLOAT32, -a, a, shape).requiresGrad(true);
    }

    private static Tensor bias(long n) {
        return Tensor.zeros(n).requiresGrad(true);
    }

    // ---------------------------------------------------------------------- training loop

    /** Plain SGD, p -= lr * grad, then the gradient is zeroed (as PyTorch's zero_grad). */
    static void sgd(List<Tensor> params) {
        try (NoGradScope ng = Autograd.noGrad()) {
            for (Tensor p : params) {
                p.addInPlace(p.grad(), -TrainReport.LR);
                p.zeroGrad();
            }
        }
    }

    /** One step, phases timed on clock; returns the loss when wanted (else NaN, saving a copy). */
    static double step(Model m, Tensor x, Tensor y, PhaseClock clock, long arenaMb, boolean wantLoss) {
        double lossValue = Double.NaN;
        clock.start();
        try (Scope s = arenaMb > 0 ? Scope.arena(arenaMb << 20) : Scope.open()) {
            Tensor loss = Losses.softmaxCrossEntropy(m.forward().apply(x), y);
            clock.lap(PhaseClock.FORWARD);
            loss.backward();
            clock.lap(PhaseClock.BACKWARD);
            sgd(m.params());
            clock.lap(PhaseClock.OPTIMIZER);
            if (wantLoss) lossValue = loss.item();
        }
        return lossValue;
    }

    static TrainReport run(TrainArgs a) {
        Model m = build(a.model, a.seed, a.batch());
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
            double l = step(m, xs[i % xs.length], ys[i % ys.length], clock, a.arenaMb, i == 0);
            if (i == 0) lossFirst = l;
        }
        clock.reset();
        var ticks0 = BusyThreads.snapshot();
        long jit0 = TrainReport.jitMillis();
        long cpu0 = TrainReport.processCpuNanos(), t0 = System.nanoTime();
        int n = 0;
        boolean last;
        do {
            // decided before the step, because the loss is read only on the last one (its tensor
            // dies with the step's scope)
            last = a.lastTimedStep(n, System.nanoTime() - t0);
            int k = i + n;
            double l = step(m, xs[k % xs.length], ys[k % ys.length], clock, a.arenaMb, last || k == 0);
            if (k == 0) lossFirst = l;
            if (last) lossLast = l;
            n++;
        } while (!last);
        long wall = System.nanoTime() - t0, cpu = TrainReport.processCpuNanos() - cpu0;
        int busy = BusyThreads.count(ticks0, BusyThreads.snapshot());
        long jit = TrainReport.jitMillis() - jit0;  // JIT work inside the timed steps: a sign of too short a warm-up
        TrainReport r = new TrainReport("nn4j", Nn4j.version(), a)
                .timing(a.batch(), i, n, wall, cpu, clock)
                .put("busy_threads", busy)
                .put("jit_ms_in_timing", jit)
                .put("loss_first", lossFirst).put("loss_last", lossLast)
                .put("params", m.params().stream().mapToLong(Tensor::numel).sum())
                .put("dnnl_mode", Nn4j.dnnlMode()).put("arena_mb", a.arenaMb);
        for (Tensor t : xs) t.close();
        for (Tensor t : ys) t.close();
        for (Tensor p : m.params()) p.close();
        return r;
    }

    /**
     * Model building, data and one MLP step, timed from JVM launch, split into launch to main(),
     * loading the native libraries, and building the model and data plus the step.
     */
    static TrainReport coldStart(TrainArgs a, long mainMs, long nativeMs) {
        Model m = build("mlp", a.seed, a.batch());
        Tensor x = Tensor.randn(a.seed + 1, m.inputShape());
        Tensor y = labels(a.seed + 100, a.batch());
        double loss = step(m, x, y, new PhaseClock(), a.arenaMb, true);
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
