package org.nn4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import org.nn4j.models.fixtures.TestDense;
import org.nn4j.models.fixtures.TestScaleWithStats;

/** summary() (API8, K15): the table, non-trainable variables, frozen layers. */
class SummaryTest {
    @Test
    void sequentialTable() {
        Sequential m = new Sequential("sum_seq").inputShape(6, 8).add(new TestDense(4, "relu", "sum_d1"));
        assertThrows(IllegalArgumentException.class, () -> m.add(new TestScaleWithStats("sum_stats")),
                "the stats layer takes vectors: shapes are checked at add");

        Sequential ok = new Sequential("sum_seq2").inputShape(8)
                .add(new TestDense(4, "relu", "sum_a")).add(new TestScaleWithStats("sum_b")).add(new TestDense(1, null, "sum_c"));
        String s = ok.summary();
        String[] lines = s.split("\n");
        assertEquals("Model: \"sum_seq2\"", lines[0]);
        assertTrue(lines[2].startsWith(" Layer (type)") && lines[2].contains("Output Shape") && lines[2].contains("Param #"), s);
        assertTrue(!s.contains("Connected to"), "Sequential shows no connections");
        assertTrue(row(s, "sum_a (TestDense)").matches(" sum_a \\(TestDense\\)\\s+\\(None, 4\\)\\s+36"), row(s, "sum_a (TestDense)"));
        assertTrue(row(s, "sum_b (TestScaleWithStats)").matches(".*\\(None, 4\\)\\s+8"), s);
        assertTrue(row(s, "sum_c (TestDense)").matches(".*\\(None, 1\\)\\s+5"), s);
        // gamma (4) is trainable, moving_mean (4) is not
        assertTrue(s.contains("Total params: 49\nTrainable params: 45\nNon-trainable params: 4\n"), s);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ok.printSummary(new PrintStream(buf, true));
        assertEquals(s, buf.toString());
        ok.getLayer("sum_a").setTrainable(false);
        assertTrue(ok.summary().contains("Total params: 49\nTrainable params: 9\nNon-trainable params: 40\n"), ok.summary());
        ok.close();
    }

    private static String row(String summary, String start) {
        for (String l : summary.split("\n")) if (l.startsWith(" " + start)) return l;
        throw new AssertionError("no row " + start + " in\n" + summary);
    }

    @Test
    void summaryOfAnUnbuiltModelWithoutInputShapeExplains() {
        Sequential m = new Sequential().add(new TestDense(3));
        var e = assertThrows(IllegalStateException.class, m::summary);
        assertTrue(e.getMessage().contains("inputShape"), e.getMessage());
    }
}
