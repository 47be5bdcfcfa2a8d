package org.nn4j.cli;

import java.util.List;

/**
 * How raw input becomes a model's input, saved next to the model so that evaluate and predict
 * prepare new data exactly as train did. Images: (C, H, W) pixel values 0..255 times
 * {@code scale}. Features (a CSV table): the named columns, standardized with the training
 * split's mean and standard deviation: z = (x - mean) / std, a std of 0 taken as 1.
 *
 * @param kind "image" or "features"
 * @param shape the per-sample input shape
 * @param scale images: the factor applied to 0..255 pixel values
 * @param columns features: the CSV columns, in order
 * @param labelColumn features: the CSV label column
 * @param mean features: per-column mean of the training split (null: not standardized)
 * @param std features: per-column standard deviation of the training split
 */
record InputSpec(String kind, long[] shape, double scale, List<String> columns, String labelColumn, double[] mean,
                 double[] std) {
    static final String IMAGE = "image", FEATURES = "features";

    static InputSpec image(long[] chw, double scale) {
        return new InputSpec(IMAGE, chw.clone(), scale, null, null, null, null);
    }

    static InputSpec features(List<String> columns, String labelColumn, double[] mean, double[] std) {
        return new InputSpec(FEATURES, new long[] {columns.size()}, 1, List.copyOf(columns), labelColumn, mean, std);
    }

    boolean isImage() {
        return IMAGE.equals(kind);
    }
}
