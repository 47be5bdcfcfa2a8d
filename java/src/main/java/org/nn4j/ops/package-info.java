/**
 * The ops, in small families (Creation, Elementwise, UnaryMath, Comparisons, Reductions,
 * ShapeOps, Indexing, Linalg, Conversion, InPlace). {@link org.nn4j.Tensor}'s methods delegate
 * here.
 *
 * <p>Every op has the same shape, forward and backward side by side:
 * <pre>{@code
 * public static Tensor mul(Tensor a, Tensor b) {
 *     long[] shape = Checks.binary("mul", a, b);                  // 1. validate: names op, shapes, dtypes
 *     Tensor out = Kernels.binary(BINARY_MUL, "mul", a, b, shape, a.dtype());   // 2. one kernel
 *     if (Autograd.needsGrad(a, b)) {                              // 3. its backward rule
 *         long[] as = T.shape(a), bs = T.shape(b);
 *         Autograd.record("mul", out, new Tensor[] {a, b}, new Tensor[] {a, b}, (n, g) -> new Tensor[] {
 *             n.needsInputGrad(0) ? GradUtil.sumTo(g.mul(n.saved(1)), as) : null,
 *             n.needsInputGrad(1) ? GradUtil.sumTo(g.mul(n.saved(0)), bs) : null});
 *     }
 *     return out;
 * }
 * }</pre>
 * Adding an op: a native kernel (nn4j.h), one binding line (Nn4jNative), one wrapper in
 * {@link org.nn4j.internal.Kernels}, one method here, one test. Rules:
 * <ul>
 *   <li>Validate in Java before any native call; messages name the op and the shapes.</li>
 *   <li>Backward rules get the output gradient and the tensors passed as {@code toSave}
 *       ({@code n.saved(i)}), never the inputs captured directly (they may be closed by then).
 *       They run without recording, in a scope that closes their temporaries; return one
 *       gradient per input with that input's shape ({@link org.nn4j.ops.GradUtil#sumTo} after
 *       broadcasting), or null where {@code needsInputGrad} is false.</li>
 *   <li>Save only what the rule needs (the output instead of the input when it suffices):
 *       saved tensors stay alive until backward or until the graph is dropped.</li>
 *   <li>Composite ops close their intermediates; views go through
 *       {@link org.nn4j.internal.TensorAccess#view}.</li>
 * </ul>
 */
package org.nn4j.ops;
