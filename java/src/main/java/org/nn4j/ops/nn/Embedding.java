package org.nn4j.ops.nn;

import org.nn4j.DType;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.bindings.NnNative;
import org.nn4j.internal.Kernels;

/**
 * Embedding lookup (CURRICULUM E2): out = table[ids] for a table (V, D) and integer ids of any
 * shape S (int32/int64, in [0, V)), giving (S..., D). Backward scatter-adds the output gradient
 * into a (V, D) gradient: repeated ids accumulate, rows never looked up get 0, and the sum runs
 * in id order, so the result is bit-identical for any thread count.
 */
public final class Embedding {
    private Embedding() {}

    public static Tensor embedding(Tensor table, Tensor ids) {
        final String op = "embedding";
        NnSupport.floatInput(op, table);
        org.nn4j.ops.Checks.open(ids, op);
        if (ids.dtype() != DType.INT32 && ids.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": ids must be int32 or int64, got " + ids.dtype() + " " + ids.shape());
        }
        org.nn4j.ops.Checks.sameDevice(op, table, ids);
        if (table.rank() != 2) throw new IllegalArgumentException(op + ": table must be (V, D), got " + table.shape());
        final long v = table.dim(0), d = table.dim(1), count = ids.numel();
        final int indexDtype = ids.dtype().code();
        long[] is = ids.dims();
        long[] os = java.util.Arrays.copyOf(is, is.length + 1);
        os[is.length] = d;
        Tensor tc = NnSupport.contig(table), ic = NnSupport.contig(ids);
        Tensor out = NnSupport.empty(table, os);
        try {
            Kernels.check(NnNative.nn4j_embedding_forward(NnSupport.dev(table), table.dtype().code(), v, d,
                    NnSupport.addr(tc), indexDtype, count, NnSupport.addr(ic), NnSupport.addr(out)), op);
            if (Autograd.needsGrad(table)) {
                // saved: the ids (contiguous)
                Autograd.record(op, out, new Tensor[] {table}, new Tensor[] {ic}, (node, g) -> {
                    Tensor idx = node.saved(0), gc = NnSupport.contig(g);
                    Tensor dt = NnSupport.empty(g.dtype(), NnSupport.dev(g), v, d);
                    try {
                        Kernels.check(NnNative.nn4j_embedding_backward(NnSupport.dev(g), g.dtype().code(), v, d,
                                indexDtype, count, NnSupport.addr(idx), NnSupport.addr(gc), NnSupport.addr(dt)),
                                op + " backward");
                    } catch (RuntimeException | Error e) {
                        dt.close();
                        throw e;
                    } finally {
                        NnSupport.release(gc, g);
                    }
                    return new Tensor[] {dt};
                });
            }
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        } finally {
            NnSupport.release(tc, table);
            NnSupport.release(ic, ids);
        }
        return out;
    }
}
