package org.nn4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nn4j.DType;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.NoGradScope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Logistic regression on two seeded Gaussian blobs, with nothing but Tensors, autograd and plain
 * gradient descent: the smallest end-to-end training job, until the training CLI exists.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train logistic regression on synthetic 2-D data (two Gaussian blobs) with "
                + "autograd and gradient descent; print the loss as it falls and the final accuracy.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--steps", defaultValue = "100", description = "Gradient-descent steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--lr", defaultValue = "0.5", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--points", defaultValue = "1000", description = "Number of points, half per blob (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--every", description = "Print the loss every N steps (default: about 10 lines).")
    Integer every;

    @Option(names = "--threads", description = "CPU threads (default: nn4j's, one per core).")
    Integer threads;

    /** What a run ends with, for callers (and tests) that want numbers rather than text. */
    record Result(double firstLoss, double finalLoss, double accuracy, float[] weights, float bias) {}

    @Override
    public Integer call() {
        if (steps < 1) throw usage("--steps must be >= 1, got " + steps);
        if (!(lr > 0) || Double.isInfinite(lr)) throw usage("--lr must be a positive number, got " + lr);
        if (points < 2) throw usage("--points must be >= 2, got " + points);
        if (every != null && every < 1) throw usage("--every must be >= 1, got " + every);
        if (threads != null && threads < 1) throw usage("--threads must be >= 1, got " + threads);
        if (threads != null) Nn4j.setNumThreads(threads);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "logistic regression: %d points in two Gaussian blobs (seed %d), %d steps, lr %s, %d thread(s)%n",
                points, seed, steps, lr, Nn4j.numThreads());
        Result r = train(points, seed, steps, lr, every != null ? every : Math.max(1, steps / 10), out);
        out.printf(Locale.ROOT, "learned w = [%.4f, %.4f], b = %.4f%n", r.weights()[0], r.weights()[1], r.bias());
        out.printf(Locale.ROOT, "final training accuracy: %.1f%% (loss %.4f -> %.4f)%n",
                100 * r.accuracy(), r.firstLoss(), r.finalLoss());
        out.println("live native bytes after cleanup: " + Nn4j.liveBytes());
        return 0;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * Points of class 0 around (-1.5, -1), class 1 around (1.5, 1), unit variance: the classes
     * overlap a little, so a good fit lands near 96% rather than 100%. Prints the loss every
     * {@code every} steps; every tensor is closed before it returns.
     */
    static Result train(int points, long seed, int steps, double lr, int every, PrintWriter out) {
        float[] labels = new float[points];
        for (int i = points / 2; i < points; i++) labels[i] = 1f;
        try (Scope data = Scope.open()) {
            Tensor y = Tensor.of(labels, points, 1);
            Tensor sign = y.mul(2).sub(1);                           // -1 or +1 per point
            Tensor center = Tensor.of(new float[] {1.5f, 1f}, 1, 2);
            Tensor x = Tensor.randn(seed, points, 2).add(sign.mul(center));
            Tensor w = Tensor.zeros(2, 1).requiresGrad(true);
            Tensor b = Tensor.zeros(1).requiresGrad(true);

            double first = Double.NaN, last = Double.NaN;
            for (int step = 0; step < steps; step++) {
                try (Scope s = Scope.open()) {
                    Tensor loss = binaryCrossEntropyWithLogits(x.matmul(w).add(b), y);
                    loss.backward();
                    last = loss.item();
                    if (step == 0) first = last;
                    if (step % every == 0 || step == steps - 1) {
                        out.printf(Locale.ROOT, "step %5d  loss %.4f%n", step, last);
                    }
                    try (NoGradScope ng = Autograd.noGrad()) {
                        w.addInPlace(w.grad(), -lr);
                        b.addInPlace(b.grad(), -lr);
                    }
                    w.zeroGrad();
                    b.zeroGrad();
                }
            }
            try (NoGradScope ng = Autograd.noGrad()) {
                Tensor predicted = x.matmul(w).add(b).gt(0).to(DType.FLOAT32);
                double accuracy = predicted.eq(y).to(DType.FLOAT32).mean().item();
                return new Result(first, last, accuracy, w.toFloatArray(), (float) b.item());
            }
        }
    }

    /**
     * mean(log(1 + e^z) - y z), written as max(z, 0) - y z + log1p(e^-|z|) so that no
     * intermediate overflows for large |z|.
     */
    static Tensor binaryCrossEntropyWithLogits(Tensor z, Tensor y) {
        return z.relu().sub(z.mul(y)).add(z.abs().neg().exp().log1p()).mean();
    }
}
