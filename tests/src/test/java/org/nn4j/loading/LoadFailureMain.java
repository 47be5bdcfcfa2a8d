package org.nn4j.loading;

import org.nn4j.internal.NativeLibrary;

/** Child-process entry for {@link NativeLoadFailureTest}: loads the native core, prints the outcome. */
public final class LoadFailureMain {
    public static void main(String[] args) {
        try {
            NativeLibrary.ensureLoaded();
            System.out.println("LOADED");
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
