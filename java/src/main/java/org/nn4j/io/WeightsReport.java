package org.nn4j.io;

import java.util.Collections;
import java.util.List;

/**
 * What loading weights by name did: the weight paths ("layer/weight") loaded, those of the model
 * that the file lacks (left as they were), and those of the file that the model lacks (ignored).
 * A strict load that returns has both of the latter empty.
 */
public final class WeightsReport {
    private final List<String> loaded;
    private final List<String> missing;
    private final List<String> unexpected;

    WeightsReport(List<String> loaded, List<String> missing, List<String> unexpected) {
        this.loaded = Collections.unmodifiableList(loaded);
        this.missing = Collections.unmodifiableList(missing);
        this.unexpected = Collections.unmodifiableList(unexpected);
    }

    public List<String> loaded() {
        return loaded;
    }

    /** The model's weights that the file does not hold. */
    public List<String> missing() {
        return missing;
    }

    /** The file's tensors that no weight of the model is named after. */
    public List<String> unexpected() {
        return unexpected;
    }

    @Override
    public String toString() {
        return "WeightsReport{loaded " + loaded.size() + ", missing " + missing + ", unexpected " + unexpected + "}";
    }
}
