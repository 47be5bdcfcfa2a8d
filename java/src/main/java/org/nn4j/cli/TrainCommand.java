package org.nn4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.callbacks.CSVLogger;
import org.nn4j.callbacks.History;
import org.nn4j.callbacks.ProgbarLogger;
import org.nn4j.data.Images;
import org.nn4j.models.FitOptions;
import org.nn4j.models.Sequential;
import org.nn4j.models.zoo.Zoo;
import org.nn4j.nn.losses.Loss;
import org.nn4j.nn.metrics.Metrics;
import org.nn4j.optim.Optimizer;
import org.nn4j.optim.Optimizers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Trains a built-in model on a data set: a progress bar per epoch, validation on a dev split
 * after each, the final test loss and accuracy, and in --out the model, its info, a metrics JSON,
 * the per-epoch CSV log and a PNG of the training curves.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a built-in model, validating on a dev split after every epoch; print the test loss, "
                + "accuracy and time, and write the model, metrics, log and plot to --out.",
                "Example: nn4j train --model lenet5 --data mnist --epochs 1"})
final class TrainCommand implements Callable<Integer> {
    static final String MODEL_FILE = "model.nn4j", METRICS_FILE = "metrics.json", LOG_FILE = "training_log.csv",
            PLOT_FILE = "training_curves.png";

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "NAME",
            description = "The model: ${COMPLETION-CANDIDATES}.", completionCandidates = SummaryCommand.ModelNames.class)
    String model;

    @Option(names = "--data", required = true, paramLabel = "DATA",
            description = "mnist (embedded), fashion-mnist (Debian package dataset-fashion-mnist), a directory "
                    + "(MNIST-format IDX files, or one subfolder of images per class) or a CSV file (numeric "
                    + "columns and a label column).")
    String data;

    @Option(names = "--epochs", defaultValue = "5", paramLabel = "N", description = "Passes over the training data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N", description = "Samples per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "NAME",
            description = "sgd, rmsprop, adagrad, adadelta, adam, adamw or nadam (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: the optimizer's, 0.001 for adam).")
    Double lr;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "Seed of the weights, the splits and the shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: nn4j's, one per core).")
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where the model, metrics.json, training_log.csv and training_curves.png go "
                    + "(default: runs/<model>-<data>).")
    Path out;

    @Option(names = "--limit", paramLabel = "N",
            description = "Train on the first N examples of the training data only (quick runs); the dev split "
                    + "comes out of them, the test set stays whole.")
    Long limit;

    @Option(names = "--dev-fraction", defaultValue = "0.1", paramLabel = "F",
            description = "Share of the training data held out to validate each epoch (default: ${DEFAULT-VALUE}; 0: none).")
    double devFraction;

    @Option(names = "--test-fraction", defaultValue = "0.2", paramLabel = "F",
            description = "Share held out for testing, for a folder or CSV file without a test set of its own "
                    + "(default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--label-column", paramLabel = "NAME",
            description = "CSV: the label column (default: 'label' if there is one, else the last column).")
    String labelColumn;

    @Option(names = "--image-size", paramLabel = "H,W", split = ",", hideParamSyntax = true,
            description = "Image folders: resize every image to H x W (default: keep their size).")
    int[] imageSize;

    @Option(names = "--color", defaultValue = "rgb", paramLabel = "MODE",
            description = "Image folders: grayscale, rgb or rgba (default: ${DEFAULT-VALUE}).")
    String color;

    @Override
    public Integer call() {
        Args.model(spec, model);
        Args.positive(spec, "--epochs", epochs);
        Args.positive(spec, "--batch-size", batchSize);
        if (lr != null && !(lr > 0 && Double.isFinite(lr))) throw Args.usage(spec, "--lr must be a positive number, got " + lr);
        if (limit != null) Args.positive(spec, "--limit", limit);
        if (!(devFraction >= 0 && devFraction < 1)) throw Args.usage(spec, "--dev-fraction must be in [0, 1), got " + devFraction);
        if (!(testFraction > 0 && testFraction < 1)) throw Args.usage(spec, "--test-fraction must be in (0, 1), got " + testFraction);
        if (imageSize != null && (imageSize.length != 2 || imageSize[0] < 1 || imageSize[1] < 1)) {
            throw Args.usage(spec, "--image-size must be two positive sizes H,W, e.g. 28,28");
        }
        Images.ColorMode colorMode = Args.usage(spec, () -> {
            try {
                return Images.ColorMode.valueOf(color.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--color must be grayscale, rgb or rgba, got '" + color + "'");
            }
        });
        Optimizer opt = Args.usage(spec, () -> Optimizers.get(optimizer));
        if (lr != null) opt.setLearningRate(lr);
        Args.threads(spec, threads);
        Path dir = out != null ? out : defaultOut(model, data);
        PrintWriter o = spec.commandLine().getOut();
        PrintStream stream = WriterStream.of(o);

        CliData.Options dataOptions = new CliData.Options();
        dataOptions.devFraction = devFraction;
        dataOptions.testFraction = testFraction;
        dataOptions.limit = limit;
        dataOptions.seed = seed;
        dataOptions.labelColumn = labelColumn;
        dataOptions.imageSize = imageSize;
        dataOptions.color = colorMode;
        dataOptions.out = stream;

        o.printf(Locale.ROOT, "nn4j train: model %s, data %s, %d epoch(s), batch %d, %s (lr %s), seed %d, %d thread(s)%n",
                model, data, epochs, batchSize, optimizer, opt.learningRate(), seed, Nn4j.numThreads());
        try (opt; CliData.Prepared d = CliData.forTraining(data, dataOptions)) {
            o.printf(Locale.ROOT, "data: %,d training, %,d dev and %,d test samples of shape %s, %d classes%n",
                    d.train().size(), d.dev() == null ? 0 : d.dev().size(), d.test().size(), shape(d.input().shape()),
                    d.classes().size());
            try (Sequential m = Args.usage(spec, () -> Zoo.create(model, d.input().shape(), d.classes().size(), seed))) {
                o.print(m.summary());
                return run(m, opt, d, dir, o, stream);
            }
        }
    }

    private int run(Sequential m, Optimizer opt, CliData.Prepared d, Path dir, PrintWriter o, PrintStream stream) {
        createDirectories(dir);
        Loss loss = Training.lossFor(m);
        m.compile(opt, loss, Metrics.get("accuracy", loss));
        FitOptions.Builder fit = FitOptions.builder().epochs(epochs).batchSize(batchSize).seed(seed).out(stream)
                .callbacks(new ProgbarLogger(stream, ProgbarLogger.Mode.AUTO), new CSVLogger(dir.resolve(LOG_FILE)));
        History history;
        long start = System.nanoTime();
        try (Scope s = Scope.open()) {
            Tensor y = Training.targets(m, d.train().y());
            if (d.dev() != null) fit.validationData(d.dev().x(), Training.targets(m, d.dev().y()));
            history = m.fit(d.train().x(), y, fit.build());
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;

        Path modelFile = dir.resolve(MODEL_FILE);
        ModelFiles.save(m, modelFile, ModelInfo.of(model, data, d.classes(), d.input()));
        Evaluation.Report test = Evaluation.run(m, d.test().x(), d.test().y(), d.classes());
        o.printf(Locale.ROOT, "test: loss %.4f - accuracy %.4f (%,d samples)%n", test.loss(), test.accuracy(), test.samples());
        o.printf(Locale.ROOT, "time: training %.1f s, test %.1f s%n", trainSeconds, test.seconds());

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("model", model);
        metrics.put("data", data);
        metrics.put("parameters", m.countParams());
        metrics.put("epochs", epochs);
        metrics.put("batch_size", batchSize);
        metrics.put("optimizer", optimizer);
        metrics.put("learning_rate", opt.learningRate());
        metrics.put("seed", seed);
        metrics.put("threads", Nn4j.numThreads());
        metrics.put("train_samples", d.train().size());
        metrics.put("dev_samples", d.dev() == null ? 0 : d.dev().size());
        metrics.put("train_seconds", trainSeconds);
        metrics.put("history", history.history());
        metrics.put("test", test.toMap());
        Json.write(dir.resolve(METRICS_FILE), metrics);
        writePlot(history, dir.resolve(PLOT_FILE));
        o.println("wrote " + modelFile + ", " + METRICS_FILE + ", " + LOG_FILE + " and " + PLOT_FILE + " in " + dir);
        return 0;
    }

    private static void writePlot(History history, Path png) {
        try {
            TrainingPlot.write(history.history(), png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output directory " + dir + ": " + e, e);
        }
    }

    static String shape(long[] s) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) b.append(i == 0 ? "" : ", ").append(s[i]);
        return b.append(s.length == 1 ? ",)" : ")").toString();
    }

    /** "runs/<model>-<data>", the data named by its last path element (mnist, a folder, a file). */
    private static Path defaultOut(String model, String data) {
        String d = data.replaceAll("[/\\\\]+$", "");
        d = d.substring(Math.max(d.lastIndexOf('/'), d.lastIndexOf('\\')) + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of("runs", model + "-" + (d.isEmpty() || d.equals(".") || d.equals("..") ? "data" : d));
    }
}
