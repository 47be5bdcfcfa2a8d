package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.Tensor;
import org.nn4j.data.Images;
import org.nn4j.data.Mnist;
import org.nn4j.data.Split;
import org.nn4j.data.TensorDataset;
import org.nn4j.models.Sequential;
import org.nn4j.models.zoo.Zoo;

/**
 * The command line end to end on real data (issue 5): train the MLP on a 2,000-image MNIST subset
 * for one epoch, then evaluate and predict with the saved model, which must agree with the
 * training run and with each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainEvaluatePredictTest {
    /** Test images written out for predict: their labels and their pixels as the model sees them. */
    private static final int PREDICT_ROWS = 300;

    @TempDir
    static Path dir;

    private Path run;
    private CliRun train;
    private JsonObject metrics;
    private long[] labels;
    private float[][] pixels;

    @BeforeAll
    void trainOnce() throws IOException {
        run = dir.resolve("run");
        // small batches and a higher rate than Adam's 0.001: 1,800 images in one epoch are only
        // 113 steps; test accuracy then lands near 0.87-0.89 across seeds
        train = CliRun.of("train", "--model", "mlp", "--data", "mnist", "--epochs", "1", "--limit", "2000",
                "--batch-size", "16", "--lr", "0.002", "--seed", "1", "--out", run.toString());
        assertEquals(0, train.status(), train.toString());
        metrics = JsonParser.parseString(Files.readString(run.resolve("metrics.json"))).getAsJsonObject();
        try (Split<TensorDataset> mnist = Mnist.load()) {
            labels = mnist.test().y().slice(0, 0, PREDICT_ROWS).toLongArray();
            float[] all = mnist.test().x().slice(0, 0, PREDICT_ROWS).toFloatArray();
            pixels = new float[PREDICT_ROWS][784];
            for (int i = 0; i < PREDICT_ROWS; i++) System.arraycopy(all, i * 784, pixels[i], 0, 784);
        }
    }

    @Test
    void trainingReachesTheAccuracyAndWritesItsFiles() throws IOException {
        JsonObject test = metrics.getAsJsonObject("test");
        double accuracy = test.get("accuracy").getAsDouble();
        assertTrue(accuracy > 0.85, "test accuracy after 1 epoch on 2,000 images: " + accuracy);
        assertEquals(10_000, test.get("samples").getAsLong(), "the whole test set");
        assertEquals(1_800, metrics.get("train_samples").getAsLong(), "2,000 minus the 10% dev split");
        assertEquals(200, metrics.get("dev_samples").getAsLong());
        assertEquals(269_322, metrics.get("parameters").getAsLong());
        String line = String.format(Locale.ROOT, "test: loss %.4f - accuracy %.4f (10,000 samples)",
                test.get("loss").getAsDouble(), accuracy);
        assertTrue(train.out().contains(line), "printed as in metrics.json: " + line + "\n" + train.out());
        assertTrue(train.out().contains("Epoch 1/1"), "progress: " + train.out());
        assertTrue(train.out().contains("data: 1,800 training, 200 dev and 10,000 test samples of shape (1, 28, 28), 10 classes"),
                train.out());

        JsonObject history = metrics.getAsJsonObject("history");
        for (String k : List.of("loss", "accuracy", "val_loss", "val_accuracy")) {
            assertEquals(1, history.getAsJsonArray(k).size(), k + " has one value per epoch");
        }
        List<String> log = Files.readAllLines(run.resolve("training_log.csv"));
        assertEquals(2, log.size(), "header and one epoch: " + log);
        assertEquals("epoch,accuracy,loss,val_accuracy,val_loss", log.get(0));
        BufferedImage png = ImageIO.read(run.resolve("training_curves.png").toFile());
        assertEquals(1280, png.getWidth(), "two 640-pixel panels");
        assertTrue(Files.size(run.resolve("model.nn4j")) > 269_322 * 4, "the weights are in the model file");
        JsonObject info = JsonParser.parseString(Files.readString(run.resolve("model.nn4j.json"))).getAsJsonObject();
        assertEquals("image", info.getAsJsonObject("input").get("kind").getAsString());
        assertEquals(10, info.getAsJsonArray("classes").size());
    }

    @Test
    void evaluateAgreesWithTheTrainingRun() {
        CliRun r = CliRun.of("evaluate", "--model-file", run.resolve("model.nn4j").toString(), "--data", "mnist", "--json");
        assertEquals(0, r.status(), r.toString());
        JsonObject e = JsonParser.parseString(r.out()).getAsJsonObject();
        JsonObject t = metrics.getAsJsonObject("test");
        assertEquals(t.get("accuracy").getAsDouble(), e.get("accuracy").getAsDouble(), 0.0,
                "the saved model classifies every test image as the trained one did");
        assertEquals(t.get("loss").getAsDouble(), e.get("loss").getAsDouble(), 1e-6 * t.get("loss").getAsDouble());
        assertEquals(t.get("confusion_matrix"), e.get("confusion_matrix"));
        long[][] cm = matrix(e.getAsJsonArray("confusion_matrix"));
        long trace = 0, total = 0;
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) {
                total += cm[i][j];
                if (i == j) trace += cm[i][j];
            }
        }
        assertEquals(10_000, total);
        assertEquals(e.get("accuracy").getAsDouble(), (double) trace / total, 1e-12, "micro-F1 = accuracy (U2)");
        JsonArray perClass = e.getAsJsonArray("per_class");
        for (int k = 0; k < 10; k++) {
            JsonObject c = perClass.get(k).getAsJsonObject();
            long tp = cm[k][k], row = 0, col = 0;
            for (int j = 0; j < 10; j++) {
                row += cm[k][j];
                col += cm[j][k];
            }
            assertEquals(String.valueOf(k), c.get("class").getAsString());
            assertEquals(row, c.get("support").getAsLong());
            assertEquals((double) tp / col, c.get("precision").getAsDouble(), 1e-12);
            assertEquals((double) tp / row, c.get("recall").getAsDouble(), 1e-12);
        }

        CliRun text = CliRun.of("evaluate", "--model-file", run.resolve("model.nn4j").toString(), "--data", "mnist");
        assertEquals(0, text.status(), text.toString());
        assertTrue(text.out().contains(String.format(Locale.ROOT, "accuracy: %.4f", e.get("accuracy").getAsDouble())), text.out());
        assertTrue(text.out().contains("precision") && text.out().contains("confusion matrix"), text.out());
    }

    @Test
    void predictAgreesWithEvaluate() throws IOException {
        // the first test images as a CSV file (pixel values 0..255, a label column predict ignores)
        Path csv = dir.resolve("digits.csv");
        StringBuilder b = new StringBuilder("label");
        for (int p = 0; p < 784; p++) b.append(",p").append(p);
        b.append('\n');
        for (int i = 0; i < PREDICT_ROWS; i++) {
            b.append(labels[i]);
            for (float v : pixels[i]) b.append(',').append(Math.round(v * 255));
            b.append('\n');
        }
        Files.writeString(csv, b, StandardCharsets.UTF_8);
        CliRun r = CliRun.of("predict", "--model-file", run.resolve("model.nn4j").toString(), csv.toString(), "--json");
        assertEquals(0, r.status(), r.toString());
        JsonArray predictions = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("predictions");
        assertEquals(PREDICT_ROWS, predictions.size());
        long[][] cm = new long[10][10];
        double[][] probs = new double[PREDICT_ROWS][];
        for (int i = 0; i < PREDICT_ROWS; i++) {
            JsonObject p = predictions.get(i).getAsJsonObject();
            probs[i] = doubles(p.getAsJsonArray("probabilities"));
            double sum = 0;
            for (double v : probs[i]) sum += v;
            assertEquals(1, sum, 1e-5, "probabilities of row " + i);
            int c = p.get("class_id").getAsInt();
            assertEquals(PredictCommand.argmax(probs[i]), c);
            assertEquals(probs[i][c], p.get("probability").getAsDouble(), 0.0);
            cm[(int) labels[i]][c]++;
        }
        CliRun e = CliRun.of("evaluate", "--model-file", run.resolve("model.nn4j").toString(), "--data", "mnist",
                "--limit", String.valueOf(PREDICT_ROWS), "--json");
        assertEquals(0, e.status(), e.toString());
        long[][] want = matrix(JsonParser.parseString(e.out()).getAsJsonObject().getAsJsonArray("confusion_matrix"));
        for (int i = 0; i < 10; i++) assertArrayEquals(want[i], cm[i], "predict's classes give evaluate's confusion row " + i);

        // one image as a PNG file: the same probabilities as its CSV row
        for (int i : new int[] {0, 1, 2}) {
            Path png = dir.resolve("digit" + i + ".png");
            try (Tensor img = Tensor.of(pixels[i], 1, 28, 28); Tensor bytes = img.mul(255)) {
                Images.writePng(png, bytes);
            }
            CliRun one = CliRun.of("predict", "--model-file", run.resolve("model.nn4j").toString(), png.toString(), "--json");
            assertEquals(0, one.status(), one.toString());
            JsonObject p = JsonParser.parseString(one.out()).getAsJsonObject().getAsJsonArray("predictions").get(0)
                    .getAsJsonObject();
            double[] got = doubles(p.getAsJsonArray("probabilities"));
            for (int k = 0; k < 10; k++) assertEquals(probs[i][k], got[k], 1e-5, "image " + i + ", class " + k);
            CliRun text = CliRun.of("predict", "--model-file", run.resolve("model.nn4j").toString(), png.toString());
            assertTrue(text.out().startsWith(png + ": " + p.get("class").getAsString() + " (probability "), text.out());
        }
    }

    /** A model saved by library code has no info file: classes are numbered, pixels scaled by 1/255. */
    @Test
    void aModelWithoutInfoUsesTheDefaults() throws IOException {
        Path file = dir.resolve("plain.nn4j");
        try (Sequential m = Zoo.create("softmax", new long[] {1, 28, 28}, 10)) {
            m.save(file);
        }
        Path png = dir.resolve("plain.png");
        try (Tensor img = Tensor.of(pixels[0], 1, 28, 28); Tensor bytes = img.mul(255)) {
            Images.writePng(png, bytes);
        }
        CliRun r = CliRun.of("predict", "--model-file", file.toString(), png.toString(), "--json");
        assertEquals(0, r.status(), r.toString());
        JsonObject out = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                out.getAsJsonArray("classes").asList().stream().map(e -> e.getAsString()).toList());
        JsonObject p = out.getAsJsonArray("predictions").get(0).getAsJsonObject();
        assertEquals("0", p.get("class").getAsString(), "zero weights: a tie, won by the lowest class (K16)");
        for (double v : doubles(p.getAsJsonArray("probabilities"))) assertEquals(0.1, v, 1e-6);
    }

    private static long[][] matrix(JsonArray a) {
        long[][] m = new long[a.size()][];
        for (int i = 0; i < m.length; i++) {
            JsonArray row = a.get(i).getAsJsonArray();
            m[i] = new long[row.size()];
            for (int j = 0; j < m[i].length; j++) m[i][j] = row.get(j).getAsLong();
        }
        return m;
    }

    private static double[] doubles(JsonArray a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) d[i] = a.get(i).getAsDouble();
        return d;
    }
}
