package org.nn4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.data.Csv;
import org.nn4j.data.CsvTable;
import org.nn4j.data.DataFileException;
import org.nn4j.data.FashionMnist;
import org.nn4j.data.ImageFolder;
import org.nn4j.data.Images;
import org.nn4j.data.IndexedDataset;
import org.nn4j.data.Mnist;
import org.nn4j.data.Split;
import org.nn4j.data.Splits;
import org.nn4j.data.StandardScaler;
import org.nn4j.data.TensorDataset;

/**
 * What --data names, as in-memory tensors: "mnist" (embedded), "fashion-mnist" (the Debian
 * package), a directory (MNIST-format IDX files, or one subfolder of images per class) or a CSV
 * file (numeric feature columns and a label column). Images become float32 (C, H, W) in [0, 1],
 * CSV features are standardized with the training split's statistics, labels are int64 class ids.
 */
final class CliData {
    static final double PIXEL_SCALE = 1 / 255.0;
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private static final List<String> IMAGE_EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp", "gif");

    private CliData() {}

    /** Samples x (N, ...) float32 and labels y (N) int64, owned here (closed by {@link #close}). */
    static final class Samples implements AutoCloseable {
        private final TensorDataset ds;

        Samples(TensorDataset ds) {
            this.ds = ds;
        }

        Tensor x() {
            return ds.x();
        }

        Tensor y() {
            return ds.y();
        }

        long size() {
            return ds.size();
        }

        @Override
        public void close() {
            ds.close();
        }
    }

    /** The parts of a training run and how its inputs were prepared. */
    record Prepared(Samples train, Samples dev, Samples test, List<String> classes, InputSpec input, String description)
            implements AutoCloseable {
        @Override
        public void close() {
            train.close();
            if (dev != null) dev.close();
            test.close();
        }
    }

    /** Options of the data given to train. */
    static final class Options {
        double devFraction = 0.1;
        double testFraction = 0.2;
        Long limit;
        long seed = 42;
        String labelColumn;
        int[] imageSize;
        Images.ColorMode color = Images.ColorMode.RGB;
        PrintStream out;
    }

    /** Where the data comes from. */
    private enum Kind { MNIST, FASHION, IDX_DIR, IMAGE_DIR, CSV }

    private static Kind kind(String spec) {
        String s = spec.toLowerCase(Locale.ROOT);
        if (s.equals("mnist")) return Kind.MNIST;
        if (s.equals("fashion-mnist") || s.equals("fashion_mnist")) return Kind.FASHION;
        Path p = Paths.get(spec);
        if (Files.isDirectory(p)) {
            for (String f : List.of("train-images-idx3-ubyte", "train-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte",
                    "t10k-images-idx3-ubyte.gz")) {
                if (Files.exists(p.resolve(f))) return Kind.IDX_DIR;
            }
            return Kind.IMAGE_DIR;
        }
        if (Files.isRegularFile(p)) return Kind.CSV;
        throw new DataFileException(p, "no such file or directory; --data takes mnist, fashion-mnist, a directory "
                + "(MNIST-format IDX files, or one subfolder of images per class) or a CSV file");
    }

    // ---- training ------------------------------------------------------------------------------

    /**
     * Train, dev and test parts. MNIST-like data keeps its own test set; a folder or CSV file
     * gives a stratified test split first. The training part is then cut to its first
     * {@code limit} examples (if given) and a stratified dev split taken from it.
     */
    static Prepared forTraining(String spec, Options o) {
        Kind kind = kind(spec);
        switch (kind) {
            case MNIST: case FASHION: case IDX_DIR: {
                try (Split<TensorDataset> s = kind == Kind.MNIST ? Mnist.load()
                        : kind == Kind.FASHION ? FashionMnist.load() : Mnist.loadFromDirectory(Paths.get(spec))) {
                    List<String> classes = kind == Kind.FASHION ? FashionMnist.CLASS_NAMES : DIGITS;
                    long[] shape = perSample(s.train().x());
                    return parts(s.train(), s.test(), o, classes, InputSpec.image(shape, PIXEL_SCALE), spec);
                }
            }
            case IMAGE_DIR: {
                ImageFolder.Options io = ImageFolder.options().colorMode(o.color).rescale(PIXEL_SCALE).out(o.out);
                if (o.imageSize != null) io.targetSize(o.imageSize[0], o.imageSize[1]);
                var folder = ImageFolder.load(Paths.get(spec), io);
                Split<IndexedDataset> s = Splits.of(folder).test(o.testFraction).seed(o.seed).stratified().split();
                try (TensorDataset test = materialize(s.test(), spec)) {
                    long[] shape = perSample(test.x());
                    return parts(s.train(), test, o, folder.classNames(), InputSpec.image(shape, PIXEL_SCALE), spec);
                }
            }
            default: {
                Path file = Paths.get(spec);
                CsvTable table = Csv.read(file, csvOptions(file, o.labelColumn, null, true));
                List<String> classes = table.labelEncoder().classes();
                try (TensorDataset all = table.toDataset()) {
                    Split<IndexedDataset> s = Splits.of(all).test(o.testFraction).seed(o.seed).stratified().split();
                    try (TensorDataset test = materialize(s.test(), spec)) {
                        Prepared raw = parts(s.train(), test, o, classes, null, spec);
                        return standardized(raw, table.featureNames(), table.labelName());
                    }
                }
            }
        }
    }

