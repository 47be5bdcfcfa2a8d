package org.nn4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Scores a saved model on labelled data: loss, accuracy, per-class precision, recall and F1,
 * and the confusion matrix, as text or as JSON.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a saved model: loss, accuracy, per-class precision/recall/F1 and the confusion matrix.",
                "Example: nn4j evaluate --model-file runs/lenet5-mnist/model.nn4j --data mnist"})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model-file", required = true, paramLabel = "FILE", description = "A model written by nn4j train (or Model.save).")
    Path modelFile;

    @Option(names = "--data", required = true, paramLabel = "DATA",
            description = "mnist or fashion-mnist (their test sets), an MNIST-format directory (its test files), "
                    + "a folder of class subfolders or a CSV file (all of it).")
    String data;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--limit", paramLabel = "N", description = "Evaluate the first N samples only.")
    Long limit;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: nn4j's, one per core).")
    Integer threads;

    @Override
    public Integer call() {
        if (limit != null) Args.positive(spec, "--limit", limit);
        Args.threads(spec, threads);
        PrintWriter o = spec.commandLine().getOut();
        try (ModelFiles.Loaded m = ModelFiles.load(modelFile);
             CliData.Samples s = CliData.forEvaluation(data, m.info(), limit, json ? null : WriterStream.of(o))) {
            Evaluation.Report r = Evaluation.run(m.model(), s.x(), s.y(), m.info().classes());
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("model_file", modelFile.toString());
                out.put("data", data);
                out.putAll(r.toMap());
                o.println(Json.of(out));
            } else {
                o.println("evaluate " + modelFile + " on " + data);
                o.print(r.toText());
            }
        }
        return 0;
    }
}
