/**
 * Callbacks of fit, evaluate and predict (API11): {@link org.nn4j.callbacks.History} (what fit
 * returns), {@link org.nn4j.callbacks.ProgbarLogger} (terminal bar or plain lines),
 * {@link org.nn4j.callbacks.EarlyStopping}, {@link org.nn4j.callbacks.LearningRateScheduler},
 * {@link org.nn4j.callbacks.ReduceLROnPlateau}, {@link org.nn4j.callbacks.TerminateOnNaN},
 * {@link org.nn4j.callbacks.CSVLogger}, {@link org.nn4j.callbacks.ModelCheckpoint} and
 * {@link org.nn4j.callbacks.LambdaCallback}.
 *
 * <p>Order in fit: the progress bar first, then the user's callbacks in the order given, then
 * History, so History records what earlier callbacks add to the epoch logs (e.g. "lr"). A
 * callback reaches the model through {@code model()}: its weights, its optimizer, and
 * {@code setStopTraining(true)} to end training after the current batch.
 */
package org.nn4j.callbacks;
