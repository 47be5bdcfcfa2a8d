package org.nn4j.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Shows how many threads each library really computes on: runs 1024^3 GEMMs for about two
 * seconds and counts the OS threads of this process (from /proc/self/task) that did at least a
 * quarter as much CPU work as the busiest one. JIT and GC threads stay far below that. The CPU /
 * wall ratio is printed too, but on a machine shared with other work it is lowered by whatever
 * else runs, while the thread count is not.
 *
 * <p>Usage: {@code OMP_NUM_THREADS=N java -cp bench/target/benchmarks.jar org.nn4j.bench.ThreadCheck N}
 */
public final class ThreadCheck {
    private static final String SHAPE = "1024x1024x1024";

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;

        GemmBench.Nn4jGemm nn4j = new GemmBench.Nn4jGemm();
        nn4j.shape = SHAPE;
        nn4j.threads = threads;
        nn4j.setup();
        measure("nn4j_gemm ", threads, nn4j::run, nn4j.gs);
        nn4j.tearDown();

        GemmBench.DnnlGemm dnnl = new GemmBench.DnnlGemm();
        dnnl.shape = SHAPE;
        dnnl.threads = threads;
        dnnl.setup();
        measure("dnnl_sgemm", threads, dnnl::run, dnnl.gs);
        dnnl.tearDown();
    }

    private static void measure(String name, int threads, Runnable gemm, GemmShape shape) {
        for (int i = 0; i < 3; i++) gemm.run();  // warm caches, thread pools and the JIT
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, Long> ticks0 = threadTicks();
        long cpu0 = os.getProcessCpuTime(), t0 = System.nanoTime();
        int calls = 0;
        while (System.nanoTime() - t0 < 2_000_000_000L) {
            gemm.run();
            calls++;
        }
        long wall = System.nanoTime() - t0, cpu = os.getProcessCpuTime() - cpu0;
        Map<String, Long> ticks1 = threadTicks();
        long max = 0;
        Map<String, Long> used = new HashMap<>();
        for (Map.Entry<String, Long> e : ticks1.entrySet()) {
            long d = e.getValue() - ticks0.getOrDefault(e.getKey(), 0L);
            used.put(e.getKey(), d);
            max = Math.max(max, d);
        }
        final long busiest = max;
        long working = used.values().stream().filter(d -> d > 0 && d * 4 >= busiest).count();
        // GFLOP per CPU-second: what the kernel does with the core time it actually got, which
        // other load on a shared machine changes much less than GFLOP/s (spinning counts as CPU)
        System.out.printf("%s threads=%d: %d calls of %s in %.2f s: %.1f GFLOP/s, %d OS thread(s) computing,"
                        + " CPU/wall %.2f, %.1f GFLOP per CPU-second%n",
                name, threads, calls, SHAPE, wall * 1e-9, calls * shape.flops() / wall, working,
                (double) cpu / wall, calls * shape.flops() / cpu);
        if (working != threads) {
            System.out.printf("  WARNING: expected %d computing thread(s)%n", threads);
        }
    }

    /** utime + stime (clock ticks) of every thread of this process, by thread id. */
    private static Map<String, Long> threadTicks() {
        Map<String, Long> out = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    // fields after the parenthesised name: state is field 3, utime 14, stime 15
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.put(t.getFileName().toString(), Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/task (Linux only)", e);
        }
        return out;
    }
}
