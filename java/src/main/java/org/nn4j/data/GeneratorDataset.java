package org.nn4j.data;

import java.util.Iterator;
import java.util.function.Supplier;

/** Dataset.fromGenerator: the streaming source. */
final class GeneratorDataset extends Dataset {
    private final Supplier<? extends Iterator<Batch>> gen;
    private final long size;

    GeneratorDataset(Supplier<? extends Iterator<Batch>> gen, long size) {
        this.gen = gen;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    DataIterator openRaw() {
        Iterator<Batch> it = gen.get();
        if (it == null) throw new IllegalStateException("fromGenerator: the generator returned a null iterator");
        return new LookaheadIterator() {
            @Override
            protected Batch compute() {
                if (!it.hasNext()) return null;
                Batch b = it.next();
                if (b == null) throw new IllegalStateException("fromGenerator: the iterator yielded null");
                return b;
            }

            @Override
            protected void release() {
                if (it instanceof AutoCloseable) {
                    try {
                        ((AutoCloseable) it).close();
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException("fromGenerator: closing the iterator failed: " + e, e);
                    }
                }
            }
        };
    }

    @Override
    public String toString() {
        return "Dataset.fromGenerator(" + (size < 0 ? "" : size + " elements") + ")";
    }
}
