package org.nn4j.testing;

import org.nn4j.Nn4j;

/** Live native bytes for leak checks, measured once the Cleaner has freed what earlier tests dropped. */
public final class LiveBytes {
    private LiveBytes() {}

    /** Nn4j.liveBytes() after it has been stable over three GC rounds (so it cannot drop mid-measurement). */
    public static long settle() {
        long last = Long.MIN_VALUE;
        for (int stable = 0, i = 0; stable < 3 && i < 100; i++) {
            System.gc();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long now = Nn4j.liveBytes();
            stable = now == last ? stable + 1 : 0;
            last = now;
        }
        return last;
    }

    /**
     * Asserts that live bytes, once settled, have not grown past base. A drop is allowed: the
     * Cleaner may free tensors earlier tests dropped without closing at any time.
     */
    public static void assertNoGrowth(long base, String what) {
        long now = settle();
        if (now > base) {
            throw new org.opentest4j.AssertionFailedError(what + ": live native bytes grew from " + base + " to " + now,
                    base, now);
        }
    }
}
