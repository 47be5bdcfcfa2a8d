package org.nn4j.data;

import java.util.ArrayList;
import java.util.List;
import org.nn4j.DType;
import org.nn4j.Nn4j;
import org.nn4j.Tensor;

/** Shared helpers of the data tests. */
final class DataTesting {
    private DataTesting() {}

    /**
     * n examples of f features: x[i] = (i*f .. i*f+f-1) so every value identifies its row, and
     * y[i] = i, so a batch's labels say which examples it holds.
     */
    static TensorDataset numbered(int n, int f) {
        try (Tensor x = Tensor.arange(0, (double) n * f, 1, DType.FLOAT32).reshape(n, f);
             Tensor y = Tensor.arange(n, DType.INT64)) {
            return TensorDataset.of(x, y);
        }
    }

    /** The labels of every element of one pass, element by element (each element closed). */
    static List<long[]> labelsOfPass(Dataset ds) {
        List<long[]> out = new ArrayList<>();
        try (DataIterator it = ds.iterator()) {
            while (it.hasNext()) {
                try (Batch b = it.next()) {
                    out.add(b.y().rank() == 0 ? new long[] {(long) b.y().item()} : b.y().toLongArray());
                }
            }
        }
        return out;
    }

    /** All labels of one pass in order. */
    static long[] flatLabels(Dataset ds) {
        return labelsOfPass(ds).stream().flatMapToLong(java.util.Arrays::stream).toArray();
    }

    /**
     * Live native bytes once tensors leaked elsewhere (unreachable, not closed) have been freed by
     * the Cleaner safety net, so that the count cannot drop in the middle of a measurement.
     */
    static long settle() {
        long last = Long.MIN_VALUE;
        for (int stable = 0, i = 0; stable < 3 && i < 100; i++) {
            System.gc();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long now = Nn4j.liveBytes();
            stable = now == last ? stable + 1 : 0;
            last = now;
        }
        return last;
    }
}