    /** Limit, dev split and in-memory copies; the test part is copied too (the caller closes its sources). */
    private static Prepared parts(IndexedDataset train, IndexedDataset test, Options o, List<String> classes, InputSpec in,
                                  String spec) {
        IndexedDataset t = o.limit == null ? train : train.take(o.limit);
        Samples tr = null, dev = null, te = null;
        try {
            if (o.devFraction > 0) {
                // Splits calls its held-out part "test"; here it is the dev part
                Split<IndexedDataset> s = Splits.of(t).test(o.devFraction).seed(o.seed).stratified().split();
                tr = new Samples(materialize(s.train(), spec));
                dev = new Samples(materialize(s.test(), spec));
            } else {
                tr = new Samples(materialize(t, spec));
            }
            te = new Samples(materialize(test, spec));
            return new Prepared(tr, dev, te, List.copyOf(classes), in, spec);
        } catch (RuntimeException e) {
            for (Samples x : new Samples[] {tr, dev, te}) if (x != null) x.close();
            throw e;
        }
    }

    private static TensorDataset materialize(IndexedDataset ds, String spec) {
        if (ds.size() == 0) throw new IllegalArgumentException(spec + ": a data split is empty (" + ds + ")");
        return ds.materialize();
    }

    /** Standardizes every part with the training part's per-column mean and deviation. */
    private static Prepared standardized(Prepared raw, List<String> columns, String label) {
        Samples tr = null, dev = null;
        try (raw) {
            StandardScaler sc = new StandardScaler();
            sc.fit(raw.train().x());
            InputSpec in = InputSpec.features(columns, label, sc.mean(), sc.std());
            tr = scaled(raw.train(), in);
            dev = raw.dev() == null ? null : scaled(raw.dev(), in);
            return new Prepared(tr, dev, scaled(raw.test(), in), raw.classes(), in, raw.description());
        } catch (RuntimeException e) {
            if (tr != null) tr.close();
            if (dev != null) dev.close();
            throw e;
        }
    }

    private static Samples scaled(Samples s, InputSpec in) {
        try (Scope scope = Scope.open()) {
            // the dataset holds its own references; the scope closes only the caller-side handles
            return new Samples(TensorDataset.of(standardize(s.x(), in), s.y()));
        }
    }

    // ---- evaluation ----------------------------------------------------------------------------

    /**
     * Labelled data for evaluate: the test set of MNIST-like data, all of a folder or CSV file
     * (prepared as the model's info says; labels mapped onto the model's class names).
     */
    static Samples forEvaluation(String spec, ModelInfo info, Long limit, PrintStream out) {
        Kind kind = kind(spec);
        InputSpec in = info.input();
        TensorDataset ds;
        switch (kind) {
            case MNIST: case FASHION: case IDX_DIR: {
                try (Split<TensorDataset> s = kind == Kind.MNIST ? Mnist.load()
                        : kind == Kind.FASHION ? FashionMnist.load() : Mnist.loadFromDirectory(Paths.get(spec))) {
                    IndexedDataset t = limit == null ? s.test() : s.test().take(limit);
                    ds = materialize(t, spec);
                }
                break;
            }
            case IMAGE_DIR: {
                long[] chw = imageShape(in, spec);
                ImageFolder.Options io = ImageFolder.options().colorMode(colorMode(chw[0])).rescale(in.scale())
                        .targetSize((int) chw[1], (int) chw[2]).classes(info.classes()).out(out);
                var folder = ImageFolder.load(Paths.get(spec), io);
                ds = materialize(limit == null ? folder : folder.take(limit), spec);
                break;
            }
            default: {
                if (in.isImage()) throw new IllegalArgumentException(spec + ": a CSV file for an image model; evaluate it "
                        + "on image data (mnist, fashion-mnist or a folder)");
                Path file = Paths.get(spec);
                CsvTable table = Csv.read(file, csvOptions(file, in.labelColumn(), in.columns(), true));
                try (Scope s = Scope.open()) {
                    Tensor x = standardize(table.features(), in);
                    Tensor y = remap(table, info.classes(), file);
                    ds = TensorDataset.of(x, y);
                }
                if (limit != null && limit < ds.size()) {
                    try (TensorDataset all = ds) {
                        ds = all.take(limit).materialize();
                    }
                }
            }
        }
        Samples samples = new Samples(ds);
        if (kind == Kind.MNIST || kind == Kind.FASHION || kind == Kind.IDX_DIR) checkImageShape(samples, in, spec);
        return samples;
    }

    private static void checkImageShape(Samples s, InputSpec in, String spec) {
        long[] got = perSample(s.x());
        if (!Arrays.equals(got, in.shape())) {
            s.close();
            throw new IllegalArgumentException(spec + " has images of shape " + Arrays.toString(got) + " but the model takes "
                    + Arrays.toString(in.shape()));
        }
    }

