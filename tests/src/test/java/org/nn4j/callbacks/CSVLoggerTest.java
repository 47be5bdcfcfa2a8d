package org.nn4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.models.Sequential;

/** CSVLogger writes a header of sorted keys and one full-precision row per epoch, equal to History. */
class CSVLoggerTest {
    @Test
    void rowsEqualHistory(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("log.csv");
        try (Scope s = Scope.open(); Sequential m = Scripted.newModel()) {
            Tensor x = Scripted.x(), y = Scripted.y(x);
            History h = m.fit(x, y, Scripted.options(3, new CSVLogger(file)).validationSplit(0.25).build());
            List<String> lines = Files.readAllLines(file);
            assertEquals(4, lines.size());
            assertEquals("epoch,loss,val_loss", lines.get(0));
            for (int e = 0; e < 3; e++) {
                String[] f = lines.get(e + 1).split(",");
                assertEquals(String.valueOf(e), f[0]);
                assertEquals(h.get("loss").get(e), Double.parseDouble(f[1]), 0.0);
                assertEquals(h.get("val_loss").get(e), Double.parseDouble(f[2]), 0.0);
            }
            // append adds rows under the existing header; nan is written as "nan"
            Scripted nan = new Scripted("val_loss", Double.NaN);
            m.fit(x, y, Scripted.options(1, nan, new CSVLogger(file, ",", true)).validationSplit(0.25).build());
            lines = Files.readAllLines(file);
            assertEquals(5, lines.size());
            assertEquals("epoch,loss,val_loss", lines.get(0));
            assertEquals("nan", lines.get(4).split(",")[2]);
            nan.close();
        }
    }
}
