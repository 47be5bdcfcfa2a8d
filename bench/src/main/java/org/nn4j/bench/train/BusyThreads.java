package org.nn4j.bench.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Counts the OS threads of this process that computed during an interval: those whose CPU time
 * (from /proc/self/task, in clock ticks) grew by at least a quarter of the busiest thread's,
 * leaving out the JVM's own threads (JIT compilers, GC, VM thread), which can still be busy
 * after a short warm-up (DL4J's JIT compiled for over 20 s on the loaded development machine).
 * The count shows whether a peer really trained on the 1 or 2 threads asked for (the rule of
 * bench's ThreadCheck). Linux only; -1 elsewhere.
 */
public final class BusyThreads {
    private BusyThreads() {}

    /** utime + stime of every thread of this process, by thread id; empty without /proc. */
    public static Map<String, Long> snapshot() {
        Map<String, Long> out = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    if (jvmInternal(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')))) continue;
                    // fields after the parenthesised name: utime and stime are the 12th and 13th
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.put(t.getFileName().toString(), Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }

    /** The JVM's compiler, GC and VM threads, by their (15-character) Linux names. */
    static boolean jvmInternal(String name) {
        return name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") || name.startsWith("GC Thread")
                || name.startsWith("G1 ") || name.startsWith("VM ") || name.equals("Sweeper thread");
    }

    /** Threads busy between the two snapshots, or -1 when /proc could not be read. */
    public static int count(Map<String, Long> before, Map<String, Long> after) {
        if (before.isEmpty() || after.isEmpty()) return -1;
        Map<String, Long> used = new HashMap<>();
        long max = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            used.put(e.getKey(), d);
            max = Math.max(max, d);
        }
        final long busiest = max;
        return (int) used.values().stream().filter(d -> d > 0 && d * 4 >= busiest).count();
    }
}
