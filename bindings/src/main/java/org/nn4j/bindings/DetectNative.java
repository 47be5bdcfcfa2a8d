package org.nn4j.bindings;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * JavaCPP binding of {@code native/include/nn4j_detect.h} (box conversion, pairwise IoU, greedy
 * NMS): one line per entry point, compiled into the same JNI library as {@link Nn4jNative}.
 * Buffers are raw addresses ({@code long}, 0 = null). Internal: {@code org.nn4j.ops.nn.Detection}
 * wraps every call.
 */
@Platform(include = {"nn4j.h", "nn4j_detect.h"}, link = "nn4j", library = "jniNn4jNative")
public final class DetectNative {
    static {
        Loader.load();
    }

    private DetectNative() {}

    /** NN4J_BOX_* formats. */
    public static final int BOX_CORNERS = 0, BOX_CENTER = 1;

    public static native int nn4j_box_convert_forward(int device, int dtype, int from, int to, @Cast("int64_t") long count, @Cast("const void*") long x, @Cast("void*") long y);
    public static native int nn4j_box_convert_backward(int device, int dtype, int from, int to, @Cast("int64_t") long count, @Cast("const void*") long dy, @Cast("void*") long dx);

    public static native int nn4j_box_iou_forward(int device, int dtype, int format, @Cast("int64_t") long batch, @Cast("int64_t") long n, @Cast("int64_t") long m, @Cast("const void*") long a, @Cast("const void*") long b, @Cast("void*") long iou);
    public static native int nn4j_box_iou_backward(int device, int dtype, int format, @Cast("int64_t") long batch, @Cast("int64_t") long n, @Cast("int64_t") long m, @Cast("const void*") long a, @Cast("const void*") long b, @Cast("const void*") long diou, @Cast("void*") long da, @Cast("void*") long db);

    public static native int nn4j_nms(int device, int dtype, int format, @Cast("int64_t") long batch, @Cast("int64_t") long n, @Cast("const void*") long boxes, @Cast("const void*") long scores, int classDtype, @Cast("const void*") long classes, double scoreThreshold, double iouThreshold, @Cast("int64_t") long maxOutputs, @Cast("int64_t*") long keep, @Cast("int64_t*") long counts);
}
