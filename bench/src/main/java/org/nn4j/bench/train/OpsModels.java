package org.nn4j.bench.train;

import java.util.List;
import java.util.function.UnaryOperator;
import org.nn4j.DType;
import org.nn4j.Generator;
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
 * The three models as raw differentiable ops on leaf tensors, trained with .backward() and an
 * in-place SGD update: no layers, no optimizer object. Beside {@link LayerModels} this measures
 * what the layer API costs.
 */
final class OpsModels {
    private OpsModels() {}

    static Trainee build(String model, long seed, int batch) {
        Generator g = Generator.seed(seed);
        switch (model) {
            case "mlp": return mlp(g, batch);
            case "lenet5": return lenet5(g, batch);
            case "lstm": return lstm(g, batch);
            default: throw new IllegalArgumentException("unknown model " + model);
        }
    }

    static Trainee mlp(Generator g, int batch) {
        Tensor w1 = weight(g, 784, 784, 256), b1 = bias(256);
        Tensor w2 = weight(g, 256, 256, 256), b2 = bias(256);
        Tensor w3 = weight(g, 256, 256, 10), b3 = bias(10);
        UnaryOperator<Tensor> f = x -> {
            Tensor h = Activations.relu(x.matmul(w1).add(b1));
            h = Activations.relu(h.matmul(w2).add(b2));
            return h.matmul(w3).add(b3);
        };
        return new OpsTrainee(f, List.of(w1, b1, w2, b2, w3, b3), new long[] {batch, 784});
    }

    static Trainee lenet5(Generator g, int batch) {
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
        return new OpsTrainee(f, List.of(c1, cb1, c2, cb2, w3, b3, w4, b4, w5, b5), new long[] {batch, 1, 28, 28});
    }

    static Trainee lstm(Generator g, int batch) {
        int t = 50, features = 32, hidden = 128;
        Tensor w = weight(g, features, features, 4 * hidden);
        Tensor u = weight(g, hidden, hidden, 4 * hidden);
        Tensor b = bias(4 * hidden);
        Tensor wd = weight(g, hidden, hidden, 10), bd = bias(10);
        UnaryOperator<Tensor> f = x -> Recurrent.lstm(x, null, null, w, u, b).hidden().matmul(wd).add(bd);
        return new OpsTrainee(f, List.of(w, u, b, wd, bd), new long[] {batch, t, features});
    }

    /** U(-1/sqrt(fanIn), 1/sqrt(fanIn)), PyTorch's default scale, as a trainable leaf. */
    private static Tensor weight(Generator g, long fanIn, long... shape) {
        double a = 1 / Math.sqrt(fanIn);
        return g.uniform(DType.FLOAT32, -a, a, shape).requiresGrad(true);
    }

    private static Tensor bias(long n) {
        return Tensor.zeros(n).requiresGrad(true);
    }

    private record OpsTrainee(UnaryOperator<Tensor> forward, List<Tensor> leaves, long[] input) implements Trainee {
        @Override
        public long[] inputShape() {
            return input.clone();
        }

        @Override
        public long params() {
            return leaves.stream().mapToLong(Tensor::numel).sum();
        }

        @Override
        public double step(Tensor x, Tensor y, PhaseClock clock, long arenaMb, boolean wantLoss) {
            double lossValue = Double.NaN;
            clock.start();
            try (Scope s = arenaMb > 0 ? Scope.arena(arenaMb << 20) : Scope.open()) {
                Tensor loss = Losses.softmaxCrossEntropy(forward.apply(x), y);
                clock.lap(PhaseClock.FORWARD);
                loss.backward();
                clock.lap(PhaseClock.BACKWARD);
                try (NoGradScope ng = Autograd.noGrad()) {
                    for (Tensor p : leaves) {  // p -= lr * grad, then zero_grad as in PyTorch
                        p.addInPlace(p.grad(), -TrainReport.LR);
                        p.zeroGrad();
                    }
                }
                clock.lap(PhaseClock.OPTIMIZER);
                if (wantLoss) lossValue = loss.item();
            }
            return lossValue;
        }

        @Override
        public void close() {
            for (Tensor p : leaves) p.close();
        }
    }
}
