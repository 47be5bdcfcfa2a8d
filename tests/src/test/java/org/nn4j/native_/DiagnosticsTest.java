package org.nn4j.native_;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Nn4j;
import org.nn4j.Tensor;

/**
 * Nn4j.diagnostics() explains the native state; the reason it gives for "no CUDA" must be its
 * own, not the thread's last error from some unrelated call (nn4j_last_error is sticky).
 */
class DiagnosticsTest {
    @Test
    void diagnosticsDoNotQuoteUnrelatedErrors() {
        try (Tensor x = Tensor.ones(2, 3); Tensor idx = Tensor.full(7777, DType.INT64, 2, 1)) {
            assertThrows(IllegalArgumentException.class, () -> x.gather(1, idx));
        }
        String d = Nn4j.diagnostics();
        assertFalse(d.contains("7777"), "diagnostics quote the gather error as their reason: " + d);
        assertFalse(d.contains("out of range"), d);
        assertTrue(d.contains(Nn4j.isa()), d);
        assertTrue(d.toLowerCase().contains("cuda"), d);
    }
}