    /** The CSV's class ids renumbered to the model's classes (by name); a name it does not know is an error. */
    private static Tensor remap(CsvTable table, List<String> modelClasses, Path file) {
        List<String> here = table.labelEncoder().classes();
        long[] to = new long[here.size()];
        for (int i = 0; i < to.length; i++) {
            to[i] = modelClasses.indexOf(here.get(i));
            if (to[i] < 0) {
                throw new DataFileException(file, "has label '" + here.get(i) + "', which the model does not know (its "
                        + "classes: " + modelClasses + ")");
            }
        }
        long[] y = table.labels().toLongArray();
        for (int i = 0; i < y.length; i++) y[i] = to[(int) y[i]];
        return Tensor.of(y, y.length);
    }

    // ---- prediction ----------------------------------------------------------------------------

    /**
     * The model inputs in file: one image (any size; resized), or a CSV file with one sample per
     * row (feature columns, or C·H·W pixel values 0..255 for an image model; a "label" column is
     * ignored). Returns (N, ...) float32 in the caller's scope.
     */
    static Tensor forPrediction(Path file, ModelInfo info) {
        InputSpec in = info.input();
        if (!Files.isRegularFile(file)) throw new DataFileException(file, "no such file");
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (IMAGE_EXTENSIONS.contains(ext)) {
            long[] chw = imageShape(in, file.toString());
            Tensor img = Images.read(file, colorMode(chw[0]), (int) chw[1], (int) chw[2]);
            return img.mul(in.scale()).unsqueeze(0);
        }
        if (in.isImage()) {
            CsvTable t = Csv.read(file, csvOptions(file, null, null, false));
            long[] chw = in.shape();
            long n = t.rows(), f = chw[0] * chw[1] * chw[2];
            if (t.featureNames().size() != f) {
                throw new DataFileException(file, "has " + t.featureNames().size() + " value columns but the model takes "
                        + Arrays.toString(chw) + " images (" + f + " pixel values per row)");
            }
            return t.features().mul(in.scale()).reshape(n, chw[0], chw[1], chw[2]);
        }
        CsvTable t = Csv.read(file, csvOptions(file, null, in.columns(), false));
        if (t.featureNames().size() != in.shape()[0]) {
            throw new DataFileException(file, "has " + t.featureNames().size() + " feature columns but the model takes "
                    + in.shape()[0]);
        }
        return standardize(t.features(), in);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static long[] perSample(Tensor x) {
        long[] d = x.dims();
        return Arrays.copyOfRange(d, 1, d.length);
    }

    private static long[] imageShape(InputSpec in, String what) {
        if (!in.isImage() || in.shape().length != 3) {
            throw new IllegalArgumentException(what + ": an image for a model that takes " + Arrays.toString(in.shape())
                    + " feature vectors; give a CSV file");
        }
        return in.shape();
    }

    private static Images.ColorMode colorMode(long channels) {
        if (channels == 1) return Images.ColorMode.GRAYSCALE;
        if (channels == 3) return Images.ColorMode.RGB;
        if (channels == 4) return Images.ColorMode.RGBA;
        throw new IllegalArgumentException("the model takes images of " + channels + " channels; images have 1, 3 or 4");
    }

    /** (x - mean) / std with a std of 0 taken as 1, or x itself without statistics; in the caller's scope. */
    static Tensor standardize(Tensor x, InputSpec in) {
        if (in.mean() == null) return x;
        int f = in.mean().length;
        double[] inv = new double[f];
        for (int i = 0; i < f; i++) inv[i] = in.std()[i] > 0 ? 1 / in.std()[i] : 1;
        float[] m = new float[f], s = new float[f];
        for (int i = 0; i < f; i++) {
            m[i] = (float) in.mean()[i];
            s[i] = (float) inv[i];
        }
        return x.sub(Tensor.of(m, 1, f)).mul(Tensor.of(s, 1, f));
    }

    /**
     * CSV options: categorical labels from the named column, else from a column called "label",
     * else (labelled data only) from the last column; the feature columns by name, if given.
     */
    private static Csv.Options csvOptions(Path file, String labelColumn, List<String> columns, boolean labelled) {
        Csv.Options o = Csv.options().labelType(Csv.LabelType.CATEGORICAL);
        if (labelColumn != null) o.labelColumn(labelColumn);
        else if (header(file).contains("label")) o.labelColumn("label");
        else if (labelled) o.labelColumn(-1);
        if (columns != null) o.columns(columns.toArray(new String[0]));
        return o;
    }

    /** The names in the first line (for choosing the label column before the real parse). */
    private static List<String> header(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            if (line == null) throw new DataFileException(file, "is empty");
            List<String> names = new ArrayList<>();
            for (String c : line.split(",", -1)) names.add(c.strip().replaceAll("^\"|\"$", ""));
            return names;
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be read: " + e.getMessage(), e);
        }
    }
}
