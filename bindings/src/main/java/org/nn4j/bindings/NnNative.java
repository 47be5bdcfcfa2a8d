package org.nn4j.bindings;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * JavaCPP binding of {@code native/include/nn4j_nn.h} (activations, softmax, fused losses,
 * batch norm, LRN, dropout, embedding): one line per entry point, compiled into the same JNI
 * library as {@link Nn4jNative}. Buffers are raw addresses ({@code long}, 0 = null). Internal:
 * the differentiable ops in {@code org.nn4j.ops.nn} wrap every call.
 */
@Platform(include = {"nn4j.h", "nn4j_nn.h"}, link = "nn4j", library = "jniNn4jNative")
public final class NnNative {
    static {
        Loader.load();
    }

    private NnNative() {}

    /** NN4J_ACT_* codes. */
    public static final int ACT_SIGMOID = 0, ACT_TANH = 1, ACT_RELU = 2, ACT_RELU6 = 3, ACT_LEAKY_RELU = 4,
            ACT_ELU = 5, ACT_SOFTSIGN = 6, ACT_STEP = 7, ACT_STEP_STRICT = 8,
            ACT_IDENTITY = 9;
    /** NN4J_REDUCTION_* codes. */
    public static final int REDUCTION_MEAN = 0, REDUCTION_SUM = 1, REDUCTION_NONE = 2;

    public static native int nn4j_activation_forward(int device, int act, int dtype, @Cast("int64_t") long n,
                                                     @Cast("const void*") long x, @Cast("void*") long y, double alpha);

    public static native int nn4j_activation_backward(int device, int act, int dtype, @Cast("int64_t") long n,
                                                      @Cast("const void*") long x, @Cast("const void*") long dy,
                                                      @Cast("void*") long dx, double alpha);

    public static native int nn4j_bias_act_forward(int device, int act, int dtype, @Cast("int64_t") long rows,
                                                   @Cast("int64_t") long cols, @Cast("const void*") long u,
                                                   @Cast("const void*") long bias, @Cast("void*") long y, double alpha);

    public static native int nn4j_bias_act_backward(int device, int act, int dtype, @Cast("int64_t") long rows,
                                                    @Cast("int64_t") long cols, @Cast("const void*") long u,
                                                    @Cast("const void*") long bias, @Cast("const void*") long dy,
                                                    @Cast("void*") long du, @Cast("void*") long dbias, double alpha);

    public static native int nn4j_softmax_forward(int device, int dtype, int log, @Cast("int64_t") long outer,
                                                  @Cast("int64_t") long dim, @Cast("int64_t") long inner,
                                                  @Cast("const void*") long x, @Cast("void*") long y);

    public static native int nn4j_softmax_backward(int device, int dtype, int log, @Cast("int64_t") long outer,
                                                   @Cast("int64_t") long dim, @Cast("int64_t") long inner,
                                                   @Cast("const void*") long y, @Cast("const void*") long dy,
                                                   @Cast("void*") long dx);

    public static native int nn4j_softmax_ce_forward(int device, int dtype, @Cast("int64_t") long n,
                                                     @Cast("int64_t") long k, @Cast("const void*") long logits,
                                                     int labelDtype, @Cast("const void*") long labels,
                                                     @Cast("const void*") long classWeights, double labelSmoothing,
                                                     int reduction, @Cast("void*") long loss,
                                                     @Cast("void*") long probs);

    public static native int nn4j_softmax_ce_backward(int device, int dtype, @Cast("int64_t") long n,
                                                      @Cast("int64_t") long k, @Cast("const void*") long probs,
                                                      int labelDtype, @Cast("const void*") long labels,
                                                      @Cast("const void*") long classWeights, double labelSmoothing,
                                                      int reduction, @Cast("const void*") long dloss,
                                                      @Cast("void*") long dlogits);

    public static native int nn4j_sigmoid_bce_forward(int device, int dtype, @Cast("int64_t") long outer,
                                                      @Cast("int64_t") long c, @Cast("const void*") long x,
                                                      @Cast("const void*") long y, @Cast("const void*") long posWeight,
                                                      int reduction, @Cast("void*") long loss);

    public static native int nn4j_sigmoid_bce_backward(int device, int dtype, @Cast("int64_t") long outer,
                                                       @Cast("int64_t") long c, @Cast("const void*") long x,
                                                       @Cast("const void*") long y, @Cast("const void*") long posWeight,
                                                       int reduction, @Cast("const void*") long dloss,
                                                       @Cast("void*") long dx, @Cast("void*") long dy);

    public static native int nn4j_batchnorm_forward(int device, int dtype, int training, @Cast("int64_t") long n,
                                                    @Cast("int64_t") long c, @Cast("int64_t") long inner,
                                                    @Cast("const void*") long x, @Cast("const void*") long gamma,
                                                    @Cast("const void*") long beta, double eps, double momentum,
                                                    @Cast("void*") long runningMean, @Cast("void*") long runningVar,
                                                    @Cast("void*") long y, @Cast("void*") long saveMean,
                                                    @Cast("void*") long saveVar);

    public static native int nn4j_batchnorm_backward(int device, int dtype, int training, @Cast("int64_t") long n,
                                                     @Cast("int64_t") long c, @Cast("int64_t") long inner,
                                                     @Cast("const void*") long x, @Cast("const void*") long gamma,
                                                     @Cast("const void*") long saveMean,
                                                     @Cast("const void*") long saveVar, double eps,
                                                     @Cast("const void*") long dy, @Cast("void*") long dx,
                                                     @Cast("void*") long dgamma, @Cast("void*") long dbeta);

    public static native int nn4j_lrn_forward(int device, int dtype, @Cast("int64_t") long n, @Cast("int64_t") long c,
                                              @Cast("int64_t") long inner, @Cast("int64_t") long size, double alpha,
                                              double beta, double k, @Cast("const void*") long x,
                                              @Cast("void*") long y);

    public static native int nn4j_lrn_backward(int device, int dtype, @Cast("int64_t") long n, @Cast("int64_t") long c,
                                               @Cast("int64_t") long inner, @Cast("int64_t") long size, double alpha,
                                               double beta, double k, @Cast("const void*") long x,
                                               @Cast("const void*") long dy, @Cast("void*") long dx);

    public static native int nn4j_dropout_forward(int device, int dtype, @Cast("int64_t") long n,
                                                  @Cast("const void*") long x, double rate,
                                                  @Cast("uint64_t") long seed, @Cast("uint64_t") long offset,
                                                  @Cast("void*") long y, @Cast("void*") long mask);

    public static native int nn4j_dropout_backward(int device, int dtype, @Cast("int64_t") long n,
                                                   @Cast("const void*") long dy, double rate,
                                                   @Cast("uint64_t") long seed, @Cast("uint64_t") long offset,
                                                   @Cast("void*") long dx);

    public static native int nn4j_embedding_forward(int device, int dtype, @Cast("int64_t") long v,
                                                    @Cast("int64_t") long d, @Cast("const void*") long table,
                                                    int indexDtype, @Cast("int64_t") long count,
                                                    @Cast("const void*") long ids, @Cast("void*") long out);

    public static native int nn4j_embedding_backward(int device, int dtype, @Cast("int64_t") long v,
                                                     @Cast("int64_t") long d, int indexDtype,
                                                     @Cast("int64_t") long count, @Cast("const void*") long ids,
                                                     @Cast("const void*") long dout, @Cast("void*") long dtable);
}
