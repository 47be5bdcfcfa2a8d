package org.nn4j.data;

import org.nn4j.Tensor;
import org.nn4j.ops.Creation;

/** Gathering rows (dimension 0) of a tensor by index, one copy per run of consecutive indices. */
final class Rows {
    private Rows() {}

    /** A new tensor whose row k is src's row idx[k]. */
    static Tensor take(Tensor src, long[] idx) {
        long[] shape = src.dims();
        long n = shape[0];
        shape[0] = idx.length;
        Tensor out = Creation.empty(src.dtype(), src.device(), shape);
        try {
            int k = 0;
            while (k < idx.length) {
                long first = idx[k];
                if (first < 0 || first >= n) {
                    throw new IndexOutOfBoundsException("row " + first + " is out of range for " + n + " rows");
                }
                int run = 1;
                while (k + run < idx.length && idx[k + run] == first + run && first + run < n) run++;
                try (Tensor from = src.slice(0, first, first + run); Tensor to = out.slice(0, k, k + run)) {
                    to.copyFrom(from);
                }
                k += run;
            }
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }
}
