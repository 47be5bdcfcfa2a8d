package org.nn4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.models.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The predicted class and the class probabilities of each sample in an image or CSV file. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predict the class of an image, or of every row of a CSV file, with its probabilities.",
                "Example: nn4j predict --model-file runs/lenet5-mnist/model.nn4j digit.png"})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model-file", required = true, paramLabel = "FILE", description = "A model written by nn4j train (or Model.save).")
    Path modelFile;

    @Parameters(paramLabel = "INPUT",
            description = "An image (PNG, JPEG, BMP, GIF; resized to the model's input) or a CSV file with a header "
                    + "and one sample per row (the model's feature columns, or its image's pixel values 0..255).")
    Path input;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: nn4j's, one per core).")
    Integer threads;

    @Override
    public Integer call() {
        Args.threads(spec, threads);
        PrintWriter o = spec.commandLine().getOut();
        try (ModelFiles.Loaded m = ModelFiles.load(modelFile); Scope s = Scope.open()) {
            Model model = m.model();
            List<String> classes = m.info().classes();
            Tensor x = CliData.forPrediction(input, m.info());
            long[] want = model.builtInputShapes()[0].toArray();
            long[] got = Arrays.copyOfRange(x.dims(), 1, x.rank());
            if (!Arrays.equals(want, got)) {
                throw new IllegalArgumentException(input + " gives samples of shape " + TrainCommand.shape(got)
                        + " but the model takes " + TrainCommand.shape(want));
            }
            double[][] p = probabilities(model, x);
            if (json) {
                o.println(Json.of(toJson(classes, p)));
            } else {
                for (int i = 0; i < p.length; i++) o.println(line(p.length == 1 ? input.toString() : "row " + (i + 1), classes, p[i]));
            }
        }
        return 0;
    }

    /** Per sample, the probability of each class (a sigmoid output p gives [1 - p, p]). */
    private static double[][] probabilities(Model model, Tensor x) {
        boolean binary = Training.isBinary(model);
        double[] flat = model.predict(x, Evaluation.BATCH).toDoubleArray();
        int n = (int) x.dim(0), k = binary ? 2 : flat.length / n;
        double[][] p = new double[n][k];
        for (int i = 0; i < n; i++) {
            if (binary) {
                p[i][0] = 1 - flat[i];
                p[i][1] = flat[i];
            } else {
                System.arraycopy(flat, i * k, p[i], 0, k);
            }
        }
        return p;
    }

    /** The index of the largest probability; ties go to the lowest index (K16). */
    static int argmax(double[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
        return best;
    }

    private static String line(String what, List<String> classes, double[] p) {
        int c = argmax(p);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s: %s (probability %.4f)%n ", what, classes.get(c), p[c]));
        for (int k = 0; k < p.length; k++) b.append(String.format(Locale.ROOT, " %s: %.4f", classes.get(k), p[k]));
        return b.toString();
    }

    private Map<String, Object> toJson(List<String> classes, double[][] p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_file", modelFile.toString());
        out.put("input", input.toString());
        out.put("classes", classes);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (double[] row : p) {
            int c = argmax(row);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("class", classes.get(c));
            r.put("class_id", c);
            r.put("probability", row[c]);
            r.put("probabilities", row);
            rows.add(r);
        }
        out.put("predictions", rows);
        return out;
    }
}
