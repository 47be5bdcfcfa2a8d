package org.nn4j.bench.peers;

import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nn4j.bench.train.BusyThreads;
import org.nn4j.bench.train.PhaseClock;
import org.nn4j.bench.train.TrainArgs;
import org.nn4j.bench.train.TrainReport;

/**
 * Training throughput of the three issue-6 models in Deeplearning4j 1.0.0-M2.1 (nd4j-native,
 * CPU), printed as the same JSON line as nn4j's {@code Nn4jTrain} and bench/peers/pytorch_train.py.
 * Built only under the Maven profile {@code dl4j} of bench/ (see bench/train-throughput.sh).
 *
 * <p>Same models, loss (softmax + MCXENT, mean over the batch), plain SGD lr 0.01, float32 and
 * {@value TrainReport#POOL} cycled synthetic batches as the other peers. Each step is one
 * {@code net.fit(x, y)}; the phases come from DL4J's own listener hooks, called inside fit:
 * forward ends at {@code onForwardPass} (every layer but the output layer), backward at
 * {@code onGradientCalculation} (the output layer's forward, the score and back-propagation),
 * optimizer at {@code iterationDone} (the updater and the parameter step); the rest of fit is
 * glue (the listener itself measured free: -Ddl4j.phases=false gave the same throughput).
 * Threads: OMP_NUM_THREADS / OPENBLAS_NUM_THREADS must be set by the launcher (libnd4j reads
 * them at load), and nd4j's own limits are set here too. Weights: DL4J's Xavier initialization.
 */
public final class Dl4jTrain {
    private Dl4jTrain() {}

    public static void main(String[] args) {
        TrainArgs a;
        try {
            a = TrainArgs.parse("Dl4jTrain", args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getEnvironment().setMaxThreads(a.threads);
        Nd4j.getEnvironment().setMaxMasterThreads(a.threads);
        Nd4j.factory().blas().setMaxThreads(a.threads);
        System.out.println(run(a).json());
    }

    // ------------------------------------------------------------------------- the models

    static NeuralNetConfiguration.ListBuilder base(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Sgd(TrainReport.LR))
                .weightInit(WeightInit.XAVIER)
                .list();
    }

    static OutputLayer head(int nIn) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(nIn).nOut(10).activation(Activation.SOFTMAX).build();
    }

    static MultiLayerConfiguration mlp(long seed) {
        return base(seed)
                .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(256).nOut(256).activation(Activation.RELU).build())
                .layer(head(256))
                .build();
    }

    static MultiLayerConfiguration lenet5(long seed) {
        return base(seed)
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(6).padding(2, 2).stride(1, 1)
                        .activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).stride(1, 1)
                        .activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(120).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(84).activation(Activation.RELU).build())
                .layer(head(84))
                .setInputType(InputType.convolutional(28, 28, 1))  // NCHW, like nn4j and PyTorch
                .build();
    }

    /**
     * DL4J's recurrent layout: its native NCW (N, F, T) by default, which ran its LSTM about twice
     * as fast as NWC (N, T, F), the batch-first layout of the other peers (-Ddl4j.rnnFormat=NWC).
     * The data are generated in that layout, so no peer pays for a transposition.
     */
    static final RNNFormat RNN_FORMAT = RNNFormat.valueOf(System.getProperty("dl4j.rnnFormat", "NCW"));

    static MultiLayerConfiguration lstm(long seed) {
        return base(seed)
                .layer(new LastTimeStep(new LSTM.Builder().nIn(32).nOut(128).activation(Activation.TANH)
                        .dataFormat(RNN_FORMAT).build()))
                .layer(head(128))
                .setInputType(InputType.recurrent(32, 50, RNN_FORMAT))
                .build();
    }

    static MultiLayerConfiguration config(String model, long seed) {
        switch (model) {
            case "mlp": return mlp(seed);
            case "lenet5": return lenet5(seed);
            case "lstm": return lstm(seed);
            default: throw new IllegalArgumentException("unknown model " + model);
        }
    }

    static long[] inputShape(String model, int batch) {
        switch (model) {
            case "mlp": return new long[] {batch, 784};
            case "lenet5": return new long[] {batch, 1, 28, 28};
            default: return RNN_FORMAT == RNNFormat.NWC ? new long[] {batch, 50, 32} : new long[] {batch, 32, 50};
        }
    }

    // ---------------------------------------------------------------------- training loop

    /** Laps the clock from inside fit(). */
    static final class PhaseListener extends BaseTrainingListener {
        final PhaseClock clock;

        PhaseListener(PhaseClock clock) {
            this.clock = clock;
        }

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            clock.lap(PhaseClock.FORWARD);
        }

        @Override
        public void onGradientCalculation(Model model) {
            clock.lap(PhaseClock.BACKWARD);
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            clock.lap(PhaseClock.OPTIMIZER);
        }
    }

    static TrainReport run(TrainArgs a) {
        MultiLayerNetwork net = new MultiLayerNetwork(config(a.model, a.seed));
        net.init();
        PhaseClock clock = new PhaseClock();
        // -Ddl4j.phases=false: no listener (checks that timing the phases costs nothing); the split is then all glue
        if (Boolean.parseBoolean(System.getProperty("dl4j.phases", "true"))) net.setListeners(new PhaseListener(clock));
        INDArray[] xs = new INDArray[TrainReport.POOL], ys = new INDArray[TrainReport.POOL];
        for (int i = 0; i < xs.length; i++) {
            Nd4j.getRandom().setSeed(a.seed + 1 + i);
            xs[i] = Nd4j.randn(DataType.FLOAT, inputShape(a.model, a.batch()));
            ys[i] = oneHot(a.seed + 100 + i, a.batch());
        }
        double lossFirst = Double.NaN, lossLast;
        long start = System.nanoTime();
        int i = 0;
        for (; !a.warmupDone(i, System.nanoTime() - start); i++) {
            fit(net, clock, xs[i % xs.length], ys[i % ys.length]);
            if (i == 0) lossFirst = net.score();
        }
        clock.reset();
        var ticks0 = BusyThreads.snapshot();
        long jit0 = TrainReport.jitMillis();
        long cpu0 = TrainReport.processCpuNanos(), t0 = System.nanoTime();
        int n = 0;
        for (; !a.timingDone(n, System.nanoTime() - t0); n++) {
            int k = i + n;
            fit(net, clock, xs[k % xs.length], ys[k % ys.length]);
            if (k == 0) lossFirst = net.score();
        }
        long wall = System.nanoTime() - t0, cpu = TrainReport.processCpuNanos() - cpu0;
        int busy = BusyThreads.count(ticks0, BusyThreads.snapshot());
        long jit = TrainReport.jitMillis() - jit0;  // JIT work inside the timed steps: a sign of too short a warm-up
        lossLast = net.score();
        return new TrainReport("dl4j", "1.0.0-M2.1 " + Nd4j.getBackend().getClass().getSimpleName(), a)
                .timing(a.batch(), i, n, wall, cpu, clock)
                .put("busy_threads", busy)
                .put("jit_ms_in_timing", jit)
                .put("loss_first", lossFirst).put("loss_last", lossLast)
                .put("params", net.numParams())
                .put("nd4j_threads", Nd4j.getEnvironment().maxThreads());
    }

    static void fit(MultiLayerNetwork net, PhaseClock clock, INDArray x, INDArray y) {
        clock.start();
        net.fit(x, y);
    }

    /** One-hot (N, 10) float labels, uniform classes (DL4J's output layer takes dense targets). */
    static INDArray oneHot(long seed, int n) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) y.putScalar(i, r.nextInt(10), 1f);
        return y;
    }
}
