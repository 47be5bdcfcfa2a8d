package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad arguments, missing files and corrupt data: one line on stderr naming the problem, exit
 * status 2 for usage errors and 1 for failed commands, a stack trace only with --verbose.
 */
class CliErrorsTest {
    @TempDir
    Path dir;

    private static CliRun fails(int status, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(status, r.status(), r.toString());
        r.errorLine();  // exactly one line
        assertTrue(!r.err().contains("\tat "), "no stack trace without --verbose: " + r);
        return r;
    }

    private static void mentions(CliRun r, String... parts) {
        for (String p : parts) assertTrue(r.errorLine().contains(p), "'" + p + "' in: " + r.errorLine());
    }

    @Test
    void badTrainArguments() {
        mentions(fails(2, "train", "--model", "resnet", "--data", "mnist"), "unknown model 'resnet'");
        mentions(fails(2, "train", "--model", "mlp"), "--data");
        mentions(fails(2, "train", "--model", "mlp", "--data", "mnist", "--epochs", "0"), "--epochs must be >= 1");
        mentions(fails(2, "train", "--model", "mlp", "--data", "mnist", "--epochs", "two"), "--epochs", "two");
        mentions(fails(2, "train", "--model", "mlp", "--data", "mnist", "--lr", "-1"), "--lr");
        mentions(fails(2, "train", "--model", "mlp", "--data", "mnist", "--optimizer", "lbfgs"), "unknown optimizer 'lbfgs'");
        mentions(fails(2, "train", "--model", "mlp", "--data", "mnist", "--dev-fraction", "1"), "--dev-fraction");
        mentions(fails(2, "train", "--model", "mlp", "--data", "mnist", "--limit", "0"), "--limit");
        mentions(fails(2, "train", "--model", "mlp", "--data", "mnist", "--color", "sepia"), "--color");
        mentions(fails(2, "train", "--model", "mlp", "--data", "mnist", "--threads", "0"), "--threads");
        mentions(fails(2, "frobnicate"), "frobnicate");
    }

    @Test
    void logisticRegressionOnTenClassesPointsToSoftmax() {
        mentions(fails(2, "train", "--model", "logreg", "--data", "mnist", "--limit", "100", "--out", dir.toString()),
                "needs 2 classes, got 10", "use softmax");
    }

    @Test
    void missingFiles() {
        Path nowhere = dir.resolve("nowhere");
        mentions(fails(1, "train", "--model", "mlp", "--data", nowhere.toString()), nowhere.toString(),
                "no such file or directory");
        mentions(fails(1, "evaluate", "--model-file", nowhere.toString(), "--data", "mnist"), nowhere.toString(),
                "no such model file");
        mentions(fails(1, "predict", "--model-file", nowhere.toString(), "x.png"), "no such model file");
        mentions(fails(2, "predict", "--model-file", nowhere.toString()), "INPUT");
    }

    @Test
    void corruptData() throws IOException {
        // an MNIST-format directory whose training images are cut short
        Path idx = Files.createDirectories(dir.resolve("idx"));
        byte[] header = {0, 0, 8, 3, 0, 0, 0, 10, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3};
        Files.write(idx.resolve("train-images-idx3-ubyte"), header);
        Files.write(idx.resolve("train-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0});
        mentions(fails(1, "train", "--model", "mlp", "--data", idx.toString(), "--out", dir.resolve("o").toString()),
                "train-images-idx3-ubyte");

        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "a,b,label\n1,2,x\n3,y\n5,6,x\n");
        mentions(fails(1, "train", "--model", "logreg", "--data", ragged.toString(), "--out", dir.resolve("o").toString()),
                ragged.toString());
    }

    @Test
    void corruptModelFile() throws IOException {
        Path bad = dir.resolve("model.nn4j");
        Files.write(bad, new byte[] {'n', 'o', 't', ' ', 'a', ' ', 'm', 'o', 'd', 'e', 'l'});
        mentions(fails(1, "evaluate", "--model-file", bad.toString(), "--data", "mnist"), bad.toString());
        mentions(fails(1, "predict", "--model-file", bad.toString(), dir.resolve("x.png").toString()), bad.toString());
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRun r = CliRun.of("train", "--model", "mlp", "--data", dir.resolve("nowhere").toString(), "--verbose");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("\tat org.nn4j."), r.toString());
    }
}
