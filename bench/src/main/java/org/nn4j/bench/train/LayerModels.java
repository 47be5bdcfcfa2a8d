package org.nn4j.bench.train;

import java.util.List;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.models.GradientTape;
import org.nn4j.models.Sequential;
import org.nn4j.nn.Variable;
import org.nn4j.nn.layers.Conv2D;
import org.nn4j.nn.layers.Dense;
import org.nn4j.nn.layers.Flatten;
import org.nn4j.nn.layers.LSTM;
import org.nn4j.nn.layers.MaxPooling2D;
import org.nn4j.nn.losses.Loss;
import org.nn4j.nn.losses.SparseCategoricalCrossentropy;
import org.nn4j.optim.SGD;

/**
 * The three models as a user writes them: layers in a {@link Sequential}, trained with the
 * custom-loop API ({@link GradientTape}, {@link SGD}), which is what {@code fit} runs per batch
 * minus its metrics and callbacks, and which lets the step be split into phases. The final
 * Dense layers are linear and the loss takes logits, like PyTorch's CrossEntropyLoss.
 */
final class LayerModels {
    private LayerModels() {}

    static Trainee build(String model, long seed, int batch) {
        Sequential m = new Sequential(model).seed(seed);
        long[] input;
        switch (model) {
            case "mlp":
                input = new long[] {batch, 784};
                m.inputShape(784);
                m.add(Dense.builder(256).activation("relu").build());
                m.add(Dense.builder(256).activation("relu").build());
                m.add(Dense.builder(10).build());
                break;
            case "lenet5":
                input = new long[] {batch, 1, 28, 28};
                m.inputShape(1, 28, 28);
                m.add(Conv2D.builder(6, 5).padding("same").activation("relu").build());
                m.add(MaxPooling2D.builder().poolSize(2).build());
                m.add(Conv2D.builder(16, 5).activation("relu").build());
                m.add(MaxPooling2D.builder().poolSize(2).build());
                m.add(Flatten.builder().build());
                m.add(Dense.builder(120).activation("relu").build());
                m.add(Dense.builder(84).activation("relu").build());
                m.add(Dense.builder(10).build());
                break;
            case "lstm":
                input = new long[] {batch, 50, 32};
                m.inputShape(50, 32);
                m.add(new LSTM(128));
                m.add(Dense.builder(10).build());
                break;
            default:
                throw new IllegalArgumentException("unknown model " + model);
        }
        m.build(m.inputShape());
        return new SequentialTrainee(m, input);
    }

    private static final class SequentialTrainee implements Trainee {
        private final Sequential model;
        private final long[] input;
        private final List<Variable> vars;
        private final SGD sgd = new SGD(TrainReport.LR);
        private final Loss loss = new SparseCategoricalCrossentropy(true);

        SequentialTrainee(Sequential model, long[] input) {
            this.model = model;
            this.input = input;
            this.vars = model.trainableWeights();
        }

        @Override
        public long[] inputShape() {
            return input.clone();
        }

        @Override
        public long params() {
            return vars.stream().mapToLong(v -> v.value().numel()).sum();
        }

        @Override
        public double step(Tensor x, Tensor y, PhaseClock clock, long arenaMb, boolean wantLoss) {
            double lossValue = Double.NaN;
            clock.start();
            try (Scope s = arenaMb > 0 ? Scope.arena(arenaMb << 20) : Scope.open()) {
                List<Tensor> grads;
                try (GradientTape tape = model.tape()) {
                    Tensor l = loss.compute(y, tape.call(model, x));
                    clock.lap(PhaseClock.FORWARD);
                    if (wantLoss) lossValue = l.item();
                    grads = tape.gradient(l, vars);
                }
                clock.lap(PhaseClock.BACKWARD);
                sgd.apply(vars, grads);
                clock.lap(PhaseClock.OPTIMIZER);
            }
            return lossValue;
        }

        @Override
        public void close() {
            sgd.close();
            model.close();
        }
    }
}
