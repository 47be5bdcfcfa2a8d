/**
 * Saving and loading (CURRICULUM API10).
 *
 * <h2>Whole models</h2>
 * <pre>{@code
 * model.save(Path.of("model.nn4j"));              // architecture, weights, compile config, optimizer state, step
 * Model m = Model.load(Path.of("model.nn4j"));    // compiled as saved: predict, or fit(..., initialEpoch(k))
 * }</pre>
 * The file is a zip ({@link org.nn4j.io.ModelFile}): {@code model.json} (format name and version,
 * nn4j version, architecture, compile config, training step), {@code weights.safetensors} and,
 * for compiled models, {@code optimizer.safetensors}. Saving writes a temporary file in the same
 * folder and renames it over the target atomically, so a failed save leaves the old file intact.
 * A loaded model predicts bit-identically, and resuming training from it equals the uninterrupted
 * run bit for bit (weights, BatchNormalization statistics, optimizer slots and step count, and
 * the model's step counter, which seeds Dropout masks, are all restored). Stateful RNN carry-over
 * states and callbacks' own state are not part of the file.
 *
 * <h2>Weights alone</h2>
 * {@code model.saveWeights(path)} / {@code model.loadWeights(path)} use the safetensors format
 * ({@link org.nn4j.io.Safetensors}) keyed "layerName/weightName", readable by PyTorch, JAX and
 * the Hugging Face tools. Loading is strict by default (the file must hold exactly the model's
 * weights) and all or nothing; {@code loadWeights(path, false)} loads by name and reports what
 * did not match ({@link org.nn4j.io.WeightsReport}).
 *
 * <h2>Errors</h2>
 * A file that is not what it should be (not a zip, truncated, a failed CRC, invalid JSON, an
 * unknown layer type, missing, unexpected or mis-shaped weights, a newer format) gives a
 * {@link org.nn4j.io.ModelFileException} whose message starts with the file and names the
 * problem. File-system errors are plain {@link java.io.IOException}s.
 *
 * <h2>Custom types</h2>
 * Saved models name their layers, losses, metrics and optimizer by type; custom ones must be
 * registered before loading: {@link org.nn4j.nn.LayerRegistry#register},
 * {@link org.nn4j.nn.losses.Losses#register}, {@link org.nn4j.nn.metrics.Metrics#register},
 * {@link org.nn4j.io.OptimizerRegistry#register}.
 */
package org.nn4j.io;
