/**
 * Data loading and input pipelines (CURRICULUM §21, DU1-DU3; splits U4).
 *
 * <ul>
 *   <li><b>Readers</b>: {@link org.nn4j.data.Idx} (MNIST's IDX, gzipped or not),
 *       {@link org.nn4j.data.Csv} (numeric tables with a label column; missing values reported by
 *       line and column), {@link org.nn4j.data.ImageFolder} / {@link org.nn4j.data.Images} (PNG,
 *       JPEG, BMP, GIF as (C, H, W)), {@link org.nn4j.data.Npy} (NumPy .npy, read and write).
 *       Unreadable files raise {@link org.nn4j.data.DataFileException} naming the file and the
 *       problem.</li>
 *   <li><b>Datasets</b>: the embedded {@link org.nn4j.data.Mnist}
 *       (in the "mnist" classifier jar) and {@link org.nn4j.data.FashionMnist} (Debian package
 *       dataset-fashion-mnist).</li>
 *   <li><b>Pipelines</b>: {@link org.nn4j.data.Dataset} (map, shuffle, batch, repeat, take,
 *       prefetch) over in-memory {@link org.nn4j.data.TensorDataset}s, other
 *       {@link org.nn4j.data.IndexedDataset}s, or streams ({@link
 *       org.nn4j.data.Dataset#fromGenerator}); elements are {@link org.nn4j.data.Batch}es.</li>
 *   <li><b>Transforms</b>: {@link org.nn4j.data.StandardScaler}, {@link
 *       org.nn4j.data.MinMaxScaler} (fitted on the training split only), {@link
 *       org.nn4j.data.OneHot}, {@link org.nn4j.data.LabelEncoder}, {@link
 *       org.nn4j.data.Sequences}; {@link org.nn4j.data.Augmentation} for training batches;
 *       {@link org.nn4j.data.Splits} for train/dev/test.</li>
 * </ul>
 *
 * Everything seeded is reproducible on any JVM: shuffles, splits and augmentations draw from a
 * fully specified SplitMix64 stream.
 */
package org.nn4j.data;
