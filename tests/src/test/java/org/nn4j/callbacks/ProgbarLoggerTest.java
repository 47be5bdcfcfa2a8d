package org.nn4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.models.Sequential;

/** The progress output in plain (non-terminal) mode, and Keras' number format (API5). */
class ProgbarLoggerTest {
    @Test
    void formats() {
        assertEquals("0.6931", LogFormat.value(0.69314718));
        assertEquals("1.0000e-04", LogFormat.value(1e-4));
        assertEquals("nan", LogFormat.value(Double.NaN));
        assertEquals("inf", LogFormat.value(Double.POSITIVE_INFINITY));
        assertEquals("[==============================]", ProgbarLogger.bar(4, 4));
        assertEquals("[=========>....................]", ProgbarLogger.bar(1, 3));
        assertEquals("[..............................]", ProgbarLogger.bar(0, 3));
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", 0.69314718);
        logs.put("accuracy", 0.5);
        logs.put("grad_norm/dense", 3.0);
        logs.put("val_loss", Double.NaN);
        assertEquals(" 4/12 [=========>....................] - 2s 500ms/step - loss: 0.6931 - accuracy: 0.5000 - val_loss: nan",
                ProgbarLogger.epochLine(4, 12, 2.0, logs, true));
        assertEquals("12/12 - 0s - loss: 0.6931 - accuracy: 0.5000 - val_loss: nan",
                ProgbarLogger.epochLine(12, 12, 0.25, logs, false));
    }

    @Test
    void plainModePrintsOneLinePerEpoch() {
        try (Scope s = Scope.open(); Sequential m = Scripted.newModel()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(buf, true);
            Tensor x = Scripted.x();
            m.fit(x, Scripted.y(x), Scripted.options(2, new ProgbarLogger(out, ProgbarLogger.Mode.PLAIN))
                    .batchSize(5).validationSplit(0.25).build());
            String[] lines = buf.toString().split("\\R");
            assertEquals(4, lines.length, buf.toString());
            assertEquals("Epoch 1/2", lines[0]);
            assertEquals("Epoch 2/2", lines[2]);
            String line = "3/3 \\[={30}\\] - \\d+s \\d+(s|ms|us)/step - loss: \\d+\\.\\d{4} - val_loss: \\d+\\.\\d{4}";
            assertTrue(lines[1].matches(line), lines[1]);
            assertTrue(lines[3].matches(line), lines[3]);

            // fit's own bar for verbose 2, to FitOptions.out
            buf.reset();
            m.fit(x, Scripted.y(x), Scripted.options(1).verbose(2).out(out).batchSize(16).build());
            lines = buf.toString().split("\\R");
            assertEquals("Epoch 1/1", lines[0]);
            assertTrue(lines[1].matches("1/1 - \\d+s - loss: \\d+\\.\\d{4}"), lines[1]);
        }
    }

    @Test
    void autoIsPlainWithoutAConsole() {
        ProgbarLogger p = new ProgbarLogger(System.out, ProgbarLogger.Mode.AUTO);
        assertEquals(System.console() == null ? ProgbarLogger.Mode.PLAIN : ProgbarLogger.Mode.INTERACTIVE, p.activeMode());
    }

    /** The terminal bar (me.tongfei progressbar) runs through an epoch without error and ends with a newline. */
    @Test
    void interactiveModeDraws() {
        try (Scope s = Scope.open(); Sequential m = Scripted.newModel()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            Tensor x = Scripted.x();
            m.fit(x, Scripted.y(x), Scripted.options(1, new ProgbarLogger(new PrintStream(buf, true), ProgbarLogger.Mode.INTERACTIVE))
                    .batchSize(4).build());
            String out = buf.toString();
            assertTrue(out.contains("Epoch 1/1") && out.contains("4/4") && out.contains("loss: "), out);
        }
    }
}
