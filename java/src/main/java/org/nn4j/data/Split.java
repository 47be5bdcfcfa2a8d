package org.nn4j.data;

/**
 * Train, dev and test parts of a dataset (dev may be null, e.g. for MNIST's own train/test
 * split). {@link #close()} closes the parts that hold memory of their own.
 */
public final class Split<D extends IndexedDataset> implements AutoCloseable {
    private final D train;
    private final D dev;
    private final D test;

    public Split(D train, D dev, D test) {
        if (train == null || test == null) throw new IllegalArgumentException("Split: train and test must not be null");
        this.train = train;
        this.dev = dev;
        this.test = test;
    }

    public D train() {
        return train;
    }

    /** The dev (validation) part, or null. */
    public D dev() {
        return dev;
    }

    public D test() {
        return test;
    }

    public boolean hasDev() {
        return dev != null;
    }

    @Override
    public void close() {
        closeIfOwned(train);
        closeIfOwned(dev);
        closeIfOwned(test);
    }

    private static void closeIfOwned(IndexedDataset d) {
        if (d instanceof TensorDataset) ((TensorDataset) d).close();
    }

    @Override
    public String toString() {
        return "Split(train=" + train.size() + (dev == null ? "" : ", dev=" + dev.size()) + ", test=" + test.size()
                + ")";
    }
}
