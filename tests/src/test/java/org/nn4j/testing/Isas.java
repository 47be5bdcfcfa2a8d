package org.nn4j.testing;

import java.util.ArrayList;
import java.util.List;
import org.nn4j.Nn4j;

/** The CPU kernels pick their instruction set at run time; tests run them under each one. */
public final class Isas {
    private Isas() {}

    public static final List<String> ALL = List.of("generic", "avx2", "avx512");

    /** The ISAs this CPU can run (setIsa refuses the others), in ALL's order. */
    public static List<String> supported() {
        String saved = Nn4j.isa();
        List<String> out = new ArrayList<>();
        try {
            for (String isa : ALL) {
                try {
                    Nn4j.setIsa(isa);
                    out.add(isa);
                } catch (IllegalArgumentException e) {
                    // not available on this CPU
                }
            }
        } finally {
            Nn4j.setIsa(saved);
        }
        return out;
    }

    /** Runs {@code r} with the kernels forced to {@code isa}, restoring the previous one after. */
    public static void with(String isa, Runnable r) {
        String saved = Nn4j.isa();
        Nn4j.setIsa(isa);
        try {
            r.run();
        } finally {
            Nn4j.setIsa(saved);
        }
    }
}
