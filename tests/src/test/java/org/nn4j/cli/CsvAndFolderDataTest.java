package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.Tensor;
import org.nn4j.data.Images;
import org.nn4j.data.Mnist;
import org.nn4j.data.Split;
import org.nn4j.data.TensorDataset;

/** train, evaluate and predict on a CSV table (binary logistic regression) and on a folder of images. */
class CsvAndFolderDataTest {
    @TempDir
    Path dir;

    private static JsonObject json(CliRun r) {
        assertEquals(0, r.status(), r.toString());
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    private static JsonObject metrics(Path run) throws IOException {
        return JsonParser.parseString(Files.readString(run.resolve("metrics.json"))).getAsJsonObject();
    }

    /**
     * Two Gaussian blobs in 3-D, classes "no" around -1 and "yes" around +1 on every axis, with
     * the third column in thousandths: without standardization it would dominate the fit.
     */
    @Test
    void logisticRegressionOnACsvTable() throws IOException {
        Path csv = dir.resolve("blobs.csv");
        Random rnd = new Random(5);
        StringBuilder b = new StringBuilder("x1,x2,x3,label\n");
        for (int i = 0; i < 300; i++) {
            boolean yes = i % 2 == 0;
            double c = yes ? 1 : -1;
            b.append(String.format(Locale.ROOT, "%.5f,%.5f,%.3f,%s%n", c + rnd.nextGaussian(), c + rnd.nextGaussian(),
                    1000 * (c + rnd.nextGaussian()), yes ? "yes" : "no"));
        }
        Files.writeString(csv, b);
        Path run = dir.resolve("logreg");
        CliRun t = CliRun.of("train", "--model", "logreg", "--data", csv.toString(), "--epochs", "20", "--batch-size", "16",
                "--lr", "0.05", "--out", run.toString());
        assertEquals(0, t.status(), t.toString());
        JsonObject m = metrics(run);
        assertEquals(4, m.get("parameters").getAsLong(), "3 weights and a bias");
        assertEquals(60, m.getAsJsonObject("test").get("samples").getAsLong(), "20% of 300 held out");
        assertTrue(m.getAsJsonObject("test").get("accuracy").getAsDouble() >= 0.9, m.toString());
        JsonObject input = JsonParser.parseString(Files.readString(run.resolve("model.nn4j.json"))).getAsJsonObject()
                .getAsJsonObject("input");
        assertEquals("features", input.get("kind").getAsString());
        double std3 = input.getAsJsonArray("std").get(2).getAsDouble();
        assertTrue(std3 > 500 && std3 < 2000, "the third column's spread is fitted: " + std3);

        JsonObject e = json(CliRun.of("evaluate", "--model-file", run.resolve("model.nn4j").toString(), "--data",
                csv.toString(), "--json"));
        assertEquals(300, e.get("samples").getAsLong());
        assertTrue(e.get("accuracy").getAsDouble() >= 0.9, e.toString());
        JsonArray perClass = e.getAsJsonArray("per_class");
        assertEquals("no", perClass.get(0).getAsJsonObject().get("class").getAsString());
        assertEquals("yes", perClass.get(1).getAsJsonObject().get("class").getAsString());
        assertEquals(150, perClass.get(1).getAsJsonObject().get("support").getAsLong());

        // two far-off rows, in another column order: columns are matched by name
        Path rows = dir.resolve("rows.csv");
        Files.writeString(rows, "x3,x2,x1\n-3000,-3,-3\n3000,3,3\n");
        JsonArray p = json(CliRun.of("predict", "--model-file", run.resolve("model.nn4j").toString(), rows.toString(),
                "--json")).getAsJsonArray("predictions");
        assertEquals("no", p.get(0).getAsJsonObject().get("class").getAsString());
        assertEquals("yes", p.get(1).getAsJsonObject().get("class").getAsString());
        assertTrue(p.get(1).getAsJsonObject().get("probability").getAsDouble() > 0.95, p.toString());
    }

    /** Zeros and ones from MNIST as PNG files in one folder per class. */
    @Test
    void softmaxRegressionOnAnImageFolder() throws IOException {
        Path images = dir.resolve("digits");
        Path zero = Files.createDirectories(images.resolve("zero")), one = Files.createDirectories(images.resolve("one"));
        int[] count = new int[2];
        try (Split<TensorDataset> mnist = Mnist.load()) {
            long[] y = mnist.test().y().slice(0, 0, 1000).toLongArray();
            for (int i = 0; i < y.length && (count[0] < 40 || count[1] < 40); i++) {
                int c = (int) y[i];
                if (c > 1 || count[c] >= 40) continue;
                try (Tensor img = mnist.test().x().select(0, i); Tensor px = img.mul(255)) {
                    Images.writePng((c == 0 ? zero : one).resolve(i + ".png"), px);
                }
                count[c]++;
            }
        }
        assertEquals(40, count[0] + count[1] - 40, "40 of each among the first 1,000 test images");
        Path run = dir.resolve("softmax");
        CliRun t = CliRun.of("train", "--model", "softmax", "--data", images.toString(), "--color", "grayscale",
                "--epochs", "10", "--batch-size", "8", "--out", run.toString());
        assertEquals(0, t.status(), t.toString());
        assertTrue(t.out().contains("Found 80 images belonging to 2 classes."), t.out());
        assertTrue(t.out().contains("of shape (1, 28, 28), 2 classes"), t.out());
        JsonObject m = metrics(run);
        assertEquals(16, m.getAsJsonObject("test").get("samples").getAsLong(), "20% of 80, stratified");
        assertTrue(m.getAsJsonObject("test").get("accuracy").getAsDouble() >= 0.9, m.toString());

        CliRun e = CliRun.of("evaluate", "--model-file", run.resolve("model.nn4j").toString(), "--data", images.toString());
        assertEquals(0, e.status(), e.toString());
        assertTrue(e.out().contains("Found 80 images belonging to 2 classes."), e.out());
        assertTrue(e.out().contains("zero") && e.out().contains("one"), "class names in the report: " + e.out());

        Path aOne;
        try (var files = Files.list(one)) {
            aOne = files.sorted().findFirst().orElseThrow();
        }
        CliRun p = CliRun.of("predict", "--model-file", run.resolve("model.nn4j").toString(), aOne.toString());
        assertEquals(0, p.status(), p.toString());
        assertTrue(p.out().startsWith(aOne + ": one (probability "), p.out());
    }
}
