package org.nn4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Fashion-MNIST (Zalando, MIT licence): 60,000 training and 10,000 test 28x28 grey images of 10
 * kinds of clothing, in MNIST's format and layout: x float32 (N, 1, 28, 28) in [0, 1], y int64.
 * Read from the Debian package dataset-fashion-mnist (files under {@link #DEFAULT_DIR}); nn4j
 * does not embed it.
 */
public final class FashionMnist {
    /** Where the Debian package dataset-fashion-mnist puts the four IDX .gz files. */
    public static final Path DEFAULT_DIR = Paths.get("/usr/share/datasets/fashion-mnist");
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {}

    /** Fashion-MNIST from {@link #DEFAULT_DIR}; close the result when done. */
    public static Split<TensorDataset> load() {
        return load(DEFAULT_DIR);
    }

    /** Fashion-MNIST from dir (same file names as MNIST, gzipped or not). */
    public static Split<TensorDataset> load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataFileException(dir, "Fashion-MNIST is not installed: run `apt-get install "
                    + "dataset-fashion-mnist` (Debian/Ubuntu, as root), which puts its files in " + DEFAULT_DIR
                    + ", or pass the directory holding train-images-idx3-ubyte.gz and the three other files");
        }
        return Mnist.fromDirectory(dir, "Fashion-MNIST");
    }
}
