package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nn4j.models.Sequential;
import org.nn4j.models.zoo.Zoo;

/** nn4j summary: the table of every built-in model, and usage errors as one line with status 2. */
class SummaryCommandTest {
    @Test
    void lenet5OnTheClassicInput() {
        CliRun r = CliRun.of("summary", "--model", "lenet5", "--input-shape", "1,32,32");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("Model: \"lenet5\""), r.out());
        assertTrue(r.out().contains("Total params: 61,706\n"), r.out());
        assertTrue(r.out().contains("(None, 6, 28, 28)"), "valid c1 on 32x32: " + r.out());
    }

    @Test
    void everyModelPrintsTheSameTableAsTheLibrary() {
        for (String name : Zoo.names()) {
            CliRun r = CliRun.of("summary", "--model", name);
            assertEquals(0, r.status(), r.toString());
            long k = Zoo.isBinary(name) ? 2 : 10;
            try (Sequential m = Zoo.create(name, new long[] {1, 28, 28}, k)) {
                assertEquals(m.summary(), r.out(), name + " on the default (1, 28, 28) input");
            }
        }
        CliRun r = CliRun.of("summary", "--model", "softmax", "--input-shape", "20", "--classes", "3");
        assertTrue(r.out().contains("Total params: 63\n"), "20·3 + 3: " + r.out());
    }

    @Test
    void badArgumentsAreOneLineUsageErrors() {
        CliRun r = CliRun.of("summary", "--model", "resnet");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.errorLine().contains("unknown model 'resnet'") && r.errorLine().contains("lenet5, mlp, logreg, softmax"),
                r.errorLine());
        r = CliRun.of("summary", "--model", "lenet5", "--input-shape", "784");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.errorLine().contains("(C, H, W)"), r.errorLine());
        r = CliRun.of("summary", "--model", "mlp", "--input-shape", "1,x,28");
        assertEquals(2, r.status(), r.toString());
        r = CliRun.of("summary", "--model", "mlp", "--input-shape", "0,28");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.errorLine().contains("--input-shape"), r.errorLine());
        r = CliRun.of("summary", "--model", "logreg", "--classes", "10");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.errorLine().contains("use softmax"), r.errorLine());
        r = CliRun.of("summary");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.errorLine().contains("--model"), r.errorLine());
        r = CliRun.of("summary", "--model", "lenet5", "--input-shape", "1,4,4", "--verbose");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("\tat "), "--verbose adds the stack trace: " + r.err());
    }
}
