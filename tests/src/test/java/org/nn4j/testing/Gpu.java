package org.nn4j.testing;

import org.junit.jupiter.api.Assumptions;
import org.nn4j.Device;
import org.nn4j.Nn4j;

/** GPU tests skip, with the reason printed, where no CUDA device is present. */
public final class Gpu {
    private Gpu() {}

    /** Aborts the calling test (as skipped) without a CUDA device, printing why and what the machine has. */
    public static void assumeCuda(String what) {
        if (Device.cudaAvailable()) return;
        String reason = what + " CUDA test skipped: no CUDA device. " + Nn4j.diagnostics().replace('\n', ' ');
        System.out.println(reason);
        Assumptions.abort(reason);
    }
}
