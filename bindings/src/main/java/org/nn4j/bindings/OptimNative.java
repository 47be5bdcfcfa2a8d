package org.nn4j.bindings;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * JavaCPP binding of {@code native/include/nn4j_optim.h} (fused optimizer updates): one line per
 * entry point, compiled into the same JNI library as {@link Nn4jNative}. Buffers are raw
 * addresses ({@code long}, 0 = null). Internal: {@code org.nn4j.ops.nn.OptimizerUpdates} wraps
 * every call.
 */
@Platform(include = {"nn4j.h", "nn4j_optim.h"}, link = "nn4j", library = "jniNn4jNative")
public final class OptimNative {
    static {
        Loader.load();
    }

    private OptimNative() {}

    public static native int nn4j_sgd_update(int device, int dtype, @Cast("int64_t") long n, @Cast("void*") long param,
                                             @Cast("const void*") long grad, @Cast("void*") long velocity, double lr,
                                             double momentum, double dampening, int nesterov, double weightDecay,
                                             double gradScale, double clip);

    public static native int nn4j_adagrad_update(int device, int dtype, @Cast("int64_t") long n,
                                                 @Cast("void*") long param, @Cast("const void*") long grad,
                                                 @Cast("void*") long accum, double lr, double eps, double weightDecay,
                                                 double gradScale, double clip);

    public static native int nn4j_rmsprop_update(int device, int dtype, @Cast("int64_t") long n,
                                                 @Cast("void*") long param, @Cast("const void*") long grad,
                                                 @Cast("void*") long sqAvg, @Cast("void*") long gradAvg,
                                                 @Cast("void*") long mom, double lr, double rho, double eps,
                                                 double momentum, double weightDecay, double gradScale, double clip);

    public static native int nn4j_adadelta_update(int device, int dtype, @Cast("int64_t") long n,
                                                  @Cast("void*") long param, @Cast("const void*") long grad,
                                                  @Cast("void*") long sqAvg, @Cast("void*") long deltaAvg, double lr,
                                                  double rho, double eps, double weightDecay, double gradScale,
                                                  double clip);

    public static native int nn4j_adam_update(int device, int dtype, @Cast("int64_t") long n, @Cast("void*") long param,
                                              @Cast("const void*") long grad, @Cast("void*") long m,
                                              @Cast("void*") long v, @Cast("void*") long vMax, double lr, double beta1,
                                              double beta2, double eps, @Cast("int64_t") long step,
                                              double decoupledDecay, double weightDecay, double gradScale, double clip);

    public static native int nn4j_nadam_update(int device, int dtype, @Cast("int64_t") long n, @Cast("void*") long param,
                                               @Cast("const void*") long grad, @Cast("void*") long m,
                                               @Cast("void*") long v, double lr, double beta1, double beta2, double eps,
                                               @Cast("int64_t") long step, double mu, double muNext, double muProduct,
                                               double weightDecay, double gradScale, double clip);
}
