package org.nn4j.ops.nn;

import org.nn4j.DType;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.bindings.DetectNative;
import org.nn4j.internal.Kernels;
import org.nn4j.ops.Checks;

/**
 * Box ops for detection (CURRICULUM D1, D4, D5), native-backed (nn4j_detect.h).
 *
 * <p><b>IoU</b> of every pair: boxes a (N, 4) and b (M, 4) give (N, M); batched a (B, N, 4) and
 * b (B, M, 4) give (B, N, M). inter = max(0, min x2 - max x1) max(0, min y2 - max y1),
 * IoU = inter / (area_a + area_b - inter), 0 when the union is 0 (degenerate boxes give 0, never
 * NaN). Differentiable in both inputs; at kinks (touching edges, equal coordinates) the
 * gradient follows nn4j_detect.h: the clamp at 0 passes nothing, ties go to a.
 *
 * <p><b>Box conversion</b> between {@link BoxFormat#CORNERS} and {@link BoxFormat#CENTER} of any
 * (..., 4) tensor; linear, differentiable.
 *
 * <p><b>NMS</b>, greedy, per image: drop boxes with score &lt; scoreThreshold, visit the rest by
 * descending score (<b>equal scores: lower index first</b>), keep a box unless a kept box of the
 * same class (any kept box without classes) has IoU &gt; iouThreshold with it, and return at most
 * maxOutputs per image, by descending score; see {@link NmsOptions} and {@link NmsResult}.
 * Boxes (N, 4) with scores (N), or batched (B, N, 4) with (B, N); optional class ids (int32 or
 * int64) of the scores' shape make it per-class (boxes of different classes never suppress each
 * other). Not differentiable (it selects indices).
 *
 * <p>IoU and NMS reject boxes with a NaN or infinite coordinate or a negative size
 * (x2 &lt; x1, or w &lt; 0 for centre boxes), and NMS rejects NaN scores, with an
 * IllegalArgumentException naming image, box and values.
 */
public final class Detection {
    private Detection() {}

    // ---- IoU

    /** Pairwise IoU of corner boxes: (N, 4) x (M, 4) -> (N, M), or (B, N, 4) x (B, M, 4) -> (B, N, M). */
    public static Tensor iou(Tensor a, Tensor b) {
        return iou(a, b, BoxFormat.CORNERS);
    }

    public static Tensor iou(Tensor a, Tensor b, BoxFormat format) {
        final String op = "iou";
        NnSupport.floatInput(op, a);
        NnSupport.floatInput(op, b);
        NnSupport.companion(op, "b", a, b);
        if (format == null) throw new IllegalArgumentException(op + ": format is null");
        boolean batched = a.rank() == 3;
        if (!(a.rank() == 2 || batched) || b.rank() != a.rank() || a.dim(-1) != 4 || b.dim(-1) != 4
                || (batched && a.dim(0) != b.dim(0))) {
            throw new IllegalArgumentException(op + ": boxes must be (N, 4) and (M, 4), or (B, N, 4) and (B, M, 4); got "
                    + a.shape() + " and " + b.shape());
        }
        final long batch = batched ? a.dim(0) : 1, n = a.dim(-2), m = b.dim(-2);
        final int fmt = format.code();
        long[] os = batched ? new long[] {batch, n, m} : new long[] {n, m};
        Tensor ac = NnSupport.contig(a), bc = NnSupport.contig(b);
        Tensor out = NnSupport.empty(a, os);
        try {
            Kernels.check(DetectNative.nn4j_box_iou_forward(NnSupport.dev(a), a.dtype().code(), fmt, batch, n, m,
                    NnSupport.addr(ac), NnSupport.addr(bc), NnSupport.addr(out)), op);
            if (Autograd.needsGrad(a, b)) {
                final long[] as = a.dims(), bs = b.dims();
                // saved: both boxes (contiguous)
                Autograd.record(op, out, new Tensor[] {a, b}, new Tensor[] {ac, bc}, (node, g) -> {
                    Tensor sa = node.saved(0), sb = node.saved(1), gc = NnSupport.contig(g);
                    Tensor da = node.needsInputGrad(0) ? NnSupport.empty(g.dtype(), NnSupport.dev(g), as) : null;
                    Tensor db = node.needsInputGrad(1) ? NnSupport.empty(g.dtype(), NnSupport.dev(g), bs) : null;
                    try {
                        Kernels.check(DetectNative.nn4j_box_iou_backward(NnSupport.dev(g), g.dtype().code(), fmt, batch,
                                n, m, NnSupport.addr(sa), NnSupport.addr(sb), NnSupport.addr(gc), NnSupport.addr(da),
                                NnSupport.addr(db)), op + " backward");
                    } catch (RuntimeException | Error e) {
                        if (da != null) da.close();
                        if (db != null) db.close();
                        throw e;
                    } finally {
                        NnSupport.release(gc, g);
                    }
                    return new Tensor[] {da, db};
                });
            }
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        } finally {
            NnSupport.release(ac, a);
            NnSupport.release(bc, b);
        }
        return out;
    }

