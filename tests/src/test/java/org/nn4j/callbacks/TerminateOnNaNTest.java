package org.nn4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.models.Sequential;

/** TerminateOnNaN stops at the first batch whose running loss is NaN. */
class TerminateOnNaNTest {
    @Test
    void stopsAtTheNaNBatch() {
        try (Scope s = Scope.open(); Sequential m = Scripted.newModel()) {
            float[] data = new float[16 * 3];
            for (int i = 0; i < data.length; i++) data[i] = (i % 7) / 7f;
            data[3 * 9] = Float.NaN;  // sample 9: in batch 2 of 4 (batch size 4, no shuffle)
            Tensor x = Tensor.of(data, 16, 3);
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            TerminateOnNaN t = new TerminateOnNaN(new PrintStream(buf, true));
            List<Integer> batches = new ArrayList<>();
            LambdaCallback seen = new LambdaCallback().onTrainBatchEnd((b, l) -> batches.add(b));
            History h = m.fit(x, Tensor.zeros(16, 1), Scripted.options(5, t, seen).batchSize(4).shuffle(false).build());
            assertEquals(2, t.stoppedBatch());
            assertEquals(List.of(0, 1, 2), batches);
            assertEquals(1, h.epochs().size());
            assertTrue(Double.isNaN(h.last("loss")));
            assertTrue(buf.toString().contains("Batch 2: Invalid loss, terminating training"), buf.toString());
        }
    }
}
