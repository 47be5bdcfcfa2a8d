package org.nn4j.data;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a numeric CSV table (DU1): features as float32 (N, F), an optional label column, and
 * missing values reported by line and column (or their rows dropped, on request).
 *
 * <pre>{@code
 * CsvTable t = Csv.read(path, Csv.options().labelColumn("species"));
 * try (TensorDataset ds = t.toDataset()) { ... }   // x (N, 4) float32, y (N) int64
 * }</pre>
 */
public final class Csv {
    /** What to do with rows that have missing values. */
    public enum Missing {
        /** Throw, listing where the missing values are (the default). */
        ERROR,
        /** Drop those rows; {@link CsvTable#droppedRows()} lists them. */
        DROP_ROWS
    }

    /** How the label column is read. */
    public enum LabelType {
        /** Integers as int64 class indices, other numbers as float32 targets, text through a LabelEncoder. */
        AUTO,
        /** Always class names through a {@link LabelEncoder} (int64 indices 0..K-1). */
        CATEGORICAL,
        /** Always float32 numbers (regression targets). */
        NUMERIC
    }

    private Csv() {}

    public static Options options() {
        return new Options();
    }

    /** Reads file with a header row, ',' delimiter, no label column. */
    public static CsvTable read(Path file) {
        return read(file, options());
    }

    public static CsvTable read(Path file, Options o) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "no such file");
        } catch (CharacterCodingException e) {
            throw new DataFileException(file, "is not UTF-8 text (" + e + ")", e);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be read: " + e, e);
        }
        List<CsvParser.Record> records = CsvParser.parse(text, o.delimiter, file);
        if (records.isEmpty()) throw new DataFileException(file, "is empty");
        List<String> names;
        int first;
        if (o.header) {
            names = records.get(0).fields;
            first = 1;
            Set<String> seen = new LinkedHashSet<>();
            for (String n : names) {
                if (!seen.add(n.trim())) throw new DataFileException(file, "line " + records.get(0).line
                        + ": the header names column '" + n.trim() + "' twice");
            }
        } else {
            names = new ArrayList<>();
            for (int c = 0; c < records.get(0).fields.size(); c++) names.add("column " + c);
            first = 0;
        }
        List<String> trimmed = new ArrayList<>();
        for (String n : names) trimmed.add(n.trim());
        int width = trimmed.size();
        for (int r = first; r < records.size(); r++) {
            CsvParser.Record rec = records.get(r);
            if (rec.fields.size() != width) {
                throw new DataFileException(file, "ragged rows: line " + rec.line + " has " + rec.fields.size()
                        + " fields, but " + (o.header ? "the header has " : "line " + records.get(0).line + " has ")
                        + width);
            }
        }
        if (records.size() == first) throw new DataFileException(file, "has a header but no data rows");
        return CsvTable.build(file, trimmed, records.subList(first, records.size()), o);
    }

    /** Options of {@link #read(Path, Options)}; setters return this. */
    public static final class Options {
        boolean header = true;
        char delimiter = ',';
        String labelName;
        Integer labelIndex;
        List<String> columns;
        Missing missing = Missing.ERROR;
        LabelType labelType = LabelType.AUTO;
        Set<String> missingTokens = Set.of("", "NA", "N/A", "NaN", "nan", "null", "NULL", "?");

        Options() {}

        /** Whether the first row names the columns (default true). */
        public Options header(boolean h) {
            this.header = h;
            return this;
        }

        public Options delimiter(char d) {
            if (d == '"' || d == '\n' || d == '\r') throw new IllegalArgumentException("Csv: delimiter '" + d + "' is not allowed");
            this.delimiter = d;
            return this;
        }

        /** The label column, by header name. */
        public Options labelColumn(String name) {
            this.labelName = name;
            this.labelIndex = null;
            return this;
        }

        /** The label column, by 0-based index (negative counts from the end: -1 is the last). */
        public Options labelColumn(int index) {
            this.labelIndex = index;
            this.labelName = null;
            return this;
        }

        /** The feature columns to keep, by name, in this order (default: all but the label). */
        public Options columns(String... names) {
            this.columns = List.of(names);
            return this;
        }

        public Options missing(Missing m) {
            this.missing = m;
            return this;
        }

        public Options labelType(LabelType t) {
            this.labelType = t;
            return this;
        }

        /** The cell texts that mean "missing" (default "", NA, N/A, NaN, nan, null, NULL, ?). */
        public Options missingTokens(Set<String> tokens) {
            this.missingTokens = Set.copyOf(tokens);
            return this;
        }

        /** The resolved label column, -1 for none. */
        int labelColumn(List<String> names, Path file) {
            if (labelName != null) {
                int i = names.indexOf(labelName);
                if (i < 0) throw new DataFileException(file, "has no column '" + labelName + "' (columns: " + names + ")");
                return i;
            }
            if (labelIndex == null) return -1;
            int i = labelIndex < 0 ? names.size() + labelIndex : labelIndex;
            if (i < 0 || i >= names.size()) {
                throw new DataFileException(file, "label column index " + labelIndex + " is out of range for "
                        + names.size() + " columns");
            }
            return i;
        }
    }
}
