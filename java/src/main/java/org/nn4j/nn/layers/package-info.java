/**
 * The built-in layers (CURRICULUM §8, §9, R7, R8, API2), channels first (K1): a sample is (F),
 * (C, L), (C, H, W) or (C, D, H, W) with the batch axis in front.
 *
 * <p>One construction style for all of them: a constructor for the common case and
 * {@code X.builder(required args)} for every option, including the common ones of
 * {@link org.nn4j.nn.layers.LayerBuilder} (name, seed, trainable, dtype):
 * <pre>{@code
 * new Dense(128, Activation.RELU);
 * Dense.builder(10).activation("softmax").kernelRegularizer(Regularizers.l2(1e-4)).name("head").build();
 * new Conv2D(32, 3, Activation.RELU);
 * Conv2D.builder(64, 3).strides(2).padding("same").groups(2).build();
 * new MaxPooling2D(2);
 * new Concatenate(1);  // channels of (N, C, H, W)
 * }</pre>
 *
 * <p>Each layer validates its arguments in its constructor, creates its weights in
 * {@code doBuild} (initialization is separate from the forward), computes its forward from the
 * ops of {@link org.nn4j.ops.nn} in a few lines, answers {@code outputShapes} without
 * allocating, and writes a {@code config()} that its static {@code fromConfig} reads back
 * ({@link org.nn4j.nn.layers.BuiltinLayers} registers them all with
 * {@link org.nn4j.nn.LayerRegistry}).
 */
package org.nn4j.nn.layers;
