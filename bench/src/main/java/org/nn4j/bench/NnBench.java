package org.nn4j.bench;

import java.util.concurrent.TimeUnit;
import org.nn4j.Nn4j;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.bindings.NnNative;
import org.nn4j.internal.Kernels;
import org.nn4j.ops.nn.Activations;
import org.nn4j.ops.nn.BatchNormOptions;
import org.nn4j.ops.nn.Losses;
import org.nn4j.ops.nn.Normalization;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The nn family's shapes from issue 3: softmax cross-entropy on (256, 1000) float32 logits with
 * sparse labels, forward + backward, as the raw fused kernel pair on preallocated buffers
 * ({@code ceRawFused}), through the differentiable op ({@code ceFusedOp}: allocation, autograd)
 * and composed from logSoftmax + one-hot multiply + mean ({@code ceComposed}, what the fused
 * kernel replaces). Plus batch norm training forward + backward on (32, 64, 28, 28) with
 * nn4j's own kernel (mode off) vs oneDNN (mode force); there is no oneDNN cross-entropy.
 * Microseconds per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Thread)
public class NnBench {
    static final int N = 256, K = 1000;

    @Param({"off", "force"})
    public String dnnl;

    private Tensor logits, labels, oneHot, probs, dlogits, loss, dloss;
    private Tensor bx, bg, bb, bw;

    @Setup(Level.Trial)
    public void setup() {
        Nn4j.setDnnlMode(dnnl);
        logits = Tensor.randn(1, N, K);
        long[] y = new long[N];
        for (int i = 0; i < N; i++) y[i] = (i * 37L) % K;
        labels = Tensor.of(y, N);
        float[] oh = new float[N * K];
        for (int i = 0; i < N; i++) oh[(int) (i * K + y[i])] = 1;
        oneHot = Tensor.of(oh, N, K);
        probs = Tensor.zeros(N, K);
        dlogits = Tensor.zeros(N, K);
        loss = Tensor.zeros();
        dloss = Tensor.ones();
        bx = Tensor.randn(2, 32, 64, 28, 28);
        bg = Tensor.ones(64);
        bb = Tensor.zeros(64);
        bw = Tensor.randn(3, 32, 64, 28, 28);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (Tensor t : new Tensor[] {logits, labels, oneHot, probs, dlogits, loss, dloss, bx, bg, bb, bw}) t.close();
        Nn4j.setDnnlMode("auto");
    }

    @Benchmark
    public int ceRawFused() {
        int a = NnNative.nn4j_softmax_ce_forward(0, 0, N, K, Kernels.addr(logits), 3, Kernels.addr(labels), 0, 0.0, 0,
                Kernels.addr(loss), Kernels.addr(probs));
        int b = NnNative.nn4j_softmax_ce_backward(0, 0, N, K, Kernels.addr(probs), 3, Kernels.addr(labels), 0, 0.0, 0,
                Kernels.addr(dloss), Kernels.addr(dlogits));
        if (a != 0 || b != 0) throw new IllegalStateException("status " + a + "/" + b);
        return a + b;
    }

    @Benchmark
    public double ceFusedOp() {
        try (org.nn4j.Scope s = org.nn4j.Scope.open()) {
            Tensor z = logits.detach().requiresGrad(true);
            Tensor l = Losses.softmaxCrossEntropy(z, labels);
            Tensor g = Autograd.grad(l, z)[0];
            return g.numel() + l.item();
        }
    }

    @Benchmark
    public double ceComposed() {
        try (org.nn4j.Scope s = org.nn4j.Scope.open()) {
            Tensor z = logits.detach().requiresGrad(true);
            Tensor l = Activations.logSoftmax(z).mul(oneHot).sum().mul(-1.0 / N);
            Tensor g = Autograd.grad(l, z)[0];
            return g.numel() + l.item();
        }
    }

    @Benchmark
    public double batchNormTrainFwdBwd() {
        try (org.nn4j.Scope s = org.nn4j.Scope.open()) {
            Tensor x = bx.detach().requiresGrad(true), g = bg.detach().requiresGrad(true);
            Tensor y = Normalization.batchNorm(x, g, bb, null, null, BatchNormOptions.TRAINING);
            Tensor[] gr = Autograd.grad(new Tensor[] {y}, new Tensor[] {bw}, new Tensor[] {x, g});
            return gr[0].numel() + gr[1].numel();
        }
    }
}
