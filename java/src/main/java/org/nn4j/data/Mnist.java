package org.nn4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nn4j.Tensor;

/**
 * The MNIST handwritten digits (LeCun, Cortes, Burges; CC BY-SA 3.0): 60,000 training and 10,000
 * test images. x is float32 (N, 1, 28, 28) in [0, 1], y int64 (N) in 0..9.
 *
 * <p>{@link #load()} reads the copy embedded in nn4j: the four IDX files live in the jar with
 * classifier "mnist" (org.nn4j:nn4j:VERSION:mnist), which must be on the class path; its
 * README.txt holds the attribution. No network is used.
 */
public final class Mnist {
    static final String RESOURCES = "/org/nn4j/datasets/mnist/";
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    public static final int CLASSES = 10;

    private Mnist() {}

    /** The embedded MNIST: train (60,000) and test (10,000); close the result when done. */
    public static Split<TensorDataset> load() {
        TensorDataset train = pair(resource(TRAIN_IMAGES), resource(TRAIN_LABELS));
        try {
            return new Split<>(train, null, pair(resource(TEST_IMAGES), resource(TEST_LABELS)));
        } catch (RuntimeException e) {
            train.close();
            throw e;
        }
    }

    /**
     * MNIST-format files from a directory: train-images-idx3-ubyte, train-labels-idx1-ubyte,
     * t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each optionally with ".gz".
     */
    public static Split<TensorDataset> loadFromDirectory(Path dir) {
        return fromDirectory(dir, "MNIST-format");
    }

    static Split<TensorDataset> fromDirectory(Path dir, String what) {
        if (!Files.isDirectory(dir)) throw new DataFileException(dir, "no such directory (" + what + " files expected)");
        TensorDataset train = pair(file(dir, TRAIN_IMAGES), file(dir, TRAIN_LABELS));
        try {
            return new Split<>(train, null, pair(file(dir, TEST_IMAGES), file(dir, TEST_LABELS)));
        } catch (RuntimeException e) {
            train.close();
            throw e;
        }
    }

    /** One (images, labels) pair as a dataset, checked to have the same count. */
    private static TensorDataset pair(Source images, Source labels) {
        IdxFile fx = images.read();
        IdxFile fy = labels.read();
        long nx = fx.dims()[0], ny = fy.dims()[0];
        if (nx != ny) {
            throw new DataFileException(images.name, "holds " + nx + " images but " + labels.name + " holds " + ny
                    + " labels", null);
        }
        Tensor y = Idx.labels(fy, labels.name);
        Tensor x;
        try {
            x = Idx.images(fx, images.name, true);
        } catch (RuntimeException e) {
            y.close();
            throw e;
        }
        return new TensorDataset(x, y, false);
    }

    private static Source resource(String base) {
        String path = RESOURCES + base + ".gz";
        return new Source("class path resource " + path, () -> {
            InputStream in = Mnist.class.getResourceAsStream(path);
            if (in == null) {
                throw new DataFileException("class path resource " + path, "not found: the MNIST files ship in the "
                        + "jar with classifier \"mnist\" (org.nn4j:nn4j:<version>:mnist, built into java/target/lib); "
                        + "put it on the class path, or use Mnist.loadFromDirectory(dir)", null);
            }
            return in;
        });
    }

    private static Source file(Path dir, String base) {
        Path plain = dir.resolve(base);
        Path gz = dir.resolve(base + ".gz");
        Path f = Files.exists(gz) || !Files.exists(plain) ? gz : plain;
        return new Source(f.toString(), () -> {
            if (!Files.exists(f)) {
                throw new DataFileException(dir, "has neither " + base + " nor " + base + ".gz");
            }
            return Files.newInputStream(f);
        });
    }

    /** Where one IDX file comes from. */
    private static final class Source {
        interface Opener {
            InputStream open() throws IOException;
        }

        final String name;
        final Opener opener;

        Source(String name, Opener opener) {
            this.name = name;
            this.opener = opener;
        }

        IdxFile read() {
            try (InputStream in = opener.open()) {
                return Idx.read(in, name);
            } catch (IOException e) {
                throw new DataFileException(name, "cannot be read: " + e, e);
            }
        }
    }
}
