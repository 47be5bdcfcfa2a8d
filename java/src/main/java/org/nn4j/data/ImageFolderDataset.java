package org.nn4j.data;

import java.nio.file.Path;
import java.util.List;
import org.nn4j.DType;
import org.nn4j.Tensor;

/**
 * The images of an {@link ImageFolder}: example i is decoded from its file when read, as float32
 * (C, H, W) times the rescale factor, with its label in the chosen class mode.
 */
public final class ImageFolderDataset extends IndexedDataset {
    private final Path dir;
    private final List<Path> files;
    private final long[] labels;
    private final List<String> classes;
    private final ImageFolder.Options o;

    ImageFolderDataset(Path dir, List<Path> files, long[] labels, List<String> classes, ImageFolder.Options o) {
        this.dir = dir;
        this.files = List.copyOf(files);
        this.labels = labels;
        this.classes = List.copyOf(classes);
        this.o = o;
    }

    /** Class names; index k is label k. */
    public List<String> classNames() {
        return classes;
    }

    /** The image files, in example order. */
    public List<Path> files() {
        return files;
    }

    @Override
    public long size() {
        return files.size();
    }

    @Override
    public Batch get(long i) {
        checkIndex(i);
        Path f = files.get((int) i);
        Tensor x = o.height > 0 ? Images.read(f, o.colorMode, o.height, o.width) : Images.read(f, o.colorMode);
        if (o.rescale != 1) {
            Tensor scaled = x.mul(o.rescale);
            x.close();
            x = scaled;
        }
        return new Batch(x, label(labels[(int) i]));
    }

    private Tensor label(long k) {
        switch (o.classMode) {
            case CATEGORICAL: {
                float[] v = new float[classes.size()];
                v[(int) k] = 1;
                return Tensor.of(v, v.length);
            }
            case BINARY:
                return Tensor.scalar(k);
            default:
                return Tensor.scalar(k, DType.INT64);
        }
    }

    @Override
    public long[] classIndices() {
        return labels.clone();
    }

    @Override
    public String toString() {
        return "ImageFolderDataset(" + dir + ", " + files.size() + " images, classes " + classes + ")";
    }
}
