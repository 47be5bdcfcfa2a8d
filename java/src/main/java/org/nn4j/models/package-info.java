/**
 * Models and the Keras-style training API (CURRICULUM §21, API1-API8, X1).
 *
 * <h2>Building</h2>
 * {@link org.nn4j.models.Sequential} stacks single-input layers; the functional API builds any
 * directed acyclic graph from {@link org.nn4j.models.Input}s with
 * {@link org.nn4j.nn.Layer#apply}: several inputs and outputs, shared layers (one set of
 * weights, counted once), nested models (a {@link org.nn4j.models.Model} is a layer). A model
 * runs its layers in topological order through {@code Layer.call}, passing a
 * {@link org.nn4j.nn.CallContext} (training flag, step number for per-step randomness).
 *
 * <h2>Training</h2>
 * <pre>{@code
 * model.compile(optimizer, loss, metrics...);                  // or compile(CompileOptions)
 * model.compile("adam", "sparse_categorical_crossentropy", "accuracy");   // ids: default settings
 * History h = model.fit(x, y, FitOptions.builder().batchSize(32).epochs(10)
 *         .validationSplit(0.1).callbacks(new EarlyStopping().patience(3)).build());
 * Map<String, Double> scores = model.evaluate(xTest, yTest);
 * Tensor p = model.predict(xTest);
 * }</pre>
 * The loss that is minimized and reported is the weighted sum of the per-output losses plus
 * every layer's regularization penalty (K10); an epoch's loss weights each batch by its total
 * sample weight, so it is the weighted mean over the samples (L9) for any batch size. Each step runs in its own {@link org.nn4j.Scope},
 * so a training loop of any length keeps native memory flat; state that must outlive a step
 * (optimizer slots, metric accumulators) is created with {@link org.nn4j.Scope#outside}, and
 * layer weights are made outside any scope by {@code Layer.build}.
 *
 * <h2>Custom loops</h2>
 * {@link org.nn4j.models.GradientTape} is the explicit gradient scope:
 * <pre>{@code
 * List<Variable> vars = model.trainableWeights();
 * try (Scope step = Scope.open()) {
 *     List<Tensor> grads;
 *     try (GradientTape tape = model.tape()) {                 // training mode, next step number
 *         Tensor loss = lossFn.compute(y, tape.call(model, x));
 *         grads = tape.gradient(loss, vars);                   // survive the tape; the step scope frees them
 *     }
 *     optimizer.apply(vars, grads);
 * }
 * }</pre>
 * {@code trainOnBatch} / {@code testOnBatch} run one step of fit / evaluate.
 *
 * <h2>Diagnostics</h2>
 * {@code summary()} prints the Keras table; {@code FitOptions.checkNumerics(true)} names the
 * first layer, op, epoch and batch that produced a NaN or infinity ({@link
 * org.nn4j.models.NonFiniteException}); {@code logGradNorms(true)} writes each layer's gradient
 * norm to History as "grad_norm/layer".
 *
 * <h2>Saving</h2>
 * {@code model.save(path)} and {@code Model.load(path)} keep everything needed to predict or to
 * continue training exactly; {@code saveWeights} / {@code loadWeights} use safetensors. See
 * {@link org.nn4j.io}.
 *
 * <h2>Transfer learning</h2>
 * {@code freezeUpTo(name)}, {@code freezeFirst(n)}, {@code unfreezeAll()}, or
 * {@code setTrainable(false)} on a layer or a nested model: frozen weights are left out of the
 * optimizer's variables and stay bit-identical; they count as non-trainable parameters.
 */
package org.nn4j.models;