    // ---- conversion

    /** boxes (..., 4) converted from one format to the other (a copy when from == to). */
    public static Tensor convertBoxes(Tensor boxes, BoxFormat from, BoxFormat to) {
        final String op = "convertBoxes";
        NnSupport.floatInput(op, boxes);
        if (from == null || to == null) throw new IllegalArgumentException(op + ": formats must not be null");
        if (boxes.rank() < 1 || boxes.dim(-1) != 4) {
            throw new IllegalArgumentException(op + ": boxes must be (..., 4), got " + boxes.shape());
        }
        final long count = boxes.numel() / 4;
        final int f = from.code(), t = to.code();
        Tensor xc = NnSupport.contig(boxes);
        Tensor out = NnSupport.emptyLike(boxes);
        try {
            Kernels.check(DetectNative.nn4j_box_convert_forward(NnSupport.dev(boxes), boxes.dtype().code(), f, t, count,
                    NnSupport.addr(xc), NnSupport.addr(out)), op);
            if (Autograd.needsGrad(boxes)) {
                final long[] shape = boxes.dims();
                Autograd.record(op, out, new Tensor[] {boxes}, new Tensor[0], (node, g) -> {
                    Tensor gc = NnSupport.contig(g);
                    Tensor dx = NnSupport.empty(g.dtype(), NnSupport.dev(g), shape);
                    try {
                        Kernels.check(DetectNative.nn4j_box_convert_backward(NnSupport.dev(g), g.dtype().code(), f, t,
                                count, NnSupport.addr(gc), NnSupport.addr(dx)), op + " backward");
                    } catch (RuntimeException | Error e) {
                        dx.close();
                        throw e;
                    } finally {
                        NnSupport.release(gc, g);
                    }
                    return new Tensor[] {dx};
                });
            }
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        } finally {
            NnSupport.release(xc, boxes);
        }
        return out;
    }

    // ---- NMS

    /** Class-agnostic NMS with {@link NmsOptions#DEFAULT}. */
    public static NmsResult nms(Tensor boxes, Tensor scores) {
        return nms(boxes, scores, null, NmsOptions.DEFAULT);
    }

    /** Class-agnostic NMS: every kept box may suppress any other. */
    public static NmsResult nms(Tensor boxes, Tensor scores, NmsOptions options) {
        return nms(boxes, scores, null, options);
    }

    /**
     * Per-class NMS when {@code classes} (int32/int64, the scores' shape) is given, class-agnostic
     * when it is null.
     */
    public static NmsResult nms(Tensor boxes, Tensor scores, Tensor classes, NmsOptions options) {
        final String op = "nms";
        NnSupport.floatInput(op, boxes);
        NnSupport.floatInput(op, scores);
        NnSupport.companion(op, "scores", boxes, scores);
        if (options == null) options = NmsOptions.DEFAULT;
        boolean batched = boxes.rank() == 3;
        if (!(boxes.rank() == 2 || batched) || boxes.dim(-1) != 4) {
            throw new IllegalArgumentException(op + ": boxes must be (N, 4) or (B, N, 4), got " + boxes.shape());
        }
        final long batch = batched ? boxes.dim(0) : 1, n = boxes.dim(-2);
        long[] ss = batched ? new long[] {batch, n} : new long[] {n};
        NnSupport.shape(op, "scores (one per box)", scores, ss);
        int classDtype = -1;
        if (classes != null) {
            Checks.open(classes, op);
            if (classes.dtype() != DType.INT32 && classes.dtype() != DType.INT64) {
                throw new IllegalArgumentException(op + ": classes must be int32 or int64 class ids, got "
                        + classes.dtype() + " " + classes.shape());
            }
            Checks.sameDevice(op, boxes, classes);
            NnSupport.shape(op, "classes (one per box)", classes, ss);
            classDtype = classes.dtype().code();
        }
        final long width = Math.min(n, options.maxOutputs());
        Tensor bc = NnSupport.contig(boxes), sc = NnSupport.contig(scores), cc = NnSupport.contig(classes);
        Tensor keep = NnSupport.empty(DType.INT64, NnSupport.dev(boxes), batch, width);
        Tensor counts = null;
        try {
            counts = NnSupport.empty(DType.INT64, NnSupport.dev(boxes), batch);
            Kernels.check(DetectNative.nn4j_nms(NnSupport.dev(boxes), boxes.dtype().code(), options.format().code(),
                    batch, n, NnSupport.addr(bc), NnSupport.addr(sc), classDtype, NnSupport.addr(cc),
                    options.scoreThreshold(), options.iouThreshold(), options.maxOutputs(), NnSupport.addr(keep),
                    NnSupport.addr(counts)), op);
            return new NmsResult(keep, counts);
        } catch (RuntimeException | Error e) {
            keep.close();
            if (counts != null) counts.close();
            throw e;
        } finally {
            NnSupport.release(bc, boxes);
            NnSupport.release(sc, scores);
            NnSupport.release(cc, classes);
        }
    }
}
