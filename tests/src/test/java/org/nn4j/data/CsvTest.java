package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.DType;
import org.nn4j.Shape;
import org.nn4j.Tensor;

/** CSV tables (DU1): header, label column, label encoding, missing values, ragged and bad rows. */
class CsvTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void featuresAndTextLabelsRoundTrip() throws Exception {
        // written from known values, read back: a round trip through the text format
        float[][] rows = {{5.1f, 3.5f}, {-4.9f, 3e-3f}, {6.25f, 0}};
        String[] species = {"setosa", "virginica", "setosa"};
        StringBuilder text = new StringBuilder("sepal length,species,\"sepal, width\"\r\n");
        for (int i = 0; i < rows.length; i++) text.append(rows[i][0]).append(',').append(species[i]).append(",\"")
                .append(rows[i][1]).append("\"\r\n");
        Path f = file("iris.csv", text + "\n");
        CsvTable t = Csv.read(f, Csv.options().labelColumn("species"));
        assertEquals(List.of("sepal length", "sepal, width"), t.featureNames());
        assertEquals("species", t.labelName());
        assertEquals(List.of("setosa", "virginica"), t.labelEncoder().classes());
        try (TensorDataset ds = t.toDataset()) {
            assertEquals(Shape.of(3, 2), ds.x().shape());
            assertArrayEquals(new float[] {5.1f, 3.5f, -4.9f, 3e-3f, 6.25f, 0}, ds.x().toFloatArray());
            assertEquals(DType.INT64, ds.y().dtype());
            assertArrayEquals(new long[] {0, 1, 0}, ds.y().toLongArray());
            assertEquals(List.of("setosa", "virginica", "setosa"), t.labelEncoder().decode(ds.y()));
        }
        CsvTable byIndex = Csv.read(f, Csv.options().labelColumn(1));
        assertEquals(t.featureNames(), byIndex.featureNames());
        assertEquals("sepal, width", Csv.read(f, Csv.options().labelColumn(-1).columns("sepal length"))
                .labelName(), "negative index counts from the end");
    }

    @Test
    void labelTypes() throws Exception {
        Path f = file("t.csv", "a,cls,target\n1,2,0.5\n2,0,1.5\n3,10,2\n");
        try (Tensor y = Csv.read(f, Csv.options().labelColumn("cls")).labels()) {
            assertEquals(DType.INT64, y.dtype());
            assertArrayEquals(new long[] {2, 0, 10}, y.toLongArray(), "integers are class indices as they are");
        }
        try (Tensor y = Csv.read(f, Csv.options().labelColumn("target")).labels()) {
            assertEquals(DType.FLOAT32, y.dtype());
            assertArrayEquals(new float[] {0.5f, 1.5f, 2}, y.toFloatArray());
        }
        CsvTable cat = Csv.read(f, Csv.options().labelColumn("cls").labelType(Csv.LabelType.CATEGORICAL));
        assertEquals(List.of("0", "2", "10"), cat.labelEncoder().classes(), "numbers sort numerically");
        try (Tensor y = cat.labels()) {
            assertArrayEquals(new long[] {1, 0, 2}, y.toLongArray());
        }
        CsvTable some = Csv.read(f, Csv.options().columns("target", "a"));
        assertEquals(List.of("target", "a"), some.featureNames());
        assertNull(some.labels());
        try (Tensor x = some.features()) {
            assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2, 2, 3}, x.toFloatArray());
        }
        CsvTable noHeader = Csv.read(file("n.csv", "1;2\n3;4\n"), Csv.options().header(false).delimiter(';'));
        assertEquals(2, noHeader.rows());
    }

    @Test
    void missingValuesAreReportedByLineAndColumn() throws Exception {
        Path f = file("m.csv", "x,y,label\n1,2,a\n3,,b\n4,NA,a\n,6,?\n7,8,b\n");
        DataFileException e = assertThrows(DataFileException.class, () -> Csv.read(f, Csv.options().labelColumn("label")));
        String m = e.getMessage();
        assertTrue(m.startsWith(f.toString()), m);
        assertTrue(m.contains("4 missing values"), m);
        assertTrue(m.contains("line 3 column 'y'") && m.contains("line 4 column 'y'") && m.contains("line 5 column 'x'")
                && m.contains("line 5 column 'label'"), m);
        assertTrue(m.contains("{y=2, x=1, label=1}"), m);
        assertTrue(m.contains("DROP_ROWS"), "names the way out: " + m);
        CsvTable t = Csv.read(f, Csv.options().labelColumn("label").missing(Csv.Missing.DROP_ROWS));
        assertEquals(List.of(3, 4, 5), t.droppedLines());
        try (Tensor x = t.features()) {
            assertArrayEquals(new float[] {1, 2, 7, 8}, x.toFloatArray());
        }
    }

    @Test
    void badFilesAreRefused() throws Exception {
        expect(file("ragged.csv", "a,b,c\n1,2,3\n4,5\n"), "ragged rows: line 3 has 2 fields, but the header has 3",
                Csv.options());
        expect(file("text.csv", "a,b\n1,2\n3,cat\n"), "line 3 column 'b': \"cat\" is not a number", Csv.options());
        expect(file("quote.csv", "a,b\n1,\"2\n"), "line 2: a quoted field is not closed", Csv.options());
        expect(file("label.csv", "a,b\n1,2\n"), "has no column 'c'", Csv.options().labelColumn("c"));
        expect(file("empty.csv", ""), "is empty", Csv.options());
        expect(file("header.csv", "a,b\n"), "no data rows", Csv.options());
        expect(dir.resolve("absent.csv"), "no such file", Csv.options());
    }

    private static void expect(Path f, String problem, Csv.Options o) {
        DataFileException e = assertThrows(DataFileException.class, () -> Csv.read(f, o));
        assertTrue(e.getMessage().contains(problem), "expected '" + problem + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }
}
