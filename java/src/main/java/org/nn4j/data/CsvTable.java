package org.nn4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.Tensor;

/**
 * The numeric contents of a CSV file read by {@link Csv}: feature columns, an optional label
 * column, and which rows were dropped for missing values. Tensors are created on request.
 */
public final class CsvTable {
    private final List<String> featureNames;
    private final String labelName;
    private final float[] features;   // row-major (rows, featureNames.size())
    private final long[] classLabels; // int64 labels, or null
    private final float[] numericLabels;
    private final LabelEncoder encoder;
    private final List<Integer> droppedLines;
    private final int rows;

    private CsvTable(List<String> featureNames, String labelName, float[] features, long[] classLabels,
                     float[] numericLabels, LabelEncoder encoder, List<Integer> droppedLines, int rows) {
        this.featureNames = List.copyOf(featureNames);
        this.labelName = labelName;
        this.features = features;
        this.classLabels = classLabels;
        this.numericLabels = numericLabels;
        this.encoder = encoder;
        this.droppedLines = List.copyOf(droppedLines);
        this.rows = rows;
    }

    static CsvTable build(Path file, List<String> names, List<CsvParser.Record> data, Csv.Options o) {
        int label = o.labelColumn(names, file);
        List<Integer> cols = new ArrayList<>();
        if (o.columns != null) {
            for (String c : o.columns) {
                int i = names.indexOf(c);
                if (i < 0) throw new DataFileException(file, "has no column '" + c + "' (columns: " + names + ")");
                if (i == label) throw new IllegalArgumentException("Csv: column '" + c + "' is the label; it cannot "
                        + "also be a feature");
                cols.add(i);
            }
        } else {
            for (int i = 0; i < names.size(); i++) if (i != label) cols.add(i);
        }
        List<Integer> used = new ArrayList<>(cols);
        if (label >= 0) used.add(label);

        // missing values: where they are, then drop or report
        List<String> where = new ArrayList<>();
        Map<String, Integer> perColumn = new LinkedHashMap<>();
        List<CsvParser.Record> kept = new ArrayList<>();
        List<Integer> dropped = new ArrayList<>();
        for (CsvParser.Record r : data) {
            boolean missing = false;
            for (int c : used) {
                if (o.missingTokens.contains(r.fields.get(c).trim())) {
                    missing = true;
                    where.add("line " + r.line + " column '" + names.get(c) + "'");
                    perColumn.merge(names.get(c), 1, Integer::sum);
                }
            }
            if (missing) dropped.add(r.line);
            else kept.add(r);
        }
        if (!where.isEmpty() && o.missing == Csv.Missing.ERROR) {
            throw new DataFileException(file, where.size() + " missing value" + (where.size() == 1 ? "" : "s")
                    + " (per column " + perColumn + "): " + String.join(", ", where.subList(0, Math.min(10,
                    where.size()))) + (where.size() > 10 ? ", ..." : "") + "; fill them in, or read with "
                    + "missing(Csv.Missing.DROP_ROWS) to drop those rows");
        }
        if (kept.isEmpty()) throw new DataFileException(file, "no rows are left after dropping " + dropped.size()
                + " rows with missing values");

        int n = kept.size(), f = cols.size();
        float[] x = new float[n * f];
        for (int r = 0; r < n; r++) {
            CsvParser.Record rec = kept.get(r);
            for (int j = 0; j < f; j++) x[r * f + j] = (float) number(file, rec, cols.get(j), names);
        }
        List<String> featureNames = new ArrayList<>();
        for (int c : cols) featureNames.add(names.get(c));
        if (label < 0) return new CsvTable(featureNames, null, x, null, null, null, dropped, n);

        List<String> texts = new ArrayList<>(n);
        for (CsvParser.Record rec : kept) texts.add(rec.fields.get(label).trim());
        Csv.LabelType type = o.labelType;
        if (type == Csv.LabelType.AUTO) {
            type = texts.stream().allMatch(CsvTable::isInteger) ? null
                    : texts.stream().allMatch(CsvTable::isNumber) ? Csv.LabelType.NUMERIC : Csv.LabelType.CATEGORICAL;
        }
        String labelName = names.get(label);
        if (type == null) {
            long[] y = new long[n];
            for (int r = 0; r < n; r++) y[r] = Long.parseLong(texts.get(r));
            return new CsvTable(featureNames, labelName, x, y, null, null, dropped, n);
        }
        if (type == Csv.LabelType.NUMERIC) {
            float[] y = new float[n];
            for (int r = 0; r < n; r++) y[r] = (float) number(file, kept.get(r), label, names);
            return new CsvTable(featureNames, labelName, x, null, y, null, dropped, n);
        }
        LabelEncoder enc = LabelEncoder.fit(texts);
        long[] y = new long[n];
        for (int r = 0; r < n; r++) y[r] = enc.encode(texts.get(r));
        return new CsvTable(featureNames, labelName, x, y, null, enc, dropped, n);
    }

    private static double number(Path file, CsvParser.Record rec, int c, List<String> names) {
        String s = rec.fields.get(c).trim();
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new DataFileException(file, "line " + rec.line + " column '" + names.get(c) + "': \"" + s
                    + "\" is not a number; feature columns must be numeric (leave text columns out with "
                    + "Csv.options().columns(...), or encode them first)");
        }
    }

    private static boolean isInteger(String s) {
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The feature columns, in the order of x's columns. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** The label column's name, or null. */
    public String labelName() {
        return labelName;
    }

    public int rows() {
        return rows;
    }

    /** The lines (1-based, in the file) of the rows dropped for missing values. */
    public List<Integer> droppedLines() {
        return droppedLines;
    }

    /** The encoder of text labels, or null when labels were numbers (or absent). */
    public LabelEncoder labelEncoder() {
        return encoder;
    }

    /** A new float32 (rows, features) tensor. */
    public Tensor features() {
        return Tensor.of(features, rows, featureNames.size());
    }

    /** A new tensor of the labels: int64 (rows) class indices or float32 (rows) numbers; null without labels. */
    public Tensor labels() {
        if (classLabels != null) return Tensor.of(classLabels, rows);
        if (numericLabels != null) return Tensor.of(numericLabels, rows);
        return null;
    }

    /** A dataset of (features, labels), owning its tensors. */
    public TensorDataset toDataset() {
        Tensor x = features();
        Tensor y;
        try {
            y = labels();
        } catch (RuntimeException e) {
            x.close();
            throw e;
        }
        return new TensorDataset(x, y, false);
    }

    @Override
    public String toString() {
        return "CsvTable(" + rows + " rows, features " + featureNames + (labelName == null ? "" : ", label '"
                + labelName + "'") + (droppedLines.isEmpty() ? "" : ", " + droppedLines.size() + " rows dropped") + ")";
    }
}
