package org.nn4j.cli;

import java.util.concurrent.Callable;
import org.nn4j.models.Sequential;
import org.nn4j.models.zoo.Zoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The Keras-style table of a built-in model: layers, output shapes, exact parameter counts. */
@Command(name = "summary", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print the layers, output shapes and parameter counts of a built-in model.")
final class SummaryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "NAME",
            description = "The model: ${COMPLETION-CANDIDATES}.", completionCandidates = ModelNames.class)
    String model;

    @Option(names = "--input-shape", paramLabel = "C,H,W", split = ",", hideParamSyntax = true,
            description = "Per-sample input shape, e.g. 1,32,32 or 784 (default: 1,28,28, an MNIST image).")
    long[] inputShape;

    @Option(names = "--classes", paramLabel = "K", description = "Number of classes (default: 10; 2 for logreg).")
    Long classes;

    @Override
    public Integer call() {
        Args.model(spec, model);
        long[] shape = inputShape != null ? Args.shape(spec, "--input-shape", inputShape) : new long[] {1, 28, 28};
        long k = classes != null ? classes : Zoo.isBinary(model) ? 2 : 10;
        try (Sequential m = Args.usage(spec, () -> Zoo.create(model, shape, k))) {
            spec.commandLine().getOut().print(m.summary());
        }
        return 0;
    }

    /** The built-in model names, for --help. */
    static final class ModelNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Zoo.names().iterator();
        }
    }
}
