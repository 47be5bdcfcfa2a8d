package org.nn4j.data;

import java.util.ArrayList;
import java.util.List;

/** batch(n, dropLast) over a stream: collect n elements, stack them, close them. */
final class StreamBatchDataset extends Dataset {
    private final Dataset up;
    private final int batchSize;
    private final boolean dropLast;

    StreamBatchDataset(Dataset up, int batchSize, boolean dropLast) {
        this.up = up;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
    }

    @Override
    public long size() {
        return batchCount(up.size(), batchSize, dropLast);
    }

    static long batchCount(long n, int batchSize, boolean dropLast) {
        if (n < 0) return -1;
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    @Override
    DataIterator openRaw() {
        DataIterator in = up.openRaw();
        return new LookaheadIterator() {
            @Override
            protected Batch compute() {
                List<Batch> items = new ArrayList<>(batchSize);
                try {
                    while (items.size() < batchSize && in.hasNext()) items.add(in.next());
                    if (items.isEmpty() || (dropLast && items.size() < batchSize)) return null;
                    return Collate.stack(items);
                } finally {
                    for (Batch b : items) b.close();
                }
            }

            @Override
            protected void release() {
                in.close();
            }
        };
    }

    @Override
    public String toString() {
        return up + ".batch(" + batchSize + (dropLast ? ", dropLast" : "") + ")";
    }
}
