package org.nn4j.bindings;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * JavaCPP binding of {@code native/include/nn4j_rnn.h} (tanh RNN, LSTM, GRU over whole
 * sequences): one line per entry point, compiled into the same JNI library as
 * {@link Nn4jNative}. Buffers are raw addresses ({@code long}, 0 = null). Internal: the
 * differentiable op {@code org.nn4j.ops.nn.Recurrent} wraps every call.
 */
@Platform(include = {"nn4j.h", "nn4j_rnn.h"}, link = "nn4j", library = "jniNn4jNative")
public final class RnnNative {
    static {
        Loader.load();
    }

    private RnnNative() {}

    /** Cell kinds (NN4J_RNN_*). */
    public static final int TANH = 0, LSTM = 1, GRU = 2, GRU_RESET_AFTER = 3;

    public static native int nn4j_rnn_workspace_size(int device, int cell, int dtype, @Cast("int64_t") long n,
                                                     @Cast("int64_t") long t, @Cast("int64_t") long f,
                                                     @Cast("int64_t") long h, @Cast("int64_t*") long[] outBytes);

    public static native int nn4j_rnn_forward(int device, int cell, int dtype, @Cast("int64_t") long n,
                                              @Cast("int64_t") long t, @Cast("int64_t") long f, @Cast("int64_t") long h,
                                              @Cast("const void*") long x, @Cast("const void*") long h0,
                                              @Cast("const void*") long c0, @Cast("const void*") long w,
                                              @Cast("const void*") long u, @Cast("const void*") long b,
                                              @Cast("void*") long y, @Cast("void*") long hN, @Cast("void*") long cN,
                                              @Cast("void*") long workspace, @Cast("int64_t") long workspaceBytes);

    public static native int nn4j_rnn_backward(int device, int cell, int dtype, @Cast("int64_t") long n,
                                               @Cast("int64_t") long t, @Cast("int64_t") long f, @Cast("int64_t") long h,
                                               @Cast("const void*") long x, @Cast("const void*") long h0,
                                               @Cast("const void*") long c0, @Cast("const void*") long w,
                                               @Cast("const void*") long u, @Cast("const void*") long b,
                                               @Cast("const void*") long y, @Cast("const void*") long workspace,
                                               @Cast("int64_t") long workspaceBytes, @Cast("const void*") long dy,
                                               @Cast("const void*") long dhN, @Cast("const void*") long dcN,
                                               @Cast("void*") long dx, @Cast("void*") long dh0, @Cast("void*") long dc0,
                                               @Cast("void*") long dw, @Cast("void*") long du, @Cast("void*") long db);
}
