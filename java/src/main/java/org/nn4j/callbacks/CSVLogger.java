package org.nn4j.callbacks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Writes one CSV row per epoch: "epoch" (0-based) then the epoch-end log keys in sorted order,
 * values in full precision ("nan", "inf" for non-finite ones; "NA" for a key missing that
 * epoch). The header is written with the first row; with append, a file that already has
 * content gets no second header. Each row is flushed, so the file can be read during training.
 */
public final class CSVLogger extends Callback {
    private final Path file;
    private final String separator;
    private final boolean append;
    private BufferedWriter writer;
    private List<String> keys;

    public CSVLogger(Path file) {
        this(file, ",", false);
    }

    public CSVLogger(Path file, String separator, boolean append) {
        if (file == null) throw new IllegalArgumentException("CSVLogger: file is null");
        if (separator == null || separator.isEmpty()) throw new IllegalArgumentException("CSVLogger: separator is empty");
        this.file = file;
        this.separator = separator;
        this.append = append;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        keys = null;
        try {
            boolean hasContent = append && Files.exists(file) && Files.size(file) > 0;
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            if (hasContent) keys = readHeader();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot open " + file, e);
        }
    }

    private List<String> readHeader() throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            String first = lines.findFirst().orElse("");
            List<String> k = new ArrayList<>(List.of(first.split(java.util.regex.Pattern.quote(separator))));
            if (!k.isEmpty() && k.get(0).equals("epoch")) k.remove(0);
            return k;
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (writer == null) throw new IllegalStateException("CSVLogger: onTrainBegin was not called");
        try {
            if (keys == null) {
                keys = new ArrayList<>(logs.keySet());
                Collections.sort(keys);
                writer.write("epoch" + (keys.isEmpty() ? "" : separator + String.join(separator, keys)));
                writer.newLine();
            }
            StringBuilder row = new StringBuilder().append(epoch);
            for (String k : keys) row.append(separator).append(format(logs.get(k)));
            writer.write(row.toString());
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot write " + file, e);
        }
    }

    private static String format(Double v) {
        if (v == null) return "NA";
        if (v.isNaN()) return "nan";
        if (v.isInfinite()) return v > 0 ? "inf" : "-inf";
        return Double.toString(v);
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (writer == null) return;
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot close " + file, e);
        } finally {
            writer = null;
        }
    }
}
