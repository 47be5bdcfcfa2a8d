package org.nn4j.bench;

import java.util.concurrent.TimeUnit;
import org.nn4j.Nn4j;
import org.nn4j.Tensor;
import org.nn4j.ops.nn.OptimizerUpdates;
import org.nn4j.ops.nn.OptimizerUpdates.GradPrep;
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
 * The fused optimizer updates (nn4j_optim.h) in float32, microseconds per call, on one thread:
 * the baseline (SSE2) loops against the AVX2 build of the same loops, for n = 16 Ki elements (in
 * cache) and 4 Mi elements (memory-bound). The AVX2 build earns its place where division and
 * square root dominate (Adam, RMSprop, Adagrad, Adadelta, Nadam).
 * <pre>
 *   java -jar bench/target/benchmarks.jar OptimizerBench
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Thread)
public class OptimizerBench {
    @Param({"generic", "avx2"})
    public String isa;

    @Param({"16384", "4194304"})
    public long n;

    Tensor p, g, m, v;
    long t;
    String savedIsa;
    int savedThreads;

    @Setup(Level.Trial)
    public void setup() {
        savedIsa = Nn4j.isa();
        savedThreads = Nn4j.numThreads();
        Nn4j.setIsa(isa);
        Nn4j.setNumThreads(1);
        p = Tensor.randn(1, n);
        g = Tensor.randn(2, n).mul(0.1);
        m = p.zerosLike();
        v = p.zerosLike();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (Tensor x : new Tensor[] {p, g, m, v}) x.close();
        Nn4j.setIsa(savedIsa);
        Nn4j.setNumThreads(savedThreads);
    }

    @Benchmark
    public void adam() {
        OptimizerUpdates.adam(p, g, m, v, null, 1e-3, 0.9, 0.999, 1e-8, ++t, 0, GradPrep.NONE);
    }

    @Benchmark
    public void momentum() {
        OptimizerUpdates.momentum(p, g, m, 1e-3, 0.9, 0, false, GradPrep.NONE);
    }
}
